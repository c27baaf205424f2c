"""``missing-package-init``: fixture projects with the folders that must (not) be reported."""

from __future__ import annotations

from pathlib import Path

import pytest

from backguard.checks.missing_package_init import MissingPackageInit

from ..helpers import FIXTURES, write_tree
from .support import assert_every_fail_case_expected, fixture_cases, scanner

RULE_ID = "missing-package-init"
HERE = FIXTURES / RULE_ID

EXPECTED: dict[str, list[str]] = {
    "fail_nested_under_package": ["app/api/__init__.py", "app/api/v1/__init__.py"],
    "fail_imported_folder": ["services/__init__.py"],
    "fail_src_layout": ["src/shop/orders/__init__.py"],
}

scan = scanner(MissingPackageInit, RULE_ID)


def test_every_fixture_has_expectations() -> None:
    """A new fail_* folder without expected findings is a test bug."""
    assert_every_fail_case_expected(RULE_ID, EXPECTED)


@pytest.mark.parametrize("case", fixture_cases(RULE_ID))
def test_fixture_findings(case: str) -> None:
    """One finding per folder, top-down, at the `__init__.py` that should exist, line 1."""
    findings = scan(HERE / case)
    assert [f.path for f in findings] == EXPECTED.get(case, [])
    assert all(f.region.start_line == 1 for f in findings)


def test_excluded_folders_are_never_packages(tmp_path: Path) -> None:
    """Virtualenvs, node_modules, build output, hidden and configured-excluded folders."""
    write_tree(
        tmp_path,
        {
            "pyproject.toml": '[tool.backguard]\nexclude = ["generated/"]\n',
            "app/__init__.py": "",
            "app/main.py": "import lib.util\nimport generated.api\n",
            "app/venv/pyvenv.cfg": "home = /usr/bin\n",
            "app/venv/lib/site.py": "",
            "app/node_modules/pkg/x.py": "",
            "app/build/lib/app/x.py": "",
            "app/.cache/x.py": "",
            ".venv/lib/python3.12/site-packages/lib/util.py": "",
            "generated/api.py": "",
        },
    )
    assert scan(tmp_path) == []


def test_namespace_package_below_a_package_is_left_alone(tmp_path: Path) -> None:
    """A configured namespace package is exempt, by dotted name or by folder."""
    write_tree(
        tmp_path,
        {
            "pyproject.toml": '[tool.backguard]\nnamespace-packages = ["app.plugins", "src/ext"]\n',
            "app/__init__.py": "",
            "app/plugins/mail.py": "",
            "app/other/x.py": "",
            "src/ext/y.py": "",
            "main.py": "import ext.y\n",
        },
    )
    assert [f.path for f in scan(tmp_path)] == ["app/other/__init__.py"]
