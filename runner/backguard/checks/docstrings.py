"""``missing-docstring`` and ``docstring-missing-sections``: Google-style docstrings.

``missing-docstring`` wants a docstring on every module, public class and
public function or method. ``docstring-missing-sections`` reads the docstrings
of public functions and wants the Google sections their code calls for:
``Args:`` naming every parameter, ``Returns:``/``Yields:`` when a value comes
back, ``Raises:`` when the function raises.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from ..discovery import SourceFile
from ..models import Confidence, Engine, Finding, Profile, Region, RuleInfo, Severity
from .base import CheckContext
from .definitions import ALEMBIC_FUNCTIONS, NESTED_SCOPES, Definition, FunctionNode
from .definitions import child_blocks, is_alembic_migration
from .definitions import decorator_names, definition_region, dotted_name, is_test_code
from .definitions import own_nodes, parameters, walk_definitions

GOOGLE_STYLE_URL = "https://google.github.io/styleguide/pyguide.html#38-comments-and-docstrings"

MISSING_RULE = RuleInfo(
    id="missing-docstring",
    family="missing-docstring",
    summary="A module, public class or public function has no docstring.",
    severity=Severity.WARNING,
    profile=Profile.QUALITY,
    engine=Engine.NATIVE,
    confidence=Confidence.HIGH,
    references=(GOOGLE_STYLE_URL, "https://peps.python.org/pep-0257/"),
    docs=f"""\
## What it does

Flags a module with code but no docstring, a public class without one, and a
public function or method without one. Public means the name and every class
around it do not start with `_` and it is not nested in a function.

Not flagged: `_private` names; dunder methods, except `__init__` when its
class has no docstring either (the constructor's arguments must be documented
somewhere); `@overload` stubs, `@override` methods and property setters and
deleters, which share the documented definition's docstring; tests, test
classes, test hooks and fixtures in test files; empty modules; type stubs
(`.pyi`); the generated `upgrade`/`downgrade` functions of Alembic migration
scripts.

## Why is this bad?

The docstring is the contract a caller reads in their editor, in `help()`
and in generated API documentation. Without it the reader has to open the
implementation to learn what a module is for, what a class represents or
what a function promises, and the knowledge stays in the author's head.

## Example

```python
class RateLimiter:
    def allow(self, key: str) -> bool:
        ...
```

## Use instead

```python
class RateLimiter:
    \"\"\"A token bucket per client key, refilled once per second.\"\"\"

    def allow(self, key: str) -> bool:
        \"\"\"Take one token for a client.

        Args:
            key: The client's identifier (API key or IP address).

        Returns:
            ``True`` if the request may proceed.
        \"\"\"
        ...
```

## References

