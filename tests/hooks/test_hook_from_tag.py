"""The hook as a team pins it: the real pre-commit framework, `repo:` a clone of this project
(what a git URL gives), `rev: v0.2.0`. A bad record is refused with its path:line message and a
good one goes in; deleting a cohort that a record references, or committing a bad handoff.toml,
is refused too, because the hook checks what depends on a changed or deleted cohort, settings
file or CRM export. The plain git hook in hooks/ does the same."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
import yaml

from gitrepo import GitRepo
from handoff import __version__
from hook_kit import BAD, BAD_MESSAGE, BIN, COHORT, DATE, GOOD, PROJECT, commit, hook_env

COHORT_GONE = "records/contract-example.md:"
TAG = f"v{__version__}"

pytestmark = pytest.mark.slow


def _commit(repo: GitRepo, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    repo.git("add", "-A")
    return commit(repo, env, "change")


def _count(repo: GitRepo) -> int:
    return int(repo.git("rev-list", "--count", "HEAD").strip())


@pytest.fixture(scope="module")
def tagged_clone(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """This project's committed HEAD, cloned as a team would from its URL, tagged v0.2.0."""
    clone = tmp_path_factory.mktemp("upstream") / "handoff"
    subprocess.run(["git", "clone", "-q", "--no-local", str(PROJECT), str(clone)], check=True, capture_output=True)
    GitRepo(clone)  # identity for the tag
    subprocess.run(["git", "tag", "-a", TAG, "-m", f"handoff-records {__version__}"], cwd=clone, check=True,
                   env=GitRepo(clone).env(DATE), capture_output=True)
    return clone


@pytest.fixture()
def team(
    tmp_path: Path, tagged_clone: Path, tmp_path_factory: pytest.TempPathFactory
) -> tuple[GitRepo, dict[str, str]]:
    repo = GitRepo(tmp_path / "team")
    config = {"repos": [{"repo": tagged_clone.as_uri(), "rev": TAG, "hooks": [{"id": "handoff-check"}]}]}
    repo.write(".pre-commit-config.yaml", yaml.safe_dump(config))
    repo.write("cohorts/2026-W46-logistics.md", COHORT)
    repo.write("records/contract-example.md", GOOD)
    repo.write("README.md", "team repo\n")
    repo.commit("setup", DATE)
    home = tmp_path_factory.getbasetemp() / "pre-commit-home-tag"  # shared: one hook env for the module
    env = hook_env({"PRE_COMMIT_HOME": str(home)})
    subprocess.run([f"{BIN}/pre-commit", "install"], cwd=repo.path, env=env, check=True, capture_output=True)
    return repo, env


def test_the_hook_at_the_tag_refuses_a_bad_record_and_takes_a_good_one(team: tuple[GitRepo, dict[str, str]]) -> None:
    repo, env = team
    repo.write("records/contract-example.md", BAD)
    refused = _commit(repo, env)
    assert refused.returncode != 0
    assert BAD_MESSAGE in refused.stdout + refused.stderr
    assert _count(repo) == 1
    repo.write("records/contract-example.md", GOOD.replace("Cut mis-routed", "Halve mis-routed"))
    accepted = _commit(repo, env)
    assert accepted.returncode == 0, accepted.stdout + accepted.stderr
    assert _count(repo) == 2


def test_deleting_a_referenced_cohort_is_refused(team: tuple[GitRepo, dict[str, str]]) -> None:
    repo, env = team
    repo.remove("cohorts/2026-W46-logistics.md")
    repo.write("README.md", "team repo, tidied\n")  # a deletion alongside an unrelated change
    refused = _commit(repo, env)
    assert refused.returncode != 0
    assert "cohort-not-found" in refused.stdout + refused.stderr
    assert COHORT_GONE in refused.stdout + refused.stderr
    assert _count(repo) == 1


def test_a_bad_handoff_toml_is_refused(team: tuple[GitRepo, dict[str, str]]) -> None:
    repo, env = team
    repo.write("handoff.toml", "days = 1000000\n")
    refused = _commit(repo, env)
    assert refused.returncode != 0
    assert "handoff.toml:1: config" in refused.stdout + refused.stderr
    assert _count(repo) == 1
    repo.write("handoff.toml", "days = 14\n")
    assert _commit(repo, env).returncode == 0


def test_an_unrelated_commit_passes_without_checking(team: tuple[GitRepo, dict[str, str]]) -> None:
    repo, env = team
    repo.write("records/contract-example.md", BAD)
    repo.git("add", "-A")
    repo.git("commit", "-q", "--no-verify", "-m", "broken on purpose")  # the repo is broken already
    repo.write("README.md", "only the readme\n")
    done = _commit(repo, env)
    assert done.returncode == 0, done.stdout + done.stderr  # a README commit is not blocked by old records


def test_plain_git_hook_refuses_a_deleted_cohort_and_a_bad_setting(tmp_path: Path) -> None:
    repo = GitRepo(tmp_path / "team")
    repo.write("cohorts/2026-W46-logistics.md", COHORT)
    repo.write("records/contract-example.md", GOOD)
    repo.commit("setup", DATE)
    repo.git("config", "core.hooksPath", str(PROJECT / "hooks"))
    env = hook_env()

    repo.remove("cohorts/2026-W46-logistics.md")
    refused = _commit(repo, env)
    assert refused.returncode == 1 and "cohort-not-found" in refused.stdout + refused.stderr
    repo.git("reset", "-q", "--hard")

    repo.write("handoff.toml", "high_arr = nan\n")
    refused = _commit(repo, env)
    assert refused.returncode == 1 and "handoff.toml:1: config" in refused.stdout + refused.stderr
    assert _count(repo) == 1
