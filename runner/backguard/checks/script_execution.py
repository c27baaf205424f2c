"""``script-execution``: a Python file is run by path (``python app/main.py``) instead of ``-m``.

Commands are read wherever projects keep them: Dockerfiles, Compose files,
Procfiles, Makefiles, shell scripts, GitHub Actions and GitLab CI, npm
scripts, tox and nox. YAML is read with ``yaml.safe_load`` only (size-capped,
and walked without revisiting shared nodes so that alias bombs stay cheap),
JSON with :mod:`json`, TOML with :mod:`tomllib`; nothing is executed.
"""

from __future__ import annotations

import ast
import configparser
import json
import posixpath
import re
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

import yaml

from ..discovery import FileKind, SourceFile
from ..models import Confidence, Engine, Finding, Profile, Region, RuleInfo, Severity
from .absolute_internal_import import package_index
from .base import CheckContext
from .dockerfile_command import RULE as DOCKERFILE_RULE
from .dockerfile_command import dockerfile_stages, find_server_starts
from .shell import Command, PythonRun, basename, runs_in_commands, script_runs

RULE = RuleInfo(
    id="script-execution",
    family="script-execution",
    summary="A Python file is run by its path (`python path/file.py`) instead of as a module.",
    severity=Severity.ERROR,
    profile=Profile.STRUCTURE,
    engine=Engine.NATIVE,
    confidence=Confidence.HIGH,
    references=(
        "https://docs.python.org/3/using/cmdline.html#cmdoption-m",
        "https://peps.python.org/pep-0338/",
    ),
    docs="""\
## What it does

Flags `python path/to/file.py` (also `python3`, `python3.12`,
`/usr/bin/env python`, `$(PYTHON)`, with flags before the path, inside `&&`
chains and `sh -c "..."` wrappers) in Dockerfile RUN/CMD/ENTRYPOINT,
docker-compose `command`/`entrypoint`, Procfiles, Makefile recipes, shell
scripts, GitHub Actions and GitLab CI steps, `package.json` scripts, tox and
nox. It is an error when the file lives inside a package (its folder has an
`__init__.py`) and a warning otherwise. `python -m pkg.mod`, `python -c`,
`pip` and `pytest` are not flagged.

## Why is this bad?

Running a file by path makes its *folder* the first entry of `sys.path`
and gives the module the name `__main__`. A module inside a package then
cannot use relative imports, the package is importable only by accident
(hence `sys.path.insert` hacks and absolute self-imports), and the same
file imported elsewhere is loaded twice under two names. `python -m`
imports the module through its package, exactly as tests and other modules
see it.

## Example

```shell
python app/main.py
cd src && python3 -u worker/run.py --queue default
```

## Use instead

```shell
python -m app.main
python3 -u -m worker.run --queue default
```

## References

- [Python docs: the `-m` option](https://docs.python.org/3/using/cmdline.html#cmdoption-m)
- [PEP 338: executing modules as scripts](https://peps.python.org/pep-0338/)
""",
)

MAX_CONFIG_BYTES = 1_000_000
MAX_YAML_NODES = 200_000
_COMPOSE = re.compile(r"^(?:docker-)?compose(?:[.-][\w.-]+)?\.ya?ml$", re.IGNORECASE)
_CI_SCRIPT_KEYS = frozenset({"script", "before_script", "after_script"})
_TOX_COMMAND_KEYS = ("commands_pre", "commands", "commands_post")
_NOX_RUN_METHODS = frozenset({"run", "run_always", "run_install"})


@dataclass(frozen=True)
class ScriptRun:
    """One ``python file.py`` found in a project file."""

    path: str
    line: int
    run: PythonRun
    context: str


