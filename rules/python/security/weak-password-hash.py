"""Test target for weak-password-hash (taint rule) and weak-password-hash-scheme."""

import base64
import crypt
import hashlib
import os

import bcrypt
from django.contrib.auth.hashers import make_password
from fastapi import APIRouter, Depends, Form
from fastapi.security import OAuth2PasswordRequestForm
from passlib.context import CryptContext
from passlib.hash import argon2, bcrypt as passlib_bcrypt, md5_crypt, sha512_crypt
from pwdlib import PasswordHash
from werkzeug.security import generate_password_hash

router = APIRouter()
SALT = os.environ["PASSWORD_SALT"]


def get_password_hash(password: str) -> str:
    # ruleid: weak-password-hash
    return hashlib.sha256(password.encode()).hexdigest()


def hash_with_salt(raw_password: str) -> str:
    # ruleid: weak-password-hash
    return hashlib.sha512((SALT + raw_password).encode("utf-8")).hexdigest()


@router.post("/login")
def login(form_data: OAuth2PasswordRequestForm = Depends()):
    # ruleid: weak-password-hash
    digest = hashlib.md5(form_data.password.encode()).hexdigest()
    return authenticate(form_data.username, digest)


def register(payload: dict) -> str:
    secret = payload["password"].encode()
    # ruleid: weak-password-hash
    return hashlib.sha1(secret).hexdigest()


def hash_incremental(new_password: str) -> str:
    hasher = hashlib.sha256()
    hasher.update(SALT.encode())
    # ruleid: weak-password-hash
    hasher.update(new_password.encode())
    return hasher.hexdigest()


def hash_by_name(pwd: str, algorithm: str = "sha3_256") -> str:
    # ruleid: weak-password-hash
    return hashlib.new(algorithm, pwd.encode()).hexdigest()


@router.post("/users")
def create_user(username: str = Form(...), password: str = Form(...)):
    # ruleid: weak-password-hash
    hashed = hashlib.blake2b(password.encode(), salt=SALT.encode()[:16]).hexdigest()
    return save(username, hashed)


def flask_signup(request) -> str:
    pw = request.form["password"]
    # ruleid: weak-password-hash
    return hashlib.sha256(pw.encode()).hexdigest()


# ruleid: weak-password-hash-scheme
legacy_context = CryptContext(schemes=["sha256_crypt", "bcrypt"])

# ruleid: weak-password-hash-scheme
md5_context = CryptContext(schemes="md5_crypt", deprecated="auto")


def passlib_direct(password: str) -> str:
    # ruleid: weak-password-hash-scheme
    return sha512_crypt.hash(password)


def passlib_md5(password: str) -> str:
    # ruleid: weak-password-hash-scheme
    return md5_crypt.using(salt_size=8).hash(password)


def unix_crypt(password: str) -> str:
    # ruleid: weak-password-hash-scheme
    return crypt.crypt(password, crypt.mksalt(crypt.METHOD_SHA512))


def django_md5(password: str) -> str:
    # ruleid: weak-password-hash-scheme
    return make_password(password, hasher="unsalted_md5")


# ruleid: weak-password-hash-scheme
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def werkzeug_sha(password: str) -> str:
    # ruleid: weak-password-hash-scheme
    return generate_password_hash(password, method="sha256")


# --- must stay silent ---------------------------------------------------------------

# ok: weak-password-hash-scheme
pwd_context = CryptContext(schemes=["bcrypt"], deprecated="auto")

# ok: weak-password-hash-scheme
migrating_context = CryptContext(schemes=["argon2", "md5_crypt"], deprecated="auto")

password_hash = PasswordHash.recommended()


def hash_password(password: str) -> str:
    # ok: weak-password-hash
    return password_hash.hash(password)


def verify_password(plain_password: str, hashed_password: str) -> bool:
    # ok: weak-password-hash
    return pwd_context.verify(plain_password, hashed_password)


def bcrypt_prehash_inline(password: str) -> bytes:
    # ok: weak-password-hash
    return bcrypt.hashpw(base64.b64encode(hashlib.sha256(password.encode()).digest()), bcrypt.gensalt())


def passlib_strong(password: str) -> str:
    # ok: weak-password-hash-scheme
    return argon2.hash(password) + passlib_bcrypt.hash(password)


def etag(body: bytes) -> str:
    # ok: weak-password-hash
    return hashlib.sha256(body).hexdigest()


def cache_key(user_id: int, path: str) -> str:
    # ok: weak-password-hash
    return hashlib.md5(f"{user_id}:{path}".encode(), usedforsecurity=False).hexdigest()


def reset_token_fingerprint(user) -> str:
    # ok: weak-password-hash
    return hashlib.sha256(user.hashed_password.encode()).hexdigest()


def checksum(path: str) -> str:
    with open(path, "rb") as handle:
        # ok: weak-password-hash
        return hashlib.sha256(handle.read()).hexdigest()


def werkzeug_ok(password: str) -> str:
    # ok: weak-password-hash-scheme
    return generate_password_hash(password, method="scrypt")


def django_ok(password: str) -> str:
    # ok: weak-password-hash-scheme
    return make_password(password)


def api_key_lookup_hash(api_key: str) -> str:
    # High-entropy random keys may be stored under a fast hash.
    # ok: weak-password-hash
    return hashlib.sha256(api_key.encode()).hexdigest()
