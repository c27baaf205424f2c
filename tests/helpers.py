"""Shared test helpers: run the real CLI, build projects on disk, validate SARIF."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import jsonschema

REPO = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SEMGREP = str(Path(sys.executable).with_name("semgrep"))
#: Git settings for test repositories: a fixed identity, no user or system configuration.
GIT_ISOLATION = {
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_AUTHOR_NAME": "Test",
    "GIT_AUTHOR_EMAIL": "test@example.com",
    "GIT_COMMITTER_NAME": "Test",
    "GIT_COMMITTER_EMAIL": "test@example.com",
}


def cli_env(**extra: str) -> dict[str, str]:
    """Return the environment for a CLI subprocess (offline Semgrep, no colour).

    Args:
        **extra: Variables to add or override.

    Returns:
        The environment.
    """
    env = {**os.environ, "SEMGREP_ENABLE_VERSION_CHECK": "0", "NO_COLOR": "1"}
    env.pop("BACKGUARD_SEMGREP", None)
    env.update(extra)
    return env


def run_cli(
    *args: str, cwd: Path | None = None, env: dict[str, str] | None = None, timeout: float = 300
) -> subprocess.CompletedProcess[str]:
    """Run ``python -m backguard`` for real and capture its output.

    Args:
        *args: Command-line arguments.
        cwd: Working directory.
        env: Environment (defaults to :func:`cli_env`).
        timeout: Seconds before the test fails.

    Returns:
        The completed process.
    """
    return run_command(
        [sys.executable, "-m", "backguard", *args], cwd=cwd, env=env or cli_env(), timeout=timeout
    )


def run_command(
    args: Sequence[str], *, cwd: Path | None, env: dict[str, str], timeout: float
) -> subprocess.CompletedProcess[str]:
    """Run a command and capture its output as text; a failing exit status does not raise.

    Args:
        args: The program and its arguments.
        cwd: Working directory.
        env: Environment.
        timeout: Seconds before the test fails.

    Returns:
        The completed process.
    """
    return subprocess.run(
        list(args), cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout, check=False
    )


def write_tree(root: Path, files: dict[str, str | bytes]) -> Path:
    """Create files (and their folders) under ``root``.

    Args:
        root: The project folder.
        files: Relative path -> content.

    Returns:
        The root.
    """
    for relative, content in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return root


def _validators() -> list[Any]:
    checker = jsonschema.FormatChecker()
    oasis = json.loads((DATA / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    github = json.loads(
        (DATA / "github-codeql-action-sarif-schema-2.1.0.json").read_text(encoding="utf-8")
    )
    return [
        jsonschema.Draft4Validator(oasis, format_checker=checker),
        jsonschema.Draft202012Validator(github, format_checker=checker),
    ]


VALIDATORS = _validators()


def assert_valid_sarif(document: dict[str, Any]) -> None:
    """Validate a SARIF log against the OASIS and the GitHub schema, format checks on.

    Args:
        document: The SARIF log.
    """
    for validator in VALIDATORS:
        errors = sorted(validator.iter_errors(document), key=lambda error: list(error.path))
        assert not errors, f"{type(validator).__name__}: " + "; ".join(
            f"{list(e.path)}: {e.message}" for e in errors[:5]
        )
    assert len(document["runs"]) == 1


def only(*families: str) -> list[str]:
    """Build CLI options that run exactly these rule families.

    ``--select`` replaces the profile (as in Ruff), so rules added to the pack later cannot
    leak into a test that pins its families.

    Args:
        families: Rule IDs or family names to select.

    Returns:
        The ``--select`` option and its value, ready to splice into ``run_cli`` arguments.
    """
    return ["--select", ",".join(families)]


def git(repo: Path, *args: str) -> str:
    """Run git in a test repository with a fixed identity and no user or system configuration.

    Args:
        repo: The repository to run in.
        args: The git subcommand and its arguments.

    Returns:
        What git printed on standard output.
    """
    env = {**os.environ, **GIT_ISOLATION}
    return subprocess.run(
        ["git", *args], cwd=repo, env=env, capture_output=True, text=True, check=True, timeout=60
    ).stdout


def commit_all(repo: Path, message: str = "change") -> None:
    """Stage everything and commit.

    Args:
        repo: The repository to commit in.
        message: The commit message.
    """
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message)
