"""``open-without-context-manager``: a file, socket or connection without ``with``.

A resource bound to a local name is fine when some later use in the same
scope releases it or hands it on: a ``with`` item, ``contextlib.closing``,
an ``ExitStack`` (``enter_context``, ``callback(handle.close)``), ``close()``
in a ``finally:`` block, ``return``/``yield`` to the caller, or storing it on
an object or in a container that owns it. Anything else is reported, as is a
resource opened and used in one expression (``open(path).read()``).
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from dataclasses import dataclass

from ..discovery import SourceFile
from ..models import Confidence, Engine, Finding, Profile, RuleInfo, Severity
from .base import CheckContext
from .definitions import NESTED_SCOPES, dotted_name

RULE = RuleInfo(
    id="open-without-context-manager",
    family="open-without-context-manager",
    summary="A file, socket, connection or temporary file is opened without `with`.",
    severity=Severity.WARNING,
    profile=Profile.QUALITY,
    engine=Engine.NATIVE,
    confidence=Confidence.MEDIUM,
    cwe=("CWE-772: Missing Release of Resource after Effective Lifetime",),
    references=(
        "https://docs.python.org/3/reference/compound_stmts.html#the-with-statement",
        "https://docs.python.org/3/library/contextlib.html#contextlib.closing",
        "https://docs.python.org/3/library/contextlib.html#contextlib.ExitStack",
        "https://peps.python.org/pep-0343/",
    ),
    docs="""\
## What it does

Flags a resource stored in a variable without a `with` block: `open()` (also
`io`/`codecs`/`gzip`/`bz2`/`lzma.open`), sockets (`socket.socket`,
`create_connection`, `create_server`), database connections (`sqlite3`,
`psycopg2`, `psycopg`, `pymysql`, `MySQLdb`), `tempfile` files and
directories, `zipfile.ZipFile` and `tarfile.open`, however they were imported.
A resource opened and used in one expression (`open(path).read()`) is
flagged too.

