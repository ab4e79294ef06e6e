"""`handoff crm`: how the team's CRM exports map onto the contract's columns."""

from __future__ import annotations

import sys

import click

from handoff.cli.options import fail, run_root


@click.command()
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def crm(fmt: str) -> None:
    """Show each contract name and the export header it comes from, rows read, won and lost counts,
    and every row that cannot be read (exit 1 if any)."""
    from handoff.repo.config import CONFIG_NAME, ConfigError, load_settings
    from handoff.repo.crm.report import run

    root = run_root()
    try:
        settings = load_settings(root)
    except ConfigError as e:
        fail(f"{CONFIG_NAME}:{e.line}: {e.message}")
    text, code = run(root, settings.crm, fmt)
    click.echo(text, nl=False)
    sys.exit(code)
