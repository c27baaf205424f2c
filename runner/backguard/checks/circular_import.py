"""``circular-import``: the project's own modules import each other in a cycle.

The graph is built from :func:`imports.import_records` (parsed, never
imported): only module-level imports count; imports inside functions and
under ``if TYPE_CHECKING:`` are the usual way to break a cycle and are left
out. Each elementary cycle is reported once, at the import that closes it.
"""

from __future__ import annotations

import ast
from collections import defaultdict, deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from ..models import Confidence, Engine, Finding, Profile, RuleInfo, Severity
from .absolute_internal_import import PackageIndex, package_index
from .base import CheckContext
from .imports import ImportRecord, file_import_records, import_records

#: A group of modules tied by more cycles than this is reported once, as one tangle
#: (listing every elementary cycle of a big group would be hundreds of near-duplicates).
MAX_CYCLES_PER_GROUP = 5
#: Search steps allowed per group while counting its cycles.
MAX_SEARCH_STEPS = 50_000

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
closes the cycle. When a group of modules is tied by many cycles, the group
is reported once, with its shortest cycle and the size of the tangle.
Imports inside functions and under `if TYPE_CHECKING:` are not part of the
graph.

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


def import_closure(context: CheckContext, start: Iterable[str]) -> frozenset[str]:
    """Return the project files reachable by imports of any kind from the ``start`` files.

    Args:
        context: The scan context.
        start: Root-relative paths to start from (missing ones are ignored).

    Returns:
        The start files present in the inventory and every project file they import,
        directly or not.
    """
    names = _module_names(context)
    seen = {path for path in start if context.inventory.get(path) is not None}
    queue = deque(sorted(seen))
    while queue:
        file = context.inventory.get(queue.popleft())
        if file is None or not file.path.endswith(".py"):
            continue
        for record in file_import_records(context, file):
            target = names.target(record)
            if target is not None and target not in seen:
                seen.add(target)
                queue.append(target)
    return frozenset(seen)


def _module_names(context: CheckContext) -> _ModuleNames:
    return context.memo("module_names", lambda: _ModuleNames(context, package_index(context)))


def _scoped_records(context: CheckContext) -> list[ImportRecord]:
    """All import records, or in a diff-aware scan those reachable from its import scope."""
    if context.import_scope is None:
        return import_records(context)
    files = (context.inventory.get(path) for path in import_closure(context, context.import_scope))
    return [
        record
        for file in files
        if file is not None and file.path.endswith(".py")
        for record in file_import_records(context, file)
    ]


def _graph(context: CheckContext) -> tuple[dict[str, dict[str, _Edge]], _ModuleNames]:
    """Build the module-level import graph between project files (first import per edge).

    A diff-aware scan builds only the part reachable from its import scope: every
    strongly connected group there is whole, and groups out of reach are the same in
    both trees, so they cannot hold a new cycle.
    """
    names = _module_names(context)
    by_node: dict[int, list[ImportRecord]] = defaultdict(list)
    for record in _scoped_records(context):
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
    # Reason: Tarjan's algorithm made iterative; splitting it would scatter its shared state.
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


def _cycles(
    graph: dict[str, dict[str, _Edge]], component: list[str], limit: int
) -> list[list[str]] | None:
    """Enumerate a component's elementary cycles, each from its smallest module (Johnson-style).

    Returns ``None`` when there are more than ``limit``: a strongly connected graph
    has at least ``edges - nodes + 1`` of them, so a tangle is known without searching.
    """
    members = set(component)
    edges = sum(1 for node in component for child in graph[node] if child in members)
    if edges - len(component) + 1 > limit:
        return None
    found: list[list[str]] = []
    remaining = set(component)
    budget = MAX_SEARCH_STEPS
    while len(found) <= limit:
        sub = {node: {c: e for c, e in graph[node].items() if c in remaining} for node in remaining}
        groups = _strongly_connected(sub)
        if not groups:
            return found
        group = min(groups, key=lambda members: members[0])
        budget = _cycles_through(sub, group, found, budget)
        if budget <= 0:
            return None
        remaining.discard(group[0])
    return None


