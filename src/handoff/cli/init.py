"""`handoff init`: a working handoff repo in DIR, never overwriting a file."""

from __future__ import annotations

from pathlib import Path

import click

from handoff.cli.options import fail


@click.command()
@click.argument("directory", default=".", type=click.Path(file_okay=False, path_type=Path))
@click.option("--crm", type=click.Choice(["plain", "hubspot", "salesforce", "pipedrive"]),
              help="The shape of your CRM export (default: plain, or what handoff.toml already says).")
@click.option("--site", type=click.Choice(["mkdocs", "zensical"]),
              help="The site generator (default: mkdocs, or zensical when zensical.toml exists).")
def init(directory: Path, crm: str | None, site: str | None) -> None:
    """Turn DIRECTORY (default: here) into a handoff repo: folders, CRM export headers, settings,
    site, pre-commit, CI and CODEOWNERS. Existing files are left as they are."""
    from handoff.init.scaffold import InitError
    from handoff.init.scaffold import init as run_init

    try:
        run = run_init(directory, crm, site)
    except InitError as e:
        fail(str(e))
    if run.git_init:
        click.echo(f"git init {directory} (branch main)")
    for rel in run.wrote:
        click.echo(f"wrote {rel}")
    for rel in run.left:
        click.echo(f"left  {rel} (exists)")
    click.echo(f"{len(run.wrote)} written, {len(run.left)} left as they were; next: put your CRM export in crm/ "
               "and run `handoff crm`" if run.wrote else "nothing to write: every file exists")
