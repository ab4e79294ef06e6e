"""The distribution is `handoff-records`: no tracked file may tell anyone to install bare `handoff`.

On the package index the bare name belongs to an unrelated project; installing it in a
team's CI would run someone else's code next to their secrets. The bad installs the scan
must catch are written below as templates (`{bare}`), so that no line here can be copied
as advice.
"""

from __future__ import annotations

import subprocess
import tomllib
from pathlib import Path

import pytest

from handoff import __version__
from package_kit import offending_lines

PROJECT = Path(__file__).resolve().parents[2]
KIT = PROJECT / "tests" / "package_kit.py"

def tracked_text_files() -> list[Path]:
    out = subprocess.run(["git", "ls-files", "-z"], cwd=PROJECT, capture_output=True, check=True).stdout
    files = []
    for name in out.decode().split("\0"):
        path = PROJECT / name
        if not name or not path.is_file():
            continue
        raw = path.read_bytes()
        if b"\0" in raw[:4096]:
            continue
        files.append(path)
    return files


BARE = "handoff"  # the unrelated project's name, filled into the templates below


@pytest.mark.parametrize("template", [
    "pip install {bare}",
    "python -m pip install {bare}==0.1.0",
    "  HANDOFF_SPEC: {bare}==0.1.0",
    "pip install '{bare}>=0.1'",
    'dependencies = ["{bare}", "click"]',
    'additional_dependencies: ["click", "{bare}"]',
    "pip3 install --upgrade {bare}[site]",
    "uv add {bare}",
    "additional_dependencies:\n  - {bare}\n",
])
def test_the_scan_catches_bare_installs(template: str) -> None:
    text = template.format(bare=BARE)
    assert offending_lines(text), text


@pytest.mark.parametrize("text", [
    'pip install "handoff-records==0.2.0"',
    "pip install handoff-records[site]",
    "HANDOFF_SPEC: handoff-records[site]==0.2.0",
    "pip install -e .  # then run handoff check",
    "handoff check records/acme.md",
    "handoff.toml days = 7",
    "import handoff",
    '"handoff-records[site,mcp,zensical]",',
    "pip install -r requirements.txt && handoff digest",
    '"name": "handoff",',
    'site["plugins"][1]["handoff"]["date"]',
])
def test_the_scan_lets_the_real_name_and_the_command_pass(text: str) -> None:
    assert not offending_lines(text), text


def test_no_tracked_file_tells_anyone_to_install_bare_handoff() -> None:
    # This file and the kit list bad installs on purpose; a line that warns (`... unrelated project`) tells no one to.
    bad = [f"{p.relative_to(PROJECT)}: {line}" for p in tracked_text_files() if p not in (Path(__file__).resolve(), KIT)
           for line in offending_lines(p.read_text(encoding="utf-8", errors="replace")) if "unrelated" not in line]
    assert not bad, "install `handoff-records`, never bare `handoff`:\n" + "\n".join(bad)


def test_the_distribution_name_and_one_version() -> None:
    project = tomllib.loads((PROJECT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["name"] == "handoff-records"
    assert "version" not in project and project["dynamic"] == ["version"]
    assert __version__ == "0.2.0"
    assert f"## {__version__}" in (PROJECT / "CHANGELOG.md").read_text(encoding="utf-8")


def test_every_dependency_has_a_version_range() -> None:
    project = tomllib.loads((PROJECT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    deps = list(project["dependencies"])
    for extra in project["optional-dependencies"].values():
        deps += [d for d in extra if not d.startswith("handoff-records[")]
    loose = [d for d in deps if not (">=" in d and "<" in d.replace("<=", ""))]
    assert not loose, f"dependencies without a lower and an upper bound: {loose}"


def test_handoff_version_prints_the_one_version() -> None:
    from click.testing import CliRunner

    from handoff.cli.main import cli

    done = CliRunner().invoke(cli, ["--version"])
    assert (done.exit_code, done.output) == (0, f"handoff, version {__version__}\n")
