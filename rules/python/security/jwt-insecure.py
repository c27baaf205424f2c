"""Test target for jwt-insecure and jwt-insecure-algorithm (PyJWT part).

python-jose calls are in the second half of the file, imported under another name.
"""

from datetime import datetime, timedelta, timezone

import jwt
from fastapi import Depends, HTTPException
from fastapi.security import OAuth2PasswordBearer
from jose import jwt as jose_jwt

from app.core.config import settings

oauth2_scheme = OAuth2PasswordBearer(tokenUrl="/api/v1/login/access-token")
ALGORITHM = "HS256"
LEGACY_ALGORITHM = "HS512"


def get_current_user(token: str = Depends(oauth2_scheme)):
    # ruleid: jwt-insecure
    payload = jwt.decode(token, settings.SECRET_KEY)
    return payload["sub"]


def read_claims(token: str) -> dict:
    # ruleid: jwt-insecure
    return jwt.decode(token, options={"verify_signature": False})


def read_claims_v1(token: str) -> dict:
    # ruleid: jwt-insecure
    return jwt.decode(token, settings.SECRET_KEY, verify=False)


def lenient(token: str) -> dict:
    options = {"verify_signature": False, "verify_exp": False}
    # ruleid: jwt-insecure
    return jwt.decode(token, settings.SECRET_KEY, algorithms=["HS256"], options=options)


def accept_none(token: str) -> dict:
    # ruleid: jwt-insecure
    return jwt.decode(token, settings.SECRET_KEY, algorithms=["HS256", "none"])


def unsigned(payload: dict) -> str:
    # ruleid: jwt-insecure
    return jwt.encode(payload, key=None, algorithm="none")


def mixed(token: str, public_key: str) -> dict:
    # ruleid: jwt-insecure-algorithm
    return jwt.decode(token, public_key, algorithms=["HS256", "RS256"])


def legacy(payload: dict) -> str:
    # ruleid: jwt-insecure-algorithm
    return jwt.encode(payload, settings.SECRET_KEY, algorithm=LEGACY_ALGORITHM)


def es256(token: str, public_key: str) -> dict:
    # ruleid: jwt-insecure-algorithm
    return jwt.decode(token, public_key, ["ES256"])


def jose_decode(token: str) -> dict:
    # ruleid: jwt-insecure
    return jose_jwt.decode(token, settings.SECRET_KEY)


def jose_unverified(token: str) -> dict:
    # ruleid: jwt-insecure
    return jose_jwt.decode(token, settings.SECRET_KEY, algorithms=["HS256"], options={"verify_signature": False})


def jose_rs256(claims: dict, private_key: str) -> str:
    # ruleid: jwt-insecure-algorithm
    return jose_jwt.encode(claims, private_key, algorithm="RS256")


# --- must stay silent ---------------------------------------------------------------


def decode_ok(token: str) -> dict:
    # ok: jwt-insecure, jwt-insecure-algorithm
    return jwt.decode(token, settings.SECRET_KEY, algorithms=["HS256"])


def decode_constant_ok(token: str) -> dict:
    try:
        # ok: jwt-insecure, jwt-insecure-algorithm
        return jwt.decode(token, settings.SECRET_KEY, algorithms=[ALGORITHM])
    except jwt.InvalidTokenError:
        raise HTTPException(status_code=403, detail="Could not validate credentials")


def decode_configured(token: str) -> dict:
    # ok: jwt-insecure, jwt-insecure-algorithm
    return jwt.decode(token, settings.SECRET_KEY, algorithms=[settings.JWT_ALGORITHM])


def encode_ok(subject: str) -> str:
    expire = datetime.now(timezone.utc) + timedelta(minutes=15)
    # ok: jwt-insecure, jwt-insecure-algorithm
    return jwt.encode({"exp": expire, "sub": subject}, settings.SECRET_KEY, algorithm=ALGORITHM)


def encode_default(payload: dict) -> str:
    # PyJWT and python-jose default to HS256.
    # ok: jwt-insecure, jwt-insecure-algorithm
    return jwt.encode(payload, settings.SECRET_KEY)


def skip_audience(token: str) -> dict:
    # ok: jwt-insecure, jwt-insecure-algorithm
    return jwt.decode(token, settings.SECRET_KEY, algorithms=["HS256"], options={"verify_aud": False})


def kid_lookup(token: str) -> str:
    # ok: jwt-insecure, jwt-insecure-algorithm
    return jwt.get_unverified_header(token)["kid"]


def jose_ok(token: str) -> dict:
    # ok: jwt-insecure, jwt-insecure-algorithm
    return jose_jwt.decode(token, settings.SECRET_KEY, algorithms=[ALGORITHM])
