"""SARIF 2.1.0 reporter: one run, GitHub code scanning's rules and limits respected.

A pure function of a :class:`ScanResult`. Columns are UTF-16 code units
(``columnKind``), URIs are relative to ``%SRCROOT%`` and percent-encoded,
``primaryLocationLineHash`` matches GitHub's own so alerts survive line
moves, and the limits GitHub enforces on upload are kept by truncating with a
notification instead of producing a file GitHub would reject.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any
from urllib.parse import quote

from . import INFORMATION_URI, __version__
from .config import DEFAULT_CATEGORY
from .models import (
    Confidence,
    Finding,
    Notification,
    NotificationLevel,
    Profile,
    RuleInfo,
    ScanResult,
)

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
MAX_RESULTS_PER_RUN = 25_000
MAX_TAGS_PER_RULE = 20
TOOL_NAME = "backguard"
_PRECISION = {Confidence.HIGH: "high", Confidence.MEDIUM: "medium", Confidence.LOW: "low"}


def artifact_uri(path: str) -> str:
    """Percent-encode a root-relative POSIX path for ``artifactLocation.uri``.

    Args:
        path: The root-relative path.

    Returns:
        A relative URI reference (spaces, ``#``, ``%`` and non-ASCII escaped).
    """
    return quote(path, safe="/")


def to_sarif(result: ScanResult, category: str = DEFAULT_CATEGORY) -> dict[str, Any]:
    """Build the SARIF log for a scan.

    Args:
        result: The scan's result.
        category: ``automationDetails.id`` (GitHub's category; never a SHA or version).

    Returns:
        The SARIF log as a JSON-ready dict with exactly one run.
    """
    rules = sorted(result.rules, key=lambda rule: rule.id)
    index = {rule.id: position for position, rule in enumerate(rules)}
    notifications = list(result.notifications)
    findings = list(result.findings)
    if len(findings) > MAX_RESULTS_PER_RUN:
        notifications.append(
            Notification(
                f"{len(findings)} results exceed GitHub's limit of {MAX_RESULTS_PER_RUN} per run; "
                f"the report keeps the first {MAX_RESULTS_PER_RUN} (most severe first)",
                NotificationLevel.WARNING,
            )
        )
        findings = sorted(findings, key=lambda f: (-f.severity.rank, f.sort_key))[
            :MAX_RESULTS_PER_RUN
        ]
        findings.sort(key=lambda f: f.sort_key)
    descriptors = [_rule_descriptor(rule, notifications) for rule in rules]
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": TOOL_NAME,
                "fullName": "backguard backend policy scanner",
                "version": __version__,
                "semanticVersion": __version__,
                "informationUri": INFORMATION_URI,
                "rules": descriptors,
                "properties": {"semgrepVersion": result.semgrep_version or "unknown"},
            }
        },
        "automationDetails": {"id": category if category.endswith("/") else f"{category}/"},
        "originalUriBaseIds": {"%SRCROOT%": {"uri": result.root.as_uri() + "/"}},
        "invocations": [_invocation(result, notifications)],
        "columnKind": "utf16CodeUnits",
        "results": [_result(finding, index) for finding in findings if finding.rule_id in index],
        "properties": {"profiles": list(result.profiles), "filesScanned": result.files_scanned},
    }
    return {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}


def _rule_descriptor(rule: RuleInfo, notifications: list[Notification]) -> dict[str, Any]:
    tags = list(rule.tags)
    if len(tags) > MAX_TAGS_PER_RULE:
        notifications.append(
            Notification(
                f"rule {rule.id} has {len(tags)} tags; GitHub accepts {MAX_TAGS_PER_RULE},"
                " the rest were dropped",
                NotificationLevel.NOTE,
            )
        )
        tags = tags[:MAX_TAGS_PER_RULE]
    properties: dict[str, Any] = {
        "tags": tags,
        "precision": _PRECISION[rule.confidence],
        "profile": rule.profile.value,
        "engine": rule.engine.value,
    }
    if rule.profile is Profile.SECURITY and rule.security_severity:
        properties["security-severity"] = str(rule.security_severity)
    if rule.cwe:
        properties["cwe"] = list(rule.cwe)
    return {
        "id": rule.id,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": _first_paragraph(rule.docs) or rule.summary},
        "help": {"text": _plain_text(rule.docs), "markdown": rule.docs},
        "helpUri": f"{INFORMATION_URI}/blob/main/docs/rules/{rule.id}.md",
        "defaultConfiguration": {"level": rule.severity.value},
        "properties": properties,
    }


def _first_paragraph(markdown: str) -> str:
    """The text under the first heading: the rule's 'What it does' paragraph."""
    body = [line for line in markdown.splitlines() if not line.startswith("#")]
    paragraphs = "\n".join(body).strip().split("\n\n")
    return " ".join(paragraphs[0].split()) if paragraphs and paragraphs[0] else ""


def _plain_text(markdown: str) -> str:
    text = re.sub(r"^#+\s*", "", markdown, flags=re.MULTILINE)
    return text.strip() or "No documentation."


def _result(finding: Finding, index: dict[str, int]) -> dict[str, Any]:
    region: dict[str, Any] = {
        "startLine": finding.region.start_line,
        "startColumn": max(finding.region.start_column, 1),
    }
    end_line = finding.region.end_line
    end_column = finding.region.end_column
    if end_line is not None and end_line >= finding.region.start_line:
        region["endLine"] = end_line
        if end_column is not None and (
            end_line > finding.region.start_line or end_column >= region["startColumn"]
        ):
            region["endColumn"] = max(end_column, 1)
    if finding.snippet:
        region["snippet"] = {"text": finding.snippet}
    result: dict[str, Any] = {
        "ruleId": finding.rule_id,
        "ruleIndex": index[finding.rule_id],
        "level": finding.severity.value,
        "message": {"text": finding.message},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": {
                        "uri": artifact_uri(finding.path),
                        "uriBaseId": "%SRCROOT%",
                    },
                    "region": region,
                }
            }
        ],
        "properties": {
            "confidence": finding.confidence.value,
            "catalogueId": finding.family or finding.rule_id,
        },
    }
    if finding.line_hash:
        result["partialFingerprints"] = {"primaryLocationLineHash": finding.line_hash}
    if finding.suppressed:
        result["suppressions"] = [
            {"kind": "inSource", "justification": "nosemgrep comment in source"}
        ]
    return result


def _invocation(result: ScanResult, notifications: Sequence[Notification]) -> dict[str, Any]:
    invocation: dict[str, Any] = {
        "executionSuccessful": result.execution_successful,
        "toolExecutionNotifications": [_notification(n) for n in notifications],
    }
    if result.command_line:
        invocation["commandLine"] = " ".join(result.command_line)
        invocation["arguments"] = list(result.command_line[1:])
    if result.start_time_utc:
        invocation["startTimeUtc"] = result.start_time_utc
    if result.end_time_utc:
        invocation["endTimeUtc"] = result.end_time_utc
    invocation["workingDirectory"] = {"uri": result.root.as_uri() + "/"}
    return invocation


def _notification(notification: Notification) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "level": notification.level.value,
        "message": {"text": notification.message},
        "descriptor": {"id": notification.source},
    }
    if notification.path:
        location: dict[str, Any] = {
            "artifactLocation": {"uri": artifact_uri(notification.path), "uriBaseId": "%SRCROOT%"}
        }
        if notification.line:
            location["region"] = {"startLine": notification.line}
        entry["locations"] = [{"physicalLocation": location}]
    return entry
