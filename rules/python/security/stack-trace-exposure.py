import asyncio
import logging
import sys
import traceback

from fastapi import APIRouter, FastAPI, HTTPException, Request, WebSocket
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, PlainTextResponse
from flask import Flask, jsonify
from pydantic import BaseModel, ValidationError
from pydantic_settings import BaseSettings
from sqlalchemy.exc import IntegrityError
from starlette.applications import Starlette

logger = logging.getLogger(__name__)
router = APIRouter()
LOCAL_DEBUG = True

# ruleid: stack-trace-exposure-debug
app = FastAPI(title="Shop API", debug=True)
# ruleid: stack-trace-exposure-debug
starlette_app = Starlette(debug=LOCAL_DEBUG, routes=routes)
# ok: stack-trace-exposure-debug
prod_app = FastAPI(title="Shop API", debug=settings.DEBUG)
flask_app = Flask(__name__)
# ruleid: stack-trace-exposure-debug
flask_app.config["DEBUG"] = True


@router.post("/orders")
async def create_order(order: OrderCreate, session: SessionDep) -> Order:
    try:
        return await orders.create(session, order)
    except Exception as e:
        # ruleid: stack-trace-exposure
        raise HTTPException(status_code=500, detail=str(e))


@router.post("/users")
async def create_user(user_in: UserCreate, session: SessionDep) -> User:
    try:
        return await users.create(session, user_in)
    except IntegrityError as exc:
        await session.rollback()
        # ruleid: stack-trace-exposure
        raise HTTPException(409, f"Could not create user: {exc.orig}")


@router.get("/health")
async def health(session: SessionDep) -> dict:
    try:
        await session.execute(text("SELECT 1"))
    except Exception as e:
        message = f"database unavailable: {e}"
        # ruleid: stack-trace-exposure
        return {"status": "unhealthy", "error": message}
    return {"status": "ok"}


@router.post("/reports")
async def build_report(spec: ReportSpec) -> dict:
    try:
        return await reports.build(spec)
    except Exception:
        # ruleid: stack-trace-exposure
        return JSONResponse(status_code=500, content={"trace": traceback.format_exc()})


@router.get("/export")
def export(fmt: str) -> PlainTextResponse:
    try:
        return PlainTextResponse(exporter.run(fmt))
    except KeyError as err:
        # ruleid: stack-trace-exposure
        return PlainTextResponse("unknown format %s" % err, status_code=400)
    finally:
        exporter.close()


@app.exception_handler(Exception)
async def unhandled(request: Request, exc: Exception) -> JSONResponse:
    # ruleid: stack-trace-exposure
    return JSONResponse(status_code=500, content={"detail": repr(exc), "args": exc.args})


@flask_app.route("/convert")
def convert():
    try:
        return jsonify(result=converter.run())
    except Exception as error:
        # ruleid: stack-trace-exposure
        return jsonify(error="".join(traceback.format_exception(error))), 500


@router.websocket("/ws")
async def stream(websocket: WebSocket) -> None:
    try:
        await pump(websocket)
    except RuntimeError as e:
        # ruleid: stack-trace-exposure
        await websocket.send_json({"error": "{}".format(e)})


# --- not reported ------------------------------------------------------------

@router.post("/payments")
async def pay(payment: PaymentIn) -> Receipt:
    try:
        return await payments.charge(payment)
    except Exception:
        logger.exception("payment failed")
        # ok: stack-trace-exposure
        raise HTTPException(status_code=502, detail="Payment provider unavailable")


@router.post("/imports")
async def run_import(job: ImportJob) -> dict:
    try:
        return await importer.run(job)
    except Exception as e:
        # Logged server-side only.
        # ok: stack-trace-exposure
        logger.error("import %s failed: %s", job.id, e, exc_info=True)
        # ok: stack-trace-exposure
        return {"status": "failed", "job": job.id}


@router.post("/parse")
async def parse(raw: RawPayload) -> Parsed:
    try:
        return Parsed.model_validate_json(raw.body)
    except ValidationError as e:
        # Validation errors are meant for the client.
        # ok: stack-trace-exposure
        raise HTTPException(status_code=422, detail=e.errors())


@app.exception_handler(RequestValidationError)
async def validation_handler(request: Request, exc: RequestValidationError) -> JSONResponse:
    # ok: stack-trace-exposure
    return JSONResponse(status_code=422, content={"detail": exc.errors(), "body": str(exc)})


@router.get("/items/{item_id}")
async def read_item(item_id: int) -> Item:
    try:
        return await items.get(item_id)
    except HTTPException as e:
        # ok: stack-trace-exposure
        raise HTTPException(status_code=e.status_code, detail=str(e))
    except LookupError as e:
        error_id = uuid4().hex
        logger.warning("lookup failed [%s]: %s", error_id, e)
        # ok: stack-trace-exposure
        raise HTTPException(status_code=404, detail=f"Item not found (error {error_id})")


def helper_message(e: Exception) -> str:
    # Not a response.
    # ok: stack-trace-exposure
    return str(e)


if __name__ == "__main__":
    # ok: stack-trace-exposure-debug
    asyncio.run(main(), debug=True)
    # ruleid: stack-trace-exposure-debug
    flask_app.run(host="0.0.0.0", port=5000, debug=True)
    # ok: stack-trace-exposure-debug
    flask_app.run(host="0.0.0.0", port=5000, debug=os.environ.get("FLASK_DEBUG") == "1")


class Settings(BaseSettings):
    PROJECT_NAME: str = "shop"
    # ruleid: stack-trace-exposure-settings
    DEBUG: bool = True


class DevelopmentSettings(Settings):
    # ok: stack-trace-exposure-settings
    DEBUG = True


class ProductionConfig(Config):
    # ruleid: stack-trace-exposure-settings
    DEBUG = True


class Feature(BaseModel):
    # ok: stack-trace-exposure-settings
    debug: bool = True


SECRET_KEY = env("DJANGO_SECRET_KEY")
# ruleid: stack-trace-exposure-settings
DEBUG = True
ALLOWED_HOSTS = ["shop.example.com"]
ROOT_URLCONF = "shop.urls"
