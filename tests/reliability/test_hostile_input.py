"""Hostile source files: the scan neither crashes nor loses the other files' results."""

from __future__ import annotations

import json
import os
from pathlib import Path

from ..helpers import assert_valid_sarif, run_cli, write_tree

SELECT = ("--select", "shell-command,missing-package-init")
VULNERABLE = "import os\n\n\ndef run(cmd):\n    os.system(cmd)\n"


def _scan(project: Path, tmp_path: Path, *extra: str) -> tuple[int, str, dict]:
    out = tmp_path / "report.sarif"
    completed = run_cli("scan", str(project), *SELECT, "--sarif-output", str(out), *extra)
    assert "Traceback" not in completed.stderr
    sarif = json.loads(out.read_text(encoding="utf-8"))
    assert_valid_sarif(sarif)
    return completed.returncode, completed.stderr, sarif


def _notes(sarif: dict) -> dict[str, str]:
    notes = sarif["runs"][0]["invocations"][0]["toolExecutionNotifications"]
    return {
        n["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]: n["message"]["text"]
        for n in notes
        if n.get("locations")
    }


def test_bad_files_are_notified_and_good_files_still_scanned(tmp_path: Path) -> None:
    """Non-UTF-8, binary-with-.py-name, syntax errors, deep nesting, huge and empty files."""
    project = write_tree(
        tmp_path / "p",
        {
            "app/__init__.py": "",
            "app/good.py": VULNERABLE,
            "app/latin1.py": "# caf\xe9\nimport os\nos.system(x)\n".encode("latin-1"),
            "app/binary.py": b"\x7fELF\x00\x00\x01\x02" * 64,
            "app/broken.py": "def f(:\n    return (\n",
            "app/nested.py": "x = " + "(" * 500 + "1" + ")" * 500 + "\n",
            "app/empty.py": "",
            "app/huge.py": "x = 1\n" * 2_000_000,
        },
    )
    code, stderr, sarif = _scan(project, tmp_path)
    assert code == 1, stderr
    results = sarif["runs"][0]["results"]
    located = {
        (r["ruleId"], r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"])
        for r in results
    }
    assert ("shell-command", "app/good.py") in located
    notes = _notes(sarif)
    assert "binary" in notes["app/binary.py"]
    assert "over the" in notes["app/huge.py"]
    assert "not valid UTF-8" in notes["app/latin1.py"] or "app/latin1.py" in notes
    assert sarif["runs"][0]["invocations"][0]["executionSuccessful"] is True


def test_file_names_with_spaces_hash_percent_and_non_ascii(tmp_path: Path) -> None:
    """Odd file names scan fine and become valid percent-encoded URIs."""
    project = write_tree(tmp_path / "p", {"dir with space/#1 100% ünï.py": VULNERABLE})
    _, _, sarif = _scan(project, tmp_path)
    uris = {
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        for r in sarif["runs"][0]["results"]
    }
    assert uris == {"dir%20with%20space/%231%20100%25%20%C3%BCn%C3%AF.py"}


def test_symlink_loop_and_escape_do_not_hang_or_leave_the_root(tmp_path: Path) -> None:
    """A symlink loop and a link pointing outside the root are skipped, with notifications."""
    outside = write_tree(tmp_path / "outside", {"secret.py": VULNERABLE})
    project = write_tree(tmp_path / "p", {"app/__init__.py": "", "app/mod.py": VULNERABLE})
    os.symlink(project / "app", project / "app" / "again")
    os.symlink(outside / "secret.py", project / "app" / "escape.py")
    os.symlink(outside, project / "outside_dir")
    code, _, sarif = _scan(project, tmp_path)
    assert code == 1
    uris = {
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        for r in sarif["runs"][0]["results"]
    }
    assert uris == {"app/mod.py"}
    notes = _notes(sarif)
    assert "outside the scan root" in notes["app/escape.py"]
