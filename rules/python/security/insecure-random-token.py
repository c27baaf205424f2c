"""Test target for insecure-random-token and insecure-random-token-flow."""

import asyncio
import random
import secrets
import string
import time
import uuid
from random import choice, randint

from fastapi import APIRouter, Request, Response

router = APIRouter()
ALPHABET = string.ascii_letters + string.digits


def send_otp(phone: str) -> None:
    # ruleid: insecure-random-token
    otp = random.randint(100000, 999999)
    sms.send(phone, f"Your code is {otp}")


def issue_api_key(user) -> None:
    # ruleid: insecure-random-token
    user.api_key = "".join(random.choices(ALPHABET, k=40))


def generate_password(length: int = 12) -> str:
    # ruleid: insecure-random-token
    return "".join(choice(ALPHABET) for _ in range(length))


def create_reset_code() -> str:
    # ruleid: insecure-random-token
    digits = [str(randint(0, 9)) for _ in range(6)]
    return "".join(digits)


def new_invite(email: str) -> dict:
    # ruleid: insecure-random-token
    return {"email": email, "invite_code": "%06d" % random.randrange(10**6)}


def salted(password: str) -> str:
    # ruleid: insecure-random-token
    salt = str(random.getrandbits(64))
    return salt + password


def confirmation_link(user_id: int) -> str:
    # ruleid: insecure-random-token
    token = uuid.uuid1().hex
    return f"https://example.com/confirm/{user_id}/{token}"


def make_link(user_id: int) -> Link:
    # ruleid: insecure-random-token
    return Link(user_id=user_id, verification_code=random.random())


def gen_conference_challenge(length: int) -> str:
    field = "abcdefghijklmnopqrstuvwxyz01234567890ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    # ruleid: insecure-random-token
    return "".join(random.sample(field, length))


@router.post("/login")
def login(response: Response) -> dict:
    # ruleid: insecure-random-token
    sid = str(uuid.uuid1())
    # ruleid: insecure-random-token-flow
    response.set_cookie("session_id", sid, httponly=True, secure=True, samesite="lax")
    return {"ok": True}


@router.get("/oauth/start")
def oauth_start(request: Request) -> dict:
    value = "".join(random.choice(ALPHABET) for _ in range(32))
    # ruleid: insecure-random-token-flow
    request.session["oauth_state"] = value
    # ok: insecure-random-token-flow
    return {"state": value}


def call_partner(client) -> None:
    bearer = "%032x" % random.getrandbits(128)
    # ruleid: insecure-random-token-flow
    client.get("/v1/items", headers={"Authorization": f"Bearer {bearer}"})


# --- must stay silent ---------------------------------------------------------------


def send_otp_ok(phone: str) -> None:
    # ok: insecure-random-token
    otp = secrets.randbelow(10**6)
    sms.send(phone, f"Your code is {otp:06d}")


def api_key_ok() -> str:
    # ok: insecure-random-token
    return secrets.token_urlsafe(32)


def generate_password_ok(length: int = 16) -> str:
    rng = random.SystemRandom()
    # ok: insecure-random-token
    return "".join(rng.choice(ALPHABET) for _ in range(length))


async def fetch_with_retry(client, url: str):
    for attempt in range(5):
        try:
            return await client.get(url)
        except TimeoutError:
            # ok: insecure-random-token
            await asyncio.sleep(2**attempt + random.uniform(0, 1))


def get_token(client) -> str:
    for attempt in range(3):
        try:
            return client.fetch_token()
        except ConnectionError:
            # ok: insecure-random-token
            time.sleep(random.random())
    raise RuntimeError("no token")


def pick_featured(products: list) -> list:
    # ok: insecure-random-token
    return random.sample(products, k=5)


def shuffle_cards(cards: list) -> list:
    # ok: insecure-random-token
    random.shuffle(cards)
    return cards


def assign_bucket(response: Response) -> None:
    bucket = random.choice(["a", "b"])
    # ok: insecure-random-token-flow
    response.set_cookie("ab_bucket", bucket, httponly=True, secure=True, samesite="lax")


def request_id() -> str:
    # ok: insecure-random-token
    correlation_id = str(uuid.uuid1())
    return correlation_id


def session_cookie_ok(response: Response) -> None:
    # ok: insecure-random-token-flow
    response.set_cookie("session_id", secrets.token_urlsafe(32), httponly=True, secure=True, samesite="lax")


def status_code_sample() -> int:
    # ok: insecure-random-token
    status_code = random.choice([200, 500])
    return status_code


def new_token_ok() -> str:
    # ok: insecure-random-token
    token = uuid.uuid4().hex
    return token
