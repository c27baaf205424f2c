"""``line-too-long``: fixture projects, the configured limit, columns and bad input."""

from __future__ import annotations

from pathlib import Path

import pytest

from backguard.checks.line_length import LineTooLong, cannot_be_wrapped, measured_text
from backguard.models import Severity

from ..helpers import write_tree
from .support import assert_marked_findings, fixture_cases, scanner

RULE_ID = "line-too-long"
scan = scanner(LineTooLong, RULE_ID, enabled_only=True)


@pytest.mark.parametrize("case", fixture_cases(RULE_ID))
def test_fixture_findings(case: str) -> None:
    """Exactly the marked lines are reported, as notes."""
    assert_marked_findings(scan, RULE_ID, case, Severity.NOTE)


def test_limit_comes_from_configuration(tmp_path: Path) -> None:
    """``line-length`` moves the limit both ways."""
    write_tree(
        tmp_path,
        {
            "pyproject.toml": "[tool.backguard]\nline-length = 100\n",
            "mod.py": f"A = '{'x' * 94}'\nB = '{'x' * 95}'\n",
        },
    )
    assert [f.region.start_line for f in scan(tmp_path)] == [2]
    (tmp_path / "pyproject.toml").write_text("[tool.backguard]\nline-length = 10\n")
    assert [f.region.start_line for f in scan(tmp_path)] == [1, 2]


def test_region_spans_the_characters_past_the_limit(tmp_path: Path) -> None:
    """Columns are UTF-16 code units: an astral character counts twice."""
    write_tree(tmp_path, {"mod.py": f"S = '\U0001f600 {'y' * 90}'\n"})
    [finding] = scan(tmp_path)
    line_length = len(f"S = '\U0001f600 {'y' * 90}'")
    assert finding.region.start_column == 88 + 1 + 1
    assert finding.region.end_column == line_length + 1 + 1
    assert f"{line_length} characters long (limit 88)" in finding.message


def test_line_endings_and_trailing_spaces(tmp_path: Path) -> None:
    """CRLF and CR files keep their line numbers; trailing spaces do not count."""
    long_line = "x = '" + "z" * 90 + "'"
    write_tree(
        tmp_path,
        {
            "crlf.py": f"a = 1\r\n{long_line}\r\n",
            "cr.py": f"a = 1\r{long_line}\r",
            "spaces.py": "a = 1" + " " * 100 + "\n",
        },
    )
    assert sorted((f.path, f.region.start_line) for f in scan(tmp_path)) == [
        ("cr.py", 2),
        ("crlf.py", 2),
    ]


def test_pragmas_and_urls() -> None:
    """Pragmas are cut off; single words and late-starting URLs decide exemptions."""
    assert measured_text("x = 1  # noqa: E501") == "x = 1"
    assert measured_text("x = 1  # type: ignore[misc]") == "x = 1"
    assert measured_text("x = 1  # note: keep") == "x = 1  # note: keep"
    assert cannot_be_wrapped("# https://example.com/" + "a" * 100, 88)
    assert cannot_be_wrapped("    'one-long-token-" + "a" * 100 + "'", 88)
    assert cannot_be_wrapped("see " + "w " * 30 + "https://example.com/" + "a" * 80, 88)
    assert not cannot_be_wrapped("w " * 50 + "https://example.com/a", 88)


def test_bad_input_is_skipped(tmp_path: Path) -> None:
    """Non-UTF-8 files are skipped with a notification, not raised on."""
    write_tree(tmp_path, {"latin.py": ("# " + "\xe9" * 100 + "\n").encode("latin-1")})
    assert scan(tmp_path) == []
