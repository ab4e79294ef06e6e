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
@click.option("--hook", is_flag=True, help="Run as a commit hook: PATHs are the files the commit adds or changes; "
              "a changed or deleted cohort, handoff.toml or CRM export checks the whole repo; no PATH and no "
              "such deletion checks nothing.")
def check(paths: tuple[Path, ...], fmt: str, hook: bool) -> None:
    """Validate records and cohorts (default: every records/*.md and cohorts/*.md)."""
    from handoff.cli.options import run_root

    # A one-shot process holding thousands of small documents: the cyclic collector
    # would only rescan them (parsed front matter has no reference cycles).
    gc.disable()
    root = run_root()
    deleted: list[str] | None = None
    if hook:
        from handoff.check.run import is_dependency
        from handoff.repo.staged import staged_deletions

        deleted = [name for name in staged_deletions(root) if is_dependency(name)]
        if not paths and not deleted:
            sys.exit(0)
    run = run_check(root, paths, deleted)
    REPORTERS[fmt](run, sys.stdout)
    sys.exit(1 if run.failed else 0)
