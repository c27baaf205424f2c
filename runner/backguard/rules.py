"""The rule pack: load the Semgrep YAML in ``rules/``, describe every rule, select and tailor.

The YAML is read with ``yaml.safe_load`` only. The runner hands Semgrep one
generated config holding exactly the selected rules (so unselected rules
cost nothing), tailored by ``[tool.backguard]`` options where a rule's
metadata declares a hook (see :func:`tailor_rule`).
"""

from __future__ import annotations

import copy
import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

#: LibYAML's safe loader when PyYAML was built with it (about 10x faster on the pack,
#: the same documents); the pure-Python safe loader otherwise. Never a full loader.
SAFE_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def safe_load_yaml(text: str) -> object:
    """Parse one YAML document with the safe loader (what ``yaml.safe_load`` does, faster).

    Args:
        text: The YAML source.

    Returns:
        The document's plain data (dicts, lists, strings, numbers, booleans, None).

    Raises:
        yaml.YAMLError: When the text is not valid YAML.
    """
    loader = SAFE_LOADER(text)
    try:
        return loader.get_single_data()
    finally:
        loader.dispose()


from .config import Config
from .models import Confidence, Engine, Profile, RuleInfo, Severity

#: Config options a rule can bind to one of its metavariables with
#: ``metadata.options: {<option>: $METAVAR}``.
TAILORABLE_OPTIONS = {"jwt-algorithms": "jwt_algorithms", "rate-limiters": "rate_limiters"}


class RulePackError(Exception):
    """The rule pack cannot be loaded; the message names the file."""


def rules_directory() -> Path:
    """Locate the rule pack: ``$BACKGUARD_RULES``, the installed copy, or the source checkout.

    Returns:
        The folder that holds the YAML rules.

    Raises:
        RulePackError: If no rule pack can be found.
    """
    override = os.environ.get("BACKGUARD_RULES")
    candidates = [Path(override)] if override else []
    package = Path(__file__).resolve().parent
    candidates += [package / "rules", package.parent.parent / "rules"]
    for candidate in candidates:
        if candidate.is_dir():
            return candidate
    raise RulePackError("cannot find the rule pack (set BACKGUARD_RULES to the rules/ folder)")


@dataclass(frozen=True)
class YamlRule:
    """One Semgrep rule as loaded, with the file it came from."""

    info: RuleInfo
    body: dict[str, Any]
    path: Path


def rule_files(directory: Path) -> list[Path]:
    """List the rule files of the pack (test targets and hidden files excluded).

    Args:
        directory: The pack's folder.

    Returns:
        The YAML rule files, sorted.
    """
    return sorted(
        path
        for path in directory.rglob("*")
        if path.suffix in {".yaml", ".yml"}
        and path.is_file()
        and not any(part.startswith(".") for part in path.relative_to(directory).parts)
        and ".fixed." not in path.name
    )


def load_pack(directory: Path | None = None) -> list[YamlRule]:
    """Load every rule of the pack.

    Args:
        directory: The pack's folder; located with :func:`rules_directory` when omitted.

    Returns:
        The rules in file order.

    Raises:
        RulePackError: On unreadable YAML or a rule without an ID.
    """
    directory = directory or rules_directory()
    loaded: list[YamlRule] = []
    for path in rule_files(directory):
        try:
            document = safe_load_yaml(path.read_text(encoding="utf-8"))
        except (OSError, yaml.YAMLError) as error:
            raise RulePackError(f"{path}: cannot load rule file: {error}") from None
        if not isinstance(document, dict) or not isinstance(document.get("rules"), list):
            raise RulePackError(f"{path}: not a Semgrep rule file (no 'rules:' list)")
        for body in document["rules"]:
            if not isinstance(body, dict) or not isinstance(body.get("id"), str):
                raise RulePackError(f"{path}: a rule without an 'id'")
            loaded.append(YamlRule(describe_yaml_rule(body, path), body, path))
    return loaded


def _as_tuple(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, list | tuple):
        return tuple(str(item) for item in value)
    return (str(value),)


def describe_yaml_rule(body: dict[str, Any], path: Path) -> RuleInfo:
    """Build the :class:`RuleInfo` of a YAML rule from its metadata.

    Args:
        body: The rule as loaded from YAML.
        path: The file it came from.

    Returns:
        The rule's description.
    """
    metadata = body.get("metadata") or {}
    rule_id = body["id"]
    message = " ".join(str(body.get("message", "")).split())
    summary = str(metadata.get("summary") or message.split(". ")[0]).strip()
    try:
        confidence = Confidence.parse(str(metadata.get("confidence", "medium")))
    except ValueError:
        confidence = Confidence.MEDIUM
    profile_name = str(
        metadata.get("profile")
        or ("security" if metadata.get("category") == "security" else "quality")
    )
    security_severity = metadata.get("security-severity")
    return RuleInfo(
        id=rule_id,
        family=str(metadata.get("catalogue-id") or rule_id),
        summary=summary,
        severity=Severity.parse(str(body.get("severity", "WARNING"))),
        profile=Profile(profile_name),
        engine=Engine.SEMGREP,
        docs=str(metadata.get("docs") or f"## What it does\n\n{message}\n"),
        confidence=confidence,
        cwe=_as_tuple(metadata.get("cwe")),
        owasp=_as_tuple(metadata.get("owasp")),
        references=_as_tuple(metadata.get("references")),
        security_severity=None if security_severity is None else str(security_severity),
        languages=_as_tuple(body.get("languages")),
        source=str(path),
    )


