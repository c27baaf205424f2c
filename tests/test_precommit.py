"""The pre-commit hook, run for real through `pre-commit try-repo` on a real git repository.

pre-commit builds the hook's own virtualenv and `pip install`s backguard from
a git copy of this checkout, exactly as for a user. To stay fast and off the
package index, backguard's dependencies come from the test interpreter's
site-packages through ``PYTHONPATH`` (pip then sees them as installed), and
when the ``hatchling`` build backend is installed there too, pip is told not
to use an index at all (``PIP_NO_INDEX``) and to build without isolation, so
the test runs fully offline; otherwise pip fetches only ``hatchling`` for the
build. What is exercised is ours: the hook definition, packaging (the rule
pack ships inside the wheel), the entry point, file filtering and the exit
status.
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

from backguard.rules import load_pack
from backguard.scan import all_rules

from .helpers import GIT_ISOLATION, REPO, run_command, write_tree

HOOK_FILES = (".pre-commit-hooks.yaml", "pyproject.toml", "README.md", "LICENSE", "CHANGELOG.md")
HOOK_FOLDERS = ("runner", "rules")
INSTALL_TIMEOUT = 600

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def _env(home: Path) -> dict[str, str]:
    """Environment of pre-commit: private homes, dependencies from this interpreter, no index."""
    site = dict.fromkeys([sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]])
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("BACKGUARD_", "PRE_COMMIT", "VIRTUAL_ENV", "PYTHONHOME"))
    }
    env.update(
        {
            "PRE_COMMIT_HOME": str(home / "pre-commit"),
            "VIRTUALENV_OVERRIDE_APP_DATA": str(home / "virtualenv"),
            "VIRTUALENV_NO_PERIODIC_UPDATE": "1",
            "PIP_DISABLE_PIP_VERSION_CHECK": "1",
            "PYTHONPATH": os.pathsep.join(site),
            "PATH": os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")]),
            "SEMGREP_ENABLE_VERSION_CHECK": "0",
            "NO_COLOR": "1",
            **GIT_ISOLATION,
        }
    )
    if importlib.util.find_spec("hatchling") is not None:
        # pip's inverted spelling: PIP_NO_BUILD_ISOLATION=0 turns build isolation off.
        env.update({"PIP_NO_INDEX": "1", "PIP_NO_BUILD_ISOLATION": "0"})
    return env


def _config_running_only(hook: Path, *families: str) -> str:
    """A [tool.backguard] table that runs exactly these rule families of the hook's own pack."""
    others = [
        rule.id for rule in all_rules(load_pack(hook / "rules")) if rule.family not in families
    ]
    return (
        f"[tool.backguard]\nselect = {json.dumps(list(families))}\nignore = {json.dumps(others)}\n"
    )


def _git(repo: Path, env: dict[str, str], *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True, timeout=120)


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """A git repository holding this checkout's working tree (committed or not)."""
    base = tmp_path_factory.mktemp("precommit")
    env = _env(base)
    hook = base / "backguard"
    hook.mkdir()
    for name in HOOK_FILES:
        shutil.copy2(REPO / name, hook / name)
    for folder in HOOK_FOLDERS:
        shutil.copytree(
            REPO / folder, hook / folder, ignore=shutil.ignore_patterns("__pycache__", "*.pyc")
        )
    _git(hook, env, "init", "-q")
    _git(hook, env, "add", "-A")
    _git(hook, env, "commit", "-q", "-m", "backguard")
    return hook, env


def _try_repo(
    hook: Path, env: dict[str, str], project: Path, files: dict[str, str]
) -> subprocess.CompletedProcess[str]:
    """Create a project repository, stage its files and run the hook the way `git commit` would."""
    write_tree(project, files)
    _git(project, env, "init", "-q")
    _git(project, env, "add", "-A")
    return run_command(
        [sys.executable, "-m", "pre_commit", "try-repo", str(hook), "backguard", "--verbose"],
        cwd=project,
        env=env,
        timeout=INSTALL_TIMEOUT,
    )


def test_hook_fails_the_commit_on_findings(
    hook_repo: tuple[Path, dict[str, str]], tmp_path: Path
) -> None:
    """A staged shell command and a missing __init__.py: the hook fails with exit 1."""
    hook, env = hook_repo
    completed = _try_repo(
        hook,
        env,
        tmp_path / "project",
        {
            "pyproject.toml": _config_running_only(hook, "shell-command", "missing-package-init"),
            "app/__init__.py": "",
            "app/api/routes.py": "import os\n\n\ndef run(command):\n    os.system(command)\n",
        },
    )
    output = completed.stdout + completed.stderr
    assert completed.returncode == 1, output
    assert "backguard" in output and "Failed" in output
    assert "- exit code: 1" in output
    assert "shell-command" in output and "app/api/routes.py" in output
    assert "missing-package-init" in output


def test_hook_passes_a_clean_project(
    hook_repo: tuple[Path, dict[str, str]], tmp_path: Path
) -> None:
    """Nothing at or above the threshold: the hook passes (exit 0)."""
    hook, env = hook_repo
    completed = _try_repo(
        hook,
        env,
        tmp_path / "project",
        {
            "pyproject.toml": _config_running_only(hook, "shell-command", "missing-package-init"),
            "app/__init__.py": "",
            "app/service.py": "import subprocess\n\n\ndef run():\n"
            "    return subprocess.run(['ls'], check=True, timeout=5)\n",
        },
    )
    output = completed.stdout + completed.stderr
    assert completed.returncode == 0, output
    assert "Passed" in output


def test_hook_is_skipped_when_no_scanned_file_is_staged(
    hook_repo: tuple[Path, dict[str, str]], tmp_path: Path
) -> None:
    """A commit that touches only documentation does not start a scan."""
    hook, env = hook_repo
    completed = _try_repo(hook, env, tmp_path / "project", {"docs/notes.md": "# Notes\n"})
    output = completed.stdout + completed.stderr
    assert completed.returncode == 0, output
    assert "Skipped" in output
