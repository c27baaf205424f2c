"""Time backguard against bare Semgrep (same rules) and Bandit on the same trees.

Not a test: a measurement tool whose output goes into ``docs/performance.md``.

For every tree (a generated corpus of ``--size`` lines and any project given
as a positional path) the three tools run alternately for ``--rounds``
rounds, each run in a fresh child process, and the table reports per tool:

- wall time (median) and CPU time (user + system, median),
- peak memory: the largest resident set of any one process (``wait4``'s
  ``ru_maxrss``) and the peak *sum* of proportional set sizes over the whole
  process tree (sampled from ``/proc`` once a second; backguard's Semgrep runs
  beside its own Python process, and shared pages count once),
- files and lines of code scanned,
- the ratios backguard / Semgrep and backguard / Bandit.

One extra Semgrep run with ``--time`` gives the ten slowest rules. With
``--baseline`` a copy of the corpus is made a git repository, one file is
changed in a second commit, and ``backguard scan --baseline-commit HEAD~1``
is timed. Bandit is not a backguard dependency: ``pip install bandit``.

Usage::

    .venv/bin/python benchmarks/run.py --size 100000 --baseline
    .venv/bin/python benchmarks/run.py --size 500000 --rounds 3 --json out.json
    .venv/bin/python benchmarks/run.py path/to/real/project
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPOSITORY = HERE.parent
RULES = REPOSITORY / "rules"
CORPUS_ROOT = HERE / "corpus"
SAMPLE_SECONDS = 1.0
POLL_SECONDS = 0.05
RUN_TIMEOUT_SECONDS = 3600.0
HELPER_TIMEOUT_SECONDS = 900.0
MIB = 1024 * 1024
PAGE_BYTES = os.sysconf("SC_PAGE_SIZE")
ENGINE_ENVIRONMENT = {"SEMGREP_ENABLE_VERSION_CHECK": "0", "SEMGREP_SEND_METRICS": "off"}
TARGETS = {"semgrep": 1.10, "bandit": 0.5, "memory_mib": 1024.0, "baseline_seconds": 5.0}
GIT_IDENTITY = {
    "GIT_AUTHOR_NAME": "bench",
    "GIT_AUTHOR_EMAIL": "bench@example.invalid",
    "GIT_COMMITTER_NAME": "bench",
    "GIT_COMMITTER_EMAIL": "bench@example.invalid",
}
COUNT_LINES_SCRIPT = """
import json, sys
from pathlib import Path
from backguard.config import discover_config
from backguard.discovery import FileKind, SEMGREP_KINDS, discover
root = Path(sys.argv[1]).resolve()
config = discover_config(root, None)
inventory = discover(root, (".",), config.exclude, config.max_file_size)
def lines(file):
    return file.absolute.read_bytes().count(b"\\n")
code = [f for f in inventory.files if f.kind in SEMGREP_KINDS]
python = [f for f in code if f.kind is FileKind.PYTHON]
print(json.dumps({"files": len(inventory.files), "code_files": len(code),
                  "code_lines": sum(map(lines, code)), "python_lines": sum(map(lines, python))}))
