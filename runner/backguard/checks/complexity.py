"""``reason-comment-missing``: a complex function does not say why it is complex.

Cyclomatic complexity is counted the way the reference implementation,
mccabe (flake8 ``C901``), counts it: 1, plus 1 per ``if``/``elif``, loop,
``try`` statement, ``except`` handler and nested function, summed over nested
blocks; ``match`` (which mccabe predates) adds 1 per case, an irrefutable last
case excepted. Boolean operators and comprehensions do not count.
"""

from __future__ import annotations

import ast
import io
import re
import tokenize
from collections.abc import Callable
from typing import Any

from ..discovery import SourceFile
from ..models import Confidence, Engine, Finding, Profile, RuleInfo, Severity
from .base import CheckContext
from .definitions import FunctionNode, definition_region, walk_definitions

RULE = RuleInfo(
    id="reason-comment-missing",
    family="reason-comment-missing",
    summary="A function over the complexity limit has no `# Reason:` comment.",
    severity=Severity.NOTE,
    profile=Profile.QUALITY,
    engine=Engine.NATIVE,
    confidence=Confidence.HIGH,
    references=(
        "https://en.wikipedia.org/wiki/Cyclomatic_complexity",
        "https://github.com/PyCQA/mccabe",
        "https://docs.astral.sh/ruff/rules/complex-structure/",
    ),
    docs="""\
## What it does

Computes each function's McCabe cyclomatic complexity (as mccabe, flake8's
`C901`, does: one plus one per `if`/`elif`, `for`/`while` loop, `try`
statement, `except` handler, `match` case and nested function) and flags a
function over `max-complexity` (10 by default, set in `[tool.backguard]`) that
has no `# Reason:` comment inside it (or in the comment block right above its
`def` or decorators). Each function is measured on its own; a nested
function's branches also count for the function around it.

## Why is this bad?

Every independent path through a function is a case to read, test and keep
in mind when changing it; past about ten, bugs hide in the combinations.
Most complex functions should be split. When one genuinely has to stay in
one piece (a parser's dispatch, a state machine, a hot loop), a
`# Reason:` comment tells the next reader that this was a decision and why,
instead of leaving them to refactor it or to wonder.

## Example

```python
def classify(request):
    if request.method == "GET":
        ...
    elif ...:  # a dozen more branches
        ...
```

## Use instead

```python
def classify(request):
    # Reason: one table-driven dispatch over every request kind is easier to
    # audit in one place than twelve helpers.
    if request.method == "GET":
        ...
```

or split it into small functions that each handle one case.

## References

- [Cyclomatic complexity](https://en.wikipedia.org/wiki/Cyclomatic_complexity)
- [mccabe](https://github.com/PyCQA/mccabe)
- [Ruff: `complex-structure` (C901)](https://docs.astral.sh/ruff/rules/complex-structure/)
""",
)

REASON = re.compile(r"#\s*reason\s*:", re.IGNORECASE)
ONE_POINT = 1


def complexity(function: FunctionNode) -> int:
    """Return a function's McCabe cyclomatic complexity.

    Args:
        function: A function definition.

    Returns:
        The complexity (1 for straight-line code).
    """
    return ONE_POINT + block_complexity(function.body)


def block_complexity(body: list[ast.stmt]) -> int:
    """Return the decision points of a statement list, nested blocks included.

    Args:
        body: Statements.

    Returns:
        The number of decision points.
    """
    total = 0
    for statement in body:
        scorer = _SCORERS.get(type(statement))
        total += scorer(statement) if scorer else 0
    return total


def _branching(statement: ast.If | ast.For | ast.AsyncFor | ast.While) -> int:
    """Score ``if``/``elif`` (an ``elif`` is an ``if`` in ``orelse``) and loops."""
    return ONE_POINT + block_complexity(statement.body) + block_complexity(statement.orelse)


def _with(statement: ast.With | ast.AsyncWith | ast.ClassDef) -> int:
    return block_complexity(statement.body)


def _function(statement: FunctionNode) -> int:
    return ONE_POINT + block_complexity(statement.body)


