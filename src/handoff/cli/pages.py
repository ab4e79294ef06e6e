"""`handoff pages [--out DIR] [--date D] [--days N] [--high-arr A] [--generator G] [--jobs N]`."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from handoff.cli.options import (as_of_options, collector_paused, exit_quickly, fail, keep_until_exit, require_site,
                                 run_root)

MAX_JOBS = 32  # handoff.site.forked.MAX_JOBS; the site extra need not be installed to read the options


@click.command()
@click.option("--out", "out", type=click.Path(file_okay=False, path_type=Path), metavar="DIR",
              help="Write the pages here (default: the site's docs folder, from zensical.toml or mkdocs.yml).")
@as_of_options
@click.option("--generator", type=click.Choice(["mkdocs", "zensical"]), help="The site generator that builds "
              "the pages, which decides how links are written (default: zensical when zensical.toml exists).")
@click.option("--jobs", type=click.IntRange(1, MAX_JOBS), metavar="N", help="Render pages in N processes "
              "(default: one per core, at most 8; 1 renders in this process only).")
def pages(out: Path | None, date: dt.date, days: int | None, high_arr: float | None, generator: str | None,
          jobs: int | None) -> None:
    """Write the site's generated pages as markdown, for any site generator."""
    require_site("handoff pages")  # the page builders render markdown and sanitise with nh3
    exit_quickly()  # 10,000 checked records and their pages: no object-by-object teardown at the end
    from handoff.site.forked import default_jobs
    from handoff.site.manifest import PagesRefused
    from handoff.site.run import write_site
    from handoff.site.siteconfig import SiteConfigError

    root = run_root()

    def progress(done: int, total: int, written: int) -> None:
        if total >= 1000:
            click.echo(f"handoff: {done:,} of {total:,} pages done, {written:,} written", err=True)

    try:
        with collector_paused():  # its peak memory is the same with the collector on
            run = write_site(root, out, date, days, high_arr, progress, generator, jobs or default_jobs())
    except (SiteConfigError, PagesRefused, OSError, ValueError) as e:
        fail(getattr(e, "message", None) or str(e))
    keep_until_exit(run)
    for note in run.notes:
        click.echo(f"warning: {note}", err=True)
    r = run.report
    kept = f"; kept {len(r.kept_edited)} edited" if r.kept_edited else ""
    click.echo(f"{run.shown}/: {r.total} pages, {len(r.written)} written, {r.total - len(r.written)} unchanged, "
               f"{len(r.removed)} removed{kept}")
