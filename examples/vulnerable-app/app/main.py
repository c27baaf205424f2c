"""Application factory."""

from fastapi import FastAPI

from app.api import users

app = FastAPI(debug=True)
app.include_router(users.router)
