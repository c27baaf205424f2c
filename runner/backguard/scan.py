"""The scan pipeline: discover -> Semgrep and native checks side by side -> findings.

:func:`run_scan` is the library entry point the CLI is a thin layer over.
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

from .checks import ALL_CHECKS, Check, CheckContext, FileCheck
from .checks.imports import file_import_records
from .config import Config, ConfigError
from .discovery import Inventory, discover
from .models import Finding, Notification, NotificationLevel, RuleInfo, ScanResult
from .rules import YamlRule, load_pack, select_rules, tailor_rule, unknown_selectors
from .semgrep import EngineError, SemgrepOutcome, SemgrepRun, finish_semgrep, start_semgrep
from .text import line_hashes

_NOSEM = re.compile(
    r"(?:#|//|/\*|--)\s*nosem(?:grep)?\b(?:\s*:\s*(?P<ids>[\w.\-]+(?:\s*,\s*[\w.\-]+)*))?",
    re.IGNORECASE,
)


class ScanError(Exception):
    """The scan cannot run (bad path, broken rule pack); the message is one clear line."""


@dataclass(frozen=True)
class ScanTarget:
    """Where a scan looks: the root that paths are relative to, and what to walk."""

    root: Path
    paths: tuple[str, ...]


def resolve_target(paths: Sequence[str]) -> ScanTarget:
    """Pick the scan root for the given command-line paths.

    One directory is its own root (its ``pyproject.toml`` configures the
    scan and report URIs are relative to it). Files or several paths share the
    nearest enclosing folder that has a ``pyproject.toml`` or ``.git``, or
    their common folder.

    Args:
        paths: Paths as given on the command line (``.`` when empty).

    Returns:
        The target.

    Raises:
        ScanError: If a path does not exist.
    """
    given = [Path(path) for path in (paths or ["."])]
    for path in given:
        if not path.exists() and not path.is_symlink():
            raise ScanError(f"path does not exist: {path}")
    resolved = [path.resolve() for path in given]
    if len(resolved) == 1 and resolved[0].is_dir():
        return ScanTarget(resolved[0], (".",))
    common = Path(os.path.commonpath([p if p.is_dir() else p.parent for p in resolved]))
    root = next(
        (
            c
            for c in (common, *common.parents)
            if (c / "pyproject.toml").is_file() or (c / ".git").exists()
        ),
        common,
    )
    return ScanTarget(root, tuple(p.relative_to(root).as_posix() for p in resolved))


def all_rules(
    pack: Sequence[YamlRule] | None = None, checks: Sequence[Check] = ALL_CHECKS
) -> list[RuleInfo]:
    """Return every rule backguard knows, YAML and native, in a stable order.

    Args:
        pack: The loaded YAML rules (loaded when omitted).
        checks: The native checks.

    Returns:
        The rules, sorted by ID.
    """
    pack = load_pack() if pack is None else pack
    infos = [rule.info for rule in pack] + [rule for check in checks for rule in check.rules]
    return sorted(infos, key=lambda rule: rule.id)


class SourceCache:
    """Reads scanned files once for snippets, column conversion and line hashes."""

    def __init__(self, root: Path) -> None:
        """Create a cache for files under ``root``.

        Args:
            root: The scan root.
        """
        self.root = root
        self._lines: dict[str, list[str]] = {}
        self._hashes: dict[str, dict[int, str]] = {}
        self._texts: dict[str, str] = {}

    def text(self, path: str) -> str:
        """Return a root-relative file's text ('' when unreadable; bad bytes replaced).

        Args:
            path: The root-relative path.

        Returns:
            The text.
        """
        if path not in self._texts:
            try:
                data = (self.root / path).read_bytes()
            except OSError:
                data = b""
            self._texts[path] = data.decode("utf-8-sig", errors="replace")
        return self._texts[path]

    def line(self, path: str, number: int) -> str:
        """Return a 1-based line of a file ('' when out of range).

        Args:
            path: The root-relative path.
            number: The 1-based line.

        Returns:
            The line without its newline.
        """
        if path not in self._lines:
            self._lines[path] = self.text(path).splitlines()
        lines = self._lines[path]
        return lines[number - 1] if 0 < number <= len(lines) else ""

    def prepare(self, paths: Iterable[str]) -> None:
        """Read and hash files ahead of time (each once), so reporting does not wait.

        Args:
            paths: Root-relative paths of files that have findings.
        """
        for path in dict.fromkeys(paths):
            self.line_hash(path, 1)

    def line_hash(self, path: str, number: int) -> str:
        """Return GitHub's ``primaryLocationLineHash`` for a line.

        Args:
            path: The root-relative path.
            number: The 1-based line.

        Returns:
            The hash value.
        """
        if path not in self._hashes:
            self._hashes[path] = line_hashes(self.text(path))
        hashes = self._hashes[path]
        return hashes.get(number) or hashes[max(hashes)]


@dataclass(frozen=True)
class ScanPlan:
    """The rules one scan runs: selected, with their effective severities and YAML bodies."""

    rules: tuple[RuleInfo, ...]
    yaml_bodies: tuple[dict, ...]

    @property
    def by_id(self) -> dict[str, RuleInfo]:
        """Return the selected rules by ID."""
        return {rule.id: rule for rule in self.rules}

    @property
    def rule_ids(self) -> frozenset[str]:
        """Return the selected rules' IDs."""
        return frozenset(rule.id for rule in self.rules)


