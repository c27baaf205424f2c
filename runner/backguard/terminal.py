"""Readable terminal report: findings grouped by file, a summary, the policy checklist.

Pure functions from a :class:`ScanResult` to text; the CLI decides about
colour (TTY, ``NO_COLOR``) and whether the terminal can print emoji.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import groupby

from .models import Finding, NotificationLevel, ScanResult, Severity

_COLOURS = {"error": "31", "warning": "33", "note": "36", "bold": "1", "dim": "2", "green": "32"}


@dataclass(frozen=True)
class ChecklistItem:
    """One line of the policy checklist and the rule families behind it."""

    area: str
    label: str
    families: tuple[str, ...]


CHECKLIST: tuple[ChecklistItem, ...] = (
    ChecklistItem("Import structure", "Relative imports", ("absolute-internal-import",)),
    ChecklistItem("Import structure", "__init__.py in every package", ("missing-package-init",)),
    ChecklistItem(
        "Import structure",
        "Module execution (python -m)",
        ("script-execution", "dockerfile-cmd-not-module"),
    ),
    ChecklistItem(
        "Import structure",
        "No sys.path hacks or import cycles",
        ("sys-path-manipulation", "circular-import"),
    ),
    ChecklistItem(
        "Security", "Input validation", ("request-body-without-model", "unvalidated-file-upload")
    ),
    ChecklistItem(
        "Security", "Parameterized SQL", ("sql-string-building", "node-sql-string-building")
    ),
    ChecklistItem(
        "Security",
        "Password hashing",
        (
            "weak-password-hash",
            "plaintext-password",
            "weak-hash-algorithm",
            "node-weak-password-hash",
        ),
    ),
    ChecklistItem(
        "Security",
        "Secrets",
        ("hardcoded-secret", "node-hardcoded-secret", "dockerfile-secret-in-env"),
    ),
    ChecklistItem(
        "Security",
        "Authentication and sessions",
        (
            "insecure-random-token",
            "insecure-cookie",
            "jwt-insecure",
            "jwt-missing-expiry",
            "auth-endpoint-without-rate-limit",
            "node-insecure-random-token",
            "node-insecure-cookie",
            "node-jwt-insecure",
            "node-jwt-missing-expiry",
            "node-auth-endpoint-without-rate-limit",
        ),
    ),
    ChecklistItem(
        "Security",
        "Subprocess",
        ("shell-command", "subprocess-without-timeout", "node-shell-command"),
    ),
    ChecklistItem(
        "Security",
        "Serialization and eval",
        ("unsafe-deserialization", "code-eval", "node-unsafe-deserialization", "node-code-eval"),
    ),
    ChecklistItem(
        "Security",
        "Errors",
        ("stack-trace-exposure", "missing-global-exception-handler", "node-stack-trace-exposure"),
    ),
    ChecklistItem("Security", "Logging", ("sensitive-data-logging", "node-sensitive-data-logging")),
    ChecklistItem("Code quality", "Type hints", ("missing-type-hints",)),
    ChecklistItem(
        "Code quality", "Docstrings", ("missing-docstring", "docstring-missing-sections")
    ),
    ChecklistItem("Code quality", "Naming", ("naming-convention",)),
    ChecklistItem("Code quality", "Line length", ("line-too-long",)),
    ChecklistItem("Code quality", "f-strings", ("printf-string-formatting",)),
    ChecklistItem("Code quality", "Context managers", ("open-without-context-manager",)),
    ChecklistItem("Code quality", "Reason comments", ("reason-comment-missing",)),
)


@dataclass(frozen=True)
class Style:
    """How the terminal can render: ANSI colour, and emoji or plain ASCII marks."""

    colour: bool = False
    unicode: bool = True

    def paint(self, text: str, colour: str) -> str:
        """Wrap text in an ANSI colour when colour is on.

        Args:
            text: The text.
            colour: A key of the colour table (``error``, ``bold``, ...).

        Returns:
            The text, coloured or not.
        """
        return f"\x1b[{_COLOURS[colour]}m{text}\x1b[0m" if self.colour else text

    def mark(self, ok: bool) -> str:
        """Return the checklist mark.

        Args:
            ok: Whether the item holds.

        Returns:
            ✅/❌, or ``[ok]``/``[XX]`` on terminals that cannot print them.
        """
        if self.unicode:
            return "\u2705" if ok else "\u274c"
        return "[ok]" if ok else "[XX]"


def render_findings(findings: Sequence[Finding], style: Style) -> list[str]:
    """Render findings grouped by file.

    Args:
        findings: The findings, sorted.
        style: The terminal style.

    Returns:
        The lines.
    """
    lines: list[str] = []
    for path, group in groupby(findings, key=lambda finding: finding.path):
        lines.append(style.paint(path, "bold"))
        for finding in group:
            where = f"{finding.region.start_line}:{finding.region.start_column}"
            level = style.paint(finding.severity.value, finding.severity.value)
            suppressed = " (suppressed)" if finding.suppressed else ""
            lines.append(
                f"  {where:>8}  {level:<7}  {finding.rule_id}{suppressed}  "
                f"[{finding.confidence.value} confidence]"
            )
            lines.append(f"            {finding.message}")
            if finding.snippet:
                lines.append(style.paint(f"            | {finding.snippet.strip()}", "dim"))
        lines.append("")
    return lines


def render_checklist(result: ScanResult, style: Style) -> list[str]:
    """Render the policy checklist: one line per item whose rules ran, with its count.

    Args:
        result: The scan's result.
        style: The terminal style.

    Returns:
        The lines (empty when no checklist rule ran).
    """
    ran = {rule.family for rule in result.rules} | {rule.id for rule in result.rules}
    counts = Counter(
        finding.family or finding.rule_id for finding in result.findings if not finding.suppressed
    )
    lines: list[str] = []
    area = None
    for item in CHECKLIST:
        if not ran.intersection(item.families):
            continue
        if item.area != area:
            area = item.area
            lines.append(style.paint(f"{area}:", "bold"))
        count = sum(counts[family] for family in item.families)
        noun = "finding" if count == 1 else "findings"
        lines.append(f"  {style.mark(count == 0)} {item.label} ({count} {noun})")
    return lines


def render_text(result: ScanResult, threshold: Severity, style: Style) -> str:
    """Render the whole terminal report.

    Args:
        result: The scan's result.
        threshold: The severity at which the scan fails (named in the summary).
        style: The terminal style.

    Returns:
        The report text, ending with a newline.
    """
    lines = render_findings(result.findings, style)
    active = [finding for finding in result.findings if not finding.suppressed]
    by_severity = Counter(finding.severity for finding in active)
    blocking = sum(1 for finding in active if finding.severity.rank >= threshold.rank)
    summary = ", ".join(f"{by_severity[level]} {level.value}" for level in Severity)
    suppressed = len(result.findings) - len(active)
    lines.append(
        style.paint(f"Found {len(active)} problem(s): {summary}", "bold")
        + (f"; {suppressed} suppressed" if suppressed else "")
        + f". {blocking} at or above '{threshold.value}'."
    )
    lines.append(f"Scanned {result.files_scanned} file(s) with {len(result.rules)} rule(s).")
    problems = [n for n in result.notifications if n.level is NotificationLevel.ERROR]
    skipped = [n for n in result.notifications if n.level is not NotificationLevel.ERROR]
    if skipped:
        lines.append(
            f"{len(skipped)} notice(s) about skipped or partly analysed files "
            "(see the SARIF report or --format json)."
        )
    for notification in problems:
        lines.append(style.paint(f"engine error: {notification.message}", "error"))
    checklist = render_checklist(result, style)
    if checklist:
        lines += ["", style.paint("Policy checklist", "bold"), *checklist]
    return "\n".join(lines) + "\n"