class ScriptExecution:
    """Finds Python files run by path in the project's commands."""

    rules = (RULE,)

    def run(self, context: CheckContext) -> list[Finding]:
        """Scan every place that holds commands.

        Args:
            context: The shared scan context.

        Returns:
            One finding per ``python file.py`` command.
        """
        already = self._reported_by_dockerfile_rule(context)
        return [
            self._finding(context, item)
            for item in find_script_runs(context)
            if (item.path, item.line, item.run.script or "") not in already
        ]

    @staticmethod
    def _reported_by_dockerfile_rule(context: CheckContext) -> set[tuple[str, int, str]]:
        """The image commands ``dockerfile-cmd-not-module`` reports already (no duplicates)."""
        if not context.is_enabled(DOCKERFILE_RULE.id):
            return set()
        return {
            (start.dockerfile, start.instruction.line, start.run.script)
            for start in find_server_starts(context)
            if start.run is not None and start.run.script and start.via is None
        }

    @staticmethod
    def _finding(context: CheckContext, item: ScriptRun) -> Finding:
        """Report one run: error inside a package, warning otherwise."""
        script = item.run.script or ""
        resolved = resolve_script(context, item.path, script)
        index = package_index(context)
        in_package = resolved is not None and _parent(resolved.path) in index.init_dirs
        module = None
        if resolved is not None:
            names = [".".join(c.parts) for c in index.contexts(resolved.path)]
            module = min(names, key=len) if names else None
        interpreter = basename(item.run.interpreter)
        suggestion = f"`{interpreter} -m {module or '<package>.<module>'}`"
        where = "a module inside a package" if in_package else "a file"
        return context.finding(
            RULE,
            item.path,
            Region(item.line),
            f"{item.context} runs {where} by path (`{interpreter} {script}`), which puts its "
            f"folder on sys.path and breaks package imports; run it as a module: {suggestion}.",
            severity=Severity.ERROR if in_package else Severity.WARNING,
        )


def find_script_runs(context: CheckContext) -> list[ScriptRun]:
    """Find every ``python file.py`` in the project's commands, once per file, line and script.

    Args:
        context: The scan context.

    Returns:
        The runs, in inventory order.
    """
    seen: set[tuple[str, int, str]] = set()
    runs: list[ScriptRun] = []
    for file in context.inventory.files:
        for item in _runs_in(context, file):
            key = (item.path, item.line, item.run.script or "")
            if key not in seen:
                seen.add(key)
                runs.append(item)
    return runs


def _runs_in(context: CheckContext, file: SourceFile) -> list[ScriptRun]:
    """Find the script runs in one file, by what kind of file it is."""
    # Reason: a flat dispatch on file kind reads better than a table of predicates.
    name = file.path.rpartition("/")[2]
    lowered = name.lower()
    if file.kind is FileKind.DOCKERFILE:
        return _dockerfile_runs(context, file)
    if file.kind is FileKind.SHELL:
        return _text_runs(context, file, "Shell script")
    if file.kind is FileKind.PROCFILE:
        return _procfile_runs(context, file)
    if file.kind is FileKind.MAKEFILE:
        return _makefile_runs(context, file)
    if file.kind is FileKind.YAML and _COMPOSE.match(name):
        return _compose_runs(context, file)
    if file.kind is FileKind.YAML and _is_github_actions(file.path):
        return _yaml_script_runs(context, file, {"run"}, "A GitHub Actions step")
    if file.kind is FileKind.YAML and _is_gitlab_ci(file.path):
        return _yaml_script_runs(context, file, _CI_SCRIPT_KEYS, "A GitLab CI job")
    if lowered == "package.json":
        return _package_json_runs(context, file)
    if lowered == "tox.ini":
        return _tox_ini_runs(context, file)
    if lowered in {"tox.toml", "pyproject.toml"}:
        return _tox_toml_runs(context, file)
    if lowered == "noxfile.py":
        return _nox_runs(context, file)
    return []


def _parent(path: str) -> str:
    """Return a root-relative path's folder (``""`` for the root)."""
    parent = str(PurePosixPath(path).parent)
    return "" if parent == "." else parent


