"""Test target for jwt-missing-expiry and jwt-missing-expiry-lifetime."""

from datetime import datetime, timedelta, timezone

import jwt
from flask_jwt_extended import create_access_token as flask_create_access_token
from flask_jwt_extended import create_refresh_token
from jose import jwt as jose_jwt
from pydantic_settings import BaseSettings

from app.core.config import settings

ALGORITHM = "HS256"

# ruleid: jwt-missing-expiry-lifetime
ACCESS_TOKEN_EXPIRE_MINUTES = 60 * 24 * 8


class Settings(BaseSettings):
    SECRET_KEY: str
    # ruleid: jwt-missing-expiry-lifetime
    ACCESS_TOKEN_EXPIRE_HOURS: int = 12
    # ok: jwt-missing-expiry-lifetime
    REFRESH_TOKEN_EXPIRE_DAYS: int = 30
    # ok: jwt-missing-expiry-lifetime
    EMAIL_RESET_TOKEN_EXPIRE_HOURS: int = 48
    # ok: jwt-missing-expiry-lifetime
    access_token_expire_minutes: int = 30


SIMPLE_JWT = {
    # ruleid: jwt-missing-expiry-lifetime
    "ACCESS_TOKEN_LIFETIME": timedelta(days=1),
    # ok: jwt-missing-expiry-lifetime
    "REFRESH_TOKEN_LIFETIME": timedelta(days=14),
}

config = {}
# ruleid: jwt-missing-expiry-lifetime
config["JWT_ACCESS_TOKEN_EXPIRES"] = timedelta(hours=2)

# ruleid: jwt-missing-expiry-lifetime
JWT_EXPIRATION_SECONDS = 86400


def create_access_token(subject: str) -> str:
    # ruleid: jwt-missing-expiry-lifetime
    expire = datetime.now(timezone.utc) + timedelta(days=7)
    return jwt.encode({"sub": subject, "exp": expire}, settings.SECRET_KEY, algorithm=ALGORITHM)


def login_flask(user) -> str:
    # ruleid: jwt-missing-expiry-lifetime
    return flask_create_access_token(identity=user.id, expires_delta=timedelta(days=30))


def login(user) -> str:
    now = datetime.now(timezone.utc)
    # ruleid: jwt-missing-expiry-lifetime
    return jwt.encode({"sub": str(user.id), "exp": now + timedelta(minutes=240)}, settings.SECRET_KEY)


def token_without_exp(user_id: int) -> str:
    # ruleid: jwt-missing-expiry
    return jwt.encode({"sub": str(user_id), "scope": "user"}, settings.SECRET_KEY, algorithm=ALGORITHM)


def token_from_payload(user) -> str:
    payload = {"sub": str(user.id), "iat": datetime.now(timezone.utc)}
    # ruleid: jwt-missing-expiry
    return jwt.encode(payload, settings.SECRET_KEY, algorithm=ALGORITHM)


def token_dict_call(user) -> str:
    # ruleid: jwt-missing-expiry
    return jwt.encode(dict(sub=str(user.id), role=user.role), settings.SECRET_KEY, algorithm=ALGORITHM)


def jose_token(user) -> str:
    claims = {"sub": user.email}
    # ruleid: jwt-missing-expiry
    return jose_jwt.encode(claims, settings.SECRET_KEY, algorithm=ALGORITHM)


def jose_keyword(user) -> str:
    # ruleid: jwt-missing-expiry
    return jose_jwt.encode(claims={"sub": user.email}, key=settings.SECRET_KEY)


# --- must stay silent ---------------------------------------------------------------


def create_access_token_ok(data: dict, expires_delta: timedelta | None = None) -> str:
    to_encode = data.copy()
    # ok: jwt-missing-expiry-lifetime
    expire = datetime.now(timezone.utc) + (expires_delta or timedelta(minutes=15))
    to_encode.update({"exp": expire})
    # ok: jwt-missing-expiry
    return jwt.encode(to_encode, settings.SECRET_KEY, algorithm=ALGORITHM)


def create_refresh_token_ok(subject: str) -> str:
    # ok: jwt-missing-expiry-lifetime
    expire = datetime.now(timezone.utc) + timedelta(days=30)
    # ok: jwt-missing-expiry
    return jwt.encode({"sub": subject, "exp": expire, "type": "refresh"}, settings.SECRET_KEY)


def generate_password_reset_token(email: str) -> str:
    now = datetime.now(timezone.utc)
    # ok: jwt-missing-expiry-lifetime
    expires = now + timedelta(hours=48)
    # ok: jwt-missing-expiry
    return jwt.encode({"exp": expires.timestamp(), "nbf": now, "sub": email}, settings.SECRET_KEY)


def one_hour(subject: str) -> str:
    payload = {"sub": subject}
    # ok: jwt-missing-expiry-lifetime
    payload["exp"] = datetime.now(timezone.utc) + timedelta(hours=1)
    # ok: jwt-missing-expiry
    return jwt.encode(payload, settings.SECRET_KEY, algorithm=ALGORITHM)


def login_refresh(user) -> str:
    # ok: jwt-missing-expiry-lifetime
    return create_refresh_token(identity=user.id, expires_delta=timedelta(days=30))


def encode_given(claims: dict) -> str:
    # ok: jwt-missing-expiry
    return jwt.encode(claims, settings.SECRET_KEY, algorithm=ALGORITHM)


def report_window() -> datetime:
    # ok: jwt-missing-expiry-lifetime
    return datetime.now(timezone.utc) - timedelta(days=7)


# ok: jwt-missing-expiry-lifetime
CACHE_TTL_SECONDS = 86400
