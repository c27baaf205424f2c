"""Shell words for the execution checks: how a command line starts Python, if it does.

Commands are split with :mod:`shlex` (POSIX rules, control operators as
separate tokens), never executed. The helpers see through the usual
wrappers: ``VAR=x``, ``exec``, ``env``, ``sudo``, ``tini --``, ``gosu user``,
``uv run``/``poetry run``, ``sh -c "..."``, and Makefile ``$(PYTHON)``.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

#: A logical line that does not tokenise is joined with the next ones up to this many.
MAX_JOINED_LINES = 20
#: ``sh -c`` wrappers nested deeper than this are not followed.
MAX_WRAPPER_DEPTH = 4

_CONTROL = re.compile(r"^[;&|()]+$")
_ASSIGNMENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*=")
_INTERPRETER = re.compile(r"^(?:python(?:\d+(?:\.\d+)?)?[mw]?|pypy\d?(?:\.\d+)?)(?:\.exe)?$")
_PYTHON_VARIABLE = re.compile(r"\$(?:\(|\{)?\w*PYTHON\w*(?::?-[^)}\s]*)?[)}]?", re.IGNORECASE)
_SHELLS = frozenset({"sh", "bash", "dash", "zsh", "ash", "ksh"})
_KEYWORDS = frozenset(
    {
        "if",
        "then",
        "else",
        "elif",
        "do",
        "while",
        "until",
        "!",
        "{",
        "time",
        "exec",
        "command",
        "nohup",
        "builtin",
        "eval",
    }
)
#: Wrapper programs: name -> options of that program that take a value.
_WRAPPERS: dict[str, frozenset[str]] = {
    "env": frozenset({"-u", "--unset", "-C", "--chdir", "-S", "--split-string"}),
    "sudo": frozenset({"-u", "-g", "-C", "-D", "-h", "-p", "-r", "-t", "-U"}),
    "nice": frozenset({"-n", "--adjustment"}),
    "tini": frozenset({"-p", "-l", "-e"}),
    "dumb-init": frozenset({"-r", "--rewrite"}),
    "timeout": frozenset({"-k", "--kill-after", "-s", "--signal"}),
    "opentelemetry-instrument": frozenset(),
    "ddtrace-run": frozenset(),
    "xvfb-run": frozenset({"-a", "-n", "-s"}),
    "watchmedo": frozenset(),
}
#: Wrappers followed by a fixed number of positional words before the command.
_POSITIONAL_WRAPPERS = {"gosu": 1, "su-exec": 1, "chroot": 1, "timeout": 1}
#: ``<tool> run`` runners: tool -> options of ``run`` that take a value.
_RUNNERS: dict[str, frozenset[str]] = {
    "uv": frozenset(
        {
            "--with",
            "--python",
            "-p",
            "--env-file",
            "--extra",
            "--group",
            "--package",
            "--project",
            "--directory",
            "--index",
            "--with-requirements",
            "--only-group",
        }
    ),
    "poetry": frozenset({"-C", "--directory", "-P", "--project"}),
    "pipenv": frozenset(),
    "pdm": frozenset({"-p", "--project"}),
    "hatch": frozenset({"-e", "--env"}),
    "rye": frozenset(),
    "conda": frozenset({"-n", "--name", "-p", "--prefix", "--cwd"}),
    "micromamba": frozenset({"-n", "--name", "-p", "--prefix"}),
    "mamba": frozenset({"-n", "--name", "-p", "--prefix"}),
}
_PYTHON_VALUE_OPTIONS = frozenset("WX")


@dataclass(frozen=True)
class PythonRun:
    """One start of a Python interpreter found in a command."""

    interpreter: str
    script: str | None = None
    """The file run as a script (``python path/app.py``), if any."""
    module: str | None = None
    """The module run with ``-m``, if any."""
    arguments: tuple[str, ...] = ()


@dataclass(frozen=True)
class Command:
    """One simple command (no control operators), with its 0-based line in the source text."""

    words: tuple[str, ...]
    line: int


def basename(word: str) -> str:
    """Return the last path component of a word (``/usr/bin/python3`` -> ``python3``).

    Args:
        word: A shell word.

    Returns:
        The program name.
    """
    return word.rstrip("/").rsplit("/", 1)[-1]


def is_interpreter(word: str) -> bool:
    """Tell whether a word starts a Python interpreter (``python3.12``, ``/usr/bin/python``).

    Args:
        word: The command word.

    Returns:
        ``True`` for a Python interpreter.
    """
    return bool(_INTERPRETER.match(basename(word)))


def split_words(text: str) -> list[str] | None:
    """Split one command line into words and control operators, as a POSIX shell would.

    Args:
        text: The command line (no unterminated quotes).

    Returns:
        The words, or ``None`` when the quoting is unbalanced.
    """
    lexer = shlex.shlex(_PYTHON_VARIABLE.sub("python", text), posix=True, punctuation_chars=True)
    lexer.whitespace_split = True
    try:
        return list(lexer)
    except ValueError:
        return None


def logical_lines(text: str) -> Iterator[tuple[int, str]]:
    """Yield the script's logical lines: continuations joined, open quotes carried over.

    Args:
        text: A shell script or a multi-line command.

    Yields:
        The 0-based line where each logical line starts, and its text.
    """
    lines = text.splitlines()
    number = 0
    while number < len(lines):
        start = number
        current = lines[number]
        while current.endswith("\\") and number + 1 < len(lines):
            number += 1
            current = current[:-1] + " " + lines[number]
        joined = current
        extra = number
        while (
            split_words(joined) is None
            and extra + 1 < len(lines)
            and extra - start < MAX_JOINED_LINES
        ):
            extra += 1
            joined += "\n" + lines[extra]
        if split_words(joined) is not None:
            number = extra
            current = joined
        yield start, current
        number += 1


def commands_in_words(words: Sequence[str], line: int = 0) -> list[Command]:
    """Split a word list at control operators (``&&``, ``;``, ``|``...) into simple commands.

    Args:
        words: Words as :func:`split_words` returns them.
        line: The 0-based line they come from.

    Returns:
        The simple commands, wrappers not yet removed.
    """
    commands: list[Command] = []
    current: list[str] = []
    for word in words:
        if _CONTROL.match(word):
            if current:
                commands.append(Command(tuple(current), line))
            current = []
        else:
            current.append(word)
    if current:
        commands.append(Command(tuple(current), line))
    return commands


def commands_in_script(text: str) -> list[Command]:
    """Split a shell script (or a one-line command) into simple commands.

    Args:
        text: The script.

    Returns:
        The simple commands with their 0-based lines.
    """
    commands: list[Command] = []
    for line, logical in logical_lines(text):
        words = split_words(logical)
        if words:
            commands.extend(commands_in_words(words, line))
    return commands


def strip_wrappers(words: Sequence[str]) -> list[str]:
    """Remove what runs before the real program: assignments, keywords, wrappers, runners.

    Args:
        words: One simple command.

    Returns:
        The command starting at the real program (may be empty).
    """
    rest = list(words)
    while rest:
        head, name = rest[0], basename(rest[0])
        if _ASSIGNMENT.match(head) or head in _KEYWORDS:
            rest.pop(0)
        elif name in _WRAPPERS or name in _POSITIONAL_WRAPPERS:
            rest = _skip_options(rest[1:], _WRAPPERS.get(name, frozenset()), assignments=True)
            rest = rest[_POSITIONAL_WRAPPERS.get(name, 0) :]
        elif name in _RUNNERS and len(rest) > 1 and rest[1] in {"run", "exec"}:
            rest = _skip_options(rest[2:], _RUNNERS[name], assignments=False)
        elif name == "newrelic-admin" and len(rest) > 1 and rest[1] == "run-program":
            rest = rest[2:]
        else:
            break
    return rest


def _skip_options(words: list[str], valued: frozenset[str], assignments: bool) -> list[str]:
    """Drop a wrapper's options (and their values) up to the command it runs."""
    index = 0
    while index < len(words):
        word = words[index]
        if word == "--":
            return words[index + 1 :]
        if word.startswith("-") and len(word) > 1:
            index += 2 if word in valued else 1
        elif assignments and _ASSIGNMENT.match(word):
            index += 1
        else:
            break
    return words[index:]


