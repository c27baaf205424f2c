"""The Semgrep adapter: start exactly one Semgrep process, then read its JSON.

The process is started first and the native checks run while it works
(:func:`start_semgrep` returns at once). Its output goes to temporary files
rather than pipes, so a large JSON report can never block it. Semgrep is
always run with ``--metrics=off``, ``--no-rewrite-rule-ids``, its own ignore
files switched off (the runner decides what is scanned) and
``SEMGREP_ENABLE_VERSION_CHECK=0`` (without it Semgrep waits about 90 s for
the network on offline machines).

By default Semgrep runs as ``semgrep scan --experimental``: the OCaml
command line ("osemgrep") that ships in the same semgrep wheel. It reads the
same rules, takes the same flags and writes the same JSON (compared result by
result on the rule tests, the fixtures and the benchmark corpora; see
docs/performance.md), but starts in under a second where the Python command
line needs about four, which is most of a small or diff-aware scan. Set
``BACKGUARD_SEMGREP_ENGINE=python`` to use the Python command line instead.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .models import Confidence, Finding, Notification, NotificationLevel, Region, RuleInfo, Severity
from .text import utf16_column

ENV_OVERRIDE = "BACKGUARD_SEMGREP"
ENV_ENGINE = "BACKGUARD_SEMGREP_ENGINE"
ENGINES = ("osemgrep", "python")
STDERR_TAIL_CHARS = 2000


class EngineError(Exception):
    """Semgrep cannot be started; the message is one clear line."""


def find_semgrep() -> str:
    """Locate the Semgrep executable.

    ``$BACKGUARD_SEMGREP`` wins; then the ``semgrep`` next to the running
    interpreter (the one installed with backguard); then ``PATH``.

    Returns:
        The executable's path.

    Raises:
        EngineError: If no usable Semgrep is found.
    """
    override = os.environ.get(ENV_OVERRIDE)
    if override:
        resolved = shutil.which(override)
        if resolved is None:
            raise EngineError(f"{ENV_OVERRIDE}={override!r} is not an executable file")
        return resolved
    beside = Path(sys.executable).with_name("semgrep")
    if beside.is_file() and os.access(beside, os.X_OK):
        return str(beside)
    found = shutil.which("semgrep")
    if found is None:
        raise EngineError(
            "semgrep is not installed (pip install semgrep, or set BACKGUARD_SEMGREP)"
        )
    return found


def semgrep_engine() -> str:
    """Return which Semgrep command line to run: ``osemgrep`` (default) or ``python``.

    Returns:
        The engine named by ``$BACKGUARD_SEMGREP_ENGINE``, else ``osemgrep``.

    Raises:
        EngineError: When the variable names neither engine.
    """
    chosen = os.environ.get(ENV_ENGINE, "").strip().lower() or ENGINES[0]
    if chosen not in ENGINES:
        raise EngineError(f"{ENV_ENGINE}={chosen!r}: expected one of {', '.join(ENGINES)}")
    return chosen


def semgrep_command(
    executable: str, config_file: Path, targets: Sequence[str], jobs: int
) -> list[str]:
    """Build Semgrep's argument list (never a shell string).

    Args:
        executable: The Semgrep executable.
        config_file: The generated rule file holding the selected rules.
        targets: Root-relative files and folders to scan.
        jobs: Parallel jobs for Semgrep.

    Returns:
        The argument list.
    """
    return [
        executable,
        "scan",
        *(["--experimental"] if semgrep_engine() == "osemgrep" else []),
        "--config",
        str(config_file),
        "--json",
        "--metrics=off",
        "--no-rewrite-rule-ids",
        "--disable-version-check",
        "--disable-nosem",
        "--x-ignore-semgrepignore-files",
        "--no-git-ignore",
        "--max-target-bytes=0",
        "--quiet",
        f"--jobs={jobs}",
        "--",
        *targets,
    ]


@dataclass
class SemgrepRun:
    """A Semgrep process that is running (or has finished)."""

    process: subprocess.Popen[bytes] | None
    command: list[str]
    stdout_path: Path
    stderr_path: Path
    workdir: tempfile.TemporaryDirectory[str]
    started: float = field(default_factory=time.monotonic)

    def stop(self) -> None:
        """Stop Semgrep and everything it started (it runs in its own process group)."""
        if self.process is None or self.process.poll() is not None:
            return
        try:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=5)
        except (ProcessLookupError, PermissionError):
            pass
        except subprocess.TimeoutExpired:
            try:
                os.killpg(self.process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            self.process.wait()

    def cleanup(self) -> None:
        """Remove the temporary files."""
        self.workdir.cleanup()


def start_semgrep(
    rules: Sequence[Mapping[str, Any]], targets: Sequence[str], root: Path, jobs: int
) -> SemgrepRun:
    """Write the selected rules to a temporary config and start Semgrep in the background.

    Args:
        rules: The (tailored) rule bodies to run.
        targets: Root-relative targets.
        root: The scan root; Semgrep runs there so result paths are root-relative.
        jobs: Parallel jobs for Semgrep.

    Returns:
        The running process. With no rules or no targets nothing is started.

    Raises:
        EngineError: If Semgrep cannot be found or started.
    """
    workdir = tempfile.TemporaryDirectory(prefix="backguard-")
    base = Path(workdir.name)
    config_file = base / "rules.yaml"
    try:
        # JSON is valid YAML; dumping with json avoids any YAML emitter surprises.
        config_file.write_text(json.dumps({"rules": list(rules)}), encoding="utf-8")
    except OSError as error:
        workdir.cleanup()
        raise EngineError(
            f"cannot write the rule file for semgrep: {error.strerror or error}"
        ) from None
    stdout_path, stderr_path = base / "semgrep.json", base / "semgrep.err"
    if not rules or not targets:
        return SemgrepRun(None, [], stdout_path, stderr_path, workdir)
    try:
        executable = find_semgrep()
    except EngineError:
        workdir.cleanup()
        raise
    command = semgrep_command(executable, config_file, targets, jobs)
    environment = {**os.environ, "SEMGREP_ENABLE_VERSION_CHECK": "0", "SEMGREP_SEND_METRICS": "off"}
    try:
        with stdout_path.open("wb") as stdout, stderr_path.open("wb") as stderr:
            process = subprocess.Popen(  # noqa: S603 - argument list, no shell
                command,
                cwd=root,
                stdout=stdout,
                stderr=stderr,
                stdin=subprocess.DEVNULL,
                env=environment,
                start_new_session=True,
            )
    except OSError as error:
        workdir.cleanup()
        raise EngineError(
            f"cannot start semgrep ({executable}): {error.strerror or error}"
        ) from None
    return SemgrepRun(process, command, stdout_path, stderr_path, workdir)


@dataclass(frozen=True)
class SemgrepOutcome:
    """What one Semgrep run produced, already mapped to backguard's types."""

    findings: tuple[Finding, ...] = ()
    notifications: tuple[Notification, ...] = ()
    successful: bool = True
    version: str | None = None
    scanned: tuple[str, ...] = ()


