"""Test target for code-eval and code-eval-tainted."""

import ast
import builtins
import json
import operator
import re
from re import compile as compile_regex

from django.http import HttpRequest, JsonResponse
from fastapi import FastAPI, Request
from flask import Flask, request
from PIL import Image, ImageMath

app = FastAPI()
flask_app = Flask(__name__)

OPERATIONS = {"+": operator.add, "-": operator.sub}
DEFAULT_EXPR = "1 + 1"
INIT_CODE = "import math\n" + "result = math.pi"


def parse_filter(raw: str) -> dict:
    # ruleid: code-eval
    return eval(raw)


def apply(operation: str, a: float, b: float) -> float:
    # ruleid: code-eval
    return eval(f"{a} {operation} {b}")


def run_plugin(path):
    with open(path, encoding="utf-8") as source:
        namespace = {}
        # ruleid: code-eval
        exec(source.read(), namespace)
    return namespace


def make_getter(field_name):
    code = "def getter(obj):\n    return obj." + field_name + "\n"
    scope = {}
    # ruleid: code-eval
    exec(code, scope)
    return scope["getter"]


def compile_rule(rule_text, filename="<rule>"):
    # ruleid: code-eval
    return compile(rule_text, filename, "eval")


def sandboxed(expr):
    # Empty __builtins__ is not a sandbox.
    # ruleid: code-eval
    return eval(expr, {"__builtins__": {}}, {})


def via_builtins(snippet):
    # ruleid: code-eval
    builtins.exec(snippet)


def template_condition(condition, context):
    # ruleid: code-eval
    return bool(eval("(" + condition + ")", {}, context))


@app.get("/calc")
def calc(expr: str) -> dict:
    # ruleid: code-eval, code-eval-tainted
    return {"result": eval(expr)}


@app.post("/hooks")
async def run_hook(request: Request):
    payload = await request.json()
    # ruleid: code-eval, code-eval-tainted
    exec(payload["code"], {})


@flask_app.route("/filter")
def flask_filter():
    expression = request.args.get("where", "True")
    items = [1, 2, 3]
    # ruleid: code-eval, code-eval-tainted
    return json.dumps([item for item in items if eval(expression, {"item": item})])


def django_eval(request: HttpRequest):
    formula = request.POST["formula"]
    # ruleid: code-eval, code-eval-tainted
    code = compile(formula, "<formula>", "eval")
    return JsonResponse({"value": eval(code)})


@app.post("/rules")
async def evaluate_rule(request: Request):
    form = await request.form()
    # ruleid: code-eval, code-eval-tainted
    result = eval(
        form["rule"],
        {"__builtins__": {}},
        {"amount": 10},
    )
    return {"result": result}


def image_filter(request: HttpRequest):
    channels = Image.open(request.FILES["image"]).convert("RGB").split()
    expression = request.POST.get("function")
    # ruleid: code-eval, code-eval-tainted
    output = ImageMath.eval(expression, r=channels[0], g=channels[1], b=channels[2])
    return JsonResponse({"mode": output.mode})


async def starlette_eval(request):
    # ruleid: code-eval, code-eval-tainted
    return eval(request.query_params["expr"])


class FormulaView:
    def post(self, request):
        formula = self.request.POST["formula"]
        # ruleid: code-eval, code-eval-tainted
        exec("result = " + formula, {})


# --- must not flag ------------------------------------------------------------


def literal_parse(raw: str):
    # ok: code-eval
    return ast.literal_eval(raw)


def constant_code():
    # ok: code-eval
    value = eval("2 ** 10")
    # ok: code-eval
    default = eval(DEFAULT_EXPR)
    scope = {}
    # ok: code-eval
    exec(INIT_CODE, scope)
    return value, default, scope


def precompiled():
    code = compile("x * 2", "<const>", "eval")
    # ok: code-eval
    return eval(compile("x + 1", "<const>", "eval"), {"x": 1}), code


def regexes(pattern: str):
    # ok: code-eval
    first = re.compile(pattern)
    # ok: code-eval
    second = compile_regex(pattern)
    return first, second


def dispatch(operation: str, a: float, b: float) -> float:
    # ok: code-eval
    return OPERATIONS[operation](a, b)


class Template:
    def compile(self, source):
        return source

    def render(self, source):
        # ok: code-eval
        return self.compile(source)


@app.get("/literal")
def literal_endpoint(value: str):
    # ok: code-eval, code-eval-tainted
    return {"value": ast.literal_eval(value)}


@flask_app.get("/json")
def json_endpoint():
    # ok: code-eval-tainted
    return json.loads(request.data)


@app.post("/constant")
def constant_with_request_scope(amount: float):
    # ok: code-eval, code-eval-tainted
    return {"result": eval("amount * 2", {}, {"amount": amount})}


def constant_image_math(red, green):
    # ok: code-eval
    return ImageMath.eval("convert(max(a, b), 'L')", a=red, b=green)


@app.get("/double")
def double(value: int):
    # An int parameter cannot carry code: only the MEDIUM rule reports it.
    # ruleid: code-eval
    return {"result": eval(f"{value} * 2")}


@flask_app.get("/parse")
def flask_parse():
    # ok: code-eval, code-eval-tainted
    return json.dumps(ast.literal_eval(request.args["value"]))


def django_safe(request: HttpRequest):
    # ok: code-eval, code-eval-tainted
    return JsonResponse({"op": OPERATIONS[request.GET["op"]](1, 2)})


def pandas_like(frame, column):
    # ok: code-eval
    return frame.eval(f"{column} > 0")
