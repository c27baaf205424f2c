"""A focused diff-aware scan reports exactly what two full scans would call new.

`--baseline-commit` runs per-file checks on the changed files only and builds the
import graph only where the changed files reach. These tests compare it, change by
change, with the slow and obviously right method: a full scan of the working tree, a
full scan of an extracted copy of the baseline commit, and their difference.
"""

from __future__ import annotations

import io
import subprocess
import tarfile
from pathlib import Path

import pytest

from backguard.baseline import new_findings, run_baseline_scan
from backguard.config import Config
from backguard.scan import ScanTarget, run_scan

from .helpers import commit_all, git, write_tree

#: Native rules only: no Semgrep process, and every focused code path is exercised.
RULES = (
    "circular-import",
    "missing-package-init",
    "absolute-internal-import",
    "missing-type-hints",
    "naming-convention",
    "line-too-long",
)
CONFIG = Config(profile="all", select=RULES)

PROJECT = {
    "app/__init__.py": "",
    "app/a.py": "from . import b\n",
    "app/b.py": "VALUE = 1\n",
    "app/c.py": "from . import d\n",
    "app/d.py": "from . import c\n",
    "app/e.py": "from . import f\n",
    "app/f.py": "from . import g\n",
    "app/g.py": "VALUE = 2\n",
    "app/old.py": "def untyped(x):\n    return x\n",
    "app/util/__init__.py": "",
    "app/util/text.py": "def shout(text: str) -> str:\n    return text.upper()\n",
    "tools/run.py": "from app import a\n",
}

#: Each change: files to write (None deletes). Together they cover new and old cycles,
#: cycles closed far from the edit, layout changes and per-file findings.
CHANGES = {
    "edge-closes-a-new-cycle": {"app/b.py": "from . import a\n"},
    "edge-into-an-old-cycle": {"app/b.py": "from . import c\n"},
    "cycle-closed-three-modules-away": {"app/g.py": "from . import e\n"},
    "cycle-broken": {"app/d.py": "VALUE = 3\n"},
    "new-file-with-absolute-import": {"app/h.py": "from app import b\n\n\ndef Bad(x):\n    pass\n"},
    "init-deleted": {"app/util/__init__.py": None},
    "per-file-finding-added": {"app/b.py": "VALUE = 1\n\n\ndef helper(value):\n    return value\n"},
    "long-line-and-cycle": {"app/f.py": "from . import e\n" + "X = 1  # " + "x" * 120 + "\n"},
}

#: Changes that add no finding: a fix, and a new edge into a cycle that was already there.
NOTHING_NEW = frozenset({"cycle-broken", "edge-into-an-old-cycle"})


def _checkout(repo: Path, commit: str, destination: Path) -> Path:
    """Extract a commit's files (git archive) into a folder to scan in full."""
    data = subprocess.run(
        ["git", "archive", "--format=tar", commit],
        cwd=repo,
        capture_output=True,
        check=True,
        timeout=60,
    ).stdout
    with tarfile.open(fileobj=io.BytesIO(data)) as tar:
        tar.extractall(destination, filter="data")
    return destination


def _keys(findings: object) -> list[tuple[str, str, int, str]]:
    return sorted((f.rule_id, f.path, f.region.start_line, f.message) for f in findings)


@pytest.mark.parametrize("name", sorted(CHANGES))
def test_focused_baseline_equals_the_difference_of_two_full_scans(
    name: str, tmp_path: Path
) -> None:
    """Same new findings, change by change, as scanning both trees in full."""
    repo = tmp_path / "repo"
    write_tree(repo, PROJECT)
    git(repo, "init", "-q", "-b", "main")
    commit_all(repo, "initial")
    for path, text in CHANGES[name].items():
        if text is None:
            (repo / path).unlink()
        else:
            write_tree(repo, {path: text})
    target = ScanTarget(repo.resolve(), (".",))
    focused = run_baseline_scan(target, CONFIG, "HEAD")
    base_tree = _checkout(repo, "HEAD", tmp_path / "base")
    full_head = run_scan(target, CONFIG)
    full_base = run_scan(ScanTarget(base_tree.resolve(), (".",)), CONFIG)
    expected = new_findings(full_head.findings, full_base.findings, {})
    assert focused.execution_successful, focused.notifications
    assert _keys(focused.findings) == _keys(expected)
    assert bool(expected) != (name in NOTHING_NEW), "the scenario must test what it says"
