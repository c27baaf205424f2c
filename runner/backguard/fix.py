"""``backguard fix``: create missing ``__init__.py`` files, make internal imports relative.

Imports are rewritten on libcst's concrete syntax tree, so comments,
parentheses, line breaks and aliases survive byte for byte; only the module
part of an import statement (and, for ``import pkg.mod``, the use sites of
``pkg.mod``) changes. A file that cannot be parsed is left untouched and
named in the report. Running the fixer twice changes nothing the second time.
"""

from __future__ import annotations

import ast
import difflib
import os
import tempfile
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import libcst as cst
from libcst.metadata import MetadataWrapper, ParentNodeProvider

from .checks.absolute_internal_import import (
    PackageIndex,
    RelativeForm,
    internal_imports,
    is_fixable_module,
)
from .checks.base import CheckContext
from .checks.missing_package_init import MissingPackageInit
from .checks.script_execution import find_script_runs, resolve_script
from .config import Config
from .discovery import FileKind, discover


@dataclass(frozen=True)
class FileChange:
    """One file the fixer creates or rewrites."""

    path: str
    before: str | None
    """The old text; ``None`` for a file that does not exist yet."""
    after: str
    data: bytes
    """The new content, in the file's own encoding and line endings."""


@dataclass(frozen=True)
class Leftover:
    """Something the fixer could not fix, and why."""

    path: str
    line: int | None
    reason: str


@dataclass
class FixReport:
    """What ``backguard fix`` changed (or, with ``--diff``, would change)."""

    changes: list[FileChange] = field(default_factory=list)
    leftovers: list[Leftover] = field(default_factory=list)
    written: bool = False

    @property
    def created(self) -> list[str]:
        """Return the ``__init__.py`` files created."""
        return [change.path for change in self.changes if change.before is None]

    @property
    def rewritten(self) -> list[str]:
        """Return the files whose imports were rewritten."""
        return [change.path for change in self.changes if change.before is not None]

    def diff(self) -> str:
        """Return every change as one unified diff (``git apply`` accepts it).

        Returns:
            The diff text ('' when nothing changes).
        """
        chunks: list[str] = []
        for change in self.changes:
            header = f"diff --git a/{change.path} b/{change.path}\n"
            if change.before is None:
                chunks.append(header + "new file mode 100644\n")
                if change.after:
                    chunks.extend(_unified([], change.after, "/dev/null", f"b/{change.path}"))
                continue
            chunks.append(header)
            chunks.extend(
                _unified(
                    change.before.splitlines(keepends=True),
                    change.after,
                    f"a/{change.path}",
                    f"b/{change.path}",
                )
            )
        return "".join(chunks)


def _unified(before: list[str], after: str, old_name: str, new_name: str) -> list[str]:
    """Return unified-diff lines, marking a missing final newline as ``diff`` does."""
    lines = list(difflib.unified_diff(before, after.splitlines(keepends=True), old_name, new_name))
    return [
        line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in lines
    ]


def fix_project(root: Path, paths: Sequence[str], config: Config, write: bool) -> FixReport:
    """Fix ``missing-package-init`` and ``absolute-internal-import`` under ``root``.

    Args:
        root: The project root (dotted names and report paths count from it).
        paths: Root-relative files or folders to fix (``["."]`` for everything).
        config: The effective configuration (excludes, source roots, namespace packages).
        write: Write the changes; when false only compute them (``--diff``).

    Returns:
        The report: changes made or proposed, and what could not be fixed.

    Raises:
        OSError: When a file cannot be written.
    """
    root = root.resolve()
    inventory = discover(root, list(paths) or ["."], config.exclude, config.max_file_size)
    context = CheckContext(inventory, config, ["missing-package-init"])
    missing = [finding.path for finding in MissingPackageInit().run(context)]
    index = PackageIndex(inventory, config, extra_init_dirs=[_parent(path) for path in missing])
    report = FixReport()
    report.changes.extend(FileChange(path, None, "", b"") for path in missing)
    for file in inventory.of_kind(FileKind.PYTHON):
        try:
            data = file.absolute.read_bytes()
        except OSError as error:
            reason = f"cannot read: {error.strerror or error}"
            report.leftovers.append(Leftover(file.path, None, reason))
            continue
        change = _fix_file(file.path, data, index, report.leftovers)
        if change is not None:
            report.changes.append(change)
    report.leftovers.extend(_runs_by_path(context, index, set(report.rewritten)))
    if write:
        for change in report.changes:
            _write_atomic(root / change.path, change.data)
        report.written = True
    return report


