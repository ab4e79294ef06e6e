"""The same handoff repo built by every supported generator, strict: MkDocs with the plugin,
MkDocs with the pages written by `handoff pages` and no plugin, and Zensical. Every account,
cohort and Gap page must exist with its fields: a build that completes without them (what
Zensical does with a MkDocs plugin it does not support) fails here."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from gitrepo import GitRepo
from site_kit import ZENSICAL_TOML, build, build_with, make_repo, pages

pytestmark = pytest.mark.slow

ACCOUNTS = {"acme-logistics": "Acme Logistics", "beta-freight": "Beta Freight", "delta-cargo": "Delta Cargo",
            "early-bird": "Early Bird", "evil-corp": "Evil Corp"}
FIELDS = ("1. Promised outcome", "2. Decision criteria", "3. Objections", "4. Champion and skeptic",
          "5. Risk flags", "6. Success metric", "7. Lost-deal cohort", "AI-assist line", "History")


def missing_pages(site: Path) -> list[str]:
    """What a built handoff site lacks: each page that is absent or without its fields."""
    wanted: dict[str, tuple[str, ...]] = {f"accounts/{slug}": (f"<h1>{name}</h1>", *FIELDS)
                                          for slug, name in ACCOUNTS.items()}
    wanted["cohorts/2026-W46-logistics"] = ("<h1>Cohort 2026-W46-logistics</h1>", "Top reasons", "Lost deals",
                                            "Won accounts that reference it", "Acme Logistics")
    wanted["gap"] = ("<h1>Gap as of 2026-11-23</h1>", "Missing records", "Partial records", "Gamma Routes",
                     "handoff-weekly", "Check-ins due")
    wanted["accounts"] = ("<h1>Accounts</h1>", *ACCOUNTS.values())
    wanted["cohorts"] = ("<h1>Cohorts</h1>", "2026-W46-logistics")
    wanted["."] = ("<h1>Handoffs</h1>",)
    out = []
    for rel, needles in wanted.items():
        html_file = site / rel / "index.html"
        html = html_file.read_text(encoding="utf-8") if html_file.is_file() else ""
        out += [f"{rel}: {n}" for n in needles if n not in html] if html else [f"{rel}: no page"]
    return out


@pytest.mark.parametrize("generator", ["mkdocs", "mkdocs-plain", "zensical"])
def test_every_page_is_built_strict(git_repo: GitRepo, generator: str) -> None:
    root = make_repo(git_repo)
    done = build_with(generator, root, "--strict") if generator != "mkdocs" else build(root)
    assert done.returncode == 0, done.stderr
    assert missing_pages(root / "site") == []
    css = root / "site" / "assets" / "handoff" / "handoff.css"
    assert css.is_file() and "handoff.css" in (root / "site" / "index.html").read_text(encoding="utf-8")


def test_a_zensical_build_without_the_pages_is_caught(git_repo: GitRepo) -> None:
    """The silent failure: Zensical skips the MkDocs plugin and reports no issue."""
    root = make_repo(git_repo)
    (root / "mkdocs.yml").unlink()
    (root / "zensical.toml").write_text(ZENSICAL_TOML.replace('[project]\n', '[project]\nplugins = ["handoff"]\n'))
    done = subprocess.run([sys.executable, "-m", "zensical", "build", "--strict"], cwd=root, capture_output=True,
                          text=True, check=False)
    assert done.returncode == 0  # Zensical itself sees nothing wrong ...
    assert "accounts/acme-logistics: no page" in missing_pages(root / "site")  # ... this check does


def test_the_plugin_replaces_pages_written_earlier_and_builds_strict(git_repo: GitRepo) -> None:
    root = make_repo(git_repo)
    assert pages(root, "--date", "2026-11-23", "--generator", "mkdocs").returncode == 0
    (root / "docs" / "gap.md").write_text("stale\n")  # the plugin must not build this one
    done = build(root, "--strict")
    assert "records/delta-cargo.md:37" in done.stderr  # strict fails on the malformed record, as before
    git_repo.remove("records/delta-cargo.md")
    done = build(root, "--strict")
    assert done.returncode == 0, done.stderr
    assert [m for m in missing_pages(root / "site") if "delta-cargo" not in m and "Delta" not in m] == []
    assert not (root / "site" / "accounts" / "delta-cargo").exists()  # its stale page was not built
    assert "stale" not in (root / "site" / "gap" / "index.html").read_text(encoding="utf-8")


def test_zensical_loads_nothing_from_the_internet(git_repo: GitRepo) -> None:
    root = make_repo(git_repo)
    assert build_with("zensical", root).returncode == 0
    head = (root / "site" / "index.html").read_text(encoding="utf-8").split("</head>")[0]
    assert "fonts.googleapis" not in head and "fonts.gstatic" not in head and "//unpkg" not in head

