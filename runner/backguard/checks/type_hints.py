"""``missing-type-hints``: a function parameter or return value has no annotation."""

from __future__ import annotations

from ..discovery import SourceFile
from ..models import Confidence, Engine, Finding, Profile, RuleInfo, Severity
from .base import CheckContext
from .definitions import Definition, decorator_names, definition_region, parameters
from .definitions import walk_definitions

RULE = RuleInfo(
    id="missing-type-hints",
    family="missing-type-hints",
    summary="A function parameter or return value has no type annotation.",
    severity=Severity.WARNING,
    profile=Profile.QUALITY,
    engine=Engine.NATIVE,
    confidence=Confidence.HIGH,
    references=(
        "https://peps.python.org/pep-0484/",
        "https://mypy.readthedocs.io/en/stable/config_file.html#confval-disallow_untyped_defs",
        "https://docs.python.org/3/library/typing.html",
    ),
    docs="""\
## What it does

Flags every function and method (private and nested ones included) that
leaves a parameter or its return value without a type annotation, once per
function, naming what is missing. `self` and `cls` need no annotation;
`*args` and `**kwargs` do. `__init__` must say `-> None` unless
`allow-init-without-return = true` is set in `[tool.backguard]`. Lambdas and
functions decorated with `@typing.no_type_check` are not checked.

## Why is this bad?

Annotations are the checked part of a function's documentation: mypy or
pyright verify every call against them, editors complete and navigate with
them, and FastAPI and Pydantic use them to validate input. One unannotated
parameter turns into `Any`, and every value that flows through it silently
escapes type checking. A missing return type hides `None` returns and makes
callers guess.

## Example

```python
def find_user(session, user_id, *fields):
    ...
```

## Use instead

```python
def find_user(session: Session, user_id: int, *fields: str) -> User | None:
    ...
```

## References

- [PEP 484: type hints](https://peps.python.org/pep-0484/)
- [mypy: `disallow_untyped_defs`](https://mypy.readthedocs.io/en/stable/config_file.html#confval-disallow_untyped_defs)
- [Python docs: `typing`](https://docs.python.org/3/library/typing.html)
""",
)


def missing_annotations(definition: Definition, allow_init_without_return: bool) -> list[str]:
    """List what a function leaves unannotated.

    Args:
        definition: A function definition.
        allow_init_without_return: Whether ``__init__`` may omit ``-> None``.

    Returns:
        Quoted parameter names (``'*args'`` keeps its star), then ``the return
        type`` if that is missing; empty when everything is annotated.
    """
    node = definition.node
    missing = [
        f"'{name}'" for name, argument in parameters(definition) if argument.annotation is None
    ]
    is_init = definition.is_method and definition.name == "__init__"
    init_exempt = is_init and allow_init_without_return
    if getattr(node, "returns", None) is None and not init_exempt:
        missing.append("the return type")
    return missing


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


class MissingTypeHints:
    """Finds functions with unannotated parameters or return values."""

    rules = (RULE,)
    layout_sensitive = False

    def run(self, context: CheckContext) -> list[Finding]:
        """Report each incompletely annotated function once.

        Args:
            context: The shared scan context.

        Returns:
            One finding per function, at its ``def`` line.
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
        tree = context.parse_python(file)
        if tree is None:
            return []
        allow_init = context.config.allow_init_without_return
        findings = []
        for definition in walk_definitions(tree):
            if definition.is_class:
                continue
            if "no_type_check" in decorator_names(definition.node):
                continue
            missing = missing_annotations(definition, allow_init)
            if missing:
                findings.append(
                    context.finding(
                        RULE,
                        file.path,
                        definition_region(context, file, definition.node),
                        f"Function '{definition.qualified_name}' has no type annotation "
                        f"for {describe(missing)}. Annotate every parameter and the return "
                        "type (`-> None` when it returns nothing).",
                    )
                )
        return findings
