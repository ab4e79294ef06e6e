"""Golden checks of the generated pages: the markdown the plugin hands to MkDocs.

The goldens in tests/golden/site/ are reviewed by hand. After a deliberate
change, rewrite them with `HANDOFF_UPDATE_GOLDEN=1 pytest tests/site/test_site_golden.py`
and read the diff before committing it."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from gitrepo import GitRepo
from handoff.site.data import load_site
from handoff.site.pages import generate
from site_kit import AS_OF, make_repo

GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "site"
PAGES = ("index.md", "gap.md", "accounts/acme-logistics.md", "accounts/beta-freight.md", "accounts/delta-cargo.md",
         "accounts/evil-corp.md", "cohorts/2026-W46-logistics.md", "checkins.md", "weekly/2026-W47.md")


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    root = make_repo(GitRepo(tmp_path_factory.mktemp("golden") / "repo"))
    data = load_site(root, dt.date.fromisoformat(AS_OF))
    return {g.src_uri: g.content for g in generate(data, True, lambda _uri: False)}


@pytest.mark.parametrize("src_uri", PAGES)
def test_generated_page_matches_its_golden(generated: dict[str, str], src_uri: str) -> None:
    golden = GOLDEN / src_uri
    if os.environ.get("HANDOFF_UPDATE_GOLDEN"):
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(generated[src_uri], encoding="utf-8")
    assert generated[src_uri] == golden.read_text(encoding="utf-8")


def test_every_page_is_generated_once(generated: dict[str, str]) -> None:
    assert sorted(generated) == sorted([
        "index.md", "gap.md", "accounts.md", "cohorts.md", "accounts/acme-logistics.md", "accounts/beta-freight.md",
        "accounts/delta-cargo.md", "accounts/early-bird.md", "accounts/evil-corp.md", "cohorts/2026-W46-logistics.md",
        "checkins.md", "weekly/2026-W45.md", "weekly/2026-W46.md", "weekly/2026-W47.md", "weekly/2026-W48.md",
    ])
