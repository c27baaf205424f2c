"""One walk of the scanned tree, shared by Semgrep and every native check.

The inventory honours ``.gitignore`` files (nested ones too), the root
``.semgrepignore``, configured excludes and a fixed list of folders that never
hold project code (virtualenvs, ``node_modules``, build output, caches). It
never follows a symlink out of the scan root and never follows a symlinked
directory at all, so symlink loops cannot hang it.

``pathspec`` does the gitignore-style matching: it implements Git's wildmatch
semantics (negation, anchoring, ``**``) that a hand-written fnmatch would get
subtly wrong.
"""

from __future__ import annotations

import enum
import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import pathspec

from .models import Notification, NotificationLevel

#: Folder names that never hold the project's own code.
#: Pruned folders that hold no code Semgrep could scan (VCS data and tool caches): they do
#: not stop their parent from being handed to Semgrep as one folder. Semgrep's results are
#: still filtered to the inventory, so an odd file in one of them is never reported.
CODE_FREE_DIRECTORY_NAMES = frozenset(
    {
        ".git",
        ".hg",
        ".svn",
        "__pycache__",
        ".mypy_cache",
        ".pytest_cache",
        ".ruff_cache",
        ".hypothesis",
    }
)
PRUNED_DIRECTORY_NAMES = frozenset(
    {
        ".git",
        ".hg",
        ".svn",
        ".tox",
        ".nox",
        ".venv",
        "venv",
        ".mypy_cache",
        ".pytest_cache",
        ".ruff_cache",
        ".hypothesis",
        "__pycache__",
        "node_modules",
        "site-packages",
        "build",
        "dist",
        ".eggs",
        "htmlcov",
        ".idea",
        ".vscode",
    }
)
#: Hidden folders that do hold things the checks read (CI workflows).
KEPT_HIDDEN_DIRECTORIES = frozenset({".github", ".gitlab", ".circleci"})
BINARY_SNIFF_BYTES = 8192


class FileKind(str, enum.Enum):
    """What a file is, judged by its name alone (content is never executed)."""

    PYTHON = "python"
    JAVASCRIPT = "javascript"
    TYPESCRIPT = "typescript"
    DOCKERFILE = "dockerfile"
    SHELL = "shell"
    MAKEFILE = "makefile"
    PROCFILE = "procfile"
    YAML = "yaml"
    JSON = "json"
    TOML = "toml"
    INI = "ini"
    OTHER = "other"


#: Kinds that Semgrep rules in ``rules/`` are written for.
SEMGREP_KINDS = frozenset(
    {FileKind.PYTHON, FileKind.JAVASCRIPT, FileKind.TYPESCRIPT, FileKind.DOCKERFILE}
)

_SUFFIX_KINDS = {
    ".py": FileKind.PYTHON,
    ".pyi": FileKind.PYTHON,
    ".js": FileKind.JAVASCRIPT,
    ".mjs": FileKind.JAVASCRIPT,
    ".cjs": FileKind.JAVASCRIPT,
    ".jsx": FileKind.JAVASCRIPT,
    ".ts": FileKind.TYPESCRIPT,
    ".tsx": FileKind.TYPESCRIPT,
    ".mts": FileKind.TYPESCRIPT,
    ".cts": FileKind.TYPESCRIPT,
    ".sh": FileKind.SHELL,
    ".bash": FileKind.SHELL,
    ".mk": FileKind.MAKEFILE,
    ".yml": FileKind.YAML,
    ".yaml": FileKind.YAML,
    ".json": FileKind.JSON,
    ".toml": FileKind.TOML,
    ".ini": FileKind.INI,
    ".cfg": FileKind.INI,
    ".dockerfile": FileKind.DOCKERFILE,
    ".containerfile": FileKind.DOCKERFILE,
}


def classify(name: str) -> FileKind:
    """Tell a file's kind from its base name.

    Args:
        name: The file's base name.

    Returns:
        The kind; ``OTHER`` when nothing matches.
    """
    lowered = name.lower()
    if lowered in {"dockerfile", "containerfile"} or lowered.startswith(
        ("dockerfile.", "containerfile.")
    ):
        return FileKind.DOCKERFILE
    if lowered in {"makefile", "gnumakefile"}:
        return FileKind.MAKEFILE
    if lowered == "procfile" or lowered.startswith("procfile."):
        return FileKind.PROCFILE
    dot = lowered.rfind(".")  # PurePosixPath.suffix, without building a path per file
    suffix = lowered[dot:] if 0 < dot < len(lowered) - 1 else ""
    return _SUFFIX_KINDS.get(suffix, FileKind.OTHER)


@dataclass(frozen=True)
class SourceFile:
    """A file of the inventory."""

    path: str
    """POSIX path relative to the scan root."""
    absolute: Path
    size: int
    kind: FileKind