def profile_includes(profile: str, rule: RuleInfo) -> bool:
    """Tell whether a profile turns a rule on.

    ``security`` (the default) is the security rules plus structure;
    ``strict`` is everything but note-level rules; ``all`` is everything.

    Args:
        profile: The profile's name.
        rule: The rule.

    Returns:
        ``True`` if the profile includes the rule.
    """
    if profile == "all":
        return True
    if profile == "strict":
        return rule.severity is not Severity.NOTE
    if profile == "security":
        return rule.profile in (Profile.SECURITY, Profile.STRUCTURE)
    return rule.profile.value == profile


def matches_any(rule: RuleInfo, selectors: Iterable[str]) -> bool:
    """Tell whether a rule is named by any selector (its ID or its catalogue ID).

    Args:
        rule: The rule.
        selectors: IDs as written by the user.

    Returns:
        ``True`` when a selector names the rule or its family.
    """
    return any(selector in (rule.id, rule.family) for selector in selectors)


def select_rules(rules: Sequence[RuleInfo], config: Config) -> list[RuleInfo]:
    """Apply the profile, ``select``, ``extend-select`` and ``ignore`` to the full rule list.

    As in Ruff, ``select`` replaces the profile (``--select shell-command`` runs
    that rule alone), ``extend-select`` adds rules to it (``--extend-select
    missing-docstring`` turns one quality rule on next to the profile), and
    ``ignore`` removes rules.

    Args:
        rules: Every rule, YAML and native.
        config: The effective configuration.

    Returns:
        The rules that run in this scan.
    """

    def base(rule: RuleInfo) -> bool:
        if config.select:
            return matches_any(rule, config.select)
        return profile_includes(config.profile, rule)

    return [
        rule
        for rule in rules
        if (base(rule) or matches_any(rule, config.extend_select))
        and not matches_any(rule, config.ignore)
    ]


def unknown_selectors(rules: Sequence[RuleInfo], selectors: Iterable[str]) -> list[str]:
    """Return the selectors that name no rule at all (a typo the user should hear about).

    Args:
        rules: Every rule.
        selectors: IDs as written by the user.

    Returns:
        The selectors that match nothing.
    """
    known = {rule.id for rule in rules} | {rule.family for rule in rules}
    return [selector for selector in selectors if selector not in known]


def tailor_rule(body: dict[str, Any], config: Config) -> dict[str, Any]:
    """Apply ``[tool.backguard]`` options to a rule that declares a hook for them.

    A rule declares, in its metadata, ``options: {jwt-algorithms: {metavariable:
    $ALG, match: outside}}`` (or just ``{rate-limiters: $NAME}``, meaning
    ``match: inside``). Every ``metavariable-regex`` on that metavariable is
    then rebuilt from the configured list: ``inside`` gives
    ``^["']?(?:A|B)["']?$`` (the value is one of the names), ``outside`` gives
    ``^(?!["']?(?:A|B)["']?$)`` (the value is none of them). The rule's own
    regex must have the same shape with the default list, so that the pack
    run by plain Semgrep behaves like backguard with default options.

    Args:
        body: The rule as loaded.
        config: The effective configuration.

    Returns:
        The rule to hand Semgrep (a copy when anything changed).
    """
    options = (body.get("metadata") or {}).get("options") or {}
    if not isinstance(options, dict) or not options:
        return body
    tailored = copy.deepcopy(body)
    for option, binding in options.items():
        attribute = TAILORABLE_OPTIONS.get(option)
        names = getattr(config, attribute) if attribute else ()
        if not names:
            continue
        metavariable, match = (
            (binding.get("metavariable"), binding.get("match", "inside"))
            if isinstance(binding, dict)
            else (binding, "inside")
        )
        alternatives = "[\"']?(?:" + "|".join(re.escape(name) for name in names) + ")[\"']?$"
        regex = f"^(?!{alternatives})" if match == "outside" else f"^{alternatives}"
        _replace_regex(tailored, str(metavariable), regex)
    return tailored


def _replace_regex(node: Any, metavariable: str, regex: str) -> None:
    if isinstance(node, dict):
        inner = node.get("metavariable-regex")
        if isinstance(inner, dict) and inner.get("metavariable") == metavariable:
            inner["regex"] = regex
        for value in node.values():
            _replace_regex(value, metavariable, regex)
    elif isinstance(node, list):
        for value in node:
            _replace_regex(value, metavariable, regex)
