"""Semgrep missing, crashing, printing garbage, reporting errors or hanging.

Fakes stand in for Semgrep only here, to inject faults. In every case the
scan exits 2 with a clear line on stderr, and the SARIF is still written,
schema-valid, with ``executionSuccessful: false`` and the native checks'
findings kept.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import pytest

from ..helpers import assert_valid_sarif, cli_env, run_cli, write_tree

PROJECT = {
    "app/__init__.py": "",
    "app/api/routes.py": "import os\n\ndef run(cmd):\n    os.system(cmd)\n",
    "main.py": "from app.api import routes\n",
}


def _fake_semgrep(tmp_path: Path, body: str) -> Path:
    script = tmp_path / "fake-semgrep"
    script.write_text(f"#!{sys.executable}\nimport sys, time, json\n{body}\n", encoding="utf-8")
    script.chmod(0o755)
    return script


def _scan_with(tmp_path: Path, semgrep: str, *extra: str) -> tuple[int, str, dict]:
    project = write_tree(tmp_path / "project", PROJECT)
    out = tmp_path / "report.sarif"
    completed = run_cli(
        "scan",
        str(project),
        "--sarif-output",
        str(out),
        *extra,
        env=cli_env(BACKGUARD_SEMGREP=semgrep),
    )
    sarif = json.loads(out.read_text(encoding="utf-8"))
    assert_valid_sarif(sarif)
    return completed.returncode, completed.stderr, sarif


def _assert_failed_run_kept_native_findings(sarif: dict, expected_message: str) -> None:
    run = sarif["runs"][0]
    invocation = run["invocations"][0]
    assert invocation["executionSuccessful"] is False
    messages = " ".join(n["message"]["text"] for n in invocation["toolExecutionNotifications"])
    assert expected_message in messages
    assert [r["ruleId"] for r in run["results"]] == ["missing-package-init"]


def test_semgrep_missing(tmp_path: Path) -> None:
    """BACKGUARD_SEMGREP pointing nowhere: exit 2, one clear line, SARIF still written."""
    code, stderr, sarif = _scan_with(tmp_path, str(tmp_path / "no-such-semgrep"))
    assert code == 2
    assert "is not an executable file" in stderr
    assert "Traceback" not in stderr
    _assert_failed_run_kept_native_findings(sarif, "is not an executable file")


def test_semgrep_prints_garbage(tmp_path: Path) -> None:
    """Output that is not Semgrep's JSON report is an engine failure, not a crash."""
    fake = _fake_semgrep(tmp_path, "print('this is not json'); sys.exit(0)")
    code, stderr, sarif = _scan_with(tmp_path, str(fake))
    assert code == 2
    assert "without a valid JSON report" in stderr
    _assert_failed_run_kept_native_findings(sarif, "without a valid JSON report")


def test_semgrep_crashes(tmp_path: Path) -> None:
    """A crash (non-zero status, no report) quotes Semgrep's stderr."""
    fake = _fake_semgrep(
        tmp_path, "sys.stderr.write('Fatal error: out of memory\\n'); sys.exit(139)"
    )
    code, stderr, sarif = _scan_with(tmp_path, str(fake))
    assert code == 2
    assert "status 139" in stderr and "out of memory" in stderr
    _assert_failed_run_kept_native_findings(sarif, "out of memory")


@pytest.mark.parametrize("field", ["message", "long_msg"])
def test_semgrep_error_entries_make_the_run_unsuccessful(tmp_path: Path, field: str) -> None:
    """errors[] of level error (either message form) mark the run failed, results kept."""
    report = {
        "version": "1.185.0",
        "results": [],
        "paths": {"scanned": []},
        "errors": [
            {
                "code": 2,
                "level": "error",
                "type": "Rule parse error",
                field: "Invalid pattern for Python",
            }
        ],
    }
    fake = _fake_semgrep(tmp_path, f"print(json.dumps({report!r})); sys.exit(2)")
    code, _, sarif = _scan_with(tmp_path, str(fake))
    assert code == 2
    _assert_failed_run_kept_native_findings(sarif, "Invalid pattern for Python")


def test_semgrep_hangs_past_max_time(tmp_path: Path) -> None:
    """A hanging engine is stopped at --max-time; the scan ends promptly with exit 2."""
    fake = _fake_semgrep(tmp_path, "time.sleep(120)")
    started = time.monotonic()
    code, stderr, sarif = _scan_with(tmp_path, str(fake), "--max-time", "3")
    assert time.monotonic() - started < 60
    assert code == 2
    assert "--max-time" in stderr
    _assert_failed_run_kept_native_findings(sarif, "--max-time")
