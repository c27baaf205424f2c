"""`scan --baseline-commit REF`: only findings new since REF, in real git repositories."""

from __future__ import annotations

import json
import stat
import sys
from pathlib import Path

import pytest

from backguard.baseline import changes_since, new_findings
from backguard.models import Finding, Region, Severity
from .helpers import (
    SEMGREP,
    assert_valid_sarif,
    cli_env,
    commit_all,
    git,
    only,
    run_cli,
    write_tree,
)


ROUTES = """\
import os


def run(command):
    os.system(command)
"""


@pytest.fixture()
def repo(tmp_path: Path) -> Path:
    """A committed project with one shell-command and one missing-package-init finding."""
    root = tmp_path / "repo"
    write_tree(root, {"app/__init__.py": "", "app/api/routes.py": ROUTES, "README.md": "demo\n"})
    git(root, "init", "-q", "-b", "main")
    commit_all(root, "initial")
    return root


def scan_new(
    root: Path, ref: str = "HEAD", *extra: str
) -> tuple[int, list[tuple[str, str, int]], str]:
    """Run a baseline scan of the shell-command and missing-package-init rules.

    Args:
        root: The repository to scan.
        ref: The baseline commit.
        extra: More CLI options.

    Returns:
        The exit code, ``(rule, path, line)`` of each new finding, and standard error.
    """
    completed = run_cli(
        "scan",
        str(root),
        *only("shell-command", "missing-package-init"),
        "--format",
        "json",
        "--baseline-commit",
        ref,
        *extra,
    )
    assert completed.returncode in (0, 1), completed.stderr
    report = json.loads(completed.stdout)
    assert report["execution_successful"], report["notifications"]
    found = [(f["rule_id"], f["path"], f["line"]) for f in report["findings"]]
    return completed.returncode, found, completed.stderr


def test_unchanged_tree_has_no_new_findings(repo: Path) -> None:
    """Existing problems are not reported against their own commit; a plain scan still sees them."""
    assert scan_new(repo)[:2] == (0, [])
    plain = run_cli("scan", str(repo), *only("shell-command", "missing-package-init"))
    assert plain.returncode == 1


def test_only_the_added_problem_is_reported_even_when_old_ones_moved(repo: Path) -> None:
    """Lines inserted above an existing finding move it; it is matched by content, not line."""
    (repo / "app/api/routes.py").write_text(
        '"""Routes."""\nimport os\nimport subprocess\n\n\n'
        "def run(command):\n    os.system(command)\n\n\n"
        'def clean(path):\n    subprocess.run(f"rm -rf {path}", shell=True)\n',
        encoding="utf-8",
    )
    code, found, _ = scan_new(repo)
    assert code == 1
    assert found == [("shell-command", "app/api/routes.py", 11)]


def test_new_files_and_new_native_findings_are_reported(repo: Path) -> None:
    """An untracked module: its Semgrep finding and its folder's missing __init__.py are new;
    the pre-existing missing-package-init of app/api is not."""
    write_tree(
        repo, {"app/jobs/worker.py": "import os\n\n\ndef go(target):\n    os.system(target)\n"}
    )
    code, found, _ = scan_new(repo)
    assert code == 1
    assert found == [
        ("missing-package-init", "app/jobs/__init__.py", 1),
        ("shell-command", "app/jobs/worker.py", 5),
    ]


def test_a_native_finding_caused_by_a_change_elsewhere_is_new(repo: Path) -> None:
    """tools/ (no __init__.py) becomes a package only when a new import reaches it: the finding
    is in a file that did not change, and the old app/api finding stays old."""
    write_tree(repo, {"tools/helpers.py": "VALUE = 1\n"})
    commit_all(repo, "tools")
    (repo / "main.py").write_text("import tools.helpers\n", encoding="utf-8")
    code, found, _ = scan_new(repo)
    assert code == 1
    assert found == [("missing-package-init", "tools/__init__.py", 1)]


def test_fixed_and_deleted_problems_are_not_reported(repo: Path) -> None:
    """A deleted file and a fixed line leave nothing new."""
    write_tree(repo, {"app/tools.py": "import os\n\n\ndef go(target):\n    os.system(target)\n"})
    commit_all(repo, "tools")
    (repo / "app/tools.py").unlink()
    (repo / "app/api/routes.py").write_text(
        "import subprocess\n\n\ndef run(command):\n    subprocess.run([command], check=True)\n",
        encoding="utf-8",
    )
    assert scan_new(repo)[:2] == (0, [])


def test_renamed_files_keep_their_findings_old(repo: Path) -> None:
    """A move, staged or not, does not make the moved file's problems new."""
    git(repo, "mv", "app/api/routes.py", "app/api/handlers.py")
    assert scan_new(repo)[:2] == (0, [])
    commit_all(repo, "rename")
    (repo / "app/api/handlers.py").rename(repo / "app/api/views.py")
    assert scan_new(repo)[:2] == (0, [])
    changes = changes_since(repo, "HEAD")
    assert changes.renamed == {"app/api/handlers.py": "app/api/views.py"}


def test_baseline_can_be_any_revision(repo: Path) -> None:
    """Committed history works too: HEAD~1 sees the last commit's problem, HEAD does not."""
    (repo / "app/api/routes.py").write_text(
        ROUTES + "\n\ndef again(c):\n    os.system(c)\n", encoding="utf-8"
    )
    commit_all(repo, "second")
    git(repo, "tag", "v1", "HEAD~1")
    assert scan_new(repo, "v1")[1] == [("shell-command", "app/api/routes.py", 9)]
    assert scan_new(repo, "HEAD~1")[1] == [("shell-command", "app/api/routes.py", 9)]
    assert scan_new(repo, "main")[1] == []


