"""The quality profile end to end: which profiles turn it on, one scan, suppression."""

from __future__ import annotations

from pathlib import Path

import pytest

from backguard.config import Config, discover_config
from backguard.rules import select_rules
from backguard.scan import all_rules, resolve_target, run_scan

from ..helpers import write_tree

NATIVE = {
    "missing-type-hints": "warning",
    "missing-docstring": "warning",
    "naming-convention": "warning",
    "docstring-missing-sections": "note",
    "line-too-long": "note",
    "reason-comment-missing": "note",
    "open-without-context-manager": "warning",
}
SEMGREP = {"printf-string-formatting": "note"}
QUALITY = {**NATIVE, **SEMGREP}

PROJECT = {
    "pyproject.toml": '[tool.backguard]\nprofile = "quality"\n',
    "app/__init__.py": '"""The app."""\n',
    "app/service.py": (
        '"""Service code with one problem of each quality rule."""\n'
        "\n"
        "\n"
        "def loadUser(path):\n"
        "    handle = open(path)\n"
        '    return "user %s" % handle.read()\n'
        "\n"
        "\n"
        "def documented(value: int) -> int:\n"
        '    """Double a value."""\n'
        "    return value * 2\n"
        "\n"
        "\n"
        "def branches(code: int) -> int:\n"
        '    """Classify a code.\n\n    Args:\n        code: The code.\n\n'
        '    Returns:\n        The class.\n    """\n'
        + "".join(f"    if code == {n}:\n        return {n}\n" for n in range(11))
        + "    return -1\n"
        "\n"
        "\n"
        "LONG = 'this line is deliberately long so that it goes past the limit of "
        "eighty-eight characters'\n"
        "quietName = len(LONG)  # nosemgrep: naming-convention\n"
    ),
}


@pytest.mark.parametrize(
    ("profile", "expected"),
    [
        ("security", set()),
        ("structure", set()),
        ("strict", {rule for rule, level in QUALITY.items() if level != "note"}),
        ("quality", set(QUALITY)),
        ("all", set(QUALITY)),
    ],
)
def test_profiles_turn_the_quality_rules_on(profile: str, expected: set[str]) -> None:
    """Off by default; ``strict`` adds the warnings; ``quality`` and ``all`` add all."""
    selected = {rule.id for rule in select_rules(all_rules(), Config(profile=profile))}
    assert selected & set(QUALITY) == expected


def test_each_rule_is_selectable_alone() -> None:
    """``select`` names one quality rule and turns it on."""
    rules = all_rules()
    for rule_id in QUALITY:
        selected = {rule.id for rule in select_rules(rules, Config(select=(rule_id,)))}
        assert rule_id in selected


def test_rule_metadata() -> None:
    """Every quality rule is in the quality profile with the policy's severity."""
    rules = {rule.id: rule for rule in all_rules() if rule.id in QUALITY}
    assert {rule_id: rule.severity.value for rule_id, rule in rules.items()} == QUALITY
    assert all(rule.profile.value == "quality" for rule in rules.values())
    native = {rule.id for rule in rules.values() if rule.engine.value == "native"}
    assert native == set(NATIVE)


def test_scan_reports_every_rule_and_honours_nosemgrep(tmp_path: Path) -> None:
    """One scan with the quality profile: each rule fires; nosemgrep silences one."""
    root = write_tree(tmp_path, PROJECT)
    result = run_scan(resolve_target([str(root)]), discover_config(root))
    found = {(finding.rule_id, finding.region.start_line) for finding in result.findings}
    assert found == {
        ("missing-type-hints", 4),
        ("missing-docstring", 4),
        ("naming-convention", 4),
        ("open-without-context-manager", 5),
        ("printf-string-formatting", 6),
        ("docstring-missing-sections", 9),
        ("reason-comment-missing", 14),
        ("line-too-long", 48),
    }
    assert result.execution_successful
