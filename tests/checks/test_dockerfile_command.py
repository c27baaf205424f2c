"""``dockerfile-cmd-not-module``: fixture images whose final command is (not) flagged."""

from __future__ import annotations

from pathlib import Path

import pytest

from backguard.checks.dockerfile_command import DockerfileCommand, parse_dockerfile

from ..helpers import FIXTURES
from .support import assert_every_fail_case_expected, fixture_cases, scanner

RULE_ID = "dockerfile-cmd-not-module"
HERE = FIXTURES / RULE_ID

#: (Dockerfile, line, text the message must quote).
EXPECTED: dict[str, set[tuple[str, int, str]]] = {
    "fail_exec_form_uvicorn": {("Dockerfile", 8, "`uvicorn app.main:app --host ...`")},
    "fail_shell_form_gunicorn_multistage": {
        ("Dockerfile", 7, "`gunicorn -k uvicorn.workers.UvicornWorker ...`")
    },
    "fail_entrypoint_script_exec": {("Dockerfile", 3, "(via docker/entrypoint.sh:4)")},
    "fail_entrypoint_passthrough_to_cmd": {("Dockerfile", 4, "(via entrypoint.sh:4)")},
    "fail_fastapi_run_containerfile": {("Containerfile", 2, "`fastapi run app/main.py ...`")},
    "fail_python_script_sh_wrapper": {("api.Dockerfile", 3, "`python src/main.py`")},
    "fail_inherited_from_earlier_stage": {
        ("Dockerfile", 3, "`gunicorn app.wsgi`"),
        ("Dockerfile.dev", 5, "`uvicorn`"),
    },
}

scan = scanner(DockerfileCommand, RULE_ID)


def test_every_fixture_has_expectations() -> None:
    """A new fail_* folder without expected findings is a test bug."""
    assert_every_fail_case_expected(RULE_ID, EXPECTED)


@pytest.mark.parametrize("case", fixture_cases(RULE_ID))
def test_fixture_findings(case: str) -> None:
    """Each Dockerfile's final command is judged once, at the instruction that holds it."""
    findings = scan(HERE / case)
    assert {(f.path, f.region.start_line) for f in findings} == {
        (path, line) for path, line, _ in EXPECTED.get(case, set())
    }
    for path, line, quoted in EXPECTED.get(case, set()):
        message = next(f.message for f in findings if (f.path, f.region.start_line) == (path, line))
        assert quoted in message


def test_heredoc_bodies_are_folded_into_their_instruction() -> None:
    """Lines of a heredoc are part of the RUN, not instructions of their own."""
    stages = parse_dockerfile(
        "FROM python:3.12\nRUN <<EOF\npython setup.py\nCMD uvicorn x:app\nEOF\n"
        'CMD ["python", "-m", "x"]\n'
    )
    names = [(item.name, item.line) for item in stages[0].instructions]
    assert names == [("RUN", 2), ("CMD", 6)]
    assert stages[0].instructions[0].heredoc == "python setup.py\nCMD uvicorn x:app"
    assert stages[0].instructions[0].heredoc_line == 3


@pytest.mark.parametrize(
    "content",
    [
        b"\x00\x01\x02 binary",
        b'FROM\nCMD ["unterminated\nENTRYPOINT\n',
        b'CMD ["uvicorn", "a:app"]\n',
        b"FROM python AS\nFROM  \nCMD\n",
        b"FROM python\nCMD [1, 2]\n",
        b"FROM python\n" + b"RUN echo \\\n" * 5000 + b"\n",
        b"FROM python\nRUN <<EOF\nnever closed\n",
        b"FROM a AS a\nFROM a AS a\n",
    ],
)
def test_garbage_never_raises(tmp_path: Path, content: bytes) -> None:
    """Binary, truncated or odd Dockerfiles give no finding and no exception."""
    (tmp_path / "Dockerfile").write_bytes(content)
    assert scan(tmp_path) == []
