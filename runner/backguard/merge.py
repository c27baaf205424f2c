"""``backguard merge``: combine the SARIF files of sharded scans into one run.

CI matrix jobs that each scan a part of a monorepo produce one SARIF file
each; GitHub code scanning wants one run per category. The merged run keeps
one ``tool.driver`` whose ``rules`` are de-duplicated by ID, concatenates the
results (each ``ruleIndex`` remapped to the merged rule list, exact
duplicates dropped) and keeps every shard's invocation. When the shards were
scanned from different roots (``backguard scan services/a`` makes
``services/a`` the root), their relative URIs are rebased onto one common
``%SRCROOT%`` so that every alert still points at the right file.
"""

from __future__ import annotations

import copy
import json
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import unquote, urlparse

from .sarif import MAX_RESULTS_PER_RUN, SCHEMA_URI, artifact_uri

SRCROOT = "%SRCROOT%"
_LEVEL_RANK = {"error": 3, "warning": 2, "note": 1, "none": 0}


class MergeError(Exception):
    """The SARIF files cannot be merged; the message is one clear line naming the file."""


@dataclass(frozen=True)
class Shard:
    """One run of one input file, with where it came from."""

    source: str
    run: dict[str, Any]

    @property
    def root(self) -> str | None:
        """Return the run's ``%SRCROOT%`` as a file URI ending in ``/``, if it declares one."""
        base = (self.run.get("originalUriBaseIds") or {}).get(SRCROOT) or {}
        uri = base.get("uri") if isinstance(base, dict) else None
        if not isinstance(uri, str) or not uri:
            return None
        return uri if uri.endswith("/") else uri + "/"


def load_sarif(path: Path) -> dict[str, Any]:
    """Read and sanity-check one SARIF 2.1.0 file.

    Args:
        path: The file.

    Returns:
        The SARIF log.

    Raises:
        MergeError: When the file is unreadable, not JSON or not SARIF 2.1.0.
    """
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise MergeError(f"{path}: cannot read ({error.strerror or error})") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise MergeError(f"{path}: not a JSON file ({error})") from None
    if not isinstance(document, dict) or document.get("version") != "2.1.0":
        raise MergeError(f"{path}: not a SARIF 2.1.0 log")
    runs = document.get("runs")
    if not isinstance(runs, list) or not all(isinstance(run, dict) for run in runs):
        raise MergeError(f"{path}: SARIF log without a valid 'runs' list")
    for run in runs:
        driver = (run.get("tool") or {}).get("driver")
        if not isinstance(driver, dict) or not isinstance(driver.get("name"), str):
            raise MergeError(f"{path}: a run without tool.driver.name")
    return document


def merge_files(
    paths: Sequence[Path], root: Path | None = None, category: str | None = None
) -> dict[str, Any]:
    """Merge SARIF files into one log with one run.

    Args:
        paths: The shards' SARIF files.
        root: The folder merged URIs are relative to (see :func:`merge_logs`).
        category: ``automationDetails.id`` of the merged run.

    Returns:
        The merged SARIF log.

    Raises:
        MergeError: When a file is invalid or the shards cannot form one run.
    """
    return merge_logs([(str(path), load_sarif(path)) for path in paths], root, category)


def merge_logs(
    logs: Sequence[tuple[str, dict[str, Any]]],
    root: Path | None = None,
    category: str | None = None,
) -> dict[str, Any]:
    """Merge SARIF logs into one log with one run.

    Args:
        logs: ``(name, log)`` pairs; the name is used in error messages.
        root: The folder merged URIs are relative to. By default the shards'
            own root when they share one, else the current directory when
            every shard root lies inside it, else their deepest common folder.
        category: ``automationDetails.id`` of the merged run; by default the
            shards' own, which must then agree.

    Returns:
        The merged SARIF log.

    Raises:
        MergeError: When there is nothing to merge, or the shards come from
            different tools, use different column kinds or categories, or a
            shard lies outside ``root``.
    """
    shards = [Shard(name, run) for name, log in logs for run in log["runs"]]
    if not shards:
        raise MergeError("no SARIF runs to merge")
    _check_same(shards, lambda s: s.run["tool"]["driver"]["name"], "come from different tools")
    _check_same(shards, lambda s: s.run.get("columnKind"), "use different columnKind values")
    notes: list[dict[str, Any]] = []
    versions = sorted({str(s.run["tool"]["driver"].get("version")) for s in shards})
    if len(versions) > 1:
        notes.append(
            _note(
                f"merged shards were made by different tool versions: {', '.join(versions)}",
                "warning",
            )
        )
    merged_root = _merged_root(shards, root)
    rules, index = _merged_rules(shards)
    results, invocations, artifacts = [], [], []
    seen: set[str] = set()
    for shard in shards:
        rebase = _rebase_prefix(shard, merged_root)
        offset = len(artifacts)
        artifacts += [
            _rewritten(artifact, rebase, offset) for artifact in shard.run.get("artifacts") or []
        ]
        invocations += [
            _rewritten(inv, rebase, offset) for inv in shard.run.get("invocations") or []
        ]
        for result in shard.run.get("results") or []:
            remapped = _remap_result(_rewritten(result, rebase, offset), shard, index)
            identity = json.dumps(_identity(remapped), sort_keys=True)
            if identity not in seen:
                seen.add(identity)
                results.append(remapped)
    results = _limit(results, notes)
    return {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [
            _merged_run(
                shards, rules, results, invocations, artifacts, notes, merged_root, category
            )
        ],
    }


