"""Write a deterministic, realistic FastAPI-style project of a given size for benchmarks.

The tree looks like a typical service: an ``app`` package with ``core``
(settings, database, security, logging, error handlers), many domain packages
(router, schemas, SQLAlchemy models, service, repository with some SQL),
pytest tests, a Dockerfile, docker-compose, a Makefile, a CI workflow and a
small Express gateway in JavaScript. A few deliberate policy violations are
sprinkled in at a low, realistic rate so that rules have real work to do.

The same ``--lines`` and ``--seed`` always give byte-identical output. Run
it with the project's interpreter, for example::

    .venv/bin/python benchmarks/generate_corpus.py --lines 100000 \\
        --out benchmarks/corpus/100k

``benchmarks/corpus/`` is git-ignored: never commit a generated corpus.
"""

from __future__ import annotations

import argparse
import random
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

DOMAINS_PER_GROUP = 25
#: One domain in this many gets a deliberate violation (a realistic low rate).
VIOLATION_EVERY = 12
#: Share of the lines given to the JavaScript gateway.
JAVASCRIPT_SHARE = 0.04
MARKER_FILE = ".backguard-corpus"

NOUNS = (
    "account",
    "address",
    "invoice",
    "order",
    "payment",
    "product",
    "customer",
    "shipment",
    "warehouse",
    "supplier",
    "refund",
    "coupon",
    "review",
    "ticket",
    "subscription",
    "plan",
    "report",
    "audit",
    "notification",
    "message",
    "document",
    "attachment",
    "project",
    "task",
    "comment",
    "team",
    "member",
    "role",
    "permission",
    "tenant",
    "webhook",
    "event",
    "schedule",
    "booking",
    "room",
    "vehicle",
    "driver",
    "route",
    "device",
    "sensor",
    "reading",
    "contract",
    "quote",
    "lead",
    "campaign",
    "survey",
    "answer",
    "course",
    "lesson",
    "grade",
    "asset",
    "license",
    "vendor",
    "budget",
    "expense",
)
FIELD_TYPES = (
    ("name", "String(120)", "str", '"example"'),
    ("title", "String(200)", "str", '"A title"'),
    ("description", "Text", "str", '"Some text"'),
    ("status", "String(32)", "str", '"active"'),
    ("quantity", "Integer", "int", "3"),
    ("amount_cents", "Integer", "int", "1999"),
    ("currency", "String(3)", "str", '"EUR"'),
    ("is_active", "Boolean", "bool", "True"),
    ("priority", "Integer", "int", "2"),
    ("external_ref", "String(64)", "str", '"ext-42"'),
    ("notes", "Text", "str", '"n/a"'),
    ("score", "Float", "float", "4.5"),
    ("country", "String(2)", "str", '"DE"'),
    ("email", "String(254)", "str", '"user@example.com"'),
    ("position", "Integer", "int", "7"),
)


@dataclass
class Corpus:
    """Files being written and the running line count."""

    root: Path
    lines: int = 0
    files: int = 0
    violations: list[str] = field(default_factory=list)

    def write(self, relative: str, lines: list[str]) -> None:
        """Write one file (parents created) and count its lines.

        Args:
            relative: POSIX path below the corpus root.
            lines: The file's lines, without newlines.
        """
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        self.lines += len(lines)
        self.files += 1


@dataclass(frozen=True)
class Domain:
    """One domain package: its module path and entity names."""

    package: str
    """Dotted path, e.g. ``app.domains.g003.invoice_7``."""
    name: str
    entity: str
    fields: tuple[tuple[str, str, str, str], ...]
    violation: str | None
    extra_methods: int = 4
    libraries: frozenset[str] = frozenset()
    """Standard and third-party libraries the service module uses."""

    @property
    def folder(self) -> str:
        """Return the package folder as a POSIX path."""
        return self.package.replace(".", "/")

    @property
    def table(self) -> str:
        """Return the SQL table name."""
        return self.name + "s"


def camel(snake: str) -> str:
    """Turn ``snake_case`` into ``CamelCase``.

    Args:
        snake: A snake_case name.

    Returns:
        The CamelCase name.
    """
    return "".join(part.capitalize() for part in snake.split("_"))


# ---------------------------------------------------------------- core files


def core_files(corpus: Corpus) -> None:
    """Write the project files that every FastAPI service has.

    Args:
        corpus: The corpus being written.
    """
    corpus.write("app/__init__.py", ['"""The example service."""', "", '__version__ = "1.4.2"'])
    corpus.write("app/core/__init__.py", ['"""Settings, database, security, logging."""'])
    corpus.write("app/core/config.py", config_module())
    corpus.write("app/core/database.py", database_module())
    corpus.write("app/core/security.py", security_module())
    corpus.write("app/core/logging.py", logging_module())
    corpus.write("app/core/errors.py", errors_module())
    corpus.write("app/core/pagination.py", pagination_module())
    corpus.write("app/domains/__init__.py", ['"""Domain packages, one per bounded context."""'])
    corpus.write("tests/__init__.py", ['"""Test suite."""'])
    corpus.write("tests/conftest.py", conftest_module())
    corpus.write("Dockerfile", dockerfile())
    corpus.write("docker-compose.yml", compose_file())
    corpus.write("Makefile", makefile())
    corpus.write(".github/workflows/ci.yml", ci_workflow())
    corpus.write("pyproject.toml", pyproject())
    corpus.write(".gitignore", ["__pycache__/", "*.pyc", ".venv/", "node_modules/", "dist/"])
    corpus.write("README.md", ["# Example service", "", "Generated benchmark corpus."])
    corpus.write(
        "scripts/seed.py",
        [
            '"""Load demo rows (run by make seed)."""',
            "",
            "",
            "def main() -> None:",
            '    """Seed the database."""',
            '    print("seeding")',
            "",
            "",
            'if __name__ == "__main__":',
            "    main()",
        ],
    )


