"""``absolute-internal-import``: a package imports itself by its absolute name.

The module also holds :class:`PackageIndex`, the project's package map that
``backguard fix`` and ``circular-import`` share: which folder a file's dotted
name counts from, and whether an absolute import names the file's own
top-level package (so that it has an equivalent relative form).
"""

from __future__ import annotations

import ast
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import PurePosixPath

from ..config import Config
from ..discovery import FileKind, Inventory, SourceFile
from ..models import Confidence, Engine, Finding, Profile, RuleInfo, Severity
from .base import CheckContext
from .definitions import all_statements
from .imports import strip_suffix
from .missing_package_init import is_standalone_script, is_under, tool_loaded_directories

RULE = RuleInfo(
    id="absolute-internal-import",
    family="absolute-internal-import",
    summary="A module imports its own top-level package by its absolute name, not relatively.",
    severity=Severity.ERROR,
    profile=Profile.STRUCTURE,
    engine=Engine.NATIVE,
    confidence=Confidence.HIGH,
    references=(
        "https://docs.python.org/3/reference/import.html#package-relative-imports",
        "https://peps.python.org/pep-0328/",
    ),
    docs="""\
## What it does

Flags `import pkg.x` and `from pkg.x import y` written inside the package
`pkg` itself, when `pkg` is one of the project's own top-level packages
(a folder under the scan root, `src/` or a configured source root). Imports
of third-party or standard-library modules, relative imports, and imports
between two different top-level parts of the repository (for example
`tests/` importing the application) are not flagged.

## Why is this bad?

An absolute self-import only works when the folder *above* the package
happens to be on `sys.path`. That is why such projects grow `sys.path`
hacks, `PYTHONPATH` settings and "run it from this folder" instructions,
and why the package breaks when it is vendored, renamed or installed under
another name. Relative imports tie modules to their package, not to the
current directory, and make it obvious which imports stay inside the
package.

## Example

```python
# app/api/routes.py
from app.core.config import settings
import app.db.session as session
```

## Use instead

```python
# app/api/routes.py
from ..core.config import settings
from ..db import session
```

`backguard fix` rewrites these imports (including `import pkg.mod` and its
use sites) without touching comments or formatting.

## References

- [The import system: package relative imports](https://docs.python.org/3/reference/import.html#package-relative-imports)
- [PEP 328: absolute and relative imports](https://peps.python.org/pep-0328/)
""",
)


@dataclass(frozen=True)
class ModuleContext:
    """One way of naming a file's module: its dotted parts and the folder they count from."""

    base: str
    """Root-relative POSIX folder the dotted name counts from (``""`` for the scan root)."""
    parts: tuple[str, ...]
    """The module's dotted name, split (a package's ``__init__`` is named after the package)."""
    is_package_init: bool
    key_length: int
    """How many leading parts name the top-level package (more under a namespace package)."""

    @property
    def package(self) -> tuple[str, ...]:
        """Return the dotted name of the package the module belongs to, split."""
        return self.parts if self.is_package_init else self.parts[:-1]


@dataclass(frozen=True)
class RelativeForm:
    """Where a relative import must point: ``level`` dots, then ``module`` (may be empty)."""

    level: int
    module: tuple[str, ...]

    def render(self) -> str:
        """Return the dotted text after ``from`` (``..core``, ``.``)."""
        return "." * self.level + ".".join(self.module)


def _identifier_parts(relative: str) -> tuple[str, ...] | None:
    """Split a relative file path into dotted-name parts (``None`` if not identifiers)."""
    parts = tuple(strip_suffix(relative).split("/")) if relative else ()
    if parts and parts[-1] == "__init__":
        parts = parts[:-1]
    if not all(part.isidentifier() for part in parts):
        return None
    return tuple(parts)


def _parent(path: str) -> str:
    """Return a root-relative path's folder (``""`` for the root).

    String operations, not ``PurePosixPath``: this runs for every file of large projects.
    """
    return path.rpartition("/")[0]


