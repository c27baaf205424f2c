"""Shared import analysis for the structure checks: source roots, module names, imports.

Everything is computed from parsed ASTs (scanned code is never imported) and
memoised on the :class:`CheckContext`, so each check asks without re-parsing.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import PurePosixPath

from ..discovery import SourceFile
from .base import CheckContext
from .definitions import child_blocks


@dataclass(frozen=True)
class ImportRecord:
    """One imported module name, resolved to an absolute dotted name."""

    importer: SourceFile
    module: str
    node: ast.Import | ast.ImportFrom
    relative: bool
    top_level: bool


def source_roots(context: CheckContext) -> set[str]:
    """Return the folders that module names are counted from.

    The scan root, ``src/`` when it exists, and ``[tool.backguard] source-roots``.

    Args:
        context: The scan context.

    Returns:
        Root-relative POSIX folders (``"."`` for the scan root).
    """

    def compute() -> set[str]:
        roots = {"."}
        if "src" in context.inventory.directories:
            roots.add("src")
        roots.update(root.strip("/") or "." for root in context.config.source_roots)
        return roots

    return context.memo("source_roots", compute)


def strip_suffix(path: str) -> str:
    """Drop a POSIX path's last suffix as ``PurePosixPath.with_suffix("")`` does, but faster.

    Args:
        path: A normalised relative POSIX path.

    Returns:
        The path without its file name's last ``.suffix``.
    """
    folder, slash, name = path.rpartition("/")
    dot = name.rfind(".")
    return folder + slash + name[:dot] if 0 < dot < len(name) - 1 else path


def module_name(path: str, roots: set[str]) -> str | None:
    """Return the dotted module name of a file under the deepest matching source root.

    Args:
        path: Root-relative POSIX path of a ``.py`` file.
        roots: The source roots.

    Returns:
        The dotted name (``pkg.mod``; ``pkg`` for ``pkg/__init__.py``), or ``None``
        when the path has parts that are not identifiers.
    """
    best: str | None = None
    for root in sorted(roots, key=len, reverse=True):
        if root == ".":
            relative = path
        elif path.startswith(root + "/"):
            relative = path[len(root) + 1 :]
        else:
            continue
        parts = strip_suffix(relative).split("/")
        if parts and parts[-1] == "__init__":
            parts.pop()
        if parts and all(part.isidentifier() for part in parts):
            best = ".".join(parts)
            break
    return best


def _package_of(path: str, roots: set[str]) -> str | None:
    name = module_name(path, roots)
    if name is None:
        return None
    if PurePosixPath(path).name == "__init__.py":
        return name
    return name.rpartition(".")[0]


def _resolve_relative(package: str | None, level: int, module: str | None) -> str | None:
    if package is None:
        return None
    parts = package.split(".") if package else []
    if level - 1 > len(parts):
        return None
    base = parts[: len(parts) - (level - 1)]
    if module:
        base.append(module)
    return ".".join(base) or None


def import_records(context: CheckContext) -> list[ImportRecord]:
    """Return every import of every Python file, resolved to absolute names.

    For ``from a import b`` both ``a`` and ``a.b`` are recorded (``b`` may be a
    submodule). ``top_level`` is false inside functions and under
    ``if TYPE_CHECKING:``.

    Args:
        context: The scan context.

    Returns:
        The import records.
    """

    def compute() -> list[ImportRecord]:
        return [
            record
            for file in context.python_files()
            for record in file_import_records(context, file)
        ]

    return context.memo("import_records", compute)


def file_import_records(context: CheckContext, file: SourceFile) -> list[ImportRecord]:
    """Return one Python file's import records, computed at most once per scan.

    Args:
        context: The scan context.
        file: A Python file of the inventory.

    Returns:
        The file's import records (none when it cannot be parsed).
    """
    cache: dict[str, list[ImportRecord]] = context.memo("file_import_records", dict)
    if file.path not in cache:
        tree = context.parse_python(file)
        roots = source_roots(context)
        cache[file.path] = [] if tree is None else _file_imports(file, tree, roots)
    return cache[file.path]


def is_package_imported(context: CheckContext, dotted: set[str], directory: str) -> bool:
    """Tell whether any project module imports one of a folder's dotted names or a submodule.

    Only the files that can name the folder are parsed: those under it or inside a
    package spelled like it (relative imports resolve through their own package), and
    those whose text holds the folder's last name (every other import spells it out).

    Args:
        context: The scan context.
        dotted: The folder's dotted names (one per source root it sits under).
        directory: The folder, root-relative.

    Returns:
        ``True`` when an import names the package or something inside it.
    """
    if not dotted:
        return False
    words = sorted({name.rsplit(".", 1)[-1] for name in dotted})
    spelled = re.compile(r"\b(?:" + "|".join(map(re.escape, words)) + r")\b")
    roots = source_roots(context)
    for file in context.python_files():
        if not _may_name(context, file, directory, dotted, roots, (words, spelled)):
            continue
        for record in file_import_records(context, file):
            if any(_is_within(record.module, candidate) for candidate in dotted):
                return True
    return False


def _may_name(
    context: CheckContext,
    file: SourceFile,
    directory: str,
    dotted: set[str],
    roots: set[str],
    spelling: tuple[list[str], re.Pattern[str]],
) -> bool:
    """Tell whether a file's imports can resolve to one of ``dotted`` (a cheap superset)."""
    words, spelled = spelling
    if directory in ("", ".") or file.path.startswith(directory + "/"):
        return True
    for root in roots:
        own = module_name(file.path, {root})
        if own and any(_is_within(own, candidate) for candidate in dotted):
            return True
    text = context.read_text(file)
    if text is None or not any(word in text for word in words):  # fast substring pre-check
        return False
    return spelled.search(text) is not None


