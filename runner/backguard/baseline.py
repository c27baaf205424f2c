"""Diff-aware scans: ``--baseline-commit REF`` reports only the findings that are new since REF.

1. ``git`` lists what differs between REF and the working tree under the scan
   root (tracked changes, renames followed, plus untracked files), and one
   ``git cat-file --batch`` extracts the REF versions of the changed files
   into a temporary folder. No network, no checkout, the repository's state
   is never changed.
2. Semgrep looks at one file at a time, so a Semgrep finding in an unchanged
   file cannot be new: one Semgrep process scans the changed files of the
   working tree and, by absolute path, their REF versions.
3. Native checks run twice: on the working tree, and on the *baseline tree*
   (the same inventory with the changed files swapped for their REF
   versions), reusing the first run's reads and parses of unchanged files.
   Both runs are *focused* on the changed files: per-file checks look at
   those alone, layout-dependent ones at every file only when files were
   added, removed or renamed, and the import graph is built only where the
   changed files reach in either tree (a new cycle must pass through a
   changed file; every group of cycles reachable from there is whole).
4. A finding is new when no baseline finding has the same rule, file
   (following renames) and fingerprint - the whitespace-normalised text of
   its first line plus its message - counted as a multiset, so one more copy
   of an existing problem is new. Line numbers play no part: findings that
   only moved are not new.
"""

from __future__ import annotations

import ast
import os
import subprocess
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath
from typing import TypeVar

from .checks import ALL_CHECKS, Check, CheckContext
from .checks.circular_import import import_closure
from .config import Config
from .discovery import SEMGREP_KINDS, Inventory, SourceFile, discover
from .models import Finding, Notification, NotificationLevel, ScanResult
from .scan import (
    ScanError,
    ScanPlan,
    ScanTarget,
    SourceCache,
    merge_findings,
    plan_scan,
    run_checks,
    start_engine,
)
from .semgrep import finish_semgrep

GIT_TIMEOUT_SECONDS = 300
_REGULAR_FILE_MODES = frozenset({"100644", "100755"})
_NO_OBJECT = "0" * 40
#: ``CheckContext.memo`` values that depend on nothing but the package layout.
LAYOUT_ONLY_MEMOS = frozenset({"package_index", "module_names", "source_roots"})
T = TypeVar("T")


class BaselineError(ScanError):
    """The baseline cannot be read (no git, not a repository, unknown commit); one clear line."""


@dataclass(frozen=True)
class ChangeSet:
    """What differs between a commit and the working tree, as scan-root-relative POSIX paths."""

    commit: str
    current: frozenset[str]
    """Paths in the working tree whose content is not the commit's (modified, added, renamed to)."""
    previous: dict[str, str]
    """Regular files at the commit that differ now (modified, deleted, renamed from) -> blob id."""
    renamed: dict[str, str]
    """Path at the commit -> path in the working tree, for renamed files."""


def _git(root: Path, *args: str, stdin: bytes | None = None) -> bytes:
    """Run one git command in ``root`` (an argument list, no shell) and return its output.

    Raises:
        BaselineError: When git is missing or the command fails.
    """
    environment = {
        **os.environ,
        "GIT_OPTIONAL_LOCKS": "0",
        "GIT_TERMINAL_PROMPT": "0",
        "LC_ALL": "C",
    }
    try:
        completed = subprocess.run(  # noqa: S603 - argument list, no shell
            ["git", "-c", "core.fsmonitor=false", *args],
            cwd=root,
            input=stdin,
            capture_output=True,
            env=environment,
            timeout=GIT_TIMEOUT_SECONDS,
            check=False,
        )
    except FileNotFoundError:
        raise BaselineError("--baseline-commit needs git, which is not installed") from None
    except subprocess.TimeoutExpired:
        raise BaselineError(
            f"git {args[0]} did not finish within {GIT_TIMEOUT_SECONDS} s"
        ) from None
    if completed.returncode != 0:
        detail = completed.stderr.decode("utf-8", errors="replace").strip().splitlines()
        raise BaselineError(
            f"git {args[0]} failed: {detail[-1] if detail else completed.returncode}"
        )
    return completed.stdout


