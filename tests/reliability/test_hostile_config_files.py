"""Hostile files that the native checks read: a notification each, no hang, no blow-up."""

from __future__ import annotations

import json
import time
from pathlib import Path

from ..helpers import assert_valid_sarif, run_cli, write_tree

ALIAS_BOMB = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join([f'*{chr(97 + i)}'] * 9)}]\n" for i in range(9)
)
CHECKS = "script-execution,dockerfile-cmd-not-module,missing-package-init"


def test_hostile_config_files_are_survived(tmp_path: Path) -> None:
    """Alias bombs, invalid YAML, garbage Dockerfiles, huge lines, non-object JSON."""
    project = write_tree(
        tmp_path / "p",
        {
            "app/__init__.py": "",
            "app/main.py": "x = 1\n",
            "docker-compose.yml": ALIAS_BOMB,
            ".github/workflows/ci.yml": "jobs: [unclosed\n  - {\n",
            ".gitlab-ci.yml": "\x00\x01 not yaml at all: : :\n",
            "Dockerfile": "FROM python:3.12\n\x7f\x1b garbage \\\nRUN echo hi\n"
            + 'CMD ["python", "app/main.py"]\n',
            "api.Dockerfile": "FROM python:3.12\nRUN echo " + "A" * 3_000_000 + "\n",
            "Dockerfile.broken": 'FROM python\nENTRYPOINT ["python", "app/main.py"\nCMD [[[\n',
            "package.json": "[1, 2, 3]\n",
            "tox.ini": "[testenv\ncommands = python app/main.py\n",
            "Procfile": "web: python app/main.py\n",
        },
    )
    out = tmp_path / "r.sarif"
    started = time.monotonic()
    completed = run_cli(
        "scan", str(project), "--select", CHECKS, "--sarif-output", str(out), timeout=120
    )
    assert time.monotonic() - started < 90
    assert "Traceback" not in completed.stderr
    assert completed.returncode in (0, 1), completed.stderr
    sarif = json.loads(out.read_text(encoding="utf-8"))
    assert_valid_sarif(sarif)
    assert sarif["runs"][0]["invocations"][0]["executionSuccessful"] is True
    found = {
        (r["ruleId"], r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"])
        for r in sarif["runs"][0]["results"]
    }
    assert ("script-execution", "Procfile") in found
    assert ("dockerfile-cmd-not-module", "Dockerfile") in found
    notes = {
        n["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        for n in sarif["runs"][0]["invocations"][0]["toolExecutionNotifications"]
        if n.get("locations")
    }
    assert {"api.Dockerfile", ".github/workflows/ci.yml", ".gitlab-ci.yml", "tox.ini"} <= notes
