"""Hostile input to `handoff mcp`: the record fixtures `handoff check` is tested on, huge strings, wrong types.

One client session runs through all of it: every answer is a result or a one-line tool error (the CLI's
line for the same input), and the server keeps serving after each.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from mcp import Client
from mcp.shared.exceptions import MCPError
from mcp.types import TextResourceContents

from handoff.check.run import run_check
from handoff.mcpserver.drafts import check_draft
from handoff.mcpserver.server import build_server
from mcp_kit import COHORT_FIXTURE, HOSTILE, READ_TOOLS, cli, data, hostile_repo, text

pytestmark = pytest.mark.anyio
BIG = "x" * (50 * 1024 * 1024)


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


def _cli_check(tmp: Path, name: str, raw: bytes, monkeypatch: pytest.MonkeyPatch) -> tuple[int, str]:
    """`handoff check records/NAME` on `raw` in a repo with the same cohorts as the hostile repo."""
    (tmp / "records").mkdir(parents=True, exist_ok=True)
    (tmp / "cohorts").mkdir(exist_ok=True)
    (tmp / "cohorts" / COHORT_FIXTURE.name).write_bytes(COHORT_FIXTURE.read_bytes())
    for old in (tmp / "records").iterdir():
        old.unlink()
    (tmp / "records" / name).write_bytes(raw)
    code, out, _ = cli(tmp, monkeypatch, "check", f"records/{name}")
    return code, out


async def test_every_record_fixture_is_answered_like_check(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = hostile_repo(tmp_path / "repo")
    async with Client(build_server(root)) as client:
        for case in HOSTILE:
            stem = case.stem
            (expected,) = run_check(root, [root / "records" / case.name]).results
            record = data(await client.call_tool("get_record", {"account": stem}))
            assert record["status"] == expected.status, stem
            assert [(f["line"], f["code"], f["message"]) for f in record["findings"]] == [
                (f.line, f.code, f.message) for f in expected.findings], stem
            brief = data(await client.call_tool("open_account", {"account": stem}))
            if expected.status == "invalid":
                assert "## The record is malformed" in brief["brief"], stem
            else:
                assert brief["brief"].index("## Missing") < brief["brief"].index("## The promise"), stem

            raw = case.read_bytes()
            try:
                draft = raw.decode("utf-8")
            except UnicodeDecodeError:
                draft = None
            if draft is not None:
                found = data(await client.call_tool("check_record", {"markdown": draft}))
                code, out = _cli_check(tmp_path / "cli", Path(found["path"]).name, raw, monkeypatch)
                assert found["lines"] == out.splitlines(), stem
                assert found["failed"] == (code == 1), stem
            try:
                (content,) = (await client.read_resource(f"handoff://records/{stem}")).contents
            except MCPError as e:
                assert e.message.startswith(f"records/{stem}.md:1: ") and "\n" not in e.message, stem
            else:
                assert isinstance(content, TextResourceContents) and content.text == draft, stem
        assert sorted(t.name for t in (await client.list_tools()).tools) == READ_TOOLS


async def test_a_50_mb_draft_is_refused_with_checks_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = hostile_repo(tmp_path / "repo")
    code, out = _cli_check(tmp_path / "cli", "draft.md", BIG.encode(), monkeypatch)
    async with Client(build_server(root)) as client:
        refused = await client.call_tool("check_record", {"markdown": BIG})
        assert refused.is_error and code == 1
        assert text(refused) == out.splitlines()[0] == (
            "records/draft.md:1: file-too-large is 52,428,800 bytes, over the 262,144-byte limit; "
            "move attachments out of the record")
        for tool, args in (("get_record", {"account": BIG}), ("open_account", {"account": BIG}),
                           ("list_accounts", {"query": BIG}), ("get_cohort", {"id": BIG}), ("digest", {"date": BIG})):
            result = await client.call_tool(tool, args)
            assert result.is_error and "\n" not in text(result) and len(text(result)) < 200, tool
        assert text(await client.call_tool("get_record", {"account": BIG})) == (
            "handoff: account is 52,428,800 characters long; at most 200 are allowed")
        with pytest.raises(MCPError):
            await client.read_resource("handoff://records/" + "x" * 100_000)
        with pytest.raises(MCPError):
            await client.get_prompt("draft_record", {"account": BIG})
        ok = await client.call_tool("get_record", {"account": "contract-example"})
        assert data(ok)["status"] == "complete"


async def test_wrong_types_and_unknown_tools_are_tool_errors(tmp_path: Path) -> None:
    root = hostile_repo(tmp_path / "repo")
    async with Client(build_server(root)) as client:
        for tool, args in (("get_record", {"account": 5}), ("get_record", {}), ("check_record", {"markdown": None}),
                           ("digest", {"days": "many"}), ("list_accounts", {"query": ["a"]}),
                           ("no_such_tool", {}), ("new_record", {"account": "Acme Logistics"}),
                           ("get_record", {"account": ""}), ("get_record", {"account": "!!!"})):
            result = await client.call_tool(tool, args)
            assert result.is_error, (tool, args)
        assert text(await client.call_tool("get_record", {"account": "   "})) == "handoff: account is empty"
        assert data(await client.call_tool("list_accounts", {}))["notes"] == [
            "won deals without a record are not listed: crm/closed-won.csv: no such file; "
            "export the closed-won deals from the CRM to it"]


async def test_the_size_cap_follows_handoff_toml(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = hostile_repo(tmp_path / "repo")
    (root / "handoff.toml").write_text("max_file_bytes = 2048\n", encoding="utf-8")
    draft = "---\naccount: Acme\n---\n" + "notes\n" * 500
    with pytest.raises(Exception) as refused:
        check_draft(root, draft)
    assert str(refused.value) == (f"records/draft.md:1: file-too-large is {len(draft):,} bytes, over the 2,048-byte "
                                  "limit; move attachments out of the record")
    (root / "handoff.toml").write_text("max_file_bytes = 'big'\n", encoding="utf-8")
    code, _, err = cli(root, monkeypatch, "review", "contract-example", "accept", "--by", "Lee Park")
    async with Client(build_server(root)) as client:
        broken = await client.call_tool("get_record", {"account": "contract-example"})
    assert broken.is_error and code == 1 and text(broken) == err.rstrip("\n")
    assert text(broken) == "handoff.toml:1: `max_file_bytes` has the wrong type"


async def test_every_cohort_fixture_is_answered_like_check(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    (root / "records").mkdir(parents=True)
    (root / "cohorts").mkdir()
    cases = sorted(COHORT_FIXTURE.parent.parent.glob("*/*.md"))
    for case in cases:
        (root / "cohorts" / case.name).write_bytes(case.read_bytes())
    async with Client(build_server(root)) as client:
        for case in cases:
            (expected,) = run_check(root, [root / "cohorts" / case.name]).results
            cohort = data(await client.call_tool("get_cohort", {"id": case.stem}))
            assert cohort["status"] == expected.status, case.stem
            assert [(f["line"], f["code"]) for f in cohort["findings"]] == [
                (f.line, f.code) for f in expected.findings], case.stem
            (content,) = (await client.read_resource(f"handoff://cohorts/{case.stem}")).contents
            assert isinstance(content, TextResourceContents)
            assert content.text == case.read_text(encoding="utf-8"), case.stem
        assert data(await client.call_tool("list_accounts", {}))["accounts"] == []


async def test_odd_file_names_are_listed_as_readable_resources(tmp_path: Path) -> None:
    root = hostile_repo(tmp_path / "repo")
    example = (root / "records" / "contract-example.md").read_bytes()
    for name in ("Über Bar.md", "a..b.md", "100%.md"):
        (root / "records" / name).write_bytes(example)
    async with Client(build_server(root)) as client:
        uris = [str(r.uri) for r in (await client.list_resources()).resources]
        assert len(uris) == len(HOSTILE) + 3 + 1
        for uri in uris:
            (content,) = (await client.read_resource(uri)).contents if "not-utf8" not in uri else (None,)
            assert content is None or isinstance(content, TextResourceContents), uri
        odd = await client.read_resource("handoff://records/%C3%9Cber%20Bar")
        assert isinstance(odd.contents[0], TextResourceContents)
        assert odd.contents[0].text == example.decode("utf-8")
