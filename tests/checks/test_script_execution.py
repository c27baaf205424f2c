"""``script-execution``: ``python file.py`` wherever commands live, and what is not flagged."""

from __future__ import annotations

from pathlib import Path

import pytest

from backguard.checks.base import CheckContext
from backguard.checks.script_execution import ScriptExecution
from backguard.models import Finding, Severity

from ..helpers import FIXTURES, write_tree
from .support import assert_every_fail_case_expected, fixture_cases, run_check

RULE_ID = "script-execution"
HERE = FIXTURES / RULE_ID
E, W = Severity.ERROR, Severity.WARNING

#: (file, line, severity): error when the script is inside a package.
EXPECTED: dict[str, set[tuple[str, int, Severity]]] = {
    "fail_everywhere": {
        (".github/workflows/ci.yml", 12, W),
        (".gitlab-ci.yml", 8, E),
        ("Dockerfile", 2, W),
        ("Dockerfile", 3, E),
        ("Dockerfile", 6, E),
        ("Makefile", 5, W),
        ("Makefile", 8, E),
        ("Procfile", 1, E),
        ("bin/run.sh", 3, E),
        ("docker-compose.yml", 4, E),
        ("docker-compose.yml", 7, W),
        ("noxfile.py", 7, W),
        ("package.json", 5, E),
        ("package.json", 6, W),
        ("tox.ini", 8, W),
    },
}


def scan(root: Path, *rules: str) -> tuple[list[Finding], CheckContext]:
    """Run the check alone over a project folder.

    Args:
        root: The project.
        *rules: Extra enabled rule IDs.

    Returns:
        Its findings and the context (for notifications).
    """
    return run_check(root, ScriptExecution(), [RULE_ID, *rules])


def test_every_fixture_has_expectations() -> None:
    """A new fail_* folder without expected findings is a test bug."""
    assert_every_fail_case_expected(RULE_ID, EXPECTED)


@pytest.mark.parametrize("case", fixture_cases(RULE_ID))
def test_fixture_findings(case: str) -> None:
    """Exactly the expected commands, error inside a package and warning outside."""
    findings, context = scan(HERE / case)
    found = {(f.path, f.region.start_line, f.severity) for f in findings}
    assert found == EXPECTED.get(case, set())
    assert context.notifications == []


def test_message_suggests_the_module_name() -> None:
    """A script inside a package gets its exact `-m` spelling."""
    findings, _ = scan(HERE / "fail_everywhere")
    procfile = next(f for f in findings if f.path == "Procfile")
    assert "`python -m app.main`" in procfile.message


@pytest.mark.parametrize(
    "command",
    [
        "python app/main.py",
        "python3 -u app/main.py",
        "python3.12 -W ignore -X dev app/main.py",
        "/usr/local/bin/python app/main.py",
        "/usr/bin/env python3 app/main.py",
        "FOO=1 BAR=2 python app/main.py",
        "cd /srv && python app/main.py || exit 1",
        'sh -c "sleep 1; python app/main.py"',
        "bash -lc 'python app/main.py'",
        "sudo -u app python app/main.py",
        "uv run --with rich python app/main.py",
        "poetry run python app/main.py",
        "nohup python -OO app/main.py &",
        "timeout 30 python app/main.py",
        "if true; then python app/main.py; fi",
    ],
)
def test_command_variants_are_flagged(tmp_path: Path, command: str) -> None:
    """Interpreter spellings, flags, chains and wrappers are seen through."""
    write_tree(tmp_path, {"app/__init__.py": "", "app/main.py": "", "run.sh": command + "\n"})
    findings, _ = scan(tmp_path)
    assert [(f.path, f.severity) for f in findings] == [("run.sh", E)]


@pytest.mark.parametrize(
    "command",
    [
        "python -m app.main",
        "python3 -um app.main",
        'python -c "import app.main"',
        "pip install app/main.py",
        "pytest app/main.py",
        "python",
        "python --version",
        "python - < app/main.py",
        'echo "python app/main.py"',
        "ruff check app/main.py",
        "# python app/main.py",
        "python -m pytest app/test_main.py",
    ],
)
def test_non_script_commands_are_not_flagged(tmp_path: Path, command: str) -> None:
    """`-m`, `-c`, pip, pytest, strings and comments are fine."""
    write_tree(tmp_path, {"app/__init__.py": "", "app/main.py": "", "run.sh": command + "\n"})
    assert scan(tmp_path)[0] == []


def test_final_dockerfile_command_is_left_to_the_dockerfile_rule(tmp_path: Path) -> None:
    """The image's own command is reported once, by dockerfile-cmd-not-module, when it runs."""
    write_tree(
        tmp_path,
        {
            "app/__init__.py": "",
            "app/main.py": "",
            "Dockerfile": (
                "FROM python:3.12\nRUN python app/main.py --check\nCMD python app/main.py\n"
            ),
        },
    )
    alone, _ = scan(tmp_path)
    assert {f.region.start_line for f in alone} == {2, 3}
    together, _ = scan(tmp_path, "dockerfile-cmd-not-module")
    assert {f.region.start_line for f in together} == {2}


def test_yaml_alias_bomb_and_bad_files_are_cheap_and_safe(tmp_path: Path) -> None:
    """A billion-laughs YAML, invalid YAML/JSON/INI/TOML: notifications, no crash, no hang."""
    bomb = ["l0: &l0 {script: [python x.py]}"]
    for level in range(1, 60):
        previous = f"*l{level - 1}"
        bomb.append(f"l{level}: &l{level} {{a: {previous}, b: {previous}, c: [{previous}]}}")
    write_tree(
        tmp_path,
        {
            ".gitlab-ci.yml": "\n".join(bomb) + "\njob: *l59\n",
            "docker-compose.yml": "services: [unclosed\n",
            "package.json": "{not json",
            "tox.ini": "[testenv\ncommands = python x.py\n",
            "tox.toml": 'env_run_base = {commands = [["python", ',
            ".github/workflows/big.yml": "run: python x.py\n" + "#" * 1_100_000,
            "x.py": "",
        },
    )
    findings, context = scan(tmp_path)
    assert [(f.path, f.region.start_line) for f in findings] == [(".gitlab-ci.yml", 1)]
    notes = {note.path for note in context.notifications}
    assert {"docker-compose.yml", "package.json", "tox.ini", ".github/workflows/big.yml"} <= notes


def test_tox_toml_and_pyproject_tool_tox(tmp_path: Path) -> None:
    """tox's TOML forms hold commands as word lists."""
    write_tree(
        tmp_path,
        {
            "tox.toml": (
                'env_list = ["py"]\n[env_run_base]\ncommands = [["python", "tools/gen.py"]]\n'
            ),
            "pyproject.toml": (
                '[tool.tox.env.lint]\ncommands = [["python", "-m", "ruff"], ["python3", "ci.py"]]\n'
            ),
            "tools/gen.py": "",
            "ci.py": "",
        },
    )
    findings, _ = scan(tmp_path)
    found = {(f.path, f.region.start_line) for f in findings}
    assert found == {("tox.toml", 3), ("pyproject.toml", 2)}
