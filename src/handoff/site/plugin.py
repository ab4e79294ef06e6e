"""The MkDocs plugin `handoff`: a thin adapter over the page generator of `handoff pages`.

In `on_files` the pages planned by `handoff.site.pages` become MkDocs `File`s created
with `File.generated` (so MkDocs knows they are generated); no page logic lives here.
Pages that `handoff pages` wrote into the docs folder earlier (listed in its manifest)
are replaced by the fresh ones, so nothing is rendered twice and nothing stale is built.
The site loads nothing from the internet: Material's Google Fonts are switched
off here (`theme.font: false`) and the charts are inline SVG.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from pathlib import Path
from typing import Any

from mkdocs.config import base
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from handoff.record.bounds import MAX_DAYS
from handoff.repo.config import MAX_ARR
from handoff.site import links
from handoff.site.data import SiteData, load_site
from handoff.site.manifest import MANIFEST, PagesRefused, read_manifest
from handoff.site.navigation import ours_first
from handoff.site.options import AtLeast, IsoDate
from handoff.site.pages import css, generate
from handoff.site.run import notes_of

log = logging.getLogger("mkdocs.plugins.handoff")
PROGRESS_EVERY = 500


class HandoffConfig(base.Config):  # type: ignore[no-untyped-call]  # mkdocs leaves it untyped
    date = IsoDate()
    days = AtLeast(1, integer=True, high=MAX_DAYS)
    high_arr = AtLeast(0, integer=False, high=MAX_ARR)


class HandoffPlugin(BasePlugin[HandoffConfig]):  # type: ignore[no-untyped-call]
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.root = Path.cwd()
        self.total = self.written = 0

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        if config.theme.name == "material":
            config.theme["font"] = False  # Material would load Google Fonts; the site stays offline
        if links.CSS not in config.extra_css:
            config.extra_css.append(links.CSS)
        self.root = Path(config.config_file_path or "mkdocs.yml").resolve().parent
        return config

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files:
        started = time.perf_counter()
        try:
            data = load_site(self.root, self.config.date or dt.date.today(), _int(self.config.days),
                             self.config.high_arr)
        except (OSError, ValueError) as e:
            raise PluginError(f"handoff: cannot read the repo at {self.root}: {e}") from e
        _report(data)
        try:
            ours = set(read_manifest(Path(config.docs_dir), Path(config.docs_dir).name))
        except PagesRefused as e:
            raise PluginError(f"handoff: {e.message}") from e
        for f in [f for f in files if f.src_uri in ours or f.src_uri == MANIFEST]:
            files.remove(f)  # written by `handoff pages` earlier: generated afresh below
        user_has = {f.src_uri for f in files}.__contains__
        count = 0
        for page in generate(data, config.use_directory_urls, user_has):
            inclusion = InclusionLevel.INCLUDED if page.in_nav else InclusionLevel.NOT_IN_NAV
            files.append(File.generated(config, page.src_uri, content=page.content, inclusion=inclusion))
            count += 1
        files.append(File.generated(config, links.CSS, content=css()))
        self.total, self.written = len(files.documentation_pages()), 0
        log.info("handoff: generated %d pages (%d accounts, %d cohorts) in %.1fs", count, len(data.accounts),
                 len(data.cohorts), time.perf_counter() - started)
        return files

    def on_nav(self, nav: Navigation, /, *, config: MkDocsConfig, files: Files) -> Navigation:
        return nav if config.nav is not None else ours_first(nav)

    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str:
        self.written += 1
        if self.total >= 2 * PROGRESS_EVERY and self.written % PROGRESS_EVERY == 0:
            log.info("handoff: wrote %d of %d pages", self.written, self.total)
        return output

    def on_serve(self, server: Any, /, *, config: MkDocsConfig, builder: Any) -> Any:
        for folder in ("records", "cohorts", "crm"):
            if (self.root / folder).is_dir():
                server.watch(str(self.root / folder))
        return server


def _int(value: float | None) -> int | None:
    return None if value is None else int(value)


def _report(data: SiteData) -> None:
    # Malformed input fails `mkdocs build --strict` like any MkDocs warning, with path:line.
    problems = len(data.problems)
    for i, note in enumerate(notes_of(data)):
        warn = i < problems or (data.history_fatal and note.startswith("no history"))
        (log.warning if warn else log.info)("%s", note if i < problems else f"handoff: {note}")
