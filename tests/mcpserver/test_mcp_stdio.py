"""`handoff mcp` as a real subprocess, driven by the SDK's stdio client: list the tools, open an account,
check a draft, read the digest, shut down cleanly. And the command without the SDK, and the core without it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from mcp import Client, StdioServerParameters
from mcp.client.stdio import stdio_client

from mcp_kit import READ_TOOLS, build_demo, data, text

HANDOFF = Path(sys.executable).with_name("handoff")
COMMAND = [str(HANDOFF)] if HANDOFF.exists() else [sys.executable, "-c", "from handoff.cli.main import main; main()"]


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_demo(tmp_path_factory.mktemp("mcp-stdio") / "demo")


def _run(code: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", code], cwd=cwd, env=dict(os.environ), capture_output=True,
                          text=True, timeout=60, check=False)


@pytest.mark.anyio
async def test_a_client_opens_an_account_over_stdio(demo: Path, tmp_path: Path) -> None:
    params = StdioServerParameters(command=COMMAND[0], args=[*COMMAND[1:], "mcp"], env=dict(os.environ),
                                   cwd=demo / "records")
    errlog = tmp_path / "stderr.txt"
    with errlog.open("w", encoding="utf-8") as err:
        async with Client(stdio_client(params, errlog=err)) as client:
            assert client.server_info is not None and client.server_info.name == "handoff"
            assert sorted(t.name for t in (await client.list_tools()).tools) == READ_TOOLS
            brief = await client.call_tool("open_account", {"account": "Crestline Freight"})
            assert [m["number"] for m in data(brief)["missing"]] == [5, 7]
            assert text(brief).startswith("# Crestline Freight: account-open brief")
            draft = (demo / "records" / "crestline-freight.md").read_text(encoding="utf-8")
            assert data(await client.call_tool("check_record", {"markdown": draft}))["missing"] == [5, 7]
            assert data(await client.call_tool("digest", {"date": "2026-11-23"}))["planned"] == 7
            assert (await client.call_tool("get_record", {"account": "x" * 10_000})).is_error
            assert data(await client.call_tool("list_accounts", {}))["accounts"]
    assert errlog.read_text(encoding="utf-8") == ""


def test_the_server_exits_0_at_end_of_input(demo: Path) -> None:
    done = subprocess.run([*COMMAND, "mcp", "--repo", str(demo)], stdin=subprocess.DEVNULL, capture_output=True,
                          text=True, env=dict(os.environ), timeout=60, check=False)
    assert (done.returncode, done.stdout, done.stderr) == (0, "", "")


def test_without_the_extra_the_command_names_the_install(demo: Path) -> None:
    done = _run("import sys; sys.modules['mcp'] = None\nfrom handoff.cli.main import main; main(['mcp'])", demo)
    assert (done.returncode, done.stdout) == (1, "")
    assert done.stderr == 'handoff: the MCP server needs the mcp extra: pip install "handoff-records[mcp]"\n'


def test_the_core_commands_never_import_the_sdk(demo: Path) -> None:
    code = (
        "import sys\n"
        "from handoff.cli.main import cli\n"
        "for args in (['--help'], ['mcp', '--help'], ['check'], ['digest', '--date', '2026-11-23'], ['prompt']):\n"
        "    try:\n"
        "        cli.main(args, standalone_mode=False)\n"
        "    except SystemExit:\n"
        "        pass\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in {'mcp', 'mcp_types', 'starlette', 'uvicorn'}))\n"
    )
    done = _run(code, demo)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1] == "[]"
    assert "  mcp " in done.stdout  # listed in `handoff --help`


def test_refusals_before_serving_are_one_line(tmp_path: Path) -> None:
    for args, message in (
        (["mcp"], "handoff: not inside a handoff repo (no .git, handoff.toml or records/ here or above)\n"),
        (["mcp", "--repo", str(tmp_path / "nowhere")], f"handoff: --repo {tmp_path / 'nowhere'}: no such folder\n"),
    ):
        done = subprocess.run([*COMMAND, *args], cwd=tmp_path, stdin=subprocess.DEVNULL, capture_output=True,
                              text=True, env=dict(os.environ), timeout=60, check=False)
        assert (done.returncode, done.stdout, done.stderr) == (1, "", message)