def _check_same(shards: Sequence[Shard], key: Any, problem: str) -> None:
    values = {json.dumps(key(shard)) for shard in shards}
    if len(values) > 1:
        raise MergeError(f"cannot merge runs that {problem}: {', '.join(sorted(values))}")


def _note(text: str, level: str = "note") -> dict[str, Any]:
    return {"level": level, "message": {"text": text}, "descriptor": {"id": "backguard-merge"}}


def _path_of(uri: str) -> PurePosixPath:
    return PurePosixPath(unquote(urlparse(uri).path))


def _merged_root(shards: Sequence[Shard], root: Path | None) -> str | None:
    """Pick the merged ``%SRCROOT%`` (a file URI ending in ``/``); ``None`` leaves URIs alone."""
    roots = {shard.root for shard in shards if shard.root}
    if root is not None:
        return root.resolve().as_uri().rstrip("/") + "/"
    if len(roots) <= 1:
        return next(iter(roots), None)
    paths = [_path_of(uri) for uri in roots]
    cwd = PurePosixPath(Path.cwd().resolve().as_posix())
    if all(path == cwd or cwd in path.parents for path in paths):
        chosen = cwd
    else:
        chosen = PurePosixPath(os.path.commonpath([str(path) for path in paths]))
    return Path(chosen).as_uri().rstrip("/") + "/"


def _rebase_prefix(shard: Shard, merged_root: str | None) -> str:
    """Return the percent-encoded prefix that turns a shard's URIs into merged-root ones."""
    if merged_root is None or shard.root is None or shard.root == merged_root:
        return ""
    own, base = _path_of(shard.root), _path_of(merged_root)
    if own != base and base not in own.parents:
        raise MergeError(
            f"{shard.source}: its root {own} is not inside the merge root {base} "
            "(pass --root with a folder that holds every shard)"
        )
    relative = own.relative_to(base).as_posix()
    return "" if relative == "." else artifact_uri(relative) + "/"


def _rewritten(node: Any, prefix: str, artifact_offset: int) -> Any:
    """Deep-copy a SARIF object, rebasing %SRCROOT% URIs and shifting artifact indexes."""
    copied = copy.deepcopy(node)
    if prefix or artifact_offset:
        _rewrite_locations(copied, prefix, artifact_offset)
    return copied


def _rewrite_locations(node: Any, prefix: str, artifact_offset: int) -> None:
    if isinstance(node, list):
        for item in node:
            _rewrite_locations(item, prefix, artifact_offset)
        return
    if not isinstance(node, dict):
        return
    for key, value in node.items():
        if (
            key in ("artifactLocation", "location")
            and isinstance(value, dict)
            and ("uri" in value or "index" in value)
        ):
            _rewrite_artifact_location(value, prefix, artifact_offset)
        _rewrite_locations(value, prefix, artifact_offset)


def _rewrite_artifact_location(location: dict[str, Any], prefix: str, artifact_offset: int) -> None:
    uri = location.get("uri")
    if (
        prefix
        and location.get("uriBaseId") == SRCROOT
        and isinstance(uri, str)
        and not urlparse(uri).scheme
    ):
        location["uri"] = prefix + uri
    if artifact_offset and isinstance(location.get("index"), int):
        location["index"] += artifact_offset


