import logging
import sys

import structlog
from fastapi import APIRouter, Depends, Request
from fastapi.security import OAuth2PasswordRequestForm

logger = logging.getLogger(__name__)
log = structlog.get_logger()
router = APIRouter()


@router.post("/login/access-token")
def login(form_data: OAuth2PasswordRequestForm = Depends()) -> Token:
    # ruleid: sensitive-data-logging
    logger.info("login attempt user=%s password=%s", form_data.username, form_data.password)
    user = crud.authenticate(email=form_data.username, password=form_data.password)
    access_token = security.create_access_token(user.id)
    # ruleid: sensitive-data-logging
    logger.debug(f"issued token {access_token} for {user.email}")
    # The user returned by authenticate() is not the password.
    # ok: sensitive-data-logging
    logger.info("user %s logged in", user.email)
    return Token(access_token=access_token)


def reset_password(token: str, new_password: str) -> None:
    # ruleid: sensitive-data-logging
    logging.warning("password reset with token %s" % token)
    # ruleid: sensitive-data-logging
    log.info("password_changed", new_password=new_password)


def connect(settings: Settings) -> None:
    dsn = f"postgresql://{settings.DB_USER}:{settings.DB_PASSWORD}@{settings.DB_HOST}/app"
    # ruleid: sensitive-data-logging
    logger.info("connecting to " + dsn)
    # ruleid: sensitive-data-logging
    print("SECRET_KEY is", settings.SECRET_KEY)


class PaymentService:
    def charge(self, card_number: str, cvv: str, amount: int) -> None:
        # ruleid: sensitive-data-logging
        self.logger.error("charge failed", extra={"card": card_number, "cvv": cvv})
        # ruleid: sensitive-data-logging
        self.logger.error("charge failed", extra={"cvv": self.last_code})


async def audit(request: Request) -> None:
    auth_header = request.headers.get("Authorization")
    # ruleid: sensitive-data-logging
    audit_logger.info("request from %s with %s", request.client.host, auth_header)


def create_client(api_key: str) -> Client:
    # ruleid: sensitive-data-logging
    logger.debug("creating client api_key=%s", api_key)
    return Client(api_key)


def cli(password: str, refresh_token: str) -> None:
    # ruleid: sensitive-data-logging
    logging.getLogger("cli").info("using %s", password)
    # ruleid: sensitive-data-logging
    print("refresh:", refresh_token, file=sys.stderr)


# --- not reported ------------------------------------------------------------

def hints(user: User) -> None:
    # ok: sensitive-data-logging
    logger.info("password policy hint requested")
    # ok: sensitive-data-logging
    logger.warning("Invalid token for user %s", user.id)
    # ok: sensitive-data-logging
    logger.info("password reset requested for user_id=%s", user.id)


def revoke(token: ApiToken, api_key: ApiKey) -> None:
    # ok: sensitive-data-logging
    logger.info("revoked token %s (%s) created %s", token.id, token.name, token.created_at)
    # ok: sensitive-data-logging
    logger.info("api key %s of %s", api_key.name, api_key.owner)


def issued(user: User, access_token: str, token_type: str, expires_in: int) -> None:
    # ok: sensitive-data-logging
    logger.info("issued %s token prefix=%s for %s", token_type, access_token[:6], user.id)
    # ok: sensitive-data-logging
    logger.debug("token length %d expires in %d", len(access_token), expires_in)


def completion(prompt_tokens: int, max_tokens: int, next_page_token: str) -> None:
    # ok: sensitive-data-logging
    logger.info("used %d of %d tokens, next page %s", prompt_tokens, max_tokens, next_page_token)


def masked(card_number: str, password: str) -> None:
    # ok: sensitive-data-logging
    logger.info("card ending %s", card_number[-4:])
    # ok: sensitive-data-logging
    logger.info("password set: %s", password is not None)
    # ok: sensitive-data-logging
    logger.info("credentials %s", mask_secret(password))


def write_env(secret_key: str, handle: TextIO) -> None:
    # ok: sensitive-data-logging
    print(f"SECRET_KEY={secret_key}", file=handle)


def has_credentials(has_password: bool, token_id: int) -> None:
    # ok: sensitive-data-logging
    logger.info("has password: %s, token id %s", has_password, token_id)
