"""Plain data classes that flow one way: discover -> scan -> findings -> report.

Everything here is immutable and free of I/O so that reporters can stay pure
functions of a :class:`ScanResult`.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from pathlib import Path


class Severity(str, enum.Enum):
    """How serious a finding is; the values are SARIF ``level`` strings."""

    ERROR = "error"
    WARNING = "warning"
    NOTE = "note"

    @property
    def rank(self) -> int:
        """Return a number that orders severities (higher is more severe)."""
        return {"note": 1, "warning": 2, "error": 3}[self.value]

    @classmethod
    def parse(cls, text: str) -> Severity:
        """Parse ``error``/``warning``/``note`` and Semgrep's ``ERROR``/``WARNING``/``INFO``.

        Args:
            text: The severity as written by a user or a rule.

        Returns:
            The matching severity.

        Raises:
            ValueError: If the text names no severity.
        """
        normalised = text.strip().lower()
        aliases = {
            "info": "note",
            "low": "note",
            "medium": "warning",
            "high": "error",
            "critical": "error",
            "inventory": "note",
            "experiment": "note",
        }
        normalised = aliases.get(normalised, normalised)
        try:
            return cls(normalised)
        except ValueError:
            raise ValueError(f"unknown severity {text!r} (use error, warning or note)") from None


class Confidence(str, enum.Enum):
    """How sure the engine is that a finding is real (Semgrep's metadata.confidence)."""

    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"

    @property
    def rank(self) -> int:
        """Return a number that orders confidences (higher is surer)."""
        return {"low": 1, "medium": 2, "high": 3}[self.value]

    @classmethod
    def parse(cls, text: str) -> Confidence:
        """Parse a confidence in any letter case.

        Args:
            text: ``high``, ``medium`` or ``low``.

        Returns:
            The matching confidence.

        Raises:
            ValueError: If the text names no confidence.
        """
        try:
            return cls(text.strip().lower())
        except ValueError:
            raise ValueError(f"unknown confidence {text!r} (use high, medium or low)") from None


class Engine(str, enum.Enum):
    """Who finds a rule's problems."""

    SEMGREP = "semgrep"
    NATIVE = "native"


class Profile(str, enum.Enum):
    """The rule group a rule belongs to; profiles are selected on the command line."""

    SECURITY = "security"
    STRUCTURE = "structure"
    QUALITY = "quality"


@dataclass(frozen=True)
class RuleInfo:
    """Everything the reporters need to know about one rule, YAML or native.

    ``docs`` is the single source of truth for ``backguard explain``, the
    generated ``docs/rules/*.md`` and the SARIF ``help.markdown``.
    """

    id: str
    family: str
    summary: str
    severity: Severity
    profile: Profile
    engine: Engine
    docs: str
    confidence: Confidence = Confidence.MEDIUM
    cwe: tuple[str, ...] = ()
    owasp: tuple[str, ...] = ()
    references: tuple[str, ...] = ()
    security_severity: str | None = None
    languages: tuple[str, ...] = ()
    source: str = ""

    @property
    def name(self) -> str:
        """Return the rule's PascalCase name (SARIF ``reportingDescriptor.name``)."""
        return "".join(part.capitalize() for part in self.id.split("-"))

    @property
    def tags(self) -> tuple[str, ...]:
        """Return the SARIF tags: category, CWE ids and OWASP entries."""
        tags: list[str] = []
        if self.profile is Profile.SECURITY:
            tags.append("security")
        else:
            tags.append(self.profile.value)
        tags.extend(cwe_short(entry) for entry in self.cwe)
        tags.extend(f"OWASP-{entry.split(' ')[0]}" for entry in self.owasp)
        return tuple(dict.fromkeys(tags))


def cwe_short(entry: str) -> str:
    """Turn ``"CWE-78: Improper ..."`` into ``"CWE-78"``.

    Args:
        entry: A CWE as written in rule metadata.

    Returns:
        The bare CWE identifier.
    """
    return entry.split(":", 1)[0].strip()


@dataclass(frozen=True)
class Region:
    """A span in a file: 1-based lines, 1-based columns in UTF-16 code units."""

    start_line: int
    start_column: int = 1
    end_line: int | None = None
    end_column: int | None = None


@dataclass(frozen=True)
class Finding:
    """One problem found by Semgrep or by a native check."""

    rule_id: str
    path: str
    message: str
    severity: Severity
    region: Region
    confidence: Confidence = Confidence.MEDIUM
    family: str = ""
    suppressed: bool = False
    snippet: str | None = None
    line_hash: str | None = None
    properties: tuple[tuple[str, str], ...] = ()

    @property
    def sort_key(self) -> tuple[str, int, int, str]:
        """Return the key that orders findings in every report."""
        return (self.path, self.region.start_line, self.region.start_column, self.rule_id)


class NotificationLevel(str, enum.Enum):
    """SARIF notification levels."""

    ERROR = "error"
    WARNING = "warning"
    NOTE = "note"


@dataclass(frozen=True)
class Notification:
    """Something the user should know about the scan itself (a skipped file, an engine error)."""

    message: str
    level: NotificationLevel = NotificationLevel.WARNING
    path: str | None = None
    line: int | None = None
    source: str = "backguard"


@dataclass(frozen=True)
class ScanResult:
    """The outcome of one scan: what ran, what was found, what went wrong."""

    root: Path
    rules: tuple[RuleInfo, ...]
    findings: tuple[Finding, ...]
    notifications: tuple[Notification, ...] = ()
    execution_successful: bool = True
    semgrep_version: str | None = None
    files_scanned: int = 0
    profiles: tuple[str, ...] = ()
    command_line: tuple[str, ...] = field(default_factory=tuple)
    start_time_utc: str | None = None
    end_time_utc: str | None = None
    exit_code_hint: int = 0
