"""The hooks as a rep meets them: the real pre-commit framework, and the plain git hook,
on temporary git repos. A bad record is refused with its path:line message; a good one goes in."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
import yaml

from gitrepo import GitRepo
from hook_kit import BAD, BAD_MESSAGE, BIN, COHORT, DATE, GOOD, PROJECT, commit, hook_env, hook_repo_copy

pytestmark = pytest.mark.slow


@pytest.fixture(scope="session")
def hook_repo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """This checkout's package as a hook repository, as a team would reference it."""
    repo = hook_repo_copy(tmp_path_factory.mktemp("hook-repo"))
    return repo.path, repo.git("rev-parse", "HEAD").strip()


@pytest.fixture(scope="session")
def pre_commit_home(tmp_path_factory: pytest.TempPathFactory) -> str:
    return str(tmp_path_factory.mktemp("pre-commit-home"))


def test_pre_commit_framework_refuses_a_bad_record_and_takes_a_good_one(
    tmp_path: Path, hook_repo: tuple[Path, str], pre_commit_home: str
) -> None:
    team = GitRepo(tmp_path / "team")
    config = {"repos": [{"repo": str(hook_repo[0]), "rev": hook_repo[1], "hooks": [{"id": "handoff-check"}]}]}
    team.write(".pre-commit-config.yaml", yaml.safe_dump(config))
    team.write("cohorts/2026-W46-logistics.md", COHORT)
    team.commit("setup", DATE)
    env = hook_env({"PRE_COMMIT_HOME": pre_commit_home})
    subprocess.run([f"{BIN}/pre-commit", "install"], cwd=team.path, env=env, check=True, capture_output=True)

    team.write("records/contract-example.md", BAD)
    team.git("add", "-A")
    refused = commit(team, env)
    assert refused.returncode != 0
    assert BAD_MESSAGE in refused.stdout + refused.stderr
    assert team.git("rev-list", "--count", "HEAD").strip() == "1"

    team.write("records/contract-example.md", GOOD)
    team.git("add", "-A")
    accepted = commit(team, env)
    assert accepted.returncode == 0, accepted.stdout + accepted.stderr
    assert team.git("rev-list", "--count", "HEAD").strip() == "2"


def test_plain_git_hook_checks_the_staged_content_not_the_working_tree(tmp_path: Path) -> None:
    team = GitRepo(tmp_path / "team")
    team.write("cohorts/2026-W46-logistics.md", COHORT)
    team.commit("setup", DATE)
    team.git("config", "core.hooksPath", str(PROJECT / "hooks"))
    env = hook_env()

    team.write("records/contract-example.md", BAD)
    team.git("add", "-A")
    team.write("records/contract-example.md", GOOD)  # fixed on disk, but not staged
    refused = commit(team, env)
    assert refused.returncode == 1
    assert BAD_MESSAGE in refused.stdout + refused.stderr
    assert "commit refused" in refused.stderr

    team.git("add", "-A")
    team.write("records/contract-example.md", BAD)  # broken on disk, but the staged one is good
    accepted = commit(team, env)
    assert accepted.returncode == 0, accepted.stdout + accepted.stderr
    assert (team.path / "records" / "contract-example.md").read_text() == BAD  # the hook touched nothing


def test_plain_git_hook_sees_a_staged_cohort(tmp_path: Path) -> None:
    team = GitRepo(tmp_path / "team")
    team.git("config", "core.hooksPath", str(PROJECT / "hooks"))
    team.write("records/contract-example.md", GOOD)
    team.git("add", "-A")
    refused = commit(team, hook_env())
    assert refused.returncode == 1 and "cohort-not-found" in refused.stdout + refused.stderr
    team.write("cohorts/2026-W46-logistics.md", COHORT)
    team.git("add", "-A")
    assert commit(team, hook_env()).returncode == 0


def test_this_repo_runs_its_own_hook(tmp_path: Path) -> None:
    config = yaml.safe_load((PROJECT / ".pre-commit-config.yaml").read_text())
    hooks = [h for r in config["repos"] for h in r["hooks"]]
    manifest = yaml.safe_load((PROJECT / ".pre-commit-hooks.yaml").read_text())
    assert [h["id"] for h in hooks] == [h["id"] for h in manifest] == ["handoff-check"]
    assert hooks[0]["files"] == manifest[0]["files"]
    done = subprocess.run([f"{BIN}/pre-commit", "run", "handoff-check", "--all-files"], cwd=PROJECT,
                          env=hook_env({"PRE_COMMIT_HOME": str(tmp_path)}), capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "handoff check" in done.stdout and "Passed" in done.stdout