def test_scan_root_in_a_subfolder_of_the_repository(tmp_path: Path) -> None:
    """A monorepo service scanned alone: paths relative to it, changes elsewhere ignored."""
    root = tmp_path / "mono"
    write_tree(
        root,
        {
            "services/api/app/__init__.py": "",
            "services/api/app/api/routes.py": ROUTES,
            "services/web/job.py": "import os\n",
        },
    )
    git(root, "init", "-q")
    commit_all(root, "initial")
    write_tree(
        root,
        {
            "services/web/job.py": "import os\n\n\ndef go(target):\n    os.system(target)\n",
            "services/api/app/api/extra.py": "import os\n\n\ndef go(t):\n    os.system(t)\n",
        },
    )
    code, found, _ = scan_new(root / "services" / "api")
    assert code == 1
    assert found == [("shell-command", "app/api/extra.py", 5)]


def test_sarif_of_a_baseline_scan_is_valid(repo: Path, tmp_path: Path) -> None:
    """The SARIF report of a diff-aware scan is as valid as any other."""
    write_tree(
        repo,
        {"app/api/more.py": "import os\n\n\ndef go(a, b):\n    os.popen(a)\n    os.system(b)\n"},
    )
    sarif = tmp_path / "new.sarif"
    completed = run_cli(
        "scan",
        str(repo),
        *only("shell-command", "missing-package-init"),
        "--baseline-commit",
        "HEAD",
        "--sarif-output",
        str(sarif),
    )
    assert completed.returncode == 1, completed.stderr
    document = json.loads(sarif.read_text(encoding="utf-8"))
    assert_valid_sarif(document)
    results = document["runs"][0]["results"]
    assert {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in results} == {
        "app/api/more.py"
    }
    assert "--baseline-commit" in document["runs"][0]["invocations"][0]["commandLine"]


def test_one_semgrep_process_for_both_trees_over_the_changed_files_only(
    repo: Path, tmp_path: Path
) -> None:
    """One Semgrep run scans the changed file and its REF version, nothing else."""
    write_tree(repo, {f"app/module_{n}.py": f"VALUE = {n}\n" for n in range(20)})
    commit_all(repo, "more modules")
    log = tmp_path / "semgrep-calls.log"
    wrapper = tmp_path / "semgrep-wrapper"
    wrapper.write_text(
        f"#!{sys.executable}\n"
        "import os, sys\n"
        f"with open({str(log)!r}, 'a') as handle:\n"
        "    targets = sys.argv[sys.argv.index('--') + 1:]\n"
        "    handle.write(os.getcwd() + '\\t' + ' '.join(targets) + '\\n')\n"
        f"os.execv({SEMGREP!r}, ['semgrep', *sys.argv[1:]])\n",
        encoding="utf-8",
    )
    wrapper.chmod(wrapper.stat().st_mode | stat.S_IEXEC)
    (repo / "app/module_3.py").write_text(
        "import os\nVALUE = 3\nos.system(os.environ['CMD'])\n", encoding="utf-8"
    )
    completed = run_cli(
        "scan",
        str(repo),
        *only("shell-command", "missing-package-init"),
        "--format",
        "json",
        "--baseline-commit",
        "HEAD",
        env=cli_env(BACKGUARD_SEMGREP=str(wrapper)),
    )
    assert completed.returncode == 1, completed.stderr
    calls = [line.split("\t") for line in log.read_text(encoding="utf-8").splitlines()]
    assert len(calls) == 1, calls
    cwd, targets = calls[0]
    assert cwd == str(repo)
    head_target, base_target = targets.split(" ")
    assert head_target == "app/module_3.py"
    assert Path(base_target).is_absolute() and base_target.endswith("/app/module_3.py")
    assert not Path(base_target).is_relative_to(repo)  # the REF version, extracted elsewhere
    assert [(f["rule_id"], f["line"]) for f in json.loads(completed.stdout)["findings"]] == [
        ("shell-command", 3)
    ]


def test_not_a_repository_or_unknown_commit_is_a_clear_error(repo: Path, tmp_path: Path) -> None:
    """Exit 2 and one line, no traceback."""
    plain = tmp_path / "plain"
    write_tree(plain, {"a.py": "x = 1\n"})
    outside = run_cli("scan", str(plain), "--baseline-commit", "HEAD")
    assert outside.returncode == 2
    assert "needs a git repository" in outside.stderr and "Traceback" not in outside.stderr
    unknown = run_cli("scan", str(repo), "--baseline-commit", "no-such-branch")
    assert unknown.returncode == 2
    assert "'no-such-branch' is not a commit of this repository" in unknown.stderr
    option_like = run_cli("scan", str(repo), "--baseline-commit=--output=/tmp/x")
    assert option_like.returncode == 2
    assert "is not a commit" in option_like.stderr
    typo = run_cli(
        "scan", str(repo), "--baseline-commit", "HEAD", "--extend-select", "shell-comand"
    )
    assert typo.returncode == 2
    assert "unknown rule ID(s): shell-comand" in typo.stderr


def _finding(line: int, snippet: str, path: str = "a.py") -> Finding:
    return Finding(
        "shell-command", path, "Do not run a shell.", Severity.ERROR, Region(line), snippet=snippet
    )


def test_new_findings_is_a_multiset_difference_by_content() -> None:
    """A second copy of an existing line is new; a moved one is not; renames are followed."""
    baseline = [_finding(3, "os.system(cmd)"), _finding(1, "os.popen(x)", path="old.py")]
    current = [
        _finding(10, "os.system(cmd)"),
        _finding(12, "    os.system(cmd)"),
        _finding(2, "os.popen(x)", path="new.py"),
    ]
    assert new_findings(current, baseline, {"old.py": "new.py"}) == [current[1]]
    assert new_findings(current, baseline, {}) == current[1:]
