import io
import os
import shutil
from pathlib import Path
from typing import Annotated
from uuid import uuid4

import aiofiles
import boto3
import filetype
import httpx
from fastapi import APIRouter, File, HTTPException, UploadFile
from flask import request
from PIL import Image
from werkzeug.utils import secure_filename

router = APIRouter(prefix="/files")
UPLOAD_DIR = Path("/srv/uploads")
ALLOWED_TYPES = {"image/png", "image/jpeg"}
ALLOWED_SUFFIXES = {".png", ".jpg", ".jpeg"}
MAX_BYTES = 5 * 1024 * 1024
s3 = boto3.client("s3")


@router.post("/avatar")
async def upload_avatar(file: UploadFile) -> dict:
    target = UPLOAD_DIR / f"{uuid4().hex}.png"
    # ruleid: unvalidated-file-upload
    with target.open("wb") as out:
        # ruleid: unvalidated-file-upload
        shutil.copyfileobj(file.file, out)
    return {"path": str(target)}


@router.post("/documents")
async def upload_document(file: UploadFile = File(...)) -> dict:
    path = os.path.join(UPLOAD_DIR, file.filename)
    # ruleid: unvalidated-file-upload, unvalidated-file-upload-path
    async with aiofiles.open(path, "wb") as out:
        await out.write(await file.read())
    return {"path": path}


@router.post("/images")
async def upload_image(image: Annotated[UploadFile, File()]) -> dict:
    # Type checked, content never looked at.
    if image.content_type not in ALLOWED_TYPES:
        raise HTTPException(415, "Only PNG or JPEG")
    key = f"images/{uuid4().hex}"
    # ruleid: unvalidated-file-upload
    s3.upload_fileobj(image.file, "media", key)
    return {"key": key}


@router.post("/csv")
async def upload_csv(file: UploadFile) -> dict:
    # Size checked, type never looked at.
    data = await file.read()
    if len(data) > MAX_BYTES:
        raise HTTPException(413, "Too large")
    # ruleid: unvalidated-file-upload
    (UPLOAD_DIR / f"{uuid4().hex}.csv").write_bytes(data)
    return {"size": len(data)}


@router.post("/forward")
async def forward_to_scanner(upload: UploadFile) -> dict:
    async with httpx.AsyncClient() as client:
        # ruleid: unvalidated-file-upload
        response = await client.post(SCANNER_URL, files={"file": (upload.filename, upload.file)})
    return response.json()


@router.post("/attachments")
async def upload_attachments(files: list[UploadFile]) -> list[str]:
    names = []
    for item in files:
        # ruleid: unvalidated-file-upload, unvalidated-file-upload-path
        with open(f"{UPLOAD_DIR}/{item.filename}", "wb") as out:
            out.write(await item.read())
        names.append(item.filename)
    return names


@router.put("/profile-picture")
async def replace_picture(user: CurrentUser, picture: UploadFile | None = None) -> dict:
    data = await picture.read()
    destination = UPLOAD_DIR / str(user.id) / picture.filename
    # ruleid: unvalidated-file-upload-path
    destination.parent.mkdir(parents=True, exist_ok=True)
    if picture.content_type not in ALLOWED_TYPES or len(data) > MAX_BYTES:
        raise HTTPException(400)
    Image.open(io.BytesIO(data)).verify()
    # ruleid: unvalidated-file-upload-path
    destination.write_bytes(data)
    return {"ok": True}


@router.post("/backup-archives")
async def upload_backup_archive(archive: UploadFile) -> dict:
    # The extension is checked, the content never is.
    if archive.filename.split(".")[-1] != "zip":
        raise HTTPException(400)
    dest = BACKUPS / f"{uuid4().hex}.zip"
    # ruleid: unvalidated-file-upload
    with dest.open("wb") as buffer:
        # ruleid: unvalidated-file-upload
        shutil.copyfileobj(archive.file, buffer)
    return {"name": dest.name}


@router.post("/backups")
async def upload_backup(archive: UploadFile = File(...)) -> dict:
    # A check on some other value is not a check of the upload's type.
    if settings.BACKUPS_ENABLED != True:
        raise HTTPException(404)
    blob = bucket.blob(f"backups/{uuid4().hex}.zip")
    # ruleid: unvalidated-file-upload
    blob.upload_from_file(archive.file)
    return {"name": blob.name}


