"""Shared support for the native checks' tests: run one check, list and read fixtures.

Fixture projects live in ``tests/fixtures/<rule>/<case>/``: ``fail_*`` folders
must produce findings, ``pass_*`` folders none.

The quality checks' fixtures mark every expected finding in place:
``# expect: RULE-ID`` at the end of the reported line, or
``# expect-next: RULE-ID`` on the line before it (for lines whose length is
under test). A rule ID listed twice expects two findings on that line.
``pass_*`` folders carry no marks. The other checks' tests keep their expected
findings in a table keyed by ``fail_*`` folder name.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Collection, Sequence
from pathlib import Path

from backguard.checks.base import Check, CheckContext
from backguard.config import discover_config
from backguard.discovery import discover
from backguard.models import Finding, Severity

from ..helpers import FIXTURES

EXPECT = re.compile(r"#\s*expect(?P<next>-next)?:\s*(?P<ids>[\w, -]+)")


def run_check(
    root: Path, check: Check, rule_ids: Sequence[str]
) -> tuple[list[Finding], CheckContext]:
    """Run one native check over a project folder, configured by its pyproject.toml.

    Args:
        root: The project folder.
        check: The check to run.
        rule_ids: The rules enabled for the scan.

    Returns:
        Every finding the check reports, and the context (for notifications).
    """
    config = discover_config(root)
    context = CheckContext(discover(root, ["."], config.exclude), config, list(rule_ids))
    return check.run(context), context


def scan_project(root: Path, check: Check, rule_ids: Sequence[str]) -> list[Finding]:
    """Run one native check over a project folder and keep the enabled rules' findings.

    Args:
        root: The project folder.
        check: The check to run.
        rule_ids: The rules enabled for the scan.

    Returns:
        The findings of the enabled rules.
    """
    findings, _ = run_check(root, check, rule_ids)
    return [finding for finding in findings if finding.rule_id in rule_ids]


def scanner(
    make_check: Callable[[], Check], rule_id: str, *, enabled_only: bool = False
) -> Callable[[Path], list[Finding]]:
    """Build a test module's ``scan``: a fresh check, run alone over a project folder.

    Args:
        make_check: Creates the check (its class).
        rule_id: The one rule enabled.
        enabled_only: Drop findings of other rules (as :func:`scan_project` does).

    Returns:
        A function from a project folder to its findings.
    """

    def scan(root: Path) -> list[Finding]:
        """Run the check alone over a project folder.

        Args:
            root: The project.

        Returns:
            Its findings.
        """
        if enabled_only:
            return scan_project(root, make_check(), [rule_id])
        return run_check(root, make_check(), [rule_id])[0]

    return scan


def fixture_cases(rule_id: str) -> list[str]:
    """List a rule's fixture projects (``pass_*`` and ``fail_*`` folders).

    Args:
        rule_id: The rule.

    Returns:
        The folder names, sorted.
    """
    return sorted(path.name for path in (FIXTURES / rule_id).iterdir() if path.is_dir())


def assert_every_fail_case_expected(rule_id: str, expected: Collection[str]) -> None:
    """Assert the expectations table names exactly the rule's ``fail_*`` folders.

    A new ``fail_*`` folder without expected findings is a test bug.

    Args:
        rule_id: The rule.
        expected: The ``fail_*`` folder names the test has expectations for.
    """
    assert {case for case in fixture_cases(rule_id) if case.startswith("fail_")} == set(expected)


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


def assert_marked_findings(
    scan: Callable[[Path], list[Finding]],
    rule_id: str,
    case: str,
    severity: Severity | None = None,
) -> None:
    """Assert a marked fixture project yields exactly its ``# expect:`` marks.

    ``fail_*`` folders must carry marks and ``pass_*`` folders none.

    Args:
        scan: Runs the check over a project folder.
        rule_id: The rule (its fixtures folder and the marks that count).
        case: The fixture folder.
        severity: The level every finding must have, when one is required.
    """
    root = FIXTURES / rule_id / case
    expected = expected_findings(root, rule_id)
    assert bool(expected) == case.startswith("fail_")
    findings = scan(root)
    assert found_lines(findings) == expected
    if severity is not None:
        assert all(f.severity is severity for f in findings)
