"""``circular-import``: fixture projects with the cycles they must (not) report."""

from __future__ import annotations

from pathlib import Path

import pytest

from backguard.checks.circular_import import CircularImport
from backguard.models import Finding, Severity

from ..helpers import FIXTURES, write_tree
from .support import assert_every_fail_case_expected, fixture_cases, scanner

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

scan = scanner(CircularImport, RULE_ID)


def _cycle(finding: Finding) -> str:
    return finding.message.split("Circular import: ", 1)[1].split(". ", 1)[0]


def test_every_fixture_has_expectations() -> None:
    """A new fail_* folder without expected findings is a test bug."""
    assert_every_fail_case_expected(RULE_ID, EXPECTED)


@pytest.mark.parametrize("case", fixture_cases(RULE_ID))
def test_fixture_findings(case: str) -> None:
    """Each cycle is reported once, at the closing import, naming its modules."""
    findings = scan(HERE / case)
    assert {(f.path, f.region.start_line, _cycle(f)) for f in findings} == EXPECTED.get(case, set())
    assert all(f.severity is Severity.WARNING for f in findings)


def test_long_chain_and_self_import_do_not_crash(tmp_path: Path) -> None:
    """A 1200-module chain (deeper than the recursion limit) closing on itself: one finding."""
    files = {"chain/__init__.py": ""}
    for number in range(1200):
        files[f"chain/m{number:04d}.py"] = f"from . import m{(number + 1) % 1200:04d}\n"
    files["chain/selfish.py"] = "from chain import selfish\n"
    findings = scan(write_tree(tmp_path, files))
    assert len(findings) == 1
    assert findings[0].path == "chain/m1199.py"


def test_a_tangle_of_many_cycles_is_reported_once(tmp_path: Path) -> None:
    """A complete graph has thousands of cycles: one finding, the shortest cycle, the group size."""
    names = [f"m{number:02d}" for number in range(12)]
    files = {"dense/__init__.py": ""}
    for name in names:
        others = [other for other in names if other != name]
        files[f"dense/{name}.py"] = "".join(f"from . import {other}\n" for other in others)
    findings = scan(write_tree(tmp_path, files))
    assert len(findings) == 1
    assert _cycle(findings[0]) == "dense.m00 -> dense.m01 -> dense.m00"
    assert (
        "one of many cycles tying 12 modules together (dense.m00, dense.m01," in findings[0].message
    )
    assert (findings[0].path, findings[0].region.start_line) == ("dense/m01.py", 1)


def test_few_cycles_in_one_group_are_each_reported(tmp_path: Path) -> None:
    """Up to five cycles sharing modules are listed one by one."""
    findings = scan(
        write_tree(
            tmp_path,
            {
                "hub/__init__.py": "",
                "hub/core.py": "from . import a, b, c\n",
                "hub/a.py": "from . import core\n",
                "hub/b.py": "from . import core\n",
                "hub/c.py": "from . import a\n",
            },
        )
    )
    assert sorted(_cycle(f) for f in findings) == [
        "hub.a -> hub.core -> hub.a",
        "hub.a -> hub.core -> hub.c -> hub.a",
        "hub.b -> hub.core -> hub.b",
    ]