def config_module() -> list[str]:
    """Return ``app/core/config.py``: pydantic settings read from the environment."""
    return [
        '"""Application settings, read from the environment."""',
        "",
        "from __future__ import annotations",
        "",
        "from functools import lru_cache",
        "",
        "from pydantic_settings import BaseSettings, SettingsConfigDict",
        "",
        "",
        "class Settings(BaseSettings):",
        '    """Every setting of the service; values come from the environment."""',
        "",
        '    model_config = SettingsConfigDict(env_file=".env", extra="ignore")',
        "",
        '    app_name: str = "example-service"',
        "    database_url: str",
        "    secret_key: str",
        '    jwt_algorithm: str = "HS256"',
        "    access_token_expire_minutes: int = 15",
        "    refresh_token_expire_days: int = 7",
        "    page_size: int = 50",
        '    cors_origins: list[str] = ["https://example.com"]',
        "",
        "",
        "@lru_cache",
        "def get_settings() -> Settings:",
        '    """Return the cached settings object."""',
        "    return Settings()",
        "",
        "",
        "settings = get_settings()",
    ]


def database_module() -> list[str]:
    """Return ``app/core/database.py``: engine, session factory and dependency."""
    return [
        '"""Database engine and sessions."""',
        "",
        "from __future__ import annotations",
        "",
        "from collections.abc import Iterator",
        "",
        "from sqlalchemy import create_engine",
        "from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker",
        "",
        "from .config import settings",
        "",
        "engine = create_engine(settings.database_url, pool_pre_ping=True)",
        "SessionLocal = sessionmaker(bind=engine, autoflush=False)",
        "",
        "",
        "class Base(DeclarativeBase):",
        '    """Base class of every ORM model."""',
        "",
        "",
        "def get_session() -> Iterator[Session]:",
        '    """Yield a session and close it after the request."""',
        "    with SessionLocal() as session:",
        "        yield session",
    ]


def security_module() -> list[str]:
    """Return ``app/core/security.py``: password hashing and JWTs done right."""
    return [
        '"""Password hashing and access tokens."""',
        "",
        "from __future__ import annotations",
        "",
        "from datetime import UTC, datetime, timedelta",
        "",
        "import jwt",
        "from fastapi import Depends, HTTPException, status",
        "from fastapi.security import OAuth2PasswordBearer",
        "from passlib.context import CryptContext",
        "",
        "from .config import settings",
        "",
        'password_context = CryptContext(schemes=["bcrypt"], deprecated="auto")',
        'oauth2_scheme = OAuth2PasswordBearer(tokenUrl="/auth/token")',
        "",
        "",
        "def hash_password(plain: str) -> str:",
        '    """Hash a password with bcrypt."""',
        "    return password_context.hash(plain)",
        "",
        "",
        "def verify_password(plain: str, hashed: str) -> bool:",
        '    """Check a password against its hash."""',
        "    return password_context.verify(plain, hashed)",
        "",
        "",
        "def create_access_token(subject: str) -> str:",
        '    """Create a short-lived signed access token."""',
        "    expires = datetime.now(UTC) + timedelta(minutes=15)",
        '    payload = {"sub": subject, "exp": expires}',
        '    return jwt.encode(payload, settings.secret_key, algorithm="HS256")',
        "",
        "",
        "def current_user_id(token: str = Depends(oauth2_scheme)) -> str:",
        '    """Return the user ID of a valid bearer token."""',
        "    try:",
        '        claims = jwt.decode(token, settings.secret_key, algorithms=["HS256"])',
        "    except jwt.PyJWTError as error:",
        "        raise HTTPException(status.HTTP_401_UNAUTHORIZED) from error",
        '    return str(claims["sub"])',
    ]


def logging_module() -> list[str]:
    """Return ``app/core/logging.py``."""
    return [
        '"""Logging setup."""',
        "",
        "from __future__ import annotations",
        "",
        "import logging",
        "import sys",
        "",
        "",
        "def configure_logging(level: int = logging.INFO) -> None:",
        '    """Send structured-ish log lines to stdout."""',
        "    handler = logging.StreamHandler(sys.stdout)",
        '    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))',
        "    root = logging.getLogger()",
        "    root.setLevel(level)",
        "    root.addHandler(handler)",
    ]


def errors_module() -> list[str]:
    """Return ``app/core/errors.py``: the global exception handler."""
    return [
        '"""Exception handlers that never leak internals."""',
        "",
        "from __future__ import annotations",
        "",
        "import logging",
        "",
        "from fastapi import FastAPI, Request",
        "from fastapi.responses import JSONResponse",
        "",
        "logger = logging.getLogger(__name__)",
        "",
        "",
        "def register_error_handlers(app: FastAPI) -> None:",
        '    """Register the catch-all handler."""',
        "",
        "    @app.exception_handler(Exception)",
        "    async def unhandled(request: Request, exc: Exception) -> JSONResponse:",
        '        logger.exception("unhandled error on %s", request.url.path)',
        '        return JSONResponse({"detail": "Internal server error"}, status_code=500)',
    ]


def pagination_module() -> list[str]:
    """Return ``app/core/pagination.py``."""
    return [
        '"""Pagination helpers shared by the routers."""',
        "",
        "from __future__ import annotations",
        "",
        "from pydantic import BaseModel, Field",
        "",
        "",
        "class Page(BaseModel):",
        '    """Query parameters of a paginated list."""',
        "",
        "    offset: int = Field(0, ge=0)",
        "    limit: int = Field(50, ge=1, le=500)",
        "",
        "",
        "def clamp(limit: int, maximum: int = 500) -> int:",
        '    """Keep a page size within bounds."""',
        "    return max(1, min(limit, maximum))",
    ]


