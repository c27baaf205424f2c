"""``open-without-context-manager``: fixture projects, messages and bad input."""

from __future__ import annotations

from pathlib import Path

import pytest

from backguard.checks.resources import OpenWithoutContextManager
from backguard.models import Severity

from ..helpers import write_tree
from .support import assert_marked_findings, fixture_cases, scanner

RULE_ID = "open-without-context-manager"
scan = scanner(OpenWithoutContextManager, RULE_ID, enabled_only=True)


@pytest.mark.parametrize("case", fixture_cases(RULE_ID))
def test_fixture_findings(case: str) -> None:
    """Exactly the marked resources are reported, as warnings."""
    assert_marked_findings(scan, RULE_ID, case, Severity.WARNING)


def test_message_and_region_name_the_opening_call(tmp_path: Path) -> None:
    """The finding spans the opening call and names the resolved opener."""
    write_tree(
        tmp_path,
        {
            "mod.py": "from sqlite3 import connect as c\n\n\ndef f() -> None:\n"
            "    db = c('x.db')\n    db.execute('SELECT 1')\n",
        },
    )
    [finding] = scan(tmp_path)
    assert (finding.region.start_line, finding.region.start_column) == (5, 10)
    assert finding.region.end_column == len("    db = c('x.db')") + 1
    assert finding.message.startswith("'sqlite3.connect(...)' is opened without")


def test_bad_input_is_skipped(tmp_path: Path) -> None:
    """Syntax errors and non-UTF-8 files never raise."""
    write_tree(
        tmp_path,
        {
            "broken.py": "handle = open(\n",
            "latin.py": "handle = open('caf\xe9')\n".encode("latin-1"),
        },
    )
    assert scan(tmp_path) == []