def _runs_by_path(
    context: CheckContext, index: PackageIndex, rewritten: set[str]
) -> list[Leftover]:
    """Name the commands that run a rewritten module by path: relative imports fail there."""
    leftovers = []
    for item in find_script_runs(context):
        target = resolve_script(context, item.path, item.run.script or "")
        if target is None or target.path not in rewritten:
            continue
        names = [".".join(module.parts) for module in index.contexts(target.path)]
        module = min(names, key=len) if names else "<package>.<module>"
        leftovers.append(
            Leftover(
                item.path,
                item.line,
                f"runs {target.path} by path, which fails now that it imports relatively; "
                f"run it as `python -m {module}` (from the folder above the package)",
            )
        )
    return leftovers


def _parent(path: str) -> str:
    """Return a root-relative path's folder (``""`` for the root)."""
    parent = str(PurePosixPath(path).parent)
    return "" if parent == "." else parent


def _fix_file(
    path: str, data: bytes, index: PackageIndex, leftovers: list[Leftover]
) -> FileChange | None:
    """Rewrite one file's internal imports; ``None`` when nothing changes or it cannot be done."""
    # Reason: each early return is a distinct reason a file must be left untouched.
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = None
    if text is not None and not is_fixable_module(path, text):
        return None
    if text is None or not index.contexts(path):
        return None
    tree = _parse_ast(text, path)
    # The C parser finds the files with nothing to fix far faster than libcst could.
    if tree is not None and not internal_imports(index, path, tree):
        return None
    try:
        module = cst.parse_module(data)
    except (cst.ParserSyntaxError, RecursionError, ValueError) as error:
        leftovers.append(Leftover(path, None, f"left untouched: cannot parse ({_one_line(error)})"))
        return None
    rewriter = ImportRewriter(index, path)
    try:
        new_module = module.visit(rewriter)
    except RecursionError:
        leftovers.append(Leftover(path, None, "left untouched: too deeply nested to rewrite"))
        return None
    leftovers.extend(
        Leftover(path, _import_line(tree, names), reason) for names, reason in rewriter.leftovers
    )
    if not rewriter.changed:
        return None
    new_data = new_module.bytes
    new_text = new_data.decode(new_module.encoding)
    # Code newer than this interpreter (libcst parses it, ast may not) is trusted to libcst.
    if tree is not None and _parse_ast(new_text, path) is None:
        leftovers.append(
            Leftover(path, None, "left untouched: the rewritten file would not compile")
        )
        return None
    return FileChange(path, data.decode(module.encoding), new_text, new_data)


def _import_line(tree: ast.Module | None, names: Sequence[str]) -> int | None:
    """Return the first line that imports one of the dotted names (``None`` if unknown)."""
    if tree is None:
        return None
    lines = [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Import) and any(alias.name in names for alias in node.names)
    ]
    return min(lines, default=None)


def _one_line(error: Exception) -> str:
    """Return the first line of an exception's message."""
    return str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__


def _parse_ast(text: str, path: str) -> ast.Module | None:
    """Parse text with this interpreter's parser (``None`` when it cannot)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return ast.parse(text, filename=path)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None


def _write_atomic(target: Path, data: bytes) -> None:
    """Replace a file's bytes in one step, keeping its permission bits."""
    target.parent.mkdir(parents=True, exist_ok=True)
    mode = target.stat().st_mode & 0o7777 if target.exists() else None
    handle, temporary = tempfile.mkstemp(
        dir=target.parent, prefix=f".{target.name}.", suffix=".tmp"
    )
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        if mode is not None:
            os.chmod(temporary, mode)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _dotted(node: cst.BaseExpression) -> str | None:
    """Return ``a.b.c`` for a Name/Attribute chain, ``None`` for anything else."""
    if isinstance(node, cst.Name):
        return node.value
    if isinstance(node, cst.Attribute):
        head = _dotted(node.value)
        return f"{head}.{node.attr.value}" if head else None
    return None


def _module_expression(parts: Sequence[str]) -> cst.Attribute | cst.Name | None:
    """Build the Name/Attribute chain for a dotted module name (``None`` if empty)."""
    if not parts:
        return None
    expression: cst.Attribute | cst.Name = cst.Name(parts[0])
    for part in parts[1:]:
        expression = cst.Attribute(value=expression, attr=cst.Name(part))
    return expression


