"""Property-based: random bytes and random trees never make a native check raise."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from backguard.checks import ALL_CHECKS, CheckContext
from backguard.config import Config
from backguard.discovery import discover

NAMES = st.sampled_from(
    [
        "app/__init__.py",
        "app/main.py",
        "app/api/routes.py",
        "pkg/sub/mod.py",
        "src/lib/core.py",
        "Dockerfile",
        "docker-compose.yml",
        "Procfile",
        "Makefile",
        "package.json",
        "tox.ini",
        ".github/workflows/ci.yml",
        ".gitlab-ci.yml",
        "scripts/run.sh",
        "pyproject.toml",
        "noxfile.py",
        "entrypoint.sh",
        "web/server.js",
        "app/__main__.py",
    ]
)
SOURCES = st.one_of(
    st.binary(max_size=400),
    st.text(max_size=400).map(lambda text: text.encode("utf-8", errors="surrogatepass")),
    st.sampled_from(
        [
            b"from app.api import routes\nimport app.main\n",
            b"import pkg.sub.mod as m\n",
            b"CMD uvicorn app.main:app\n",
            b"services:\n  web:\n    command: python app/main.py\n",
            b"a: &a [*a]\n",
            b'{"scripts": {"start": "python app/main.py"}}\n',
            b"[1, 2]\n",
            b"web: python app/main.py\n",
            b"run:\n\tpython app/main.py\n",
            b"def f(:\n",
            b"\xff\xfe\x00garbage",
            b'FROM python\nENTRYPOINT ["python", "app/main.py"\n',
        ]
    ),
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(NAMES, SOURCES, min_size=1, max_size=8))
def test_native_checks_never_raise(files: dict[str, bytes]) -> None:
    """Whatever the tree holds, every native check returns findings instead of raising."""
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        for name, content in files.items():
            path = root / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content)
        inventory = discover(root)
        rule_ids = [rule.id for check in ALL_CHECKS for rule in check.rules]
        context = CheckContext(inventory, Config(profile="all"), rule_ids)
        for check in ALL_CHECKS:
            findings = check.run(context)
            assert isinstance(findings, list)
