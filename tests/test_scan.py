"""End to end: the real CLI, the real Semgrep, one merged SARIF run."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from .helpers import FIXTURES, assert_valid_sarif, run_cli, write_tree

GOLDEN = Path(__file__).resolve().parent / "golden"
VIOLATIONS = FIXTURES / "foundation" / "violations"


@pytest.fixture(scope="module")
def violations(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[subprocess.CompletedProcess[str], dict]:
    """Scan the fixture that breaks both foundation rules once, with SARIF written too."""
    sarif_path = tmp_path_factory.mktemp("out") / "report.sarif"
    completed = run_cli(
        "scan",
        str(VIOLATIONS),
        "--sarif-output",
        str(sarif_path),
        "--select",
        "shell-command,missing-package-init",
    )
    return completed, json.loads(sarif_path.read_text(encoding="utf-8"))


def _results(sarif: dict, rule_id: str | None = None) -> list[dict]:
    results = sarif["runs"][0]["results"]
    return [r for r in results if rule_id is None or r["ruleId"] == rule_id]


def test_violations_exit_1_and_text_report_lists_both_rules(violations: tuple) -> None:
    """Both rules fire; the terminal report groups by file and ends with the checklist."""
    completed, _ = violations
    assert completed.returncode == 1, completed.stderr
    assert "shell-command" in completed.stdout
    assert "missing-package-init" in completed.stdout
    assert "app/api/routes.py" in completed.stdout
    assert "Policy checklist" in completed.stdout
    assert "\u274c Subprocess" in completed.stdout


def test_sarif_is_valid_against_both_schemas_with_one_run(violations: tuple) -> None:
    """The SARIF validates against OASIS and GitHub schemas and has exactly one run."""
    _, sarif = violations
    assert_valid_sarif(sarif)
    run = sarif["runs"][0]
    assert run["tool"]["driver"]["name"] == "backguard"
    assert run["tool"]["driver"]["informationUri"].startswith("https://")
    assert run["automationDetails"]["id"] == "backguard/"
    assert run["columnKind"] == "utf16CodeUnits"
    assert run["invocations"][0]["executionSuccessful"] is True
    assert "%SRCROOT%" in run["originalUriBaseIds"]


def test_rule_descriptors_carry_docs_levels_tags_and_security_severity(violations: tuple) -> None:
    """rules[] has both engines' rules with help, level, tags, precision, security-severity."""
    _, sarif = violations
    rules = {rule["id"]: rule for rule in sarif["runs"][0]["tool"]["driver"]["rules"]}
    for rule_id in ("shell-command", "missing-package-init"):
        rule = rules[rule_id]
        assert rule["shortDescription"]["text"]
        assert rule["fullDescription"]["text"]
        assert "## Why is this bad?" in rule["help"]["markdown"]
        assert rule["help"]["text"]
        assert rule["defaultConfiguration"]["level"] == "error"
        assert rule["properties"]["precision"] in {"high", "medium", "low", "very-high"}
    shell = rules["shell-command"]["properties"]
    assert "security" in shell["tags"] and "CWE-78" in shell["tags"]
    assert isinstance(shell["security-severity"], str)
    float(shell["security-severity"])


def test_results_have_bare_ids_relative_uris_regions_and_fingerprints(violations: tuple) -> None:
    """Every result: bare rule ID, matching ruleIndex, %SRCROOT% URI, region, line hash."""
    _, sarif = violations
    rules = sarif["runs"][0]["tool"]["driver"]["rules"]
    results = _results(sarif)
    assert {r["ruleId"] for r in results} == {"shell-command", "missing-package-init"}
    for result in results:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        location = result["locations"][0]["physicalLocation"]
        assert location["artifactLocation"]["uriBaseId"] == "%SRCROOT%"
        assert not location["artifactLocation"]["uri"].startswith(("/", "file:"))
        assert re.fullmatch(
            r"[0-9a-f]+:\d+", result["partialFingerprints"]["primaryLocationLineHash"]
        )
    shell = _results(sarif, "shell-command")
    assert {r["locations"][0]["physicalLocation"]["region"]["startLine"] for r in shell} == {9, 14}
    archive = next(
        r for r in shell if r["locations"][0]["physicalLocation"]["region"]["startLine"] == 9
    )
    region = archive["locations"][0]["physicalLocation"]["region"]
    assert region["startColumn"] == 5
    assert region["snippet"]["text"].strip() == 'os.system("tar czf /tmp/out.tgz " + name)'
    init = _results(sarif, "missing-package-init")
    assert [r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in init] == [
        "app/api/__init__.py"
    ]


def test_nosemgrep_findings_are_left_out_unless_included(tmp_path: Path) -> None:
    """A `# nosemgrep` finding is not uploaded by default, and kept as a suppression on request."""
    out = tmp_path / "with.sarif"
    completed = run_cli(
        "scan",
        str(VIOLATIONS),
        "--select",
        "shell-command",
        "--include-suppressed",
        "--format",
        "sarif",
        "--output",
        str(out),
    )
    assert completed.returncode == 1
    sarif = json.loads(out.read_text(encoding="utf-8"))
    assert_valid_sarif(sarif)
    suppressed = [r for r in _results(sarif) if r.get("suppressions")]
    assert [r["locations"][0]["physicalLocation"]["region"]["startLine"] for r in suppressed] == [
        19
    ]
    assert suppressed[0]["suppressions"][0]["kind"] == "inSource"


