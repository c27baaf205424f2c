"""The contract every native check fulfils, and the context it runs in.

A native check is a class with a ``rules`` tuple (the :class:`RuleInfo` of
every rule it can report) and a ``run`` method that reads the shared
:class:`CheckContext` and returns findings. Checks never walk the file system
themselves (the inventory did that once), never import or execute scanned
code, and report unreadable input as notifications instead of raising.
"""

from __future__ import annotations

import ast
import warnings
from collections.abc import Callable, Iterable, Sequence
from typing import Any, Protocol, TypeVar

from ..config import Config
from ..discovery import FileKind, Inventory, SourceFile
from ..models import (
    Confidence,
    Finding,
    Notification,
    NotificationLevel,
    Region,
    RuleInfo,
    Severity,
)
from ..text import utf16_column

T = TypeVar("T")


class Check(Protocol):
    """A project-level check that a Semgrep pattern cannot express."""

    @property
    def rules(self) -> tuple[RuleInfo, ...]:
        """Return the rules this check can report."""
        ...

    def run(self, context: CheckContext) -> list[Finding]:
        """Run over the inventory and return the findings.

        Args:
            context: Shared inventory, configuration and parse caches.

        Returns:
            The findings, in any order.
        """
        ...


class FileCheck(Check, Protocol):
    """A check whose findings in a file depend on that file alone (and the layout).

    The scan runs every file check file by file and frees each AST afterwards, so a
    large project is never held in memory as a whole.
    """

    #: Findings also depend on which other files exist (the package layout).
    layout_sensitive: bool

    def check_file(self, context: CheckContext, file: SourceFile) -> list[Finding]:
        """Check one Python file.

        Args:
            context: Shared inventory, configuration and parse caches.
            file: A Python file of the inventory.

        Returns:
            The file's findings.
        """
        ...


