"""Shared support for the quality checks' tests: run one check, read expectations.

Fixture files mark every expected finding in place: ``# expect: RULE-ID`` at
the end of the reported line, or ``# expect-next: RULE-ID`` on the line
before it (for lines whose length is under test). A rule ID listed twice
expects two findings on that line. ``pass_*`` folders carry no marks.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from backguard.checks.base import Check, CheckContext
from backguard.config import discover_config
from backguard.discovery import discover
from backguard.models import Finding

from ..helpers import FIXTURES

EXPECT = re.compile(r"#\s*expect(?P<next>-next)?:\s*(?P<ids>[\w, -]+)")


def scan_project(root: Path, check: Check, rule_ids: list[str]) -> list[Finding]:
    """Run one native check over a project folder, configured by its pyproject.toml.

    Args:
        root: The project folder.
        check: The check to run.
        rule_ids: The rules enabled for the scan.

    Returns:
        The findings of the enabled rules.
    """
    config = discover_config(root)
    context = CheckContext(discover(root, ["."], config.exclude), config, rule_ids)
    return [finding for finding in check.run(context) if finding.rule_id in rule_ids]


def expected_findings(root: Path, rule_id: str) -> Counter[tuple[str, int]]:
    """Read the ``# expect:`` marks for one rule from a fixture project.

    Args:
        root: The fixture project.
        rule_id: The rule whose marks count.

    Returns:
        How many findings each ``(path, line)`` should have.
    """
    expected: Counter[tuple[str, int]] = Counter()
    for path in sorted(root.rglob("*.py")):
        relative = path.relative_to(root).as_posix()
        lines = path.read_text(encoding="utf-8").split("\n")
        for number, line in enumerate(lines, start=1):
            mark = EXPECT.search(line)
            if not mark:
                continue
            ids = [item.strip() for item in mark.group("ids").split(",")]
            target = number + 1 if mark.group("next") else number
            expected[(relative, target)] += ids.count(rule_id)
    return +expected


def found_lines(findings: list[Finding]) -> Counter[tuple[str, int]]:
    """Count findings per ``(path, line)``.

    Args:
        findings: Findings of one rule.

    Returns:
        The counts.
    """
    return Counter((finding.path, finding.region.start_line) for finding in findings)


def fixture_cases(rule_id: str) -> list[str]:
    """List a rule's fixture projects (``pass_*`` and ``fail_*`` folders).

    Args:
        rule_id: The rule.

    Returns:
        The folder names, sorted.
    """
    return sorted(path.name for path in (FIXTURES / rule_id).iterdir() if path.is_dir())
