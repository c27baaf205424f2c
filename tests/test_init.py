"""`backguard init`: a commented configuration, appended or created, never clobbering anything."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from backguard.config import KNOWN_KEYS, Config, load_file, parse_table
from backguard.init_config import InitError, init_config, render_section
from backguard.models import Severity

from .helpers import run_cli

PYPROJECT = """\
[project]
name = "demo"  # a comment that must survive
version = "1.0"

[tool.ruff]
line-length = 100
"""


def test_appends_a_section_to_pyproject_without_touching_the_rest(tmp_path: Path) -> None:
    """The original bytes stay as they were; the new section loads as the default configuration."""
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text(PYPROJECT, encoding="utf-8")
    completed = run_cli("init", str(tmp_path))
    assert completed.returncode == 0, completed.stderr
    assert "added [tool.backguard] to" in completed.stdout
    text = pyproject.read_text(encoding="utf-8")
    assert text.startswith(PYPROJECT + "\n[tool.backguard]\n")
    assert load_file(pyproject) == Config()
    assert tomllib.loads(text)["tool"]["ruff"] == {"line-length": 100}
    assert not (tmp_path / "backguard.toml").exists()


def test_refuses_politely_when_the_section_exists(tmp_path: Path) -> None:
    """A configured project is left exactly as it is; exit 2 and one line saying why."""
    pyproject = tmp_path / "pyproject.toml"
    original = PYPROJECT + '\n[tool.backguard]\nprofile = "all"\n'
    pyproject.write_text(original, encoding="utf-8")
    completed = run_cli("init", str(tmp_path))
    assert completed.returncode == 2
    assert "already has a [tool.backguard] section; leaving it as it is" in completed.stderr
    assert pyproject.read_text(encoding="utf-8") == original


def test_writes_backguard_toml_when_there_is_no_pyproject(tmp_path: Path) -> None:
    """A project without pyproject.toml (a Node.js service) gets a standalone backguard.toml."""
    completed = run_cli("init", str(tmp_path))
    assert completed.returncode == 0, completed.stderr
    standalone = tmp_path / "backguard.toml"
    assert f"created {standalone}" in completed.stdout
    assert load_file(standalone) == Config()
    assert not (tmp_path / "pyproject.toml").exists()
    again = run_cli("init", str(tmp_path))
    assert again.returncode == 2
    assert "backguard.toml already exists" in again.stderr


def test_standalone_option_leaves_pyproject_alone(tmp_path: Path) -> None:
    """--standalone writes backguard.toml even next to a pyproject.toml."""
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text(PYPROJECT, encoding="utf-8")
    outcome = init_config(tmp_path, standalone=True)
    assert outcome.path == tmp_path / "backguard.toml" and outcome.created
    assert pyproject.read_text(encoding="utf-8") == PYPROJECT
    assert load_file(outcome.path) == Config()


def test_standalone_file_is_refused_next_to_a_configured_pyproject(tmp_path: Path) -> None:
    """backguard.toml would silently win over the existing [tool.backguard]."""
    (tmp_path / "pyproject.toml").write_text(
        '[tool.backguard]\nprofile = "all"\n', encoding="utf-8"
    )
    with pytest.raises(InitError, match="already has a \\[tool.backguard\\] section"):
        init_config(tmp_path, standalone=True)
    assert not (tmp_path / "backguard.toml").exists()


def test_keeps_crlf_line_endings_and_a_missing_final_newline(tmp_path: Path) -> None:
    """A Windows-edited file stays CRLF; a file without a final newline gets a blank line first."""
    pyproject = tmp_path / "pyproject.toml"
    original = PYPROJECT.replace("\n", "\r\n").rstrip("\r\n")
    pyproject.write_bytes(original.encode())
    init_config(tmp_path)
    data = pyproject.read_bytes()
    assert data.startswith(original.encode() + b"\r\n\r\n[tool.backguard]\r\n")
    assert b"\n" not in data.replace(b"\r\n", b"")
    assert load_file(pyproject) == Config()


@pytest.mark.parametrize(
    "content, problem",
    [
        ('[project\nname = "x"\n', "invalid TOML"),
        ("tool = { black = { line-length = 80 } }\n", "cannot be appended"),
    ],
)
def test_refuses_files_it_cannot_extend_safely(tmp_path: Path, content: str, problem: str) -> None:
    """Broken TOML, or a file where the section would not be valid TOML, is never written to."""
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text(content, encoding="utf-8")
    with pytest.raises(InitError, match=problem):
        init_config(tmp_path)
    assert pyproject.read_text(encoding="utf-8") == content


def test_template_lists_every_configuration_key_with_its_default() -> None:
    """No key is forgotten, and uncommenting every setting still gives a valid configuration."""
    for standalone in (False, True):
        text = render_section(standalone=standalone)
        assert tomllib.loads(text)  # as written: valid, and only defaults are active
        uncommented = re.sub(r"^# (?=[\w-]+ = |\[)", "", text, flags=re.MULTILINE)
        data = tomllib.loads(uncommented)
        table = data if standalone else data["tool"]["backguard"]
        assert set(table) == set(KNOWN_KEYS)
        config = parse_table(table, "template")
        assert dict(config.severity_overrides) == {"subprocess-without-timeout": Severity.ERROR}
        assert config.override(severity_overrides=()) == Config()


def test_print_shows_the_section_and_writes_nothing(tmp_path: Path) -> None:
    """--print is for pasting by hand."""
    completed = run_cli("init", str(tmp_path), "--print")
    assert completed.returncode == 0
    assert completed.stdout == render_section()
    assert list(tmp_path.iterdir()) == []


def test_a_missing_folder_is_an_error(tmp_path: Path) -> None:
    """One clear line, exit 2."""
    completed = run_cli("init", str(tmp_path / "nope"))
    assert completed.returncode == 2
    assert "not a folder" in completed.stderr