def _is_within(module: str, package: str) -> bool:
    return module == package or module.startswith(package + ".")


def _file_imports(file: SourceFile, tree: ast.Module, roots: set[str]) -> list[ImportRecord]:
    """Record one module's imports, walking statements only.

    Import statements never sit inside expressions, so skipping them keeps the walk to a
    fraction of the tree (the import graph is the biggest native cost on large projects).
    """
    records: list[ImportRecord] = []
    package = _package_of(file.path, roots)
    stack: list[tuple[ast.stmt, bool]] = [(statement, True) for statement in reversed(tree.body)]
    while stack:
        statement, top_level = stack.pop()
        if isinstance(statement, ast.Import | ast.ImportFrom):
            records.extend(_statement_imports(file, statement, package, top_level))
            continue
        stack.extend(reversed(list(_nested_blocks(statement, top_level))))
    return records


def _nested_blocks(statement: ast.stmt, top_level: bool) -> Iterator[tuple[ast.stmt, bool]]:
    """Yield the statements nested in a compound statement, each with its ``top_level``."""
    if isinstance(statement, ast.FunctionDef | ast.AsyncFunctionDef):
        blocks = [(statement.body, False)]
    elif isinstance(statement, ast.If) and _is_type_checking(statement.test):
        blocks = [(statement.body, False), (statement.orelse, top_level)]
    else:
        blocks = [(block, top_level) for block in child_blocks(statement)]
    for block, nested_top_level in blocks:
        for nested in block:
            yield nested, nested_top_level


def _statement_imports(
    file: SourceFile, statement: ast.Import | ast.ImportFrom, package: str | None, top_level: bool
) -> list[ImportRecord]:
    """Resolve one import statement to records (``from a import b`` gives ``a`` and ``a.b``)."""
    if isinstance(statement, ast.Import):
        return [
            ImportRecord(file, alias.name, statement, False, top_level) for alias in statement.names
        ]
    base = (
        _resolve_relative(package, statement.level, statement.module)
        if statement.level
        else statement.module
    )
    if not base:
        return []
    relative = bool(statement.level)
    records = [ImportRecord(file, base, statement, relative, top_level)]
    records.extend(
        ImportRecord(file, f"{base}.{alias.name}", statement, relative, top_level)
        for alias in statement.names
        if alias.name != "*"
    )
    return records


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )
