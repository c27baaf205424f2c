"""`backguard merge`: sharded SARIF files become one schema-valid run."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from backguard.merge import MergeError, merge_logs
from backguard.models import (
    Engine,
    Finding,
    Notification,
    NotificationLevel,
    Profile,
    Region,
    RuleInfo,
    ScanResult,
    Severity,
)
from backguard.sarif import MAX_RESULTS_PER_RUN, to_sarif
from .helpers import assert_valid_sarif, only, run_cli, write_tree

DOCS = "## What it does\n\nx\n\n## Why is this bad?\n\ny\n"


def _rule(rule_id: str, profile: Profile = Profile.SECURITY) -> RuleInfo:
    return RuleInfo(
        rule_id,
        rule_id,
        f"{rule_id} summary",
        Severity.ERROR,
        profile,
        Engine.SEMGREP,
        DOCS,
        cwe=("CWE-78: OS Command Injection",),
        security_severity="8.0",
    )


def _shard(
    root: Path,
    rules: list[str],
    findings: list[tuple[str, str, int]],
    notes: tuple[Notification, ...] = (),
    category: str = "backguard/",
) -> dict[str, Any]:
    """A real backguard SARIF log for a scan of ``root``."""
    result = ScanResult(
        root=root,
        rules=tuple(_rule(rule_id) for rule_id in rules),
        findings=tuple(
            Finding(
                rule_id,
                path,
                f"{rule_id} at {path}:{line}",
                Severity.ERROR,
                Region(line, 1, line, 5),
                line_hash=f"{line:x}:1",
            )
            for rule_id, path, line in findings
        ),
        notifications=notes,
        files_scanned=len(findings),
        profiles=("security",),
        command_line=("backguard", "scan", str(root)),
    )
    return to_sarif(result, category)


def _uris(run: dict[str, Any]) -> list[str]:
    return [
        result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        for result in run["results"]
    ]


def test_rules_are_deduplicated_and_rule_indexes_remapped(tmp_path: Path) -> None:
    """Rules appear once, sorted; every result's ruleIndex points at its own rule."""
    first = _shard(
        tmp_path,
        ["shell-command", "sql-string-building"],
        [("sql-string-building", "a.py", 3), ("shell-command", "a.py", 9)],
    )
    second = _shard(
        tmp_path,
        ["eval-injection", "shell-command"],
        [("shell-command", "b.py", 2), ("eval-injection", "b.py", 7)],
    )
    merged = merge_logs([("a.sarif", first), ("b.sarif", second)])
    assert_valid_sarif(merged)
    run = merged["runs"][0]
    rule_ids = [rule["id"] for rule in run["tool"]["driver"]["rules"]]
    assert rule_ids == ["eval-injection", "shell-command", "sql-string-building"]
    assert len(run["results"]) == 4
    for result in run["results"]:
        assert rule_ids[result["ruleIndex"]] == result["ruleId"]
    assert [inv["commandLine"] for inv in run["invocations"]] == [
        f"backguard scan {tmp_path}",
        f"backguard scan {tmp_path}",
    ]
    assert run["properties"]["filesScanned"] == 4
    assert run["properties"]["mergedRuns"] == 2
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == tmp_path.as_uri() + "/"
    assert _uris(run) == ["a.py", "a.py", "b.py", "b.py"]


def test_shards_scanned_from_different_roots_are_rebased(tmp_path: Path) -> None:
    """Shard URIs are relative to their own scan root; merged URIs are relative to the root."""
    note = Notification("skipped: binary content", NotificationLevel.WARNING, path="data x.py")
    first = _shard(
        tmp_path / "services" / "a",
        ["shell-command"],
        [("shell-command", "app/main.py", 4)],
        notes=(note,),
    )
    second = _shard(
        tmp_path / "services" / "b", ["shell-command"], [("shell-command", "app/main.py", 4)]
    )
    merged = merge_logs([("a", first), ("b", second)], root=tmp_path)
    assert_valid_sarif(merged)
    run = merged["runs"][0]
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == tmp_path.as_uri() + "/"
    assert _uris(run) == ["services/a/app/main.py", "services/b/app/main.py"]
    notification = run["invocations"][0]["toolExecutionNotifications"][0]
    location = notification["locations"][0]["physicalLocation"]["artifactLocation"]
    assert location["uri"] == "services/a/data%20x.py"


