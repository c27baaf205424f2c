"""Offline lint of the rule pack (``semgrep --validate`` needs the network).

Checks: unique IDs, file name = catalogue ID, required metadata, quoted
``security-severity``, docs with every section, and a test target beside
every rule file with both ``ruleid:`` and ``ok:`` annotations for each rule.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from .docs import REQUIRED_SECTIONS
from .rules import YamlRule, load_pack, rule_files, rules_directory

REQUIRED_METADATA = (
    "catalogue-id",
    "profile",
    "summary",
    "category",
    "confidence",
    "references",
    "docs",
)
SECURITY_METADATA = ("cwe", "owasp", "likelihood", "impact", "security-severity", "subcategory")
TEST_SUFFIXES = (".py", ".js", ".ts", ".jsx", ".tsx", ".dockerfile")


def lint_pack(directory: Path | None = None) -> list[str]:
    """Lint the rule pack.

    Args:
        directory: The pack's folder (located when omitted).

    Returns:
        One message per problem; empty when the pack is clean.
    """
    directory = directory or rules_directory()
    pack = load_pack(directory)
    problems = [
        f"duplicate rule ID {rule_id}"
        for rule_id, count in Counter(r.info.id for r in pack).items()
        if count > 1
    ]
    for rule in pack:
        problems += _lint_rule(rule)
    for path in rule_files(directory):
        problems += _lint_tests(path, [rule for rule in pack if rule.path == path])
    return problems


def _lint_rule(rule: YamlRule) -> list[str]:
    where = f"{rule.path.name}: {rule.info.id}"
    metadata = rule.body.get("metadata") or {}
    problems = [
        f"{where}: missing metadata.{key}" for key in REQUIRED_METADATA if key not in metadata
    ]
    if metadata.get("profile") == "security":
        problems += [
            f"{where}: missing metadata.{key}" for key in SECURITY_METADATA if key not in metadata
        ]
    if "security-severity" in metadata and not isinstance(metadata["security-severity"], str):
        problems.append(
            f"{where}: security-severity must be a quoted string (crashes Semgrep 1.185)"
        )
    family = str(metadata.get("catalogue-id", rule.info.id))
    if rule.path.stem != family:
        problems.append(f"{where}: file name must be the catalogue ID '{family}'")
    if rule.info.id != family and not rule.info.id.startswith(family + "-"):
        problems.append(f"{where}: ID must be the catalogue ID or the catalogue ID plus a suffix")
    problems += [
        f"{where}: docs lack '{section}'"
        for section in REQUIRED_SECTIONS
        if section not in str(metadata.get("docs", ""))
    ]
    return problems


def _lint_tests(path: Path, rules: list[YamlRule]) -> list[str]:
    targets = [
        path.with_suffix(suffix) for suffix in TEST_SUFFIXES if path.with_suffix(suffix).exists()
    ]
    if not targets:
        return [f"{path.name}: no test target beside it"]
    text = "\n".join(target.read_text(encoding="utf-8") for target in targets)
    annotated = {kind: set() for kind in ("ruleid", "ok")}
    for kind, ids in re.findall(r"(ruleid|ok)\s*:\s*([\w\-, ]+)", text):
        annotated[kind].update(part.strip() for part in ids.split(","))
    problems = []
    for rule in rules:
        for kind in ("ruleid", "ok"):
            if rule.info.id not in annotated[kind]:
                problems.append(f"{path.name}: {rule.info.id} has no '{kind}:' test case")
    return problems