def _merged_rules(shards: Sequence[Shard]) -> tuple[list[dict[str, Any]], dict[str, int]]:
    """De-duplicate the shards' rules by ID (the first description wins), sorted by ID."""
    by_id: dict[str, dict[str, Any]] = {}
    for shard in shards:
        for rule in shard.run["tool"]["driver"].get("rules") or []:
            if isinstance(rule, dict) and isinstance(rule.get("id"), str):
                by_id.setdefault(rule["id"], copy.deepcopy(rule))
    rules = [by_id[rule_id] for rule_id in sorted(by_id)]
    return rules, {rule["id"]: position for position, rule in enumerate(rules)}


def _remap_result(result: dict[str, Any], shard: Shard, index: dict[str, int]) -> dict[str, Any]:
    """Point a result's ``ruleIndex`` (and ``rule.index``) at the merged rule list."""
    rule_id = result.get("ruleId") or (result.get("rule") or {}).get("id")
    if not isinstance(rule_id, str):
        own_rules = shard.run["tool"]["driver"].get("rules") or []
        position = result.get("ruleIndex", (result.get("rule") or {}).get("index"))
        if isinstance(position, int) and 0 <= position < len(own_rules):
            rule_id = own_rules[position].get("id")
            result["ruleId"] = rule_id
    if isinstance(rule_id, str) and rule_id in index:
        result["ruleIndex"] = index[rule_id]
        if isinstance(result.get("rule"), dict):
            result["rule"]["index"] = index[rule_id]
    else:
        result.pop("ruleIndex", None)
        if isinstance(result.get("rule"), dict):
            result["rule"].pop("index", None)
    return result


def _identity(result: dict[str, Any]) -> list[Any]:
    """What makes two results the same alert (overlapping shards report some twice)."""
    return [
        result.get("ruleId"),
        result.get("locations"),
        result.get("message"),
        result.get("partialFingerprints"),
        result.get("suppressions"),
    ]


def _limit(results: list[dict[str, Any]], notes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Keep GitHub's per-run result limit, most severe first, with a notification."""
    if len(results) <= MAX_RESULTS_PER_RUN:
        return results
    notes.append(
        _note(
            f"{len(results)} merged results exceed GitHub's limit of {MAX_RESULTS_PER_RUN} "
            f"per run; the report keeps the first {MAX_RESULTS_PER_RUN} (most severe first)",
            "warning",
        )
    )
    ranked = sorted(
        range(len(results)), key=lambda i: -_LEVEL_RANK.get(results[i].get("level", "warning"), 2)
    )
    kept = sorted(ranked[:MAX_RESULTS_PER_RUN])
    return [results[i] for i in kept]


def _merged_run(
    shards: Sequence[Shard],
    rules: list[dict[str, Any]],
    results: list[dict[str, Any]],
    invocations: list[dict[str, Any]],
    artifacts: list[dict[str, Any]],
    notes: list[dict[str, Any]],
    merged_root: str | None,
    category: str | None,
) -> dict[str, Any]:
    first = shards[0].run
    driver = copy.deepcopy(first["tool"]["driver"])
    driver["rules"] = rules
    run: dict[str, Any] = {"tool": {"driver": driver}}
    automation = _automation_details(shards, category)
    if automation is not None:
        run["automationDetails"] = automation
    if merged_root is not None:
        run["originalUriBaseIds"] = {SRCROOT: {"uri": merged_root}}
    if notes:
        if not invocations:
            invocations.append({"executionSuccessful": True})
        invocations[0].setdefault("toolExecutionNotifications", []).extend(notes)
    if invocations:
        run["invocations"] = invocations
    if artifacts:
        run["artifacts"] = artifacts
    if "columnKind" in first:
        run["columnKind"] = first["columnKind"]
    run["results"] = results
    run["properties"] = _merged_properties(shards)
    return run


def _automation_details(shards: Sequence[Shard], category: str | None) -> dict[str, Any] | None:
    if category is not None:
        return {"id": category if category.endswith("/") else f"{category}/"}
    ids = {(shard.run.get("automationDetails") or {}).get("id") for shard in shards}
    if len(ids) > 1:
        named = ", ".join(sorted(str(value) for value in ids))
        raise MergeError(f"the shards have different categories ({named}); pass --category")
    value = next(iter(ids))
    return {"id": value} if isinstance(value, str) else None


def _merged_properties(shards: Sequence[Shard]) -> dict[str, Any]:
    profiles: list[str] = []
    files_scanned = 0
    for shard in shards:
        properties = shard.run.get("properties") or {}
        profiles += [
            p for p in properties.get("profiles") or [] if isinstance(p, str) and p not in profiles
        ]
        scanned = properties.get("filesScanned")
        files_scanned += scanned if isinstance(scanned, int) else 0
    return {"profiles": profiles, "filesScanned": files_scanned, "mergedRuns": len(shards)}