def conftest_module() -> list[str]:
    """Return ``tests/conftest.py``."""
    return [
        '"""Shared fixtures."""',
        "",
        "from __future__ import annotations",
        "",
        "import pytest",
        "from fastapi.testclient import TestClient",
        "",
        "from app.main import app",
        "",
        "",
        "@pytest.fixture",
        "def client() -> TestClient:",
        '    """Return a test client for the app."""',
        "    return TestClient(app)",
    ]


def dockerfile() -> list[str]:
    """Return a multi-stage Dockerfile that starts the app with ``python -m``."""
    return [
        "FROM python:3.12-slim AS build",
        "WORKDIR /src",
        "COPY pyproject.toml .",
        "RUN pip install --no-cache-dir build && python -m build --wheel",
        "",
        "FROM python:3.12-slim",
        "WORKDIR /app",
        "COPY --from=build /src/dist/*.whl /tmp/",
        "RUN pip install --no-cache-dir /tmp/*.whl && rm /tmp/*.whl",
        "COPY app ./app",
        "ENV PYTHONUNBUFFERED=1",
        "USER 1000",
        "EXPOSE 8000",
        'CMD ["python", "-m", "uvicorn", "app.main:app", "--host", "0.0.0.0"]',
    ]


def compose_file() -> list[str]:
    """Return ``docker-compose.yml``."""
    return [
        "services:",
        "  api:",
        "    build: .",
        "    command: python -m uvicorn app.main:app --host 0.0.0.0 --reload",
        "    environment:",
        "      DATABASE_URL: postgresql+psycopg://app@db/app",
        "    ports: ['8000:8000']",
        "  db:",
        "    image: postgres:16",
    ]


def makefile() -> list[str]:
    """Return a Makefile; the seed target is a deliberate ``script-execution``."""
    return [
        ".PHONY: test run seed",
        "test:",
        "\tpython -m pytest -q",
        "run:",
        "\tpython -m uvicorn app.main:app --reload",
        "seed:",
        "\tpython scripts/seed.py",
    ]


def ci_workflow() -> list[str]:
    """Return the GitHub Actions workflow."""
    return [
        "name: ci",
        "on: [push, pull_request]",
        "jobs:",
        "  test:",
        "    runs-on: ubuntu-latest",
        "    steps:",
        "      - uses: actions/checkout@v4",
        "      - uses: actions/setup-python@v5",
        "        with: {python-version: '3.12'}",
        "      - run: pip install -e '.[test]'",
        "      - run: python -m pytest -q",
    ]


def pyproject() -> list[str]:
    """Return the corpus's ``pyproject.toml`` (no backguard settings: defaults apply)."""
    return [
        "[project]",
        'name = "example-service"',
        'version = "1.4.2"',
        'requires-python = ">=3.11"',
        'dependencies = ["fastapi", "sqlalchemy", "pydantic-settings", "pyjwt", "passlib"]',
    ]


# ------------------------------------------------------------ domain modules


def domain_init(domain: Domain) -> list[str]:
    """Return a domain's ``__init__.py``.

    Args:
        domain: The domain.

    Returns:
        The file's lines.
    """
    return [
        f'"""The {domain.name.replace("_", " ")} domain."""',
        "",
        "from .router import router",
        "",
        '__all__ = ["router"]',
    ]


def models_module(domain: Domain) -> list[str]:
    """Return a domain's SQLAlchemy models.

    Args:
        domain: The domain.

    Returns:
        The file's lines.
    """
    entity = domain.entity
    lines = [
        f'"""ORM models of the {domain.name} domain."""',
        "",
        "from __future__ import annotations",
        "",
        "from datetime import datetime",
        "",
        "from sqlalchemy import Boolean, DateTime, Float, ForeignKey, Integer, String, Text",
        "from sqlalchemy.orm import Mapped, mapped_column, relationship",
        "",
        "from ...core.database import Base"
        if domain.violation != "absolute-import"
        else "from app.core.database import Base",
        "",
        "",
        f"class {entity}(Base):",
        f'    """A stored {domain.name.replace("_", " ")}."""',
        "",
        f'    __tablename__ = "{domain.table}"',
        "",
        "    id: Mapped[int] = mapped_column(Integer, primary_key=True)",
    ]
    for name, column, python_type, _example in domain.fields:
        lines.append(f"    {name}: Mapped[{python_type}] = mapped_column({column})")
    lines += [
        "    created_at: Mapped[datetime] = mapped_column(DateTime, default=datetime.utcnow)",
        "    updated_at: Mapped[datetime] = mapped_column(DateTime, default=datetime.utcnow)",
        f'    lines: Mapped[list[{entity}Line]] = relationship(back_populates="parent")',
        "",
        "    def touch(self) -> None:",
        '        """Mark the row as changed now."""',
        "        self.updated_at = datetime.utcnow()",
        "",
        "",
        f"class {entity}Line(Base):",
        f'    """A line item of a {domain.name.replace("_", " ")}."""',
        "",
        f'    __tablename__ = "{domain.name}_lines"',
        "",
        "    id: Mapped[int] = mapped_column(Integer, primary_key=True)",
        f'    parent_id: Mapped[int] = mapped_column(ForeignKey("{domain.table}.id"))',
        "    label: Mapped[str] = mapped_column(String(200))",
        "    weight: Mapped[float] = mapped_column(Float, default=1.0)",
        "    enabled: Mapped[bool] = mapped_column(Boolean, default=True)",
        '    comment: Mapped[str] = mapped_column(Text, default="")',
        f'    parent: Mapped[{entity}] = relationship(back_populates="lines")',
    ]
    return lines


