"""Machine-readable reporters besides SARIF: backguard JSON and GitHub workflow commands."""

from __future__ import annotations

from typing import Any

from . import __version__
from .models import Finding, ScanResult


def to_json(result: ScanResult) -> dict[str, Any]:
    """Build backguard's own JSON report (stable keys, one object per finding).

    Args:
        result: The scan's result.

    Returns:
        A JSON-ready dict.
    """
    return {
        "version": __version__,
        "semgrep_version": result.semgrep_version,
        "execution_successful": result.execution_successful,
        "files_scanned": result.files_scanned,
        "rules": [rule.id for rule in result.rules],
        "findings": [_finding(finding) for finding in result.findings],
        "notifications": [
            {
                "level": n.level.value,
                "message": n.message,
                "path": n.path,
                "line": n.line,
                "source": n.source,
            }
            for n in result.notifications
        ],
    }


def _finding(finding: Finding) -> dict[str, Any]:
    region = finding.region
    return {
        "rule_id": finding.rule_id,
        "catalogue_id": finding.family or finding.rule_id,
        "path": finding.path,
        "line": region.start_line,
        "column": region.start_column,
        "end_line": region.end_line,
        "end_column": region.end_column,
        "severity": finding.severity.value,
        "confidence": finding.confidence.value,
        "message": finding.message,
        "snippet": finding.snippet,
        "suppressed": finding.suppressed,
        "fingerprint": finding.line_hash,
    }


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def to_github_annotations(result: ScanResult) -> str:
    """Render findings as GitHub Actions workflow commands (``::error file=...::message``).

    Args:
        result: The scan's result.

    Returns:
        One command per unsuppressed finding, newline-terminated.
    """
    commands = {"error": "error", "warning": "warning", "note": "notice"}
    lines = []
    for finding in result.findings:
        if finding.suppressed:
            continue
        properties = ",".join(
            [
                f"file={_escape_property(finding.path)}",
                f"line={finding.region.start_line}",
                f"col={finding.region.start_column}",
                f"title={_escape_property(finding.rule_id)}",
            ]
        )
        lines.append(
            f"::{commands[finding.severity.value]} {properties}::{_escape_data(finding.message)}"
        )
    return "".join(line + "\n" for line in lines)
