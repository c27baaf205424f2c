"""The shared inventory: ignores, excludes, symlinks, limits, Semgrep targets."""

from __future__ import annotations

import json
import os
from pathlib import Path

from backguard.discovery import FileKind, classify, discover

from .helpers import run_cli, write_tree


def _paths(root: Path, **kwargs: object) -> set[str]:
    return {file.path for file in discover(root, **kwargs).files}


def test_gitignore_semgrepignore_and_excludes_are_honoured(tmp_path: Path) -> None:
    """Nested .gitignore, the root .semgrepignore and configured excludes all drop files."""
    write_tree(
        tmp_path,
        {
            ".gitignore": "generated/\n*.log\n",
            ".semgrepignore": "legacy/\n",
            "app/.gitignore": "secret_local.py\n",
            "app/main.py": "x = 1\n",
            "app/secret_local.py": "x = 1\n",
            "generated/out.py": "x = 1\n",
            "legacy/old.py": "x = 1\n",
            "vendor/lib.py": "x = 1\n",
            "debug.log": "x\n",
        },
    )
    found = _paths(tmp_path, excludes=["vendor/"])
    assert "app/main.py" in found
    assert not found & {
        "app/secret_local.py",
        "generated/out.py",
        "legacy/old.py",
        "vendor/lib.py",
        "debug.log",
    }


def test_tests_folder_is_scanned_unlike_semgreps_defaults(tmp_path: Path) -> None:
    """Semgrep's default ignores skip tests/; backguard decides itself and keeps them."""
    write_tree(tmp_path, {"tests/test_app.py": "x = 1\n", "app.py": "x = 1\n"})
    inventory = discover(tmp_path)
    assert {"tests/test_app.py", "app.py"} <= {file.path for file in inventory.files}
    assert inventory.semgrep_targets == (".",)


def test_virtualenvs_node_modules_and_hidden_folders_are_pruned(tmp_path: Path) -> None:
    """Folders that never hold project code are not walked; .github is kept for CI checks."""
    write_tree(
        tmp_path,
        {
            "env/pyvenv.cfg": "home = /usr\n",
            "env/lib/x.py": "x = 1\n",
            "node_modules/pkg/index.js": "x\n",
            ".cache/a.py": "x = 1\n",
            ".github/workflows/ci.yml": "on: push\n",
            "src/app.py": "x = 1\n",
        },
    )
    found = _paths(tmp_path)
    assert found == {".github/workflows/ci.yml", "src/app.py"}


def test_semgrep_targets_list_files_when_a_folder_is_partly_excluded(tmp_path: Path) -> None:
    """A folder with an excluded file is passed file by file, a complete one as a folder."""
    write_tree(
        tmp_path,
        {
            "a/keep.py": "x = 1\n",
            "a/skip.py": "x = 1\n",
            "a/notes.txt": "n\n",
            "b/one.py": "x = 1\n",
            "b/c/two.py": "x = 1\n",
        },
    )
    inventory = discover(tmp_path, excludes=["a/skip.py"])
    assert set(inventory.semgrep_targets) == {"a/keep.py", "b"}


def test_symlink_loops_and_links_out_of_the_root_are_not_followed(tmp_path: Path) -> None:
    """A directory symlink loop terminates; a link to outside the root is skipped with a note."""
    outside = tmp_path / "outside"
    write_tree(outside, {"evil.py": "x = 1\n"})
    root = write_tree(tmp_path / "root", {"pkg/mod.py": "x = 1\n"})
    os.symlink(root / "pkg", root / "pkg" / "loop")
    os.symlink(outside / "evil.py", root / "pkg" / "evil.py")
    os.symlink(root / "pkg" / "mod.py", root / "alias.py")
    inventory = discover(root)
    found = {file.path for file in inventory.files}
    assert found == {"pkg/mod.py", "alias.py"}
    messages = " ".join(n.message for n in inventory.notifications)
    assert "outside the scan root" in messages
    assert "alias.py" in inventory.semgrep_targets


def test_large_and_binary_files_are_skipped_with_a_notification(tmp_path: Path) -> None:
    """Oversized and binary source files are left out and reported, never silently."""
    write_tree(
        tmp_path, {"big.py": "x = 1\n" * 1000, "blob.py": b"\x00\x01\x02binary", "ok.py": "x = 1\n"}
    )
    inventory = discover(tmp_path, max_file_size=1000)
    assert {file.path for file in inventory.files} == {"ok.py"}
    notes = {n.path: n.message for n in inventory.notifications}
    assert "over the 1000-byte limit" in notes["big.py"]
    assert "binary" in notes["blob.py"]


def test_classify_by_name() -> None:
    """Kinds come from names: Dockerfile variants, Makefiles, Procfiles, suffixes."""
    assert classify("Dockerfile") is FileKind.DOCKERFILE
    assert classify("Dockerfile.prod") is FileKind.DOCKERFILE
    assert classify("api.Dockerfile") is FileKind.DOCKERFILE
    assert classify("Containerfile") is FileKind.DOCKERFILE
    assert classify("Makefile") is FileKind.MAKEFILE
    assert classify("Procfile") is FileKind.PROCFILE
    assert classify("server.ts") is FileKind.TYPESCRIPT
    assert classify("README") is FileKind.OTHER


def test_caches_and_git_data_do_not_split_the_semgrep_targets(tmp_path: Path) -> None:
    """`__pycache__` and `.git` are pruned but hold no code: the root stays one target.

    A real scan still never reports a file the inventory left out, even when Semgrep
    sees it inside a folder target.
    """
    write_tree(
        tmp_path,
        {
            "app/__init__.py": "",
            "app/main.py": "import os\n\n\ndef run(command):\n    os.system(command)\n",
            "app/__pycache__/main.cpython-311.pyc": b"\x00\x01",
            "app/__pycache__/odd.py": "import os\n\n\ndef go(c):\n    os.system(c)\n",
            ".git/HEAD": "ref: refs/heads/main\n",
        },
    )
    inventory = discover(tmp_path)
    assert inventory.semgrep_targets == (".",)
    assert "app/__pycache__/odd.py" not in {file.path for file in inventory.files}
    completed = run_cli("scan", str(tmp_path), "--select", "shell-command", "--format", "json")
    found = {(f["rule_id"], f["path"]) for f in json.loads(completed.stdout)["findings"]}
    assert found == {("shell-command", "app/main.py")}
