"""`handoff mcp [--allow-write] [--repo DIR]`: serve the handoff repo to AI assistants over stdio.

Option parsing only. The SDK is imported when the command runs, never when the
command group loads: the core install (and `handoff check` in a pre-commit hook)
stays free of it, and without the extra the command says how to install it.
"""

from __future__ import annotations

from pathlib import Path

import click

from handoff.cli.options import fail, run_root

EXTRA_HINT = 'the MCP server needs the mcp extra: pip install "handoff-records[mcp]"'


@click.command()
@click.option("--allow-write", "allow_write", is_flag=True,
              help="Also serve new_record and review_record, which write records (default: read-only).")
@click.option("--repo", "repo", type=click.Path(path_type=Path, file_okay=False), metavar="DIR",
              help="The handoff repo to serve (default: the one holding the current folder).")
def mcp(allow_write: bool, repo: Path | None) -> None:
    """Serve the handoff repo over the Model Context Protocol on stdin/stdout."""
    from handoff.repo.root import NotARepo, find_root

    if repo is not None:
        if not repo.is_dir():
            fail(f"--repo {repo}: no such folder")
        try:
            root = find_root(repo)
        except NotARepo as e:
            fail(str(e))
    else:
        root = run_root()
    try:
        import mcp as _sdk  # noqa: F401
    except ImportError:
        fail(EXTRA_HINT)
    from handoff.mcpserver.server import build_server

    build_server(root, allow_write).run("stdio")
