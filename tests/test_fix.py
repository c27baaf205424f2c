"""``backguard fix``: real-looking projects are fixed, stay compilable, and a rescan is clean.

Fixture code is only parsed and compiled (``compile()``), never imported or run.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from backguard.checks.absolute_internal_import import AbsoluteInternalImport
from backguard.checks.base import CheckContext
from backguard.checks.missing_package_init import MissingPackageInit
from backguard.config import Config, discover_config
from backguard.discovery import discover
from backguard.fix import fix_project
from backguard.models import Finding

from .helpers import run_cli, write_tree

STRUCTURE_RULES = ["absolute-internal-import", "missing-package-init"]

FASTAPI_PROJECT = {
    "pyproject.toml": '[project]\nname = "shop"\nversion = "0"\n',
    "app/__init__.py": '"""Shop."""\nfrom app.main import create_app  # re-export\n',
    "app/__main__.py": (
        "import uvicorn\n\nfrom app.main import create_app\n\nuvicorn.run(create_app())\n"
    ),
    "app/main.py": '''"""Application factory."""
from __future__ import annotations

import logging, app.core.config  # noqa: E401

from fastapi import FastAPI

import app.api.v1.routes as routes
from app.core import (  # grouped
    security,
    config as cfg,  # alias kept
)
from app.db.session import get_session

logger = logging.getLogger(__name__)


def create_app() -> FastAPI:
    """Build the app."""
    settings = app.core.config.settings
    api = FastAPI(title=(app.core.config).settings.title, debug=settings.debug)
    api.include_router(routes.router, prefix=app.core.config.API_PREFIX)
    logger.info("%s %s %s", security, cfg, get_session)
    return api
''',
    "app/core/__init__.py": "",
    "app/core/config.py": "settings = None\nAPI_PREFIX = '/api'\n",
    "app/core/security.py": '''import app.core.config


def check(config: dict) -> bool:
    """The parameter shadows the module name: the new import needs an alias."""
    return config == app.core.config.settings
''',
    "app/db/session.py": (
        "from app.core.config import settings\n\n\ndef get_session():\n    return settings\n"
    ),
    "app/api/__init__.py": "",
    "app/api/v1/routes.py": """from typing import TYPE_CHECKING

from app.api.v1 import schemas
from app.db import session as db_session

if TYPE_CHECKING:
    from app.core.config import Settings

router = None


def handler() -> None:
    from app.core.security import check
    if True: import app.db.session as s; check(s)