def plan_scan(config: Config, checks: Sequence[Check] = ALL_CHECKS) -> ScanPlan:
    """Load the rule pack and select what the configuration asks for.

    Args:
        config: The effective configuration.
        checks: The native checks available.

    Returns:
        The plan.

    Raises:
        ScanError: When the rule pack is broken.
        ConfigError: When ``select``/``ignore`` name unknown rules.
    """
    try:
        pack = load_pack()
    except Exception as error:  # RulePackError or an unexpected shape: one clear line
        raise ScanError(str(error)) from None
    rules = all_rules(pack, checks)
    unknown = unknown_selectors(rules, [*config.select, *config.extend_select, *config.ignore])
    if unknown:
        raise ConfigError(f"unknown rule ID(s): {', '.join(unknown)} (see 'backguard rules')")
    selected = tuple(
        replace(rule, severity=config.severity_for(rule.id, rule.family, rule.severity))
        for rule in select_rules(rules, config)
    )
    selected_ids = {rule.id for rule in selected}
    bodies = tuple(tailor_rule(rule.body, config) for rule in pack if rule.info.id in selected_ids)
    return ScanPlan(selected, bodies)


def start_engine(
    plan: ScanPlan, targets: Sequence[str], root: Path, config: Config
) -> tuple[SemgrepRun | None, SemgrepOutcome]:
    """Start the scan's one Semgrep process; failing to start is an outcome, not an exception.

    Args:
        plan: The scan plan.
        targets: Root-relative (or absolute) targets.
        root: Semgrep's working folder.
        config: The effective configuration (``jobs``).

    Returns:
        The running process (``None`` when it could not start) and, when it could
        not, the failed outcome to report.
    """
    try:
        run = start_semgrep(plan.yaml_bodies, targets, root, config.jobs or os.cpu_count() or 1)
    except EngineError as error:
        failed = SemgrepOutcome(
            notifications=(Notification(str(error), NotificationLevel.ERROR, source="semgrep"),),
            successful=False,
        )
        return None, failed
    return run, SemgrepOutcome()


def run_scan(
    target: ScanTarget,
    config: Config,
    checks: Sequence[Check] = ALL_CHECKS,
    command_line: Sequence[str] = (),
) -> ScanResult:
    """Run one scan: one Semgrep process, the native checks meanwhile, one merged result.

    Args:
        target: What to scan.
        config: The effective configuration.
        checks: The native checks available.
        command_line: The command line, recorded in the SARIF invocation.

    Returns:
        The scan's result; engine failures are reported in it, not raised.

    Raises:
        ScanError: When the rule pack is broken.
        ConfigError: When ``select``/``ignore`` name unknown rules.
    """
    started = datetime.now(UTC)
    plan = plan_scan(config, checks)
    inventory = discover(target.root, target.paths, config.exclude, config.max_file_size)
    sources = SourceCache(target.root)
    deadline = time.monotonic() + config.max_time if config.max_time else None
    run, outcome = start_engine(plan, inventory.semgrep_targets, target.root, config)
    try:
        context = CheckContext(inventory, config, sorted(plan.rule_ids))
        native, native_ok = run_checks(checks, context, plan.rule_ids)
        # Hash the native findings' files while Semgrep still works, not after it.
        sources.prepare(finding.path for finding in native)
        if run is not None:
            outcome = _only_inventory(
                finish_semgrep(run, deadline, plan.by_id, sources.line), inventory
            )
    finally:
        if run is not None:
            run.stop()
            run.cleanup()
    notifications = [*inventory.notifications, *outcome.notifications, *context.notifications]
    findings = merge_findings([*outcome.findings, *native], plan.by_id, config, sources)
    return ScanResult(
        root=target.root,
        rules=plan.rules,
        findings=tuple(findings),
        notifications=tuple(notifications),
        execution_successful=outcome.successful and native_ok,
        semgrep_version=outcome.version,
        files_scanned=len(inventory.files),
        profiles=(config.profile,),
        command_line=tuple(command_line),
        start_time_utc=started.strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
        end_time_utc=datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
    )


def _only_inventory(outcome: SemgrepOutcome, inventory: Inventory) -> SemgrepOutcome:
    """Drop Semgrep results for files the inventory left out (inside a folder target)."""
    kept = tuple(f for f in outcome.findings if inventory.get(f.path) is not None)
    return outcome if len(kept) == len(outcome.findings) else replace(outcome, findings=kept)


