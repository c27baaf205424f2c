"""``circular-import``: the project's own modules import each other in a cycle.

The graph is built from :func:`imports.import_records` (parsed, never
imported): only module-level imports count; imports inside functions and
under ``if TYPE_CHECKING:`` are the usual way to break a cycle and are left
out. Each elementary cycle is reported once, at the import that closes it.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

from ..models import Confidence, Engine, Finding, Profile, RuleInfo, Severity
from .absolute_internal_import import PackageIndex, package_index
from .base import CheckContext
from .imports import ImportRecord, import_records

#: Upper bounds that keep a pathological graph from exploding (cycles can be exponential).
MAX_CYCLES = 200
MAX_SEARCH_STEPS = 200_000

RULE = RuleInfo(
    id="circular-import",
    family="circular-import",
    summary="The project's own modules import each other in a cycle at module level.",
    severity=Severity.WARNING,
    profile=Profile.STRUCTURE,
    engine=Engine.NATIVE,
    confidence=Confidence.HIGH,
    references=(
        "https://docs.python.org/3/faq/programming.html#what-are-the-best-practices-for-using-import-in-a-module",
        "https://pylint.readthedocs.io/en/stable/user_guide/messages/refactor/cyclic-import.html",
    ),
    docs="""\
## What it does

Builds the graph of module-level imports between the project's own modules
and reports every cycle once, naming the modules in it, at the import that
closes the cycle. Imports inside functions and under `if TYPE_CHECKING:` are
not part of the graph.

## Why is this bad?

When module A imports B while B (directly or through others) imports A,
whichever runs first sees the other half-initialised. The result depends on
import order: `ImportError: cannot import name ... (most likely due to a
circular import)`, or `AttributeError` on a partially initialised module,
appearing only in some entry points, tests or deployments. Cycles also mean
the modules cannot be understood, tested or split apart on their own.

## Example

```python
# app/models.py
from .services import notify

# app/services.py
from .models import User
```

## Use instead

```python
# app/services.py
from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .models import User
```

Or move the shared code into a third module that both import, or import
inside the function that needs it.

## References

- [Python FAQ: best practices for using import](https://docs.python.org/3/faq/programming.html#what-are-the-best-practices-for-using-import-in-a-module)
- [Pylint: cyclic-import (R0401)](https://pylint.readthedocs.io/en/stable/user_guide/messages/refactor/cyclic-import.html)
""",
)


@dataclass(frozen=True)
class _Edge:
    record: ImportRecord

    @property
    def line(self) -> int:
        """Return the import's 1-based line."""
        return self.record.node.lineno


class _ModuleNames:
    """Maps dotted names to project files and back (both naming schemes of the package index)."""

    def __init__(self, context: CheckContext, index: PackageIndex) -> None:
        self.by_name: dict[str, str] = {}
        self.display: dict[str, str] = {}
        for file in context.python_files():
            if not file.path.endswith(".py"):
                continue
            for module_context in index.contexts(file.path):
                dotted = ".".join(module_context.parts)
                self.by_name.setdefault(dotted, file.path)
                shortest = self.display.get(file.path)
                if shortest is None or len(dotted) < len(shortest):
                    self.display[file.path] = dotted

    def target(self, record: ImportRecord) -> str | None:
        """Return the file a module-level import depends on, if it is a project module.

        ``from pkg import mod`` depends on ``pkg.mod`` when that is a module,
        otherwise on ``pkg`` itself; ``import a.b.c`` depends on ``a.b.c``.
        """
        return self.by_name.get(record.module)


def _graph(context: CheckContext) -> tuple[dict[str, dict[str, _Edge]], _ModuleNames]:
    """Build the module-level import graph between project files (first import per edge)."""
    names = _ModuleNames(context, package_index(context))
    by_node: dict[int, list[ImportRecord]] = defaultdict(list)
    for record in import_records(context):
        if record.top_level:
            by_node[id(record.node)].append(record)
    graph: dict[str, dict[str, _Edge]] = defaultdict(dict)
    for records in by_node.values():
        for record in _dependencies(records, names):
            source = record.importer.path
            target = names.target(record)
            if target is None or target == source:
                continue
            edge = graph[source].get(target)
            if edge is None or record.node.lineno < edge.line:
                graph[source][target] = _Edge(record)
    return graph, names


def _dependencies(records: list[ImportRecord], names: _ModuleNames) -> list[ImportRecord]:
    """Keep, for one statement, the records that name what it really depends on."""
    if isinstance(records[0].node, ast.Import):  # every alias is a module it needs
        return records
    base, *members = records
    submodules = [record for record in members if names.by_name.get(record.module)]
    plain_names = len(submodules) < len(members)
    return submodules + ([base] if plain_names or not members else [])


def _strongly_connected(graph: dict[str, dict[str, _Edge]]) -> list[list[str]]:
    """Tarjan's algorithm, iterative (deep graphs must not hit the recursion limit)."""
    index_of: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    components: list[list[str]] = []
    counter = 0
    for start in sorted(graph):
        if start in index_of:
            continue
        work: list[tuple[str, Iterator[str]]] = [(start, iter(sorted(graph.get(start, {}))))]
        index_of[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index_of:
                    index_of[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.get(child, {})))))
                elif child in on_stack:
                    low[node] = min(low[node], index_of[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index_of[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    components.append(sorted(component))
    return components


def _cycles(graph: dict[str, dict[str, _Edge]], component: list[str],
            budget: list[int]) -> list[list[str]]:
    """Enumerate the elementary cycles of one component, each starting at its smallest module."""
    members = set(component)
    found: list[list[str]] = []
    for start in component:
        allowed = {node for node in members if node >= start}
        path = [start]
        on_path = {start}
        work: list[Iterator[str]] = [iter(sorted(n for n in graph[start] if n in allowed))]
        while work and len(found) < MAX_CYCLES and budget[0] > 0:
            budget[0] -= 1
            child = next(work[-1], None)
            if child is None:
                work.pop()
                on_path.discard(path.pop())
            elif child == start:
                found.append(list(path))
            elif child not in on_path:
                path.append(child)
                on_path.add(child)
                work.append(iter(sorted(n for n in graph[child] if n in allowed)))
    return found


class CircularImport:
    """Reports each import cycle between the project's own modules once."""

    rules = (RULE,)

    def run(self, context: CheckContext) -> list[Finding]:
        """Build the module-level import graph and report its cycles.

        Args:
            context: The shared scan context.

        Returns:
            One finding per elementary cycle.
        """
        graph, names = _graph(context)
        findings: list[Finding] = []
        budget = [MAX_SEARCH_STEPS]
        for component in _strongly_connected(graph):
            for cycle in _cycles(graph, component, budget):
                findings.append(self._finding(context, graph, names, cycle))
        if budget[0] <= 0 or len(findings) >= MAX_CYCLES:
            context.notify("circular-import: the import graph is too tangled; not every cycle "
                           "was listed", source="circular-import")
        return findings

    @staticmethod
    def _finding(context: CheckContext, graph: dict[str, dict[str, _Edge]], names: _ModuleNames,
                 cycle: list[str]) -> Finding:
        """Report one cycle at the import that closes it."""
        closing = graph[cycle[-1]][cycle[0]].record
        chain = " -> ".join(names.display.get(path, path) for path in [*cycle, cycle[0]])
        return context.finding(
            RULE, closing.importer.path, context.region_of(closing.importer, closing.node),
            f"Circular import: {chain}. Modules in a cycle see each other half-initialised; "
            "move the shared code to a module both import, or import inside the function "
            "or under `if TYPE_CHECKING:`.",
        )