def save_for_later(file: UploadFile, folder: Path) -> Path:
    # Not a route, but the name still comes from the client.
    # ruleid: unvalidated-file-upload-path
    with open(os.path.join(folder, os.path.basename(file.filename)), "wb") as out:
        shutil.copyfileobj(file.file, out)
    return folder


def flask_upload():
    uploaded = request.files["document"]
    # ruleid: unvalidated-file-upload-path
    uploaded.save(os.path.join("/srv/uploads", uploaded.filename))


# --- not reported ------------------------------------------------------------

@router.post("/checked")
async def upload_checked(file: UploadFile) -> dict:
    if file.content_type not in ALLOWED_TYPES:
        raise HTTPException(415, "Only PNG or JPEG")
    if file.size is None or file.size > MAX_BYTES:
        raise HTTPException(413, "Too large")
    suffix = Path(file.filename or "").suffix.lower()
    target = UPLOAD_DIR / f"{uuid4().hex}{suffix}"
    # ok: unvalidated-file-upload
    with target.open("wb") as out:
        # ok: unvalidated-file-upload
        shutil.copyfileobj(file.file, out)
    return {"name": target.name, "original": file.filename}


@router.post("/sniffed")
async def upload_sniffed(file: UploadFile) -> dict:
    data = await file.read(MAX_BYTES + 1)
    kind = filetype.guess(data)
    if kind is None or kind.mime not in ALLOWED_TYPES or len(data) > MAX_BYTES:
        raise HTTPException(415)
    # ok: unvalidated-file-upload
    s3.put_object(Bucket="media", Key=f"{uuid4().hex}.{kind.extension}", Body=data)
    return {"type": kind.mime}


@router.post("/image-open")
async def upload_image_checked(image: UploadFile) -> dict:
    extension = os.path.splitext(image.filename)[1].lower()
    if extension not in ALLOWED_SUFFIXES:
        raise HTTPException(415)
    data = await image.read()
    Image.open(io.BytesIO(data)).verify()
    # ok: unvalidated-file-upload
    (UPLOAD_DIR / f"{uuid4().hex}{extension}").write_bytes(data)
    return {"ok": True}


@router.post("/archives")
async def upload_archive(archive: UploadFile) -> dict:
    if archive.filename.split(".")[-1] != "zip":
        raise HTTPException(400)
    if not zipfile.is_zipfile(archive.file):
        raise HTTPException(400)
    dest = BACKUPS / f"{uuid4().hex}.zip"
    # ok: unvalidated-file-upload
    with dest.open("wb") as buffer:
        shutil.copyfileobj(archive.file, buffer)
    return {"name": dest.name}


@router.post("/validated-by-helper")
async def upload_with_helper(file: UploadFile) -> dict:
    await validate_upload(file, allowed=ALLOWED_TYPES, max_bytes=MAX_BYTES)
    key = uuid4().hex
    # ok: unvalidated-file-upload
    s3.upload_fileobj(file.file, "media", key)
    return {"key": key}


@router.post("/import")
async def import_rows(file: UploadFile) -> dict:
    # Read and parsed, never stored: not reported.
    rows = list(csv.DictReader(io.StringIO((await file.read()).decode("utf-8"))))
    # ok: unvalidated-file-upload
    with open("/var/log/imports.log", "r") as log:
        log.read()
    return {"rows": len(rows)}


@router.post("/secure-name")
async def upload_secure_name(file: UploadFile) -> dict:
    if not file.filename.lower().endswith((".pdf",)) or (file.size or 0) > MAX_BYTES:
        raise HTTPException(400)
    # ok: unvalidated-file-upload-path
    path = os.path.join(UPLOAD_DIR, secure_filename(file.filename))
    # ok: unvalidated-file-upload
    with open(path, "wb") as out:
        shutil.copyfileobj(file.file, out)
    return {"path": path}


@router.post("/record-name")
async def upload_record_name(file: UploadFile, session: SessionDep) -> dict:
    # The original name kept as data only.
    document = Document(original_name=file.filename, size=file.size)
    # ok: unvalidated-file-upload-path
    session.add(document)
    return {"id": document.id}


def write_report(report: Report) -> None:
    # ok: unvalidated-file-upload-path
    with open(os.path.join(REPORTS, report.filename), "w") as out:
        out.write(report.body)