@dataclass(frozen=True)
class Inventory:
    """Everything one walk found, and what it left out and why."""

    root: Path
    files: tuple[SourceFile, ...]
    directories: tuple[str, ...]
    semgrep_targets: tuple[str, ...]
    notifications: tuple[Notification, ...] = ()

    def of_kind(self, *kinds: FileKind) -> tuple[SourceFile, ...]:
        """Return the files of the given kinds.

        Args:
            *kinds: The kinds wanted.

        Returns:
            The matching files, in walk order.
        """
        wanted = set(kinds)
        return tuple(file for file in self.files if file.kind in wanted)

    def get(self, path: str) -> SourceFile | None:
        """Return the file at a root-relative POSIX path, if the inventory has it.

        Args:
            path: The root-relative path.

        Returns:
            The file, or ``None``.
        """
        return self._by_path().get(path)

    def _by_path(self) -> dict[str, SourceFile]:
        cache = self.__dict__.get("_path_index")
        if cache is None:
            cache = {file.path: file for file in self.files}
            object.__setattr__(self, "_path_index", cache)
        return cache


@dataclass
class _IgnoreLayer:
    base: str
    spec: pathspec.PathSpec


@dataclass
class _Walker:
    root: Path
    excludes: pathspec.PathSpec
    max_file_size: int
    files: list[SourceFile] = field(default_factory=list)
    directories: list[str] = field(default_factory=list)
    notifications: list[Notification] = field(default_factory=list)
    complete: dict[str, bool] = field(default_factory=dict)

    def walk(self, start: str, layers: list[_IgnoreLayer]) -> bool:
        """Walk one directory (root-relative POSIX path, ``""`` for the root).

        Returns whether every entry below it was taken, so that Semgrep can be
        given the directory instead of each file.
        """
        absolute = self.root / start if start else self.root
        layers = layers + self._own_ignore_layers(start, absolute)
        self.directories.append(start)
        try:
            entries = sorted(os.scandir(absolute), key=lambda entry: entry.name)
        except OSError as error:
            self._notify(f"cannot list directory: {error.strerror or error}", start or ".")
            self.complete[start] = False
            return False
        complete = True
        for entry in entries:
            relative = f"{start}/{entry.name}" if start else entry.name
            complete &= self._visit(entry, relative, layers)
        self.complete[start] = complete
        return complete

    def _visit(self, entry: os.DirEntry[str], relative: str, layers: list[_IgnoreLayer]) -> bool:
        try:
            is_link = entry.is_symlink()
            is_dir = entry.is_dir(follow_symlinks=False)
        except OSError:
            return False
        if is_link:
            return self._visit_symlink(entry, relative, layers)
        if is_dir:
            if self._prune_directory(entry.name, relative, layers):
                return entry.name in CODE_FREE_DIRECTORY_NAMES
            return self.walk(relative, layers)
        if self._ignored(relative, False, layers):
            return False
        return self._take_file(Path(entry.path), relative)

    def _visit_symlink(
        self, entry: os.DirEntry[str], relative: str, layers: list[_IgnoreLayer]
    ) -> bool:
        if self._ignored(relative, False, layers):
            return False
        try:
            target = Path(entry.path).resolve(strict=True)
        except (OSError, RuntimeError):
            self._notify("skipped: broken or looping symlink", relative, NotificationLevel.NOTE)
            return False
        if not target.is_relative_to(self.root):
            self._notify(
                "skipped: symlink points outside the scan root", relative, NotificationLevel.NOTE
            )
            return False
        if target.is_dir():
            self._notify(
                "skipped: symlinked directory (never followed)", relative, NotificationLevel.NOTE
            )
            return False
        self._take_file(target, relative)
        return False  # Semgrep must get symlinked files by name, never by folder.

    def _take_file(self, absolute: Path, relative: str) -> bool:
        kind = classify(relative.rpartition("/")[2])
        try:
            size = absolute.stat().st_size
        except OSError as error:
            self._notify(f"skipped: cannot read ({error.strerror or error})", relative)
            return False
        if size > self.max_file_size:
            self._notify(
                f"skipped: {size} bytes is over the {self.max_file_size}-byte limit"
                " (max-file-size)",
                relative,
            )
            return False
        if kind is not FileKind.OTHER and _looks_binary(absolute):
            self._notify("skipped: binary content in a source file", relative)
            return False
        self.files.append(SourceFile(relative, absolute, size, kind))
        return True

    def _prune_directory(self, name: str, relative: str, layers: list[_IgnoreLayer]) -> bool:
        if name in PRUNED_DIRECTORY_NAMES or name.endswith(".egg-info"):
            return True
        if name.startswith(".") and name not in KEPT_HIDDEN_DIRECTORIES:
            return True
        if (self.root / relative / "pyvenv.cfg").exists():
            return True
        return self._ignored(relative, True, layers)

    def _ignored(self, relative: str, is_dir: bool, layers: list[_IgnoreLayer]) -> bool:
        candidate = relative + "/" if is_dir else relative
        if self.excludes.match_file(candidate):
            return True
        for layer in layers:
            inner = candidate[len(layer.base) + 1 :] if layer.base else candidate
            if layer.spec.match_file(inner):
                return True
        return False

    def _own_ignore_layers(self, start: str, absolute: Path) -> list[_IgnoreLayer]:
        names = [".gitignore"] + ([".semgrepignore"] if not start else [])
        layers = []
        for name in names:
            spec = _read_ignore_file(absolute / name, self._notify_path(start, name))
            if spec is not None:
                layers.append(_IgnoreLayer(start, spec))
        return layers

    def _notify_path(self, start: str, name: str) -> Callable[[str], None]:
        relative = f"{start}/{name}" if start else name

        def notify(message: str) -> None:
            self._notify(message, relative)

        return notify

    def _notify(
        self, message: str, path: str, level: NotificationLevel = NotificationLevel.WARNING
    ) -> None:
        self.notifications.append(
            Notification(message=message, level=level, path=path, source="discovery")
        )


