"""Microsoft's SARIF validator (rule kinds Sarif and Gh) accepts backguard's reports."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from .helpers import FIXTURES, run_cli

MULTITOOL = os.environ.get("BACKGUARD_SARIF_MULTITOOL")


@pytest.mark.skipif(
    not MULTITOOL and not os.environ.get("CI"),
    reason="Sarif.Multitool not installed (scripts/test.sh installs it with npm)",
)
def test_multitool_reports_no_errors_or_warnings(tmp_path: Path) -> None:
    """Validate a report with findings; its exit code is always 0, so read its output log."""
    assert MULTITOOL, "CI must validate with Sarif.Multitool: set BACKGUARD_SARIF_MULTITOOL"
    report = tmp_path / "report.sarif"
    run_cli(
        "scan",
        str(FIXTURES / "foundation" / "violations"),
        "--include-suppressed",
        "--format",
        "sarif",
        "--output",
        str(report),
    )
    log = tmp_path / "validation.sarif"
    subprocess.run(
        [
            MULTITOOL,
            "validate",
            "--rule-kind",
            "Sarif;Gh",
            "--log",
            "ForceOverwrite",
            "--output",
            str(log),
            str(report),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    results = json.loads(log.read_text(encoding="utf-8"))["runs"][0].get("results", [])
    problems = [
        f"{r['ruleId']}: {r['message']}" for r in results if r.get("level", "warning") != "note"
    ]
    assert not problems, "\n".join(problems)