def schemas_module(domain: Domain) -> list[str]:
    """Return a domain's Pydantic schemas.

    Args:
        domain: The domain.

    Returns:
        The file's lines.
    """
    entity = domain.entity
    lines = [
        f'"""Request and response schemas of the {domain.name} domain."""',
        "",
        "from __future__ import annotations",
        "",
        "from datetime import datetime",
        "",
        "from pydantic import BaseModel, ConfigDict, Field",
        "",
        "",
        f"class {entity}Base(BaseModel):",
        f'    """Fields shared by every {entity} schema."""',
        "",
    ]
    for name, _column, python_type, example in domain.fields:
        lines.append(f"    {name}: {python_type} = Field(..., examples=[{example}])")
    lines += [
        "",
        "",
        f"class {entity}Create({entity}Base):",
        f'    """Body of a create request."""',
        "",
        "",
        f"class {entity}Update(BaseModel):",
        f'    """Body of a partial update."""',
        "",
    ]
    for name, _column, python_type, _example in domain.fields:
        lines.append(f"    {name}: {python_type} | None = None")
    lines += [
        "",
        "",
        f"class {entity}Read({entity}Base):",
        f'    """A {entity} as returned by the API."""',
        "",
        "    model_config = ConfigDict(from_attributes=True)",
        "",
        "    id: int",
        "    created_at: datetime",
        "    updated_at: datetime",
        "",
        "",
        f"class {entity}Page(BaseModel):",
        f'    """A page of {entity} rows."""',
        "",
        f"    items: list[{entity}Read]",
        "    total: int",
        "    offset: int",
        "    limit: int",
    ]
    return lines


def repository_module(domain: Domain) -> list[str]:
    """Return a domain's repository: ORM queries plus some hand-written SQL.

    Args:
        domain: The domain.

    Returns:
        The file's lines.
    """
    entity, table = domain.entity, domain.table
    first = domain.fields[0][0]
    search = [
        "    def search(self, term: str, limit: int = 50) -> list[dict]:",
        f'        """Find rows whose {first} contains a term."""',
    ]
    if domain.violation == "sql-injection":
        search += [
            f"        query = f\"SELECT * FROM {table} WHERE {first} LIKE '%{{term}}%'\"",
            "        return [dict(row) for row in self.session.execute(text(query)).mappings()]",
        ]
    else:
        search += [
            f'        query = text("SELECT * FROM {table} WHERE {first} LIKE :term LIMIT :limit")',
            '        rows = self.session.execute(query, {"term": f"%{term}%", "limit": limit})',
            "        return [dict(row) for row in rows.mappings()]",
        ]
    return [
        f'"""Data access for the {domain.name} domain."""',
        "",
        "from __future__ import annotations",
        "",
        "from sqlalchemy import func, select, text",
        "from sqlalchemy.orm import Session",
        "",
        f"from .models import {entity}, {entity}Line",
        "",
        f'COLUMNS = "id, {", ".join(f[0] for f in domain.fields[:4])}, created_at"',
        *(
            ['PARTNER_API_TOKEN = "pk9Rt2vLq8ZxW4mN7bYc"']
            if domain.violation == "hardcoded-secret"
            else []
        ),
        "",
        "",
        f"class {entity}Repository:",
        f'    """Loads and stores {entity} rows."""',
        "",
        "    def __init__(self, session: Session) -> None:",
        "        self.session = session",
        "",
        f"    def get(self, item_id: int) -> {entity} | None:",
        '        """Return one row by primary key."""',
        f"        return self.session.get({entity}, item_id)",
        "",
        f"    def list(self, offset: int, limit: int) -> tuple[list[{entity}], int]:",
        '        """Return a page of rows and the total count."""',
        f"        statement = select({entity}).order_by({entity}.id).offset(offset).limit(limit)",
        "        items = list(self.session.scalars(statement))",
        f"        total = self.session.scalar(select(func.count()).select_from({entity})) or 0",
        "        return items, total",
        "",
        f"    def add(self, item: {entity}) -> {entity}:",
        '        """Insert a row and return it with its ID."""',
        "        self.session.add(item)",
        "        self.session.commit()",
        "        self.session.refresh(item)",
        "        return item",
        "",
        f"    def delete(self, item: {entity}) -> None:",
        '        """Delete a row."""',
        "        self.session.delete(item)",
        "        self.session.commit()",
        "",
        "    def recent(self, limit: int) -> list[dict]:",
        '        """Return the newest rows as plain dictionaries."""',
        f'        query = text(f"SELECT {{COLUMNS}} FROM {table} '
        'ORDER BY created_at DESC LIMIT :n")',
        '        return [dict(r) for r in self.session.execute(query, {"n": limit}).mappings()]',
        "",
        *search,
        "",
        "    def line_totals(self, parent_id: int) -> float:",
        '        """Sum the weights of a row\'s enabled lines."""',
        f"        statement = select(func.sum({entity}Line.weight)).where(",
        f"            {entity}Line.parent_id == parent_id, {entity}Line.enabled.is_(True)",
        "        )",
        "        return float(self.session.scalar(statement) or 0.0)",
    ]


SERVICE_VIOLATIONS: dict[str, list[str]] = {
    "weak-hash": [
        "    def etag(self, item_id: int) -> str:",
        '        """Return a cache tag (a deliberate weak hash)."""',
        "        return hashlib.md5(str(item_id).encode()).hexdigest()",
    ],
    "subprocess": [
        "    def export_pdf(self, item_id: int) -> bytes:",
        '        """Render a PDF with an external tool (no timeout: deliberate)."""',
        '        done = subprocess.run(["wkhtmltopdf", str(item_id), "-"], capture_output=True)',
        "        return done.stdout",
    ],
    "weak-random": [
        "    def share_token(self) -> str:",
        '        """Return a share token (deliberately not from secrets)."""',
        '        token = "".join(random.choice("abcdef0123456789") for _ in range(32))',
        "        return token",
    ],
    "yaml-load": [
        "    def import_rules(self, document: str) -> dict:",
        '        """Parse imported rules (deliberately with the unsafe loader)."""',
        "        return yaml.load(document, Loader=yaml.Loader)",
    ],
    "shell": [
        "    def archive(self, name: str) -> None:",
        '        """Archive an export through a shell (deliberate)."""',
        '        os.system(f"tar czf /tmp/{name}.tgz /var/exports/{name}")',
    ],
    "log-secret": [
        "    def rotate(self, api_key: str) -> None:",
        '        """Rotate an API key (deliberately logs it)."""',
        '        logger.info("rotating key %s", api_key)',
    ],
}