def _read_ignore_file(path: Path, notify: Callable[[str], None]) -> pathspec.PathSpec | None:
    """Compile one ignore file; a broken one is reported and skipped."""
    if not path.is_file():
        return None
    try:
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
        return pathspec.GitIgnoreSpec.from_lines(lines)
    except (OSError, ValueError) as error:
        notify(f"ignored unreadable ignore file: {error}")
        return None


def _looks_binary(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            return b"\x00" in handle.read(BINARY_SNIFF_BYTES)
    except OSError:
        return True


def discover(
    root: Path,
    paths: Sequence[str] = (".",),
    excludes: Iterable[str] = (),
    max_file_size: int = 5_000_000,
) -> Inventory:
    """Walk the given paths under ``root`` once and build the shared inventory.

    Args:
        root: The scan root; every path in the inventory is relative to it.
        paths: Root-relative paths (files or directories) to walk.
        excludes: Extra gitignore-style patterns, relative to the root.
        max_file_size: Files larger than this many bytes are skipped with a notification.

    Returns:
        The inventory, including the compact target list for Semgrep.
    """
    root = root.resolve()
    walker = _Walker(root, pathspec.GitIgnoreSpec.from_lines(list(excludes)), max_file_size)
    explicit_files: list[str] = []
    for raw in paths:
        relative = _relative_posix(root, raw)
        absolute = root / relative if relative else root
        if absolute.is_dir() and not absolute.is_symlink():
            walker.walk(relative, _ancestor_layers(root, relative))
        elif relative not in {file.path for file in walker.files}:
            if walker._take_file(absolute, relative):
                explicit_files.append(relative)
    files = tuple(dict((file.path, file) for file in walker.files).values())
    targets = _semgrep_targets(files, walker.complete, [_relative_posix(root, p) for p in paths])
    return Inventory(root, files, tuple(walker.directories), targets, tuple(walker.notifications))


def _ancestor_layers(root: Path, relative: str) -> list[_IgnoreLayer]:
    """Ignore files of the folders between the root and a walked sub-path."""
    layers: list[_IgnoreLayer] = []
    if not relative:
        return layers
    parts = PurePosixPath(relative).parts
    for depth in range(len(parts)):
        base = "/".join(parts[:depth])
        names = [".gitignore"] + ([".semgrepignore"] if depth == 0 else [])
        for name in names:
            spec = _read_ignore_file((root / base / name) if base else root / name, lambda _m: None)
            if spec is not None:
                layers.append(_IgnoreLayer(base, spec))
    return layers


def _relative_posix(root: Path, raw: str) -> str:
    absolute = (root / raw).resolve() if not Path(raw).is_absolute() else Path(raw).resolve()
    relative = absolute.relative_to(root).as_posix()
    return "" if relative == "." else relative


def _semgrep_targets(
    files: Sequence[SourceFile], complete: dict[str, bool], starts: Sequence[str]
) -> tuple[str, ...]:
    """Shortest target list that makes Semgrep see exactly the inventory's code files.

    A directory whose whole subtree was taken is passed as a folder (Semgrep
    runs with its own ignores switched off); anything else file by file.
    This keeps the command line short on big trees.
    """
    targets: list[str] = []
    covered: list[str] = []
    for start in starts:
        if complete.get(start):
            targets.append(start or ".")
            covered.append(start)
    for directory in sorted(complete, key=lambda d: (d.count("/"), d)):
        if not complete[directory] or any(_inside(directory, done) for done in covered):
            continue
        parent = directory.rsplit("/", 1)[0] if "/" in directory else ""
        if (
            directory
            and not complete.get(parent, False)
            and any(_inside(directory, s) for s in starts)
        ):
            targets.append(directory)
            covered.append(directory)
    for file in files:
        if file.kind in SEMGREP_KINDS and not any(_inside(file.path, done) for done in covered):
            targets.append(file.path)
    return tuple(dict.fromkeys(targets))


def _inside(path: str, directory: str) -> bool:
    return directory == "" or path == directory or path.startswith(directory + "/")
