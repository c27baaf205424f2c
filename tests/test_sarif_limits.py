"""GitHub's upload limits are kept by truncating with a notification, never by failing."""

from __future__ import annotations

from pathlib import Path

from backguard.models import Engine, Finding, Profile, Region, RuleInfo, ScanResult, Severity
from backguard.sarif import MAX_RESULTS_PER_RUN, MAX_TAGS_PER_RULE, artifact_uri, to_sarif

from .helpers import assert_valid_sarif

RULE = RuleInfo(
    id="demo-rule",
    family="demo-rule",
    summary="A demo rule.",
    severity=Severity.WARNING,
    profile=Profile.SECURITY,
    engine=Engine.SEMGREP,
    docs="## What it does\n\nDemo.\n",
    cwe=tuple(f"CWE-{n}: weakness {n}" for n in range(1, 30)),
    security_severity="5.0",
)


def _result(count: int) -> ScanResult:
    findings = tuple(
        Finding(
            "demo-rule",
            f"src/file{n // 100}.py",
            "Demo finding.",
            Severity.ERROR if n % 2 else Severity.WARNING,
            Region(n % 100 + 1, 1),
            line_hash="ab:1",
        )
        for n in range(count)
    )
    return ScanResult(root=Path("/project"), rules=(RULE,), findings=findings)


def test_results_over_githubs_limit_are_truncated_with_a_notification() -> None:
    """25,001 results become 25,000, the most severe first, and a notification says so."""
    sarif = to_sarif(_result(MAX_RESULTS_PER_RUN + 1))
    run = sarif["runs"][0]
    assert len(run["results"]) == MAX_RESULTS_PER_RUN
    assert sum(1 for r in run["results"] if r["level"] == "error") == (MAX_RESULTS_PER_RUN + 1) // 2
    notes = [n["message"]["text"] for n in run["invocations"][0]["toolExecutionNotifications"]]
    assert any("exceed GitHub's limit" in note for note in notes)


def test_tags_are_capped_at_twenty_per_rule() -> None:
    """A rule with 30 tags keeps 20 and says so."""
    sarif = to_sarif(_result(1))
    assert_valid_sarif(sarif)
    tags = sarif["runs"][0]["tool"]["driver"]["rules"][0]["properties"]["tags"]
    assert len(tags) == MAX_TAGS_PER_RULE
    assert (
        sarif["runs"][0]["tool"]["driver"]["rules"][0]["properties"]["security-severity"] == "5.0"
    )


def test_category_defaults_to_a_fixed_value_and_ends_with_a_slash() -> None:
    """automationDetails.id is a stable category, never a SHA or a version."""
    assert to_sarif(_result(0))["runs"][0]["automationDetails"]["id"] == "backguard/"
    assert to_sarif(_result(0), "backend")["runs"][0]["automationDetails"]["id"] == "backend/"


def test_artifact_uri_percent_encoding() -> None:
    """Reserved and non-ASCII characters are escaped, slashes kept."""
    assert artifact_uri("a b/c#d%e/é.py") == "a%20b/c%23d%25e/%C3%A9.py"
