"""The GitHub Action (`action.yml`): its structure, and its scan and threshold steps run for real.

GitHub itself cannot run here, so the scan and threshold steps' scripts are
run with bash exactly as the runner would: each ``${{ expression }}`` of a
step's ``env`` is replaced by the value GitHub would give it, and the step
outputs are read back from ``$GITHUB_OUTPUT``.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from .helpers import REPO, assert_valid_sarif, cli_env, only, write_tree

ACTION = yaml.safe_load((REPO / "action.yml").read_text(encoding="utf-8"))
STEPS = {step.get("id") or step["name"]: step for step in ACTION["runs"]["steps"]}
EXPRESSION = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")
UPLOAD_STEP = next(
    step for step in ACTION["runs"]["steps"] if "upload-sarif" in step.get("uses", "")
)
THRESHOLD_STEP = ACTION["runs"]["steps"][-1]


def test_action_is_a_composite_with_documented_inputs_and_outputs() -> None:
    """Every input has a description and a default; outputs come from the scan step."""
    assert ACTION["name"] == "backguard"
    assert ACTION["description"]
    assert ACTION["runs"]["using"] == "composite"
    expected = {
        "paths",
        "profile",
        "severity",
        "category",
        "sarif-file",
        "upload-sarif",
        "baseline-commit",
        "args",
        "version",
        "python-version",
        "token",
    }
    assert expected <= set(ACTION["inputs"])
    for name, spec in ACTION["inputs"].items():
        assert spec.get("description"), name
        assert "default" in spec and isinstance(spec["default"], str), name
        assert spec.get("required", False) is False, name
    assert ACTION["inputs"]["severity"]["default"] == "error"
    assert ACTION["inputs"]["category"]["default"] == "backguard/"
    assert ACTION["outputs"]["exit-code"]["value"] == "${{ steps.scan.outputs.exit-code }}"
    assert ACTION["outputs"]["sarif-file"]["value"] == "${{ steps.scan.outputs.sarif-file }}"


def test_steps_install_scan_upload_then_apply_the_threshold() -> None:
    """Order matters: the SARIF is uploaded before the job is failed, so the alerts exist."""
    steps = ACTION["runs"]["steps"]
    assert steps[0]["uses"].startswith("actions/setup-python@")
    assert steps[0]["with"]["update-environment"] is False
    assert [step.get("id") for step in steps[1:3]] == ["install", "scan"]
    assert "pip install" in STEPS["install"]["run"] and "$ACTION_PATH" in STEPS["install"]["run"]
    assert STEPS["install"]["env"]["ACTION_PATH"] == "${{ github.action_path }}"
    assert steps.index(UPLOAD_STEP) == 3 and steps.index(THRESHOLD_STEP) == 4
    assert re.fullmatch(r"github/codeql-action/upload-sarif@v\d+", UPLOAD_STEP["uses"])
    assert UPLOAD_STEP["with"] == {
        "sarif_file": "${{ inputs.sarif-file }}",
        "category": "${{ inputs.category }}",
        "token": "${{ inputs.token }}",
    }
    assert "always()" in UPLOAD_STEP["if"] and "inputs.upload-sarif == 'true'" in UPLOAD_STEP["if"]
    assert "always()" in THRESHOLD_STEP["if"]


def test_no_expression_is_expanded_inside_a_script() -> None:
    """Inputs reach scripts through env only: no ${{ }} in run:, every run step names bash."""
    for step in ACTION["runs"]["steps"]:
        if "run" in step:
            assert "${{" not in step["run"], step["name"]
            assert step["shell"] == "bash", step["name"]
            assert step["run"].startswith("set -euo pipefail"), step["name"]


def _evaluate(value: str, context: dict[str, str]) -> str:
    def replace(match: re.Match[str]) -> str:
        assert match.group(1) in context, (
            f"the test does not know the expression {match.group(1)!r}"
        )
        return context[match.group(1)]

    return EXPRESSION.sub(replace, value)


def _run_step(
    step: dict[str, Any], inputs: dict[str, str], context: dict[str, str], cwd: Path, tmp_path: Path
) -> tuple[subprocess.CompletedProcess[str], dict[str, str]]:
    """Run one `run:` step with bash as the Actions runner does; return it and its outputs."""
    defaults = {f"inputs.{name}": spec["default"] for name, spec in ACTION["inputs"].items()}
    known = {**defaults, **{f"inputs.{name}": value for name, value in inputs.items()}, **context}
    output_file = tmp_path / f"github-output-{step.get('id', 'step')}"
    output_file.write_text("", encoding="utf-8")
    env = cli_env(GITHUB_OUTPUT=str(output_file), RUNNER_TEMP=str(tmp_path))
    env.update({name: _evaluate(str(value), known) for name, value in step.get("env", {}).items()})
    completed = subprocess.run(
        ["bash", "-e", "-c", step["run"]],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    outputs = dict(
        line.split("=", 1) for line in output_file.read_text(encoding="utf-8").splitlines()
    )
    return completed, outputs


@pytest.fixture(scope="module")
def backguard_executable() -> str:
    """The backguard console script of the test environment (what the install step produces)."""
    return str(Path(sys.executable).with_name("backguard"))


def test_scan_step_writes_sarif_and_threshold_step_fails_the_job(
    tmp_path: Path, backguard_executable: str
) -> None:
    """Findings: the scan step records exit 1 and a valid SARIF; the threshold step fails the job,
    unless the severity input is 'none'."""
    project = write_tree(
        tmp_path / "project",
        {
            "app/__init__.py": "",
            "app/api/__init__.py": "",
            "app/api/routes.py": "import os\n\n\ndef run(command):\n    os.system(command)\n",
        },
    )
    scan, outputs = _run_step(
        STEPS["scan"],
        {"args": " ".join(only("shell-command")), "category": "api/"},
        {"steps.install.outputs.backguard": backguard_executable},
        project,
        tmp_path,
    )
    assert scan.returncode == 0, scan.stderr
    assert outputs == {"exit-code": "1", "sarif-file": "backguard.sarif", "sarif-written": "true"}
    assert "shell-command" in scan.stdout
    sarif = json.loads((project / "backguard.sarif").read_text(encoding="utf-8"))
    assert_valid_sarif(sarif)
    assert sarif["runs"][0]["automationDetails"]["id"] == "api/"
    assert [r["ruleId"] for r in sarif["runs"][0]["results"]] == ["shell-command"]
    context = {"steps.scan.outputs.exit-code": outputs["exit-code"]}
    failed, _ = _run_step(THRESHOLD_STEP, {}, context, project, tmp_path)
    assert failed.returncode == 1
    assert "::error title=backguard::findings at or above 'error'" in failed.stdout
    tolerated, _ = _run_step(THRESHOLD_STEP, {"severity": "none"}, context, project, tmp_path)
    assert tolerated.returncode == 0, tolerated.stdout


def test_threshold_step_passes_clean_scans_and_fails_engine_errors(tmp_path: Path) -> None:
    """Exit 0 passes; exit 2 (an engine or configuration error) fails even with severity 'none'."""
    clean, _ = _run_step(
        THRESHOLD_STEP, {}, {"steps.scan.outputs.exit-code": "0"}, tmp_path, tmp_path
    )
    assert clean.returncode == 0
    broken, _ = _run_step(
        THRESHOLD_STEP,
        {"severity": "none"},
        {"steps.scan.outputs.exit-code": "2"},
        tmp_path,
        tmp_path,
    )
    assert broken.returncode == 2
    assert "failed with exit status 2" in broken.stdout


def test_scan_step_rejects_an_unknown_severity(tmp_path: Path) -> None:
    """A typo in the severity input stops the step before anything runs."""
    step, outputs = _run_step(
        STEPS["scan"],
        {"severity": "critical"},
        {"steps.install.outputs.backguard": "/nonexistent"},
        tmp_path,
        tmp_path,
    )
    assert step.returncode == 2
    assert "severity must be error, warning, note or none" in step.stdout
    assert outputs == {}


def test_scan_step_passes_paths_and_options_without_a_shell_injection(tmp_path: Path) -> None:
    """Space-separated paths and args become separate words; shell syntax in an input stays text."""
    recorder = tmp_path / "fake-backguard"
    recorder.write_text('#!/bin/sh\nprintf "%s\\n" "$@" > "$RECORD"\nexit 0\n', encoding="utf-8")
    recorder.chmod(0o755)
    step = dict(STEPS["scan"], env={**STEPS["scan"]["env"], "RECORD": str(tmp_path / "argv")})
    inputs = {
        "paths": "services/api  services/worker",
        "args": "--exclude $(touch pwned)",
        "baseline-commit": "origin/main",
        "profile": "strict",
        "severity": "warning",
    }
    completed, outputs = _run_step(
        step, inputs, {"steps.install.outputs.backguard": str(recorder)}, tmp_path, tmp_path
    )
    assert completed.returncode == 0, completed.stderr
    assert outputs["exit-code"] == "0"
    argv = (tmp_path / "argv").read_text(encoding="utf-8").splitlines()
    assert argv == [
        "scan",
        "--sarif-output",
        "backguard.sarif",
        "--category",
        "backguard/",
        "--severity",
        "warning",
        "--profile",
        "strict",
        "--baseline-commit",
        "origin/main",
        "--exclude",
        "$(touch",
        "pwned)",
        "--",
        "services/api",
        "services/worker",
    ]
    assert not (tmp_path / "pwned").exists()


def _use_in_ci_section() -> str:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    start = readme.index("## Use in CI")
    return readme[start : readme.index("\n## ", start + 1)]


def test_readme_documents_every_input_and_valid_workflows() -> None:
    """The README's input table matches action.yml, and its YAML examples parse."""
    section = _use_in_ci_section()
    documented = set(re.findall(r"^\| `([\w-]+)` \|", section, re.MULTILINE))
    assert documented == set(ACTION["inputs"]) - {"token"}
    blocks = [
        yaml.safe_load(block) for block in re.findall(r"```yaml\n(.*?)```", section, re.DOTALL)
    ]
    assert len(blocks) >= 3
    uses = [
        step.get("uses", "")
        for block in blocks
        if "jobs" in block
        for job in block["jobs"].values()
        for step in job["steps"]
    ]
    assert any(use.startswith("backguard/backguard@") for use in uses)
    assert any(use.startswith("github/codeql-action/upload-sarif@") for use in uses)
    assert "backguard merge" in section and "semgrep ci --config rules/" in section
