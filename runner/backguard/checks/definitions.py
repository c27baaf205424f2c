"""The functions and classes of a module, with what the quality checks ask about them.

One walk over a module's ``def`` and ``class`` statements that knows each
one's owner class, whether it is nested in a function and whether it is
public, plus small questions the quality checks share: decorators, test code,
parameters, statements a function runs itself, and where a ``def`` line is.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import PurePosixPath

from ..discovery import SourceFile
from ..models import Region
from ..text import utf16_length
from .base import CheckContext

FunctionNode = ast.FunctionDef | ast.AsyncFunctionDef
DefinitionNode = ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef
NESTED_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)
CONFTEST = "conftest.py"
TEST_FOLDERS = frozenset({"test", "tests", "testing"})
ALEMBIC_REVISION_NAMES = frozenset({"revision", "down_revision"})
ALEMBIC_NAMES = ALEMBIC_REVISION_NAMES | {"branch_labels", "depends_on"}
ALEMBIC_FUNCTIONS = frozenset({"upgrade", "downgrade"})
TEST_HOOKS = frozenset(
    {
        "setUp",
        "tearDown",
        "setUpClass",
        "tearDownClass",
        "asyncSetUp",
        "asyncTearDown",
        "setUpModule",
        "tearDownModule",
        "setup_method",
        "teardown_method",
        "setup_class",
        "teardown_class",
        "setup_module",
        "teardown_module",
        "setup_function",
        "teardown_function",
    }
)


@dataclass(frozen=True)
class Definition:
    """One ``def`` or ``class`` statement and where it sits.

    Attributes:
        node: The statement.
        owner: The class whose body holds it directly, if any.
        in_function: Whether it is nested inside a function.
        scope_public: Whether every enclosing class is public (true at module level).
    """

    node: DefinitionNode
    owner: ast.ClassDef | None
    in_function: bool
    scope_public: bool

    @property
    def name(self) -> str:
        """Return the defined name."""
        return self.node.name

    @property
    def qualified_name(self) -> str:
        """Return ``Class.name`` for a method or nested class, else the bare name."""
        return f"{self.owner.name}.{self.name}" if self.owner else self.name

    @property
    def is_class(self) -> bool:
        """Tell whether this is a ``class`` statement."""
        return isinstance(self.node, ast.ClassDef)

    @property
    def is_method(self) -> bool:
        """Tell whether this is a function defined directly in a class body."""
        return self.owner is not None and not self.is_class

    @property
    def public(self) -> bool:
        """Tell whether the name is public: not ``_private``, not in a function."""
        private = self.in_function or self.name.startswith("_")
        return self.scope_public and not private


def is_alembic_migration(tree: ast.Module) -> bool:
    """Tell whether a module is an Alembic migration script.

    Alembic reads ``revision``, ``down_revision``, ``upgrade`` and ``downgrade``
    from these generated modules by name.

    Args:
        tree: The module's AST.

    Returns:
        ``True`` when the module assigns both ``revision`` and ``down_revision``.
    """
    assigned: set[str] = set()
    for statement in tree.body:
        if isinstance(statement, ast.Assign):
            targets = statement.targets
        elif isinstance(statement, ast.AnnAssign):
            targets = [statement.target]
        else:
            continue
        assigned.update(target.id for target in targets if isinstance(target, ast.Name))
    return ALEMBIC_REVISION_NAMES <= assigned


def walk_definitions(tree: ast.Module) -> Iterator[Definition]:
    """Yield every ``def`` and ``class`` of a module, outer ones first.

    Definitions under ``if``/``try``/``with``/loops count as if they were at
    the enclosing level (``if TYPE_CHECKING:`` blocks, import fallbacks).

    Args:
        tree: The module's AST.

    Yields:
        One :class:`Definition` per statement.
    """
    yield from _walk(tree.body, None, False, True)


def _walk(
    body: list[ast.stmt], owner: ast.ClassDef | None, in_function: bool, scope_public: bool
) -> Iterator[Definition]:
    for node in block_statements(body):
        if not isinstance(node, DefinitionNode):
            continue
        definition = Definition(node, owner, in_function, scope_public)
        yield definition
        if isinstance(node, ast.ClassDef):
            yield from _walk(node.body, node, in_function, definition.public)
        else:
            yield from _walk(node.body, None, True, False)


def block_statements(body: list[ast.stmt]) -> Iterator[ast.stmt]:
    """Yield a block's statements and those of its compound statements, scopes excluded.

    Args:
        body: A list of statements (a module, class or function body).

    Yields:
        Each statement; the bodies of nested functions and classes are not entered.
    """
    for statement in body:
        yield statement
        if isinstance(statement, NESTED_SCOPES):
            continue
        for block in child_blocks(statement):
            yield from block_statements(block)


def all_statements(body: list[ast.stmt]) -> Iterator[ast.stmt]:
    """Yield every statement under a body, nested functions and classes included.

    Statement-only questions (imports, ``global``) need not visit expressions,
    which are most of a tree's nodes.

    Args:
        body: A list of statements (usually a module's body).

    Yields:
        Each statement, depth first in source order.
    """
    stack = list(reversed(body))
    while stack:
        statement = stack.pop()
        yield statement
        for block in reversed(list(child_blocks(statement))):
            stack.extend(reversed(block))


def child_blocks(statement: ast.stmt) -> Iterator[list[ast.stmt]]:
    """Yield the statement lists directly inside a compound statement.

    Args:
        statement: Any statement.

    Yields:
        ``body``, ``orelse``, ``finalbody``, handler and ``case`` bodies that exist.
    """
    for field in ("body", "orelse", "finalbody"):
        block = getattr(statement, field, None)
        if isinstance(block, list):
            yield block
    for handler in getattr(statement, "handlers", ()):
        yield handler.body
    for case in getattr(statement, "cases", ()):
        yield case.body


def own_nodes(function: FunctionNode) -> Iterator[ast.AST]:
    """Yield the nodes of a function's body that run in its own scope.

    Nested functions, classes and lambdas are yielded but not entered.

    Args:
        function: A function definition.

    Yields:
        The body's nodes, depth first.
    """
    stack: list[ast.AST] = list(reversed(function.body))
    while stack:
        node = stack.pop()
        yield node
        if not isinstance(node, NESTED_SCOPES):
            stack.extend(reversed(_children(node)))


def _children(node: ast.AST) -> list[ast.AST]:
    """Return a node's children in ``ast.iter_child_nodes`` order, without ``ctx`` markers.

    A plain loop over ``_fields`` instead of the generator pair behind
    ``iter_child_nodes``: this runs for every node of every function body.
    """
    children: list[ast.AST] = []
    for name in node._fields:
        if name == "ctx":
            continue
        value = getattr(node, name, None)
        if isinstance(value, ast.AST):
            children.append(value)
        elif isinstance(value, list):
            children.extend(item for item in value if isinstance(item, ast.AST))
    return children


def dotted_name(node: ast.AST) -> str | None:
    """Return ``a.b.c`` for a name or attribute chain, else ``None``.

    Args:
        node: An expression.

    Returns:
        The dotted name, or ``None`` for anything else (calls, subscripts).
    """
    parts: list[str] = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return None
    parts.append(node.id)
    return ".".join(reversed(parts))


def decorator_names(node: DefinitionNode) -> frozenset[str]:
    """Return each decorator's dotted name and its last part.

    ``@pytest.fixture(scope="module")`` gives ``pytest.fixture`` and ``fixture``.

    Args:
        node: A function or class definition.

    Returns:
        The names.
    """
    names: set[str] = set()
    for decorator in node.decorator_list:
        target = decorator.func if isinstance(decorator, ast.Call) else decorator
        dotted = dotted_name(target)
        if dotted:
            names.update((dotted, dotted.rsplit(".", 1)[-1]))
    return frozenset(names)


def is_test_path(path: str) -> bool:
    """Tell whether a file is test code (pytest's naming or a ``tests`` folder).

    Args:
        path: A root-relative POSIX path.

    Returns:
        ``True`` for ``test_*.py``, ``*_test.py``, ``conftest.py`` and files under
        a ``test``/``tests``/``testing`` folder.
    """
    parts = PurePosixPath(path).parts
    name = parts[-1] if parts else ""
    if any(part in TEST_FOLDERS for part in parts[:-1]):
        return True
    return name.startswith("test_") or name.endswith("_test.py") or name == CONFTEST


def is_test_code(definition: Definition, path: str) -> bool:
    """Tell whether a definition is a test, a test class, a fixture or a test hook.

    Args:
        definition: A definition of the file.
        path: The file's root-relative path.

    Returns:
        ``True`` for ``test*`` functions, ``Test*`` classes, ``setUp``-style hooks
        and ``@pytest.fixture`` functions in test files.
    """
    if not is_test_path(path):
        return False
    name = definition.name
    if definition.is_class:
        return name.startswith("Test")
    is_test = name.startswith("test") or name in TEST_HOOKS
    return is_test or "fixture" in decorator_names(definition.node)


def has_implicit_first_parameter(definition: Definition) -> bool:
    """Tell whether the first parameter is ``self`` or ``cls`` (a non-static method).

    Args:
        definition: A function definition.

    Returns:
        ``True`` for methods other than static methods.
    """
    is_static = "staticmethod" in decorator_names(definition.node)
    return definition.is_method and not is_static


def parameters(definition: Definition) -> list[tuple[str, ast.arg]]:
    """Return a function's parameters in order, without ``self``/``cls``.

    Args:
        definition: A function definition.

    Returns:
        ``(display name, node)`` pairs; ``*args``/``**kwargs`` keep their stars.
    """
    node = definition.node
    if isinstance(node, ast.ClassDef):
        return []
    arguments = node.args
    positional = [*arguments.posonlyargs, *arguments.args]
    if has_implicit_first_parameter(definition):
        positional = positional[1:]
    found = [(argument.arg, argument) for argument in positional]
    if arguments.vararg:
        found.append((f"*{arguments.vararg.arg}", arguments.vararg))
    found.extend((argument.arg, argument) for argument in arguments.kwonlyargs)
    if arguments.kwarg:
        found.append((f"**{arguments.kwarg.arg}", arguments.kwarg))
    return found


def all_arguments(node: FunctionNode) -> list[ast.arg]:
    """Return every parameter of a function, ``self`` and stars included, in order.

    Args:
        node: A function definition.

    Returns:
        The parameters' nodes.
    """
    arguments = node.args
    found = [
        *arguments.posonlyargs,
        *arguments.args,
        arguments.vararg,
        *arguments.kwonlyargs,
        arguments.kwarg,
    ]
    return [argument for argument in found if argument is not None]


def definition_region(context: CheckContext, file: SourceFile, node: DefinitionNode) -> Region:
    """Return the region of ``def name`` / ``class Name`` on a definition's first line.

    Decorators are not included, so a ``# nosemgrep`` comment belongs on the
    ``def`` line.

    Args:
        context: The scan context (for the line's text).
        file: The file of the definition.
        node: The definition.

    Returns:
        The region, columns in UTF-16 code units.
    """
    text = context.line_text(file, node.lineno)
    prefix = text.encode("utf-8")[: node.col_offset].decode("utf-8", errors="ignore")
    start = len(prefix)
    keyword = r"class" if isinstance(node, ast.ClassDef) else r"(?:async\s+)?def"
    match = re.compile(rf"{keyword}\s+{re.escape(node.name)}\b").match(text, start)
    if match is None:
        return Region(node.lineno, utf16_length(text[:start]) + 1)
    return Region(
        node.lineno,
        utf16_length(text[:start]) + 1,
        node.lineno,
        utf16_length(text[: match.end()]) + 1,
    )