class CheckContext:
    """What a check may use: the inventory, the configuration and cached parses.

    Each file is read and parsed at most once per scan, whichever checks ask.
    """

    def __init__(
        self,
        inventory: Inventory,
        config: Config,
        enabled_rules: Sequence[str],
        focus: Iterable[str] | None = None,
        layout_changed: bool = True,
    ) -> None:
        """Create the context for one scan.

        Args:
            inventory: The shared file inventory.
            config: The effective configuration.
            enabled_rules: IDs of the rules selected for this scan.
            focus: Root-relative paths whose findings are wanted (a diff-aware scan's
                changed files); ``None`` wants every file's. Findings elsewhere may still be
                reported: a focus only lets checks skip work.
            layout_changed: With a focus, whether files were added, removed or renamed, so
                that checks depending on the package layout must look at every file.
        """
        self.inventory = inventory
        self.config = config
        self.root = inventory.root
        self.enabled_rules = frozenset(enabled_rules)
        self.focus = None if focus is None else frozenset(focus)
        self.layout_changed = layout_changed
        #: Diff-aware scans: project files the import graph must start from (both trees'
        #: import closures of the focus); ``None`` builds the graph of every file.
        self.import_scope: frozenset[str] | None = None
        self.notifications: list[Notification] = []
        self._texts: dict[str, str | None] = {}
        self._trees: dict[str, ast.Module | None] = {}
        self._lines: dict[str, list[str]] = {}
        self._memo: dict[str, Any] = {}

    def memo(self, key: str, factory: Callable[[], T]) -> T:
        """Compute a project-wide value once per scan and share it between checks.

        Args:
            key: A name for the value (for example ``"imports"``).
            factory: Computes the value on first use.

        Returns:
            The value.
        """
        if key not in self._memo:
            self._memo[key] = factory()
        return self._memo[key]

    def is_enabled(self, rule_id: str) -> bool:
        """Tell whether a rule was selected for this scan.

        Args:
            rule_id: The rule's ID.

        Returns:
            ``True`` if the rule runs.
        """
        return rule_id in self.enabled_rules

    def notify(
        self,
        message: str,
        path: str | None = None,
        level: NotificationLevel = NotificationLevel.WARNING,
        line: int | None = None,
        source: str = "backguard",
    ) -> None:
        """Record a notification for the SARIF ``toolExecutionNotifications`` and stderr.

        Args:
            message: What happened, in one sentence.
            path: The root-relative file it concerns, if any.
            level: ``error``, ``warning`` or ``note``.
            line: The 1-based line it concerns, if any.
            source: Which check or component reports it.
        """
        self.notifications.append(Notification(message, level, path, line, source))

    def read_text(self, file: SourceFile) -> str | None:
        """Return a file's text (UTF-8, a BOM allowed), or ``None`` with a notification.

        Args:
            file: A file of the inventory.

        Returns:
            The text, or ``None`` when the file is unreadable or not UTF-8.
        """
        if file.path not in self._texts:
            self._texts[file.path] = self._load_text(file)
        return self._texts[file.path]

    def _load_text(self, file: SourceFile) -> str | None:
        try:
            data = file.absolute.read_bytes()
        except OSError as error:
            self.notify(f"skipped: cannot read ({error.strerror or error})", file.path)
            return None
        try:
            return data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            self.notify(
                f"skipped by native checks: not valid UTF-8 (byte {error.start})", file.path
            )
            return None

    def parse_python(self, file: SourceFile) -> ast.Module | None:
        """Return a Python file's AST (parsed once per scan), or ``None`` with a notification.

        Args:
            file: A Python file of the inventory.

        Returns:
            The module's AST, or ``None`` when it cannot be read or parsed.
        """
        if file.path not in self._trees:
            self._trees[file.path] = self._parse(file)
        return self._trees[file.path]

    def _parse(self, file: SourceFile) -> ast.Module | None:
        text = self.read_text(file)
        if text is None:
            return None
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                return ast.parse(text, filename=file.path, type_comments=False)
        except SyntaxError as error:
            self.notify(
                f"skipped by native checks: syntax error: {error.msg}", file.path, line=error.lineno
            )
        except (ValueError, RecursionError, MemoryError) as error:
            self.notify(
                f"skipped by native checks: cannot parse ({type(error).__name__})", file.path
            )
        return None

    def python_files(self) -> tuple[SourceFile, ...]:
        """Return the inventory's Python files."""
        return self.inventory.of_kind(FileKind.PYTHON)

    def in_focus(self, file: SourceFile, layout_sensitive: bool = False) -> bool:
        """Tell whether a file's findings are wanted.

        Args:
            file: A file of the inventory.
            layout_sensitive: As for :meth:`python_files_in_focus`.

        Returns:
            ``True`` without a focus, or when the file is in it.
        """
        if self.focus is None or (layout_sensitive and self.layout_changed):
            return True
        return file.path in self.focus

    def release(self, file: SourceFile) -> None:
        """Forget a file's AST and split lines once no check needs them (its text stays).

        Args:
            file: A file of the inventory.
        """
        self._trees.pop(file.path, None)
        self._lines.pop(file.path, None)

    def python_files_in_focus(self, layout_sensitive: bool = False) -> tuple[SourceFile, ...]:
        """Return the Python files whose findings are wanted.

        Args:
            layout_sensitive: The caller's findings in one file depend on which other
                files exist (the package layout), so every file counts once the layout
                changed.

        Returns:
            Every Python file, or only those in the focus.
        """
        files = self.python_files()
        if self.focus is None or (layout_sensitive and self.layout_changed):
            return files
        return tuple(file for file in files if file.path in self.focus)

    def line_text(self, file: SourceFile, line: int) -> str:
        """Return one 1-based line of a file ('' when out of range or unreadable).

        Args:
            file: A file of the inventory.
            line: The 1-based line number.

        Returns:
            The line without its newline.
        """
        lines = self._lines.get(file.path)
        if lines is None:
            lines = self._lines[file.path] = (self.read_text(file) or "").splitlines()
        return lines[line - 1] if 0 < line <= len(lines) else ""

    def region_of(self, file: SourceFile, node: ast.AST) -> Region:
        """Turn an AST node's position (UTF-8 byte columns) into a SARIF region.

        Args:
            file: The file the node comes from.
            node: Any AST node with position attributes.

        Returns:
            The region, columns in UTF-16 code units.
        """
        line = getattr(node, "lineno", 1)
        end_line = getattr(node, "end_lineno", None) or line
        start = utf16_column(self.line_text(file, line), getattr(node, "col_offset", 0))
        end_offset = getattr(node, "end_col_offset", None)
        end = (
            utf16_column(self.line_text(file, end_line), end_offset)
            if end_offset is not None
            else None
        )
        return Region(line, start, end_line, end)

    def finding(
        self,
        rule: RuleInfo,
        path: str,
        region: Region,
        message: str,
        severity: Severity | None = None,
        confidence: Confidence | None = None,
    ) -> Finding:
        """Build a finding for one of this check's rules.

        Args:
            rule: The rule reported.
            path: The root-relative POSIX path.
            region: Where the problem is.
            message: What is wrong and how to fix it.
            severity: Overrides the rule's default severity for this finding.
            confidence: Overrides the rule's default confidence.

        Returns:
            The finding.
        """
        return Finding(
            rule_id=rule.id,
            path=path,
            message=message,
            severity=severity or rule.severity,
            region=region,
            confidence=confidence or rule.confidence,
            family=rule.family,
        )
