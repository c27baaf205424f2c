"""``dockerfile-cmd-not-module``: the image starts its Python app without ``python -m``.

Dockerfiles are read with the ``dockerfile-parse`` library rather than line
by line: it already handles continuation lines, comments, parser directives
and exec vs. shell form, which a hand-written reader gets subtly wrong.
Heredoc bodies (``RUN <<EOF``), which it does not understand, are folded back
into their instruction here. Only the final stage's effective command counts
(its own or inherited ENTRYPOINT and CMD, combined as Docker does); an
entrypoint script that is in the repository is followed to its ``exec`` line.
"""

from __future__ import annotations

import io
import json
import re
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from dockerfile_parse import DockerfileParser

from ..discovery import FileKind, SourceFile
from ..models import Confidence, Engine, Finding, Profile, Region, RuleInfo, Severity
from .base import CheckContext
from .shell import Command, PythonRun, basename, commands_in_script, programs, python_run

RULE = RuleInfo(
    id="dockerfile-cmd-not-module",
    family="dockerfile-cmd-not-module",
    summary="The image's command starts the Python app or server without `python -m`.",
    severity=Severity.ERROR,
    profile=Profile.STRUCTURE,
    engine=Engine.NATIVE,
    confidence=Confidence.HIGH,
    references=(
        "https://docs.python.org/3/using/cmdline.html#cmdoption-m",
        "https://docs.docker.com/reference/dockerfile/#understand-how-cmd-and-entrypoint-interact",
    ),
    docs="""\
## What it does

Reads every Dockerfile (`Dockerfile`, `Dockerfile.*`, `*.Dockerfile`,
`Containerfile`) with a Dockerfile parser and judges the final stage's
effective command: ENTRYPOINT and CMD combined as Docker combines them,
inherited from an earlier stage when the final stage sets none, seen through
`sh -c "..."` wrappers, and followed into an entrypoint script in the
repository up to its `exec` line. It flags a command that starts a Python
server or app without `python -m`: `uvicorn app:app`, `gunicorn ...`,
`hypercorn ...`, `fastapi run`, `python src/main.py`. Earlier build stages
and images that do not start Python are not judged.

## Why is this bad?

A console script such as `uvicorn` runs with whatever `sys.path` its
wrapper was generated with, and `python src/main.py` puts `src/` (not the
project) first on `sys.path`, so the project's package is importable only by
accident: absolute self-imports and `sys.path` hacks follow. `python -m`
runs the code as a module of the installed or current-directory package,
with the same import semantics as tests and local runs, and picks the
interpreter of the image's virtualenv explicitly.

## Example

```dockerfile
FROM python:3.12-slim
COPY . /app
WORKDIR /app
CMD ["uvicorn", "app.main:app", "--host", "0.0.0.0"]
```

## Use instead

```dockerfile
FROM python:3.12-slim
COPY . /app
WORKDIR /app
CMD ["python", "-m", "uvicorn", "app.main:app", "--host", "0.0.0.0"]
```

## References

- [Python docs: the `-m` option](https://docs.python.org/3/using/cmdline.html#cmdoption-m)
- [Dockerfile reference: how CMD and ENTRYPOINT interact](https://docs.docker.com/reference/dockerfile/#understand-how-cmd-and-entrypoint-interact)
""",
)

#: Server launchers that should be started as ``python -m <name>``.
SERVER_PROGRAMS = frozenset({"uvicorn", "gunicorn", "hypercorn", "daphne", "granian"})
#: CLIs whose ``run``/``dev`` subcommand starts a server.
SERVER_CLIS = frozenset({"fastapi", "flask"})
_HEREDOC = re.compile(r"<<-?\s*([\"']?)([A-Za-z_][A-Za-z0-9_]*)\1")
_STAGE_NAME = re.compile(r"\s+as\s+(\S+)\s*$", re.IGNORECASE)
MAX_DOCKERFILE_BYTES = 2_000_000


