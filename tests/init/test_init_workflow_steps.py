"""The `run:` steps of the workflows `handoff init` writes, run as plain commands in the repo it made.

Only the steps that need the network are left out: installing the package and the
`gh api` call that posts the comment (its input, the markdown, is checked here)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from authoring_kit import WON
from gitrepo import GitRepo
from handoff.init.scaffold import init

EXAMPLES = Path(__file__).resolve().parents[1] / "example-files"
BIN = Path(sys.executable).parent
NETWORK = {"Install handoff", "Install handoff and the site generator", "One comment on the pull request, updated on "
           "each push"}


def _repo(tmp_path: Path) -> GitRepo:
    root = tmp_path / "team"
    init(root, "plain", "mkdocs")
    repo = GitRepo.__new__(GitRepo)
    repo.path = root
    repo.write("crm/closed-won.csv", WON)
    repo.write("cohorts/2026-W46-logistics.md", (EXAMPLES / "cohorts/positive/2026-W46-logistics.md").read_text())
    repo.commit("Set up handoff", "2026-11-20T10:00:00+00:00")
    repo.git("remote", "add", "origin", str(root))
    repo.git("fetch", "-q", "origin")
    repo.git("switch", "-q", "-c", "acme")
    done = subprocess.run([str(BIN / "handoff"), "new", "Acme Logistics"], cwd=root, capture_output=True, text=True,
                          env=dict(os.environ))
    assert done.returncode == 0, done.stderr
    repo.commit("Acme's handoff", "2026-11-21T10:00:00+00:00")
    return repo


@pytest.mark.parametrize("workflow", ["handoff-check", "handoff-site", "handoff-digest"])
def test_each_step_runs(tmp_path: Path, workflow: str) -> None:
    repo = _repo(tmp_path)
    flow = yaml.safe_load((repo.path / f".github/workflows/{workflow}.yml").read_text())
    summary = tmp_path / "summary.md"
    env = dict(os.environ, PATH=f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}", GITHUB_STEP_SUMMARY=str(summary),
               BASE_REF="main")
    ran = []
    for job in flow["jobs"].values():
        for step in job.get("steps", []):
            if "run" not in step or step.get("name") in NETWORK:
                continue
            done = subprocess.run(["bash", "-e", "-c", step["run"]], cwd=repo.path, env=env, capture_output=True,
                                  text=True)
            assert done.returncode == 0, (step["name"], done.stdout, done.stderr)
            ran.append(step["name"])
    assert ran
    if workflow == "handoff-check":
        comment = (repo.path / "handoff-diff.md").read_text()
        assert comment.startswith("<!-- handoff-diff -->\n### handoff diff: 1 record (1 added), 0 cohorts\n")
        assert "**Acme Logistics** `records/acme-logistics.md`: added, partial (1, 2, 3, 4, 5, 6, ai\\_assist)" \
            in comment
        assert (repo.path / "handoff.sarif").is_file()
    if workflow == "handoff-digest":
        assert summary.read_text().startswith("### Handoff digest for ")
    if workflow == "handoff-site":
        assert (repo.path / "site" / "accounts" / "acme-logistics" / "index.html").is_file()
