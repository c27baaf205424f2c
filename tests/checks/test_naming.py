"""``naming-convention``: fixture projects, suggestions and bad input."""

from __future__ import annotations

from pathlib import Path

import pytest

from backguard.checks.naming import NamingConvention, to_pascal, to_snake
from backguard.models import Severity

from ..helpers import FIXTURES, write_tree
from .support import assert_marked_findings, fixture_cases, scanner

RULE_ID = "naming-convention"
HERE = FIXTURES / RULE_ID
scan = scanner(NamingConvention, RULE_ID, enabled_only=True)


@pytest.mark.parametrize("case", fixture_cases(RULE_ID))
def test_fixture_findings(case: str) -> None:
    """Exactly the marked names are reported, once per name and scope."""
    assert_marked_findings(scan, RULE_ID, case, Severity.WARNING)


def test_messages_suggest_a_name() -> None:
    """Each message names the kind, the expected style and a suggestion."""
    messages = {f.message for f in scan(HERE / "fail_names")}
    assert (
        "Module constant 'maxRetries' is not UPPER_SNAKE_CASE: rename it to "
        "'MAX_RETRIES'." in messages
    )
    assert (
        "Module constant '_private_limit' is not UPPER_SNAKE_CASE: rename it to "
        "'_PRIVATE_LIMIT'." in messages
    )
    assert "Variable 'apiClient' is not snake_case: rename it to 'api_client'." in messages
    assert "Function 'getUser' is not snake_case: rename it to 'get_user'." in messages
    assert "Parameter 'userId' is not snake_case: rename it to 'user_id'." in messages
    assert "Method 'FindAll' is not snake_case: rename it to 'find_all'." in messages
    assert "Class 'user_repository' is not PascalCase: rename it to 'UserRepository'." in messages


def test_region_points_at_the_name(tmp_path: Path) -> None:
    """Variables and parameters are reported at the name itself."""
    write_tree(
        tmp_path,
        {
            "mod.py": "def f(okName: int) -> None:\n    badName = okName\n    try:\n"
            "        pass\n    except ValueError as Err:\n        pass\n",
        },
    )
    regions = sorted(
        (f.region.start_line, f.region.start_column, f.region.end_column) for f in scan(tmp_path)
    )
    assert regions == [(1, 7, 13), (2, 5, 12), (5, 26, 29)]


@pytest.mark.parametrize(
    ("name", "snake", "pascal"),
    [
        ("getHTTPResponse", "get_http_response", "GetHTTPResponse"),
        ("userID", "user_id", "UserID"),
        ("_privateThing", "_private_thing", "_PrivateThing"),
        ("user_model", "user_model", "UserModel"),
        ("Version2Parser", "version2_parser", "Version2Parser"),
    ],
)
def test_suggestions(name: str, snake: str, pascal: str) -> None:
    """Suggested spellings split words at case changes and keep leading underscores."""
    assert (to_snake(name), to_pascal(name)) == (snake, pascal)


def test_bad_input_is_skipped(tmp_path: Path) -> None:
    """Syntax errors and non-UTF-8 files never raise."""
    write_tree(
        tmp_path,
        {
            "broken.py": "def badName(:\n",
            "latin.py": "badName = 'caf\xe9'\n".encode("latin-1"),
        },
    )
    assert scan(tmp_path) == []