class PackageIndex:
    """The project's packages as the inventory shows them, without importing anything.

    A file's module is named two ways, and an import counts as internal when
    it matches either: from the deepest source root holding the file (the
    scan root, ``src/``, ``[tool.backguard] source-roots``), and from the
    folder above its outermost chain of ``__init__.py`` folders (so that
    ``backend/app/...`` imported as ``app...`` is understood without
    configuration).
    """

    def __init__(
        self, inventory: Inventory, config: Config, extra_init_dirs: Iterable[str] = ()
    ) -> None:
        """Index the inventory.

        Args:
            inventory: The scan's file inventory.
            config: The configuration (source roots, namespace packages).
            extra_init_dirs: Folders to treat as having an ``__init__.py`` (the
                ones ``backguard fix`` is about to create).
        """
        python = [file.path for file in inventory.of_kind(FileKind.PYTHON)]
        self.modules = {path for path in python if path.endswith((".py", ".pyi"))}
        self.init_dirs = {
            _parent(path) for path in python if path.rpartition("/")[2] == "__init__.py"
        }
        self.init_dirs.update(directory.strip("/") for directory in extra_init_dirs)
        self.python_dirs: set[str] = set()
        for path in self.modules:
            directory = _parent(path)
            while directory and directory not in self.python_dirs:
                self.python_dirs.add(directory)
                directory = _parent(directory)
        roots = {""}
        if "src" in inventory.directories:
            roots.add("src")
        roots.update(
            "" if root.strip("/") in {"", "."} else root.strip("/") for root in config.source_roots
        )
        self.roots = sorted(roots, key=len, reverse=True)
        self.namespaces = {name.strip("/").replace("/", ".") for name in config.namespace_packages}
        self.loaded_by_path = tool_loaded_directories(inventory)
        # A folder without __init__.py beside a `name.py` module is shadowed by the module:
        # nothing in it can be imported through the folder's dotted name.
        self.shadowed = {
            directory
            for directory in self.python_dirs
            if directory not in self.init_dirs and f"{directory}.py" in self.modules
        }

    def contexts(self, path: str) -> list[ModuleContext]:
        """Return the ways of naming a file's module (source-root based first).

        Args:
            path: Root-relative POSIX path of a ``.py`` file.

        Returns:
            The contexts, without duplicates; empty when no name is a valid identifier path
            or a tool loads the file by its path (an Alembic migration environment).
        """
        if is_under(path, self.loaded_by_path):
            return []
        bases: list[str] = []
        root = next((r for r in self.roots if r == "" or path.startswith(r + "/")), None)
        if root is not None:
            bases.append(root)
        directory = _parent(path)
        top = None
        while directory in self.init_dirs and directory:
            top = directory
            directory = _parent(directory)
        if top is not None:
            bases.append(_parent(top))
        found: list[ModuleContext] = []
        for base in dict.fromkeys(bases):
            parts = _identifier_parts(path[len(base) + 1 :] if base else path)
            if parts and not self._through_shadowed(base, parts[:-1]):
                is_init = PurePosixPath(path).name in {"__init__.py", "__init__.pyi"}
                found.append(ModuleContext(base, parts, is_init, self._key_length(base, parts)))
        return found

    def _through_shadowed(self, base: str, packages: tuple[str, ...]) -> bool:
        """Tell whether a dotted package path passes through a folder a module shadows."""
        folder = base
        for part in packages:
            folder = f"{folder}/{part}" if folder else part
            if folder in self.shadowed:
                return True
        return False

    def _key_length(self, base: str, parts: tuple[str, ...]) -> int:
        """Count the leading parts that name the top-level package (namespaces add one)."""
        length = 1
        while length < len(parts) and self._is_namespace(base, parts[:length]):
            length += 1
        return length

    def _is_namespace(self, base: str, parts: tuple[str, ...]) -> bool:
        """Tell whether a dotted prefix is a configured namespace package."""
        dotted = ".".join(parts)
        as_directory = f"{base}.{dotted}" if base else dotted
        return dotted in self.namespaces or as_directory.replace("/", ".") in self.namespaces

    def resolves(self, base: str, parts: tuple[str, ...]) -> bool:
        """Tell whether a dotted name is a module or package of the project under ``base``.

        Args:
            base: The folder the name counts from.
            parts: The dotted name, split.

        Returns:
            ``True`` when a matching ``.py`` file or Python package folder exists.
        """
        if not parts or self._through_shadowed(base, parts[:-1]):
            return False
        stem = "/".join((base, *parts)) if base else "/".join(parts)
        return (
            f"{stem}.py" in self.modules
            or f"{stem}.pyi" in self.modules
            or stem in self.python_dirs
        )

    def relative_form(self, path: str, target: tuple[str, ...]) -> RelativeForm | None:
        """Return the relative spelling of ``from <target> import ...`` written in a file.

        Args:
            path: The importing file.
            target: The imported module's dotted name, split.

        Returns:
            The relative form, or ``None`` when the name is not a module of the
            file's own top-level package.
        """
        match = self._match(path, target, minimum_length=0)
        if match is None:
            return None
        package, common = match
        return RelativeForm(len(package) - common + 1, target[common:])

    def import_form(self, path: str, target: tuple[str, ...]) -> tuple[RelativeForm, str] | None:
        """Return the relative spelling of ``import <target>`` written in a file.

        ``import pkg.sub.mod`` becomes ``from <form> import mod``.

        Args:
            path: The importing file.
            target: The imported module's dotted name, split.

        Returns:
            The form and the name to import from it, or ``None`` when the module is
            not inside the file's own top-level package (``import pkg`` itself has
            no relative spelling).
        """
        match = self._match(path, target, minimum_length=1)
        if match is None:
            return None
        package, common = match
        level, rest = len(package) - common + 1, target[common:]
        if rest:
            return RelativeForm(level, rest[:-1]), rest[-1]
        return RelativeForm(level + 1, ()), target[-1]

    def _match(
        self, path: str, target: tuple[str, ...], minimum_length: int
    ) -> tuple[tuple[str, ...], int] | None:
        """Find the file's package and the shared prefix length with ``target``.

        ``minimum_length`` is how many parts ``target`` needs beyond the top-level key.
        """
        for context in self.contexts(path):
            package = context.package
            key = context.key_length
            if len(package) < key or len(target) < key + minimum_length:
                continue
            if target[:key] != package[:key] or not self.resolves(context.base, target):
                continue
            common = 0
            while common < min(len(package), len(target)) and package[common] == target[common]:
                common += 1
            return package, common
        return None


