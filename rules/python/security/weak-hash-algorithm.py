"""Test target for weak-hash-algorithm."""

import hashlib
import hmac
from hashlib import md5

from Crypto.Hash import MD5, SHA1
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from fastapi import Response, UploadFile


def etag_for(body: bytes) -> str:
    # ruleid: weak-hash-algorithm
    return hashlib.md5(body).hexdigest()


def verify_webhook_payload(payload: bytes, expected: str) -> bool:
    # ruleid: weak-hash-algorithm
    return hashlib.sha1(payload).hexdigest() == expected


async def fingerprint_upload(file: UploadFile) -> str:
    # ruleid: weak-hash-algorithm
    digest = hashlib.new("md5")
    while chunk := await file.read(65536):
        digest.update(chunk)
    return digest.hexdigest()


def content_id(data: bytes) -> str:
    # ruleid: weak-hash-algorithm
    return md5(data).hexdigest()


def checksum_file(path: str) -> str:
    with open(path, "rb") as handle:
        # ruleid: weak-hash-algorithm
        return hashlib.file_digest(handle, "sha1").hexdigest()


ALGORITHM = "SHA1"


def signature_base(message: bytes) -> bytes:
    # ruleid: weak-hash-algorithm
    return hashlib.new(ALGORITHM, message).digest()


def legacy_token_digest(token: bytes) -> str:
    # ruleid: weak-hash-algorithm
    return MD5.new(token).hexdigest()


def sha1_pycryptodome(data: bytes) -> str:
    # ruleid: weak-hash-algorithm
    return SHA1.new(data).hexdigest()


def cryptography_md5(data: bytes) -> bytes:
    # ruleid: weak-hash-algorithm
    digest = hashes.Hash(hashes.MD5())
    digest.update(data)
    return digest.finalize()


def sign_csr(builder: x509.CertificateSigningRequestBuilder, key):
    # ruleid: weak-hash-algorithm
    return builder.sign(key, hashes.SHA1())


# --- must stay silent ---------------------------------------------------------------


def etag_ok(body: bytes) -> str:
    # ok: weak-hash-algorithm
    return hashlib.md5(body, usedforsecurity=False).hexdigest()


def cache_key(url: str) -> str:
    # ok: weak-hash-algorithm
    return hashlib.sha1(url.encode(), usedforsecurity=False).hexdigest()


def strong_digest(data: bytes) -> str:
    # ok: weak-hash-algorithm
    return hashlib.sha256(data).hexdigest()


def strong_new(data: bytes) -> str:
    # ok: weak-hash-algorithm
    return hashlib.new("sha512", data).hexdigest()


def blake(data: bytes) -> str:
    # ok: weak-hash-algorithm
    return hashlib.blake2b(data, digest_size=32).hexdigest()


def github_webhook_signature(secret: bytes, body: bytes) -> str:
    # ok: weak-hash-algorithm
    return hmac.new(secret, body, hashlib.sha1).hexdigest()


def totp_hmac(key: bytes, counter: bytes) -> bytes:
    # ok: weak-hash-algorithm
    return hmac.new(key, counter, "sha1").digest()


def sign_csr_ok(builder: x509.CertificateSigningRequestBuilder, key):
    # ok: weak-hash-algorithm
    return builder.sign(key, hashes.SHA256())


def hash_password_badly(password: str) -> str:
    # ok: weak-hash-algorithm
    return hashlib.md5(password.encode()).hexdigest()


def file_digest_ok(path: str) -> str:
    with open(path, "rb") as handle:
        # ok: weak-hash-algorithm
        return hashlib.file_digest(handle, "sha256").hexdigest()
