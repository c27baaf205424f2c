"""``absolute-internal-import``: fixture projects with the findings they must (not) produce."""

from __future__ import annotations

from pathlib import Path

import pytest

from backguard.checks.absolute_internal_import import AbsoluteInternalImport
from backguard.models import Severity

from ..helpers import FIXTURES, write_tree
from .support import assert_every_fail_case_expected, fixture_cases, scanner

RULE_ID = "absolute-internal-import"
HERE = FIXTURES / RULE_ID

EXPECTED: dict[str, set[tuple[str, int]]] = {
    "fail_flat_layout": {
        ("app/main.py", 4),
        ("app/main.py", 5),
        ("app/db/session.py", 2),
        ("app/api/__init__.py", 1),
        ("app/api/routes.py", 6),
        ("app/api/routes.py", 10),
    },
    "fail_src_layout": {
        ("src/shop/__main__.py", 1),
        ("src/shop/services/orders.py", 1),
        ("src/shop/services/orders.py", 2),
    },
    "fail_nested_project": {
        ("backend/app/api/deps.py", 1),
        ("backend/app/api/deps.py", 2),
    },
    "fail_namespace": {("acme/billing/invoices.py", 1)},
}

scan = scanner(AbsoluteInternalImport, RULE_ID)


def test_every_fixture_has_expectations() -> None:
    """A new fail_* folder without expected findings is a test bug."""
    assert_every_fail_case_expected(RULE_ID, EXPECTED)


@pytest.mark.parametrize("case", fixture_cases(RULE_ID))
def test_fixture_findings(case: str) -> None:
    """Each fixture yields exactly its expected findings (pass_* none), all errors."""
    findings = scan(HERE / case)
    assert {(f.path, f.region.start_line) for f in findings} == EXPECTED.get(case, set())
    assert all(f.rule_id == RULE_ID and f.severity is Severity.ERROR for f in findings)


def test_message_names_the_relative_form() -> None:
    """The message gives the exact relative import to write, alias included."""
    findings = {(f.path, f.region.start_line): f.message for f in scan(HERE / "fail_flat_layout")}
    assert "`from .core.config import settings`" in findings[("app/main.py", 4)]
    assert "`from .db import session as session`" in findings[("app/main.py", 5)]
    assert "`from ..core import config`" in findings[("app/db/session.py", 2)]
    assert "`from .. import core`" in findings[("app/api/routes.py", 10)]


def test_unparsable_and_non_utf8_files_are_notifications_not_crashes(tmp_path: Path) -> None:
    """Broken input never raises; the rest of the project is still checked."""
    write_tree(
        tmp_path,
        {
            "app/__init__.py": "",
            "app/broken.py": "from app.ok import (\n",
            "app/latin.py": "from app.ok import x\n# caf\xe9\n".encode("latin-1"),
            "app/ok.py": "from app.other import y\n",
            "app/other.py": "y = 1\n",
        },
    )
    findings = scan(tmp_path)
    assert [(f.path, f.region.start_line) for f in findings] == [("app/ok.py", 1)]


def test_source_roots_config_names_packages(tmp_path: Path) -> None:
    """A configured source root counts like src/: its packages are the project's own."""
    write_tree(
        tmp_path,
        {
            "pyproject.toml": '[tool.backguard]\nsource-roots = ["services/api"]\n',
            "services/api/orders/__init__.py": "",
            "services/api/orders/views.py": "from orders.models import Order\n",
            "services/api/orders/models.py": "class Order: ...\n",
        },
    )
    assert [(f.path, f.region.start_line) for f in scan(tmp_path)] == [
        ("services/api/orders/views.py", 1)
    ]
