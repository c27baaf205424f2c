"""`rules/` on its own: plain `semgrep scan` and `semgrep ci`, offline, without a Semgrep account.

`semgrep ci` works without a token when it is given ``--config`` and run in a
git repository (it scans the files git tracks); ``--metrics=off`` and
``SEMGREP_ENABLE_VERSION_CHECK=0`` keep it off the network. It exits 0 on a
broken configuration (``--suppress-errors`` is its default), so these tests
read the findings, not only the exit status.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from typing import Any

import pytest

from .helpers import GIT_ISOLATION, REPO, SEMGREP, git, run_command, write_tree

RULES = REPO / "rules"
ROUTES = """\
import os
import subprocess


def run(command):
    os.system(command)


def listing():
    return subprocess.run(["ls", "-l"], check=True, timeout=10)


def cleanup(path):
    subprocess.call(f"rm -rf {path}", shell=True)
"""
EXPECTED_SHELL_LINES = [6, 14]
#: CI systems' variables that would make `semgrep ci` look for a pull request or an account.
_CI_PREFIXES = (
    "SEMGREP_",
    "GITHUB_",
    "GITLAB_",
    "CI_",
    "BITBUCKET_",
    "BUILDKITE",
    "CIRCLE",
    "TRAVIS",
    "JENKINS",
    "AZURE_",
    "SYSTEM_",
    "BUILD_",
)


def _env() -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith(_CI_PREFIXES)}
    env.update(
        {
            "SEMGREP_ENABLE_VERSION_CHECK": "0",
            "SEMGREP_SEND_METRICS": "off",
            "NO_COLOR": "1",
            **GIT_ISOLATION,
        }
    )
    return env


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small committed project with two shell commands and one safe subprocess call."""
    root = write_tree(
        tmp_path_factory.mktemp("standalone") / "project",
        {
            "app/__init__.py": "",
            "app/api/__init__.py": "",
            "app/api/routes.py": ROUTES,
        },
    )
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "initial"]):
        git(root, *args)
    return root


def _semgrep(project: Path, *args: str) -> tuple[subprocess.CompletedProcess[str], dict[str, Any]]:
    completed = run_command(
        [SEMGREP, *args, "--config", str(RULES), "--metrics=off", "--json"],
        cwd=project,
        env=_env(),
        timeout=600,
    )
    try:
        report = json.loads(completed.stdout)
    except json.JSONDecodeError:
        pytest.fail(
            f"semgrep printed no JSON report (exit {completed.returncode}): "
            f"{completed.stderr[-2000:]}"
        )
    return completed, report


def _lines(report: dict[str, Any], rule_id: str) -> list[int]:
    """Lines reported for a rule; plain Semgrep prefixes IDs with the rule file's folders."""
    return sorted(
        result["start"]["line"]
        for result in report["results"]
        if result["check_id"].rsplit(".", 1)[-1] == rule_id
    )


def test_semgrep_scan_runs_the_pack_on_its_own(project: Path) -> None:
    """`semgrep scan --config rules/`: the pack loads without error and finds the commands."""
    completed, report = _semgrep(project, "scan", "--disable-version-check")
    assert report["errors"] == [], report["errors"]
    assert _lines(report, "shell-command") == EXPECTED_SHELL_LINES
    assert "app/api/routes.py" in report["paths"]["scanned"]
    assert (
        completed.returncode == 0
    )  # plain `semgrep scan` does not fail on findings without --error


def test_semgrep_ci_runs_the_pack_without_an_account(project: Path) -> None:
    """`semgrep ci --config rules/` in a git repository, no token: same findings, exit 1."""
    completed, report = _semgrep(project, "ci")
    assert report["errors"] == [], report["errors"]
    assert _lines(report, "shell-command") == EXPECTED_SHELL_LINES
    assert completed.returncode == 1, completed.stderr[-2000:]
    assert "CI scan completed successfully" in completed.stderr


def test_semgrep_ci_hides_a_broken_config_unless_told_not_to(project: Path, tmp_path: Path) -> None:
    """Why the tests above read results: `semgrep ci` exits 0 on a rule that does not parse;
    `--no-suppress-errors` (what the README recommends) makes it exit 2."""
    broken = tmp_path / "broken"
    write_tree(
        broken,
        {
            "broken.yaml": "rules:\n  - id: broken\n    languages: [python]\n"
            "    severity: ERROR\n    message: x\n    pattern: os.system(\n"
        },
    )
    for extra, status in (((), 0), (("--no-suppress-errors",), 2)):
        completed = run_command(
            [SEMGREP, "ci", "--config", str(broken), "--metrics=off", "--json", *extra],
            cwd=project,
            env=_env(),
            timeout=600,
        )
        report = json.loads(completed.stdout)
        assert report["results"] == []
        assert [error["type"] for error in report["errors"]] == ["Rule parse error"]
        assert completed.returncode == status
