"""backguard scans its own repository clean (fixtures excluded by configuration)."""

from __future__ import annotations

import json

import pytest

from .helpers import REPO, run_cli


@pytest.mark.parametrize("profile", ["security", "all"])
def test_backguard_scans_itself_clean(profile: str) -> None:
    """The default profile and --profile all report nothing on backguard's own code."""
    completed = run_cli("scan", str(REPO), "--profile", profile, "--format", "json", timeout=900)
    report = json.loads(completed.stdout)
    problems = [
        f"{f['path']}:{f['line']} {f['rule_id']} {f['message']}" for f in report["findings"]
    ]
    assert report["execution_successful"], report["notifications"]
    assert problems == []
    assert completed.returncode == 0
