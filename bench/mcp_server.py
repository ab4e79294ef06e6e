"""Speed of `handoff mcp` (issue 15), as ratios against floors measured in the same run.

On a repo of N records (the contract example, renamed) and one cohort:
1. `open_account` through the SDK's in-memory client, with `run_check` of that one record
   (what the brief is built from) shown beside it. The SDK's round trip dominates, so the
   goal is absolute: at most 50 ms, whatever the size of the repo.
2. `list_accounts` vs `run_check` of the whole repo. Goal: at most 1.5x.
3. Start-up: spawn `handoff mcp`, initialise, list the tools, close, vs `handoff --version`.
   Goal: at most 2.5 s more (importing the SDK alone takes about 1.2 s on the 2-core
   development machine); a client pays it once per session.

Run: .venv/bin/python bench/mcp_server.py [--records 2000] [--repeat 5]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

import anyio
from mcp import Client, StdioServerParameters
from timing import HANDOFF, best, bytecode

from check import make_repo
from handoff.check.run import run_check
from handoff.mcpserver.server import build_server


async def _best(action: Callable[[], Awaitable[object]], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        await action()
        times.append(time.perf_counter() - start)
    return min(times)


async def measure(root: Path, repeat: int) -> tuple[float, float, float, float, float]:
    one = root / "records" / "bench-account-00000.md"
    async with Client(build_server(root)) as client:
        async def brief() -> object:
            result = await client.call_tool("open_account", {"account": "bench-account-00000"})
            assert not result.is_error
            return result

        async def listing() -> object:
            return await client.call_tool("list_accounts", {})

        async def check_one() -> object:
            return run_check(root, [one])

        async def check_all() -> object:
            return run_check(root, [])

        ours_one, floor_one = await _best(brief, repeat * 4), await _best(check_one, repeat * 4)
        ours_all, floor_all = await _best(listing, repeat), await _best(check_all, repeat)
    params = StdioServerParameters(command=HANDOFF, args=["mcp"], env=dict(os.environ), cwd=root)

    async def start() -> object:
        async with Client(params) as client:
            return await client.list_tools()

    startup = await _best(start, repeat)
    return ours_one, floor_one, ours_all, floor_all, startup


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--records", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    bytecode()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        make_repo(root, args.records)
        ours_one, floor_one, ours_all, floor_all, startup = anyio.run(measure, root, args.repeat)
        version = best([HANDOFF, "--version"], root, args.repeat)
    r2, extra = ours_all / floor_all, startup - version
    print(f"records: {args.records}")
    print(f"open_account {ours_one * 1000:.1f} ms (run_check of that record {floor_one * 1000:.1f} ms)   "
          f"goal <= 50 ms  {'OK' if ours_one <= 0.05 else 'MISSED'}")
    print(f"list_accounts {ours_all:.3f} s vs run_check of the repo {floor_all:.3f} s: "
          f"{r2:.2f}x   goal <= 1.5x  {'OK' if r2 <= 1.5 else 'MISSED'}")
    print(f"start-up to tools listed {startup:.3f} s vs handoff --version {version:.3f} s: +{extra:.3f} s   "
          f"goal <= 2.5 s  {'OK' if extra <= 2.5 else 'MISSED'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