@dataclass(frozen=True)
class Instruction:
    """One Dockerfile instruction (1-based lines; continuations already joined)."""

    name: str
    value: str
    line: int
    heredoc: str | None = None
    """The heredoc body of ``RUN <<EOF`` (``None`` when there is none)."""
    heredoc_line: int = 0
    """The 1-based line where the heredoc body starts."""

    def exec_words(self) -> list[str] | None:
        """Return the exec-form words (``["a", "b"]``), or ``None`` for shell form."""
        text = self.value.strip()
        if not text.startswith("["):
            return None
        try:
            words = json.loads(text)
        except ValueError:
            return None
        if isinstance(words, list) and all(isinstance(word, str) for word in words):
            return words
        return None

    def words(self) -> list[str]:
        """Return the words Docker runs: exec form as is, shell form under ``/bin/sh -c``."""
        words = self.exec_words()
        return words if words is not None else ["/bin/sh", "-c", self.value]


@dataclass
class Stage:
    """One build stage: from its FROM to the next."""

    base: str
    name: str | None
    line: int
    instructions: list[Instruction] = field(default_factory=list)

    def last(self, name: str) -> Instruction | None:
        """Return the stage's last instruction of a kind (``CMD``), if any.

        Args:
            name: The instruction name, upper case.

        Returns:
            The instruction or ``None``.
        """
        return next((item for item in reversed(self.instructions) if item.name == name), None)


def parse_dockerfile(text: str) -> list[Stage]:
    """Parse a Dockerfile into stages.

    Args:
        text: The Dockerfile's text.

    Returns:
        The stages in order (instructions before the first FROM are dropped).
    """
    parser = DockerfileParser(fileobj=io.BytesIO(text.encode("utf-8")), env_replace=False)
    raw_lines = text.splitlines()
    stages: list[Stage] = []
    skip_until = -1
    for item in parser.structure:
        if item["startline"] <= skip_until:
            continue
        name = str(item["instruction"]).upper()
        value = str(item["value"])
        line = int(item["startline"]) + 1
        if name == "FROM":
            stages.append(_stage(value, line))
            continue
        if name == "COMMENT" or not stages:
            continue
        heredoc, body_line = None, 0
        match = _HEREDOC.search(value) if name == "RUN" else None
        if match:
            heredoc, skip_until = _heredoc_body(raw_lines, int(item["endline"]) + 1, match.group(2))
            body_line = int(item["endline"]) + 2
        stages[-1].instructions.append(Instruction(name, value, line, heredoc, body_line))
    return stages


def _stage(value: str, line: int) -> Stage:
    """Start a stage from a FROM value (``--platform`` flags skipped, ``AS name`` read)."""
    words = [word for word in value.split() if not word.startswith("--")]
    base = words[0] if words else ""
    match = _STAGE_NAME.search(value)
    return Stage(base=base, name=match.group(1).lower() if match else None, line=line)


def _heredoc_body(lines: list[str], start: int, delimiter: str) -> tuple[str, int]:
    """Return the heredoc body from 0-based ``start`` and the 0-based terminator line."""
    body: list[str] = []
    for number in range(start, len(lines)):
        if lines[number].strip() == delimiter:
            return "\n".join(body), number
        body.append(lines[number])
    return "\n".join(body), len(lines)


def dockerfile_stages(context: CheckContext, file: SourceFile) -> list[Stage] | None:
    """Return a Dockerfile's stages (parsed once per scan), or ``None`` with a notification.

    Args:
        context: The scan context.
        file: A Dockerfile of the inventory.

    Returns:
        The stages, or ``None`` when the file cannot be read or parsed.
    """

    def compute() -> list[Stage] | None:
        text = context.read_text(file)
        if text is None:
            return None
        if len(text) > MAX_DOCKERFILE_BYTES:
            context.notify("skipped by native checks: Dockerfile too large", file.path)
            return None
        try:
            return parse_dockerfile(text)
        except Exception as error:  # noqa: BLE001 - the parser may fail in any way on garbage
            context.notify(
                f"skipped by native checks: cannot parse Dockerfile ({type(error).__name__})",
                file.path,
            )
            return None

    return context.memo(f"dockerfile:{file.path}", compute)


