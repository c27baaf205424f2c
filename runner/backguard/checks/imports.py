"""Shared import analysis for the structure checks: source roots, module names, imports.

Everything is computed from parsed ASTs (scanned code is never imported) and
memoised on the :class:`CheckContext`, so each check asks without re-parsing.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import PurePosixPath

from ..discovery import SourceFile
from .base import CheckContext


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
        parts = list(PurePosixPath(relative).with_suffix("").parts)
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
        roots = source_roots(context)
        records: list[ImportRecord] = []
        for file in context.python_files():
            tree = context.parse_python(file)
            if tree is not None:
                records.extend(_file_imports(file, tree, roots))
        return records

    return context.memo("import_records", compute)


def _file_imports(file: SourceFile, tree: ast.Module, roots: set[str]) -> list[ImportRecord]:
    # Reason: one walk must tell import kinds, TYPE_CHECKING blocks and function scope apart.
    records: list[ImportRecord] = []
    package = _package_of(file.path, roots)

    def visit(node: ast.AST, top_level: bool) -> None:
        # Reason: each branch is one statement kind the import graph treats differently.
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.Import):
                for alias in child.names:
                    records.append(ImportRecord(file, alias.name, child, False, top_level))
            elif isinstance(child, ast.ImportFrom):
                base = (
                    _resolve_relative(package, child.level, child.module)
                    if child.level
                    else child.module
                )
                if base:
                    records.append(ImportRecord(file, base, child, bool(child.level), top_level))
                    for alias in child.names:
                        if alias.name != "*":
                            records.append(
                                ImportRecord(
                                    file,
                                    f"{base}.{alias.name}",
                                    child,
                                    bool(child.level),
                                    top_level,
                                )
                            )
            elif isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
                visit(child, False)
            elif isinstance(child, ast.If) and _is_type_checking(child.test):
                for statement in child.body:
                    visit(ast.Module(body=[statement], type_ignores=[]), False)
                for statement in child.orelse:
                    visit(ast.Module(body=[statement], type_ignores=[]), top_level)
            else:
                visit(child, top_level)

    visit(tree, True)
    return records


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def imported_module_names(context: CheckContext) -> set[str]:
    """Return every absolute module name imported anywhere in the project.

    Args:
        context: The scan context.

    Returns:
        The dotted names.
    """
    return context.memo(
        "imported_names", lambda: {record.module for record in import_records(context)}
    )