def resolve_commit(root: Path, ref: str) -> str:
    """Resolve a revision to a full commit ID in the repository that holds ``root``.

    Args:
        root: The scan root.
        ref: A branch, tag, commit ID or any git revision (``HEAD~1``, ``origin/main``).

    Returns:
        The commit ID.

    Raises:
        BaselineError: When ``root`` is not in a git work tree or ``ref`` names no commit.
    """
    try:
        _git(root, "rev-parse", "--is-inside-work-tree")
    except BaselineError:
        raise BaselineError(
            f"--baseline-commit needs a git repository; {root} is not inside one"
        ) from None
    try:
        output = _git(
            root, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{ref}^{{commit}}"
        )
    except BaselineError:
        raise BaselineError(
            f"--baseline-commit: {ref!r} is not a commit of this repository"
        ) from None
    return output.decode("ascii").strip()


def changes_since(root: Path, ref: str) -> ChangeSet:
    """List what differs between a commit and the working tree under ``root``.

    Args:
        root: The scan root (inside a git work tree).
        ref: The baseline revision.

    Returns:
        The change set; paths are relative to ``root``.

    Raises:
        BaselineError: When git cannot answer.
    """
    commit = resolve_commit(root, ref)
    raw = _git(
        root,
        "diff",
        "--raw",
        "-z",
        "--no-abbrev",
        "--find-renames",
        "--relative",
        "--no-ext-diff",
        "--ignore-submodules=all",
        commit,
        "--",
    )
    current, previous, renamed = _parse_raw_diff(raw)
    untracked = _split_z(_git(root, "ls-files", "-z", "--others", "--exclude-standard"))
    current.update(untracked)
    renamed.update(_unstaged_renames(root, untracked, previous, current, renamed))
    return ChangeSet(commit, frozenset(current), previous, renamed)


def _unstaged_renames(
    root: Path,
    untracked: list[str],
    previous: dict[str, str],
    current: set[str],
    renamed: dict[str, str],
) -> dict[str, str]:
    """Pair deleted files with untracked files of identical content (a move not yet staged)."""
    deleted = {
        blob: path for path, blob in previous.items() if path not in current and path not in renamed
    }
    if not deleted or not untracked:
        return {}
    hashes = (
        _git(
            root,
            "hash-object",
            "--stdin-paths",
            stdin="".join(f"{path}\n" for path in untracked).encode(),
        )
        .decode()
        .split()
    )
    return {
        deleted[blob]: path
        for path, blob in zip(untracked, hashes, strict=False)
        if blob in deleted
    }


def _split_z(output: bytes) -> list[str]:
    return [part for part in output.decode("utf-8", errors="surrogateescape").split("\0") if part]


def _parse_raw_diff(raw: bytes) -> tuple[set[str], dict[str, str], dict[str, str]]:
    r"""Read ``git diff --raw -z``: ``:oldmode newmode oldsha newsha STATUS\0path[\0path]``."""
    tokens = raw.decode("utf-8", errors="surrogateescape").split("\0")
    current: set[str] = set()
    previous: dict[str, str] = {}
    renamed: dict[str, str] = {}
    position = 0
    while position < len(tokens) and tokens[position].startswith(":"):
        old_mode, _new_mode, old_blob, _new_blob, status = tokens[position][1:].split(" ")
        kind = status[:1]
        paths = tokens[position + 1 : position + (3 if kind in "RC" else 2)]
        position += 1 + len(paths)
        old_path, new_path = paths[0], paths[-1]
        if kind != "D":
            current.add(new_path)
        if kind in "C" or old_blob == _NO_OBJECT:
            continue
        if old_mode in _REGULAR_FILE_MODES:
            previous[old_path] = old_blob
        if kind == "R":
            renamed[old_path] = new_path
    return current, previous, renamed


def extract_blobs(root: Path, blobs: dict[str, str], destination: Path) -> list[str]:
    """Write blobs to ``destination/<path>`` with a single ``git cat-file --batch``.

    Args:
        root: A folder inside the repository.
        blobs: Root-relative POSIX path -> blob ID.
        destination: The folder that mirrors the scan root.

    Returns:
        The paths written.

    Raises:
        BaselineError: When git fails.
    """
    safe = {
        path: blob
        for path, blob in blobs.items()
        if not PurePosixPath(path).is_absolute() and ".." not in PurePosixPath(path).parts
    }
    if not safe:
        return []
    order = list(safe)
    output = _git(
        root, "cat-file", "--batch", stdin="".join(f"{safe[p]}\n" for p in order).encode()
    )
    written = []
    offset = 0
    for path in order:
        header_end = output.index(b"\n", offset)
        header = output[offset:header_end].split(b" ")
        offset = header_end + 1
        if len(header) != 3:  # "<id> missing": no content follows
            continue
        size = int(header[2])
        content = output[offset : offset + size]
        offset += size + 1
        if header[1] == b"blob":
            target = destination / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content)
            written.append(path)
    return written


class _BaselineContext(CheckContext):
    """The baseline tree's check context: unchanged files are read and parsed by the head run."""

    def __init__(
        self,
        inventory: Inventory,
        config: Config,
        enabled_rules: Sequence[str],
        head: CheckContext,
        focus: Iterable[str],
        layout_changed: bool,
    ) -> None:
        """Create the context.

        Args:
            inventory: The baseline tree's inventory.
            config: The effective configuration.
            enabled_rules: IDs of the selected rules.
            head: The working tree's context, whose caches are shared.
            focus: The changed paths (both trees).
            layout_changed: Whether files were added, removed or renamed.
        """
        super().__init__(inventory, config, enabled_rules, focus, layout_changed)
        self._head = head

    def memo(self, key: str, factory: Callable[[], T]) -> T:
        """Share the head run's layout-only values (package index, module names) when no
        file was added, removed or renamed; compute everything else for this tree.

        Args:
            key: The value's name.
            factory: Computes the value on first use.

        Returns:
            The value.
        """
        if not self.layout_changed and key in LAYOUT_ONLY_MEMOS:
            return self._head.memo(key, factory)
        return super().memo(key, factory)

    def _shared(self, file: SourceFile) -> bool:
        return self._head.inventory.get(file.path) is file

    def read_text(self, file: SourceFile) -> str | None:
        """Return a file's text, from the head run's cache when the file is unchanged.

        Args:
            file: A file of the baseline inventory.

        Returns:
            The text, or ``None`` when unreadable.
        """
        return self._head.read_text(file) if self._shared(file) else super().read_text(file)

    def parse_python(self, file: SourceFile) -> ast.Module | None:
        """Return a Python file's AST, from the head run's cache when the file is unchanged.

        Args:
            file: A Python file of the baseline inventory.

        Returns:
            The AST, or ``None`` when it cannot be parsed.
        """
        return self._head.parse_python(file) if self._shared(file) else super().parse_python(file)


class _OverlaySources(SourceCache):
    """Source lines of the baseline tree: REF versions of changed files, else the working tree."""

    def __init__(self, root: Path, overlay_root: Path, overlay_paths: Iterable[str]) -> None:
        """Create the cache.

        Args:
            root: The scan root.
            overlay_root: The folder holding the extracted REF versions.
            overlay_paths: Root-relative paths read from ``overlay_root``.
        """
        super().__init__(root)
        self._overlay = SourceCache(overlay_root)
        self._overlay_paths = frozenset(overlay_paths)

    def text(self, path: str) -> str:
        """Return a file's text from the baseline tree.

        Args:
            path: The root-relative path.

        Returns:
            The text ('' when unreadable).
        """
        return self._overlay.text(path) if path in self._overlay_paths else super().text(path)


def fingerprint(finding: Finding) -> tuple[str, str, str]:
    """Return what identifies a finding across commits, apart from its file.

    Args:
        finding: A merged finding (its ``snippet`` is the text of its first line).

    Returns:
        Rule ID, whitespace-normalised line text and message.
    """
    return (
        finding.rule_id,
        " ".join((finding.snippet or "").split()),
        " ".join(finding.message.split()),
    )


def new_findings(
    current: Sequence[Finding], baseline: Sequence[Finding], renamed: dict[str, str]
) -> list[Finding]:
    """Return the current findings that the baseline does not have (a multiset difference).

    Args:
        current: The working tree's findings.
        baseline: The baseline's findings.
        renamed: Baseline path -> current path for renamed files.

    Returns:
        The new findings, in the order of ``current``.
    """
    remaining = Counter((renamed.get(f.path, f.path), *fingerprint(f)) for f in baseline)
    new = []
    for finding in current:
        key = (finding.path, *fingerprint(finding))
        if remaining[key] > 0:
            remaining[key] -= 1
        else:
            new.append(finding)
    return new


