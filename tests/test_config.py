"""Configuration: validation with clear errors naming the file and key."""

from __future__ import annotations

from pathlib import Path

import pytest

from backguard.config import Config, ConfigError, discover_config, load_file, parse_table
from backguard.models import Severity

from .helpers import run_cli, write_tree


def test_defaults_without_config(tmp_path: Path) -> None:
    """A project without configuration gets the defaults."""
    assert discover_config(tmp_path) == Config()


def test_pyproject_table_is_read(tmp_path: Path) -> None:
    """[tool.backguard] values reach the Config, kebab-case keys included."""
    write_tree(
        tmp_path,
        {
            "pyproject.toml": (
                '[tool.backguard]\nprofile = "all"\nseverity = "warning"\nexclude = ["gen/"]\n'
                "max-file-size = 1000\n"
                '[tool.backguard.severity-overrides]\nshell-command = "note"\n'
            )
        },
    )
    config = discover_config(tmp_path)
    assert config.profile == "all"
    assert config.severity is Severity.WARNING
    assert config.exclude == ("gen/",)
    assert config.max_file_size == 1000
    assert config.severity_for("shell-command", "shell-command", Severity.ERROR) is Severity.NOTE


@pytest.mark.parametrize(
    ("table", "expected"),
    [
        ({"profil": "all"}, "unknown key 'profil'"),
        ({"profile": "paranoid"}, "'profile' must be one of"),
        ({"exclude": [1, 2]}, "'exclude' must be a list of strings"),
        ({"max-file-size": "big"}, "'max-file-size' must be an integer"),
        ({"severity": "fatal"}, "unknown severity 'fatal'"),
        ({"include-suppressed": "yes"}, "'include-suppressed' must be true or false"),
    ],
)
def test_bad_values_name_the_key(table: dict, expected: str) -> None:
    """Each bad key or value produces a one-line error that names it."""
    with pytest.raises(ConfigError, match=expected):
        parse_table(table, "pyproject.toml [tool.backguard]")


def test_broken_toml_is_a_config_error(tmp_path: Path) -> None:
    """A TOML syntax error names the file."""
    path = (
        write_tree(tmp_path, {"pyproject.toml": "[tool.backguard\nprofile = 'all'\n"})
        / "pyproject.toml"
    )
    with pytest.raises(ConfigError, match="invalid TOML"):
        load_file(path)


def test_cli_exits_2_with_one_line_on_bad_config(tmp_path: Path) -> None:
    """A wrong key stops the scan with exit 2 and one line on stderr, no traceback."""
    write_tree(tmp_path, {"pyproject.toml": "[tool.backguard]\nseverity = 3\n", "a.py": "x = 1\n"})
    completed = run_cli("scan", str(tmp_path))
    assert completed.returncode == 2
    assert completed.stderr.strip().count("\n") == 0
    assert "pyproject.toml [tool.backguard]: 'severity' must be a string" in completed.stderr
    assert "Traceback" not in completed.stderr
