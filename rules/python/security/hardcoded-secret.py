"""Test target for hardcoded-secret (all values are synthetic).

`semgrep --test` ignores `paths`, so both halves of the family fire on every positive line.
"""

import argparse
import os
import secrets
import string

import click
import psycopg2
import redis
from decouple import config
from fastapi import FastAPI
from fastapi.security import OAuth2PasswordBearer
from openai import OpenAI
from pydantic import BaseModel, Field, SecretStr
from pydantic_settings import BaseSettings
from sqlalchemy import create_engine
from sqlalchemy.engine import URL

# --- secret-named targets receiving a literal --------------------------------------

# ruleid: hardcoded-secret, hardcoded-secret-test-fixture
SECRET_KEY = "09d25e094faa6ca2556c818166b7a9563b93f7099f6f0f4caa6cf63b88e8d3e7"

# ruleid: hardcoded-secret, hardcoded-secret-test-fixture
JWT_SECRET = "changethis"


class Settings(BaseSettings):
    PROJECT_NAME: str = "backend"
    # ruleid: hardcoded-secret, hardcoded-secret-test-fixture
    POSTGRES_PASSWORD: str = "postgres"
    # ruleid: hardcoded-secret, hardcoded-secret-test-fixture
    stripe_api_key: SecretStr = SecretStr("pk_prod_4eC39HqLyjWDarjtT1zdp7dc")
    # ruleid: hardcoded-secret, hardcoded-secret-test-fixture
    sendgrid_api_key: str = Field("SG-dev-only-key", description="mail")
    # ok: hardcoded-secret, hardcoded-secret-test-fixture
    SMTP_PASSWORD: SecretStr
    # ok: hardcoded-secret, hardcoded-secret-test-fixture
    FIRST_SUPERUSER_PASSWORD: str | None = None
    # ok: hardcoded-secret, hardcoded-secret-test-fixture
    API_TOKEN: str = ""


def make_engine():
    # ruleid: hardcoded-secret, hardcoded-secret-test-fixture
    conn = psycopg2.connect(host="db", user="app", password="s3cr3t!")
    url = URL.create(
        "postgresql+psycopg",
        username="app",
        # ruleid: hardcoded-secret, hardcoded-secret-test-fixture
        password="Tr0ub4dor&3",
        host="db",
    )
    return conn, create_engine(url)


class PaymentClient:
    def __init__(self) -> None:
        # ruleid: hardcoded-secret, hardcoded-secret-test-fixture
        self.client_secret = "f3b0c44298fc1c149afbf4c8996fb924"


# ruleid: hardcoded-secret, hardcoded-secret-test-fixture
HEADERS = {"X-Api-Key": "9f8e7d6c5b4a39281706"}

app_config = {}
# ruleid: hardcoded-secret, hardcoded-secret-test-fixture
app_config["SECRET_KEY"] = "dev-secret-key-please-change"


# ruleid: hardcoded-secret, hardcoded-secret-test-fixture
def login_to_service(user: str, password: str = "admin123") -> None:
    ...


# ruleid: hardcoded-secret, hardcoded-secret-test-fixture
cache = redis.Redis(host="cache", password="r3d1s-pass")

# --- literal defaults of environment lookups ---------------------------------------

# ruleid: hardcoded-secret, hardcoded-secret-test-fixture
API_KEY = os.getenv("API_KEY", "a1b2c3d4e5f6")

# ruleid: hardcoded-secret, hardcoded-secret-test-fixture
DB_PASSWORD = os.environ.get("DB_PASSWORD") or "hunter2"

# ruleid: hardcoded-secret, hardcoded-secret-test-fixture
SIGNING = config("DJANGO_SECRET_KEY", default="django-insecure-8x#k2!")

# ruleid: hardcoded-secret, hardcoded-secret-test-fixture
gitlab = os.environ.get("GITLAB_TOKEN", default="glpat-Ab12Cd34Ef56Gh78Ij90")

parser = argparse.ArgumentParser()
# ruleid: hardcoded-secret, hardcoded-secret-test-fixture
parser.add_argument("--db-password", default="letmein")

# --- known key formats anywhere -----------------------------------------------------

# ruleid: hardcoded-secret, hardcoded-secret-test-fixture
AWS_ACCESS_KEY_ID = "AKIAZ7Q2M4R8T1W6Y3B5"

boto_kwargs = dict(
    # ruleid: hardcoded-secret, hardcoded-secret-test-fixture
    aws_access_key_id="AKIAZ7Q2M4R8T1W6Y3B5",
)

# ruleid: hardcoded-secret, hardcoded-secret-test-fixture
GH = "ghp_8fJ2kL0qR7sT1uV3wX5yZ9aB4cD6eF8gH0iK"

# ruleid: hardcoded-secret, hardcoded-secret-test-fixture
send_alert(webhook="https://hooks.slack.com/services/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")