def package_index(context: CheckContext) -> PackageIndex:
    """Return the scan's :class:`PackageIndex` (built once).

    Args:
        context: The scan context.

    Returns:
        The index.
    """
    return context.memo("package_index", lambda: PackageIndex(context.inventory, context.config))


@dataclass(frozen=True)
class InternalImport:
    """One absolute import statement of the file's own package, and its relative spelling."""

    node: ast.Import | ast.ImportFrom
    names: tuple[str, ...]
    suggestion: str


def _suggest_import(index: PackageIndex, path: str, alias: ast.alias) -> str | None:
    """Return the relative spelling of one ``import pkg.mod`` alias, if internal."""
    found = index.import_form(path, tuple(alias.name.split(".")))
    if found is None:
        return None
    form, name = found
    bound = f" as {alias.asname}" if alias.asname else ""
    return f"from {form.render()} import {name}{bound}"


def internal_imports(index: PackageIndex, path: str, tree: ast.Module) -> list[InternalImport]:
    """Find the absolute imports of a file's own top-level package, anywhere in the file.

    Args:
        index: The project's package index.
        path: The file's root-relative path.
        tree: The file's AST.

    Returns:
        One entry per offending statement, in source order.
    """
    found: list[InternalImport] = []
    for node in all_statements(tree.body):
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            form = index.relative_form(path, tuple(node.module.split(".")))
            if form is not None:
                names = ", ".join(_alias_text(alias) for alias in node.names)
                suggestion = f"from {form.render()} import {names}"
                found.append(InternalImport(node, (node.module,), suggestion))
        elif isinstance(node, ast.Import):
            suggestions = [
                (alias.name, _suggest_import(index, path, alias)) for alias in node.names
            ]
            hits = [(name, text) for name, text in suggestions if text]
            if hits:
                found.append(
                    InternalImport(
                        node, tuple(name for name, _ in hits), "; ".join(text for _, text in hits)
                    )
                )
    return sorted(found, key=lambda item: (item.node.lineno, item.node.col_offset))


def _alias_text(alias: ast.alias) -> str:
    """Return ``name`` or ``name as alias``."""
    return f"{alias.name} as {alias.asname}" if alias.asname else alias.name


def is_fixable_module(path: str, text: str) -> bool:
    """Tell whether a file is a module whose imports may be made relative.

    Stubs and stand-alone scripts (a shebang or a PEP 723 block) are left
    alone: a script run by path cannot use relative imports, and
    ``script-execution`` reports how it is run instead.

    Args:
        path: The root-relative path.
        text: The file's text.

    Returns:
        ``True`` for an ordinary ``.py`` module.
    """
    return path.endswith(".py") and not is_standalone_script(text)


class AbsoluteInternalImport:
    """Finds absolute imports of a package from inside that same package."""

    rules = (RULE,)
    layout_sensitive = True

    def run(self, context: CheckContext) -> list[Finding]:
        """Report each offending import statement once.

        Args:
            context: The shared scan context.

        Returns:
            The findings.
        """
        findings: list[Finding] = []
        for file in context.python_files_in_focus(layout_sensitive=True):
            findings.extend(self.check_file(context, file))
        return findings

    def check_file(self, context: CheckContext, file: SourceFile) -> list[Finding]:
        """Check one Python file (the scan calls this file by file, then frees its AST).

        Args:
            context: The shared scan context.
            file: A Python file of the inventory.

        Returns:
            The file's findings.
        """
        return self._check_file(context, package_index(context), file)

    @staticmethod
    def _check_file(context: CheckContext, index: PackageIndex, file: SourceFile) -> list[Finding]:
        """Report the internal absolute imports of one file."""
        text = context.read_text(file)
        if text is None or not is_fixable_module(file.path, text) or not index.contexts(file.path):
            return []
        tree = context.parse_python(file)
        if tree is None:
            return []
        findings = []
        for item in internal_imports(index, file.path, tree):
            top = item.names[0].split(".")[0]
            findings.append(
                context.finding(
                    RULE,
                    file.path,
                    context.region_of(file, item.node),
                    f"Absolute import of '{', '.join(item.names)}' from inside the project's own "
                    f"package '{top}' ties the module to sys.path; import it relatively: "
                    f"`{item.suggestion}` (backguard fix rewrites it).",
                )
            )
        return findings
