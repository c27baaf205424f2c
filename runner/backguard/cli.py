"""The ``backguard`` command line: a thin typer layer over :mod:`backguard.scan`.

Exit codes: 0 nothing at or above the threshold, 1 findings, 2 error (usage,
configuration, engine failure), 130 interrupted. Errors are one line on
stderr, never a traceback (set ``BACKGUARD_DEBUG=1`` to see one).
"""

from __future__ import annotations

import json
import os
import sys
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

from . import __version__
from .config import PROFILES, Config, ConfigError, discover_config
from .models import Confidence, ScanResult, Severity
from .output import OutputError, write_atomic
from .rules import RulePackError
from .scan import ScanError, ScanTarget, resolve_target, run_scan

if TYPE_CHECKING:
    from .terminal import Style
from .semgrep import EngineError

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR, EXIT_INTERRUPTED = 0, 1, 2, 130

app = typer.Typer(
    name="backguard",
    help=(
        "A strict backend policy for Python/FastAPI and Node.js/Express, "
        "reported as one SARIF file."
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


class OutputFormat(str, Enum):
    """Report formats of ``backguard scan``."""

    TEXT = "text"
    JSON = "json"
    SARIF = "sarif"
    GITHUB = "github"


def fail(message: str, code: int = EXIT_ERROR) -> NoReturn:
    """Print one clear line on stderr and exit.

    Args:
        message: What went wrong.
        code: The exit status.

    Raises:
        typer.Exit: Always.
    """
    typer.echo(f"backguard: error: {message}", err=True)
    raise typer.Exit(code)


def _split(values: list[str] | None) -> tuple[str, ...] | None:
    if not values:
        return None
    return tuple(part.strip() for value in values for part in value.split(",") if part.strip())


def _parse_level(
    text: str | None, parser: type[Severity] | type[Confidence], option: str
) -> Severity | Confidence | None:
    if text is None:
        return None
    try:
        return parser.parse(text)
    except ValueError as error:
        fail(f"{option}: {error}")


def _style_for_stdout() -> Style:
    from .terminal import Style

    colour = (
        sys.stdout.isatty() and "NO_COLOR" not in os.environ and os.environ.get("TERM") != "dumb"
    )
    encoding = (getattr(sys.stdout, "encoding", None) or "ascii").lower()
    try:
        "\u2705\u274c".encode(encoding)
        unicode = True
    except (LookupError, UnicodeEncodeError):
        unicode = False
    return Style(colour=colour, unicode=unicode)


def _run_with_progress(
    target: ScanTarget,
    config: Config,
    argv: list[str],
    baseline_commit: str | None = None,
) -> ScanResult:
    def run() -> ScanResult:
        if baseline_commit is None:
            return run_scan(target, config, command_line=argv)
        from .baseline import run_baseline_scan

        return run_baseline_scan(target, config, baseline_commit, command_line=argv)

    if sys.stderr.isatty() and "NO_COLOR" not in os.environ and "CI" not in os.environ:
        from rich.console import Console

        with Console(stderr=True).status("backguard: scanning (Semgrep and native checks)..."):
            return run()
    return run()


def _render(result: ScanResult, output_format: OutputFormat, config: Config) -> str:
    from .formats import to_github_annotations, to_json
    from .sarif import to_sarif
    from .terminal import render_text

    if output_format is OutputFormat.SARIF:
        return json.dumps(to_sarif(result, config.category), indent=2, ensure_ascii=False) + "\n"
    if output_format is OutputFormat.JSON:
        return json.dumps(to_json(result), indent=2, ensure_ascii=False) + "\n"
    if output_format is OutputFormat.GITHUB:
        return to_github_annotations(result)
    return render_text(result, config.severity, _style_for_stdout())


def exit_code_for(result: ScanResult, threshold: Severity) -> int:
    """Decide the exit status of a finished scan.

    Args:
        result: The scan's result.
        threshold: Findings at or above this severity fail the scan.

    Returns:
        2 when an engine failed, 1 when findings reach the threshold, else 0.
    """
    if not result.execution_successful:
        return EXIT_ERROR
    blocking = any(not f.suppressed and f.severity.rank >= threshold.rank for f in result.findings)
    return EXIT_FINDINGS if blocking else EXIT_CLEAN


@app.command()
def scan(
    paths: Annotated[
        list[str] | None, typer.Argument(help="Files or folders to scan (default: .).")
    ] = None,
    output_format: Annotated[
        OutputFormat, typer.Option("--format", "-f", help="Report format.")
    ] = (OutputFormat.TEXT),
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write the report here.")
    ] = None,
    sarif_output: Annotated[
        Path | None, typer.Option("--sarif-output", help="Also write a SARIF report here.")
    ] = None,
    profile: Annotated[
        str | None, typer.Option(help=f"Rule profile: {', '.join(PROFILES)}.")
    ] = None,
    select: Annotated[
        list[str] | None,
        typer.Option(help="Run only these rule IDs, replacing the profile (repeatable)."),
    ] = None,
    extend_select: Annotated[
        list[str] | None,
        typer.Option(help="Run these rule IDs in addition to the profile (repeatable)."),
    ] = None,
    ignore: Annotated[
        list[str] | None, typer.Option(help="Do not run these rule IDs (repeatable).")
    ] = None,
    severity: Annotated[
        str | None,
        typer.Option(help="Fail (exit 1) on findings at or above: error, warning, note."),
    ] = None,
    confidence: Annotated[
        str | None,
        typer.Option(
            help="Only report findings at or above: high (proven data flow), medium, low."
        ),
    ] = None,
    exclude: Annotated[
        list[str] | None, typer.Option(help="Gitignore-style pattern to skip.")
    ] = None,
    jobs: Annotated[
        int | None, typer.Option(min=0, help="Semgrep jobs (default: CPU count).")
    ] = None,
    category: Annotated[
        str | None, typer.Option(help="SARIF automationDetails.id category.")
    ] = None,
    max_time: Annotated[
        float | None, typer.Option(min=0, help="Overall engine deadline, seconds.")
    ] = None,
    config_file: Annotated[
        Path | None, typer.Option("--config", help="Configuration file.")
    ] = None,
    include_suppressed: Annotated[
        bool | None,
        typer.Option(
            "--include-suppressed/--no-include-suppressed",
            help="Keep nosemgrep-silenced findings (marked as suppressions).",
        ),
    ] = None,
    baseline_commit: Annotated[
        str | None,
        typer.Option(
            "--baseline-commit",
            metavar="REF",
            help="Report only findings that are new since this git commit.",
        ),
    ] = None,
) -> None:
    """Scan code for policy violations; exit 0 clean, 1 findings, 2 error."""
    argv = ["backguard", *sys.argv[1:]]
    try:
        target = resolve_target(paths or ["."])
        base = discover_config(target.root, config_file)
        config = base.override(
            profile=_checked_profile(profile),
            select=_split(select),
            extend_select=_split(extend_select),
            ignore=_split(ignore),
            severity=_parse_level(severity, Severity, "--severity"),
            confidence=_parse_level(confidence, Confidence, "--confidence"),
            exclude=(*base.exclude, *exclude) if exclude else None,
            jobs=jobs,
            category=category,
            max_time=max_time,
            include_suppressed=include_suppressed,
        )
        result = _run_with_progress(target, config, argv, baseline_commit)
        report = _render(result, output_format, config)
        if output is not None:
            write_atomic(output, report)
        else:
            sys.stdout.write(report)
        if sarif_output is not None:
            write_atomic(sarif_output, _render(result, OutputFormat.SARIF, config))
    except (ScanError, ConfigError, EngineError, OutputError, RulePackError) as error:
        fail(str(error))
    except KeyboardInterrupt:
        # run_scan's cleanup has already stopped the Semgrep process group.
        fail("interrupted", EXIT_INTERRUPTED)
    _report_engine_errors(result)
    raise typer.Exit(exit_code_for(result, config.severity))


def _checked_profile(profile: str | None) -> str | None:
    if profile is not None and profile not in PROFILES:
        fail(f"--profile must be one of {', '.join(PROFILES)}, got {profile!r}")
    return profile


def _report_engine_errors(result: ScanResult) -> None:
    from .models import NotificationLevel

    for notification in result.notifications:
        if notification.level is NotificationLevel.ERROR:
            where = f"{notification.path}: " if notification.path else ""
            typer.echo(f"backguard: {notification.source}: {where}{notification.message}", err=True)


class ListFormat(str, Enum):
    """Formats of ``backguard rules``."""

    TEXT = "text"
    JSON = "json"


@app.command("rules")
def list_rules(
    output_format: Annotated[ListFormat, typer.Option("--format", "-f", help="Listing format.")] = (
        ListFormat.TEXT
    ),
) -> None:
    """List every rule (YAML and native): ID, severity, profile, CWE, summary."""
    from .scan import all_rules

    try:
        rules = all_rules()
    except RulePackError as error:
        fail(str(error))
    if output_format is ListFormat.JSON:
        typer.echo(
            json.dumps(
                [
                    {
                        "id": rule.id,
                        "catalogue_id": rule.family,
                        "severity": rule.severity.value,
                        "profile": rule.profile.value,
                        "engine": rule.engine.value,
                        "cwe": [entry.split(":")[0] for entry in rule.cwe],
                        "confidence": rule.confidence.value,
                        "summary": rule.summary,
                    }
                    for rule in rules
                ],
                indent=2,
            )
        )
        return
    for rule in rules:
        cwe = ",".join(entry.split(":")[0] for entry in rule.cwe) or "-"
        typer.echo(
            f"{rule.id:<40} {rule.severity.value:<8} {rule.profile.value:<10} {cwe:<18} "
            f"{rule.summary}"
        )


@app.command()
def explain(rule_id: Annotated[str, typer.Argument(help="A rule ID, e.g. shell-command.")]) -> None:
    """Show a rule's documentation: what it does, why it matters, examples, references."""
    from .docs import rule_page
    from .scan import all_rules

    try:
        rules = all_rules()
    except RulePackError as error:
        fail(str(error))
    matches = [rule for rule in rules if rule.id == rule_id] or [
        r for r in rules if r.family == rule_id
    ]
    if not matches:
        fail(f"unknown rule ID: {rule_id} (see 'backguard rules')")
    typer.echo("\n\n".join(rule_page(rule).rstrip() for rule in matches))


@app.command("docs", hidden=True)
def generate_docs(
    folder: Annotated[Path, typer.Argument(help="Where to write the pages.")] = Path("docs/rules"),
) -> None:
    """Regenerate docs/rules/*.md from the rules' own docs."""
    from .docs import write_pages
    from .scan import all_rules

    changed = write_pages(all_rules(), folder)
    typer.echo(f"{len(changed)} page(s) updated in {folder}")


@app.command()
def fix(
    paths: Annotated[
        list[str] | None, typer.Argument(help="Files or folders to fix (default: .).")
    ] = None,
    diff: Annotated[
        bool, typer.Option("--diff", help="Print a unified diff; write nothing.")
    ] = False,
    config_file: Annotated[
        Path | None, typer.Option("--config", help="Configuration file.")
    ] = None,
) -> None:
    """Add missing __init__.py files and make internal imports relative.

    Exit status: 0 everything fixed, 1 problems left, 2 error.
    """
    from .fix import fix_project

    try:
        target = resolve_target(paths or ["."])
        config = discover_config(target.root, config_file)
        report = fix_project(target.root, target.paths, config, write=not diff)
    except (ScanError, ConfigError) as error:
        fail(str(error))
    except OSError as error:
        fail(f"cannot write the fix: {error}")
    if diff:
        sys.stdout.write(report.diff())
    else:
        for path in report.created:
            typer.echo(f"created {path}")
        for path in report.rewritten:
            typer.echo(f"rewrote imports in {path}")
    for leftover in report.leftovers:
        where = f"{leftover.path}:{leftover.line}" if leftover.line else leftover.path
        typer.echo(f"backguard: fix: {where}: {leftover.reason}", err=True)
    left = bool(report.leftovers) or (diff and bool(report.changes))
    raise typer.Exit(EXIT_FINDINGS if left else EXIT_CLEAN)


@app.command()
def merge(
    sarif_files: Annotated[list[Path], typer.Argument(help="SARIF files of the sharded scans.")],
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write the merged SARIF here.")
    ] = None,
    category: Annotated[
        str | None, typer.Option(help="SARIF automationDetails.id of the merged run.")
    ] = None,
    root: Annotated[
        Path | None,
        typer.Option(
            help="Folder the merged URIs are relative to (default: the shards' common root)."
        ),
    ] = None,
) -> None:
    """Merge the SARIF files of sharded scans into one run; exit 0 merged, 2 error."""
    from .merge import MergeError, merge_files

    try:
        merged = merge_files(sarif_files, root, category)
        report = json.dumps(merged, indent=2, ensure_ascii=False) + "\n"
        if output is not None:
            write_atomic(output, report)
        else:
            sys.stdout.write(report)
    except (MergeError, OutputError) as error:
        fail(str(error))
    results = len(merged["runs"][0]["results"])
    typer.echo(
        f"backguard: merged {len(sarif_files)} file(s) into one run with {results} result(s)",
        err=True,
    )