def shell_script_argument(words: Sequence[str]) -> str | None:
    """Return the script of ``sh -c "script"`` (any shell, ``-lc``/``-ec`` too).

    Args:
        words: A command with wrappers removed.

    Returns:
        The inner script, or ``None`` when this is not a ``-c`` shell.
    """
    if not words or basename(words[0]) not in _SHELLS:
        return None
    for index, word in enumerate(words[1:], start=1):
        if word.startswith("-") and not word.startswith("--") and "c" in word[1:]:
            return words[index + 1] if index + 1 < len(words) else None
        if not word.startswith("-"):
            return None
    return None


def python_run(words: Sequence[str]) -> PythonRun | None:
    """Read a command that starts Python: what it runs (script, module, ``-c``).

    Args:
        words: A command with wrappers removed.

    Returns:
        The run, or ``None`` when the program is not a Python interpreter.
    """
    # Reason: mirrors CPython's own option parsing, which has this many cases.
    if not words or not is_interpreter(words[0]):
        return None
    interpreter = words[0]
    index = 1
    while index < len(words):
        word = words[index]
        if word == "--":
            index += 1
            break
        if word == "-" or not word.startswith("-"):
            break
        if word.startswith("--"):
            index += 1
            continue
        for position, flag in enumerate(word[1:], start=2):
            value = word[position:] or (words[index + 1] if index + 1 < len(words) else "")
            if flag == "m":
                return PythonRun(interpreter, module=value or None)
            if flag == "c":
                return PythonRun(interpreter)
            if flag in _PYTHON_VALUE_OPTIONS:
                index += 0 if word[position:] else 1
                break
        index += 1
    if index >= len(words) or words[index] == "-":
        return PythonRun(interpreter)
    return PythonRun(interpreter, script=words[index], arguments=tuple(words[index + 1 :]))


