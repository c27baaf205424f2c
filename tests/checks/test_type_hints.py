"""``missing-type-hints``: fixture projects plus configuration and bad-input cases."""

from __future__ import annotations

from pathlib import Path

import pytest

from backguard.checks.type_hints import MissingTypeHints
from backguard.models import Severity

from ..helpers import FIXTURES, write_tree
from .support import assert_marked_findings, fixture_cases, scanner

RULE_ID = "missing-type-hints"
HERE = FIXTURES / RULE_ID
scan = scanner(MissingTypeHints, RULE_ID, enabled_only=True)


@pytest.mark.parametrize("case", fixture_cases(RULE_ID))
def test_fixture_findings(case: str) -> None:
    """Exactly the marked functions are reported, once each, at their def line."""
    assert_marked_findings(scan, RULE_ID, case, Severity.WARNING)


def test_message_names_every_missing_part() -> None:
    """One finding per function lists the parameters (stars kept) and the return."""
    findings = scan(HERE / "fail_functions")
    messages = {f.message.split("'")[1]: f.message for f in findings}
    assert "for 'user_id', 'name' and the return type." in messages["no_hints"]
    assert "for '*args' and '**kwargs'." in messages["star_arguments"]
    assert "for 'limit'." in messages["keyword_only"]
    assert "'self'" not in messages["Repository.find"]
    assert "'cls'" not in messages["Repository.build"]
    assert "for 'text'." in messages["Repository.parse"]


def test_region_is_the_def_keyword_and_name() -> None:
    """The region starts at ``def``/``async def`` and ends after the name."""
    findings = {f.message.split("'")[1]: f for f in scan(HERE / "fail_functions")}
    fetch = findings["fetch"].region
    assert (fetch.start_column, fetch.end_column) == (1, len("async def fetch") + 1)
    inner = findings["inner"].region
    assert (inner.start_column, inner.end_column) == (5, 5 + len("def inner"))


def test_init_needs_return_none_by_default(tmp_path: Path) -> None:
    """Without the option, ``__init__`` without ``-> None`` is reported."""
    write_tree(
        tmp_path,
        {
            "models.py": "class User:\n    def __init__(self, name: str):\n"
            "        self.name = name\n",
        },
    )
    findings = scan(tmp_path)
    assert [f.region.start_line for f in findings] == [2]
    assert findings[0].message.endswith(
        "for the return type. Annotate every parameter and the return type "
        "(`-> None` when it returns nothing)."
    )


def test_option_does_not_excuse_other_functions(tmp_path: Path) -> None:
    """allow-init-without-return only covers ``__init__`` methods, not other returns."""
    write_tree(
        tmp_path,
        {
            "pyproject.toml": "[tool.backguard]\nallow-init-without-return = true\n",
            "models.py": "def __init__(name: str):\n    pass\n\n\n"
            "class User:\n    def __init__(self, name):\n        pass\n",
        },
    )
    assert [f.region.start_line for f in scan(tmp_path)] == [1, 6]


def test_bad_input_is_skipped_with_a_notification(tmp_path: Path) -> None:
    """Syntax errors and non-UTF-8 files never raise; the rest is still checked."""
    write_tree(
        tmp_path,
        {
            "broken.py": "def broken(:\n",
            "latin.py": "x = 'caf\xe9'\n".encode("latin-1"),
            "good.py": "def f(x):\n    return x\n",
        },
    )
    assert [f.path for f in scan(tmp_path)] == ["good.py"]