#: How often a domain's service uses each library (real services rarely shell out).
LIBRARY_SHARES = {"os": 0.3, "hashlib": 0.2, "random": 0.15, "yaml": 0.1, "subprocess": 0.05}
#: The library each deliberate service violation needs.
VIOLATION_LIBRARIES = {
    "weak-hash": "hashlib",
    "subprocess": "subprocess",
    "weak-random": "random",
    "yaml-load": "yaml",
    "shell": "os",
}
LIBRARY_METHODS: dict[str, list[str]] = {
    "random": [
        "    def jitter(self) -> float:",
        '        """Return a retry delay with jitter (random is fine here)."""',
        "        return 0.5 + random.random()",
    ],
    "hashlib": [
        "    def checksum(self, payload: bytes) -> str:",
        '        """Return a content checksum."""',
        "        return hashlib.sha256(payload).hexdigest()",
    ],
    "os": [
        "    def release(self) -> str:",
        '        """Return the deployment environment name."""',
        '        return os.environ.get("RELEASE_ENV", "dev")',
    ],
    "yaml": [
        "    def load_defaults(self, document: str) -> dict:",
        '        """Parse default values safely."""',
        "        return yaml.safe_load(document) or {}",
    ],
    "subprocess": [
        "    def version(self) -> str:",
        '        """Return the git revision of the deployment."""',
        '        done = subprocess.run(["git", "rev-parse", "HEAD"], '
        "capture_output=True, timeout=5)",
        "        return done.stdout.decode().strip()",
    ],
}


def service_imports(domain: Domain) -> list[str]:
    """Return the import block of a domain's service module.

    Args:
        domain: The domain.

    Returns:
        The file's lines.
    """
    standard = sorted({"logging", *(lib for lib in domain.libraries if lib != "yaml")})
    lines = [f"import {name}" for name in standard] + [""]
    if "yaml" in domain.libraries:
        lines.append("import yaml")
    return lines + [
        "from fastapi import HTTPException, status",
        "",
        f"from .models import {domain.entity}",
        f"from .repository import {domain.entity}Repository",
        f"from .schemas import {domain.entity}Create, {domain.entity}Update",
    ]


def service_module(domain: Domain) -> list[str]:
    """Return a domain's service layer with some realistic branching.

    Args:
        domain: The domain.

    Returns:
        The file's lines.
    """
    entity = domain.entity
    fields = [f[0] for f in domain.fields]
    lines = [
        f'"""Business rules of the {domain.name} domain."""',
        "",
        "from __future__ import annotations",
        "",
        *service_imports(domain),
        "",
        "logger = logging.getLogger(__name__)",
        "",
        "",
        f"class {entity}Service:",
        f'    """Use cases of the {domain.name} domain."""',
        "",
        f"    def __init__(self, repository: {entity}Repository) -> None:",
        "        self.repository = repository",
        "",
        f"    def fetch(self, item_id: int) -> {entity}:",
        '        """Return a row or fail with 404."""',
        "        item = self.repository.get(item_id)",
        "        if item is None:",
        f'            raise HTTPException(status.HTTP_404_NOT_FOUND, "{entity} not found")',
        "        return item",
        "",
        f"    def create(self, data: {entity}Create) -> {entity}:",
        '        """Validate and store a new row."""',
        f"        item = {entity}(**data.model_dump())",
        f'        logger.info("creating {domain.name} id=%s", getattr(item, "id", None))',
        "        return self.repository.add(item)",
        "",
        f"    def update(self, item_id: int, data: {entity}Update) -> {entity}:",
        '        """Apply a partial update."""',
        "        item = self.fetch(item_id)",
        "        for key, value in data.model_dump(exclude_unset=True).items():",
        "            setattr(item, key, value)",
        "        item.touch()",
        "        return self.repository.add(item)",
        "",
        "    def remove(self, item_id: int) -> None:",
        '        """Delete a row."""',
        "        self.repository.delete(self.fetch(item_id))",
        "",
        "    def summary(self, item_id: int) -> dict[str, object]:",
        '        """Compute a summary with a few business rules."""',
        "        item = self.fetch(item_id)",
        "        total = self.repository.line_totals(item_id)",
        '        level = "low"',
        "        if total > 100:",
        '            level = "high"',
        "        elif total > 10:",
        '            level = "medium"',
        "        return {",
        '            "id": item.id,',
        f'            "{fields[0]}": item.{fields[0]},',
        f'            "{fields[1]}": item.{fields[1]},',
        '            "total": total,',
        '            "level": level,',
        "        }",
        "",
        "    def render(self, item_id: int) -> str:",
        '        """Render a row for export."""',
        "        item = self.fetch(item_id)",
        "        parts = [",
        *[f'            f"{name}={{item.{name}}}",' for name in fields],
        "        ]",
        '        return ";".join(parts)',
    ]
    for library in sorted(domain.libraries):
        lines += ["", *LIBRARY_METHODS[library]]
    for number in range(domain.extra_methods):
        field_name = domain.fields[number % len(domain.fields)][0]
        template = EXTRA_METHODS[number % len(EXTRA_METHODS)]
        lines += ["", *template(domain.entity, field_name, number)]
    if domain.violation in SERVICE_VIOLATIONS:
        lines += ["", *SERVICE_VIOLATIONS[domain.violation]]
    return lines


