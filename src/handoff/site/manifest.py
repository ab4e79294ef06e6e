"""The manifest of a docs folder, `.handoff-pages.json` (a dot file, so site generators skip
it): every file `handoff pages` wrote there, with the sha-256 of its content, its size and
mtime, and the page's input key. Read as data: a path that would leave the folder is dropped,
and a manifest that cannot be read is a one-line refusal, never a guess."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from handoff.repo.logcache import json_bytes
from handoff.site.links import plain

MANIFEST = ".handoff-pages.json"
FORMAT = 1


class PagesRefused(Exception):
    """Nothing or not everything could be written; `message` is one line naming the file."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _safe_rel(rel: object) -> str | None:
    """A manifest path that stays inside the folder, or None."""
    if not isinstance(rel, str) or not rel or "\\" in rel or "\0" in rel:
        return None
    return rel if plain(rel) else None


def read_manifest(out: Path, shown: str) -> dict[str, dict[str, Any]]:
    path = out / MANIFEST
    if not path.exists():
        return {}
    try:
        data = json.loads(path.read_bytes())
    except (OSError, ValueError) as e:
        raise PagesRefused(f"{shown}/{MANIFEST}: cannot be read ({type(e).__name__}); remove it and the pages "
                           "it listed, then run `handoff pages` again") from None
    pages = data.get("pages") if isinstance(data, dict) and data.get("format") == FORMAT else None
    if not isinstance(pages, dict):
        raise PagesRefused(f"{shown}/{MANIFEST}: is not a handoff pages manifest; remove it and the pages it "
                           "listed, then run `handoff pages` again")
    return {rel: entry for rel, entry in pages.items() if _safe_rel(rel) and isinstance(entry, dict)}


def encode(pages: dict[str, dict[str, Any]]) -> bytes:
    """The manifest's bytes: pages in the order given (the run's plan order, the same from run to run)."""
    return json_bytes({"format": FORMAT, "generator": "handoff pages", "pages": pages}) + b"\n"
