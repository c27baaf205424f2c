"""``missing-docstring`` and ``docstring-missing-sections``: fixtures and edge cases."""

from __future__ import annotations

from functools import partial
from pathlib import Path

import pytest

from backguard.checks.docstrings import Docstrings, parse_sections
from backguard.models import Finding, Severity

from ..helpers import FIXTURES, write_tree
from .support import assert_marked_findings, fixture_cases, scan_project

MISSING = "missing-docstring"
SECTIONS = "docstring-missing-sections"
CASES = [(rule, case) for rule in (MISSING, SECTIONS) for case in fixture_cases(rule)]


def scan(root: Path, rule_id: str) -> list[Finding]:
    """Run the check with one of its rules enabled.

    Args:
        root: The project.
        rule_id: The rule to enable.

    Returns:
        Its findings.
    """
    return scan_project(root, Docstrings(), [rule_id])


def _by_name(findings: list[Finding]) -> dict[str, str]:
    return {finding.message.split("'")[1]: finding.message for finding in findings}


@pytest.mark.parametrize(("rule_id", "case"), CASES)
def test_fixture_findings(rule_id: str, case: str) -> None:
    """Exactly the marked definitions are reported, each once."""
    assert_marked_findings(partial(scan, rule_id=rule_id), rule_id, case)


def test_severities() -> None:
    """A missing docstring is a warning, missing sections a note."""
    missing = scan(FIXTURES / MISSING / "fail_missing", MISSING)
    sections = scan(FIXTURES / SECTIONS / "fail_sections", SECTIONS)
    assert {f.severity for f in missing} == {Severity.WARNING}
    assert {f.severity for f in sections} == {Severity.NOTE}


def test_missing_messages_name_the_definition() -> None:
    """Module, class, method and ``__init__`` findings say what to document."""
    findings = scan(FIXTURES / MISSING / "fail_missing", MISSING)
    messages = [f.message for f in findings]
    assert any(m.startswith("Module has no docstring") for m in messages)
    assert any("Public class 'User'" in m for m in messages)
    assert any("Public method 'User.display_name'" in m for m in messages)
    assert any("Public function 'create_user'" in m for m in messages)
    assert any("Neither class 'User' nor its __init__" in m for m in messages)


def test_section_messages_list_what_is_missing() -> None:
    """Each finding lists the undocumented parameters and the missing sections."""
    messages = _by_name(scan(FIXTURES / SECTIONS / "fail_sections", SECTIONS))
    assert (
        "an Args: section listing 'amount' and 'currency'; a Returns: section" in messages["charge"]
    )
    assert "Args: entries for 'reason'" in messages["refund"]
    assert "a Raises: section (it raises ValueError)" in messages["validate"]
    assert "a Yields: section (it yields a value)" in messages["batches"]
    assert "Args: entries for '**options'." in messages["starred"]
    assert "a Raises: section (it raises ValueError)" in messages["raises_in_handler"]
    assert "'self'" not in messages["Invoice.total"]


def test_parse_sections_reads_entries_at_the_first_indent() -> None:
    """Typed and starred entries count; continuations and other sections do not."""
    sections = parse_sections(
        "Summary.\n\nArgs:\n    first (int): One.\n        second: continuation.\n"
        "    **rest: The rest.\n\nReturns:\n    third: not an argument.\n",
    )
    assert sections.arguments == {"first", "rest"}
    assert sections.headers == {"args", "returns"}


def test_rules_run_independently(tmp_path: Path) -> None:
    """Enabling one rule does not report the other."""
    source = 'def f(x: int) -> int:\n    """Do."""\n    return x\n'
    write_tree(tmp_path, {"mod.py": source})
    assert [f.rule_id for f in scan(tmp_path, MISSING)] == [MISSING]
    assert [f.rule_id for f in scan(tmp_path, SECTIONS)] == [SECTIONS]


def test_bad_input_is_skipped(tmp_path: Path) -> None:
    """Syntax errors and binary files never raise."""
    write_tree(
        tmp_path,
        {
            "broken.py": "class :\n",
            "binary.py": b"\x00\xff\xfe\x00",
            "ok.py": '"""Fine."""\n',
        },
    )
    assert scan(tmp_path, MISSING) == []
    assert scan(tmp_path, SECTIONS) == []