LineReader = Callable[[str, int], str]


def finish_semgrep(
    run: SemgrepRun, deadline: float | None, rules: Mapping[str, RuleInfo], read_line: LineReader
) -> SemgrepOutcome:
    """Wait for Semgrep (until ``deadline``, a ``time.monotonic()`` value) and read its report.

    Args:
        run: The started run.
        deadline: When to give up and stop Semgrep; ``None`` waits forever.
        rules: The selected rules by ID.
        read_line: Returns the text of a 1-based line of a root-relative file.

    Returns:
        The findings and notifications; ``successful`` is false when Semgrep
        crashed, timed out, printed something that is not its JSON report or
        reported an error-level problem.
    """
    if run.process is None:
        return SemgrepOutcome()
    try:
        timeout = None if deadline is None else max(deadline - time.monotonic(), 0.0)
        returncode = run.process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        run.stop()
        return _failure(
            f"semgrep did not finish within the --max-time deadline and was stopped "
            f"after {time.monotonic() - run.started:.0f} s"
        )
    stdout = run.stdout_path.read_bytes()
    stderr = run.stderr_path.read_bytes().decode("utf-8", errors="replace")
    return parse_report(stdout, stderr, returncode, rules, read_line)


def _failure(message: str) -> SemgrepOutcome:
    return SemgrepOutcome(
        notifications=(Notification(message, NotificationLevel.ERROR, source="semgrep"),),
        successful=False,
    )


