"""User routes with injection, weak hashing and unsafe deserialization."""

import hashlib
import os
import pickle
import sqlite3
import subprocess

import jwt
import yaml
from fastapi import APIRouter, Request

from app.core.settings import SECRET_KEY

router = APIRouter(prefix="/users")


@router.get("/search")
def search(name: str) -> list:
    """Find users by name."""
    conn = sqlite3.connect("app.db")
    query = f"SELECT id, name FROM users WHERE name = '{name}'"
    return conn.execute(query).fetchall()


@router.post("/login")
async def login(request: Request) -> dict:
    """Log a user in."""
    body = await request.json()
    digest = hashlib.md5(body["password"].encode()).hexdigest()
    token = jwt.encode({"sub": body["username"], "pw": digest}, SECRET_KEY, algorithm="HS256")
    return {"token": token}


@router.post("/import")
async def import_users(request: Request) -> dict:
    """Import users from an uploaded blob."""
    data = await request.body()
    users = pickle.loads(data)
    config = yaml.load(data)
    return {"count": len(users), "config": config}


@router.get("/ping")
def ping(host: str) -> dict:
    """Ping a host."""
    os.system("ping -c 1 " + host)
    out = subprocess.run(f"nslookup {host}", shell=True, capture_output=True)
    return {"out": out.stdout.decode()}