"""


class BenchmarkError(Exception):
    """A tool is missing or a run failed; the message is one line."""


@dataclass
class Measurement:
    """One run of one command."""

    wall: float
    cpu: float
    max_rss_mib: float
    tree_memory_mib: float
    returncode: int


@dataclass
class ToolResult:
    """Every run of one tool on one tree, and what it scanned."""

    tool: str
    runs: list[Measurement] = field(default_factory=list)
    files: int | None = None
    lines: int | None = None
    findings: int | None = None
    note: str = ""

    def median(self, attribute: str) -> float:
        """Return the median of one measurement attribute over the runs.

        Args:
            attribute: A :class:`Measurement` field name.

        Returns:
            The median (0.0 without runs).
        """
        values = [getattr(run, attribute) for run in self.runs]
        return statistics.median(values) if values else 0.0

    def peak(self, attribute: str) -> float:
        """Return the largest value of one measurement attribute over the runs.

        Args:
            attribute: A :class:`Measurement` field name.

        Returns:
            The maximum (0.0 without runs).
        """
        return max((getattr(run, attribute) for run in self.runs), default=0.0)


@dataclass(frozen=True)
class Tools:
    """The executables being compared."""

    python: str
    semgrep: str
    bandit: str | None
    rules: Path = RULES
    """The rule pack both backguard (``$BACKGUARD_RULES``) and bare Semgrep load."""


# ------------------------------------------------------------- measuring


def _children(pid: int) -> list[int]:
    """Return a process's children, read from ``/proc/<pid>/task/*/children``.

    Args:
        pid: The process.

    Returns:
        The child process IDs (empty when the process is gone).
    """
    found: list[int] = []
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return found
    for task in tasks:
        try:
            with open(f"/proc/{pid}/task/{task}/children", "rb") as handle:
                found.extend(int(child) for child in handle.read().split())
        except (OSError, ValueError):
            continue
    return found


def _proportional_set_bytes(pid: int) -> int:
    """Return a process's proportional set size (shared pages split between sharers).

    Falls back to the resident set size when ``smaps_rollup`` is unavailable.

    Args:
        pid: The process.

    Returns:
        Bytes (0 when the process is gone).
    """
    try:
        with open(f"/proc/{pid}/smaps_rollup", "rb") as handle:
            for line in handle:
                if line.startswith(b"Pss:"):
                    return int(line.split()[1]) * 1024
    except (OSError, IndexError, ValueError):
        pass
    try:
        with open(f"/proc/{pid}/statm", "rb") as handle:
            return int(handle.read().split()[1]) * PAGE_BYTES
    except (OSError, IndexError, ValueError):
        return 0


def tree_memory_bytes(root_pid: int) -> int:
    """Sum the memory of a process and all its descendants.

    Proportional set sizes are summed, so that pages shared between the
    processes (Semgrep's forked workers, shared libraries) count once.

    Args:
        root_pid: The top process.

    Returns:
        The summed proportional set size in bytes.
    """
    pending, total = [root_pid], 0
    while pending:
        pid = pending.pop()
        pending.extend(_children(pid))
        total += _proportional_set_bytes(pid)
    return total


def _stop_group(process: subprocess.Popen[bytes]) -> None:
    """Kill a timed-out child's process group (only the group this script started)."""
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def measure(
    command: Sequence[str], cwd: Path, log: Path, rules: Path, timeout: float = RUN_TIMEOUT_SECONDS
) -> Measurement:
    """Run a command in a fresh child and measure wall, CPU and memory.

    Args:
        command: The argument list (never a shell string).
        cwd: The working directory.
        log: Where the child's stdout and stderr go.
        rules: The rule pack snapshot (exported as ``$BACKGUARD_RULES``).
        timeout: Seconds before the child's process group is killed.

    Returns:
        The measurement.

    Raises:
        BenchmarkError: If the command times out.
    """
    environment = {**os.environ, **ENGINE_ENVIRONMENT, "BACKGUARD_RULES": str(rules)}
    started = time.perf_counter()
    with log.open("wb") as output:
        process = subprocess.Popen(  # noqa: S603 - argument list, no shell
            list(command),
            cwd=cwd,
            stdout=output,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            env=environment,
            start_new_session=True,
        )
    peak_tree, next_sample = 0, started + POLL_SECONDS
    while True:
        pid, status, usage = os.wait4(process.pid, os.WNOHANG)
        if pid:
            break
        now = time.perf_counter()
        if now >= next_sample:
            peak_tree = max(peak_tree, tree_memory_bytes(process.pid))
            next_sample = now + SAMPLE_SECONDS
        if now - started > timeout:
            _stop_group(process)
            os.wait4(process.pid, 0)
            process.returncode = -9
            raise BenchmarkError(f"{command[0]} did not finish within {timeout:.0f} s")
        time.sleep(POLL_SECONDS)
    wall = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    max_rss = usage.ru_maxrss * 1024  # kilobytes on Linux
    return Measurement(
        wall, usage.ru_utime + usage.ru_stime, max_rss / MIB, peak_tree / MIB, process.returncode
    )


def run_helper(
    command: Sequence[str], cwd: Path | None = None, extra_environment: dict[str, str] | None = None
) -> str:
    """Run a short helper command (git, line counting) and return its stdout.

    Args:
        command: The argument list.
        cwd: The working directory.
        extra_environment: Variables added to the environment.

    Returns:
        The standard output.

    Raises:
        BenchmarkError: If the command fails.
    """
    environment = {**os.environ, **ENGINE_ENVIRONMENT, **(extra_environment or {})}
    completed = subprocess.run(  # noqa: S603 - argument list, no shell
        list(command),
        cwd=cwd,
        capture_output=True,
        text=True,
        env=environment,
        timeout=HELPER_TIMEOUT_SECONDS,
        check=False,
    )
    if completed.returncode != 0:
        detail = (completed.stderr or completed.stdout).strip().splitlines()
        raise BenchmarkError(f"{' '.join(command[:3])} failed: {detail[-1] if detail else ''}")
    return completed.stdout


# ---------------------------------------------------------------- tools


def find_tools() -> Tools:
    """Locate the interpreter that has backguard, and Semgrep and Bandit beside it.

    Returns:
        The tools (``bandit`` is ``None`` when it is not installed).

    Raises:
        BenchmarkError: If backguard or Semgrep cannot be found.
    """
    candidates = [Path(sys.executable), REPOSITORY / ".venv" / "bin" / "python"]
    for python in candidates:
        if python.is_file() and _has_backguard(python):
            break
    else:
        raise BenchmarkError("backguard is not installed (pip install -e . in a venv)")
    semgrep = _beside(python, "semgrep")
    if semgrep is None:
        raise BenchmarkError("semgrep is not installed beside backguard")
    return Tools(str(python), semgrep, _beside(python, "bandit"))


def _has_backguard(python: Path) -> bool:
    """Tell whether an interpreter can import backguard."""
    try:
        run_helper([str(python), "-c", "import backguard"])
    except (BenchmarkError, OSError):
        return False
    return True


def _beside(python: Path, name: str) -> str | None:
    """Return an executable next to the interpreter, else on PATH."""
    candidate = python.with_name(name)
    if candidate.is_file() and os.access(candidate, os.X_OK):
        return str(candidate)
    return shutil.which(name)


def backguard_command(
    tools: Tools, tree: Path, output: Path, profile: str, baseline: str | None = None
) -> list[str]:
    """Build the backguard command (SARIF report written to ``output``).

    Args:
        tools: The tools.
        tree: The scanned folder.
        output: The SARIF file.
        profile: The rule profile (``all`` runs every YAML rule, like bare Semgrep).
        baseline: A ``--baseline-commit`` revision, if any.

    Returns:
        The argument list.
    """
    command = [
        tools.python,
        "-m",
        "backguard",
        "scan",
        str(tree),
        "--profile",
        profile,
        "--format",
        "sarif",
        "--output",
        str(output),
    ]
    return command + (["--baseline-commit", baseline] if baseline else [])


def semgrep_command(
    tools: Tools, tree: Path, output: Path, default_ignores: bool, timing: bool = False
) -> list[str]:
    """Build the bare Semgrep command over the same rules and tree.

    ``--no-git-ignore`` is always given (generated corpora live in a
    git-ignored folder). Unless ``default_ignores``, Semgrep's built-in
    ignore list (which drops ``tests/``) is switched off too, so that it scans
    the same files as backguard.

    Args:
        tools: The tools.
        tree: The scanned folder.
        output: The JSON report file.
        default_ignores: Keep Semgrep's default ``.semgrepignore``.
        timing: Add ``--time`` (per-rule profile).

    Returns:
        The argument list.
    """
    command = [
        tools.semgrep,
        "scan",
        "--config",
        str(tools.rules),
        "--metrics=off",
        "--no-rewrite-rule-ids",
        "--json",
        "--output",
        str(output),
        "--no-git-ignore",
    ]
    if not default_ignores:
        command.append("--x-ignore-semgrepignore-files")
    if timing:
        command.append("--time")
    return command + [str(tree)]


def bandit_command(tools: Tools, tree: Path, output: Path) -> list[str]:
    """Build the Bandit command.

    Args:
        tools: The tools.
        tree: The scanned folder.
        output: The JSON report file.

    Returns:
        The argument list.

    Raises:
        BenchmarkError: If Bandit is not installed.
    """
    if tools.bandit is None:
        raise BenchmarkError("bandit is not installed (pip install bandit)")
    return [tools.bandit, "-r", str(tree), "-f", "json", "-o", str(output), "-q"]


# ------------------------------------------------------------ one tree


@dataclass
class TreeResult:
    """Everything measured on one tree."""

    name: str
    path: str
    files: int = 0
    code_files: int = 0
    code_lines: int = 0
    python_lines: int = 0
    tools: dict[str, ToolResult] = field(default_factory=dict)
    slowest_rules: list[dict[str, float | str]] = field(default_factory=list)
    rule_time_total: float = 0.0
    semgrep_profile: dict[str, float] = field(default_factory=dict)
    baseline: ToolResult | None = None
    rule_files: int = 0
    rules_left_out: list[str] = field(default_factory=list)


def count_lines(tools: Tools, tree: Path) -> dict[str, int]:
    """Count what backguard's own file inventory holds (files, code lines).

    Args:
        tools: The tools.
        tree: The scanned folder.

    Returns:
        ``files``, ``code_files``, ``code_lines`` and ``python_lines``.
    """
    return json.loads(run_helper([tools.python, "-c", COUNT_LINES_SCRIPT, str(tree)]))


def check_outcome(tool: str, measurement: Measurement, log: Path) -> None:
    """Fail loudly when a tool did not complete its scan.

    Args:
        tool: The tool's name.
        measurement: Its run.
        log: Its captured output.

    Raises:
        BenchmarkError: When the exit status means an error.
    """
    if measurement.returncode in (0, 1):
        return
    tail = log.read_text(encoding="utf-8", errors="replace").strip().splitlines()[-3:]
    raise BenchmarkError(f"{tool} exited with {measurement.returncode}: {' | '.join(tail)}")


def read_report_counts(tool: str, report: Path) -> tuple[int | None, int | None, int | None]:
    """Read files, lines and findings from a tool's report.

    Args:
        tool: ``backguard``, ``semgrep`` or ``bandit``.
        report: The report file.

    Returns:
        (files scanned, lines scanned, findings); ``None`` where the report
        does not say.
    """
    data = json.loads(report.read_text(encoding="utf-8"))
    if tool == "semgrep":
        return len(data["paths"]["scanned"]), None, len(data["results"])
    if tool == "bandit":
        files = [name for name in data["metrics"] if name != "_totals"]
        return len(files), int(data["metrics"]["_totals"]["loc"]), len(data["results"])
    results = data["runs"][0]["results"]
    return None, None, len(results)


def benchmark_tree(
    tree: Path, name: str, tools: Tools, options: argparse.Namespace, log: Callable[[str], None]
) -> TreeResult:
    """Run every tool ``options.rounds`` times, alternating, on one tree.

    Args:
        tree: The folder scanned.
        name: Its label in the tables.
        tools: The tools.
        options: The command-line options.
        log: Progress output.

    Returns:
        The measurements.
    """
    result = TreeResult(name, str(tree), **count_lines(tools, tree))
    log(f"{name}: {result.code_files} code files, {result.code_lines} lines of code")
    with tempfile.TemporaryDirectory(prefix="backguard-bench-") as scratch:
        work = Path(scratch)
        commands = {
            "backguard": backguard_command(tools, tree, work / "backguard.sarif", options.profile),
            "semgrep": semgrep_command(
                tools, tree, work / "semgrep.json", options.semgrep_default_ignores
            ),
        }
        reports = {"backguard": work / "backguard.sarif", "semgrep": work / "semgrep.json"}
        if tools.bandit and not options.no_bandit:
            commands["bandit"] = bandit_command(tools, tree, work / "bandit.json")
            reports["bandit"] = work / "bandit.json"
        order = list(commands)
        result.tools = {tool: ToolResult(tool) for tool in order}
        for round_number in range(options.rounds):
            for tool in order[round_number % len(order) :] + order[: round_number % len(order)]:
                measurement = measure(commands[tool], tree, work / f"{tool}.log", tools.rules)
                check_outcome(tool, measurement, work / f"{tool}.log")
                result.tools[tool].runs.append(measurement)
                log(
                    f"  round {round_number + 1} {tool}: {measurement.wall:.1f} s wall, "
                    f"{measurement.tree_memory_mib:.0f} MiB"
                )
        for tool, report in reports.items():
            entry = result.tools[tool]
            entry.files, entry.lines, entry.findings = read_report_counts(tool, report)
        result.tools["backguard"].files = result.files
        result.tools["backguard"].lines = result.code_lines
        if not options.no_rule_times:
            profile_rules(result, tools, tree, work, options, log)
    return result


# ------------------------------------------------------ per-rule timing


def rule_times(report: dict) -> tuple[Counter[str], dict[str, float]]:
    """Sum each rule's matching time over every target of a ``--time`` report.

    Args:
        report: Semgrep's JSON report produced with ``--time``.

    Returns:
        Seconds per rule, and Semgrep's own phase totals (config, core, total,
        parsing).
    """
    timing = report["time"]
    rules = [rule["id"] if isinstance(rule, dict) else str(rule) for rule in timing["rules"]]
    per_rule: Counter[str] = Counter({rule: 0.0 for rule in rules})
    parsing = 0.0
    for target in timing["targets"]:
        for index, seconds in enumerate(target.get("match_times") or []):
            per_rule[rules[index]] += seconds
        parsing += max(target.get("parse_times") or [0.0])
    phases = {key: float(value) for key, value in (timing.get("profiling_times") or {}).items()}
    phases["parsing"] = parsing
    phases["max_memory_mib"] = float(timing.get("max_memory_bytes") or 0) / MIB
    return per_rule, phases


def profile_rules(
    result: TreeResult,
    tools: Tools,
    tree: Path,
    work: Path,
    options: argparse.Namespace,
    log: Callable[[str], None],
) -> None:
    """Run Semgrep once with ``--time`` and keep the ten slowest rules.

    Args:
        result: Where the slowest rules are stored.
        tools: The tools.
        tree: The folder scanned.
        work: A scratch folder.
        options: The command-line options.
        log: Progress output.
    """
    output = work / "semgrep-time.json"
    command = semgrep_command(tools, tree, output, options.semgrep_default_ignores, timing=True)
    measurement = measure(command, tree, work / "semgrep-time.log", tools.rules)
    check_outcome("semgrep --time", measurement, work / "semgrep-time.log")
    per_rule, phases = rule_times(json.loads(output.read_text(encoding="utf-8")))
    total = sum(per_rule.values()) or 1.0
    result.rule_time_total = total
    result.semgrep_profile = phases
    result.slowest_rules = [
        {"rule": rule, "seconds": seconds, "percent": 100.0 * seconds / total}
        for rule, seconds in per_rule.most_common(10)
    ]
    log(f"  semgrep --time: {len(per_rule)} rules, {total:.1f} s of rule matching")


# ------------------------------------------------------------ baseline


def baseline_supported(tools: Tools) -> bool:
    """Tell whether the installed backguard has ``scan --baseline-commit``.

    Args:
        tools: The tools.

    Returns:
        ``True`` if the option exists.
    """
    try:
        help_text = run_helper(
            [tools.python, "-m", "backguard", "scan", "--help"],
            extra_environment={"COLUMNS": "200", "NO_COLOR": "1"},
        )
    except BenchmarkError:
        return False
    return "--baseline-commit" in help_text


def make_baseline_repository(corpus: Path, destination: Path) -> str:
    """Copy a corpus into a new git repository with two commits; the second changes one file.

    Args:
        corpus: The generated corpus.
        destination: A folder that does not exist yet.

    Returns:
        The changed file's path, relative to the repository.
    """
    shutil.copytree(corpus, destination)
    git = ["git", "-c", "commit.gpgsign=false", "-c", "core.hooksPath=/dev/null"]
    run_helper([*git, "init", "--quiet", "--initial-branch=main"], destination)
    run_helper([*git, "add", "--all"], destination)
    run_helper([*git, "commit", "--quiet", "-m", "corpus"], destination, GIT_IDENTITY)
    changed = sorted(destination.glob("app/domains/*/*/service.py"))[0]
    with changed.open("a", encoding="utf-8") as handle:
        handle.write(
            "\n    def audit_trail(self, item_id: int) -> list[str]:\n"
            '        """Return the audit entries of a row."""\n'
            '        return [f"{item_id}: viewed"]\n'
        )
    run_helper([*git, "commit", "--quiet", "--all", "-m", "one change"], destination, GIT_IDENTITY)
    return changed.relative_to(destination).as_posix()


def benchmark_baseline(
    corpus: Path, tools: Tools, options: argparse.Namespace, log: Callable[[str], None]
) -> ToolResult:
    """Time ``backguard scan --baseline-commit HEAD~1`` after a one-file change.

    Args:
        corpus: The generated corpus.
        tools: The tools.
        options: The command-line options.
        log: Progress output.

    Returns:
        The runs, or an empty result whose note says why there are none.
    """
    result = ToolResult("backguard --baseline-commit HEAD~1")
    if not baseline_supported(tools):
        result.note = "not available (this backguard has no --baseline-commit)"
        log(f"  baseline: {result.note}")
        return result
    if shutil.which("git") is None:
        result.note = "not available (git is not installed)"
        return result
    with tempfile.TemporaryDirectory(prefix="backguard-bench-git-") as scratch:
        repository = Path(scratch) / "repo"
        changed = make_baseline_repository(corpus, repository)
        output = Path(scratch) / "baseline.sarif"
        command = backguard_command(tools, repository, output, options.profile, "HEAD~1")
        for round_number in range(options.rounds):
            measurement = measure(command, repository, Path(scratch) / "baseline.log", tools.rules)
            check_outcome(
                "backguard --baseline-commit", measurement, Path(scratch) / "baseline.log"
            )
            result.runs.append(measurement)
            log(f"  round {round_number + 1} baseline: {measurement.wall:.1f} s wall")
        result.findings = read_report_counts("backguard", output)[2]
        result.files, result.note = 1, f"changed file: {changed}"
    return result


# ------------------------------------------------------------- reporting


def format_tree(result: TreeResult) -> list[str]:
    """Render one tree's Markdown tables.

    Args:
        result: The measurements.

    Returns:
        The lines.
    """
    lines = [
        f"### {result.name}",
        "",
        f"{result.code_files} code files, {result.code_lines} lines of code "
        f"({result.python_lines} Python) in backguard's inventory of {result.files} files; "
        f"{result.rule_files} rule files.",
        *(
            [f"Left out (Semgrep rejected them): {', '.join(result.rules_left_out)}."]
            if result.rules_left_out
            else []
        ),
        "",
        "| tool | wall median (s) | CPU median (s) | peak RSS, one process (MiB) "
        "| peak PSS, process tree (MiB) | files | lines | findings | runs |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    rows = list(result.tools.values()) + ([result.baseline] if result.baseline else [])
    for tool in rows:
        lines.append(format_tool_row(tool))
    lines += ["", *format_ratios(result)]
    if result.slowest_rules:
        lines += ["", *format_rules(result)]
    return lines


def format_tool_row(tool: ToolResult) -> str:
    """Render one tool's table row.

    Args:
        tool: The tool's runs.

    Returns:
        The Markdown row.
    """
    if not tool.runs:
        return f"| {tool.tool} | {tool.note or 'not run'} | | | | | | | 0 |"
    files, lines, findings = (
        "" if value is None else str(value) for value in (tool.files, tool.lines, tool.findings)
    )
    return (
        f"| {tool.tool} | {tool.median('wall'):.2f} | {tool.median('cpu'):.2f} "
        f"| {tool.peak('max_rss_mib'):.0f} | {tool.peak('tree_memory_mib'):.0f} "
        f"| {files} | {lines} | {findings} | {len(tool.runs)} |"
    )


def format_ratios(result: TreeResult) -> list[str]:
    """Render the ratios and whether each target holds.

    Args:
        result: The measurements.

    Returns:
        The lines.
    """
    backguard = result.tools["backguard"]
    lines = []
    for other in ("semgrep", "bandit"):
        if other not in result.tools or not result.tools[other].runs:
            continue
        wall = backguard.median("wall") / result.tools[other].median("wall")
        cpu = backguard.median("cpu") / max(result.tools[other].median("cpu"), 1e-9)
        verdict = "meets" if wall <= TARGETS[other] else "misses"
        lines.append(
            f"- backguard / {other}: wall {wall:.2f}x, CPU {cpu:.2f}x "
            f"({verdict} the <= {TARGETS[other]:.2f}x target)"
        )
    memory = max(backguard.peak("tree_memory_mib"), backguard.peak("max_rss_mib"))
    verdict = "meets" if memory <= TARGETS["memory_mib"] else "misses"
    lines.append(
        f"- backguard peak memory (process tree): {memory:.0f} MiB "
        f"({verdict} the <= 1024 MiB target)"
    )
    if result.baseline is not None:
        lines.append(format_baseline_verdict(result.baseline))
    return lines


def format_baseline_verdict(baseline: ToolResult) -> str:
    """Render the baseline-scan verdict line.

    Args:
        baseline: The baseline runs.

    Returns:
        The line.
    """
    if not baseline.runs:
        return f"- --baseline-commit scan of a one-file change: {baseline.note}"
    wall = baseline.median("wall")
    verdict = "meets" if wall <= TARGETS["baseline_seconds"] else "misses"
    return (
        f"- --baseline-commit scan of a one-file change: {wall:.2f} s "
        f"({verdict} the <= 5 s target; {baseline.note})"
    )


def format_rules(result: TreeResult) -> list[str]:
    """Render the slowest-rules table.

    Args:
        result: The measurements.

    Returns:
        The lines.
    """
    phases = result.semgrep_profile
    lines = [
        f"Slowest rules (Semgrep `--time`; {result.rule_time_total:.1f} s of rule matching "
        f"summed over all targets, core {phases.get('core_time', 0.0):.1f} s, "
        f"parsing {phases.get('parsing', 0.0):.1f} s):",
        "",
        "| rule | seconds | % of rule time |",
        "|---|---:|---:|",
    ]
    for entry in result.slowest_rules:
        flag = " **(over 10%)**" if float(entry["percent"]) > 10 else ""
        lines.append(
            f"| `{entry['rule']}` | {float(entry['seconds']):.2f} "
            f"| {float(entry['percent']):.1f}{flag} |"
        )
    return lines


# ------------------------------------------------------------------ main


def corpus_for(size: int, tools: Tools, regenerate: bool, log: Callable[[str], None]) -> Path:
    """Return the generated corpus of ``size`` lines, generating it when missing.

    Args:
        size: Lines.
        tools: The tools (the generator runs with the same interpreter).
        regenerate: Generate even when a corpus of that size exists.
        log: Progress output.

    Returns:
        The corpus folder.
    """
    folder = CORPUS_ROOT / f"{size // 1000}k" if size % 1000 == 0 else CORPUS_ROOT / str(size)
    if regenerate or not (folder / ".backguard-corpus").is_file():
        log(
            run_helper(
                [
                    tools.python,
                    str(HERE / "generate_corpus.py"),
                    "--lines",
                    str(size),
                    "--out",
                    str(folder),
                ]
            ).strip()
        )
    return folder


def parse_arguments(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """Parse the command line.

    Args:
        argv: Arguments (default: ``sys.argv[1:]``).

    Returns:
        The options.
    """
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", type=Path, help="real projects to benchmark too")
    parser.add_argument(
        "--size",
        type=int,
        action="append",
        default=[],
        help="generate (or reuse) a corpus of this many lines; repeatable",
    )
    parser.add_argument("--rounds", type=int, default=3, help="runs per tool (default 3)")
    parser.add_argument(
        "--profile",
        default="all",
        help="backguard profile (default all: every YAML rule, like bare Semgrep)",
    )
    parser.add_argument(
        "--baseline",
        action="store_true",
        help="also time --baseline-commit HEAD~1 on a one-file change",
    )
    parser.add_argument("--no-bandit", action="store_true", help="skip Bandit")
    parser.add_argument("--no-rule-times", action="store_true", help="skip the --time run")
    parser.add_argument(
        "--semgrep-default-ignores",
        action="store_true",
        help="let bare Semgrep skip tests/ etc. as it does by default",
    )
    parser.add_argument("--regenerate", action="store_true", help="rewrite the corpus")
    parser.add_argument("--json", type=Path, help="also write the raw measurements here")
    parser.add_argument(
        "--rules",
        type=Path,
        default=RULES,
        help="rule pack to benchmark (default: the repository's rules/)",
    )
    options = parser.parse_args(argv)
    if options.rounds < 1:
        parser.error("--rounds must be at least 1")
    return options


def log_progress(message: str) -> None:
    """Print progress on stderr.

    Args:
        message: One line.
    """
    print(message, file=sys.stderr, flush=True)


def snapshot_rules(source: Path, destination: Path) -> Path:
    """Copy the rule pack's YAML files so that every run of a benchmark sees the same rules.

    Args:
        source: The ``rules/`` folder.
        destination: An empty scratch folder.

    Returns:
        The snapshot folder.

    Raises:
        BenchmarkError: If the source holds no rule file.
    """
    snapshot = destination / "rules"
    for path in sorted(source.rglob("*.y*ml")):
        relative = path.relative_to(source)
        if path.is_file() and not any(part.startswith(".") for part in relative.parts):
            (snapshot / relative).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, snapshot / relative)
    if not snapshot.is_dir():
        raise BenchmarkError(f"no rule files under {source}")
    return snapshot


YAML_PATH = re.compile(r"[^\s'\"():]+\.ya?ml")
PROBE_ATTEMPTS = 3
PROBE_PAUSE_SECONDS = 20.0


def blamed_rule_files(text: str, snapshot: Path) -> set[Path]:
    """Find the snapshot's rule files that an error output names.

    Args:
        text: Error output (Semgrep's JSON report, backguard's stderr).
        snapshot: The rule pack snapshot.

    Returns:
        The existing snapshot files named in the text.
    """
    found = set()
    for match in YAML_PATH.findall(text):
        path = Path(match)
        path = path if path.is_absolute() else snapshot / path
        if path.resolve().is_relative_to(snapshot) and path.is_file():
            found.add(path.resolve())
    return found


def probe_pack(tools: Tools, scratch: Path) -> str | None:
    """Load the snapshot with Semgrep and with backguard; return their errors, if any.

    Args:
        tools: The tools; ``tools.rules`` is the snapshot.
        scratch: A scratch folder.

    Returns:
        ``None`` when both load the pack, else the error output.
    """
    probe = scratch / "probe"
    probe.mkdir(exist_ok=True)
    (probe / "probe.py").write_text("x = 1\n", encoding="utf-8")
    output, log = scratch / "probe.json", scratch / "probe.log"
    semgrep = measure(semgrep_command(tools, probe, output, True), probe, log, tools.rules)
    if semgrep.returncode not in (0, 1):
        report = output.read_text(encoding="utf-8") if output.is_file() else ""
        return report + log.read_text(encoding="utf-8", errors="replace")
    backguard = measure(
        [tools.python, "-m", "backguard", "rules", "--format", "json"], probe, log, tools.rules
    )
    if backguard.returncode != 0:
        return log.read_text(encoding="utf-8", errors="replace")
    return None


def prune_broken_rules(tools: Tools, scratch: Path, log: Callable[[str], None]) -> list[str]:
    """Drop rule files that Semgrep or backguard reject (the pack may be mid-edit).

    Every rule file an error names is removed from the snapshot and the
    probe repeats until the pack loads.

    Args:
        tools: The tools; ``tools.rules`` is the snapshot.
        scratch: A scratch folder.
        log: Progress output.

    Returns:
        The removed files, relative to the snapshot.

    Raises:
        BenchmarkError: When the pack fails to load and no file is to blame.
    """
    removed: list[str] = []
    while (errors := probe_pack(tools, scratch)) is not None:
        blamed = blamed_rule_files(errors, tools.rules)
        if not blamed:
            tail = " | ".join(errors.strip().splitlines()[-3:])
            raise BenchmarkError(f"the rule pack does not load: {tail}")
        for path in sorted(blamed):
            removed.append(path.relative_to(tools.rules).as_posix())
            log(f"rule file rejected, left out of the benchmark: {removed[-1]}")
            path.unlink()
    return removed


def prepare_rules(found: Tools, source: Path, scratch: Path) -> tuple[Tools, list[str]]:
    """Snapshot the pack and prune it; retry when a file was caught mid-write.

    Args:
        found: The tools (``rules`` is replaced by the snapshot).
        source: The ``rules/`` folder.
        scratch: A scratch folder.

    Returns:
        The tools using the snapshot, and the rule files left out.

    Raises:
        BenchmarkError: When no snapshot loads after several attempts.
    """
    for attempt in range(1, PROBE_ATTEMPTS + 1):
        attempt_folder = scratch / f"attempt-{attempt}"
        attempt_folder.mkdir()
        tools = replace(found, rules=snapshot_rules(source, attempt_folder))
        try:
            return tools, prune_broken_rules(tools, attempt_folder, log_progress)
        except BenchmarkError as error:
            if attempt == PROBE_ATTEMPTS:
                raise
            log_progress(f"{error}; taking a new snapshot in {PROBE_PAUSE_SECONDS:.0f} s")
            time.sleep(PROBE_PAUSE_SECONDS)
    raise BenchmarkError("unreachable")


def run(options: argparse.Namespace) -> list[TreeResult]:
    """Benchmark every requested tree with one snapshot of the rule pack.

    Args:
        options: The command-line options.

    Returns:
        The results, one per tree.

    Raises:
        BenchmarkError: When no tree was requested.
    """
    found = find_tools()
    if found.bandit is None and not options.no_bandit:
        log_progress("bandit is not installed (pip install bandit); skipping it")
    trees = [
        (corpus_for(size, found, options.regenerate, log_progress), f"corpus {size} lines")
        for size in options.size
    ]
    trees += [(path.resolve(), path.resolve().name) for path in options.paths]
    if not trees:
        raise BenchmarkError("nothing to benchmark: give --size N or a path")
    with tempfile.TemporaryDirectory(prefix="backguard-bench-rules-") as scratch:
        tools, left_out = prepare_rules(found, options.rules.resolve(), Path(scratch))
        rule_files = sum(1 for _ in tools.rules.rglob("*.y*ml"))
        log_progress(f"rule pack snapshot: {rule_files} rule files from {options.rules}")
        results = []
        for tree, name in trees:
            result = benchmark_tree(tree, name, tools, options, log_progress)
            result.rule_files, result.rules_left_out = rule_files, left_out
            if options.baseline and name.startswith("corpus"):
                result.baseline = benchmark_baseline(tree, tools, options, log_progress)
            results.append(result)
    return results


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark and print the Markdown tables on stdout.

    Args:
        argv: Arguments (default: ``sys.argv[1:]``).

    Returns:
        The exit status: 0 done, 2 error.
    """
    options = parse_arguments(argv)
    try:
        results = run(options)
    except BenchmarkError as error:
        log_progress(f"benchmark: error: {error}")
        return 2
    print(f"## backguard benchmark ({os.cpu_count()} CPUs, {options.rounds} rounds)\n")
    for result in results:
        print("\n".join(format_tree(result)) + "\n")
    if options.json:
        options.json.write_text(
            json.dumps([asdict(r) for r in results], indent=2) + "\n", encoding="utf-8"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
