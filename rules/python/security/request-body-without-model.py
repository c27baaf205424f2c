import hashlib
import json
import hmac
from typing import Annotated, Any, Dict, List, Optional

import stripe
from fastapi import APIRouter, Body, Depends, FastAPI, File, Form, Header, Query, Request, UploadFile
from pydantic import BaseModel, TypeAdapter

app = FastAPI()
router = APIRouter(prefix="/items")


class ItemCreate(BaseModel):
    name: str
    price: float


@router.post("/")
# ruleid: request-body-without-model
async def create_item(payload: dict, session: SessionDep) -> Item:
    return await crud.create_item(session, **payload)


@router.put("/{item_id}")
# ruleid: request-body-without-model
def update_item(item_id: int, changes: Dict[str, Any]) -> Item:
    return crud.update_item(item_id, changes)


@app.post("/bulk")
# ruleid: request-body-without-model
async def bulk_import(rows: list[dict[str, Any]]) -> dict:
    return {"imported": await importer.run(rows)}


@router.patch("/{item_id}/meta")
async def patch_meta(
    item_id: int,
    # ruleid: request-body-without-model
    meta: Annotated[dict, Body(embed=True)],
) -> Item:
    return await crud.patch_meta(item_id, meta)


@router.post("/search")
# ruleid: request-body-without-model
async def search(filters: Any = Body(...)) -> list[Item]:
    return await crud.search(filters)


@router.post("/events")
# ruleid: request-body-without-model
async def ingest(event=Body(...)) -> None:
    await bus.publish(event)


@router.post("/raw")
async def create_raw(request: Request) -> Item:
    # ruleid: request-body-without-model-raw-read
    data = await request.json()
    return await crud.create_item(name=data["name"], price=data["price"])


@router.post("/form")
async def submit_form(request: Request) -> dict:
    # ruleid: request-body-without-model-raw-read
    form = await request.form()
    return {"name": form.get("name")}


@app.api_route("/proxy", methods=["POST", "PUT"])
async def proxy(request: Request) -> dict:
    # ruleid: request-body-without-model-raw-read
    payload = json.loads(await request.body())
    return await upstream.send(payload)


@router.post("/optional")
# ruleid: request-body-without-model
async def optional_settings(settings: Optional[dict] = None) -> dict:
    return settings or {}


@router.post("/list")
# ruleid: request-body-without-model
async def take_list(values: List) -> int:
    return len(values)


# --- not reported ------------------------------------------------------------

@router.post("/model")
# ok: request-body-without-model
async def create_with_model(payload: ItemCreate) -> Item:
    return await crud.create_item(**payload.model_dump())


@router.post("/many")
# ok: request-body-without-model
async def create_many(payloads: list[ItemCreate]) -> list[Item]:
    return [await crud.create_item(**p.model_dump()) for p in payloads]


@router.get("/")
# ok: request-body-without-model
async def list_items(skip: int = 0, limit: int = Query(100, le=1000), q: str | None = None) -> list[Item]:
    return await crud.list_items(skip, limit, q)


@router.get("/by-ids")
# ok: request-body-without-model
async def by_ids(ids: list[int] = Query(...)) -> list[Item]:
    return await crud.by_ids(ids)


@router.get("/tagged")
# ok: request-body-without-model
async def tagged(tags: Annotated[list[str], Query()] = []) -> list[Item]:
    return await crud.tagged(tags)


@router.get("/settings")
# ok: request-body-without-model
async def read_settings(config: dict = Depends(get_config)) -> dict:
    return config


@router.post("/embedded")
async def create_embedded(
    # ok: request-body-without-model
    article: ArticleInCreate = Body(..., embed=True, alias="article"),
    user: User = Depends(get_current_user),
) -> Article:
    return await articles.create(article, user)


@router.post("/named")
# ok: request-body-without-model
async def rename(name: Annotated[str, Body(embed=True, max_length=100)]) -> Item:
    return await crud.rename(name)


@router.post("/upload")
# ok: request-body-without-model
async def upload(files: list[UploadFile] = File(...), note: str = Form("")) -> dict:
    return {"count": len(files)}


@router.post("/validated")
async def validated(request: Request) -> Item:
    # ok: request-body-without-model-raw-read
    data = await request.json()
    item = ItemCreate.model_validate(data)
    return await crud.create_item(**item.model_dump())


@router.post("/validated-inline")
async def validated_inline(request: Request) -> Item:
    # ok: request-body-without-model-raw-read
    item = ItemCreate(**await request.json())
    return await crud.create_item(**item.model_dump())


@router.post("/adapter")
async def adapter(request: Request) -> list[Item]:
    # ok: request-body-without-model-raw-read
    items = TypeAdapter(list[ItemCreate]).validate_python(await request.json())
    return await crud.create_many(items)


@router.post("/webhooks/stripe")
async def stripe_webhook(request: Request, stripe_signature: str = Header(...)) -> dict:
    # ok: request-body-without-model-raw-read
    payload = await request.body()
    event = stripe.Webhook.construct_event(payload, stripe_signature, settings.STRIPE_WEBHOOK_SECRET)
    return {"received": event["type"]}


@router.post("/webhooks/github")
async def github_webhook(request: Request, x_hub_signature_256: str = Header(...)) -> dict:
    # ok: request-body-without-model-raw-read
    body = await request.body()
    expected = "sha256=" + hmac.new(settings.GITHUB_SECRET, body, hashlib.sha256).hexdigest()
    if not hmac.compare_digest(expected, x_hub_signature_256):
        raise HTTPException(status_code=401)
    return {"ok": True}


# Middleware and helpers are not routes.
@app.middleware("http")
async def log_body(request: Request, call_next):
    # ok: request-body-without-model-raw-read
    body = await request.body()
    logger.debug("%d bytes", len(body))
    return await call_next(request)


def merge(base: dict, extra: dict) -> dict:
    # ok: request-body-without-model
    return {**base, **extra}