def _relative_from(
    form: RelativeForm, names: Sequence[cst.ImportAlias], template: cst.ImportFrom | None = None
) -> cst.ImportFrom:
    """Build ``from <dots><module> import <names>``, reusing a statement's layout if given."""
    relative = [cst.Dot() for _ in range(form.level)]
    module = _module_expression(form.module)
    if template is not None:
        return template.with_changes(relative=relative, module=module)
    return cst.ImportFrom(module=module, names=list(names), relative=relative)


@dataclass
class _PlainImport:
    """``import pkg.a.b`` (no ``as``): binds ``pkg``; use sites ``pkg.a.b.x`` must change."""

    dotted: str
    form: RelativeForm
    name: str
    bound: str = ""


class _UseSites(cst.CSTVisitor):
    """Collects every ``Name`` that reads or binds an identifier, with its attribute chain."""

    METADATA_DEPENDENCIES = (ParentNodeProvider,)

    def __init__(self, roots: set[str]) -> None:
        super().__init__()
        self.roots = roots
        self.chains: dict[str, list[list[tuple[str, cst.CSTNode]]]] = {root: [] for root in roots}
        self.blocked: set[str] = set()
        self.used_names: set[str] = set()
        self.annotation_strings: list[str] = []
        self._import_depth = 0
        self._annotation_depth = 0

    def visit_Import(self, node: cst.Import) -> None:
        """Record the names an ``import`` binds (``import x as root`` blocks ``root``)."""
        self._import_depth += 1
        for alias in node.names:
            bound = alias.asname.name if alias.asname else alias.name
            if isinstance(bound, cst.Name):
                self.used_names.add(bound.value)
                if alias.asname is not None and bound.value in self.roots:
                    self.blocked.add(bound.value)
            elif alias.asname is None:
                head = _dotted(alias.name)
                if head:
                    self.used_names.add(head.split(".")[0])

    def leave_Import(self, original_node: cst.Import) -> None:
        """Leave an import statement."""
        self._import_depth -= 1

    def visit_ImportFrom(self, node: cst.ImportFrom) -> None:
        """Record the names a ``from`` import binds; a star import blocks every root."""
        self._import_depth += 1
        if isinstance(node.names, cst.ImportStar):
            self.blocked.update(self.roots)  # a star import may bind any name
            return
        for alias in node.names:
            bound = alias.asname.name if alias.asname else alias.name
            if isinstance(bound, cst.Name):
                self.used_names.add(bound.value)
                if bound.value in self.roots:
                    self.blocked.add(bound.value)

    def leave_ImportFrom(self, original_node: cst.ImportFrom) -> None:
        """Leave an import statement."""
        self._import_depth -= 1

    def visit_Annotation(self, node: cst.Annotation) -> None:
        """Enter an annotation (string annotations there are checked)."""
        self._annotation_depth += 1

    def leave_Annotation(self, original_node: cst.Annotation) -> None:
        """Leave an annotation."""
        self._annotation_depth -= 1

    def visit_SimpleString(self, node: cst.SimpleString) -> None:
        """Keep strings written as annotations: they may name ``pkg.mod``."""
        if self._annotation_depth:
            value = node.evaluated_value
            if isinstance(value, str):
                self.annotation_strings.append(value)

    def visit_Name(self, node: cst.Name) -> None:
        """Record a use of a name, with the attribute chain it starts."""
        parent = self.get_metadata(ParentNodeProvider, node, None)
        if isinstance(parent, cst.Attribute) and parent.attr is node:
            return
        if isinstance(parent, cst.Arg) and parent.keyword is node:
            return
        if self._import_depth:
            return
        self.used_names.add(node.value)
        if node.value not in self.roots:
            return
        chain: cst.CSTNode = node
        dotted = node.value
        links: list[tuple[str, cst.CSTNode]] = [(dotted, chain)]
        parent_of_chain = parent
        while isinstance(parent_of_chain, cst.Attribute) and parent_of_chain.value is chain:
            chain = parent_of_chain
            dotted = f"{dotted}.{parent_of_chain.attr.value}"
            links.append((dotted, chain))
            parent_of_chain = self.get_metadata(ParentNodeProvider, chain, None)
        self.chains[node.value].append(links)


