"""``backguard init``: write a commented starting configuration without clobbering anything.

The section is appended to ``pyproject.toml`` (as ``[tool.backguard]``) or
written as a standalone ``backguard.toml``. Existing content is never
rewritten: the new text is appended, and only after the combined file has
been checked to parse as TOML. A project that already has a configuration is
left alone. Every key of :data:`backguard.config.KNOWN_KEYS` is listed with
its built-in default, so the template cannot drift from the parser.
"""

from __future__ import annotations

import enum
import json
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import INFORMATION_URI
from .config import KNOWN_KEYS, Config

STANDALONE_NAME = "backguard.toml"
PYPROJECT_NAME = "pyproject.toml"

#: Keys written as active settings; every other key is written commented out.
ACTIVE_KEYS = ("profile", "severity", "confidence", "exclude")

_COMMENTS = {
    "profile": "security (default) | structure | quality | strict | all",
    "select": "run only these rules (replaces the profile)",
    "extend-select": 'rules added to the profile, e.g. ["missing-docstring"]',
    "ignore": 'rules removed, e.g. ["subprocess-without-timeout"]',
    "severity": "exit 1 on findings at or above: error | warning | note",
    "confidence": "report findings at or above: high (proven data flow) | medium | low",
    "exclude": 'gitignore-style patterns to skip, e.g. ["tests/fixtures/"]',
    "max-file-size": "bytes; larger files are skipped with a notification",
    "jobs": "Semgrep jobs; 0 = CPU count",
    "max-time": "seconds for the whole scan; 0 = no deadline",
    "category": "SARIF automationDetails.id (the GitHub code scanning category)",
    "include-suppressed": "keep nosemgrep-silenced findings, marked as suppressions",
    "source-roots": "extra folders module names count from (. and src/ always do)",
    "namespace-packages": "folders that are deliberate namespace packages",
    "jwt-algorithms": "JWT algorithms the code may accept",
    "rate-limiters": "extra decorator/dependency names that rate-limit a route",
    "line-length": "line-too-long limit",
    "max-complexity": "cyclomatic complexity that needs a '# Reason:' comment",
    "allow-init-without-return": "allow __init__ without a '-> None' annotation",
}
_TABLE_KEYS = ("severity-overrides",)
_COMMENT_WIDTH = 36


class InitError(Exception):
    """``init`` refuses to write (a configuration exists, or the file is broken); one clear line."""


@dataclass(frozen=True)
class InitOutcome:
    """What ``init`` wrote."""

    path: Path
    created: bool


def toml_value(value: Any) -> str:
    """Format a configuration default as a TOML value.

    Args:
        value: A string, enum, bool, number or sequence of strings.

    Returns:
        The TOML text (``json.dumps`` quoting is valid TOML for these types).
    """
    if isinstance(value, enum.Enum):
        value = value.value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, list | tuple):
        return "[" + ", ".join(json.dumps(item) for item in value) + "]"
    return json.dumps(value)


def render_section(standalone: bool = False) -> str:
    """Render the commented configuration.

    Args:
        standalone: Render a ``backguard.toml`` (top-level keys) instead of a
            ``[tool.backguard]`` section for ``pyproject.toml``.

    Returns:
        The TOML text, ending with a newline.
    """
    defaults = Config()
    table = "" if standalone else "tool.backguard."
    lines = [] if standalone else ["[tool.backguard]"]
    lines += [
        f"# backguard configuration ({INFORMATION_URI}#configuration).",
        "# Command-line options win over these values; uncomment a line to change its default.",
    ]
    for key in KNOWN_KEYS:
        if key in _TABLE_KEYS:
            continue
        setting = f"{key} = {toml_value(getattr(defaults, key.replace('-', '_')))}"
        if key not in ACTIVE_KEYS:
            setting = "# " + setting
        comment = _COMMENTS.get(key)
        lines.append(f"{setting.ljust(_COMMENT_WIDTH)}  # {comment}" if comment else setting)
    lines += [
        "",
        "# Per-rule severities (error | warning | note), by rule ID or catalogue ID:",
        f"# [{table}severity-overrides]",
        '# subprocess-without-timeout = "error"',
    ]
    return "\n".join(lines) + "\n"


def init_config(folder: Path, standalone: bool = False) -> InitOutcome:
    """Write the configuration for a project.

    Appends ``[tool.backguard]`` to the folder's ``pyproject.toml`` when it
    has one (and ``standalone`` is false); otherwise writes ``backguard.toml``.

    Args:
        folder: The project's folder.
        standalone: Write ``backguard.toml`` even when a ``pyproject.toml`` exists.

    Returns:
        Which file was written and whether it was created.

    Raises:
        InitError: When the project is already configured, the folder does not
            exist, or ``pyproject.toml`` is unreadable or not valid TOML.
    """
    if not folder.is_dir():
        raise InitError(f"{folder}: not a folder")
    standalone_path = folder / STANDALONE_NAME
    if standalone_path.exists():
        raise InitError(f"{standalone_path} already exists; leaving it as it is")
    pyproject = folder / PYPROJECT_NAME
    if standalone or not pyproject.is_file():
        _refuse_if_configured(pyproject)
        _create(standalone_path, render_section(standalone=True))
        return InitOutcome(standalone_path, created=True)
    _append(pyproject, render_section(standalone=False))
    return InitOutcome(pyproject, created=False)


def _read_toml_text(path: Path) -> str:
    try:
        return path.read_bytes().decode("utf-8")
    except OSError as error:
        raise InitError(f"{path}: cannot read ({error.strerror or error})") from None
    except UnicodeDecodeError:
        raise InitError(f"{path}: not UTF-8 text; leaving it as it is") from None


def _has_section(text: str, path: Path) -> bool:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise InitError(f"{path}: invalid TOML ({error}); fix it before running init") from None
    tool = data.get("tool")
    return isinstance(tool, dict) and "backguard" in tool


def _refuse_if_configured(pyproject: Path) -> None:
    """A standalone file next to a configured pyproject.toml would silently win over it."""
    if not pyproject.is_file():
        return
    try:
        configured = _has_section(_read_toml_text(pyproject), pyproject)
    except InitError:
        return  # backguard.toml wins over a pyproject.toml that cannot be read anyway
    if configured:
        raise InitError(f"{pyproject} already has a [tool.backguard] section; leaving it as it is")


def _append(path: Path, section: str) -> None:
    """Append the section in the file's own line endings; the original bytes stay untouched."""
    text = _read_toml_text(path)
    if _has_section(text, path):
        raise InitError(f"{path} already has a [tool.backguard] section; leaving it as it is")
    newline = "\r\n" if "\r\n" in text else "\n"
    separator = "" if not text else (newline if text.endswith("\n") else newline * 2)
    addition = separator + section.replace("\n", newline)
    try:
        tomllib.loads(text + addition)
    except tomllib.TOMLDecodeError as error:
        raise InitError(
            f"{path}: a [tool.backguard] section cannot be appended ({error}); "
            "add it by hand (see 'backguard init --print')"
        ) from None
    try:
        with path.open("a", encoding="utf-8", newline="") as stream:
            stream.write(addition)
    except OSError as error:
        raise InitError(f"cannot write {path}: {error.strerror or error}") from None


def _create(path: Path, text: str) -> None:
    try:
        with path.open("x", encoding="utf-8") as stream:
            stream.write(text)
    except FileExistsError:
        raise InitError(f"{path} already exists; leaving it as it is") from None
    except OSError as error:
        raise InitError(f"cannot write {path}: {error.strerror or error}") from None
