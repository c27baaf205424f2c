"""``circular-import``: fixture projects with the cycles they must (not) report."""

from __future__ import annotations

from pathlib import Path

import pytest

from backguard.checks.base import CheckContext
from backguard.checks.circular_import import CircularImport
from backguard.config import discover_config
from backguard.discovery import discover
from backguard.models import Finding, Severity

from ..helpers import FIXTURES, write_tree

RULE_ID = "circular-import"
HERE = FIXTURES / RULE_ID

#: (file, line) of the import that closes each cycle, and the cycle as the message names it.
EXPECTED: dict[str, set[tuple[str, int, str]]] = {
    "fail_two_modules": {("app/services.py", 3, "app.models -> app.services -> app.models")},
    "fail_three_modules_absolute": {
        ("shop/users.py", 2, "shop.orders -> shop.payments -> shop.users -> shop.orders"),
    },
    "fail_through_package_init": {("pkg/api.py", 1, "pkg -> pkg.api -> pkg")},
    "fail_two_cycles_one_component": {
        ("lib/b.py", 1, "lib.a -> lib.b -> lib.a"),
        ("lib/c.py", 1, "lib.a -> lib.c -> lib.a"),
    },
}


def scan(root: Path) -> list[Finding]:
    """Run the check alone over a project folder.

    Args:
        root: The project.

    Returns:
        Its findings.
    """
    config = discover_config(root)
    context = CheckContext(discover(root, ["."], config.exclude), config, [RULE_ID])
    return CircularImport().run(context)


def _cases() -> list[str]:
    return sorted(path.name for path in HERE.iterdir() if path.is_dir())


def _cycle(finding: Finding) -> str:
    return finding.message.split("Circular import: ", 1)[1].split(". ", 1)[0]


def test_every_fixture_has_expectations() -> None:
    """A new fail_* folder without expected findings is a test bug."""
    assert {case for case in _cases() if case.startswith("fail_")} == set(EXPECTED)


@pytest.mark.parametrize("case", _cases())
def test_fixture_findings(case: str) -> None:
    """Each cycle is reported once, at the closing import, naming its modules."""
    findings = scan(HERE / case)
    assert {(f.path, f.region.start_line, _cycle(f)) for f in findings} == EXPECTED.get(case, set())
    assert all(f.severity is Severity.WARNING for f in findings)


def test_long_chain_and_self_import_do_not_crash(tmp_path: Path) -> None:
    """A 3000-module chain closing on itself: iterative graph code, one finding."""
    files = {"chain/__init__.py": ""}
    for number in range(3000):
        files[f"chain/m{number:04d}.py"] = f"from . import m{(number + 1) % 3000:04d}\n"
    files["chain/selfish.py"] = "from chain import selfish\n"
    findings = scan(write_tree(tmp_path, files))
    assert len(findings) == 1
    assert findings[0].path == "chain/m2999.py"


def test_dense_graph_is_capped_with_a_notification(tmp_path: Path) -> None:
    """A complete graph has a huge number of cycles: the check stops and says so."""
    names = [f"m{number}" for number in range(12)]
    files = {"dense/__init__.py": ""}
    for name in names:
        others = [other for other in names if other != name]
        files[f"dense/{name}.py"] = "".join(f"from . import {other}\n" for other in others)
    root = write_tree(tmp_path, files)
    config = discover_config(root)
    context = CheckContext(discover(root, ["."]), config, [RULE_ID])
    findings = CircularImport().run(context)
    assert 0 < len(findings) <= 200
    assert any("too tangled" in note.message for note in context.notifications)