def validate_method(entity: str, field_name: str, number: int) -> list[str]:
    """Return a validation use case with a branching rule set.

    Args:
        entity: The entity class name.
        field_name: The field the method is about.
        number: Makes the method name unique within the class.

    Returns:
        The method's lines.
    """
    return [
        f"    def validate_{field_name}_{number}(self, item: {entity}) -> list[str]:",
        f'        """Return the problems of a row\'s {field_name}, empty when valid."""',
        "        problems: list[str] = []",
        f"        value = item.{field_name}",
        "        if value is None:",
        f'            problems.append("{field_name} is missing")',
        "        elif isinstance(value, str) and not value.strip():",
        f'            problems.append("{field_name} is blank")',
        "        elif isinstance(value, (int, float)) and value < 0:",
        f'            problems.append("{field_name} is negative")',
        "        if problems:",
        '            logger.warning("validation failed for id=%s: %s", item.id, problems)',
        "        return problems",
    ]


def bulk_method(entity: str, field_name: str, number: int) -> list[str]:
    """Return a bulk use case that loops and collects failures.

    Args:
        entity: The entity class name.
        field_name: The field the method is about.
        number: Makes the method name unique within the class.

    Returns:
        The method's lines.
    """
    return [
        f"    def bulk_{field_name}_{number}(self, ids: list[int]) -> dict[int, object]:",
        f'        """Read {field_name} for many rows; missing rows map to None."""',
        "        result: dict[int, object] = {}",
        "        for item_id in ids:",
        "            try:",
        f"                result[item_id] = self.fetch(item_id).{field_name}",
        "            except HTTPException:",
        "                result[item_id] = None",
        "        found = sum(1 for value in result.values() if value is not None)",
        '        logger.debug("bulk read %d of %d rows", found, len(ids))',
        "        return result",
    ]


def compare_method(entity: str, field_name: str, number: int) -> list[str]:
    """Return a use case comparing two rows.

    Args:
        entity: The entity class name.
        field_name: The field the method is about.
        number: Makes the method name unique within the class.

    Returns:
        The method's lines.
    """
    return [
        f"    def differs_{field_name}_{number}(self, left_id: int, right_id: int) -> bool:",
        f'        """Tell whether two rows have different {field_name} values."""',
        "        left, right = self.fetch(left_id), self.fetch(right_id)",
        f"        if left.{field_name} == right.{field_name}:",
        "            return False",
        f'        logger.info("{entity} %s and %s differ", left_id, right_id)',
        "        return True",
    ]


EXTRA_METHODS = (validate_method, bulk_method, compare_method)


def router_module(domain: Domain) -> list[str]:
    """Return a domain's APIRouter with CRUD endpoints.

    Args:
        domain: The domain.

    Returns:
        The file's lines.
    """
    entity, name = domain.entity, domain.name
    lines = [
        f'"""HTTP endpoints of the {name} domain."""',
        "",
        "from __future__ import annotations",
        "",
        "from fastapi import APIRouter, Depends, Request, status",
        "from sqlalchemy.orm import Session",
        "",
        "from ...core.database import get_session",
        "from ...core.pagination import Page, clamp",
        "from ...core.security import current_user_id",
        f"from .repository import {entity}Repository",
        f"from .schemas import {entity}Create, {entity}Page, {entity}Read, {entity}Update",
        f"from .service import {entity}Service",
        "",
        f'router = APIRouter(prefix="/{name.replace("_", "-")}s", tags=["{name}"])',
        "",
        "",
        f"def get_service(session: Session = Depends(get_session)) -> {entity}Service:",
        '    """Build the service for one request."""',
        f"    return {entity}Service({entity}Repository(session))",
        "",
        "",
        f'@router.get("", response_model={entity}Page)',
        f"def list_{name}s(",
        "    page: Page = Depends(),",
        f"    service: {entity}Service = Depends(get_service),",
        f") -> {entity}Page:",
        f'    """List {name}s, newest first."""',
        "    items, total = service.repository.list(page.offset, clamp(page.limit))",
        f"    return {entity}Page(",
        f"        items=[{entity}Read.model_validate(i) for i in items],",
        "        total=total,",
        "        offset=page.offset,",
        "        limit=page.limit,",
        "    )",
        "",
        "",
        f'@router.get("/{{item_id}}", response_model={entity}Read)',
        f"def get_{name}(item_id: int, service: {entity}Service = Depends(get_service)):",
        f'    """Return one {name}."""',
        "    return service.fetch(item_id)",
        "",
        "",
        f'@router.post("", response_model={entity}Read, status_code=status.HTTP_201_CREATED)',
        f"def create_{name}(",
        f"    body: {entity}Create,",
        f"    service: {entity}Service = Depends(get_service),",
        "    user_id: str = Depends(current_user_id),",
        "):",
        f'    """Create a {name}."""',
        "    return service.create(body)",
        "",
        "",
        f'@router.patch("/{{item_id}}", response_model={entity}Read)',
        f"def update_{name}(",
        "    item_id: int,",
        f"    body: {entity}Update,",
        f"    service: {entity}Service = Depends(get_service),",
        "):",
        f'    """Update a {name}."""',
        "    return service.update(item_id, body)",
        "",
        "",
        f'@router.delete("/{{item_id}}", status_code=status.HTTP_204_NO_CONTENT)',
        f"def delete_{name}(item_id: int, service: {entity}Service = Depends(get_service)):",
        f'    """Delete a {name}."""',
        "    service.remove(item_id)",
        "",
        "",
        f'@router.get("/{{item_id}}/summary")',
        f"def summarize_{name}(item_id: int, service: {entity}Service = Depends(get_service)):",
        f'    """Return a computed summary of a {name}."""',
        "    return service.summary(item_id)",
    ]
    if domain.violation == "raw-body":
        lines += [
            "",
            "",
            '@router.post("/import")',
            f"async def import_{name}s(request: Request):",
            '    """Import rows from a raw JSON body (deliberately without a model)."""',
            "    payload = await request.json()",
            '    return {"received": len(payload)}',
        ]
    if domain.violation == "stack-trace":
        lines += [
            "",
            "",
            '@router.post("/{item_id}/recalculate")',
            f"def recalculate_{name}(item_id: int, "
            f"service: {entity}Service = Depends(get_service)):",
            '    """Recalculate (deliberately leaks the exception text)."""',
            "    try:",
            "        return service.summary(item_id)",
            "    except ValueError as exc:",
            '        return {"error": str(exc)}',
        ]
    return lines