def effective_command(stages: list[Stage]) -> tuple[Instruction | None, Instruction | None]:
    """Return the final stage's effective ENTRYPOINT and CMD, following stage inheritance.

    Args:
        stages: The Dockerfile's stages.

    Returns:
        ``(entrypoint, cmd)``; either may be ``None``.
    """
    if not stages:
        return None, None
    return _effective(stages, len(stages) - 1, depth=0)


def _effective(
    stages: list[Stage], index: int, depth: int
) -> tuple[Instruction | None, Instruction | None]:
    """Return a stage's ENTRYPOINT and CMD, inheriting from the stage it is built on."""
    stage = stages[index]
    entrypoint, cmd = stage.last("ENTRYPOINT"), stage.last("CMD")
    parent = next(
        (
            position
            for position in range(index - 1, -1, -1)
            if stages[position].name == stage.base.lower()
        ),
        None,
    )
    if parent is not None and depth < len(stages):
        inherited_entrypoint, inherited_cmd = _effective(stages, parent, depth + 1)
        if cmd is None and entrypoint is None:
            cmd = inherited_cmd  # Setting ENTRYPOINT resets an inherited CMD.
        entrypoint = entrypoint or inherited_entrypoint
    return entrypoint, cmd


def command_words(entrypoint: Instruction | None, cmd: Instruction | None) -> list[str]:
    """Combine ENTRYPOINT and CMD as Docker does.

    Args:
        entrypoint: The effective ENTRYPOINT.
        cmd: The effective CMD.

    Returns:
        The words the container runs.
    """
    if entrypoint is None:
        return cmd.words() if cmd else []
    if entrypoint.exec_words() is None:
        return entrypoint.words()  # A shell-form ENTRYPOINT ignores CMD.
    return entrypoint.words() + (cmd.words() if cmd else [])


@dataclass(frozen=True)
class ServerStart:
    """A command that starts Python without ``python -m``."""

    dockerfile: str
    instruction: Instruction
    program: tuple[str, ...]
    via: str | None = None
    """``path:line`` of the entrypoint script's exec line, when followed into one."""
    run: PythonRun | None = None


def server_problem(words: tuple[str, ...]) -> str | None:
    """Say what is wrong with a program start, if anything.

    Args:
        words: A command with wrappers removed.

    Returns:
        A short description (``uvicorn``, ``python src/main.py``), or ``None`` when fine.
    """
    if not words:
        return None
    name = basename(words[0])
    if name in SERVER_PROGRAMS:
        return name
    if name in SERVER_CLIS and len(words) > 1 and words[1] in {"run", "dev"}:
        return f"{name} {words[1]}"
    run = python_run(words)
    if run is not None and run.script:
        return f"{basename(run.interpreter)} {run.script}"
    return None


def _shell_file(context: CheckContext, dockerfile: SourceFile, word: str) -> SourceFile | None:
    """Find an entrypoint script named in the image in the repository (best path-suffix match)."""
    if word.startswith("$") or "/" not in word and not word.endswith(".sh"):
        return None
    parts = [part for part in PurePosixPath(word).parts if part not in {"/", "."}]
    if not parts:
        return None
    folder = str(PurePosixPath(dockerfile.path).parent)
    candidates = [file for file in context.inventory.files if file.kind is not FileKind.PYTHON]
    for length in range(len(parts), 0, -1):
        suffix = "/".join(parts[-length:])
        matches = [
            file for file in candidates if file.path == suffix or file.path.endswith("/" + suffix)
        ]
        if length == 1:
            nearby = f"{folder}/{suffix}" if folder != "." else suffix
            matches = [file for file in matches if file.path == nearby] or matches[:1]
        if matches:
            chosen = matches[0]
            text = context.read_text(chosen)
            if text is not None and (chosen.kind is FileKind.SHELL or text.startswith("#!")):
                return chosen
            return None
    return None


