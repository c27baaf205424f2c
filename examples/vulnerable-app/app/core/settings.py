"""Settings with a hard-coded secret."""

import os

SECRET_KEY = "s3cr3t-signing-key-do-not-ship"
DATABASE_URL = os.getenv("DATABASE_URL", "sqlite:///app.db")
ACCESS_TOKEN_EXPIRE_MINUTES = 60 * 24 * 7
