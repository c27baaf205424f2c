"""Test target for plaintext-password."""

import hmac
import secrets

from django.contrib.auth.models import User as DjangoUser
from fastapi import APIRouter, Depends, HTTPException
from fastapi.security import HTTPBasicCredentials, OAuth2PasswordRequestForm
from sqlalchemy.orm import DeclarativeBase, Mapped, Session

from app.core.security import get_password_hash, verify_password
from app.models import User
from app.schemas import UserCreate, UserUpdate

router = APIRouter()


class Base(DeclarativeBase):
    pass


@router.post("/signup")
def signup(body: UserCreate, db: Session = Depends(get_db)):
    user = User(email=body.email)
    # ruleid: plaintext-password
    user.password = body.password
    db.add(user)
    db.commit()


@router.patch("/me/password")
def change_password(body: UserUpdate, current_user: User = Depends(get_current_user)):
    # ruleid: plaintext-password
    current_user.hashed_password = body.new_password
    return current_user


@router.post("/users")
def create_user(user_in: UserCreate, db: Session = Depends(get_db)):
    # ruleid: plaintext-password
    db_user = User(email=user_in.email, hashed_password=user_in.password)
    db.add(db_user)
    return db_user


@router.post("/register")
def register(user_in: UserCreate, db: Session = Depends(get_db)):
    # ruleid: plaintext-password
    db.add(User(email=user_in.email, password=user_in.password))
    db.commit()


def django_signup(request):
    # ruleid: plaintext-password
    DjangoUser.objects.create(username=request.POST["username"], password=request.POST["password"])


async def mongo_signup(db, user: UserCreate):
    # ruleid: plaintext-password
    await db.users.insert_one({"email": user.email, "password": user.password})


class Account(Base):
    __tablename__ = "accounts"

    def __init__(self, email: str, password: str) -> None:
        self.email = email
        # ruleid: plaintext-password
        self.password = password


@router.post("/login")
def login(form_data: OAuth2PasswordRequestForm = Depends(), db: Session = Depends(get_db)):
    user = db.query(User).filter(User.email == form_data.username).first()
    # ruleid: plaintext-password
    if not user or user.password != form_data.password:
        raise HTTPException(status_code=400, detail="Incorrect email or password")
    return user


def authenticate(db_user, password: str) -> bool:
    # ruleid: plaintext-password
    return db_user.password == password


def basic_auth(credentials: HTTPBasicCredentials, account) -> bool:
    # ruleid: plaintext-password
    return secrets.compare_digest(account.password, credentials.password)


def row_check(row, raw_password: str) -> bool:
    # ruleid: plaintext-password
    return row["password"] == raw_password


# --- must stay silent ---------------------------------------------------------------


@router.post("/signup-ok")
def signup_ok(body: UserCreate, db: Session = Depends(get_db)):
    # ok: plaintext-password
    user = User(email=body.email, hashed_password=get_password_hash(body.password))
    db.add(user)


@router.post("/users-ok")
def create_user_ok(user_in: UserCreate, db: Session = Depends(get_db)):
    hashed_password = get_password_hash(user_in.password)
    # ok: plaintext-password
    db_user = User(email=user_in.email, hashed_password=hashed_password)
    db.add(db_user)


def change_password_ok(body: UserUpdate, current_user: User) -> None:
    # ok: plaintext-password
    current_user.hashed_password = get_password_hash(body.new_password)


def rehash(user, password: str) -> None:
    password = get_password_hash(password)
    # ok: plaintext-password
    user.password = password


def login_ok(user, form_data: OAuth2PasswordRequestForm) -> bool:
    # ok: plaintext-password
    return verify_password(form_data.password, user.hashed_password)


def check_confirmation(body: UserCreate) -> None:
    # ok: plaintext-password
    if body.password != body.password_confirm:
        raise HTTPException(status_code=400, detail="Passwords do not match")


def check_confirmation_locals(password: str, confirm_password: str) -> None:
    # ok: plaintext-password
    if password != confirm_password:
        raise ValueError("Passwords do not match")


def same_as_old(user_in: UserUpdate) -> None:
    # ok: plaintext-password
    if user_in.new_password == user_in.current_password:
        raise HTTPException(status_code=400, detail="New password cannot be the same")


def django_ok(request):
    # ok: plaintext-password
    DjangoUser.objects.create_user(username=request.POST["username"], password=request.POST["password"])


def has_no_password(user) -> bool:
    # ok: plaintext-password
    return user.password is None or user.password == ""


def signature_ok(secret: bytes, expected: str, actual: str) -> bool:
    # ok: plaintext-password
    return hmac.compare_digest(expected, actual)


def build_client_config(settings, config) -> None:
    # ok: plaintext-password
    config.password = settings.SMTP_PASSWORD