def run_baseline_scan(
    target: ScanTarget,
    config: Config,
    ref: str,
    checks: Sequence[Check] = ALL_CHECKS,
    command_line: Sequence[str] = (),
) -> ScanResult:
    """Scan the working tree and report only the findings that are new since ``ref``.

    Args:
        target: What to scan (the scan root must be inside a git work tree).
        config: The effective configuration.
        ref: The baseline revision (branch, tag, commit ID, ``HEAD~1``...).
        checks: The native checks available.
        command_line: The command line, recorded in the SARIF invocation.

    Returns:
        The scan's result, holding the new findings only.

    Raises:
        BaselineError: When git cannot provide the baseline.
        ScanError: When the rule pack is broken.
        ConfigError: When ``select``/``ignore`` name unknown rules.
    """
    started = datetime.now(UTC)
    changes = changes_since(target.root, ref)
    plan = plan_scan(config, checks)
    inventory = discover(target.root, target.paths, config.exclude, config.max_file_size)
    deadline = time.monotonic() + config.max_time if config.max_time else None
    with tempfile.TemporaryDirectory(prefix="backguard-baseline-") as temporary:
        tree = Path(temporary).resolve()
        extracted = extract_blobs(target.root, changes.previous, tree)
        previous = _previous_files(tree, target, config, extracted)
        head_sources = SourceCache(target.root)
        base_sources = _OverlaySources(target.root, tree, (file.path for file in previous))
        targets = [
            *(
                f.path
                for f in inventory.files
                if f.kind in SEMGREP_KINDS and f.path in changes.current
            ),
            *(str(tree / f.path) for f in previous if f.kind in SEMGREP_KINDS),
        ]
        run, outcome = start_engine(plan, targets, target.root, config)
        try:
            native = _run_native_both(checks, inventory, previous, changes, config, plan)
            if run is not None:
                reader = _TwoTreeReader(tree, head_sources, base_sources)
                outcome = finish_semgrep(run, deadline, plan.by_id, reader.line)
        finally:
            if run is not None:
                run.stop()
                run.cleanup()
        head_engine, base_engine = _split_by_tree(outcome.findings, tree)
        current = merge_findings([*head_engine, *native.head], plan.by_id, config, head_sources)
        baseline = merge_findings([*base_engine, *native.base], plan.by_id, config, base_sources)
        engine_notes = _engine_notifications(outcome.notifications, tree, changes.commit)
    findings = new_findings(current, baseline, changes.renamed)
    return ScanResult(
        root=target.root,
        rules=plan.rules,
        findings=tuple(findings),
        notifications=(*inventory.notifications, *engine_notes, *native.notifications),
        execution_successful=outcome.successful and native.successful,
        semgrep_version=outcome.version,
        files_scanned=len(inventory.files),
        profiles=(config.profile,),
        command_line=tuple(command_line),
        start_time_utc=started.strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
        end_time_utc=datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
    )


class _TwoTreeReader:
    """Reads result lines for one Semgrep run over both trees (REF files by absolute path)."""

    def __init__(self, tree: Path, head: SourceCache, base: SourceCache) -> None:
        """Create the reader.

        Args:
            tree: The folder holding the extracted REF versions.
            head: The working tree's sources.
            base: The baseline tree's sources.
        """
        self._prefix = f"{tree}/"
        self._head = head
        self._base = base

    def line(self, path: str, number: int) -> str:
        """Return a 1-based line of a result's file, from the tree the path belongs to.

        Args:
            path: A root-relative path, or an absolute path inside the REF folder.
            number: The 1-based line.

        Returns:
            The line without its newline.
        """
        if path.startswith(self._prefix):
            return self._base.line(path[len(self._prefix) :], number)
        return self._head.line(path, number)


