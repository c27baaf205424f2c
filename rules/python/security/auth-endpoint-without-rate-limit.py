from typing import Annotated

from fastapi import APIRouter, Depends, FastAPI, Request
from fastapi.security import OAuth2PasswordRequestForm
from fastapi_limiter.depends import RateLimiter
from slowapi import Limiter
from slowapi.util import get_remote_address
from unittest import mock

app = FastAPI()
limiter = Limiter(key_func=get_remote_address)
router = APIRouter(tags=["login"])
AUTH_PREFIX = "/auth"
auth_router = APIRouter(prefix=AUTH_PREFIX, tags=["auth"])
account_router = APIRouter(prefix="/account")
admin_router = AdminAPIRouter(prefix="/users")
limited_router = APIRouter(
    prefix="/sessions",
    dependencies=[Depends(RateLimiter(times=10, seconds=60))],
)


# ruleid: auth-endpoint-without-rate-limit
@router.post("/login/access-token")
def login_access_token(form_data: Annotated[OAuth2PasswordRequestForm, Depends()]) -> Token:
    user = crud.authenticate(email=form_data.username, password=form_data.password)
    return Token(access_token=security.create_access_token(user.id))


# ruleid: auth-endpoint-without-rate-limit
@app.post("/api/v1/users/signup", response_model=UserPublic)
async def create_account(user_in: UserRegister) -> User:
    return await crud.create_user(user_in)


# ruleid: auth-endpoint-without-rate-limit
@router.post(
    "/password-recovery/{email}",
    response_model=Message,
)
def recover(email: str) -> Message:
    send_reset_email(email)
    return Message(message="If the account exists, an e-mail was sent")


# ruleid: auth-endpoint-without-rate-limit
@router.post("/reset/{token}")
async def reset(token: str, body: NewPassword) -> Message:
    return await users.reset(token, body.new_password)


# The prefix, defined above through a constant, makes this an auth route.
# ruleid: auth-endpoint-without-rate-limit
@auth_router.post("/")
async def create_session(credentials: Credentials) -> Session:
    return await sessions.open(credentials)


# The function name says what the route does.
# ruleid: auth-endpoint-without-rate-limit
@account_router.post("/verify")
async def verify_otp(code: str, user: CurrentUser) -> Message:
    return await otp.verify(user, code)


# ruleid: auth-endpoint-without-rate-limit
@router.patch("/users/me/password", response_model=Message)
async def update_password_me(body: UpdatePassword, user: CurrentUser) -> Message:
    return await users.change_password(user, body)


# A limiter on a different route in the same file does not count.
# ruleid: auth-endpoint-without-rate-limit
@app.api_route("/oauth2/token", methods=["POST"])
@cache(expire=60)
async def issue_token(request: Request) -> dict:
    return await oauth_server.create_token_response(request)


def login_endpoint(form: OAuth2PasswordRequestForm = Depends()) -> Token:
    return authenticate(form)


# ruleid: auth-endpoint-without-rate-limit
app.add_api_route("/auth/login", login_endpoint, methods=["POST"])


# ruleid: auth-endpoint-without-rate-limit
@router.post(f"{settings.API_V1_STR}/register")
async def register_user(user_in: UserCreate) -> User:
    return await crud.create_user(user_in)


# ruleid: auth-endpoint-without-rate-limit
@router.post("/2fa/enable", dependencies=[Depends(get_current_user)])
async def enable_two_factor(user: CurrentUser) -> dict:
    return await mfa.enable(user)


# ok: auth-endpoint-without-rate-limit
@router.post("/login")
@limiter.limit("5/minute")
async def limited_login(request: Request, form: OAuth2PasswordRequestForm = Depends()) -> Token:
    return await authenticate(form)


# ok: auth-endpoint-without-rate-limit
@router.post("/token", dependencies=[Depends(RateLimiter(times=5, seconds=60))])
async def limited_token(form: OAuth2PasswordRequestForm = Depends()) -> Token:
    return await authenticate(form)


# ok: auth-endpoint-without-rate-limit
@router.post("/forgot-password")
async def forgot_password(
    email: str,
    _: Annotated[None, Depends(RateLimiter(times=2, seconds=300))],
) -> Message:
    return await users.send_reset(email)


# ok: auth-endpoint-without-rate-limit
@router.post("/signup")
async def limited_signup(body: UserRegister, _limit: None = Depends(RateLimiter(times=3, hours=1))) -> User:
    return await crud.create_user(body)


