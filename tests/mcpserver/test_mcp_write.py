"""Read-only by default: without --allow-write no tool writes, and nothing on disk changes whatever is called.
With it, `new_record` and `review_record` follow the CLI's rules and write what the CLI writes."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from mcp import Client
from mcp.shared.exceptions import MCPError

from handoff.mcpserver.server import build_server
from mcp_kit import READ_TOOLS, WRITE_TOOLS, build_demo, cli, data, snapshot, text

pytestmark = pytest.mark.anyio

CALLS: list[tuple[str, dict[str, Any]]] = [
    ("get_record", {"account": "Acme Logistics"}), ("get_record", {"account": "nobody"}),
    ("open_account", {"account": "crestline-freight"}), ("open_account", {"account": "nobody"}),
    ("check_record", {"markdown": "---\naccount: Acme Logistics\n---\n"}), ("check_record", {"markdown": ""}),
    ("digest", {"date": "2026-11-23"}), ("digest", {}), ("digest", {"date": "1999-01-01"}),
    ("list_accounts", {}), ("list_accounts", {"query": "lee"}),
    ("get_cohort", {"id": "2026-W47-healthcare"}), ("get_cohort", {"id": "../../etc/passwd"}),
    ("new_record", {"account": "Alder Valley Clinics"}),
    ("review_record", {"account": "Crestline Freight", "decision": "accept", "by": "Lee Park"}),
]


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_demo(tmp_path_factory.mktemp("mcp-write") / "demo")


async def test_without_allow_write_nothing_is_written(demo: Path) -> None:
    before = snapshot(demo)
    async with Client(build_server(demo)) as client:
        names = sorted(t.name for t in (await client.list_tools()).tools)
        assert names == READ_TOOLS and not set(WRITE_TOOLS) & set(names)
        for name, args in CALLS:
            result = await client.call_tool(name, args)
            assert name not in WRITE_TOOLS or (result.is_error and text(result) == f"Unknown tool: {name}"), name
        for resource in (await client.list_resources()).resources:
            await client.read_resource(str(resource.uri))
        await client.get_prompt("draft_record", {"account": "Alder Valley Clinics"})
        with pytest.raises(MCPError):
            await client.get_prompt("draft_record", {"account": "nobody"})
    assert snapshot(demo) == before


async def test_new_record_writes_what_handoff_new_writes(demo: Path, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    served, by_cli = tmp_path / "served", tmp_path / "cli"
    shutil.copytree(demo, served)
    shutil.copytree(demo, by_cli)
    code, out, _ = cli(by_cli, monkeypatch, "new", "Alder Valley Clinics")
    async with Client(build_server(served, allow_write=True)) as client:
        names = sorted(t.name for t in (await client.list_tools()).tools)
        assert names == sorted(READ_TOOLS + WRITE_TOOLS)
        written = await client.call_tool("new_record", {"account": "alder-valley-clinics"})
        path = "records/alder-valley-clinics.md"
        assert code == 0 and text(written) == out.rstrip("\n") and data(written)["path"] == path
        assert (served / path).read_bytes() == (by_cli / path).read_bytes()
        (served / path).write_text("a rep's work\n", encoding="utf-8")
        again = await client.call_tool("new_record", {"account": "Alder Valley Clinics"})
        code, _, err = cli(by_cli, monkeypatch, "new", "Alder Valley Clinics")
        assert again.is_error and code == 1 and text(again) == err.rstrip("\n")
        assert text(again) == "handoff: records/alder-valley-clinics.md already exists; pass --force to overwrite it"
        assert (served / path).read_text(encoding="utf-8") == "a rep's work\n"
        forced = await client.call_tool("new_record", {"account": "Alder Valley Clinics", "force": True})
        assert not forced.is_error and (served / path).read_bytes() == (by_cli / path).read_bytes()
        unknown = await client.call_tool("new_record", {"account": "Alder Valey"})
        code, _, err = cli(by_cli, monkeypatch, "new", "Alder Valey")
        assert unknown.is_error and text(unknown) == err.rstrip("\n")
    names = sorted(p.name for p in (served / "records").iterdir())
    assert names == sorted(p.name for p in (by_cli / "records").iterdir())


async def test_review_record_changes_only_the_review_lines(demo: Path, tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    served, by_cli = tmp_path / "served", tmp_path / "cli"
    shutil.copytree(demo, served)
    shutil.copytree(demo, by_cli)
    path = "records/crestline-freight.md"
    old = (served / path).read_text(encoding="utf-8").splitlines()
    async with Client(build_server(served, allow_write=True)) as client:
        refused = await client.call_tool("review_record", {"account": "Crestline Freight", "decision": "reject",
                                                           "by": "Lee Park"})
        code, _, err = cli(by_cli, monkeypatch, "review", "Crestline Freight", "reject", "--by", "Lee Park")
        assert refused.is_error and code == 1 and text(refused) == err.rstrip("\n")
        args = {"account": "crestline-freight", "decision": "reject", "by": "Lee Park", "reason": "field 5 is empty"}
        done = await client.call_tool("review_record", args)
        code, out, _ = cli(by_cli, monkeypatch, "review", "crestline-freight", "reject", "--by", "Lee Park",
                           "--reason", "field 5 is empty")
        assert code == 0 and text(done) == out.rstrip("\n") == f"{path}: review rejected by Lee Park"
        assert (served / path).read_bytes() == (by_cli / path).read_bytes()
        new = (served / path).read_text(encoding="utf-8").splitlines()
        assert [line for line in new if line not in old] == [
            "review:", "  status: rejected", "  by: Lee Park", "  reason: field 5 is empty"]
        assert [line for line in old if line not in new] == []
        again = await client.call_tool("review_record", args)
        assert data(again)["changed"] is False and text(again).endswith("(already so)")
