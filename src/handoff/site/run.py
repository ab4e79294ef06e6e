"""`handoff pages`: check the repo, read its history, plan every page and write what changed."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from handoff.site import links
from handoff.site.data import SiteData, load_site
from handoff.site.pages import css_page, plan
from handoff.site.siteconfig import read_site_config
from handoff.site.write import Progress, WriteReport, write_pages


@dataclass(frozen=True)
class PagesRun:
    out: Path
    shown: str  # the folder as the user would name it, relative to the repo root when inside it
    report: WriteReport
    notes: list[str]  # findings and history notes, one line each, as the plugin logs them
    # The run's data and planned pages (hundreds of thousands of objects at 10,000 accounts),
    # held so that a caller about to exit need not free them one by one (`keep_until_exit`).
    held: tuple[Any, ...] = field(default=(), repr=False, compare=False)


def notes_of(data: SiteData) -> list[str]:
    """Why a page shows a problem: malformed files (path:line), no history, no digest."""
    out = [f.text() for f in data.problems]
    if data.history_note:
        out.append(f"no history: {data.history_note}")
    if data.gap_figures.error:
        out.append(f"no digest on the Gap page: {data.gap_figures.error}")
    return out


def _source(root: Path, known: dict[str, str]) -> Callable[[str], bytes]:
    """Repo-relative path -> what identifies its bytes: the fingerprint the check already took,
    else the bytes themselves (`plan` asks once per file)."""
    base = str(root)

    def read(rel: str) -> bytes:
        if rel in known:
            return known[rel].encode()
        try:
            with open(os.path.join(base, rel), "rb") as f:
                return f.read()
        except OSError:
            return b""

    return read


def shown_as(folder: Path, root: Path) -> str:
    try:
        return folder.resolve().relative_to(root.resolve()).as_posix() or "."
    except ValueError:
        return str(folder)


def write_site(root: Path, out: Path | None, date: dt.date, days: int | None = None, high_arr: float | None = None,
               progress: Progress | None = None, generator: str | None = None, jobs: int = 1) -> PagesRun:
    """Write every generated page under `out` (default: the site's docs folder), linked for
    `generator` (`mkdocs` or `zensical`; default: Zensical when the repo has a zensical.toml), account
    and cohort pages rendered by `jobs` processes while this one computes the Gap's figures. Raises
    SiteConfigError (unreadable site config), PagesRefused (a file in the way, a write failing)."""
    config = read_site_config(root)
    folder = out if out is not None else config.docs_dir
    shown = shown_as(folder, root)
    data = load_site(root, date, days, high_arr, jobs)
    how = links.STYLE_SOURCE if (generator or config.generator) == "zensical" else config.use_directory_urls
    planned = [*plan(data, how, lambda _uri: False, _source(root, data.fingerprints)), css_page()]
    report = write_pages(folder, planned, shown, progress, jobs)
    return PagesRun(folder, shown, report, notes_of(data), (data, planned))
