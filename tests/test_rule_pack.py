"""The rule pack on its own: Semgrep's own tests, our offline lint, generated docs."""

from __future__ import annotations

import json
from pathlib import Path

from backguard.docs import expected_pages
from backguard.lint import lint_pack
from backguard.scan import all_rules

from .helpers import REPO, SEMGREP, cli_env, run_command


def test_semgrep_test_passes_for_every_rule() -> None:
    """`semgrep --test rules/`: every ruleid: matches, every ok: stays silent, fixes apply."""
    completed = run_command(
        [SEMGREP, "scan", "--test", "--metrics=off", "--json", "rules/"],
        cwd=REPO,
        env=cli_env(),
        timeout=900,
    )
    report = json.loads(completed.stdout)
    failures = [
        f"{config}: {rule_id}: expected {sorted(set(m['expected_lines']))} "
        f"got {sorted(set(m['reported_lines']))} in {Path(target).name}"
        for config, outcome in report["results"].items()
        for rule_id, check in outcome["checks"].items()
        if not check["passed"]
        for target, m in check["matches"].items()
        if set(m["expected_lines"]) != set(m["reported_lines"])
    ]
    fix_failures = [
        name
        for name, outcome in report.get("fixtest_results", {}).items()
        if not outcome.get("passed")
    ]
    assert report["results"], "no rule was tested"
    assert not report["config_with_errors"], report["config_with_errors"]
    assert not failures, "\n".join(failures)
    assert not fix_failures, fix_failures
    assert completed.returncode == 0, completed.stderr[-2000:]


def test_pack_lint_is_clean() -> None:
    """Unique IDs, file name = catalogue ID, metadata, quoted security-severity, tests."""
    assert lint_pack() == []


def test_generated_rule_docs_are_current() -> None:
    """docs/rules is generated from the rules; regenerate with `python -m backguard docs`."""
    folder = REPO / "docs" / "rules"
    expected = expected_pages(all_rules())
    actual = {path.name: path.read_text(encoding="utf-8") for path in folder.glob("*.md")}
    stale = sorted(
        name for name in expected.keys() | actual.keys() if expected.get(name) != actual.get(name)
    )
    assert not stale, f"stale docs (run `python -m backguard docs`): {stale}"