def _try(statement: ast.Try | ast.TryStar) -> int:
    """Score a ``try`` as mccabe does: one point, plus one per handler."""
    handlers = sum(ONE_POINT + block_complexity(handler.body) for handler in statement.handlers)
    blocks = (statement.body, statement.orelse, statement.finalbody)
    return ONE_POINT + handlers + sum(block_complexity(block) for block in blocks)


def _match(statement: ast.Match) -> int:
    total = sum(ONE_POINT + block_complexity(case.body) for case in statement.cases)
    last = statement.cases[-1] if statement.cases else None
    if last is not None and last.guard is None and _irrefutable(last.pattern):
        total -= ONE_POINT
    return total


def _irrefutable(pattern: ast.pattern) -> bool:
    if isinstance(pattern, ast.MatchAs):
        return pattern.pattern is None or _irrefutable(pattern.pattern)
    if isinstance(pattern, ast.MatchOr):
        return any(_irrefutable(option) for option in pattern.patterns)
    return False


_SCORERS: dict[type, Callable[[Any], int]] = {
    ast.If: _branching,
    ast.For: _branching,
    ast.AsyncFor: _branching,
    ast.While: _branching,
    ast.With: _with,
    ast.AsyncWith: _with,
    ast.ClassDef: _with,
    ast.Try: _try,
    ast.TryStar: _try,
    ast.Match: _match,
    ast.FunctionDef: _function,
    ast.AsyncFunctionDef: _function,
}


def comment_lines(text: str) -> tuple[set[int], set[int]]:
    """Find the lines with a ``# Reason:`` comment and those holding only a comment.

    Args:
        text: A Python file's text.

    Returns:
        ``(reason lines, comment-only lines)``, 1-based.
    """
    reasons: set[int] = set()
    alone: set[int] = set()
    try:
        for token in tokenize.generate_tokens(io.StringIO(text).readline):
            if token.type != tokenize.COMMENT:
                continue
            if REASON.match(token.string):
                reasons.add(token.start[0])
            if not token.line[: token.start[1]].strip():
                alone.add(token.start[0])
    except (tokenize.TokenError, SyntaxError):
        # Unreachable after a successful ast.parse; fall back to a plain text search.
        lines = text.splitlines()
        numbered = list(enumerate(lines, 1))
        reasons = {number for number, line in numbered if REASON.search(line)}
        alone = {number for number, line in numbered if line.lstrip().startswith("#")}
    return reasons, alone


def has_reason(function: FunctionNode, reasons: set[int], alone: set[int]) -> bool:
    """Tell whether a ``# Reason:`` comment is in the function or in comments above it.

    Args:
        function: A function definition.
        reasons: Lines holding a ``# Reason:`` comment.
        alone: Lines holding only a comment.

    Returns:
        ``True`` when the complexity is explained.
    """
    first = min([function.lineno, *(node.lineno for node in function.decorator_list)])
    last = function.end_lineno or function.lineno
    if any(first <= line <= last for line in reasons):
        return True
    line = first - 1
    while line in alone:
        if line in reasons:
            return True
        line -= 1
    return False


class ReasonCommentMissing:
    """Finds complex functions that do not explain themselves."""

    rules = (RULE,)
    layout_sensitive = False

    def run(self, context: CheckContext) -> list[Finding]:
        """Report each function over the limit that has no ``# Reason:`` comment.

        Args:
            context: The shared scan context.

        Returns:
            One finding per such function, at its ``def`` line.
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
        text = context.read_text(file)
        if tree is None or text is None:
            return []
        limit = context.config.max_complexity
        comments: tuple[set[int], set[int]] | None = None
        findings = []
        for definition in walk_definitions(tree):
            node = definition.node
            if isinstance(node, ast.ClassDef):
                continue
            score = complexity(node)
            if score <= limit:
                continue
            comments = comments or comment_lines(text)
            if not has_reason(node, *comments):
                findings.append(
                    context.finding(
                        RULE,
                        file.path,
                        definition_region(context, file, node),
                        f"Function '{definition.qualified_name}' has cyclomatic "
                        f"complexity {score} (limit {limit}) and no '# Reason:' comment. "
                        "Split it into smaller functions, or say in a '# Reason: ...' "
                        "comment inside it why it stays complex.",
                    )
                )
        return findings