It does not flag a variable that is later, in the same function, used in
`with` (directly or through `contextlib.closing`), handed to an `ExitStack`
(`enter_context`, `callback(handle.close)`), closed in a `finally:` block,
returned or yielded to the caller, or stored for an owner that will close it,
directly or wrapped in a class (`self.file = handle`, `reader =
Reader(handle)`, `return Upload(file=handle)`, `open_files.append(handle)`,
`handles[key] = handle`); nor resources opened straight into an attribute
(`self.file = open(...)`, the owning object's job); nor `os.open`, which
returns a plain descriptor.

## Why is this bad?

Without `with`, the resource is released only when the code reaches
`close()`; an exception on the way leaks a file descriptor, a socket, a
database connection (and its locks or transaction) or a temporary file. A
server that leaks one per failing request eventually hits "too many open
files" or exhausts its connection pool. Relying on garbage collection to
close handles is an implementation detail of CPython and produces
`ResourceWarning`s.

## Example

```python
handle = open(path)
data = handle.read()
handle.close()

connection = sqlite3.connect("app.db")
rows = connection.execute("SELECT id FROM users").fetchall()
```

## Use instead

```python
with open(path) as handle:
    data = handle.read()

with contextlib.closing(sqlite3.connect("app.db")) as connection:
    rows = connection.execute("SELECT id FROM users").fetchall()
```

## References

- [Python reference: the `with` statement](https://docs.python.org/3/reference/compound_stmts.html#the-with-statement)
- [`contextlib.closing`](https://docs.python.org/3/library/contextlib.html#contextlib.closing)
- [`contextlib.ExitStack`](https://docs.python.org/3/library/contextlib.html#contextlib.ExitStack)
- [PEP 343: the "with" statement](https://peps.python.org/pep-0343/)
""",
)

OPENERS = frozenset(
    {
        "open",
        "io.open",
        "codecs.open",
        "gzip.open",
        "bz2.open",
        "lzma.open",
        "socket.socket",
        "socket.create_connection",
        "socket.create_server",
        "sqlite3.connect",
        "psycopg2.connect",
        "psycopg.connect",
        "pymysql.connect",
        "MySQLdb.connect",
        "tempfile.NamedTemporaryFile",
        "tempfile.TemporaryFile",
        "tempfile.SpooledTemporaryFile",
        "tempfile.TemporaryDirectory",
        "zipfile.ZipFile",
        "tarfile.open",
        "tarfile.TarFile",
    }
)
#: A file can open a resource only if one opener's last name appears in it: an attribute
#: call spells it out, and an alias is bound by an import that does. Files without any
#: are skipped before their (expensive) scope analysis.
_MAY_OPEN = re.compile(
    r"\b(?:" + "|".join(sorted({name.rsplit(".", 1)[-1] for name in OPENERS})) + r")\b"
)
#: Calls that take ownership of a handle passed to them.
OWNING_CALLS = frozenset({"enter_context", "closing", "append", "add", "push"})
#: Calls that take a handle's ``close`` method and call it later.
CLOSE_REGISTRARS = frozenset({"callback", "register", "addfinalizer", "finalize"})


@dataclass(frozen=True)
class Scope:
    """The nodes of one scope (a module or function body) and their parents.

    Attributes:
        parents: Each node's parent, nested scopes not entered.
        finally_nodes: Ids of the nodes inside a ``finally:`` block.
    """

    parents: dict[ast.AST, ast.AST]
    finally_nodes: frozenset[int]

    def ancestors(self, node: ast.AST) -> Iterator[ast.AST]:
        """Yield a node's parents, innermost first.

        Args:
            node: A node of the scope.

        Yields:
            Its parent, grandparent and so on up to the scope's statements.
        """
        while node in self.parents:
            node = self.parents[node]
            yield node


def build_scope(body: list[ast.stmt]) -> Scope:
    """Index a scope's nodes: parents and ``finally:`` membership.

    Args:
        body: The statements of a module or function.

    Returns:
        The scope index.
    """
    parents: dict[ast.AST, ast.AST] = {}
    in_finally: set[int] = set()
    stack: list[tuple[ast.AST, bool]] = [(statement, False) for statement in body]
    while stack:
        node, inside_finally = stack.pop()
        if inside_finally:
            in_finally.add(id(node))
        if isinstance(node, NESTED_SCOPES):
            continue
        final_body = {id(item) for item in getattr(node, "finalbody", [])}
        for child in ast.iter_child_nodes(node):
            parents[child] = node
            stack.append((child, inside_finally or id(child) in final_body))
    return Scope(parents, frozenset(in_finally))


def import_origins(tree: ast.Module) -> dict[str, str]:
    """Map each imported local name to the dotted name it stands for.

    Args:
        tree: The module's AST.

    Returns:
        ``{"sq": "sqlite3", "connect": "sqlite3.connect", ...}``.
    """
    origins: dict[str, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                local = alias.asname or alias.name.split(".", 1)[0]
                origins[local] = alias.name if alias.asname else local
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            for alias in node.names:
                origins[alias.asname or alias.name] = f"{node.module}.{alias.name}"
    return origins


def opened_resource(node: ast.AST | None, origins: dict[str, str]) -> str | None:
    """Name the resource a call opens, resolving import aliases.

    Args:
        node: Any expression.
        origins: The module's import origins.

    Returns:
        The opener's dotted name (``sqlite3.connect``) or ``None``.
    """
    if not isinstance(node, ast.Call):
        return None
    dotted = dotted_name(node.func)
    if dotted is None:
        return None
    head, _, rest = dotted.partition(".")
    origin = origins.get(head, head)
    resolved = f"{origin}.{rest}" if rest else origin
    return resolved if resolved in OPENERS else None


def _call_name(node: ast.AST | None) -> str:
    if isinstance(node, ast.Call):
        dotted = dotted_name(node.func) or ""
        return dotted.rsplit(".", 1)[-1]
    return ""


def _is_argument(call: ast.AST | None, node: ast.AST) -> bool:
    """Tell whether ``node`` is a direct positional or keyword argument of ``call``."""
    if not isinstance(call, ast.Call):
        return False
    return node in call.args or any(keyword.value is node for keyword in call.keywords)


def releases(use: ast.Name, scope: Scope) -> bool:
    """Tell whether one use of a handle releases it or hands it on to an owner.

    Args:
        use: A ``Name`` node reading the handle.
        scope: The scope's index.

    Returns:
        ``True`` for ``with``, ``closing``/``ExitStack``, ``close()`` in
        ``finally``, ``return``/``yield`` and storing it on an owner.
    """
    chain = [node for node in (use, *scope.ancestors(use)) if not isinstance(node, ast.keyword)]
    if any(isinstance(node, ast.withitem) for node in chain):
        return True
    parent = chain[1] if len(chain) > 1 else None
    grandparent = chain[2] if len(chain) > 2 else None
    if _is_argument(parent, use):
        if _call_name(parent) in OWNING_CALLS:
            return True
        wrapped = _call_name(parent)[:1].isupper()
        return wrapped and _hands_on(grandparent, parent)
    if isinstance(parent, ast.Attribute) and parent.attr == "close":
        return _closes_later(parent, grandparent, scope)
    if isinstance(parent, ast.Tuple):
        return _hands_on(grandparent, parent)
    return _hands_on(parent, use)


def _closes_later(method: ast.Attribute, holder: ast.AST | None, scope: Scope) -> bool:
    """Tell whether ``handle.close`` is called in ``finally`` or registered."""
    if isinstance(holder, ast.Call) and holder.func is method:
        return id(holder) in scope.finally_nodes
    return _is_argument(holder, method) and _call_name(holder) in CLOSE_REGISTRARS


def _hands_on(holder: ast.AST | None, value: ast.AST) -> bool:
    """Tell whether ``holder`` returns, yields or stores ``value`` somewhere else.

    Stored anywhere (``self.file = handle``, ``reader = Reader(handle)``,
    ``other = handle``), the handle belongs to the new owner, which this
    check does not follow.
    """
    if isinstance(holder, ast.Return | ast.Yield | ast.Assign | ast.AnnAssign):
        return holder.value is value
    return False


@dataclass(frozen=True)
class Opened:
    """A resource bound to a local name.

    Attributes:
        name: The variable.
        call: The opening call.
        opener: The opener's dotted name.
    """

    name: str
    call: ast.Call
    opener: str


def _bound_resource(node: ast.AST, origins: dict[str, str]) -> Opened | None:
    if isinstance(node, ast.Assign) and len(node.targets) == 1:
        target, value = node.targets[0], node.value
    elif isinstance(node, ast.AnnAssign) and node.value is not None:
        target, value = node.target, node.value
    else:
        return None
    opener = opened_resource(value, origins)
    if opener is None or not isinstance(target, ast.Name):
        return None
    if not isinstance(value, ast.Call):
        return None
    return Opened(target.id, value, opener)


def leaked_resources(body: list[ast.stmt], origins: dict[str, str]) -> list[Opened]:
    """Find the resources of one scope that are neither released nor handed on.

    Args:
        body: The statements of a module or function.
        origins: The module's import origins.

    Returns:
        The leaked resources, in source order.
    """
    scope = build_scope(body)
    nodes = list(scope.parents) + list(body)
    opened = [found for node in nodes if (found := _bound_resource(node, origins))]
    leaked = []
    for resource in opened:
        after = (resource.call.lineno, resource.call.col_offset)
        uses = [
            node
            for node in nodes
            if isinstance(node, ast.Name)
            and node.id == resource.name
            and isinstance(node.ctx, ast.Load)
            and (node.lineno, node.col_offset) > after
        ]
        if not any(releases(use, scope) for use in uses):
            leaked.append(resource)
    return sorted(leaked, key=lambda item: (item.call.lineno, item.call.col_offset))


def used_in_passing(tree: ast.Module, origins: dict[str, str]) -> list[tuple[ast.Call, str]]:
    """Find resources opened and used in one expression (``open(path).read()``).

    Args:
        tree: The module's AST.
        origins: The module's import origins.

    Returns:
        ``(opening call, opener)`` pairs.
    """
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Call):
            opener = opened_resource(node.value, origins)
            if opener is not None:
                found.append((node.value, opener))
    return found


def scope_bodies(tree: ast.Module) -> Iterator[list[ast.stmt]]:
    """Yield the module body and the body of every function in it.

    Args:
        tree: The module's AST.

    Yields:
        Statement lists, one per scope.
    """
    yield tree.body
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            yield node.body


class OpenWithoutContextManager:
    """Finds files, sockets and connections opened without ``with``."""

    rules = (RULE,)
    layout_sensitive = False

    def run(self, context: CheckContext) -> list[Finding]:
        """Check every Python file's scopes.

        Args:
            context: The shared scan context.

        Returns:
            One finding per leaked resource, at the opening call.
        """
        findings: list[Finding] = []
        for file in context.python_files_in_focus():
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
        text = context.read_text(file)
        if text is None or not _MAY_OPEN.search(text):
            return []
        tree = context.parse_python(file)
        if tree is None:
            return []
        origins = import_origins(tree)
        problems = used_in_passing(tree, origins)
        for body in scope_bodies(tree):
            problems.extend((item.call, item.opener) for item in leaked_resources(body, origins))
        return [
            context.finding(
                RULE,
                file.path,
                context.region_of(file, call),
                f"'{opener}(...)' is opened without a `with` block, so it is not "
                "closed when an exception is raised before close(). Open it in "
                "`with ...:` (or use contextlib.closing / an ExitStack).",
            )
            for call, opener in problems
        ]
