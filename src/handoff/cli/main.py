"""The `handoff` command: option parsing only; each command calls one library function.

Subcommands load lazily so that `handoff check`, run by a pre-commit hook on
every commit, never imports git or MkDocs.
"""

from __future__ import annotations

import gc
import importlib
import os
import sys
from typing import Any

import click

from handoff import __version__

GC_FIRST = 70_000  # allocations between collections of the youngest generation (Python's default: 700)
_LAZY = {
    "check": "handoff.cli.check:check",
    "digest": "handoff.cli.digest:digest",
    "new": "handoff.cli.authoring:new",
    "review": "handoff.cli.authoring:review",
    "cohort": "handoff.cli.authoring:cohort",
    "schema": "handoff.cli.authoring:schema",
    "prompt": "handoff.cli.authoring:prompt",
    "checkins": "handoff.cli.checkins:checkins",
    "notify": "handoff.cli.notify:notify",
    "checkin": "handoff.cli.checkins:checkin",
    "weekly": "handoff.cli.weekly:weekly",
    "mcp": "handoff.mcpserver.command:mcp",
    "crm": "handoff.cli.crm:crm",
    "init": "handoff.cli.init:init",
    "diff": "handoff.cli.diff:diff",
    "pages": "handoff.cli.pages:pages",
}


class LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *_LAZY})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = _LAZY.get(cmd_name)
        if target is None:
            return super().get_command(ctx, cmd_name)
        module, _, attr = target.partition(":")
        command: click.Command = getattr(importlib.import_module(module), attr)
        return command


@click.group(cls=LazyGroup)
@click.version_option(__version__, prog_name="handoff")
def cli() -> None:
    """Sales-to-CS handoff records, enforced in git."""


def main(argv: list[str] | None = None) -> Any:
    # A command is one short run over many small objects (every record, page and commit is
    # hundreds): the cyclic collector runs a hundred times less often, which saves a tenth of
    # a large run; cyclic garbage waits a little longer (a few MB at most).
    gc.set_threshold(GC_FIRST, 10, 10)
    # handoff uses no pydantic plugin. Without this, pydantic looks for plugins in every
    # installed distribution's entry points when it makes its first validator: 30 ms of a
    # 0.6 s `handoff pages` and of every hook run. A value the user set is left as it is.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    from handoff.cli import options  # every command reads its options there

    options.QUICK_EXIT.clear()  # a run asks for itself
    options.KEPT.clear()
    options.ENDING[:] = [True]
    try:
        try:
            return cli.main(args=argv, prog_name="handoff")
        except KeyboardInterrupt:  # pragma: no cover - interactive only
            sys.exit(130)
        except SystemExit as e:
            if not options.QUICK_EXIT:
                raise
            code = e.code if isinstance(e.code, int) else (0 if e.code is None else 1)
            if isinstance(e.code, str):
                print(e.code, file=sys.stderr)
            for stream in (sys.stdout, sys.stderr):
                try:
                    stream.flush()
                except (OSError, ValueError):  # a closed pipe (`| head`) or stream: nothing more to say
                    pass
            os._exit(code)  # every file is written and closed; only the heap's teardown is skipped
    finally:
        options.ENDING.clear()  # back in a caller (a test): nothing ends here