def resolve_script(context: CheckContext, source: str, script: str) -> SourceFile | None:
    """Find the repository file a command runs (relative to the command's file, or by path suffix).

    Args:
        context: The scan context.
        source: The root-relative file that holds the command.
        script: The script path as written in the command.

    Returns:
        The Python file, or ``None`` when it is not in the inventory.
    """
    parts = [part for part in PurePosixPath(script).parts if part not in {"/", "."}]
    cut = max(
        (index + 1 for index, part in enumerate(parts) if "$" in part or "{" in part), default=0
    )
    parts = parts[cut:]
    if not parts:
        return None
    tail = "/".join(parts)
    if not script.startswith("/") and not cut:
        folder = _parent(source)
        for candidate in (posixpath.normpath(f"{folder}/{tail}") if folder else tail, tail):
            found = context.inventory.get(candidate)
            if found is not None:
                return found
    for length in range(len(parts), 1, -1):
        suffix = "/".join(parts[-length:])
        for file in context.python_files():
            if file.path == suffix or file.path.endswith("/" + suffix):
                return file
    return None


def _runs(
    path: str, found: list[tuple[PythonRun, Command]], first_line: int, label: str
) -> list[ScriptRun]:
    """Turn found runs into :class:`ScriptRun` items with absolute line numbers."""
    return [ScriptRun(path, first_line + command.line, run, label) for run, command in found]


def _on_first_line(found: list[tuple[PythonRun, Command]]) -> list[tuple[PythonRun, Command]]:
    """Report runs of a one-line command (joined continuations) on the line it starts on."""
    return [(run, Command(command.words, 0)) for run, command in found]


def _text_runs(context: CheckContext, file: SourceFile, label: str) -> list[ScriptRun]:
    """Find script runs in a shell script."""
    text = context.read_text(file)
    if text is None:
        return []
    return _runs(file.path, script_runs(text), 1, label)


def _dockerfile_runs(context: CheckContext, file: SourceFile) -> list[ScriptRun]:
    """Find script runs in every RUN/CMD/ENTRYPOINT (heredocs included) of a Dockerfile."""
    stages = dockerfile_stages(context, file)
    if not stages:
        return []
    found: list[ScriptRun] = []
    for stage in stages:
        for instruction in stage.instructions:
            label = f"The Dockerfile {instruction.name}"
            if instruction.name == "RUN":
                if instruction.heredoc is not None:
                    found += _runs(
                        file.path, script_runs(instruction.heredoc), instruction.heredoc_line, label
                    )
                words = instruction.exec_words()
                if words is not None:
                    found += _runs(
                        file.path,
                        runs_in_commands([Command(tuple(words), 0)]),
                        instruction.line,
                        label,
                    )
                else:
                    found += _runs(
                        file.path,
                        _on_first_line(script_runs(instruction.value)),
                        instruction.line,
                        label,
                    )
            elif instruction.name in {"CMD", "ENTRYPOINT"}:
                commands = [Command(tuple(instruction.words()), 0)]
                found += _runs(file.path, runs_in_commands(commands), instruction.line, label)
    return found


def _procfile_runs(context: CheckContext, file: SourceFile) -> list[ScriptRun]:
    """Find script runs in a Procfile's ``process: command`` lines."""
    text = context.read_text(file)
    if text is None:
        return []
    found: list[ScriptRun] = []
    for number, line in enumerate(text.splitlines(), start=1):
        process, separator, command = line.partition(":")
        if separator and process.strip() and not process.lstrip().startswith("#"):
            found += _runs(file.path, _on_first_line(script_runs(command)), number, "The Procfile")
    return found


def _makefile_runs(context: CheckContext, file: SourceFile) -> list[ScriptRun]:
    """Find script runs in Makefile recipe lines (tab-indented, continuations joined)."""
    text = context.read_text(file)
    if text is None:
        return []
    lines = text.splitlines()
    found: list[ScriptRun] = []
    number = 0
    while number < len(lines):
        start = number
        if lines[number].startswith("\t"):
            recipe = lines[number]
            while recipe.endswith("\\") and number + 1 < len(lines):
                number += 1
                recipe = recipe[:-1] + " " + lines[number].lstrip("\t")
            command = recipe.lstrip("\t").lstrip("@-+ ").replace("$$", "$")
            found += _runs(
                file.path, _on_first_line(script_runs(command)), start + 1, "A Makefile recipe"
            )
        number += 1
    return found


