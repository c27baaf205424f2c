"""``missing-global-exception-handler``: a FastAPI app with no catch-all error handler.

Project-level: an app is fine when any (non-test) module of the project
registers a handler for ``Exception`` (or for status 500, which Starlette
treats the same way): ``@app.exception_handler(Exception)``,
``app.add_exception_handler(Exception, ...)``, ``FastAPI(exception_handlers=
{Exception: ...})`` (a dict literal or a module-level name bound to one), or
an HTTP middleware that catches ``Exception`` around ``call_next``. Files are
parsed, never imported.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from ..discovery import SourceFile
from ..models import Confidence, Engine, Finding, Profile, RuleInfo, Severity
from .base import CheckContext

RULE = RuleInfo(
    id="missing-global-exception-handler",
    family="missing-global-exception-handler",
    summary="A FastAPI app has no handler for Exception anywhere in the project.",
    severity=Severity.WARNING,
    profile=Profile.SECURITY,
    engine=Engine.NATIVE,
    confidence=Confidence.MEDIUM,
    cwe=("CWE-209: Generation of Error Message Containing Sensitive Information",),
    owasp=("A04:2021 - Insecure Design",),
    security_severity="4.3",
    languages=("python",),
    references=(
        "https://fastapi.tiangolo.com/tutorial/handling-errors/#install-custom-exception-handlers",
        "https://www.starlette.io/exceptions/",
        "https://cwe.mitre.org/data/definitions/209.html",
    ),
    docs="""\
## What it does

Reports each `FastAPI(...)` app (outside tests) when no module of the project
registers a handler for `Exception`:

- `@app.exception_handler(Exception)` (or `500`, which Starlette treats the
  same way),
- `app.add_exception_handler(Exception, handler)`,
- `FastAPI(exception_handlers={Exception: handler})`, also through a
  module-level name bound to such a dict,
- an HTTP middleware (`@app.middleware("http")` or a `BaseHTTPMiddleware`
  subclass) that catches `Exception` around `call_next`.

The registration may live in any module (an `errors.py` with a
`register_handlers(app)` function is fine).

## Why is this bad?

Without a catch-all handler an unexpected error is answered by Starlette's
`ServerErrorMiddleware`: a bare "Internal Server Error", or the full
traceback when `debug` is on, and nothing of it goes through the app's own
logging, error IDs or response format. A deliberate handler logs the
exception with its context and returns one generic, documented error body,
so no internal detail can reach the client (CWE-209).

## Example

```python
app = FastAPI(title="Shop")
app.include_router(api_router)
```

## Use instead

```python
app = FastAPI(title="Shop")
app.include_router(api_router)


@app.exception_handler(Exception)
async def unhandled_error(request: Request, exc: Exception) -> JSONResponse:
    error_id = uuid4().hex
    logger.exception("unhandled error %s on %s", error_id, request.url.path)
    return JSONResponse(status_code=500, content={"detail": "Internal error", "error_id": error_id})
```

## References