def test_columns_are_utf16_code_units(tmp_path: Path) -> None:
    """Semgrep's byte columns become UTF-16 columns: astral characters count twice."""
    line = 'os.system("é𝔘" + cmd)'
    write_tree(tmp_path, {"a.py": f"import os\ncmd = input()\n{line}\n"})
    out = tmp_path / "r.sarif"
    run_cli("scan", str(tmp_path), "--select", "shell-command", "--format", "sarif", "-o", str(out))
    region = _results(json.loads(out.read_text(encoding="utf-8")))[0]["locations"][0][
        "physicalLocation"
    ]["region"]
    assert region["startColumn"] == 1
    assert region["endColumn"] == len(line) + 1 + 1  # 𝔘 is two code units


def test_file_names_are_percent_encoded(tmp_path: Path) -> None:
    """Spaces, '#', '%' and non-ASCII in paths become a valid relative URI."""
    write_tree(tmp_path, {"my dir/ré #1 %.py": "import os\nos.system(input())\n"})
    out = tmp_path / "r.sarif"
    run_cli("scan", str(tmp_path), "--select", "shell-command", "--format", "sarif", "-o", str(out))
    sarif = json.loads(out.read_text(encoding="utf-8"))
    assert_valid_sarif(sarif)
    uri = _results(sarif)[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri == "my%20dir/r%C3%A9%20%231%20%25.py"


def test_empty_project_exits_0_with_valid_sarif(tmp_path: Path) -> None:
    """Nothing to find: exit 0, an empty but valid report."""
    project = tmp_path / "empty"
    project.mkdir()
    out = tmp_path / "r.sarif"
    completed = run_cli("scan", str(project), "--sarif-output", str(out))
    assert completed.returncode == 0, completed.stdout + completed.stderr
    sarif = json.loads(out.read_text(encoding="utf-8"))
    assert_valid_sarif(sarif)
    assert sarif["runs"][0]["results"] == []


def test_missing_path_exits_2_with_one_clear_line(tmp_path: Path) -> None:
    """A path that does not exist: exit 2, one line on stderr, no traceback."""
    completed = run_cli("scan", str(tmp_path / "nope"))
    assert completed.returncode == 2
    assert completed.stderr.strip() == f"backguard: error: path does not exist: {tmp_path / 'nope'}"


def test_unknown_rule_id_is_a_usage_error() -> None:
    """A typo in --select is reported, not silently ignored."""
    completed = run_cli("scan", str(VIOLATIONS), "--select", "shell-comand")
    assert completed.returncode == 2
    assert "unknown rule ID(s): shell-comand" in completed.stderr


def test_ignore_and_severity_threshold_drive_the_exit_code(tmp_path: Path) -> None:
    """--ignore removes a rule; a severity override below the threshold exits 0."""
    only_init = run_cli(
        "scan",
        str(VIOLATIONS),
        "--select",
        "missing-package-init",
        "--ignore",
        "shell-command",
        "--format",
        "json",
    )
    report = json.loads(only_init.stdout)
    assert {f["rule_id"] for f in report["findings"]} == {"missing-package-init"}
    project = shutil.copytree(VIOLATIONS, tmp_path / "p")
    (project / "pyproject.toml").write_text(
        '[tool.backguard]\nselect = ["shell-command"]\nignore = ["missing-package-init"]\n'
        '[tool.backguard.severity-overrides]\nshell-command = "warning"\n',
        encoding="utf-8",
    )
    assert run_cli("scan", str(project)).returncode == 0
    assert run_cli("scan", str(project), "--severity", "warning").returncode == 1


def test_github_format_prints_workflow_commands() -> None:
    """--format github emits ::error annotations with file and line."""
    completed = run_cli("scan", str(VIOLATIONS), "--select", "shell-command", "--format", "github")
    assert "::error file=app/api/routes.py,line=9,col=5,title=shell-command::" in completed.stdout


def _normalise(sarif: dict[str, Any]) -> dict[str, Any]:
    text = json.dumps(sarif, sort_keys=True)
    text = re.sub(r'"file://[^"]*"', '"file:///ROOT/"', text)
    text = re.sub(r'"(startTimeUtc|endTimeUtc)": "[^"]*"', r'"\1": "TIME"', text)
    text = re.sub(
        r'"(version|semanticVersion|semgrepVersion)": "[0-9][^"]*"', r'"\1": "VERSION"', text
    )
    document = json.loads(text)
    invocation = document["runs"][0]["invocations"][0]
    invocation.pop("commandLine", None)
    invocation.pop("arguments", None)
    document["version"] = "2.1.0"
    return document


def test_sarif_matches_golden_file(violations: tuple) -> None:
    """The whole report is stable (set BACKGUARD_UPDATE_GOLDEN=1 to rewrite the golden file)."""
    _, sarif = violations
    golden = GOLDEN / "foundation-violations.sarif"
    actual = _normalise(sarif)
    if os.environ.get("BACKGUARD_UPDATE_GOLDEN"):
        golden.write_text(json.dumps(actual, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    assert actual == json.loads(golden.read_text(encoding="utf-8"))
