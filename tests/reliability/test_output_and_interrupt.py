"""Unwritable outputs, atomic replacement, and Ctrl-C stopping the Semgrep child."""

from __future__ import annotations

import os
import resource
import signal
import subprocess
import sys
import time
from pathlib import Path

from ..helpers import FIXTURES, cli_env, run_cli, write_tree

PROJECT = {"app/__init__.py": "", "app/mod.py": "import os\nos.system(input())\n"}


def test_unwritable_output_exits_2_with_one_line(tmp_path: Path) -> None:
    """A report path in a missing folder: exit 2 and one clear line."""
    project = write_tree(tmp_path / "p", PROJECT)
    completed = run_cli(
        "scan",
        str(project),
        "--select",
        "missing-package-init",
        "--output",
        str(tmp_path / "missing" / "r.sarif"),
        "--format",
        "sarif",
    )
    assert completed.returncode == 2
    lines = completed.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("backguard: error: cannot write")


def test_output_path_that_is_a_folder_exits_2(tmp_path: Path) -> None:
    """--output naming an existing folder: exit 2, one line, no temporary file left behind."""
    project = write_tree(tmp_path / "p", PROJECT)
    folder = tmp_path / "reports"
    folder.mkdir()
    completed = run_cli(
        "scan", str(project), "--select", "missing-package-init", "--output", str(folder)
    )
    assert completed.returncode == 2
    assert len(completed.stderr.strip().splitlines()) == 1
    assert list(tmp_path.glob(".reports.*")) == [] and list(folder.iterdir()) == []


def _limit_file_size() -> None:
    resource.setrlimit(resource.RLIMIT_FSIZE, (2000, 2000))
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)


def test_existing_report_is_never_left_half_written(tmp_path: Path) -> None:
    """The disk fills up mid-write (RLIMIT_FSIZE).

    The old report stays whole and no temporary file is left behind.
    """
    reports = tmp_path / "reports"
    reports.mkdir()
    report = reports / "r.sarif"
    report.write_text("OLD REPORT", encoding="utf-8")
    no_yaml_rules = tmp_path / "no-rules"
    no_yaml_rules.mkdir()
    completed = subprocess.run(
        [
            sys.executable,
            "-m",
            "backguard",
            "scan",
            str(FIXTURES / "foundation" / "violations"),
            "--select",
            "missing-package-init",
            "--format",
            "sarif",
            "--output",
            str(report),
        ],
        env=cli_env(BACKGUARD_RULES=str(no_yaml_rules)),
        capture_output=True,
        text=True,
        timeout=120,
        preexec_fn=_limit_file_size,
        check=False,
    )
    assert completed.returncode == 2
    assert "cannot write" in completed.stderr
    assert report.read_text(encoding="utf-8") == "OLD REPORT"
    assert [p.name for p in reports.iterdir()] == ["r.sarif"]


def test_ctrl_c_stops_semgrep_and_exits_130(tmp_path: Path) -> None:
    """SIGINT mid-scan: exit status 130 and the (fake, hanging) Semgrep process is gone."""
    pid_file = tmp_path / "semgrep.pid"
    fake = tmp_path / "fake-semgrep"
    fake.write_text(
        f"#!{sys.executable}\nimport os, time\n"
        f"open({str(pid_file)!r}, 'w').write(str(os.getpid()))\ntime.sleep(120)\n",
        encoding="utf-8",
    )
    fake.chmod(0o755)
    project = write_tree(tmp_path / "p", PROJECT)
    process = subprocess.Popen(
        [sys.executable, "-m", "backguard", "scan", str(project), "--select", "shell-command"],
        env=cli_env(BACKGUARD_SEMGREP=str(fake)),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 60
    while not pid_file.exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert pid_file.exists(), "fake semgrep never started"
    time.sleep(0.3)
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 130
    assert "interrupted" in stderr and "Traceback" not in stderr
    child = int(pid_file.read_text())
    time.sleep(0.2)
    try:
        os.kill(child, 0)
        alive = not Path(f"/proc/{child}/stat").read_text().split()[2] == "Z"
    except ProcessLookupError:
        alive = False
    assert not alive, "semgrep child survived the interrupt"