def _split_by_tree(findings: Iterable[Finding], tree: Path) -> tuple[list[Finding], list[Finding]]:
    """Split one Semgrep run's findings into the working tree's and the REF tree's."""
    prefix = f"{tree}/"
    head: list[Finding] = []
    base: list[Finding] = []
    for finding in findings:
        if finding.path.startswith(prefix):
            base.append(replace(finding, path=finding.path[len(prefix) :]))
        else:
            head.append(finding)
    return head, base


@dataclass(frozen=True)
class _NativeResults:
    """Both trees' native findings."""

    head: tuple[Finding, ...] = ()
    base: tuple[Finding, ...] = ()
    notifications: tuple[Notification, ...] = ()
    successful: bool = True


def _run_native_both(
    checks: Sequence[Check],
    inventory: Inventory,
    previous: Sequence[SourceFile],
    changes: ChangeSet,
    config: Config,
    plan: ScanPlan,
) -> _NativeResults:
    """Run the native checks on both trees, focused on the changed files.

    A finding that depends on one file only cannot be new in an unchanged file, so
    per-file checks look at the changed files alone; project-level checks see the
    whole project (the import graph only where the changed files reach).
    """
    changed = {path for path in changes.current if inventory.get(path)} | {
        file.path for file in previous
    }
    if not changed:
        return _NativeResults()
    base_inventory = _baseline_inventory(inventory, changes, previous)
    layout_changed = _layout_changed(inventory, base_inventory, changed)
    enabled = sorted(plan.rule_ids)
    head_context = CheckContext(inventory, config, enabled, changed, layout_changed)
    base_context = _BaselineContext(
        base_inventory, config, enabled, head_context, changed, layout_changed
    )
    scope = import_closure(head_context, changed) | import_closure(base_context, changed)
    head_context.import_scope = base_context.import_scope = scope
    head, head_ok = run_checks(checks, head_context, plan.rule_ids)
    base, base_ok = run_checks(checks, base_context, plan.rule_ids)
    return _NativeResults(
        tuple(head), tuple(base), tuple(head_context.notifications), head_ok and base_ok
    )


def _previous_files(
    tree: Path, target: ScanTarget, config: Config, extracted: Sequence[str]
) -> tuple[SourceFile, ...]:
    """Inventory the extracted REF versions with the scan's own excludes and scanned paths."""
    if not extracted:
        return ()
    found = discover(tree, (".",), config.exclude, config.max_file_size).files
    return tuple(file for file in found if any(_inside(file.path, start) for start in target.paths))


def _inside(path: str, start: str) -> bool:
    start = start.strip("/")
    return start in ("", ".") or path == start or path.startswith(start + "/")


def _layout_changed(head: Inventory, base: Inventory, changed: set[str]) -> bool:
    """Tell whether files were added, removed or renamed, or a non-Python file changed."""
    if {file.path for file in head.files} != {file.path for file in base.files}:
        return True
    return any(not path.endswith(".py") for path in changed)


def _baseline_inventory(
    head: Inventory, changes: ChangeSet, previous: Sequence[SourceFile]
) -> Inventory:
    """The working tree's inventory with the changed files swapped for their REF versions."""
    kept = [file for file in head.files if file.path not in changes.current]
    files = sorted([*kept, *previous], key=lambda file: file.path.split("/"))
    directories = dict.fromkeys(head.directories)
    for file in previous:
        for parent in reversed(PurePosixPath(file.path).parents):
            directories.setdefault("" if str(parent) == "." else parent.as_posix())
    return Inventory(head.root, tuple(files), tuple(directories), ())


def _engine_notifications(
    notifications: Iterable[Notification], tree: Path, commit: str
) -> list[Notification]:
    """Keep the working tree's engine notifications; of the REF tree's, only errors, named so."""
    prefix = f"{tree}/"
    kept = []
    for notification in notifications:
        if not (notification.path or "").startswith(prefix) and prefix not in notification.message:
            kept.append(notification)
        elif notification.level is NotificationLevel.ERROR:
            kept.extend(_baseline_errors([notification], commit))
    return kept


def _baseline_errors(notifications: Iterable[Notification], commit: str) -> list[Notification]:
    """Engine errors of the baseline run, named as such (its warnings would only repeat noise)."""
    return [
        replace(n, message=f"baseline {commit[:12]}: {n.message}", path=None, line=None)
        for n in notifications
        if n.level is NotificationLevel.ERROR
    ]
