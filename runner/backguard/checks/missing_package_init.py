"""``missing-package-init``: a folder used as a package has no ``__init__.py``."""

from __future__ import annotations

from collections.abc import Iterable

from ..discovery import Inventory, SourceFile
from ..models import Confidence, Engine, Finding, Profile, Region, RuleInfo, Severity
from .base import CheckContext
from .imports import is_package_imported, source_roots

RULE = RuleInfo(
    id="missing-package-init",
    family="missing-package-init",
    summary="A folder of Python modules that is used as a package has no __init__.py.",
    severity=Severity.ERROR,
    profile=Profile.STRUCTURE,
    engine=Engine.NATIVE,
    confidence=Confidence.HIGH,
    references=(
        "https://docs.python.org/3/tutorial/modules.html#packages",
        "https://peps.python.org/pep-0420/",
    ),
    docs="""\
## What it does

Flags a folder that holds Python modules and is used as a package (it sits
inside a package, or some module imports it) but has no `__init__.py`. Each
folder is reported once, at the `__init__.py` that should exist. Folders
that a tool loads by file path (an Alembic migration environment) and
folders shadowed by a module of the same name (`db.py` beside `db/`) are not
reported: an `__init__.py` would break them.

## Why is this bad?

Without `__init__.py` the folder silently becomes a PEP 420 *namespace
package*. Imports then depend on the current directory and `sys.path`,
relative imports break when the code is run from elsewhere, tools such as
mypy, pytest and setuptools' `find_packages()` skip or mis-name the modules,
and two folders with the same name anywhere on the path merge into one
package. Namespace packages are meant for distributing one package across
several projects, not for ordinary application code.

## Example

```text
app/
    __init__.py
    api/            <- no __init__.py
        routes.py
```

## Use instead

```text
app/
    __init__.py
    api/
        __init__.py   <- an empty file is enough
        routes.py
```

`backguard fix` creates the missing files. Folders that really are namespace
packages can be listed in `[tool.backguard] namespace-packages`.

## References

- [Python tutorial: packages](https://docs.python.org/3/tutorial/modules.html#packages)
- [PEP 420: implicit namespace packages](https://peps.python.org/pep-0420/)
""",
)


def tool_loaded_directories(inventory: Inventory) -> set[str]:
    """Return the folders whose modules a tool loads by file path, never as a package.

    Alembic's migration environment (``env.py`` beside ``script.py.mako`` or a
    ``versions/`` folder) is executed by Alembic from its path: an
    ``__init__.py`` there or relative imports in it would break ``alembic``.

    Args:
        inventory: The scan's inventory.

    Returns:
        Root-relative folders (their subfolders are included by :func:`is_under`).
    """
    directories = set(inventory.directories)
    found = set()
    for file in inventory.files:
        folder, _, name = file.path.rpartition("/")
        versions = f"{folder}/versions" if folder else "versions"
        if name == "script.py.mako" or (name == "env.py" and versions in directories):
            found.add(folder)
    return found


def _folder(path: str) -> str:
    """Return a root-relative path's folder, ``"."`` for the root (as ``PurePosixPath``)."""
    return path.rpartition("/")[0] or "."


def is_under(path: str, directories: Iterable[str]) -> bool:
    """Tell whether a root-relative path is one of the folders or inside one.

    Args:
        path: A root-relative file or folder.
        directories: Root-relative folders (``""`` is the root).

    Returns:
        ``True`` when the path is at or below one of them.
    """
    return any(
        not folder or path == folder or path.startswith(folder + "/") for folder in directories
    )


def is_standalone_script(text: str) -> bool:
    """Tell whether a file is a script meant to run alone (shebang or PEP 723 block).

    Args:
        text: The file's text.

    Returns:
        ``True`` for a shebang first line or a ``# /// script`` metadata block.
    """
    if text.startswith("#!"):
        return True
    if "# /// script" not in text:  # cheap exact pre-check: most modules stop here
        return False
    return any(line.strip() == "# /// script" for line in text.splitlines()[:50])


class MissingPackageInit:
    """Finds folders used as packages that lack ``__init__.py``."""

    rules = (RULE,)
    needs_import_records = True

    def run(self, context: CheckContext) -> list[Finding]:
        """Report each folder once, top-down.

        Args:
            context: The shared scan context.

        Returns:
            One finding per folder that should have an ``__init__.py``.
        """
        modules_by_dir = self._modules_by_directory(context)
        has_init = {
            _folder(file.path)
            for file in context.python_files()
            if file.path.rpartition("/")[2] == "__init__.py"
        }
        roots = source_roots(context)
        namespace = set(context.config.namespace_packages)
        loaded_by_path = tool_loaded_directories(context.inventory)
        modules = {file.path for file in context.python_files()}
        packages = set(has_init)
        findings = []
        for directory in sorted(modules_by_dir, key=lambda d: (d.count("/"), d)):
            if directory in has_init or directory in roots or directory == ".":
                continue
            if is_under(directory, loaded_by_path) or f"{directory}.py" in modules:
                # A sibling `name.py` shadows the folder: an __init__.py would shadow the
                # module instead and break its importers. Renaming is the fix, not this rule's.
                continue
            dotted = _dotted_names(directory, roots)
            if directory in namespace or namespace.intersection(dotted):
                continue
            parent = _folder(directory)
            if parent in packages or is_package_imported(context, dotted, directory):
                packages.add(directory)
                findings.append(self._finding(context, directory))
        return findings

    @staticmethod
    def _modules_by_directory(context: CheckContext) -> dict[str, list[SourceFile]]:
        found: dict[str, list[SourceFile]] = {}
        for file in context.python_files():
            if not file.path.endswith(".py"):
                continue
            text = context.read_text(file)
            if text is None or is_standalone_script(text):
                continue
            found.setdefault(_folder(file.path), []).append(file)
        return found

    @staticmethod
    def _finding(context: CheckContext, directory: str) -> Finding:
        return context.finding(
            RULE,
            f"{directory}/__init__.py",
            Region(1, 1),
            f"Folder '{directory}/' holds modules used as a package but has no __init__.py, "
            "so it becomes an implicit namespace package. Add an empty "
            f"'{directory}/__init__.py' (backguard fix does it).",
        )


def _dotted_names(directory: str, roots: Iterable[str]) -> set[str]:
    names = set()
    for root in roots:
        if root == ".":
            relative = directory
        elif directory.startswith(root + "/"):
            relative = directory[len(root) + 1 :]
        else:
            continue
        parts = relative.split("/")
        if all(part.isidentifier() for part in parts):
            names.add(".".join(parts))
    return names