def _is_github_actions(path: str) -> bool:
    """Tell whether a YAML file is a GitHub workflow or action."""
    parts = PurePosixPath(path).parts
    name = parts[-1].lower()
    in_workflows = len(parts) >= 3 and parts[-3] == ".github" and parts[-2] == "workflows"
    return in_workflows or name in {"action.yml", "action.yaml"}


def _is_gitlab_ci(path: str) -> bool:
    """Tell whether a YAML file is GitLab CI configuration."""
    name = PurePosixPath(path).name.lower()
    return name in {".gitlab-ci.yml", ".gitlab-ci.yaml"} or path.startswith(".gitlab/")


def load_yaml(context: CheckContext, file: SourceFile) -> Any:
    """Load a small YAML file with ``yaml.safe_load`` (``None`` with a notification on failure).

    Args:
        context: The scan context.
        file: The YAML file.

    Returns:
        The data, or ``None``.
    """
    text = context.read_text(file)
    if text is None:
        return None
    if len(text) > MAX_CONFIG_BYTES:
        context.notify("skipped by script-execution: YAML file too large", file.path)
        return None
    try:
        return yaml.safe_load(text)
    except (yaml.YAMLError, RecursionError, ValueError) as error:
        context.notify(
            f"skipped by script-execution: invalid YAML ({type(error).__name__})", file.path
        )
        return None


def walk_mappings(data: Any) -> Iterator[dict[Any, Any]]:
    """Yield every mapping in loaded YAML/JSON once (aliases share objects: visit each once).

    Args:
        data: The loaded document.

    Yields:
        Each dict, at most :data:`MAX_YAML_NODES` containers in all.
    """
    seen: set[int] = set()
    stack = [data]
    while stack and len(seen) < MAX_YAML_NODES:
        node = stack.pop()
        if not isinstance(node, dict | list) or id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, dict):
            yield node
            stack.extend(reversed(list(node.values())))
        else:
            stack.extend(reversed(node))


