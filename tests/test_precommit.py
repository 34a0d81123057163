"""The pre-commit hook, run by the real pre-commit in a throwaway git repository.

The hook is taken from this repository's `.pre-commit-hooks.yaml` (id, entry, types_or,
require_serial) and run as a `repo: local` hook with `language: system` pointing at this
venv's `mlops-deck`, so pre-commit's file filtering, serial run, filename passing and exit
handling are all real while nothing is downloaded. The `language: python` install that
`pre-commit try-repo` does (a fresh virtualenv, `pip install .`, ~1 min) runs only when
MLOPS_DECK_TRY_REPO=1.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import ROOT

BIN = Path(sys.executable).parent
PRE_COMMIT = BIN / "pre-commit"
MANIFEST = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
HOOK = next(h for h in MANIFEST if h["id"] == "mlops-deck-lint")
BROKEN = "---\nmarp: true\n---\n\n# Slide\n\n```python\nx = 1\n"
CLEAN = "---\nmarp: true\n---\n\n# Slide\n\n![w:200](../assets/figure.svg)\n"

pytestmark = pytest.mark.skipif(not PRE_COMMIT.exists() or not shutil.which("git"),
                                reason="pre-commit (test dependency) or git missing")


def git(repo: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, check=True)


def pre_commit(repo: Path, home: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PRE_COMMIT_HOME": str(home), "PATH": f"{BIN}:{os.environ['PATH']}"}
    env.pop("PRE_COMMIT", None)
    return subprocess.run([str(PRE_COMMIT), *args], cwd=repo, capture_output=True, text=True,
                          env=env, timeout=600)


def local_config() -> str:
    hook = {**HOOK, "language": "system", "entry": f"{BIN / 'mlops-deck'} "
            + HOOK["entry"].split(" ", 1)[1]}
    hook.pop("minimum_pre_commit_version", None)
    hook["args"] = ["--select", "DK0"]  # only the engine's own rules: stable expectations
    return yaml.safe_dump({"repos": [{"repo": "local", "hooks": [hook]}]}, sort_keys=False)


@pytest.fixture(scope="module")
def repo(tmp_path_factory) -> Path:
    repo = tmp_path_factory.mktemp("precommit") / "repo"
    repo.mkdir()
    git(repo, "init", "-q")
    git(repo, "config", "user.email", "test@example.invalid")
    git(repo, "config", "user.name", "test")
    (repo / "deck").mkdir()
    (repo / "assets").mkdir()
    (repo / "deck" / "bad.md").write_text(BROKEN)
    (repo / "deck" / "good.md").write_text(CLEAN)
    (repo / "assets" / "figure.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>")
    (repo / "notes.py").write_text("x = 1\n")
    (repo / ".pre-commit-config.yaml").write_text(local_config())
    git(repo, "add", ".")
    return repo


def test_the_manifest_is_what_the_issue_asks_for():
    assert HOOK["types_or"] == ["markdown", "svg"] and HOOK["require_serial"] is True
    assert HOOK["language"] == "python" and HOOK["entry"].startswith("mlops-deck lint")
    checked = subprocess.run([str(PRE_COMMIT), "validate-manifest",
                              str(ROOT / ".pre-commit-hooks.yaml")], capture_output=True)
    assert checked.returncode == 0, checked.stdout
    own = subprocess.run([str(PRE_COMMIT), "validate-config",
                          str(ROOT / ".pre-commit-config.yaml")], capture_output=True)
    assert own.returncode == 0, own.stdout


def test_all_files_fails_on_the_broken_deck(repo, tmp_path):
    run = pre_commit(repo, tmp_path, "run", "--all-files")
    assert run.returncode == 1, run.stdout + run.stderr
    assert "deck/bad.md:7:1: DK004 " in run.stdout
    assert "Found 1 error in 2 decks." in run.stdout


def test_only_matching_files_are_passed(repo, tmp_path):
    run = pre_commit(repo, tmp_path, "run", "--files", "notes.py")
    assert run.returncode == 0 and "(no files to check)" in run.stdout


def test_a_changed_svg_lints_the_decks_that_use_it(repo, tmp_path):
    run = pre_commit(repo, tmp_path, "run", "--verbose", "--files", "assets/figure.svg")
    assert run.returncode == 0, run.stdout
    assert "No problems found in 1 deck." in run.stdout


def test_git_commit_is_blocked_then_allowed(repo, tmp_path):
    installed = pre_commit(repo, tmp_path, "install")
    assert installed.returncode == 0, installed.stderr
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path), "PATH": f"{BIN}:{os.environ['PATH']}"}
    blocked = subprocess.run(["git", "commit", "-q", "-m", "decks"], cwd=repo, env=env,
                             capture_output=True, text=True)
    assert blocked.returncode != 0 and "DK004" in blocked.stdout + blocked.stderr
    (repo / "deck" / "bad.md").write_text(BROKEN + "```\n")
    git(repo, "add", "deck/bad.md")
    done = subprocess.run(["git", "commit", "-q", "-m", "decks"], cwd=repo, env=env,
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.skipif(os.environ.get("MLOPS_DECK_TRY_REPO") != "1",
                    reason="installs the package in a fresh virtualenv (~1 min); "
                           "set MLOPS_DECK_TRY_REPO=1")
def test_try_repo_installs_and_runs_the_published_hook(tmp_path):
    repo = tmp_path / "user-repo"
    (repo / "deck").mkdir(parents=True)
    git(repo, "init", "-q")
    (repo / "deck" / "bad.md").write_text(BROKEN)
    git(repo, "add", ".")
    run = pre_commit(repo, tmp_path / "home", "try-repo", str(ROOT), "mlops-deck-lint",
                     "--all-files")
    assert run.returncode == 1 and "deck/bad.md:7:1: DK004" in run.stdout, run.stdout
