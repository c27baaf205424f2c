"""Test target for insecure-cookie (Secure), -httponly and -samesite."""

from django.http import HttpResponse
from fastapi import FastAPI, Response
from fastapi.responses import JSONResponse, RedirectResponse
from flask import Flask, make_response
from starlette.middleware import Middleware
from starlette.middleware.sessions import SessionMiddleware
from starlette.responses import Response as StarletteResponse

from app.core.config import settings

app = FastAPI()
flask_app = Flask(__name__)


@app.post("/login")
def login(response: Response, token: str) -> dict:
    # Starlette's set_cookie defaults to samesite="lax".
    # ruleid: insecure-cookie, insecure-cookie-httponly
    response.set_cookie("access_token", token)
    return {"ok": True}


@app.post("/login-partial")
def login_partial(token: str) -> JSONResponse:
    response = JSONResponse({"ok": True})
    # ruleid: insecure-cookie
    response.set_cookie(key="access_token", value=f"Bearer {token}", httponly=True)
    return response


@app.get("/remember")
def remember(response: Response, device_id: str) -> None:
    # ruleid: insecure-cookie-httponly
    response.set_cookie("remember_device", device_id, secure=True, samesite="strict")


@app.get("/callback")
def callback(session_id: str) -> RedirectResponse:
    redirect = RedirectResponse("/")
    # ruleid: insecure-cookie, insecure-cookie-httponly
    redirect.set_cookie("session", session_id, secure=False, httponly=False, samesite="lax")
    return redirect


@app.get("/embed")
def embed(response: Response, sid: str) -> None:
    # ruleid: insecure-cookie, insecure-cookie-samesite
    response.set_cookie("sid", sid, httponly=True, samesite="none")


@flask_app.route("/login", methods=["POST"])
def flask_login():
    resp = make_response("ok")
    # ruleid: insecure-cookie, insecure-cookie-samesite
    resp.set_cookie("session_token", "abc", httponly=True, samesite=None)
    return resp


def django_view(request):
    response = HttpResponse("ok")
    # ruleid: insecure-cookie, insecure-cookie-httponly, insecure-cookie-samesite
    response.set_signed_cookie("user_id", str(request.user.id), salt="uid")
    return response


# ruleid: insecure-cookie
app.add_middleware(SessionMiddleware, secret_key=settings.SECRET_KEY)

# ruleid: insecure-cookie, insecure-cookie-samesite
middleware = [Middleware(SessionMiddleware, secret_key=settings.SECRET_KEY, same_site="none")]

# ruleid: insecure-cookie
flask_app.config["SESSION_COOKIE_SECURE"] = False

# ruleid: insecure-cookie-httponly
SESSION_COOKIE_HTTPONLY = False

# ruleid: insecure-cookie-samesite
flask_app.config.update(SESSION_COOKIE_SAMESITE=None)


@flask_app.route("/remember", methods=["POST"])
def flask_remember():
    resp = make_response("ok")
    # ruleid: insecure-cookie-samesite
    resp.set_cookie("remember_token", "abc", secure=True, httponly=True)
    return resp


def django_auth_cookie(request, token: str):
    response = HttpResponse("ok")
    # ruleid: insecure-cookie-httponly
    response.set_cookie("auth", token, secure=True, samesite="Lax")
    # ruleid: insecure-cookie-samesite
    response.set_cookie("refresh_token", token, secure=True, httponly=True, max_age=86400)
    return response


# ruleid: insecure-cookie-httponly
flask_app.config["REMEMBER_COOKIE_HTTPONLY"] = False

# ruleid: insecure-cookie-httponly
flask_app.config.update(SESSION_COOKIE_HTTPONLY=False, SESSION_COOKIE_SECURE=True)

# --- must stay silent ---------------------------------------------------------------


@app.post("/login-ok")
def login_ok(response: Response, token: str) -> dict:
    # ok: insecure-cookie, insecure-cookie-httponly, insecure-cookie-samesite
    response.set_cookie("access_token", token, httponly=True, secure=True, samesite="lax", max_age=3600)
    return {"ok": True}


@app.post("/cross-site")
def cross_site(response: Response, token: str) -> None:
    # ok: insecure-cookie, insecure-cookie-httponly, insecure-cookie-samesite
    response.set_cookie(key="widget_session", value=token, secure=True, httponly=True, samesite="none")


@app.post("/configured")
def configured(response: Response, token: str) -> None:
    response.set_cookie(
        "access_token",
        token,
        # ok: insecure-cookie, insecure-cookie-httponly, insecure-cookie-samesite
        secure=settings.COOKIE_SECURE,
        httponly=True,
        samesite=settings.COOKIE_SAMESITE,
    )


@app.post("/csrf")
def csrf(response: Response, csrf_token: str) -> None:
    # ok: insecure-cookie-httponly
    response.set_cookie("csrftoken", csrf_token, secure=True, httponly=False, samesite="strict")


@app.post("/logout")
def logout(response: Response) -> None:
    # ok: insecure-cookie, insecure-cookie-httponly, insecure-cookie-samesite
    response.set_cookie("access_token", "", max_age=0)
    # ok: insecure-cookie, insecure-cookie-httponly, insecure-cookie-samesite
    response.delete_cookie("access_token")


@app.post("/theme")
def theme(response: Response, value: str) -> None:
    # FastAPI/Starlette responses default to samesite="lax".
    # ok: insecure-cookie, insecure-cookie-httponly, insecure-cookie-samesite
    response.set_cookie("theme", value, secure=True, httponly=True)


def to_starlette_response(cookies: dict) -> StarletteResponse:
    resp = StarletteResponse(status_code=200)
    for name, value in cookies.items():
        # ok: insecure-cookie, insecure-cookie-httponly, insecure-cookie-samesite
        resp.set_cookie(key=name, value=value, secure=True, httponly=True)
    return resp


COOKIE_OPTIONS = {"httponly": True, "secure": True, "samesite": "lax"}


@app.post("/options")
def with_options(response: Response, token: str) -> None:
    # ok: insecure-cookie, insecure-cookie-httponly, insecure-cookie-samesite
    response.set_cookie("access_token", token, **COOKIE_OPTIONS)


# ok: insecure-cookie, insecure-cookie-samesite
app.add_middleware(SessionMiddleware, secret_key=settings.SECRET_KEY, https_only=True, same_site="lax")

# ok: insecure-cookie, insecure-cookie-samesite
secure_middleware = [Middleware(SessionMiddleware, secret_key=settings.SECRET_KEY, https_only=True, same_site="none")]

# ok: insecure-cookie
SESSION_COOKIE_SECURE = True

# ok: insecure-cookie-httponly
CSRF_COOKIE_HTTPONLY = False

# ok: insecure-cookie-samesite
SESSION_COOKIE_SAMESITE = "Lax"
