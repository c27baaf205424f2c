"""``naming-convention``: PEP 8 names for functions, classes, variables and constants.

Functions, methods, parameters and variables are ``snake_case``, classes
``PascalCase`` and module constants (a module-level name bound once to a
literal) ``UPPER_SNAKE_CASE``. Only names a project chooses are checked:
imports, class attributes (often mirroring external field names) and names
that overriding a library method forces (``setUp``, ``visit_Name``,
``do_GET``, gRPC servicer methods, ``@override`` methods) are left alone.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import PurePosixPath

from ..discovery import SourceFile
from ..models import Confidence, Engine, Finding, Profile, Region, RuleInfo, Severity
from ..text import utf16_length
from .base import CheckContext
from .definitions import ALEMBIC_NAMES, TEST_HOOKS, Definition, DefinitionNode
from .definitions import all_arguments, is_alembic_migration
from .definitions import all_statements, block_statements, decorator_names
from .definitions import definition_region, dotted_name, own_nodes, walk_definitions

RULE = RuleInfo(
    id="naming-convention",
    family="naming-convention",
    summary="A function or variable is not snake_case, a class not PascalCase, "
    "or a module constant not UPPER_SNAKE_CASE.",
    severity=Severity.WARNING,
    profile=Profile.QUALITY,
    engine=Engine.NATIVE,
    confidence=Confidence.HIGH,
    references=(
        "https://peps.python.org/pep-0008/#naming-conventions",
        "https://google.github.io/styleguide/pyguide.html#316-naming",
    ),
    docs="""\
## What it does

Checks the names a project chooses against PEP 8:

- functions, methods, parameters and local variables: `snake_case` (a local
  may also be `UPPER_SNAKE_CASE`, or `PascalCase` when it holds a class or
  other computed value);
- classes: `PascalCase`;
- module constants, that is module-level names bound once to a literal
  (number, string, bytes, boolean, tuple of those) and never declared
  `global`: `UPPER_SNAKE_CASE`; other module-level names may be `snake_case`,
  `UPPER_SNAKE_CASE` or `PascalCase` (type aliases).

Each name is reported once per scope, with a suggested spelling. Not
checked: imports; class attributes; dunder names; `TypeVar`, `NewType`,
`namedtuple`, `TypedDict` and functional `Enum` assignments; methods whose
name a library dictates (`setUp`/`tearDown` and unittest hooks,
`assertSomething` helpers, logging's `formatTime`/`handleError`, SAX
handlers, `visit_Name`/`leave_Name`/`depart_x` visitor methods, `do_GET`
request handlers, PascalCase methods of gRPC `...Servicer` subclasses, any
`@override` method) and their parameters; tool configuration files read by
attribute name (`conf.py`, `gunicorn.conf.py`, `celeryconfig.py`) and
Alembic's `revision`/`down_revision`/`branch_labels`/`depends_on` in
migration scripts; generated protobuf modules (`*_pb2.py`, `*_pb2_grpc.py`);
type stubs (`.pyi`), whose names mirror the library they describe.

## Why is this bad?

Consistent names tell the reader what a name is before they look it up: a
`PascalCase` name is a class, an `UPPER_SNAKE_CASE` name is a constant that
will not change, a `snake_case` name is a function or variable. Mixed styles
(`getUser`, `user_model` as a class, `maxRetries = 3`) break that signal and
the expectations of linters, IDEs and every other Python library.

## Example

```python
maxRetries = 3

class user_repository:
    def getUser(self, userId: int) -> User: ...
```

## Use instead

```python
MAX_RETRIES = 3

class UserRepository:
    def get_user(self, user_id: int) -> User: ...
```

## References