def _cycles_through(
    graph: dict[str, dict[str, _Edge]], group: list[str], found: list[list[str]], budget: int
) -> int:
    """Append the elementary cycles through ``group[0]`` inside ``group``.

    Returns the search budget left, so one huge component cannot stall the scan.
    """
    start, members = group[0], set(group)
    path = [start]
    on_path = {start}
    work: list[Iterator[str]] = [iter(sorted(n for n in graph[start] if n in members))]
    while work and budget > 0:
        budget -= 1
        child = next(work[-1], None)
        if child is None:
            work.pop()
            on_path.discard(path.pop())
        elif child == start:
            found.append(list(path))
        elif child not in on_path:
            path.append(child)
            on_path.add(child)
            work.append(iter(sorted(n for n in graph[child] if n in members)))
    return budget


def _shortest_cycle(graph: dict[str, dict[str, _Edge]], component: list[str]) -> list[str]:
    """Return the component's shortest cycle (breadth-first from each module; ties: first found)."""
    members = set(component)
    best: list[str] = []
    for start in component:
        parents: dict[str, str] = {start: start}
        queue = deque([start])
        while queue:
            node = queue.popleft()
            if best and _depth(parents, node) + 1 >= len(best):
                break
            for child in sorted(graph[node]):
                if child == start:
                    cycle = _path(parents, node)
                    if not best or len(cycle) < len(best):
                        best = cycle
                    queue.clear()
                    break
                if child in members and child not in parents:
                    parents[child] = node
                    queue.append(child)
    return best


def _path(parents: dict[str, str], node: str) -> list[str]:
    """Return the breadth-first path from the search's start to ``node``."""
    path = [node]
    while parents[path[-1]] != path[-1]:
        path.append(parents[path[-1]])
    return path[::-1]


def _depth(parents: dict[str, str], node: str) -> int:
    """Return how many edges ``node`` is from the search's start."""
    return len(_path(parents, node)) - 1


class CircularImport:
    """Reports each import cycle between the project's own modules once."""

    rules = (RULE,)
    needs_import_records = True

    def run(self, context: CheckContext) -> list[Finding]:
        """Build the module-level import graph and report its cycles.

        Args:
            context: The shared scan context.

        Returns:
            One finding per elementary cycle, or one per tangled group of modules.
        """
        graph, names = _graph(context)
        findings: list[Finding] = []
        for component in _strongly_connected(graph):
            cycles = _cycles(graph, component, MAX_CYCLES_PER_GROUP)
            if cycles is not None:
                findings += [self._finding(context, graph, names, cycle) for cycle in cycles]
            else:
                cycle = _shortest_cycle(graph, component)
                findings.append(self._finding(context, graph, names, cycle, component))
        return findings

    @staticmethod
    def _finding(
        context: CheckContext,
        graph: dict[str, dict[str, _Edge]],
        names: _ModuleNames,
        cycle: list[str],
        group: list[str] | None = None,
    ) -> Finding:
        """Report one cycle (or a tangled group, through its shortest cycle) where it closes."""
        closing = graph[cycle[-1]][cycle[0]].record
        chain = " -> ".join(names.display.get(path, path) for path in [*cycle, cycle[0]])
        tangle = ""
        if group is not None:
            shown = sorted(names.display.get(path, path) for path in group)
            listed = ", ".join(shown[:8]) + (", ..." if len(shown) > 8 else "")
            tangle = f" It is one of many cycles tying {len(group)} modules together ({listed})."
        return context.finding(
            RULE,
            closing.importer.path,
            context.region_of(closing.importer, closing.node),
            f"Circular import: {chain}.{tangle} Modules in a cycle see each other "
            "half-initialised; move the shared code to a module both import, or import inside "
            "the function or under `if TYPE_CHECKING:`.",
        )
