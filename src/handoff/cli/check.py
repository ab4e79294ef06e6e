"""`handoff check [PATH...] [--format text|json|github|sarif]`."""

from __future__ import annotations

import gc
import sys
from pathlib import Path

import click

from handoff.check.run import run_check
from handoff.cli.report import REPORTERS


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(sorted(REPORTERS)), default="text", show_default=True,
              help="text lines `path:line: CODE message`, json, GitHub annotations, or SARIF 2.1.0.")
def check(paths: tuple[Path, ...], fmt: str) -> None:
    """Validate records and cohorts (default: every records/*.md and cohorts/*.md)."""
    from handoff.cli.options import run_root

    # A one-shot process holding thousands of small documents: the cyclic collector
    # would only rescan them (parsed front matter has no reference cycles).
    gc.disable()
    run = run_check(run_root(), paths)
    REPORTERS[fmt](run, sys.stdout)
    sys.exit(1 if run.failed else 0)