# ruleid: hardcoded-secret, hardcoded-secret-test-fixture
maps_client = Client(key="AIzaSyA1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q")

# ruleid: hardcoded-secret, hardcoded-secret-test-fixture
PRIVATE_PEM = """-----BEGIN RSA PRIVATE KEY-----
MIIEowIBAAKCAQEA3Tz2mr7SZiAMfQyuvBjM9Oi6v5r4kXh7vQ2mZ3lC5n8bE1sQk
-----END RSA PRIVATE KEY-----"""

# ruleid: hardcoded-secret, hardcoded-secret-test-fixture
SERVICE_JWT = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJzZXJ2aWNlLWJvdCIsInJvbGUiOiJhZG1pbiJ9.Xq3vN8mZ0aB1cD2eF3gH4iJ5kL6mN7oP8qR9sT0uV1w"

# --- must stay silent ---------------------------------------------------------------

# ok: hardcoded-secret, hardcoded-secret-test-fixture
PASSWORD_FIELD = "password"

# ok: hardcoded-secret, hardcoded-secret-test-fixture
TOKEN_URL = "/auth/token"

# ok: hardcoded-secret, hardcoded-secret-test-fixture
oauth2_scheme = OAuth2PasswordBearer(tokenUrl="/api/v1/login/access-token")

# ok: hardcoded-secret, hardcoded-secret-test-fixture
SECRET_KEY_FROM_ENV = os.environ["SECRET_KEY"]

# ok: hardcoded-secret, hardcoded-secret-test-fixture
API_SECRET = os.getenv("API_SECRET")

# ok: hardcoded-secret, hardcoded-secret-test-fixture
REDIS_PASSWORD = os.getenv("REDIS_PASSWORD", "")

# ok: hardcoded-secret, hardcoded-secret-test-fixture
ACCESS_TOKEN_COOKIE = "access_token"

# ok: hardcoded-secret, hardcoded-secret-test-fixture
secret_env_var = "DB_PASSWORD"


class Token(BaseModel):
    access_token: str
    # ok: hardcoded-secret, hardcoded-secret-test-fixture
    token_type: str = "bearer"


def masked(user):
    # ok: hardcoded-secret, hardcoded-secret-test-fixture
    return {"username": user.name, "password": "********"}


# ok: hardcoded-secret, hardcoded-secret-test-fixture
INVALID_PASSWORD_MESSAGE = "Incorrect username or password"

# ok: hardcoded-secret, hardcoded-secret-test-fixture
WRONG_TOKEN = "Could not validate credentials"


class UserCreate(BaseModel):
    email: str
    password: str

    model_config = {
        # ok: hardcoded-secret, hardcoded-secret-test-fixture
        "json_schema_extra": {"examples": [{"email": "a@example.com", "password": "S3cure!pass"}]}
    }


# ok: hardcoded-secret, hardcoded-secret-test-fixture
local_llm = OpenAI(base_url="http://localhost:11434/v1", api_key="ollama")

# ok: hardcoded-secret, hardcoded-secret-test-fixture
AWS_DOC_KEY = "AKIAIOSFODNN7EXAMPLE"

# ok: hardcoded-secret, hardcoded-secret-test-fixture
GOOGLE_APPLICATION_CREDENTIALS = "service-account.json"

# ok: hardcoded-secret, hardcoded-secret-test-fixture
TEMPLATE = "${DB_PASSWORD}"

# ok: hardcoded-secret, hardcoded-secret-test-fixture
password_hash = "$2b$12$KIXQJ1yG1l6sC6bWm7p8uO0xk3Q7L8m9N0o1P2q3R4s5T6u7V8w9y"


@click.command()
# ok: hardcoded-secret, hardcoded-secret-test-fixture
@click.option("--password", prompt=True, hide_input=True)
def cli(password: str) -> None:
    # ok: hardcoded-secret, hardcoded-secret-test-fixture
    token = os.environ["GITHUB_TOKEN"]
    ...


def check(value: str) -> bool:
    # ok: hardcoded-secret, hardcoded-secret-test-fixture
    return value == "changethis"


def generate_password() -> str:
    alphabet = string.ascii_letters + string.digits
    # ok: hardcoded-secret, hardcoded-secret-test-fixture
    password = "".join(secrets.choice(alphabet) for _ in range(16))
    return password


# ok: hardcoded-secret, hardcoded-secret-test-fixture
bolt_app = App(token="xoxb-valid", token_verification_enabled=False)

# ok: hardcoded-secret, hardcoded-secret-test-fixture
TEST_PLUGIN_CONFIGURATION = {"api_bot_token": "123", "signing_secret": "test-signing"}


def remember(active_sessions: dict, token: str) -> None:
    # ok: hardcoded-secret, hardcoded-secret-test-fixture
    active_sessions[token] = "active"