def run_checks(
    checks: Sequence[Check], context: CheckContext, selected_ids: Iterable[str]
) -> tuple[list[Finding], bool]:
    """Run every native check that has a selected rule; a crashing check is reported, not raised.

    File checks run file by file: each file is parsed once, every file check
    reads it, its import records are kept and its AST is freed, so memory stays
    flat however large the project. Project-level checks run afterwards.

    Args:
        checks: The native checks available.
        context: The shared context; crashes are added to its notifications.
        selected_ids: IDs of the selected rules.

    Returns:
        The findings of selected rules, and whether every check completed.
    """
    selected = frozenset(selected_ids)
    active = [check for check in checks if any(rule.id in selected for rule in check.rules)]
    file_checks = [check for check in active if hasattr(check, "check_file")]
    findings: list[Finding] = []
    crashed: dict[int, tuple[Check, Exception]] = {}
    findings.extend(_run_file_checks(file_checks, active, context, selected, crashed))
    for check in active:
        if check in file_checks:
            continue
        try:
            findings.extend(f for f in check.run(context) if f.rule_id in selected)
        except Exception as error:  # noqa: BLE001 - one buggy check must not lose the others' results
            crashed[id(check)] = (check, error)
    for check, error in crashed.values():
        names = ", ".join(rule.id for rule in check.rules)
        context.notify(
            f"internal error in native check ({names}): {type(error).__name__}: {error}",
            level=NotificationLevel.ERROR,
            source="backguard",
        )
    return findings, not crashed


def _run_file_checks(
    file_checks: Sequence[FileCheck],
    active: Sequence[Check],
    context: CheckContext,
    selected: frozenset[str],
    crashed: dict[int, tuple[Check, Exception]],
) -> list[Finding]:
    """One pass over the Python files for every file check (see :func:`run_checks`)."""
    keep_imports = context.focus is None and any(
        getattr(check, "needs_import_records", False) for check in active
    )
    findings: list[Finding] = []
    for file in context.python_files():
        for check in file_checks:
            if id(check) in crashed or not context.in_focus(file, check.layout_sensitive):
                continue
            try:
                findings.extend(f for f in check.check_file(context, file) if f.rule_id in selected)
            except Exception as error:  # noqa: BLE001 - reported once, the other checks go on
                crashed[id(check)] = (check, error)
        if keep_imports:
            file_import_records(context, file)
        context.release(file)
    return findings


def merge_findings(
    findings: Iterable[Finding], rules: dict[str, RuleInfo], config: Config, sources: SourceCache
) -> list[Finding]:
    """Apply severity overrides, confidence tiers, the filter and suppressions.

    Kept findings also get their snippet and GitHub line hash.

    Args:
        findings: Raw findings of Semgrep and the native checks.
        rules: The selected rules by ID.
        config: The effective configuration.
        sources: Reads the scanned files' lines.

    Returns:
        The kept findings, sorted.
    """
    kept: list[Finding] = []
    for finding in _keep_highest_confidence(f for f in findings if f.rule_id in rules):
        rule = rules[finding.rule_id]
        if finding.confidence.rank < config.confidence.rank:
            continue
        severity = config.severity_for(rule.id, rule.family, finding.severity)
        suppressed = _is_suppressed(finding, rule, sources)
        if suppressed and not config.include_suppressed:
            continue
        kept.append(
            replace(
                finding,
                severity=severity,
                family=finding.family or rule.family,
                suppressed=suppressed,
                snippet=sources.line(finding.path, finding.region.start_line) or None,
                line_hash=sources.line_hash(finding.path, finding.region.start_line),
            )
        )
    return sorted(kept, key=lambda finding: finding.sort_key)


def suppressed_count(findings: Iterable[Finding]) -> int:
    """Count the findings silenced in source.

    Args:
        findings: Findings of a scan.

    Returns:
        How many are suppressed.
    """
    return sum(1 for finding in findings if finding.suppressed)


def _keep_highest_confidence(findings: Iterable[Finding]) -> list[Finding]:
    """Of a rule family's findings on one line, keep only the most confident.

    Taint-mode variants beat pattern variants of the same rule family.
    """
    items = list(findings)
    best: dict[tuple[str, str, int], int] = {}
    for finding in items:
        key = (finding.family or finding.rule_id, finding.path, finding.region.start_line)
        best[key] = max(best.get(key, 0), finding.confidence.rank)
    seen: set[tuple[str, str, int, int]] = set()
    kept = []
    for finding in items:
        key = (finding.family or finding.rule_id, finding.path, finding.region.start_line)
        identity = (
            finding.rule_id,
            finding.path,
            finding.region.start_line,
            finding.region.start_column,
        )
        if finding.confidence.rank == best[key] and identity not in seen:
            seen.add(identity)
            kept.append(finding)
    return kept


def _is_suppressed(finding: Finding, rule: RuleInfo, sources: SourceCache) -> bool:
    """Tell whether a ``nosemgrep`` comment on the line (or alone on the line above) silences it."""
    line = finding.region.start_line
    candidates = [sources.line(finding.path, line)]
    above = sources.line(finding.path, line - 1).strip()
    if above.startswith(("#", "//", "/*", "--")):
        candidates.append(above)
    for text in candidates:
        for match in _NOSEM.finditer(text):
            ids = match.group("ids")
            if not ids:
                return True
            named = {part.strip().rsplit(".", 1)[-1] for part in ids.split(",")}
            if rule.id in named or rule.family in named:
                return True
    return False
