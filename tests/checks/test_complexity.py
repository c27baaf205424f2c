"""``reason-comment-missing``: complexity, ``# Reason:`` comments, configuration."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from backguard.checks.complexity import ReasonCommentMissing, complexity
from backguard.models import Severity

from ..helpers import write_tree
from .support import assert_marked_findings, fixture_cases, scanner

RULE_ID = "reason-comment-missing"
scan = scanner(ReasonCommentMissing, RULE_ID, enabled_only=True)


def _complexity_of(source: str) -> int:
    function = ast.parse(source).body[0]
    assert isinstance(function, ast.FunctionDef)
    return complexity(function)


@pytest.mark.parametrize("case", fixture_cases(RULE_ID))
def test_fixture_findings(case: str) -> None:
    """Exactly the marked functions are reported, as notes."""
    assert_marked_findings(scan, RULE_ID, case, Severity.NOTE)


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("def f():\n    pass\n", 1),
        (
            "def f(a):\n    if a:\n        pass\n    elif a > 1:\n        pass\n    else:\n"
            "        pass\n",
            3,
        ),
        ("def f(a):\n    for x in a:\n        pass\n    else:\n        pass\n", 2),
        ("def f(a):\n    while a:\n        a -= 1\n", 2),
        (
            "def f():\n    try:\n        pass\n    except A:\n        pass\n    except B:\n"
            "        pass\n    else:\n        pass\n    finally:\n        pass\n",
            4,
        ),
        ("def f():\n    try:\n        pass\n    except A:\n        pass\n", 3),
        ("def f():\n    try:\n        pass\n    finally:\n        pass\n", 2),
        ("def f(a):\n    with a:\n        if a:\n            pass\n", 2),
        ("def f(a):\n    def g():\n        if a:\n            pass\n    return g\n", 3),
        ("def f(a):\n    return a and a or a if a else [x for x in a if x]\n", 1),
        (
            "def f(a):\n    match a:\n        case 1:\n            pass\n        case _:\n"
            "            pass\n",
            2,
        ),
        (
            "def f(a):\n    match a:\n        case 1:\n            pass\n        case [x]:\n"
            "            pass\n",
            3,
        ),
    ],
)
def test_complexity_counts_like_mccabe(source: str, expected: int) -> None:
    """Branches, loops, try and handlers, match cases and nested functions count.

    The expected values are those of mccabe 0.7 (flake8's ``C901``) for every
    case but ``match``, which mccabe does not know.
    """
    assert _complexity_of(source) == expected


def test_limit_comes_from_configuration(tmp_path: Path) -> None:
    """``max-complexity`` sets the limit; the message gives the score and limit."""
    body = "".join(f"    if a == {n}:\n        return {n}\n" for n in range(3))
    write_tree(
        tmp_path,
        {
            "pyproject.toml": "[tool.backguard]\nmax-complexity = 3\n",
            "mod.py": f"def f(a: int) -> int:\n{body}    return 0\n",
        },
    )
    [finding] = scan(tmp_path)
    assert "complexity 4 (limit 3)" in finding.message
    assert finding.region.start_line == 1


def test_comment_above_must_touch_the_definition(tmp_path: Path) -> None:
    """A ``# Reason:`` separated from the def by a blank line or code does not count."""
    body = "".join(f"    if a == {n}:\n        return {n}\n" for n in range(11))
    write_tree(
        tmp_path,
        {
            "mod.py": f"# Reason: about something else.\n\ndef f(a: int) -> int:\n{body}"
            f"    return 0\n",
        },
    )
    assert [f.region.start_line for f in scan(tmp_path)] == [3]


def test_bad_input_is_skipped(tmp_path: Path) -> None:
    """Syntax errors and non-UTF-8 files never raise."""
    write_tree(
        tmp_path,
        {
            "broken.py": "def f(:\n",
            "latin.py": "x = 'caf\xe9'\n".encode("latin-1"),
        },
    )
    assert scan(tmp_path) == []
