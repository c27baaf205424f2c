"""``missing-global-exception-handler``: fixture projects with and without a catch-all handler."""

from __future__ import annotations

from pathlib import Path

import pytest

from backguard.checks import ALL_CHECKS
from backguard.checks.base import CheckContext
from backguard.checks.global_exception_handler import GlobalExceptionHandler, is_test_file
from backguard.models import Finding, Severity

from ..helpers import FIXTURES, write_tree
from .support import assert_every_fail_case_expected, fixture_cases, run_check

RULE_ID = "missing-global-exception-handler"
HERE = FIXTURES / RULE_ID

#: Expected (path, line, column) of every finding, per failing fixture.
EXPECTED: dict[str, list[tuple[str, int, int]]] = {
    "fail_http_handlers_only": [("app/main.py", 7, 7)],
    "fail_mounted_apps": [("service/main.py", 12, 7), ("service/main.py", 13, 7)],
}


def scan(root: Path) -> tuple[list[Finding], CheckContext]:
    """Run the check alone over a project folder.

    Args:
        root: The project.

    Returns:
        Its findings, sorted by place, and the context (for notifications).
    """
    findings, context = run_check(root, GlobalExceptionHandler(), [RULE_ID])
    return sorted(findings, key=lambda f: (f.path, f.region.start_line)), context


def test_every_fixture_has_expectations() -> None:
    """A new fail_* folder without expected findings is a test bug."""
    assert_every_fail_case_expected(RULE_ID, EXPECTED)


@pytest.mark.parametrize("case", fixture_cases(RULE_ID))
def test_fixture_findings(case: str) -> None:
    """One warning per FastAPI(...) call, at the call, only when no module registers a handler."""
    findings, context = scan(HERE / case)
    assert [(f.path, f.region.start_line, f.region.start_column) for f in findings] == EXPECTED.get(
        case, []
    )
    assert all(f.rule_id == RULE_ID and f.severity is Severity.WARNING for f in findings)
    assert context.notifications == []


def test_check_is_registered() -> None:
    """The registry runs the check and knows its rule."""
    registered = [check for check in ALL_CHECKS if isinstance(check, GlobalExceptionHandler)]
    assert len(registered) == 1
    assert [rule.id for rule in registered[0].rules] == [RULE_ID]


def test_handler_in_a_test_module_does_not_count(tmp_path: Path) -> None:
    """Only application code can protect the application."""
    write_tree(
        tmp_path,
        {
            "main.py": "from fastapi import FastAPI\napp = FastAPI()\n",
            "tests/test_app.py": (
                "from main import app\n"
                "app.add_exception_handler(Exception, lambda request, exc: None)\n"
            ),
        },
    )
    findings, _ = scan(tmp_path)
    assert [(f.path, f.region.start_line) for f in findings] == [("main.py", 2)]


def test_catch_all_tuple_in_middleware_class(tmp_path: Path) -> None:
    """A BaseHTTPMiddleware whose dispatch catches (Exception, ...) is a global handler."""
    write_tree(
        tmp_path,
        {
            "main.py": "from fastapi import FastAPI\nfrom .mw import Guard\napp = FastAPI()\n",
            "mw.py": (
                "from starlette.middleware.base import BaseHTTPMiddleware\n"
                "class Guard(BaseHTTPMiddleware):\n"
                "    async def dispatch(self, request, call_next):\n"
                "        try:\n"
                "            return await call_next(request)\n"
                "        except (ValueError, Exception):\n"
                "            return None\n"
            ),
        },
    )
    assert scan(tmp_path)[0] == []


def test_narrow_middleware_is_not_a_global_handler(tmp_path: Path) -> None:
    """A middleware that only catches one error type does not count."""
    write_tree(
        tmp_path,
        {
            "main.py": (
                "from fastapi import FastAPI\n"
                "app = FastAPI()\n"
                "@app.middleware('http')\n"
                "async def timeouts(request, call_next):\n"
                "    try:\n"
                "        return await call_next(request)\n"
                "    except TimeoutError:\n"
                "        return None\n"
            ),
        },
    )
    assert [f.region.start_line for f in scan(tmp_path)[0]] == [2]


def test_middleware_that_re_raises_is_not_a_global_handler(tmp_path: Path) -> None:
    """Catching Exception to count it and raising it again handles nothing."""
    write_tree(
        tmp_path,
        {
            "main.py": (
                "from fastapi import FastAPI\n"
                "from starlette.middleware.base import BaseHTTPMiddleware\n"
                "class Metrics(BaseHTTPMiddleware):\n"
                "    async def dispatch(self, request, call_next):\n"
                "        try:\n"
                "            return await call_next(request)\n"
                "        except Exception as e:\n"
                "            counter.inc()\n"
                "            raise e from None\n"
                "app = FastAPI()\n"
                "app.add_middleware(Metrics)\n"
            ),
        },
    )
    assert [f.region.start_line for f in scan(tmp_path)[0]] == [10]


def test_bad_input_never_raises(tmp_path: Path) -> None:
    """Syntax errors and non-UTF-8 files are skipped with a notification."""
    write_tree(
        tmp_path,
        {
            "main.py": "from fastapi import FastAPI\napp = FastAPI()\n",
            "broken.py": "def FastAPI(:\n    pass\n",
            "latin1.py": "# caf\xe9 FastAPI\n".encode("latin-1"),
            "empty.py": "",
        },
    )
    findings, context = scan(tmp_path)
    assert [(f.path, f.region.start_line) for f in findings] == [("main.py", 2)]
    assert {note.path for note in context.notifications} == {"broken.py", "latin1.py"}


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("tests/test_main.py", True),
        ("app/tests/helpers.py", True),
        ("conftest.py", True),
        ("app/main_test.py", True),
        ("app/main.py", False),
        ("app/testing_tools.py", False),
        ("contest/main.py", False),
    ],
)
def test_is_test_file(path: str, expected: bool) -> None:
    """Test code is recognised by folder and file name."""
    assert is_test_file(path) is expected