# The router carries the limit for all of its routes.
# ok: auth-endpoint-without-rate-limit
@limited_router.post("/login")
async def session_login(credentials: Credentials) -> Session:
    return await sessions.open(credentials)


# Not an auth route.
# ok: auth-endpoint-without-rate-limit
@router.get("/items/{item_id}")
async def read_item(item_id: int) -> Item:
    return await items.get(item_id)


# "authors" is not "auth", "tokens" counted by an LLM endpoint are not credentials.
# ok: auth-endpoint-without-rate-limit
@router.get("/authors/{author_id}/books")
async def list_books(author_id: int) -> list[Book]:
    return await books.by_author(author_id)


# ok: auth-endpoint-without-rate-limit
@router.post("/count-tokens")
async def count_prompt_tokens(body: Prompt) -> int:
    return tokenizer.count(body.text)


# Signing out and reading the current user are not guessing targets.
# ok: auth-endpoint-without-rate-limit
@auth_router.post("/logout")
async def logout(user: CurrentUser) -> Message:
    return await sessions.close(user)


# ok: auth-endpoint-without-rate-limit
@auth_router.get("/me")
async def read_me(user: CurrentUser) -> UserPublic:
    return user


# A resource that can be reset is not a password reset.
# ok: auth-endpoint-without-rate-limit
@router.post("/counters/{counter_id}/reset")
async def reset_counter(counter_id: int) -> Counter:
    return await counters.reset(counter_id)


# Mocks in tests are not routes.
# ok: auth-endpoint-without-rate-limit
@mock.patch("app.api.routes.login.send_email")
def test_login_sends_mail(send_email: mock.Mock) -> None:
    assert send_email.called


# Reading a login page or starting an OAuth redirect takes no guessable input.
# ok: auth-endpoint-without-rate-limit
@router.get("/auth/oauth")
async def oauth_login(request: Request) -> RedirectResponse:
    return await oauth.oidc.authorize_redirect(request, redirect_uri)


# Tokens that are not credentials, named in the function only.
# ok: auth-endpoint-without-rate-limit
@router.post("/households/invitations")
def create_invite_token(self, uses: CreateInviteToken) -> InviteToken:
    return invitations.create(uses)


# A path parameter that is an identifier.
# ok: auth-endpoint-without-rate-limit
@router.delete("/users/api-keys/{token_id}")
def delete_api_key(token_id: int, user: CurrentUser) -> Message:
    return api_keys.delete(user, token_id)


# Admin-only routes.
# ok: auth-endpoint-without-rate-limit
@router.post("/password-recovery-html-content/{email}", dependencies=[Depends(get_current_active_superuser)])
def recover_password_html_content(email: str) -> HTMLResponse:
    return render_recovery_mail(email)


# ok: auth-endpoint-without-rate-limit
@admin_router.post("/password-reset-token")
def generate_token(email: ForgotPassword) -> PasswordResetToken:
    return PasswordResetToken(token=reset_service.generate(email.email))


@controller(router)
class AdminUserManagementRoutes(BaseAdminController):
    # ok: auth-endpoint-without-rate-limit
    @router.post("/users/{user_id}/password-reset-token")
    def generate_reset_token(self, user_id: int) -> PasswordResetToken:
        return PasswordResetToken(token=reset_service.generate_for(user_id))


@controller(router)
class UserRoutes(BaseUserController):
    # ruleid: auth-endpoint-without-rate-limit
    @router.put("/users/self/password")
    def update_password(self, password_change: ChangePassword) -> Message:
        return users.change_password(self.user, password_change)


# ok: auth-endpoint-without-rate-limit
@router.post("/users/{user_id}/reset-password")
def admin_reset_password(user_id: int, body: AdminPasswordReset, owner: CurrentOwner) -> User:
    return users.reset_password(user_id, body)


@limiter.limit("5/minute")
async def limited_login_endpoint(request: Request) -> Token:
    return await authenticate_request(request)


# ok: auth-endpoint-without-rate-limit
app.add_api_route("/auth/token", limited_login_endpoint, methods=["POST"])

# ok: auth-endpoint-without-rate-limit
app.add_api_route(
    "/auth/refresh",
    refresh_endpoint,
    methods=["POST"],
    dependencies=[Depends(RateLimiter(times=10, seconds=60))],
)