class ImportRewriter(cst.CSTTransformer):
    """Rewrites one file's absolute imports of its own package into relative ones."""

    def __init__(self, index: PackageIndex, path: str) -> None:
        """Prepare a rewrite of one file.

        Args:
            index: The project's package index.
            path: The file's root-relative path.
        """
        super().__init__()
        self.index = index
        self.path = path
        self.changed = False
        self.leftovers: list[tuple[tuple[str, ...], str]] = []
        self._plain: dict[str, _PlainImport] = {}
        self._replacements: dict[cst.CSTNode, str] = {}

    # -- planning -------------------------------------------------------------------------------

    def visit_Module(self, node: cst.Module) -> None:
        """Plan the rewrite of ``import pkg.mod`` statements before anything changes.

        Args:
            node: The module.
        """
        plain: dict[str, _PlainImport] = {}
        kept_roots: set[str] = set()
        for statement in _import_statements(node):
            for alias in statement.names:
                dotted = _dotted(alias.name)
                if alias.asname is not None or dotted is None:
                    continue
                found = self.index.import_form(self.path, tuple(dotted.split(".")))
                if found is None:
                    kept_roots.add(dotted.split(".")[0])
                    continue
                plain[dotted] = _PlainImport(dotted, found[0], found[1])
        if not plain:
            return
        roots = {dotted.split(".")[0] for dotted in plain}
        sites = _UseSites(roots)
        MetadataWrapper(node, unsafe_skip_copy=True).visit(sites)
        for root in sorted(roots):
            mine = {dotted: item for dotted, item in plain.items() if dotted.split(".")[0] == root}
            reason = self._plan_root(root, mine, sites, root in kept_roots)
            if reason is None:
                self._plain.update(mine)
            else:
                message = f"'import {', '.join(sorted(mine))}' left absolute: {reason}"
                self.leftovers.append((tuple(mine), f"{message}; rewrite it by hand"))

    def _plan_root(
        self, root: str, plain: dict[str, _PlainImport], sites: _UseSites, still_bound: bool
    ) -> str | None:
        """Map every use of ``root`` to a new name; return why that is impossible, if it is.

        ``still_bound`` says another ``import root...`` stays, so uses the new
        imports do not cover keep working through it.
        """
        if root in sites.blocked:
            return f"'{root}' is also bound another way in this file"
        if any(text.strip() == root or root + "." in text for text in sites.annotation_strings):
            return f"a string annotation names '{root}.'"
        longest_first = sorted(plain, key=lambda dotted: dotted.count("."), reverse=True)
        replacements: dict[cst.CSTNode, str] = {}
        taken = set(sites.used_names)
        for dotted in sorted(plain):
            item = plain[dotted]
            candidates = [item.name, dotted.replace(".", "_")]
            item.bound = next((name for name in candidates if name not in taken), "")
            if not item.bound:
                return f"the name '{item.name}' is already used"
            taken.add(item.bound)
        for links in sites.chains[root]:
            target = next(
                (
                    (node, dotted)
                    for dotted in longest_first
                    for text, node in links
                    if text == dotted
                ),
                None,
            )
            if target is None:
                if still_bound:
                    continue
                return f"'{links[-1][0]}' is used without a matching import"
            replacements[target[0]] = plain[target[1]].bound
        self._replacements.update(replacements)
        return None

    # -- rewriting ------------------------------------------------------------------------------

    def leave_ImportFrom(
        self, original_node: cst.ImportFrom, updated_node: cst.ImportFrom
    ) -> cst.ImportFrom:
        """Make ``from pkg.x import y`` relative.

        Args:
            original_node: The statement as parsed.
            updated_node: The statement with its children already rewritten.

        Returns:
            The relative statement, or the statement unchanged.
        """
        if updated_node.relative or updated_node.module is None:
            return updated_node
        dotted = _dotted(updated_node.module)
        form = self.index.relative_form(self.path, tuple(dotted.split("."))) if dotted else None
        if form is None:
            return updated_node
        self.changed = True
        return _relative_from(form, (), template=updated_node)

    def leave_Attribute(
        self, original_node: cst.Attribute, updated_node: cst.Attribute
    ) -> cst.BaseExpression:
        """Replace a use site ``pkg.mod`` with the name the new import binds.

        Args:
            original_node: The attribute chain as parsed.
            updated_node: The same with children rewritten.

        Returns:
            The replacement name, or the node unchanged.
        """
        name = self._replacements.get(original_node)
        if name is None:
            return updated_node
        return cst.Name(name, lpar=updated_node.lpar, rpar=updated_node.rpar)

    def leave_SimpleStatementLine(
        self,
        original_node: cst.SimpleStatementLine,
        updated_node: cst.SimpleStatementLine,
    ) -> cst.BaseStatement | cst.FlattenSentinel[cst.BaseStatement]:
        """Split ``import a, pkg.mod`` into its kept and its relative parts.

        Args:
            original_node: The line as parsed.
            updated_node: The line with its children rewritten.

        Returns:
            The line, or several lines when one import statement becomes several.
        """
        body = self._expanded_body(updated_node.body)
        if body is None:
            return updated_node
        if len(updated_node.body) == 1 and len(body) > 1:
            return cst.FlattenSentinel(
                [
                    updated_node.with_changes(
                        body=[statement.with_changes(semicolon=cst.MaybeSentinel.DEFAULT)],
                        leading_lines=updated_node.leading_lines if position == 0 else (),
                    )
                    for position, statement in enumerate(body)
                ]
            )
        return updated_node.with_changes(body=_with_semicolons(body))

    def leave_SimpleStatementSuite(
        self,
        original_node: cst.SimpleStatementSuite,
        updated_node: cst.SimpleStatementSuite,
    ) -> cst.SimpleStatementSuite:
        """Rewrite ``import pkg.mod`` after a colon on the same line (``if x: import ...``).

        Args:
            original_node: The suite as parsed.
            updated_node: The suite with its children rewritten.

        Returns:
            The suite, its statements separated by semicolons.
        """
        body = self._expanded_body(updated_node.body)
        if body is None:
            return updated_node
        return updated_node.with_changes(body=_with_semicolons(body))

    def _expanded_body(
        self,
        statements: Sequence[cst.BaseSmallStatement],
    ) -> list[cst.BaseSmallStatement] | None:
        """Return the statements with imports split, or ``None`` when nothing changes."""
        body: list[cst.BaseSmallStatement] = []
        for statement in statements:
            body.extend(
                self._split_import(statement) if isinstance(statement, cst.Import) else [statement]
            )
        if len(body) == len(statements) and all(
            new is old for new, old in zip(body, statements, strict=True)
        ):
            return None
        self.changed = True
        return body

    def _split_import(self, statement: cst.Import) -> list[cst.BaseSmallStatement]:
        """Turn ``import a, pkg.mod`` into ``import a`` and ``from . import mod``."""
        groups: list[list[cst.ImportAlias] | cst.ImportFrom] = []
        for alias in statement.names:
            converted = self._convert_alias(alias)
            if converted is not None:
                groups.append(converted)
            elif groups and isinstance(groups[-1], list):
                groups[-1].append(alias)
            else:
                groups.append([alias])
        if all(isinstance(group, list) for group in groups):
            return [statement]
        result: list[cst.BaseSmallStatement] = []
        for group in groups:
            if isinstance(group, list):
                names = [*group[:-1], group[-1].with_changes(comma=cst.MaybeSentinel.DEFAULT)]
                result.append(statement.with_changes(names=names))
            else:
                result.append(group.with_changes(semicolon=statement.semicolon))
        return result

    def _convert_alias(self, alias: cst.ImportAlias) -> cst.ImportFrom | None:
        """Return the relative import for one ``import pkg.mod [as m]`` alias, if internal."""
        dotted = _dotted(alias.name)
        if dotted is None:
            return None
        if alias.asname is not None:
            found = self.index.import_form(self.path, tuple(dotted.split(".")))
            if found is None:
                return None
            form, name = found
            new_alias = cst.ImportAlias(name=cst.Name(name), asname=alias.asname)
            return _relative_from(form, [new_alias])
        plain = self._plain.get(dotted)
        if plain is None:
            return None
        asname = cst.AsName(name=cst.Name(plain.bound)) if plain.bound != plain.name else None
        alias_node = cst.ImportAlias(name=cst.Name(plain.name), asname=asname)
        return _relative_from(plain.form, [alias_node])


def _with_semicolons(body: list[cst.BaseSmallStatement]) -> list[cst.BaseSmallStatement]:
    """Let libcst separate statements that share a line (the last keeps its own semicolon)."""
    last = len(body) - 1
    return [
        statement.with_changes(semicolon=cst.MaybeSentinel.DEFAULT)
        if position < last
        else statement
        for position, statement in enumerate(body)
    ]


def _import_statements(module: cst.Module) -> list[cst.Import]:
    """Return every ``import`` statement of a module, at any depth."""
    found: list[cst.Import] = []

    class _Collector(cst.CSTVisitor):
        def visit_Import(self, node: cst.Import) -> None:
            """Record the names an ``import`` binds (``import x as root`` blocks ``root``)."""
            found.append(node)

    module.visit(_Collector())
    return found