def _exec_line(context: CheckContext, script: SourceFile) -> Command | None:
    """Return the last ``exec`` command of an entrypoint script, if any."""
    text = context.read_text(script)
    if text is None:
        return None
    execs = [command for command in commands_in_script(text) if command.words[0] == "exec"]
    return execs[-1] if execs else None


def find_server_starts(context: CheckContext) -> list[ServerStart]:
    """Find every Dockerfile whose final command starts Python without ``python -m`` (memoised).

    Args:
        context: The scan context.

    Returns:
        At most one problem per Dockerfile.
    """

    def compute() -> list[ServerStart]:
        found = []
        for file in context.inventory.of_kind(FileKind.DOCKERFILE):
            stages = dockerfile_stages(context, file)
            if stages:
                problem = _judge(context, file, stages)
                if problem is not None:
                    found.append(problem)
        return found

    return context.memo("dockerfile_server_starts", compute)


def _judge(context: CheckContext, file: SourceFile, stages: list[Stage]) -> ServerStart | None:
    """Return the problem with a Dockerfile's final command, if any."""
    entrypoint, cmd = effective_command(stages)
    words = command_words(entrypoint, cmd)
    for program in programs(words):
        origin = _origin(program.words, entrypoint, cmd)
        if origin is None:
            continue
        if server_problem(program.words):
            return ServerStart(file.path, origin, program.words, run=python_run(program.words))
        script = _shell_file(context, file, program.words[0])
        if script is None:
            continue
        exec_command = _exec_line(context, script)
        if exec_command is None:
            continue
        passed = list(program.words[1:])
        expanded = [
            item
            for word in exec_command.words
            for item in (passed if word in {"$@", "${@}", "$*"} else [word])
        ]
        for inner in programs(expanded):
            if server_problem(inner.words):
                from_cmd = cmd is not None and bool(passed) and inner.words[0] in passed
                instruction = cmd if from_cmd and cmd else entrypoint or origin
                return ServerStart(
                    file.path,
                    instruction,
                    inner.words,
                    via=f"{script.path}:{exec_command.line + 1}",
                    run=python_run(inner.words),
                )
    return None


def _origin(
    program: tuple[str, ...], entrypoint: Instruction | None, cmd: Instruction | None
) -> Instruction | None:
    """Tell which instruction a program's words come from (CMD when it names the program)."""
    if cmd is not None and program and program[0] in cmd.value:
        if entrypoint is None or program[0] not in entrypoint.value:
            return cmd
    return entrypoint or cmd


class DockerfileCommand:
    """Judges the final stage's effective command of every Dockerfile."""

    rules = (RULE,)

    def run(self, context: CheckContext) -> list[Finding]:
        """Report each Dockerfile whose image starts Python without ``python -m``.

        Args:
            context: The shared scan context.

        Returns:
            At most one finding per Dockerfile.
        """
        return [self._finding(context, start) for start in find_server_starts(context)]

    @staticmethod
    def _finding(context: CheckContext, start: ServerStart) -> Finding:
        """Report one Dockerfile whose image starts Python without ``-m``."""
        shown = " ".join(start.program[:3]) + (" ..." if len(start.program) > 3 else "")
        where = f" (via {start.via})" if start.via else ""
        if start.run is not None and start.run.script:
            advice = "run the app as a module: `python -m <package>.<module>`"
        else:
            advice = f"start it as `python -m {basename(start.program[0])} ...`"
        return context.finding(
            RULE,
            start.dockerfile,
            Region(start.instruction.line),
            f"The image starts Python with `{shown}`{where} instead of `python -m`, so imports "
            f"depend on the launcher's sys.path; {advice}.",
        )