def parse_report(
    stdout: bytes,
    stderr: str,
    returncode: int,
    rules: Mapping[str, RuleInfo],
    read_line: LineReader,
) -> SemgrepOutcome:
    """Turn Semgrep's JSON report into findings and notifications.

    ``executionSuccessful`` is decided here from the exit status and the
    ``errors[]`` array: Semgrep's own SARIF always claims success.

    Args:
        stdout: Semgrep's standard output (its JSON report).
        stderr: Semgrep's standard error, quoted when the run failed.
        returncode: Semgrep's exit status.
        rules: The selected rules by ID.
        read_line: Returns the text of a 1-based line of a root-relative file.

    Returns:
        The outcome.
    """
    tail = " ".join(stderr.strip().split())[-STDERR_TAIL_CHARS:]
    try:
        report = json.loads(stdout.decode("utf-8", errors="replace"))
    except json.JSONDecodeError:
        report = None
    if not isinstance(report, dict) or not isinstance(report.get("results"), list):
        detail = f": {tail}" if tail else ""
        return _failure(
            f"semgrep exited with status {returncode} without a valid JSON report{detail}"
        )
    notifications = [
        _notification(error) for error in report.get("errors") or [] if isinstance(error, dict)
    ]
    successful = returncode in (0, 1) and not any(
        n.level is NotificationLevel.ERROR for n in notifications
    )
    if returncode not in (0, 1) and not notifications:
        notifications.append(
            Notification(
                f"semgrep exited with status {returncode}: {tail}",
                NotificationLevel.ERROR,
                source="semgrep",
            )
        )
    findings = [
        finding
        for result in report["results"]
        if isinstance(result, dict)
        for finding in [_finding(result, rules, read_line)]
        if finding is not None
    ]
    paths = report.get("paths") or {}
    scanned = tuple(str(path) for path in paths.get("scanned") or [])
    version = report.get("version") if isinstance(report.get("version"), str) else None
    return SemgrepOutcome(tuple(findings), tuple(notifications), successful, version, scanned)


def _notification(error: dict[str, Any]) -> Notification:
    message = error.get("message") or error.get("long_msg") or error.get("short_msg") or ""
    kind = error.get("type")
    kind_name = kind[0] if isinstance(kind, list) and kind else kind
    text = " ".join(str(message).split()) or str(kind_name or "unknown semgrep error")
    if error.get("rule_id") and str(error["rule_id"]) not in text:
        text = f"rule {error['rule_id']}: {text}"
    level = (
        NotificationLevel.ERROR
        if str(error.get("level", "")).lower() == "error"
        else NotificationLevel.WARNING
    )
    line = None
    spans = error.get("spans")
    if isinstance(spans, list) and spans and isinstance(spans[0], dict):
        line = (spans[0].get("start") or {}).get("line")
    path = error.get("path")
    return Notification(
        text,
        level,
        str(path) if path else None,
        line if isinstance(line, int) else None,
        source="semgrep",
    )


def _finding(
    result: dict[str, Any], rules: Mapping[str, RuleInfo], read_line: LineReader
) -> Finding | None:
    rule = rules.get(str(result.get("check_id")))
    if rule is None:
        return None
    path = str(result.get("path", ""))
    start, end = result.get("start") or {}, result.get("end") or {}
    start_line, end_line = int(start.get("line", 1)), int(end.get("line", start.get("line", 1)))
    region = Region(
        start_line,
        utf16_column(read_line(path, start_line), int(start.get("col", 1)) - 1),
        end_line,
        utf16_column(read_line(path, end_line), int(end.get("col", 1)) - 1),
    )
    extra = result.get("extra") or {}
    metadata = extra.get("metadata") or {}
    try:
        confidence = Confidence.parse(str(metadata.get("confidence", rule.confidence.value)))
    except ValueError:
        confidence = rule.confidence
    try:
        severity = Severity.parse(str(extra.get("severity", rule.severity.value)))
    except ValueError:
        severity = rule.severity
    message = " ".join(str(extra.get("message") or rule.summary).split())
    return Finding(rule.id, path, message, severity, region, confidence, rule.family)
