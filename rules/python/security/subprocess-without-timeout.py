"""Test target for subprocess-without-timeout."""

import subprocess
import sys
from subprocess import CalledProcessError, check_output, run

GIT_TIMEOUT = 30


def render_pdf(source: str, target: str) -> None:
    # ruleid: subprocess-without-timeout
    subprocess.run(["wkhtmltopdf", source, target], check=True)


def git_sha(repo: str) -> str:
    # ruleid: subprocess-without-timeout
    return check_output(["git", "-C", repo, "rev-parse", "HEAD"], text=True).strip()


def install(package: str) -> int:
    # ruleid: subprocess-without-timeout
    return subprocess.call([sys.executable, "-m", "pip", "install", package])


def migrate() -> None:
    try:
        # ruleid: subprocess-without-timeout
        subprocess.check_call(["alembic", "upgrade", "head"], cwd="/srv/app")
    except CalledProcessError as error:
        raise SystemExit(error.returncode) from error


def thumbnails(paths: list[str]) -> list[bytes]:
    # ruleid: subprocess-without-timeout
    return [subprocess.check_output(["convert", p, "-thumbnail", "64x64", "png:-"]) for p in paths]


def lint(files):
    # ruleid: subprocess-without-timeout
    result = run(
        ["ruff", "check", *files],
        capture_output=True,
        text=True,
        check=False,
    )
    return result.returncode


def send_mail(message: bytes) -> None:
    # ruleid: subprocess-without-timeout
    subprocess.run(["/usr/sbin/sendmail", "-t"], input=message, check=True)


def dump_db(url: str, out) -> None:
    # ruleid: subprocess-without-timeout
    subprocess.check_call(["pg_dump", "--dbname", url], stdout=out)


# --- must not flag ------------------------------------------------------------


def render_pdf_ok(source: str, target: str) -> None:
    # ok: subprocess-without-timeout
    subprocess.run(["wkhtmltopdf", source, target], check=True, timeout=60)


def git_sha_ok(repo: str) -> str:
    # ok: subprocess-without-timeout
    return check_output(["git", "-C", repo, "rev-parse", "HEAD"], text=True, timeout=GIT_TIMEOUT)


def install_ok(package: str) -> int:
    # ok: subprocess-without-timeout
    return subprocess.call([sys.executable, "-m", "pip", "install", package], timeout=600)


def migrate_ok() -> None:
    # ok: subprocess-without-timeout
    subprocess.check_call(["alembic", "upgrade", "head"], cwd="/srv/app", timeout=None if False else 120)


def wrapper(cmd, **kwargs):
    # ok: subprocess-without-timeout
    return subprocess.run(cmd, check=True, **kwargs)


def background_worker():
    # Popen is long-running by design; its waits are checked where they happen.
    # ok: subprocess-without-timeout
    return subprocess.Popen(["celery", "worker"])


def lint_ok(files, seconds: float):
    # ok: subprocess-without-timeout
    return run(["ruff", "check", *files], capture_output=True, timeout=seconds).returncode


def with_timeout_first(cmd):
    # ok: subprocess-without-timeout
    return subprocess.run(timeout=5, args=cmd, check=True)


def unrelated(runner):
    # ok: subprocess-without-timeout
    runner.run(["pytest"])