- [Google Python Style Guide: comments and docstrings]({GOOGLE_STYLE_URL})
- [PEP 257: docstring conventions](https://peps.python.org/pep-0257/)
""",
)

SECTIONS_RULE = RuleInfo(
    id="docstring-missing-sections",
    family="docstring-missing-sections",
    summary="A public function's docstring lacks Args:, Returns: or Raises: sections.",
    severity=Severity.NOTE,
    profile=Profile.QUALITY,
    engine=Engine.NATIVE,
    confidence=Confidence.MEDIUM,
    references=(GOOGLE_STYLE_URL, "https://sphinxcontrib-napoleon.readthedocs.io/"),
    docs=f"""\
## What it does

Reads the docstring of every public function and method (and of `__init__`,
`__new__` and `__call__`) and reports, once per function, the Google-style
sections its code calls for but the docstring lacks:

- `Args:` (or `Arguments:`, `Parameters:`, `Keyword Args:`) with an entry for
  every parameter except `self`/`cls`; `*args` and `**kwargs` may be written
  with or without their stars;
- `Returns:` or `Yields:` when the function returns or yields a value (a bare
  `return`/`yield` or `return None` needs none). As the Google guide allows,
  a docstring whose summary starts with "Return"/"Yield" already describes the
  value;
- `Raises:` when the function raises an exception itself. Re-raising with a
  bare `raise`, `raise NotImplementedError` in abstract stubs and exceptions
  caught by an enclosing `try` in the same function do not count.

Not checked: functions without a docstring (see `missing-docstring`),
private and nested functions, properties, `@overload` and `@override`
definitions, docstrings that say "See base class.", tests and fixtures, and
web-route and CLI-command handlers (`@app.get(...)`, `@router.post(...)`,
`@app.command()`, `@click.group()`), whose docstring is published as the
endpoint's description or the command's `--help` text.

## Why is this bad?

A summary line alone leaves out what callers need most: what each argument
means, what comes back, and which errors to handle. Google-style sections put
that in a fixed place that editors, `help()` and documentation generators
(Sphinx napoleon, mkdocstrings) render as structured text.

## Example

```python
def transfer(source: Account, target: Account, amount: Decimal) -> Receipt:
    \"\"\"Move money between two accounts.\"\"\"
    if amount <= 0:
        raise ValueError("amount must be positive")
    ...
    return receipt
```

## Use instead

```python
def transfer(source: Account, target: Account, amount: Decimal) -> Receipt:
    \"\"\"Move money between two accounts.

    Args:
        source: The account to debit.
        target: The account to credit.
        amount: How much to move; must be positive.

    Returns:
        The receipt of the booked transfer.

    Raises:
        ValueError: If the amount is zero or negative.
    \"\"\"
```

## References

- [Google Python Style Guide: functions and methods]({GOOGLE_STYLE_URL})
- [Sphinx napoleon: Google-style sections](https://sphinxcontrib-napoleon.readthedocs.io/)
""",
)

ARGUMENT_SECTIONS = frozenset(
    {
        "args",
        "arguments",
        "parameters",
        "params",
        "keyword args",
        "keyword arguments",
        "other parameters",
    }
)
RETURN_SECTIONS = frozenset({"returns", "return", "yields", "yield"})
RAISE_SECTIONS = frozenset({"raises", "raise", "exceptions"})
OTHER_SECTIONS = frozenset(
    {
        "attributes",
        "example",
        "examples",
        "note",
        "notes",
        "todo",
        "warning",
        "warnings",
        "warns",
        "see also",
        "references",
        "methods",
        "caution",
        "danger",
        "tip",
        "hint",
        "important",
        "attention",
        "usage",
    }
)
KNOWN_SECTIONS = ARGUMENT_SECTIONS | RETURN_SECTIONS | RAISE_SECTIONS | OTHER_SECTIONS
SECTION_HEADER = re.compile(r"^\s*([A-Za-z][A-Za-z ]*?)\s*:\s*$")
ARGUMENT_ENTRY = re.compile(r"^\s*\**([A-Za-z_]\w*)\s*(?:\([^)]*\))?\s*:")
RETURN_SUMMARY = re.compile(r"^\s*(?:returns?|yields?)\b", re.IGNORECASE)

#: Definitions that share the docstring of another one.
SHARED_DOCSTRING = frozenset({"overload", "override", "setter", "deleter"})
#: Decorators whose functions are documented elsewhere or are attributes.
SECTIONS_EXEMPT = SHARED_DOCSTRING | {"property", "cached_property", "fixture"}
DOCUMENTED_DUNDERS = frozenset({"__init__", "__new__", "__call__"})
ROUTE_DECORATORS = frozenset(
    {
        "get",
        "post",
        "put",
        "patch",
        "delete",
        "head",
        "options",
        "trace",
        "api_route",
        "websocket",
        "route",
    }
)
CLI_DECORATORS = frozenset({"command", "callback", "group"})
CATCH_ALL = "*"
STUB_SUFFIX = ".pyi"


@dataclass
class DocstringSections:
    """What a Google-style docstring documents.

    Attributes:
        headers: The section names found, lower case (``args``, ``returns``).
        arguments: Parameter names with an entry in an arguments section, no stars.
    """

    headers: set[str] = field(default_factory=set)
    arguments: set[str] = field(default_factory=set)


def parse_sections(docstring: str) -> DocstringSections:
    """Find the Google-style sections of a docstring and the parameters it documents.

    Args:
        docstring: The cleaned docstring (``ast.get_docstring``).

    Returns:
        The sections and documented parameter names.
    """
    found = DocstringSections()
    section: str | None = None
    header_indent = 0
    entry_indent: int | None = None
    for line in docstring.splitlines():
        if not line.strip():
            continue
        indent = len(line) - len(line.lstrip())
        header = SECTION_HEADER.match(line)
        if header and header.group(1).lower() in KNOWN_SECTIONS:
            section, header_indent, entry_indent = header.group(1).lower(), indent, None
            found.headers.add(section)
        elif indent <= header_indent:
            section = None
        elif section in ARGUMENT_SECTIONS:
            entry_indent = indent if entry_indent is None else entry_indent
            entry = ARGUMENT_ENTRY.match(line)
            if indent == entry_indent and entry:
                found.arguments.add(entry.group(1))
    return found


def returned_kind(function: FunctionNode) -> str | None:
    """Tell whether a function hands back a value, and how.

    Args:
        function: A function definition.

    Returns:
        ``"returns"`` when a ``return`` has a value other than ``None``,
        ``"yields"`` when it only yields values, else ``None``.
    """
    kind = None
    for node in own_nodes(function):
        if isinstance(node, ast.Return) and _has_value(node.value):
            return "returns"
        if isinstance(node, ast.YieldFrom) or (
            isinstance(node, ast.Yield) and _has_value(node.value)
        ):
            kind = "yields"
    return kind


def _has_value(node: ast.expr | None) -> bool:
    is_none = isinstance(node, ast.Constant) and node.value is None
    return node is not None and not is_none


def explicit_raises(function: FunctionNode) -> list[str]:
    """Name the exceptions a function raises itself and does not catch itself.

    Args:
        function: A function definition.

    Returns:
        Exception names in order of appearance, without duplicates.
    """
    found: list[str] = []
    _collect_raises(function.body, frozenset(), found)
    return list(dict.fromkeys(found))


def _collect_raises(body: list[ast.stmt], caught: frozenset[str], found: list[str]) -> None:
    for statement in body:
        if isinstance(statement, ast.Raise):
            name = _raised_name(statement)
            if name and name not in caught and CATCH_ALL not in caught:
                found.append(name)
        elif isinstance(statement, ast.Try | ast.TryStar):
            handled = caught | _handled(statement.handlers)
            _collect_raises(statement.body, handled, found)
            for block in (
                *(handler.body for handler in statement.handlers),
                statement.orelse,
                statement.finalbody,
            ):
                _collect_raises(block, caught, found)
        elif not isinstance(statement, NESTED_SCOPES):
            for block in child_blocks(statement):
                _collect_raises(block, caught, found)


def _raised_name(statement: ast.Raise) -> str | None:
    """Return the raised exception's name; ``None`` for a bare re-raise or a stub."""
    if statement.exc is None:
        return None
    raised = statement.exc
    target = raised.func if isinstance(raised, ast.Call) else raised
    dotted = dotted_name(target)
    name = dotted.rsplit(".", 1)[-1] if dotted else "an exception"
    return None if name == "NotImplementedError" else name


def _handled(handlers: Iterable[ast.ExceptHandler]) -> frozenset[str]:
    names: set[str] = set()
    for handler in handlers:
        caught = handler.type
        types = caught.elts if isinstance(caught, ast.Tuple) else [caught]
        for kind in types:
            dotted = dotted_name(kind) if kind is not None else None
            name = dotted.rsplit(".", 1)[-1] if dotted else CATCH_ALL
            names.add(CATCH_ALL if name in ("Exception", "BaseException") else name)
    return frozenset(names)


def describe(items: list[str]) -> str:
    """Join items as English: ``a``, ``a and b``, ``a, b and c``.

    Args:
        items: At least one item.

    Returns:
        The joined text.
    """
    if len(items) == 1:
        return items[0]
    return f"{', '.join(items[:-1])} and {items[-1]}"


def needs_docstring(definition: Definition, path: str, migration: bool = False) -> bool:
    """Tell whether a class or function must have a docstring but has none.

    Args:
        definition: A definition of the file.
        path: The file's root-relative path.
        migration: Whether the file is an Alembic migration, whose generated
            ``upgrade``/``downgrade`` functions are exempt.

    Returns:
        ``True`` when ``missing-docstring`` should report it.
    """
    node = definition.node
    if migration and definition.name in ALEMBIC_FUNCTIONS and not definition.owner:
        return False
    has_docstring = ast.get_docstring(node, clean=False) is not None
    if has_docstring or is_test_code(definition, path):
        return False
    if decorator_names(node) & SHARED_DOCSTRING:
        return False
    if definition.is_method and definition.name == "__init__":
        owner_documented = ast.get_docstring(definition.owner, clean=False) is not None
        return definition.scope_public and not owner_documented
    return definition.public


def is_entry_point(node: FunctionNode) -> bool:
    """Tell whether a function is a web route or CLI command (its docstring is public).

    Args:
        node: A function definition.

    Returns:
        ``True`` for ``@app.get(...)``, ``@router.post(...)``, ``@app.command()``,
        ``@click.group()`` and the like.
    """
    for decorator in node.decorator_list:
        target = decorator.func if isinstance(decorator, ast.Call) else decorator
        if not isinstance(target, ast.Attribute):
            continue
        if target.attr in CLI_DECORATORS:
            return True
        if target.attr in ROUTE_DECORATORS and isinstance(decorator, ast.Call):
            return True
    return False


def sections_apply(definition: Definition, path: str, docstring: str) -> bool:
    """Tell whether ``docstring-missing-sections`` reads this definition's docstring.

    Args:
        definition: A definition of the file.
        path: The file's root-relative path.
        docstring: Its cleaned docstring.

    Returns:
        ``True`` for public functions and documented dunders outside the exemptions.
    """
    node = definition.node
    if isinstance(node, ast.ClassDef):
        return False
    is_dunder = definition.is_method and definition.name in DOCUMENTED_DUNDERS
    if not (definition.public or (is_dunder and definition.scope_public)):
        return False
    if is_test_code(definition, path):
        return False
    if decorator_names(node) & SECTIONS_EXEMPT or is_entry_point(node):
        return False
    return not docstring.lower().startswith("see base class")


def missing_sections(definition: Definition, docstring: str) -> list[str]:
    """List the sections a function's docstring lacks.

    Args:
        definition: A function definition whose docstring is checked.
        docstring: Its cleaned docstring.

    Returns:
        One phrase per missing part, empty when the docstring is complete.
    """
    node = definition.node
    if isinstance(node, ast.ClassDef):
        return []
    sections = parse_sections(docstring)
    missing = []
    undocumented = [
        f"'{name}'"
        for name, _ in parameters(definition)
        if name.lstrip("*") not in sections.arguments
    ]
    if undocumented:
        has_args = bool(sections.headers & ARGUMENT_SECTIONS)
        prefix = "Args: entries for" if has_args else "an Args: section listing"
        missing.append(f"{prefix} {describe(undocumented)}")
    kind = returned_kind(node)
    summary_says = RETURN_SUMMARY.match(docstring) is not None
    documented = bool(sections.headers & RETURN_SECTIONS) or summary_says
    if kind and not documented:
        section = "Returns:" if kind == "returns" else "Yields:"
        missing.append(f"a {section} section (it {kind} a value)")
    raised = explicit_raises(node)
    if raised and not sections.headers & RAISE_SECTIONS:
        missing.append(f"a Raises: section (it raises {describe(raised)})")
    return missing


class Docstrings:
    """Finds missing docstrings and docstrings without their Google sections."""

    rules = (MISSING_RULE, SECTIONS_RULE)
    layout_sensitive = False

    def run(self, context: CheckContext) -> list[Finding]:
        """Check every Python file for the enabled docstring rules.

        Args:
            context: The shared scan context.

        Returns:
            The findings of both rules.
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
        if file.path.endswith(STUB_SUFFIX):
            return []
        tree = context.parse_python(file)
        if tree is None:
            return []
        findings: list[Finding] = []
        if context.is_enabled(MISSING_RULE.id):
            findings.extend(self._missing(context, file, tree))
        if context.is_enabled(SECTIONS_RULE.id):
            findings.extend(self._sections(context, file, tree))
        return findings

    @staticmethod
    def _missing(context: CheckContext, file: SourceFile, tree: ast.Module) -> list[Finding]:
        findings = []
        if tree.body and ast.get_docstring(tree, clean=False) is None:
            findings.append(
                context.finding(
                    MISSING_RULE,
                    file.path,
                    Region(1, 1),
                    "Module has no docstring. Start the file with a one-line summary of "
                    "what the module is for.",
                )
            )
        migration = is_alembic_migration(tree)
        for definition in walk_definitions(tree):
            if needs_docstring(definition, file.path, migration):
                region = definition_region(context, file, definition.node)
                findings.append(
                    context.finding(
                        MISSING_RULE,
                        file.path,
                        region,
                        _missing_message(definition),
                    )
                )
        return findings

    @staticmethod
    def _sections(context: CheckContext, file: SourceFile, tree: ast.Module) -> list[Finding]:
        findings = []
        for definition in walk_definitions(tree):
            docstring = ast.get_docstring(definition.node)
            if docstring is None:
                continue
            if not sections_apply(definition, file.path, docstring):
                continue
            missing = missing_sections(definition, docstring)
            if missing:
                region = definition_region(context, file, definition.node)
                findings.append(
                    context.finding(
                        SECTIONS_RULE,
                        file.path,
                        region,
                        f"The docstring of '{definition.qualified_name}' lacks "
                        f"{'; '.join(missing)}. "
                        "Add the Google-style sections so callers know the arguments, "
                        "the result and the errors.",
                    )
                )
        return findings


def _missing_message(definition: Definition) -> str:
    if definition.is_class:
        return (
            f"Public class '{definition.name}' has no docstring. Add one that says "
            "what the class represents."
        )
    owner = definition.owner.name if definition.owner is not None else ""
    if definition.name == "__init__":
        return (
            f"Neither class '{owner}' nor its __init__ has a docstring. Document "
            "the class, and its constructor arguments in one of the two."
        )
    name = definition.name
    kind = f"method '{owner}.{name}'" if owner else f"function '{name}'"
    return (
        f"Public {kind} has no docstring. Add one that says what it does, with "
        "Args:/Returns:/Raises: sections as needed."
    )