def test_module(domain: Domain) -> list[str]:
    """Return a domain's pytest module.

    Args:
        domain: The domain.

    Returns:
        The file's lines.
    """
    path = f"/{domain.name.replace('_', '-')}s"
    body = ", ".join(f'"{n}": {example}' for n, _c, _t, example in domain.fields[:4])
    return [
        f'"""Tests of the {domain.name} endpoints."""',
        "",
        "from __future__ import annotations",
        "",
        "from fastapi.testclient import TestClient",
        "",
        "",
        f"def test_list_{domain.name}s(client: TestClient) -> None:",
        '    """The list endpoint answers with a page."""',
        f'    response = client.get("{path}")',
        "    assert response.status_code == 200",
        '    assert "items" in response.json()',
        "",
        "",
        f"def test_create_{domain.name}_requires_auth(client: TestClient) -> None:",
        '    """Creating without a token is refused."""',
        f'    response = client.post("{path}", json={{{body}}})',
        "    assert response.status_code == 401",
        "",
        "",
        f"def test_get_missing_{domain.name}(client: TestClient) -> None:",
        '    """An unknown ID gives 404."""',
        f'    response = client.get("{path}/999999")',
        "    assert response.status_code == 404",
        "",
        "",
        f"def test_summary_of_missing_{domain.name}(client: TestClient) -> None:",
        '    """The summary of an unknown ID gives 404."""',
        f'    response = client.get("{path}/999999/summary")',
        "    assert response.status_code == 404",
    ]


def write_domain(corpus: Corpus, domain: Domain) -> None:
    """Write every module of one domain package and its tests.

    Args:
        corpus: The corpus being written.
        domain: The domain.
    """
    folder = domain.folder
    if domain.violation != "missing-init":
        corpus.write(f"{folder}/__init__.py", domain_init(domain))
    corpus.write(f"{folder}/models.py", models_module(domain))
    corpus.write(f"{folder}/schemas.py", schemas_module(domain))
    corpus.write(f"{folder}/repository.py", repository_module(domain))
    corpus.write(f"{folder}/service.py", service_module(domain))
    corpus.write(f"{folder}/router.py", router_module(domain))
    group = domain.package.split(".")[2]
    corpus.write(f"tests/{group}/test_{domain.name}.py", test_module(domain))
    if domain.violation:
        corpus.violations.append(f"{domain.violation}: {folder}")


VIOLATIONS = (
    "sql-injection",
    "weak-hash",
    "subprocess",
    "weak-random",
    "yaml-load",
    "shell",
    "log-secret",
    "raw-body",
    "stack-trace",
    "absolute-import",
    "missing-init",
    "hardcoded-secret",
)