- [FastAPI: install custom exception handlers](https://fastapi.tiangolo.com/tutorial/handling-errors/#install-custom-exception-handlers)
- [Starlette: exceptions](https://www.starlette.io/exceptions/)
- [CWE-209: Generation of Error Message Containing Sensitive Information](https://cwe.mitre.org/data/definitions/209.html)
""",
)

#: Names that catch every error when registered as an exception handler key.
CATCH_ALL_NAMES = frozenset({"Exception", "BaseException", "HTTP_500_INTERNAL_SERVER_ERROR"})
#: Folder names and file name patterns of test code, whose throwaway apps are not reported.
TEST_FOLDERS = frozenset({"tests", "test", "testing"})
#: Modules that export the ``FastAPI`` class.
FASTAPI_MODULES = frozenset({"fastapi", "fastapi.applications"})
#: Words without which a module can neither create an app nor register a handler.
RELEVANT_WORDS = ("FastAPI", "exception_handler", "middleware", "Middleware")


@dataclass
class ModuleFacts:
    """What one module contributes to the project-level decision."""

    apps: list[ast.Call] = field(default_factory=list)
    registers_catch_all: bool = False


def is_test_file(path: str) -> bool:
    """Tell whether a root-relative path is test code.

    Args:
        path: A root-relative POSIX path.

    Returns:
        ``True`` for files under a ``tests``/``test`` folder, ``test_*.py``,
        ``*_test.py`` and ``conftest.py``.
    """
    pure = PurePosixPath(path)
    name = pure.name
    if name == "conftest.py" or name.startswith("test_") or name.endswith("_test.py"):
        return True
    return any(part in TEST_FOLDERS for part in pure.parts[:-1])


def is_catch_all(node: ast.expr) -> bool:
    """Tell whether an exception-handler key catches every error.

    Args:
        node: The key: a class, a status code or a ``status`` constant.

    Returns:
        ``True`` for ``Exception``, ``BaseException``, ``500`` and
        ``HTTP_500_INTERNAL_SERVER_ERROR`` (bare or qualified).
    """
    if isinstance(node, ast.Constant):
        return node.value == 500 and not isinstance(node.value, bool)
    if isinstance(node, ast.Name):
        return node.id in CATCH_ALL_NAMES
    if isinstance(node, ast.Attribute):
        return node.attr in CATCH_ALL_NAMES
    return False


def fastapi_names(tree: ast.Module) -> tuple[set[str], set[str]]:
    """Find the names under which a module can call ``fastapi.FastAPI``.

    Args:
        tree: The module.

    Returns:
        The bare names (``FastAPI`` or its alias) and the module names
        (``fastapi`` or its alias) used as ``<module>.FastAPI``.
    """
    bare: set[str] = set()
    modules: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module in FASTAPI_MODULES:
            bare.update(
                alias.asname or alias.name for alias in node.names if alias.name == "FastAPI"
            )
        elif isinstance(node, ast.Import):
            modules.update(
                alias.asname or alias.name for alias in node.names if alias.name == "fastapi"
            )
    return bare, modules


def is_fastapi_call(node: ast.Call, bare: set[str], modules: set[str]) -> bool:
    """Tell whether a call creates a FastAPI app.

    Args:
        node: A call.
        bare: Names bound to ``fastapi.FastAPI`` in the module.
        modules: Names bound to the ``fastapi`` module.

    Returns:
        ``True`` for ``FastAPI(...)`` / ``fastapi.FastAPI(...)``.
    """
    func = node.func
    if isinstance(func, ast.Name):
        return func.id in bare
    return (
        isinstance(func, ast.Attribute)
        and func.attr == "FastAPI"
        and isinstance(func.value, ast.Name)
        and func.value.id in modules
    )


def module_dicts(tree: ast.Module) -> dict[str, ast.Dict]:
    """Map module-level names to the dict literal last assigned to them.

    Args:
        tree: The module.

    Returns:
        Name -> dict literal.
    """
    found: dict[str, ast.Dict] = {}
    for statement in tree.body:
        targets: list[ast.expr] = []
        value: ast.expr | None = None
        if isinstance(statement, ast.Assign):
            targets, value = statement.targets, statement.value
        elif isinstance(statement, ast.AnnAssign) and statement.value is not None:
            targets, value = [statement.target], statement.value
        for target in targets:
            if isinstance(target, ast.Name) and isinstance(value, ast.Dict):
                found[target.id] = value
    return found


def constructor_registers(call: ast.Call, dicts: dict[str, ast.Dict]) -> bool:
    """Tell whether ``FastAPI(exception_handlers=...)`` includes a catch-all key.

    Args:
        call: The ``FastAPI(...)`` call.
        dicts: Module-level dict literals by name.

    Returns:
        ``True`` when the handlers dict has an ``Exception``/500 key.
    """
    for keyword in call.keywords:
        if keyword.arg != "exception_handlers":
            continue
        value = keyword.value
        if isinstance(value, ast.Name):
            value = dicts.get(value.id, value)
        if isinstance(value, ast.Dict):
            return any(key is not None and is_catch_all(key) for key in value.keys)
    return False


def registers_catch_all(node: ast.AST) -> bool:
    """Tell whether a node registers a catch-all handler.

    Args:
        node: Any AST node.

    Returns:
        ``True`` for ``X.exception_handler(Exception)`` (as a decorator or a
        call), ``X.add_exception_handler(Exception, ...)``, and HTTP
        middleware that catches ``Exception``.
    """
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
        if node.func.attr in {"exception_handler", "add_exception_handler"} and node.args:
            return is_catch_all(node.args[0])
    if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and _is_http_middleware(node):
        return _catches_everything(node)
    if isinstance(node, ast.ClassDef) and _is_middleware_class(node):
        return any(
            isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef)
            and item.name == "dispatch"
            and _catches_everything(item)
            for item in node.body
        )
    return False


def _is_http_middleware(function: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    for decorator in function.decorator_list:
        if (
            isinstance(decorator, ast.Call)
            and isinstance(decorator.func, ast.Attribute)
            and decorator.func.attr == "middleware"
        ):
            return True
    return False


def _is_middleware_class(node: ast.ClassDef) -> bool:
    for base in node.bases:
        name = base.id if isinstance(base, ast.Name) else getattr(base, "attr", "")
        if name == "BaseHTTPMiddleware":
            return True
    return False


def _catches_everything(function: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    """Tell whether a middleware swallows every error (a handler that re-raises does not)."""
    for node in ast.walk(function):
        if not isinstance(node, ast.ExceptHandler):
            continue
        elements = node.type.elts if isinstance(node.type, ast.Tuple) else [node.type]
        catches_all = node.type is None or any(e is not None and is_catch_all(e) for e in elements)
        re_raises = any(isinstance(inner, ast.Raise) for inner in ast.walk(node))
        if catches_all and not re_raises:
            return True
    return False


def module_facts(tree: ast.Module) -> ModuleFacts:
    """Collect a module's FastAPI apps and whether it registers a catch-all handler.

    Args:
        tree: The module.

    Returns:
        Its facts.
    """
    facts = ModuleFacts()
    bare, modules = fastapi_names(tree)
    dicts = module_dicts(tree)
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and is_fastapi_call(node, bare, modules):
            facts.apps.append(node)
            if constructor_registers(node, dicts):
                facts.registers_catch_all = True
        elif registers_catch_all(node):
            facts.registers_catch_all = True
    return facts


class GlobalExceptionHandler:
    """Finds FastAPI apps in projects that never register a handler for ``Exception``."""

    rules = (RULE,)

    def run(self, context: CheckContext) -> list[Finding]:
        """Report every app once when no module registers a catch-all handler.

        Args:
            context: The shared scan context.

        Returns:
            One finding per ``FastAPI(...)`` call, or none.
        """
        apps: list[tuple[SourceFile, ast.Call]] = []
        for file, facts in self._facts(context):
            if facts.registers_catch_all:
                return []
            apps.extend((file, call) for call in facts.apps)
        return [
            context.finding(
                RULE,
                file.path,
                context.region_of(file, call),
                "This FastAPI app has no handler for Exception anywhere in the project, so "
                "unexpected errors bypass the app's logging and error format. Register one with "
                "@app.exception_handler(Exception) that logs the error and returns a generic "
                "500 body.",
            )
            for file, call in apps
        ]

    @staticmethod
    def _facts(context: CheckContext) -> Iterator[tuple[SourceFile, ModuleFacts]]:
        for file in context.python_files():
            if is_test_file(file.path):
                continue
            text = context.read_text(file)
            if text is None or not _may_matter(text):
                continue
            tree = context.parse_python(file)
            if tree is not None:
                yield file, module_facts(tree)


def _may_matter(text: str) -> bool:
    """Skip parsing modules that cannot create an app or register a handler."""
    return any(word in text for word in RELEVANT_WORDS)