- [PEP 8: naming conventions](https://peps.python.org/pep-0008/#naming-conventions)
- [Google Python Style Guide: naming](https://google.github.io/styleguide/pyguide.html#316-naming)
""",
)

TYPE_FACTORIES = frozenset(
    {
        "TypeVar",
        "ParamSpec",
        "TypeVarTuple",
        "NewType",
        "TypeAliasType",
        "namedtuple",
        "NamedTuple",
        "TypedDict",
        "Enum",
        "IntEnum",
        "StrEnum",
        "Flag",
        "IntFlag",
    }
)
LIBRARY_METHODS = TEST_HOOKS | {
    "runTest",
    "shortDescription",
    "countTestCases",
    "defaultTestResult",
    "subTest",
    "handleError",
    "formatTime",
    "formatException",
    "formatStack",
    "formatMessage",
    "usesTime",
    "setDocumentLocator",
    "startDocument",
    "endDocument",
    "startPrefixMapping",
    "endPrefixMapping",
    "startElement",
    "endElement",
    "startElementNS",
    "endElementNS",
    "ignorableWhitespace",
    "processingInstruction",
    "skippedEntity",
    "notationDecl",
    "unparsedEntityDecl",
    "resolveEntity",
    "fatalError",
}
DISPATCH_METHOD = re.compile(r"^(?:visit|leave|depart|do|on|handle)_\w+$")
ASSERT_HELPER = re.compile(r"^assert[A-Z]\w*$")
CONFIG_MODULES = frozenset(
    {
        "conf.py",
        "gunicorn.conf.py",
        "gunicorn_conf.py",
        "gunicorn_config.py",
        "celeryconfig.py",
        "celery_config.py",
    }
)
#: Generated code, and type stubs whose names mirror the library they describe.
SKIPPED_SUFFIXES = ("_pb2.py", "_pb2_grpc.py", ".pyi")
ANNOTATIONS_NOT_CHECKED = frozenset({"TypeAlias", "ClassVar"})


@dataclass(frozen=True)
class Binding:
    """One place a name is bound.

    Attributes:
        name: The bound name.
        node: Where to report it.
        value: The assigned expression when the name alone is the target.
        annotation: The annotation's last name part (``Final``, ``TypeAlias``).
        imported: Whether an import binds it (its spelling comes from elsewhere).
    """

    name: str
    node: ast.AST
    value: ast.expr | None = None
    annotation: str | None = None
    imported: bool = False


@dataclass(frozen=True)
class NameProblem:
    """A name that breaks the convention for its kind.

    Attributes:
        node: Where it is bound.
        kind: ``Function``, ``Class``, ``Parameter``, ``Variable``, ...
        name: The name.
        style: The expected style.
        suggestion: The name in that style.
    """

    node: ast.AST
    kind: str
    name: str
    style: str
    suggestion: str

    @property
    def message(self) -> str:
        """Return the finding's message."""
        text = f"{self.kind} '{self.name}' is not {self.style}"
        if self.suggestion == self.name:
            return f"{text}."
        return f"{text}: rename it to '{self.suggestion}'."


def _core(name: str) -> tuple[str, str]:
    core = name.lstrip("_")
    return name[: len(name) - len(core)], core


def is_snake(name: str) -> bool:
    """Tell whether a name has no upper-case letter (``snake_case``, ``_private``).

    Args:
        name: An identifier.

    Returns:
        ``True`` for snake case.
    """
    return name == name.lower()


def is_upper(name: str) -> bool:
    """Tell whether a name has no lower-case letter (``UPPER_SNAKE_CASE``).

    Args:
        name: An identifier.

    Returns:
        ``True`` for upper snake case.
    """
    return name == name.upper()


def is_pascal(name: str) -> bool:
    """Tell whether a name is ``PascalCase`` (leading underscores allowed).

    Args:
        name: An identifier.

    Returns:
        ``True`` when it starts with a capital and has no inner underscore.
    """
    core = _core(name)[1]
    return core[:1].isupper() and "_" not in core


def to_snake(name: str) -> str:
    """Spell a name in ``snake_case`` (``getHTTPResponse`` -> ``get_http_response``).

    Args:
        name: An identifier.

    Returns:
        The suggestion.
    """
    prefix, core = _core(name)
    words = re.sub(r"([A-Z]+)([A-Z][a-z])", r"\1_\2", core)
    words = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", words)
    return prefix + re.sub(r"_+", "_", words).lower()


def to_pascal(name: str) -> str:
    """Spell a name in ``PascalCase`` (``user_model`` -> ``UserModel``).

    Args:
        name: An identifier.

    Returns:
        The suggestion.
    """
    prefix, core = _core(name)
    return prefix + "".join(part[:1].upper() + part[1:] for part in core.split("_"))


def is_literal(node: ast.expr | None) -> bool:
    """Tell whether an expression is a constant literal (not ``None``).

    Args:
        node: An expression, or ``None``.

    Returns:
        ``True`` for numbers, strings, bytes, booleans, signed numbers and tuples
        of those.
    """
    if isinstance(node, ast.Constant):
        return node.value is not None and node.value is not Ellipsis
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub | ast.UAdd):
        return is_literal(node.operand)
    if isinstance(node, ast.Tuple):
        return bool(node.elts) and all(is_literal(item) for item in node.elts)
    return False


def is_type_factory(node: ast.expr | None) -> bool:
    """Tell whether an expression calls ``TypeVar``, ``NewType``, ``namedtuple``...

    Args:
        node: An expression, or ``None``.

    Returns:
        ``True`` for a call whose name may be anything its type needs.
    """
    if not isinstance(node, ast.Call):
        return False
    dotted = dotted_name(node.func) or ""
    return dotted.rsplit(".", 1)[-1] in TYPE_FACTORIES


def target_names(target: ast.expr) -> Iterator[ast.Name]:
    """Yield the plain names an assignment target binds (unpacking included).

    Args:
        target: An assignment, loop or ``with`` target.

    Yields:
        Each ``Name`` node; attributes and subscripts bind no name.
    """
    if isinstance(target, ast.Name):
        yield target
    elif isinstance(target, ast.Tuple | ast.List):
        for item in target.elts:
            yield from target_names(item)
    elif isinstance(target, ast.Starred):
        yield from target_names(target.value)


def bindings_of(node: ast.AST) -> Iterator[Binding]:
    """Yield the names a node binds (assignments, loops, ``with``, ``except``, ``:=``).

    Args:
        node: Any node.

    Yields:
        One binding per bound name; imports are not yielded.
    """
    if isinstance(node, ast.Assign):
        yield from _assignment_bindings(node)
    elif isinstance(node, ast.AnnAssign):
        yield from _annotated_bindings(node)
    elif isinstance(node, ast.For | ast.AsyncFor | ast.comprehension | ast.NamedExpr):
        yield from (Binding(name.id, name) for name in target_names(node.target))
    elif isinstance(node, ast.With | ast.AsyncWith):
        targets = [item.optional_vars for item in node.items if item.optional_vars]
        yield from (Binding(name.id, name) for target in targets for name in target_names(target))
    elif isinstance(node, ast.ExceptHandler) and node.name:
        yield Binding(node.name, node)


def _assignment_bindings(node: ast.Assign) -> Iterator[Binding]:
    single = len(node.targets) == 1 and isinstance(node.targets[0], ast.Name)
    for target in node.targets:
        for name in target_names(target):
            yield Binding(name.id, name, node.value if single else None)


def _annotated_bindings(node: ast.AnnAssign) -> Iterator[Binding]:
    if not isinstance(node.target, ast.Name):
        return
    annotation = node.annotation
    if isinstance(annotation, ast.Subscript):
        annotation = annotation.value
    short = (dotted_name(annotation) or "").rsplit(".", 1)[-1]
    yield Binding(node.target.id, node.target, node.value, short)


def local_problem(binding: Binding) -> NameProblem | None:
    """Judge a variable bound inside a function.

    Args:
        binding: The variable's first binding in the function.

    Returns:
        The problem, or ``None`` when the name is fine.
    """
    name = binding.name
    if is_snake(name) or is_upper(name) or is_type_factory(binding.value):
        return None
    if is_pascal(name) and binding.value is not None and not is_literal(binding.value):
        return None
    return NameProblem(binding.node, "Variable", name, "snake_case", to_snake(name))


def module_problem(binding: Binding, constant: bool) -> NameProblem | None:
    """Judge a module-level name.

    Args:
        binding: The name's first module-level binding.
        constant: Whether it is a module constant (bound once, to a literal).

    Returns:
        The problem, or ``None`` when the name is fine.
    """
    name = binding.name
    if binding.annotation in ANNOTATIONS_NOT_CHECKED or is_type_factory(binding.value):
        return None
    if constant:
        if is_upper(name):
            return None
        return NameProblem(
            binding.node, "Module constant", name, "UPPER_SNAKE_CASE", to_snake(name).upper()
        )
    if is_snake(name) or is_upper(name) or is_pascal(name):
        return None
    return NameProblem(binding.node, "Variable", name, "snake_case", to_snake(name))


def is_library_method(definition: Definition) -> bool:
    """Tell whether a function's name is dictated by a library it overrides or serves.

    Args:
        definition: A function definition.

    Returns:
        ``True`` for unittest/logging/SAX hooks, visitor and handler dispatch
        methods, gRPC servicer methods and ``@override`` methods.
    """
    name = definition.name
    if name in LIBRARY_METHODS or "override" in decorator_names(definition.node):
        return True
    if not definition.is_method or definition.owner is None:
        return False
    if DISPATCH_METHOD.match(name) or ASSERT_HELPER.match(name):
        return True
    bases = [dotted_name(base) or "" for base in definition.owner.bases]
    return is_pascal(name) and any(base.endswith("Servicer") for base in bases)


def definition_problems(definition: Definition) -> list[NameProblem]:
    """Judge a definition's own name and, for functions, its parameters.

    Args:
        definition: A function or class definition.

    Returns:
        The problems found.
    """
    node = definition.node
    if isinstance(node, ast.ClassDef):
        if is_pascal(node.name):
            return []
        suggestion = to_pascal(node.name)
        return [NameProblem(node, "Class", node.name, "PascalCase", suggestion)]
    if is_library_method(definition):
        return []
    problems = []
    if not is_snake(node.name):
        kind = "Method" if definition.is_method else "Function"
        suggestion = to_snake(node.name)
        problems.append(NameProblem(node, kind, node.name, "snake_case", suggestion))
    for argument in all_arguments(node):
        if not is_snake(argument.arg):
            problems.append(
                NameProblem(
                    argument, "Parameter", argument.arg, "snake_case", to_snake(argument.arg)
                )
            )
    return problems


def function_variable_problems(definition: Definition) -> list[NameProblem]:
    """Judge the variables a function binds in its own scope, once per name.

    Args:
        definition: A function definition.

    Returns:
        The problems found.
    """
    node = definition.node
    if isinstance(node, ast.ClassDef) or is_library_method(definition):
        return []
    nodes = list(own_nodes(node))
    outer = {
        name for item in nodes if isinstance(item, ast.Global | ast.Nonlocal) for name in item.names
    }
    seen: set[str] = outer | {argument.arg for argument in all_arguments(node)}
    problems = []
    for item in nodes:
        for binding in bindings_of(item):
            if binding.name in seen:
                continue
            seen.add(binding.name)
            problem = local_problem(binding)
            if problem:
                problems.append(problem)
    return problems


def module_variable_problems(tree: ast.Module) -> list[NameProblem]:
    """Judge module-level names: constants and other variables.

    Args:
        tree: The module's AST.

    Returns:
        The problems found, once per name.
    """
    declared_global = {
        name
        for node in all_statements(tree.body)
        if isinstance(node, ast.Global)
        for name in node.names
    }
    found: dict[str, list[Binding]] = {}
    for statement in block_statements(tree.body):
        for binding in _module_bindings(statement):
            found.setdefault(binding.name, []).append(binding)
    problems = []
    for name, bindings in found.items():
        first = bindings[0]
        is_dunder = name.startswith("__") and name.endswith("__")
        if is_dunder or not name.strip("_") or first.imported:
            continue
        bound_once = len(bindings) == 1 or first.annotation == "Final"
        changeable = name in declared_global or not bound_once
        constant = not changeable and is_literal(first.value)
        problem = module_problem(first, constant)
        if problem:
            problems.append(problem)
    return problems


def _module_bindings(statement: ast.stmt) -> Iterator[Binding]:
    if isinstance(statement, ast.Import | ast.ImportFrom):
        for alias in statement.names:
            bound = alias.asname or alias.name.split(".", 1)[0]
            yield Binding(bound, statement, imported=True)
        return
    if isinstance(statement, ast.AugAssign) and isinstance(statement.target, ast.Name):
        yield Binding(statement.target.id, statement.target)
        return
    if isinstance(statement, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
        return
    yield from bindings_of(statement)
    for handler in getattr(statement, "handlers", ()):
        yield from bindings_of(handler)


class NamingConvention:
    """Finds names that break PEP 8's naming conventions."""

    rules = (RULE,)
    layout_sensitive = False

    def run(self, context: CheckContext) -> list[Finding]:
        """Check every Python file's functions, classes, parameters and variables.

        Args:
            context: The shared scan context.

        Returns:
            One finding per badly named name and scope.
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
        if file.path.endswith(SKIPPED_SUFFIXES):
            return []
        tree = context.parse_python(file)
        if tree is None:
            return []
        return self._report(context, file, naming_problems(file, tree))

    @staticmethod
    def _report(
        context: CheckContext, file: SourceFile, problems: list[NameProblem]
    ) -> list[Finding]:
        findings = []
        for problem in problems:
            region = name_region(context, file, problem)
            findings.append(context.finding(RULE, file.path, region, problem.message))
        return findings


def name_region(context: CheckContext, file: SourceFile, problem: NameProblem) -> Region:
    """Return the region of the badly spelled name itself.

    Args:
        context: The scan context (for line texts).
        file: The problem's file.
        problem: The problem.

    Returns:
        The name's region; an ``except ... as name`` clause without a findable
        name gets its first line.
    """
    node = problem.node
    if isinstance(node, DefinitionNode):
        return definition_region(context, file, node)
    if isinstance(node, ast.arg | ast.Name):
        start = context.region_of(file, node).start_column
        end = start + utf16_length(problem.name)
        return Region(node.lineno, start, node.lineno, end)
    line = getattr(node, "lineno", 1)
    text = context.line_text(file, line)
    found = re.search(rf"\bas\s+({re.escape(problem.name)})\b", text)
    if found is None:
        return Region(line)
    start = utf16_length(text[: found.start(1)]) + 1
    return Region(line, start, line, start + utf16_length(problem.name))


def naming_problems(file: SourceFile, tree: ast.Module) -> list[NameProblem]:
    """Collect every naming problem of one module.

    Args:
        file: The module's file (its name exempts tool configuration files).
        tree: The module's AST.

    Returns:
        The problems, module-level names first.
    """
    problems = []
    if PurePosixPath(file.path).name not in CONFIG_MODULES:
        migration = is_alembic_migration(tree)
        problems.extend(
            problem
            for problem in module_variable_problems(tree)
            if not (migration and problem.name in ALEMBIC_NAMES)
        )
    for definition in walk_definitions(tree):
        problems.extend(definition_problems(definition))
        problems.extend(function_variable_problems(definition))
    return problems
