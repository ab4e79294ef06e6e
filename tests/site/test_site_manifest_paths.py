"""A manifest path is used only when it stays inside the docs folder: relative, normalised,
no `..`; the check agrees with PurePosixPath's reading on every shape of path."""

from __future__ import annotations

from pathlib import PurePosixPath

import pytest

from handoff.site.manifest import _safe_rel

CASES = ["index.md", "accounts/acme.md", "/etc/passwd", "a//b.md", "./a.md", "a/./b.md", "a/../../b.md", "..",
         "a/", ".handoff-pages.json", ".hidden/x.md", "a\\b.md", "", "...", "a/.../b.md", "a/b\0.md", "~/x.md"]


def by_pure_path(rel: str) -> str | None:
    if not rel or "\\" in rel or "\0" in rel:
        return None
    p = PurePosixPath(rel)
    return rel if not p.is_absolute() and ".." not in p.parts and str(p) == rel else None


@pytest.mark.parametrize("rel", CASES)
def test_same_answer_as_pure_path(rel: str) -> None:
    assert _safe_rel(rel) == by_pure_path(rel)


def test_the_unsafe_ones_are_refused() -> None:
    refused = {rel for rel in CASES if _safe_rel(rel) is None}
    assert {"/etc/passwd", "a/../../b.md", "..", "a//b.md", "./a.md", "", "a\\b.md"} <= refused
    assert _safe_rel(None) is None and _safe_rel(3) is None