""",
    "app/api/v1/schemas.py": "class Item:\n    pass\n",
    "tests/__init__.py": "",
    "tests/routes_check.py": "from app.main import create_app\nimport app.api.v1.routes\n",
    "manage.py": "#!/usr/bin/env python\nfrom app.main import create_app\n",
}


def rescan(root: Path, config: Config | None = None) -> list[Finding]:
    """Run both structure checks the fixer promises to satisfy.

    Args:
        root: The project.
        config: Overrides the project's own configuration.

    Returns:
        The findings.
    """
    config = config or discover_config(root)
    context = CheckContext(discover(root, ["."], config.exclude), config, STRUCTURE_RULES)
    return MissingPackageInit().run(context) + AbsoluteInternalImport().run(context)


def assert_all_compile(root: Path) -> None:
    """Every Python file of the project still compiles (compiled, never run).

    Args:
        root: The project.
    """
    for path in root.rglob("*.py"):
        # Reason: compiling (never executing) fixture code is what this assertion checks.
        compile(path.read_bytes(), str(path), "exec", dont_inherit=True)  # nosemgrep: code-eval


def snapshot(root: Path) -> dict[str, bytes]:
    """Return every file's bytes.

    Args:
        root: The project.

    Returns:
        Relative path -> content.
    """
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    """A FastAPI-style project with every kind of structure violation."""
    return write_tree(tmp_path / "shop", FASTAPI_PROJECT)


def test_fix_makes_rescan_clean_keeps_code_compiling_and_is_idempotent(project: Path) -> None:
    """After one run: no finding, every file compiles; a second run changes nothing."""
    assert len(rescan(project)) > 5
    report = fix_project(project, ["."], discover_config(project), write=True)
    assert report.written and not report.leftovers
    assert sorted(report.created) == ["app/api/v1/__init__.py", "app/db/__init__.py"]
    assert rescan(project) == []
    assert_all_compile(project)
    before = snapshot(project)
    again = fix_project(project, ["."], discover_config(project), write=True)
    assert again.changes == [] and again.leftovers == []
    assert snapshot(project) == before


def test_rewrites_keep_comments_formatting_aliases_and_use_sites(project: Path) -> None:
    """The exact text after fixing: only the module parts and use sites changed."""
    fix_project(project, ["."], discover_config(project), write=True)
    main = (project / "app/main.py").read_text()
    assert "import logging  # noqa: E401\nfrom .core import config  # noqa: E401\n" in main
    assert "from .api.v1 import routes as routes\n" in main
    assert (
        "from .core import (  # grouped\n    security,\n    config as cfg,  # alias kept\n)"
    ) in main
    assert "from .db.session import get_session\n" in main
    assert "settings = config.settings\n" in main
    assert "FastAPI(title=(config).settings.title," in main
    assert "prefix=config.API_PREFIX)" in main
    assert not any(f"app.{name}" in main for name in ("core", "api", "db"))
    security = (project / "app/core/security.py").read_text()
    assert security.startswith("from . import config as app_core_config\n")
    assert "return config == app_core_config.settings" in security
    routes = (project / "app/api/v1/routes.py").read_text()
    assert "from . import schemas\nfrom ...db import session as db_session\n" in routes
    assert "    from ...core.config import Settings\n" in routes
    assert "    from ...core.security import check\n" in routes
    assert "    if True: from ...db import session as s; check(s)\n" in routes
    main_module = (project / "app/__main__.py").read_text()
    assert main_module.startswith("import uvicorn\n\nfrom .main import")
    package = (project / "app/__init__.py").read_text()
    assert package.endswith("from .main import create_app  # re-export\n")


def test_other_top_level_parts_and_scripts_are_not_touched(project: Path) -> None:
    """tests/ importing the app, a top-level script and a shebang script keep absolute imports."""
    fix_project(project, ["."], discover_config(project), write=True)
    tests_module = (project / "tests/routes_check.py").read_text()
    assert tests_module == FASTAPI_PROJECT["tests/routes_check.py"]
    assert (project / "manage.py").read_text() == FASTAPI_PROJECT["manage.py"]


def test_diff_writes_nothing_and_applies_to_the_same_result(project: Path, tmp_path: Path) -> None:
    """--diff leaves the tree alone; its patch reproduces what writing produces."""
    before = snapshot(project)
    report = fix_project(project, ["."], discover_config(project), write=False)
    assert not report.written
    assert snapshot(project) == before
    patch = report.diff()
    assert "diff --git a/app/db/__init__.py b/app/db/__init__.py\nnew file mode 100644\n" in patch
    assert (
        "-from app.main import create_app  # re-export\n"
        "+from .main import create_app  # re-export\n"
    ) in patch
    written = shutil.copytree(project, tmp_path / "written")
    fix_project(written, ["."], discover_config(written), write=True)
    git = shutil.which("git")
    if git is None:
        pytest.skip("git is not installed")
    subprocess.run(
        [git, "apply", "-"],
        input=patch.encode(),
        cwd=project,
        check=True,
        capture_output=True,
        timeout=60,
    )
    assert snapshot(project) == snapshot(written)


def test_src_layout_and_namespace_exclusions(tmp_path: Path) -> None:
    """src/ packages are fixed; a configured namespace package gets no __init__.py."""
    root = write_tree(
        tmp_path,
        {
            "pyproject.toml": '[tool.backguard]\nnamespace-packages = ["acme"]\n',
            "src/acme/billing/__init__.py": "",
            "src/acme/billing/api/views.py": "from acme.billing.models import Invoice\n"
            "from acme.auth import tokens  # another distribution\n",
            "src/acme/billing/models.py": "class Invoice: ...\n",
            "src/acme/billing/__main__.py": "from acme.billing.api.views import Invoice\n",
        },
    )
    report = fix_project(root, ["."], discover_config(root), write=True)
    assert report.created == ["src/acme/billing/api/__init__.py"]
    assert not (root / "src/acme/__init__.py").exists()
    views = (root / "src/acme/billing/api/views.py").read_text()
    assert views == (
        "from ..models import Invoice\nfrom acme.auth import tokens  # another distribution\n"
    )
    assert (root / "src/acme/billing/__main__.py").read_text() == "from .api.views import Invoice\n"
    assert rescan(root) == []
    assert_all_compile(root)


def test_nested_project_folder_is_understood(tmp_path: Path) -> None:
    """backend/app imported as `app` (no backend/__init__.py) is fixed without configuration."""
    root = write_tree(
        tmp_path,
        {
            "backend/app/__init__.py": "",
            "backend/app/api/__init__.py": "",
            "backend/app/api/deps.py": "import app.core.db\n\nSession = app.core.db.Session\n",
            "backend/app/core/__init__.py": "",
            "backend/app/core/db.py": "Session = None\n",
            "backend/tests/deps_check.py": "from app.api import deps\n",
        },
    )
    fix_project(root, ["."], Config(), write=True)
    assert (root / "backend/app/api/deps.py").read_text() == (
        "from ..core import db\n\nSession = db.Session\n"
    )
    assert (root / "backend/tests/deps_check.py").read_text() == "from app.api import deps\n"
    assert rescan(root, Config()) == []


def test_unparsable_and_undecodable_files_are_left_untouched_and_named(tmp_path: Path) -> None:
    """A syntax error or a non-UTF-8 file is named in the report and not written."""
    latin = "# -*- coding: latin-1 -*-\nfrom app.models import User  # caf\xe9\n".encode("latin-1")
    root = write_tree(
        tmp_path,
        {
            "app/__init__.py": "",
            "app/models.py": "class User: ...\n",
            "app/broken.py": "from app.models import User\ndef oops(:\n",
            "app/latin.py": latin,
            "app/ok.py": "from app.models import User\n",
        },
    )
    report = fix_project(root, ["."], Config(), write=True)
    assert [(item.path, item.reason.split(":")[0]) for item in report.leftovers] == [
        ("app/broken.py", "left untouched")
    ]
    assert (root / "app/broken.py").read_text() == "from app.models import User\ndef oops(:\n"
    assert (root / "app/ok.py").read_text() == "from .models import User\n"
    assert (root / "app/latin.py").read_bytes() == latin


def test_imports_that_cannot_be_rewritten_safely_are_reported(tmp_path: Path) -> None:
    """`import app.x` whose root name is used in other ways stays, with a reason and its line."""
    source = (
        "import os\nimport app.util\n\n\ndef f():\n    app = os.getcwd()\n"
        "    return app.util.helper(app)\n"
    )
    root = write_tree(
        tmp_path,
        {
            "app/__init__.py": "",
            "app/util.py": "def helper(x):\n    return x\n",
            "app/service.py": source,
            "app/typed.py": (
                'import app.util\n\n\ndef g(x: "app.util.Thing") -> None:\n    app.util.helper(x)\n'
            ),
        },
    )
    report = fix_project(root, ["."], Config(), write=True)
    assert {(item.path, item.line) for item in report.leftovers} == {
        ("app/service.py", 2),
        ("app/typed.py", 1),
    }
    assert "rewrite it by hand" in report.leftovers[0].reason
    assert (root / "app/service.py").read_text() == source
    assert_all_compile(root)


def test_line_endings_bom_and_permissions_are_preserved(tmp_path: Path) -> None:
    """CRLF files stay CRLF, a BOM stays, an executable bit stays."""
    root = write_tree(
        tmp_path,
        {
            "app/__init__.py": "",
            "app/models.py": "",
            "app/crlf.py": b"\xef\xbb\xbfimport os\r\nfrom app.models import User\r\n",
        },
    )
    (root / "app/crlf.py").chmod(0o755)
    fix_project(root, ["."], Config(), write=True)
    expected = b"\xef\xbb\xbfimport os\r\nfrom .models import User\r\n"
    assert (root / "app/crlf.py").read_bytes() == expected
    assert (root / "app/crlf.py").stat().st_mode & 0o777 == 0o755


def test_only_the_given_paths_are_fixed(project: Path) -> None:
    """PATHS limit what is written."""
    fix_project(project, ["app/api"], discover_config(project), write=True)
    assert (project / "app/main.py").read_text() == FASTAPI_PROJECT["app/main.py"]
    assert "from . import schemas" in (project / "app/api/v1/routes.py").read_text()
    assert (project / "app/api/v1/__init__.py").exists()
    assert not (project / "app/db/__init__.py").exists()


def test_cli_fix_diff_then_write_then_clean(project: Path) -> None:
    """`backguard fix --diff` exits 1 with a diff; `fix` writes (exit 0); again: nothing, exit 0."""
    before = snapshot(project)
    shown = run_cli("fix", "--diff", str(project))
    assert shown.returncode == 1, shown.stderr
    assert "+from .main import create_app  # re-export" in shown.stdout
    assert snapshot(project) == before
    written = run_cli("fix", str(project))
    assert written.returncode == 0, written.stderr
    assert "app/db/__init__.py" in written.stdout
    assert rescan(project) == []
    again = run_cli("fix", "--diff", str(project))
    assert (again.returncode, again.stdout) == (0, "")


def test_cli_fix_errors_exit_2(tmp_path: Path) -> None:
    """A missing path or a broken config file: one line on stderr, exit 2."""
    missing = run_cli("fix", str(tmp_path / "nope"))
    assert missing.returncode == 2
    assert missing.stderr.startswith("backguard: error: path does not exist")
    (tmp_path / "bad.toml").write_text("profile = [", encoding="utf-8")
    broken = run_cli("fix", str(tmp_path), "--config", str(tmp_path / "bad.toml"))
    assert broken.returncode == 2
    assert "invalid TOML" in broken.stderr


def test_alembic_environment_is_left_alone(tmp_path: Path) -> None:
    """Alembic loads env.py and versions/ by path: no __init__.py, no relative imports there."""
    env = "from alembic import context\n\nfrom app.models import SQLModel  # noqa\n"
    root = write_tree(
        tmp_path,
        {
            "app/__init__.py": "",
            "app/models.py": "SQLModel = object\n",
            "app/crud.py": "from app.models import SQLModel\n",
            "app/alembic/env.py": env,
            "app/alembic/script.py.mako": "${message}\n",
            "app/alembic/versions/0001_init.py": "revision = '0001'\n",
        },
    )
    report = fix_project(root, ["."], Config(), write=True)
    assert report.created == [] and report.rewritten == ["app/crud.py"]
    assert (root / "app/alembic/env.py").read_text() == env
    assert rescan(root, Config()) == []


def test_commands_that_run_a_rewritten_module_by_path_are_named(tmp_path: Path) -> None:
    """`python app/pre_start.py` breaks once pre_start imports relatively: the report says so."""
    root = write_tree(
        tmp_path,
        {
            "app/__init__.py": "",
            "app/db.py": "engine = None\n",
            "app/pre_start.py": "from app.db import engine\n",
            "scripts/prestart.sh": "#!/bin/sh\nset -e\npython app/pre_start.py\n",
        },
    )
    report = fix_project(root, ["."], Config(), write=True)
    assert [(item.path, item.line) for item in report.leftovers] == [("scripts/prestart.sh", 3)]
    assert "`python -m app.pre_start`" in report.leftovers[0].reason


def test_folder_shadowed_by_a_module_is_left_alone(tmp_path: Path) -> None:
    """`tests/database.py` beside `tests/database/`: no __init__.py there, no rewrite inside.

    Found on Netflix/dispatch: an __init__.py would make the folder shadow the module,
    and `from tests.database import Session` there means the module, not the folder.
    """
    files = {
        "tests/__init__.py": "",
        "tests/database.py": "Session = None\n",
        "tests/conftest.py": "from tests.database import Session\n",
        "tests/database/service_check.py": "def f():\n    from tests.database import Session\n",
    }
    root = write_tree(tmp_path, files)
    report = fix_project(root, ["."], Config(), write=True)
    assert report.created == [] and report.rewritten == ["tests/conftest.py"]
    assert (root / "tests/conftest.py").read_text() == "from .database import Session\n"
    assert (root / "tests/database/service_check.py").read_text() == files[
        "tests/database/service_check.py"
    ]
    assert rescan(root, Config()) == []
