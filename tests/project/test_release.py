"""The release as a team gets it: a wheel and an sdist built from a clean clone of HEAD, `twine
check`, and the wheel installed with its `site` extra into a fresh virtual environment (its
dependencies from the package index), which then checks the demo repo and builds its site.

Uncommitted changes are not in the clone: this tests what is committed.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

from handoff import __version__

PROJECT = Path(__file__).resolve().parents[2]
NAME = "handoff_records"

pytestmark = pytest.mark.slow


def _run(args: list[str], cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, check=False)
    assert done.returncode == 0, f"{args}: exit {done.returncode}\n{done.stdout}\n{done.stderr}"
    return done


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """wheel and sdist built from a clean clone of HEAD (isolated build: hatchling from the index)."""
    base = tmp_path_factory.mktemp("release")
    clone = base / "clone"
    _run(["git", "clone", "-q", "--no-local", str(PROJECT), str(clone)], base)
    out = base / "dist"
    _run([sys.executable, "-m", "build", "--outdir", str(out), str(clone)], base)
    return out


def test_wheel_and_sdist_build_and_pass_twine_check(dist: Path) -> None:
    wheels = sorted(dist.glob("*.whl"))
    sdists = sorted(dist.glob("*.tar.gz"))
    assert [p.name for p in wheels] == [f"{NAME}-{__version__}-py3-none-any.whl"]
    assert [p.name for p in sdists] == [f"{NAME}-{__version__}.tar.gz"]
    done = _run([sys.executable, "-m", "twine", "check", "--strict", *map(str, wheels + sdists)], dist)
    assert done.stdout.count("PASSED") == 2, done.stdout


def test_the_wheel_carries_the_css_the_hooks_and_py_typed(dist: Path) -> None:
    names = set(zipfile.ZipFile(next(dist.glob("*.whl"))).namelist())
    for needed in ("handoff/site/handoff.css", "handoff/py.typed", "handoff/hooks/.pre-commit-hooks.yaml",
                   "handoff/hooks/pre-commit", "handoff/cli/main.py", "handoff/authoring/schema.py"):
        assert needed in names, needed
    meta = zipfile.ZipFile(next(dist.glob("*.whl"))).read(f"{NAME}-{__version__}.dist-info/METADATA").decode()
    assert "Name: handoff-records" in meta and f"Version: {__version__}" in meta
    assert "Provides-Extra: site" in meta and "Provides-Extra: mcp" in meta
    # The core stays lean: the site generator is an extra.
    core = [line for line in meta.splitlines() if line.startswith("Requires-Dist:") and "extra ==" not in line]
    assert not any(heavy in line.lower() for line in core for heavy in ("mkdocs", "markdown", "nh3", "mcp"))


def test_the_sdist_carries_the_sources_and_hook_definitions(dist: Path) -> None:
    with tarfile.open(next(dist.glob("*.tar.gz"))) as tar:
        names = {n.split("/", 1)[1] for n in tar.getnames() if "/" in n}
    for needed in (".pre-commit-hooks.yaml", "hooks/pre-commit", "src/handoff/site/handoff.css", "pyproject.toml",
                   "CHANGELOG.md", "README.md"):
        assert needed in names, needed


def test_the_wheel_installs_into_a_fresh_venv_checks_the_demo_and_builds_its_site(
    dist: Path, tmp_path: Path
) -> None:
    venv = tmp_path / "venv"
    _run([sys.executable, "-m", "venv", str(venv)], tmp_path)
    bin_ = venv / "bin"
    env = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME"}}
    env["PATH"] = f"{bin_}{os.pathsep}{env.get('PATH', '')}"
    env["NO_MKDOCS_2_WARNING"] = "1"
    wheel = next(dist.glob("*.whl"))
    _run([str(bin_ / "python"), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
          f"{wheel}[site]"], tmp_path, env)

    version = _run([str(bin_ / "handoff"), "--version"], tmp_path, env)
    assert version.stdout == f"handoff, version {__version__}\n"
    # The installed package is the wheel's, not this checkout's.
    where = _run([str(bin_ / "python"), "-c", "import handoff; print(handoff.__file__)"], tmp_path, env)
    assert where.stdout.startswith(str(venv))

    demo = tmp_path / "demo"
    build_env = {**os.environ, "PYTHONPATH": str(PROJECT / "src")}
    _run([sys.executable, str(PROJECT / "demo" / "build_repo.py"), str(demo)], tmp_path, build_env)
    checked = _run([str(bin_ / "handoff"), "check"], demo, env)
    assert "0 invalid" in checked.stdout, checked.stdout
    schema = _run([str(bin_ / "handoff"), "schema"], demo, env)
    assert '"$schema": "https://json-schema.org/draft/2020-12/schema"' in schema.stdout

    _run([str(bin_ / "mkdocs"), "build", "--strict", "--quiet"], demo, env)
    site = demo / "site_build"
    assert (site / "accounts" / "acme-logistics" / "index.html").is_file()
    assert (site / "gap" / "index.html").is_file()
    assert list(site.rglob("handoff.css")), "the wheel's CSS reached the built site"