def _strings(value: Any, depth: int = 0) -> list[str]:
    """Return the strings of a value that is a string or a (nested) list of strings."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and depth < 4:
        return [text for item in value for text in _strings(item, depth + 1)]
    return []


class _LineFinder:
    """Finds the line of a command inside a structured file (YAML/JSON/INI loses positions)."""

    def __init__(self, text: str) -> None:
        self.lines = text.splitlines()
        self.used: set[int] = set()

    def line_of(self, run: PythonRun) -> int:
        """Return the first unused line that shows this run (1 when none does)."""
        interpreter = basename(run.interpreter)
        for number, line in enumerate(self.lines, start=1):
            if number not in self.used and (run.script or "") in line and interpreter in line:
                self.used.add(number)
                return number
        return 1


def _yaml_script_runs(
    context: CheckContext, file: SourceFile, keys: set[str] | frozenset[str], label: str
) -> list[ScriptRun]:
    """Find script runs in the values of the given keys anywhere in a YAML file."""
    data = load_yaml(context, file)
    text = context.read_text(file) or ""
    finder = _LineFinder(text)
    found: list[ScriptRun] = []
    for mapping in walk_mappings(data):
        for key in keys:
            for script in _strings(mapping.get(key)):
                for run, _command in script_runs(script):
                    found.append(ScriptRun(file.path, finder.line_of(run), run, label))
    return found


def _compose_runs(context: CheckContext, file: SourceFile) -> list[ScriptRun]:
    """Find script runs in docker-compose ``command``/``entrypoint`` (string or list)."""
    data = load_yaml(context, file)
    services = data.get("services") if isinstance(data, dict) else None
    if not isinstance(services, dict):
        return []
    finder = _LineFinder(context.read_text(file) or "")
    found: list[ScriptRun] = []
    for service in services.values():
        if not isinstance(service, dict):
            continue
        for key in ("entrypoint", "command"):
            value = service.get(key)
            label = f"The docker-compose {key}"
            if isinstance(value, str):
                pairs = script_runs(value)
            elif isinstance(value, list) and all(isinstance(word, str) for word in value):
                pairs = runs_in_commands([Command(tuple(value), 0)])
            else:
                continue
            found += [ScriptRun(file.path, finder.line_of(run), run, label) for run, _ in pairs]
    return found


def _package_json_runs(context: CheckContext, file: SourceFile) -> list[ScriptRun]:
    """Find script runs in ``package.json`` scripts."""
    text = context.read_text(file)
    if text is None or len(text) > MAX_CONFIG_BYTES:
        return []
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        context.notify("skipped by script-execution: invalid JSON", file.path)
        return []
    scripts = data.get("scripts") if isinstance(data, dict) else None
    if not isinstance(scripts, dict):
        return []
    finder = _LineFinder(text)
    return [
        ScriptRun(file.path, finder.line_of(run), run, "A package.json script")
        for command in scripts.values()
        if isinstance(command, str)
        for run, _ in script_runs(command)
    ]


def _tox_ini_runs(context: CheckContext, file: SourceFile) -> list[ScriptRun]:
    """Find script runs in ``tox.ini`` commands."""
    text = context.read_text(file)
    if text is None:
        return []
    parser = configparser.ConfigParser(interpolation=None, strict=False)
    try:
        parser.read_string(text)
    except configparser.Error:
        context.notify("skipped by script-execution: invalid tox.ini", file.path)
        return []
    finder = _LineFinder(text)
    found: list[ScriptRun] = []
    for section in parser.sections():
        if not section.startswith("testenv"):
            continue
        for key in _TOX_COMMAND_KEYS:
            for line in parser[section].get(key, "").splitlines():
                found += [
                    ScriptRun(file.path, finder.line_of(run), run, "The tox command")
                    for run, _ in script_runs(line.lstrip("- "))
                ]
    return found


def _tox_toml_runs(context: CheckContext, file: SourceFile) -> list[ScriptRun]:
    """Find script runs in ``tox.toml`` or ``[tool.tox]`` command lists."""
    # Reason: tox.toml and [tool.tox] nest commands in several optional, loosely typed tables.
    text = context.read_text(file)
    if text is None:
        return []
    try:
        data = tomllib.loads(text)
    except (tomllib.TOMLDecodeError, RecursionError):
        return []  # pyproject.toml errors are the configuration loader's to report
    if PurePosixPath(file.path).name == "pyproject.toml":
        tool = data.get("tool")
        data = tool.get("tox") if isinstance(tool, dict) else None
    if not isinstance(data, dict):
        return []
    environments = [data.get("env_run_base"), data.get("env_pkg_base")]
    if isinstance(data.get("env"), dict):
        environments += list(data["env"].values())
    finder = _LineFinder(text)
    found: list[ScriptRun] = []
    for environment in environments:
        if not isinstance(environment, dict):
            continue
        for key in _TOX_COMMAND_KEYS:
            for command in environment.get(key) or []:
                if isinstance(command, list) and all(isinstance(word, str) for word in command):
                    found += [
                        ScriptRun(file.path, finder.line_of(run), run, "The tox command")
                        for run, _ in runs_in_commands([Command(tuple(command), 0)])
                    ]
    return found


def _nox_runs(context: CheckContext, file: SourceFile) -> list[ScriptRun]:
    """Find ``session.run("python", "x.py")`` calls with literal arguments in a noxfile."""
    tree = context.parse_python(file)
    if tree is None:
        return []
    found: list[ScriptRun] = []
    for node in ast.walk(tree):
        if not (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in _NOX_RUN_METHODS
        ):
            continue
        words: list[str] = []
        for argument in node.args:
            if not (isinstance(argument, ast.Constant) and isinstance(argument.value, str)):
                break
            words.append(argument.value)
        found += (
            [
                ScriptRun(file.path, node.lineno, run, "A nox session")
                for run, _ in runs_in_commands([Command(tuple(words), 0)])
            ]
            if words
            else []
        )
    return found
