"""`handoff diff`: what a pull request changes in the records, for CS review."""

from __future__ import annotations

import click

from handoff.cli.options import fail, run_root


@click.command()
@click.argument("base", required=False)
@click.argument("head", required=False)
@click.option("--format", "fmt", type=click.Choice(["text", "markdown", "json"]), default="text", show_default=True)
def diff(base: str | None, head: str | None, fmt: str) -> None:
    """List each record changed between the merge base of BASE (default: the default branch) and
    HEAD (default: the work tree): fields filled, emptied or changed, review status, completeness;
    cohorts changed; records added, removed or renamed."""
    from handoff.diff.changes import diff_records
    from handoff.diff.format import render
    from handoff.repo.diffs import DiffError, compare

    root = run_root()
    try:
        comparison = compare(root, base, head)
    except DiffError as e:
        fail(str(e))
    click.echo(render(diff_records(comparison), fmt), nl=False)
