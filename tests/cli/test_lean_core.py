"""The core stays lean: the commands a pre-commit hook and a CI job run never import the site
generator's dependencies (the `site` extra), and a command that needs them says how to get them."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from authoring_kit import CONTRACT_EXAMPLE, make_repo
from gitrepo import GitRepo
from site_kit import COHORT

# Runs handoff's CLI with mkdocs, markdown, nh3 and material made unimportable, as in a core install.
BLOCKED = textwrap.dedent("""
    import importlib.abc, sys
    HEAVY = {"mkdocs", "markdown", "nh3", "material", "pymdownx", "mcp", "zensical"}
    class Block(importlib.abc.MetaPathFinder):
        def find_spec(self, name, path=None, target=None):
            if name.split(".")[0] in HEAVY:
                raise ModuleNotFoundError(f"No module named {name!r}", name=name)
            return None
    sys.meta_path.insert(0, Block())
    import importlib.util
    real = importlib.util.find_spec
    importlib.util.find_spec = lambda name, *a: None if name.split(".")[0] in HEAVY else real(name, *a)
    from handoff.cli.main import main
    sys.argv = ["handoff", *sys.argv[1:]]
    try:
        code = main()
    except SystemExit as e:
        code = e.code
    loaded = HEAVY & {m.split(".")[0] for m in sys.modules}
    if loaded:
        sys.exit(f"loaded {sorted(loaded)}")
    sys.exit(code)
""")


def core(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", BLOCKED, *args], cwd=root, env=dict(os.environ),
                          capture_output=True, text=True, check=False)


@pytest.fixture
def repo(git_repo: GitRepo) -> GitRepo:
    make_repo(git_repo)
    git_repo.write("cohorts/2026-W46-logistics.md", COHORT)
    git_repo.write("records/contract-example.md", CONTRACT_EXAMPLE)
    git_repo.commit("setup", "2026-11-20T10:00:00+00:00")
    return git_repo


@pytest.mark.parametrize("args", [
    ["--version"], ["check"], ["check", "--format", "json"], ["new", "Acme Logistics"],
    ["review", "contract-example", "accept", "--by", "Lee Park"], ["digest", "--date", "2026-11-20"],
    ["checkins", "--date", "2026-11-20"], ["cohort", "--week", "2026-W47"], ["schema"], ["prompt"],
])
def test_core_commands_run_without_the_site_extra(repo: GitRepo, args: list[str]) -> None:
    done = core(repo.path, *args)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr


def test_a_command_needing_the_site_extra_names_the_install_in_one_line(repo: GitRepo) -> None:
    script = BLOCKED.replace("from handoff.cli.main import main", "from handoff.cli.options import require_site\n"
                             "main = lambda: require_site('handoff pages')")
    done = subprocess.run([sys.executable, "-c", script], cwd=repo.path, env=dict(os.environ),
                          capture_output=True, text=True, check=False)
    assert (done.returncode, done.stdout) == (1, "")
    assert done.stderr == ('handoff: handoff pages needs the site extra (mkdocs, markdown, nh3 not installed): '
                           'pip install "handoff-records[site]"\n')
