"""Test target for unsafe-deserialization and its -yaml-load and -tainted variants."""

import base64
import json
import marshal
import pickle
import shelve

import dill
import jsonpickle
import pandas as pd
import torch
import yaml
from django.http import HttpRequest, JsonResponse
from fastapi import FastAPI, File, Request, UploadFile
from flask import Flask, request
from yaml import CSafeLoader, SafeLoader

app = FastAPI()
flask_app = Flask(__name__)


def load_session(cookie_value: str) -> dict:
    # ruleid: unsafe-deserialization
    return pickle.loads(base64.b64decode(cookie_value))


def read_cache(path):
    with open(path, "rb") as handle:
        # ruleid: unsafe-deserialization
        return pickle.load(handle)


def restore_job(blob):
    # ruleid: unsafe-deserialization
    return dill.loads(blob)


def load_code(data):
    # ruleid: unsafe-deserialization
    return marshal.loads(data)


def user_prefs(user_id):
    # ruleid: unsafe-deserialization
    with shelve.open(f"/var/cache/prefs-{user_id}") as db:
        return dict(db)


def load_plugin_config(stream):
    # ruleid: unsafe-deserialization
    return yaml.load(stream, Loader=yaml.Loader)


def load_all_docs(text):
    # ruleid: unsafe-deserialization
    return list(yaml.load_all(text, Loader=yaml.UnsafeLoader))


def load_unsafe(text):
    # ruleid: unsafe-deserialization
    return yaml.unsafe_load(text)


def restore_event(payload):
    # ruleid: unsafe-deserialization
    return jsonpickle.decode(payload)


def load_frame(path):
    # ruleid: unsafe-deserialization
    return pd.read_pickle(path)


def load_model(checkpoint_path, device="cpu"):
    # ruleid: unsafe-deserialization
    state = torch.load(checkpoint_path, map_location=device)
    return state["model"]


def load_model_explicit(checkpoint_path):
    # ruleid: unsafe-deserialization
    return torch.load(checkpoint_path, weights_only=False)


def read_settings(path):
    with open(path, encoding="utf-8") as stream:
        # ruleid: unsafe-deserialization-yaml-load
        return yaml.safe_load(stream)


def parse_manifest(text):
    # ruleid: unsafe-deserialization-yaml-load
    manifest = yaml.safe_load(text)
    return manifest["services"]


@app.post("/import")
async def import_state(file: UploadFile = File(...)):
    raw = await file.read()
    # ruleid: unsafe-deserialization, unsafe-deserialization-tainted
    return pickle.loads(raw)


@app.post("/config")
async def upload_config(request: Request):
    body = await request.body()
    # ruleid: unsafe-deserialization, unsafe-deserialization-tainted
    return yaml.load(body, Loader=yaml.FullLoader)


@flask_app.route("/restore", methods=["POST"])
def flask_restore():
    token = request.cookies.get("state")
    # ruleid: unsafe-deserialization, unsafe-deserialization-tainted
    state = pickle.loads(base64.urlsafe_b64decode(token))
    return {"items": len(state)}


def django_upload(request: HttpRequest):
    uploaded = request.FILES["model"]
    # ruleid: unsafe-deserialization, unsafe-deserialization-tainted
    model = torch.load(uploaded)
    return JsonResponse({"layers": len(model)})


@flask_app.post("/yaml")
def flask_yaml():
    # ruleid: unsafe-deserialization-yaml-load, unsafe-deserialization-tainted
    return yaml.safe_load(request.data)


@app.post("/checkpoint")
async def upload_checkpoint(request: Request):
    form = await request.form()
    upload = form["checkpoint"]
    # ruleid: unsafe-deserialization, unsafe-deserialization-tainted
    weights = torch.load(
        upload.file,
        map_location="cpu",
    )
    return {"tensors": len(weights)}


async def starlette_restore(request):
    blob = await request.body()
    # ruleid: unsafe-deserialization, unsafe-deserialization-tainted
    return marshal.loads(blob)


class ImportView:
    def post(self, request):
        # ruleid: unsafe-deserialization, unsafe-deserialization-tainted
        return jsonpickle.decode(self.request.body)


# --- must not flag ------------------------------------------------------------


def load_session_json(cookie_value: str) -> dict:
    # ok: unsafe-deserialization
    return json.loads(base64.b64decode(cookie_value))


def read_settings_safe(path):
    with open(path, encoding="utf-8") as stream:
        # ok: unsafe-deserialization, unsafe-deserialization-yaml-load
        return yaml.safe_load(stream)


def explicit_safe_loaders(text):
    # ok: unsafe-deserialization
    first = yaml.load(text, Loader=yaml.SafeLoader)
    # ok: unsafe-deserialization
    second = yaml.load(text, Loader=CSafeLoader)
    # ok: unsafe-deserialization
    third = yaml.load(text, SafeLoader)
    # ok: unsafe-deserialization
    docs = list(yaml.load_all(text, Loader=yaml.CSafeLoader))
    return first, second, third, docs


def weights_only(checkpoint_path):
    # ok: unsafe-deserialization
    return torch.load(checkpoint_path, map_location="cpu", weights_only=True)


def serialize(obj):
    # ok: unsafe-deserialization
    return pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)


def literal_yaml():
    # ok: unsafe-deserialization-yaml-load
    return yaml.load("retries: 3")


def encode_event(event):
    # ok: unsafe-deserialization
    return jsonpickle.encode(event)


@app.post("/settings")
async def upload_settings(file: UploadFile):
    content = await file.read()
    # ok: unsafe-deserialization, unsafe-deserialization-tainted
    return yaml.safe_load(content)


@flask_app.post("/json")
def flask_json():
    # ok: unsafe-deserialization-tainted
    return json.loads(request.data)


@app.get("/model")
def load_named_model(device: str):
    # ok: unsafe-deserialization-tainted
    return torch.load("/srv/models/model.pt", map_location=device, weights_only=True)


@app.post("/safe-import")
async def safe_import(request: Request):
    # ok: unsafe-deserialization, unsafe-deserialization-tainted
    return json.loads(await request.body())


@flask_app.post("/config-safe")
def flask_config_safe():
    # ok: unsafe-deserialization, unsafe-deserialization-tainted
    return yaml.load(request.data, Loader=yaml.SafeLoader)


def load_shelf_cache():
    # A constant path still loads whatever the file holds: reported (MEDIUM).
    # ruleid: unsafe-deserialization
    with shelve.open("/var/cache/app/shelf") as cache:
        return dict(cache)


def write_frame(frame, path):
    # ok: unsafe-deserialization
    frame.to_pickle(path)