@app.command()
def init(
    folder: Annotated[Path, typer.Argument(help="The project folder.")] = Path("."),
    standalone: Annotated[
        bool,
        typer.Option("--standalone", help="Write backguard.toml even when pyproject.toml exists."),
    ] = False,
    print_only: Annotated[
        bool, typer.Option("--print", help="Print the section; write nothing.")
    ] = False,
) -> None:
    """Write a commented configuration into pyproject.toml (or backguard.toml); never overwrites."""
    from .init_config import InitError, init_config, render_section

    if print_only:
        sys.stdout.write(render_section(standalone=standalone))
        return
    try:
        outcome = init_config(folder, standalone=standalone)
    except InitError as error:
        fail(str(error))
    action = "created" if outcome.created else "added [tool.backguard] to"
    typer.echo(f"backguard: {action} {outcome.path}")


@app.command()
def version() -> None:
    """Print backguard's version."""
    typer.echo(f"backguard {__version__}")


def main() -> None:
    """Entry point of the console script and ``python -m backguard``."""
    try:
        app(standalone_mode=True)
    except KeyboardInterrupt:
        typer.echo("backguard: interrupted", err=True)
        sys.exit(EXIT_INTERRUPTED)
    except SystemExit:
        raise
    except Exception as error:  # noqa: BLE001 - last line of defence: one line, no traceback
        if os.environ.get("BACKGUARD_DEBUG"):
            raise
        typer.echo(f"backguard: internal error: {type(error).__name__}: {error}", err=True)
        sys.exit(EXIT_ERROR)
