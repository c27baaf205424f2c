"""The runner's own security: it never runs scanned code and writes only what it was told to."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
import yaml

from backguard.rules import SAFE_LOADER, safe_load_yaml

from ..helpers import REPO, run_cli, write_tree

TRAP = (
    "import pathlib\npathlib.Path(__file__).with_name('EXECUTED').write_text('pwned')\n"
    "raise SystemExit('imported!')\n"
)


def _tree(root: Path) -> dict[str, float]:
    return {str(p.relative_to(root)): p.stat().st_mtime for p in root.rglob("*")}


def test_scanned_code_is_never_imported_or_executed(tmp_path: Path) -> None:
    """Modules that act when imported (package __init__, conftest, setup.py) stay inert."""
    project = write_tree(
        tmp_path / "p",
        {
            "app/__init__.py": TRAP,
            "app/api/__init__.py": TRAP,
            "app/api/routes.py": TRAP,
            "conftest.py": TRAP,
            "setup.py": TRAP,
            "main.py": "from app.api import routes\n" + TRAP,
        },
    )
    before = _tree(project)
    completed = run_cli("scan", str(project), "--profile", "all")
    assert completed.returncode in (0, 1), completed.stderr
    assert not list(project.rglob("EXECUTED"))
    assert _tree(project) == before, "the scan wrote into the scanned tree"


def test_runner_source_uses_no_shell_no_unsafe_yaml_no_eval() -> None:
    """No shell=True, yaml.load, eval/exec or pickle anywhere in the runner's own code."""
    offenders = []
    for path in (REPO / "runner" / "backguard").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.keyword)
                and node.arg == "shell"
                and not (isinstance(node.value, ast.Constant) and node.value.value is False)
            ):
                offenders.append(f"{path.name}:{node.value.lineno} shell=")
            if (
                isinstance(node, ast.Attribute)
                and node.attr in {"load", "unsafe_load"}
                and isinstance(node.value, ast.Name)
                and node.value.id in {"yaml", "pickle"}
            ):
                offenders.append(f"{path.name}:{node.lineno} {node.value.id}.{node.attr}")
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in {"eval", "exec", "__import__"}
            ):
                offenders.append(f"{path.name}:{node.lineno} {node.func.id}()")
    assert offenders == []


def test_rule_pack_loader_is_a_safe_loader() -> None:
    """The fast YAML loader for the pack constructs plain data only, never Python objects."""
    assert issubclass(SAFE_LOADER, yaml.constructor.SafeConstructor)
    assert not issubclass(SAFE_LOADER, yaml.constructor.FullConstructor)
    with pytest.raises(yaml.YAMLError):
        safe_load_yaml("!!python/object/apply:os.system ['true']")
    assert safe_load_yaml("a: [1, b]") == {"a": [1, "b"]}