def programs(words: Sequence[str], line: int = 0, depth: int = 0) -> list[Command]:
    """Return the real programs a command runs, following ``sh -c`` wrappers.

    Args:
        words: One simple command (exec-form list or shell words).
        line: The 0-based line it starts on.
        depth: How many ``sh -c`` levels deep this is.

    Returns:
        The commands with wrappers removed (an inner script adds one per simple command).
    """
    stripped = strip_wrappers(words)
    inner = shell_script_argument(stripped)
    if inner is None or depth >= MAX_WRAPPER_DEPTH:
        return [Command(tuple(stripped), line)] if stripped else []
    found: list[Command] = []
    for command in commands_in_script(inner):
        found.extend(programs(command.words, line + command.line, depth + 1))
    return found


def script_runs(text: str) -> list[tuple[PythonRun, Command]]:
    """Find every ``python path/file.py`` in a shell script or command line.

    Args:
        text: The script.

    Returns:
        Each run whose target is a ``.py`` file, with the command it was found in.
    """
    return runs_in_commands(commands_in_script(text))


def runs_in_commands(commands: Sequence[Command]) -> list[tuple[PythonRun, Command]]:
    """Find every ``python path/file.py`` among simple commands (wrappers followed).

    Args:
        commands: Simple commands.

    Returns:
        Each run whose target is a ``.py`` file, with its command.
    """
    found: list[tuple[PythonRun, Command]] = []
    for command in commands:
        for program in programs(command.words, command.line):
            run = python_run(program.words)
            if run is not None and run.script and run.script.endswith((".py", ".pyw")):
                found.append((run, program))
    return found
