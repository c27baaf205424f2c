"""`backguard rules`, `explain`, the hidden `docs` generator and `scan --format github`."""

from __future__ import annotations

import json
import re
from pathlib import Path

from backguard.docs import REQUIRED_SECTIONS, expected_pages, rule_page
from backguard.formats import to_github_annotations
from backguard.models import Finding, Region, ScanResult, Severity
from backguard.scan import all_rules

from .helpers import FIXTURES, only, run_cli, write_tree

VIOLATIONS = FIXTURES / "foundation" / "violations"
ANNOTATION = re.compile(
    r"^::(error|warning|notice) file=([^,]+),line=(\d+),col=(\d+),title=([\w-]+)::(.+)$"
)


def test_rules_lists_every_rule_of_both_engines() -> None:
    """One line per rule: ID, severity, profile, CWE, summary; YAML and native rules alike."""
    completed = run_cli("rules")
    assert completed.returncode == 0, completed.stderr
    lines = {line.split()[0]: line.split() for line in completed.stdout.splitlines()}
    assert set(lines) == {rule.id for rule in all_rules()}
    assert lines["shell-command"][1:4] == ["error", "security", "CWE-78"]
    assert lines["missing-package-init"][1:4] == ["error", "structure", "-"]


def test_rules_json_has_stable_keys_for_tools() -> None:
    """--format json: one object per rule (ID, catalogue ID, severity, profile, engine, CWE...)."""
    completed = run_cli("rules", "--format", "json")
    assert completed.returncode == 0, completed.stderr
    rules = {entry["id"]: entry for entry in json.loads(completed.stdout)}
    assert len(rules) == len(all_rules())
    for entry in rules.values():
        assert set(entry) == {
            "id",
            "catalogue_id",
            "severity",
            "profile",
            "engine",
            "cwe",
            "confidence",
            "summary",
        }
        assert entry["summary"] and entry["severity"] in {"error", "warning", "note"}
        assert all(re.fullmatch(r"CWE-\d+", cwe) for cwe in entry["cwe"])
    assert rules["shell-command"]["cwe"] == ["CWE-78"]
    assert rules["shell-command"]["engine"] == "semgrep"
    assert rules["missing-package-init"]["engine"] == "native"
    assert rules["missing-package-init"]["profile"] == "structure"


def test_explain_prints_the_rule_page_with_every_docs_section() -> None:
    """The terminal text is the generated docs page (one source: explain, docs/, SARIF help)."""
    by_id = {rule.id: rule for rule in all_rules()}
    for rule_id in ("shell-command", "missing-package-init"):
        completed = run_cli("explain", rule_id)
        assert completed.returncode == 0, completed.stderr
        assert completed.stdout == rule_page(by_id[rule_id])
        positions = [completed.stdout.index(section) for section in REQUIRED_SECTIONS]
        assert positions == sorted(positions), rule_id


def test_explain_unknown_rule_is_a_one_line_error() -> None:
    """A typo: exit 2 and a pointer to `backguard rules`."""
    completed = run_cli("explain", "shell-comand")
    assert completed.returncode == 2
    assert (
        completed.stderr.strip()
        == "backguard: error: unknown rule ID: shell-comand (see 'backguard rules')"
    )


def test_docs_generator_writes_the_expected_pages(tmp_path: Path) -> None:
    """`backguard docs DIR` writes exactly the pages the freshness test expects, idempotently."""
    folder = tmp_path / "rules"
    (folder).mkdir()
    (folder / "removed-rule.md").write_text("stale\n", encoding="utf-8")
    first = run_cli("docs", str(folder))
    assert first.returncode == 0, first.stderr
    expected = expected_pages(all_rules())
    assert {path.name: path.read_text(encoding="utf-8") for path in folder.iterdir()} == expected
    again = run_cli("docs", str(folder))
    assert again.stdout.startswith("0 page(s) updated")


def test_format_github_prints_one_workflow_command_per_finding() -> None:
    """`--format github`: `::error file=...,line=...,col=...,title=ID::message` per finding."""
    completed = run_cli(
        "scan",
        str(VIOLATIONS),
        *only("shell-command", "missing-package-init"),
        "--format",
        "github",
        "--include-suppressed",
    )
    assert completed.returncode == 1, completed.stderr
    commands = [ANNOTATION.match(line) for line in completed.stdout.splitlines()]
    assert all(commands), completed.stdout
    found = [
        (m.group(1), m.group(2), int(m.group(3)), int(m.group(4)), m.group(5))
        for m in commands
        if m
    ]
    assert found == [
        ("error", "app/api/__init__.py", 1, 1, "missing-package-init"),
        ("error", "app/api/routes.py", 9, 5, "shell-command"),
        ("error", "app/api/routes.py", 14, 12, "shell-command"),
    ]  # line 19 is silenced by nosemgrep: in SARIF with --include-suppressed, never annotated


def test_format_github_levels_follow_severity_overrides(tmp_path: Path) -> None:
    """A rule overridden to warning is annotated ::warning; exit 0 under the error threshold."""
    project = write_tree(
        tmp_path / "project",
        {
            "pyproject.toml": '[tool.backguard.severity-overrides]\nshell-command = "warning"\n',
            "app/__init__.py": "",
            "app/jobs.py": "import os\n\n\ndef run(command):\n    os.system(command)\n",
        },
    )
    completed = run_cli("scan", str(project), *only("shell-command"), "--format", "github")
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.startswith(
        "::warning file=app/jobs.py,line=5,col=5,title=shell-command::"
    )


def test_github_annotations_escape_data_and_properties(tmp_path: Path) -> None:
    """Newlines and % in messages, and , : in paths, are escaped as GitHub's runner expects."""
    finding = Finding(
        "shell-command", "dir,with:odd/100%.py", "bad\n50% sure", Severity.NOTE, Region(3, 2)
    )
    result = ScanResult(root=tmp_path, rules=(), findings=(finding,))
    assert to_github_annotations(result) == (
        "::notice file=dir%2Cwith%3Aodd/100%25.py,line=3,col=2,title=shell-command"
        "::bad%0A50%25 sure\n"
    )
