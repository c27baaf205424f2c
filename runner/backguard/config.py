"""Configuration: ``[tool.backguard]`` in ``pyproject.toml``, a ``--config`` file, the command line.

Precedence, lowest first: built-in defaults, the file, command-line options.
Every key is validated; a wrong key or type is a :class:`ConfigError` whose
message names the file and the key. TOML is read with the standard
library's ``tomllib``.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from .models import Confidence, Severity

PROFILES = ("security", "structure", "quality", "strict", "all")
DEFAULT_CATEGORY = "backguard/"
DEFAULT_MAX_FILE_SIZE = 5_000_000


class ConfigError(Exception):
    """A configuration problem the user must fix; the message is one clear line."""


@dataclass(frozen=True)
class Config:
    """The effective configuration of one scan."""

    profile: str = "security"
    select: tuple[str, ...] = ()
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    severity: Severity = Severity.ERROR
    confidence: Confidence = Confidence.LOW
    exclude: tuple[str, ...] = ()
    max_file_size: int = DEFAULT_MAX_FILE_SIZE
    jobs: int = 0
    max_time: float = 0.0
    category: str = DEFAULT_CATEGORY
    include_suppressed: bool = False
    severity_overrides: tuple[tuple[str, Severity], ...] = ()
    source_roots: tuple[str, ...] = ()
    namespace_packages: tuple[str, ...] = ()
    jwt_algorithms: tuple[str, ...] = ("HS256",)
    rate_limiters: tuple[str, ...] = ()
    line_length: int = 88
    max_complexity: int = 10
    allow_init_without_return: bool = False
    source: str = field(default="defaults", compare=False)

    def override(self, **changes: Any) -> Config:
        """Return a copy with the given (already validated) values; ``None`` leaves a value alone.

        Args:
            **changes: Field names and new values.

        Returns:
            The new configuration.
        """
        return replace(self, **{key: value for key, value in changes.items() if value is not None})

    def severity_for(self, rule_id: str, family: str, default: Severity) -> Severity:
        """Return a rule's severity after ``severity-overrides``.

        Args:
            rule_id: The rule's ID.
            family: The rule's catalogue ID.
            default: The rule's own severity.

        Returns:
            The severity to report.
        """
        overrides = dict(self.severity_overrides)
        return overrides.get(rule_id) or overrides.get(family) or default


def _as_str(value: Any, key: str, where: str) -> str:
    if not isinstance(value, str):
        raise ConfigError(f"{where}: '{key}' must be a string, got {type(value).__name__}")
    return value


def _as_str_list(value: Any, key: str, where: str) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ConfigError(f"{where}: '{key}' must be a list of strings")
    return tuple(value)


def _as_int(value: Any, key: str, where: str, minimum: int = 0) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise ConfigError(f"{where}: '{key}' must be an integer >= {minimum}")
    return value


def _as_float(value: Any, key: str, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
        raise ConfigError(f"{where}: '{key}' must be a number >= 0")
    return float(value)


def _as_bool(value: Any, key: str, where: str) -> bool:
    if not isinstance(value, bool):
        raise ConfigError(f"{where}: '{key}' must be true or false")
    return value


def _as_profile(value: Any, key: str, where: str) -> str:
    text = _as_str(value, key, where)
    if text not in PROFILES:
        raise ConfigError(f"{where}: '{key}' must be one of {', '.join(PROFILES)}, got {text!r}")
    return text


def _as_severity(value: Any, key: str, where: str) -> Severity:
    try:
        return Severity.parse(_as_str(value, key, where))
    except ValueError as error:
        raise ConfigError(f"{where}: '{key}': {error}") from None


def _as_confidence(value: Any, key: str, where: str) -> Confidence:
    try:
        return Confidence.parse(_as_str(value, key, where))
    except ValueError as error:
        raise ConfigError(f"{where}: '{key}': {error}") from None


def _as_overrides(value: Any, key: str, where: str) -> tuple[tuple[str, Severity], ...]:
    if not isinstance(value, dict):
        raise ConfigError(f"{where}: '{key}' must be a table of rule ID = severity")
    return tuple(
        (rule, _as_severity(level, f"{key}.{rule}", where)) for rule, level in value.items()
    )


_PARSERS = {
    "profile": _as_profile,
    "select": _as_str_list,
    "extend-select": _as_str_list,
    "ignore": _as_str_list,
    "severity": _as_severity,
    "confidence": _as_confidence,
    "exclude": _as_str_list,
    "max-file-size": lambda v, k, w: _as_int(v, k, w, 1),
    "jobs": _as_int,
    "max-time": _as_float,
    "category": _as_str,
    "include-suppressed": _as_bool,
    "severity-overrides": _as_overrides,
    "source-roots": _as_str_list,
    "namespace-packages": _as_str_list,
    "jwt-algorithms": _as_str_list,
    "rate-limiters": _as_str_list,
    "line-length": lambda v, k, w: _as_int(v, k, w, 1),
    "max-complexity": lambda v, k, w: _as_int(v, k, w, 1),
    "allow-init-without-return": _as_bool,
}
KNOWN_KEYS = tuple(_PARSERS)
assert {key.replace("-", "_") for key in _PARSERS} <= {f.name for f in fields(Config)}


def parse_table(table: dict[str, Any], where: str) -> Config:
    """Validate a ``[tool.backguard]`` table and build a configuration.

    Args:
        table: The parsed TOML table.
        where: How to name the table in errors (``pyproject.toml [tool.backguard]``).

    Returns:
        The configuration.

    Raises:
        ConfigError: On an unknown key or a value of the wrong type.
    """
    values: dict[str, Any] = {}
    for key, value in table.items():
        parser = _PARSERS.get(key)
        if parser is None:
            raise ConfigError(f"{where}: unknown key '{key}' (known keys: {', '.join(KNOWN_KEYS)})")
        values[key.replace("-", "_")] = parser(value, key, where)
    return Config(source=where, **values)


def load_file(path: Path) -> Config:
    """Load a configuration file: a ``pyproject.toml`` or a standalone ``backguard.toml``.

    Args:
        path: The file to read.

    Returns:
        The configuration; defaults when a ``pyproject.toml`` has no ``[tool.backguard]``.

    Raises:
        ConfigError: When the file cannot be read, is not TOML or is invalid.
    """
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"{path}: config file not found") from None
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(f"{path}: cannot read config file ({error})") from None
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: invalid TOML: {error}") from None
    tool = data.get("tool", {})
    if isinstance(tool, dict) and "backguard" in tool:
        table = tool["backguard"]
        where = f"{path} [tool.backguard]"
    elif path.name == "pyproject.toml":
        return Config(source=str(path))
    else:
        table, where = data, str(path)
    if not isinstance(table, dict):
        raise ConfigError(f"{where}: must be a table")
    return parse_table(table, where)


def discover_config(root: Path, explicit: Path | None = None) -> Config:
    """Find the configuration for a scan root.

    Args:
        root: The scan root.
        explicit: A file named with ``--config``; it wins over the project's own.

    Returns:
        The configuration (defaults when there is none).
    """
    if explicit is not None:
        return load_file(explicit)
    for name in ("backguard.toml", "pyproject.toml"):
        candidate = root / name
        if candidate.is_file():
            return load_file(candidate)
    return Config()