def test_default_root_is_the_common_folder_of_the_shards(tmp_path: Path) -> None:
    """Without --root (and shards outside the current folder) the deepest common folder is used."""
    first = _shard(tmp_path / "mono" / "api", ["shell-command"], [("shell-command", "x.py", 1)])
    second = _shard(
        tmp_path / "mono" / "worker" / "jobs", ["shell-command"], [("shell-command", "y.py", 1)]
    )
    run = merge_logs([("a", first), ("b", second)])["runs"][0]
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == (tmp_path / "mono").as_uri() + "/"
    assert _uris(run) == ["api/x.py", "worker/jobs/y.py"]


def test_default_root_is_the_current_folder_when_it_holds_every_shard(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """In CI the merge job runs at the repository root: URIs become repository-relative."""
    monkeypatch.chdir(tmp_path)
    first = _shard(tmp_path / "services" / "a", ["shell-command"], [("shell-command", "x.py", 1)])
    second = _shard(tmp_path / "services" / "b", ["shell-command"], [("shell-command", "y.py", 1)])
    run = merge_logs([("a", first), ("b", second)])["runs"][0]
    assert _uris(run) == ["services/a/x.py", "services/b/y.py"]


def test_overlapping_shards_do_not_duplicate_results(tmp_path: Path) -> None:
    """The same alert reported by two shards is kept once."""
    shard = _shard(
        tmp_path, ["shell-command"], [("shell-command", "a.py", 3), ("shell-command", "b.py", 1)]
    )
    merged = merge_logs([("a", shard), ("b", json.loads(json.dumps(shard)))])
    assert _uris(merged["runs"][0]) == ["a.py", "b.py"]


def test_categories_must_agree_unless_one_is_given(tmp_path: Path) -> None:
    """One run has one category: conflicting shards need --category."""
    first = _shard(tmp_path, ["shell-command"], [], category="backend/")
    second = _shard(tmp_path, ["shell-command"], [], category="frontend/")
    with pytest.raises(MergeError, match="different categories"):
        merge_logs([("a", first), ("b", second)])
    merged = merge_logs([("a", first), ("b", second)], category="monorepo")
    assert merged["runs"][0]["automationDetails"]["id"] == "monorepo/"


def test_runs_of_different_tools_are_refused(tmp_path: Path) -> None:
    """One run has one driver: a CodeQL log cannot join a backguard one."""
    other = _shard(tmp_path, ["shell-command"], [])
    other["runs"][0]["tool"]["driver"]["name"] = "CodeQL"
    with pytest.raises(MergeError, match="different tools"):
        merge_logs([("a", _shard(tmp_path, ["shell-command"], [])), ("b", other)])


def test_a_shard_outside_the_root_is_refused(tmp_path: Path) -> None:
    """URIs cannot be rebased onto a folder that does not hold the shard."""
    shard = _shard(tmp_path / "elsewhere", ["shell-command"], [("shell-command", "a.py", 1)])
    with pytest.raises(MergeError, match="not inside the merge root"):
        merge_logs([("a", shard)], root=tmp_path / "repo")


def test_results_without_rule_id_are_resolved_through_their_own_index(tmp_path: Path) -> None:
    """A result that names its rule only by index (SARIF allows it) gets the merged index and ID."""
    first = _shard(tmp_path, ["a-rule", "b-rule"], [("b-rule", "x.py", 1)])
    del first["runs"][0]["results"][0]["ruleId"]
    second = _shard(tmp_path, ["0-rule"], [])
    run = merge_logs([("a", first), ("b", second)])["runs"][0]
    assert run["results"][0]["ruleId"] == "b-rule"
    assert run["tool"]["driver"]["rules"][run["results"][0]["ruleIndex"]]["id"] == "b-rule"


def test_github_result_limit_is_kept_with_a_notification(tmp_path: Path) -> None:
    """Merged shards over 25,000 results are cut (most severe first) and the cut is reported."""
    half = MAX_RESULTS_PER_RUN // 2 + 1
    first = _shard(
        tmp_path,
        ["shell-command"],
        [("shell-command", "a.py", line) for line in range(1, half + 1)],
    )
    second = _shard(
        tmp_path,
        ["shell-command"],
        [("shell-command", "b.py", line) for line in range(1, half + 1)],
    )
    second["runs"][0]["results"][0]["level"] = "note"
    run = merge_logs([("a", first), ("b", second)])["runs"][0]
    assert len(run["results"]) == MAX_RESULTS_PER_RUN
    assert all(result["level"] == "error" for result in run["results"])
    notes = run["invocations"][0]["toolExecutionNotifications"]
    assert any("exceed GitHub's limit" in note["message"]["text"] for note in notes)


def test_cli_merges_two_real_shard_scans(tmp_path: Path) -> None:
    """Two real sharded scans (CI matrix jobs) merge into one valid run with repo-relative URIs."""
    write_tree(
        tmp_path,
        {
            "services/a/app/__init__.py": "",
            "services/a/app/api/routes.py": "import os\n\n\ndef run(cmd):\n    os.system(cmd)\n",
            "services/b/worker/__init__.py": "",
            "services/b/worker/jobs/task.py": (
                "import subprocess\n\n\ndef go(c):\n    subprocess.run(c, shell=True)\n"
            ),
        },
    )
    shards = []
    for name in ("a", "b"):
        sarif = tmp_path / f"shard-{name}.sarif"
        completed = run_cli(
            "scan",
            str(tmp_path / "services" / name),
            *only("shell-command", "missing-package-init"),
            "--sarif-output",
            str(sarif),
        )
        assert completed.returncode == 1, completed.stderr
        shards.append(str(sarif))
    output = tmp_path / "merged.sarif"
    completed = run_cli("merge", *shards, "--output", str(output), "--root", str(tmp_path))
    assert completed.returncode == 0, completed.stderr
    assert "merged 2 file(s)" in completed.stderr
    merged = json.loads(output.read_text(encoding="utf-8"))
    assert_valid_sarif(merged)
    run = merged["runs"][0]
    found = {
        (r["ruleId"], r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"])
        for r in run["results"]
    }
    assert found == {
        ("shell-command", "services/a/app/api/routes.py"),
        ("missing-package-init", "services/a/app/api/__init__.py"),
        ("shell-command", "services/b/worker/jobs/task.py"),
        ("missing-package-init", "services/b/worker/jobs/__init__.py"),
    }
    assert len(run["invocations"]) == 2
    rule_ids = [rule["id"] for rule in run["tool"]["driver"]["rules"]]
    assert len(rule_ids) == len(set(rule_ids))


def test_cli_reports_a_broken_input_in_one_line(tmp_path: Path) -> None:
    """A file that is not SARIF stops the merge with exit 2 and a line naming it."""
    good = tmp_path / "good.sarif"
    good.write_text(json.dumps(_shard(tmp_path, ["shell-command"], [])), encoding="utf-8")
    bad = tmp_path / "bad.sarif"
    bad.write_text('{"version": "1.0"}', encoding="utf-8")
    output = tmp_path / "out.sarif"
    completed = run_cli("merge", str(good), str(bad), "--output", str(output))
    assert completed.returncode == 2
    assert completed.stderr.strip() == f"backguard: error: {bad}: not a SARIF 2.1.0 log"
    assert not output.exists()
    missing = run_cli("merge", str(tmp_path / "nope.sarif"))
    assert missing.returncode == 2
    assert "cannot read" in missing.stderr and "Traceback" not in missing.stderr