def make_domain(index: int, rng: random.Random) -> Domain:
    """Pick a deterministic name, fields and (rarely) a violation for domain ``index``.

    Args:
        index: The domain's position.
        rng: The corpus's random generator.

    Returns:
        The domain.
    """
    noun = NOUNS[index % len(NOUNS)]
    name = f"{noun}_{index // len(NOUNS)}" if index >= len(NOUNS) else noun
    group = f"g{index // DOMAINS_PER_GROUP:03d}"
    fields = tuple(rng.sample(FIELD_TYPES, rng.randint(5, 9)))
    violation = None
    if index % VIOLATION_EVERY == VIOLATION_EVERY - 1:
        violation = VIOLATIONS[(index // VIOLATION_EVERY) % len(VIOLATIONS)]
    extra_methods = rng.randint(3, 9)
    libraries = {lib for lib, share in LIBRARY_SHARES.items() if rng.random() < share}
    if violation in VIOLATION_LIBRARIES:
        libraries.add(VIOLATION_LIBRARIES[violation])
    return Domain(
        f"app.domains.{group}.{name}",
        name,
        camel(name),
        fields,
        violation,
        extra_methods,
        frozenset(libraries),
    )


def write_group_packages(corpus: Corpus, domains: list[Domain]) -> None:
    """Write each group's ``__init__.py`` (collecting its routers) and ``app/main.py``.

    Args:
        corpus: The corpus being written.
        domains: Every domain written.
    """
    groups: dict[str, list[Domain]] = {}
    for domain in domains:
        groups.setdefault(domain.package.split(".")[2], []).append(domain)
    for group, members in groups.items():
        lines = [f'"""Domain group {group}."""', "", "from fastapi import APIRouter", ""]
        lines += [f"from .{d.name}.router import router as {d.name}_router" for d in members]
        lines += ["", "router = APIRouter()"]
        lines += [f"router.include_router({d.name}_router)" for d in members]
        corpus.write(f"app/domains/{group}/__init__.py", lines)
        corpus.write(f"tests/{group}/__init__.py", [f'"""Tests of group {group}."""'])
    main = [
        '"""The FastAPI application."""',
        "",
        "from __future__ import annotations",
        "",
        "from fastapi import FastAPI",
        "from fastapi.middleware.cors import CORSMiddleware",
        "",
        "from .core.config import settings",
        "from .core.errors import register_error_handlers",
        "from .core.logging import configure_logging",
    ]
    main += [f"from .domains.{group} import router as {group}_router" for group in groups]
    main += [
        "",
        "configure_logging()",
        "app = FastAPI(title=settings.app_name)",
        "app.add_middleware(CORSMiddleware, allow_origins=settings.cors_origins)",
        "register_error_handlers(app)",
    ]
    main += [f"app.include_router({group}_router)" for group in groups]
    corpus.write("app/main.py", main)


# ------------------------------------------------------------ the JS gateway


def gateway_route(index: int, noun: str, violation: bool) -> list[str]:
    """Return one Express route module of the gateway.

    Args:
        index: The module's position.
        noun: What the module proxies.
        violation: Whether to add a deliberate SQL string building.

    Returns:
        The module's lines.
    """
    lookup = (
        f"  const rows = await db.query(`SELECT * FROM {noun}s WHERE id = ${{req.params.id}}`);"
        if violation
        else f"  const rows = await db.query('SELECT * FROM {noun}s WHERE id = $1', [req.params.id]);"
    )
    return [
        "'use strict';",
        "",
        "const express = require('express');",
        "const db = require('../db');",
        "const upstream = require('../upstream');",
        "",
        "const router = express.Router();",
        "",
        f"router.get('/{noun}s', async (req, res, next) => {{",
        "  try {",
        "    const page = Number.parseInt(req.query.page || '1', 10);",
        f"    const body = await upstream.get('/{noun}s', {{ params: {{ page }} }});",
        "    res.json(body);",
        "  } catch (err) {",
        "    next(err);",
        "  }",
        "});",
        "",
        f"router.get('/{noun}s/:id', async (req, res) => {{",
        lookup,
        "  if (rows.length === 0) {",
        "    res.status(404).json({ error: 'not found' });",
        "    return;",
        "  }",
        "  res.json(rows[0]);",
        "});",
        "",
        f"router.post('/{noun}s', express.json(), async (req, res) => {{",
        f"  const created = await upstream.post('/{noun}s', req.body);",
        f"  console.log('created {noun}', created.id);",
        "  res.status(201).json(created);",
        "});",
        "",
        f"module.exports = {{ router, name: '{noun}-{index}' }};",
    ]


def write_gateway(corpus: Corpus, line_budget: int) -> None:
    """Write a small Express gateway of roughly ``line_budget`` lines.

    Args:
        corpus: The corpus being written.
        line_budget: How many lines to spend.
    """
    start = corpus.lines
    corpus.write(
        "gateway/src/db.js",
        [
            "'use strict';",
            "const { Pool } = require('pg');",
            "module.exports = new Pool({ connectionString: process.env.DATABASE_URL });",
        ],
    )
    corpus.write(
        "gateway/src/upstream.js",
        [
            "'use strict';",
            "const axios = require('axios');",
            "module.exports = axios.create({ baseURL: process.env.API_URL, timeout: 5000 });",
        ],
    )
    index = 0
    while corpus.lines - start < line_budget:
        noun = NOUNS[index % len(NOUNS)]
        violation = index % (VIOLATION_EVERY * 3) == VIOLATION_EVERY * 3 - 1
        corpus.write(f"gateway/src/routes/{noun}_{index}.js", gateway_route(index, noun, violation))
        index += 1
    corpus.write(
        "gateway/package.json",
        [
            "{",
            '  "name": "gateway",',
            '  "private": true,',
            '  "scripts": {"start": "node src/server.js"}',
            "}",
        ],
    )


# ------------------------------------------------------------------ driver


def generate(lines: int, out: Path, seed: int = 1) -> Corpus:
    """Write a corpus of about ``lines`` lines into ``out`` (replacing a previous corpus).

    Args:
        lines: The target size in lines (all files, code and configuration).
        out: The output folder; must be empty, missing, or a previous corpus.
        seed: Seed of the deterministic random choices.

    Returns:
        The written corpus (line and file counts, violations placed).

    Raises:
        ValueError: If ``out`` holds something that is not a generated corpus.
    """
    if out.exists() and any(out.iterdir()):
        if not (out / MARKER_FILE).is_file():
            raise ValueError(f"{out} is not empty and not a generated corpus; refusing to replace")
        shutil.rmtree(out)
    out.mkdir(parents=True, exist_ok=True)
    corpus = Corpus(out)
    rng = random.Random(seed)
    core_files(corpus)
    python_budget = int(lines * (1 - JAVASCRIPT_SHARE))
    domains: list[Domain] = []
    while corpus.lines < python_budget:
        domain = make_domain(len(domains), rng)
        write_domain(corpus, domain)
        domains.append(domain)
    write_group_packages(corpus, domains)
    write_gateway(corpus, max(lines - corpus.lines, 0))
    (out / MARKER_FILE).write_text(f"lines={lines} seed={seed}\n", encoding="utf-8")
    return corpus


def parse_arguments(argv: list[str] | None = None) -> argparse.Namespace:
    """Parse the command line.

    Args:
        argv: Arguments (default: ``sys.argv[1:]``).

    Returns:
        The parsed options.
    """
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, required=True, help="target size in lines")
    parser.add_argument("--out", type=Path, required=True, help="output folder")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None, report: Callable[[str], None] = print) -> int:
    """Generate a corpus from the command line.

    Args:
        argv: Arguments (default: ``sys.argv[1:]``).
        report: Where the one-line summary goes.

    Returns:
        The exit status.
    """
    options = parse_arguments(argv)
    try:
        corpus = generate(options.lines, options.out, options.seed)
    except ValueError as error:
        report(f"generate_corpus: error: {error}")
        return 2
    report(
        f"wrote {corpus.files} files, {corpus.lines} lines, "
        f"{len(corpus.violations)} deliberate violations to {options.out}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
