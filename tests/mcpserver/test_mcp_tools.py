"""Every tool, resource and the prompt of `handoff mcp`, through the SDK's in-memory client, on the demo repo.

Each answer is compared with what the CLI gives for the same question.
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import AsyncIterator
from pathlib import Path

import anyio
import pytest
from mcp import Client
from mcp.shared.exceptions import MCPError
from mcp.types import TextResourceContents

from gitrepo import GitRepo
from handoff.authoring.prompt import system_prompt
from handoff.check.run import run_check
from handoff.mcpserver.server import build_server
from mcp_kit import PROJECT, READ_TOOLS, build_demo, cli, data, text

pytestmark = pytest.mark.anyio


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_demo(tmp_path_factory.mktemp("mcp") / "demo")


# "auto" dispatches in-process without framing; "legacy" runs the JSON-RPC session over the SDK's
# in-memory streams (mcp.shared.memory), as a stdio client would.
@pytest.fixture(params=["auto", "legacy"])
async def client(demo: Path, request: pytest.FixtureRequest) -> AsyncIterator[Client]:
    async with Client(build_server(demo), mode=request.param) as c:
        yield c


async def test_tools_have_schemas_descriptions_and_are_read_only(client: Client) -> None:
    tools = (await client.list_tools()).tools
    assert sorted(t.name for t in tools) == READ_TOOLS
    for tool in tools:
        assert tool.input_schema["type"] == "object"
        assert tool.output_schema is not None and tool.output_schema["type"] == "object"
        assert tool.description and len(tool.description) > 80
        assert tool.annotations is not None and tool.annotations.read_only_hint is True
    by_name = {t.name: t for t in tools}
    assert by_name["get_record"].input_schema["required"] == ["account"]
    assert by_name["get_record"].input_schema["properties"]["account"]["maxLength"] == 200
    assert "required" not in by_name["digest"].input_schema


async def test_open_account_puts_the_missing_fields_first(client: Client) -> None:
    result = await client.call_tool("open_account", {"account": "Crestline Freight"})
    brief = data(result)
    assert [m["title"] for m in brief["missing"]] == ["field 5 (risk flags)", "field 7 (lost-deal cohort)"]
    assert brief["missing"][0]["why"] == "risk flag 1 is still a placeholder"
    assert brief["people"]["champion"]["name"] == "Andre Dubois"
    assert brief["checkin"]["due"] == "2027-01-18" and brief["checkin"]["owner"] == "Lee Park"
    assert brief["risks"] == [None]
    assert brief["pressures"]["id"] == "2026-W47-logistics"  # field 7 is missing: the segment's newest cohort
    assert brief["pressures_source"] == "newest logistics cohort (field 7 names none that exists)"
    body = text(result)
    assert body == brief["brief"]
    sections = [line for line in body.splitlines() if line.startswith("## ")]
    assert sections == ["## Missing (ask the rep first)", "## The promise", "## The people", "## The risks",
                        "## The cohort's pressures", "## The check-in"]
    assert "- field 5 (risk flags): risk flag 1 is still a placeholder" in body
    assert "- From the newest logistics cohort (field 7 names none that exists):" in body


async def test_open_account_of_a_complete_record_brings_the_cohorts_pressures(client: Client, demo: Path) -> None:
    brief = data(await client.call_tool("open_account", {"account": "acme-logistics"}))
    assert brief["missing"] == [] and brief["status"] == "complete"
    cohort = brief["pressures"]
    assert cohort["id"] == "2026-W46-logistics" and cohort["exists"] is True
    assert brief["pressures_source"] == "field 7"
    assert cohort["top_reasons"][0] == {"reason": "Cheaper competitor", "count": 5}
    assert cohort["watch"] and "Watch: " + cohort["watch"] in brief["brief"]
    assert "- nothing: all seven fields and the AI-assist line" in brief["brief"]


async def test_get_record_by_name_or_slug_matches_check(client: Client, demo: Path) -> None:
    by_name = data(await client.call_tool("get_record", {"account": "Meridian Health Partners"}))
    by_slug = data(await client.call_tool("get_record", {"account": "meridian-health-partners"}))
    assert by_name == by_slug
    (result,) = run_check(demo, [demo / "records" / "meridian-health-partners.md"]).results
    assert by_name["status"] == result.status
    assert [i["number"] for i in by_name["fields"]] == [1, 2, 3, 4, 5, 6, 7, None]
    assert [m["number"] if m["number"] else m["key"] for m in by_name["missing"]] == list(result.missing)
    assert by_name["review"]["status"] == "rejected" and by_name["review"]["reason"]
    assert by_name["checkin"]["metric"]
    assert [f["message"] for f in by_name["findings"]] == [f.message for f in result.findings]


async def test_check_record_gives_exactly_the_cli_lines(client: Client, demo: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    for path in sorted((demo / "records").glob("*.md")):
        result = await client.call_tool("check_record", {"markdown": path.read_text(encoding="utf-8")})
        found = data(result)
        code, out, err = cli(demo, monkeypatch, "check", f"records/{path.name}")
        assert (text(result), found["failed"]) == (out, code == 1), path.name
        assert found["lines"] == out.splitlines() and err == ""


async def test_check_record_on_a_draft_with_errors(client: Client) -> None:
    draft = "---\naccount: Acme Logistics\nclosed: 2026-11-18\narr: 50K\nrisk_flag: []\n---\n"
    found = data(await client.call_tool("check_record", {"markdown": draft}))
    assert found["status"] == "invalid" and found["failed"] is True and found["path"] == "records/acme-logistics.md"
    codes = [f["code"] for f in found["findings"]]
    assert "unknown-key" in codes and "missing-key" in codes and "type" in codes
    typo = "records/acme-logistics.md:5: unknown-key unknown key `risk_flag`; did you mean `risk_flags`?"
    assert typo in found["lines"]


async def test_digest_is_the_cli_json(client: Client, demo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    result = await client.call_tool("digest", {"date": "2026-11-23"})
    code, out, _ = cli(demo, monkeypatch, "digest", "--date", "2026-11-23", "--format", "json")
    assert code == 0 and text(result) == out
    # Same keys, values and number types (50000 stays 50000, not 50000.0).
    assert json.dumps(data(result), sort_keys=True) == json.dumps(json.loads(out), sort_keys=True)
    assert data(result)["top_skipper"] == {"rep": "Raj Patel", "count": 3}
    week = await client.call_tool("digest", {"date": "2026-11-23", "days": 14, "high_arr": 30000})
    assert data(week)["days"] == 14 and data(week)["high_arr"] == 30000


async def test_digest_refusals_are_the_cli_lines(client: Client, demo: Path, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    early = await client.call_tool("digest", {"date": "2020-01-01"})
    code, _, err = cli(demo, monkeypatch, "digest", "--date", "2020-01-01")
    assert early.is_error and code == 1 and text(early) == err.rstrip("\n")
    bad = await client.call_tool("digest", {"date": "2026-02-30"})
    assert bad.is_error and text(bad) == "handoff: Invalid value for '--date': '2026-02-30' is not a date YYYY-MM-DD"
    zero = await client.call_tool("digest", {"days": 0})
    assert zero.is_error and "--days" in text(zero)
    far = await client.call_tool("digest", {"days": 4000})  # the CLI's bound, in the CLI's words
    code, _, err = cli(demo, monkeypatch, "digest", "--days", "4000")
    assert far.is_error and code == 2 and err.rstrip("\n").endswith(text(far).removeprefix("handoff: "))
    shallow = GitRepo(tmp_path / "shallow")
    shallow.git("fetch", "-q", "--depth", "1", f"file://{demo}", "main")
    shallow.git("reset", "-q", "--hard", "FETCH_HEAD")
    async with Client(build_server(shallow.path)) as other:
        refused = await other.call_tool("digest", {"date": "2026-11-23"})
    code, _, err = cli(shallow.path, monkeypatch, "digest", "--date", "2026-11-23")
    assert refused.is_error and code == 1 and text(refused) == err.rstrip("\n")
    assert "git fetch --unshallow" in text(refused) and "fetch-depth: 0" in text(refused)


async def test_list_accounts_has_records_and_won_deals_without_one(client: Client) -> None:
    rows = data(await client.call_tool("list_accounts", {}))["accounts"]
    statuses = {r["slug"]: r["status"] for r in rows}
    assert len(rows) == 14 and list(statuses.values()).count("no record") == 3
    assert statuses["alder-valley-clinics"] == "no record" and statuses["acme-logistics"] == "complete"
    assert statuses["crestline-freight"] == "partial"
    alder = next(r for r in rows if r["slug"] == "alder-valley-clinics")
    assert alder["missing"] == [1, 2, 3, 4, 5, 6, 7, "ai_assist"] and alder["rep"] == "Raj Patel"
    raj = data(await client.call_tool("list_accounts", {"query": "RAJ"}))["accounts"]
    assert raj and all(r["rep"] == "Raj Patel" for r in raj)
    assert data(await client.call_tool("list_accounts", {"query": "nobody at all"}))["accounts"] == []


async def test_get_cohort_lists_the_accounts_that_reference_it(client: Client, demo: Path) -> None:
    cohort = data(await client.call_tool("get_cohort", {"id": "2026-W46-logistics"}))
    assert cohort["status"] == "valid" and cohort["lost_count"] == len(cohort["deals"]) == 9
    assert cohort["accounts"] == ["acme-logistics", "summit-fleet-services"]
    assert cohort["summary"].startswith("In the 90 days to November 15")
    unknown = await client.call_tool("get_cohort", {"id": "2026-W46-logistic"})
    assert unknown.is_error
    assert text(unknown) == "cohorts/2026-W46-logistic.md: no such cohort; did you mean `2026-W46-logistics`?"
    escape = await client.call_tool("get_cohort", {"id": "../records/acme-logistics"})
    assert escape.is_error and "no such cohort" in text(escape)


async def test_unknown_account_gets_the_cli_message(client: Client, demo: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    code, _, err = cli(demo, monkeypatch, "review", "Acme Logistix", "accept", "--by", "Lee Park")
    for tool in ("get_record", "open_account"):
        result = await client.call_tool(tool, {"account": "Acme Logistix"})
        assert result.is_error and code == 1 and text(result) == err.rstrip("\n")
    assert text(result) == "records/acme-logistix.md: no such record; did you mean `acme-logistics`?"


async def test_resources_are_the_files_of_the_working_tree(client: Client, demo: Path) -> None:
    listed = {str(r.uri) for r in (await client.list_resources()).resources}
    assert "handoff://records/acme-logistics" in listed and "handoff://cohorts/2026-W46-logistics" in listed
    assert len(listed) == 11 + 18
    templates = {t.uri_template for t in (await client.list_resource_templates()).resource_templates}
    assert templates == {"handoff://records/{slug}", "handoff://cohorts/{id}"}
    for uri, path in (("handoff://records/acme-logistics", "records/acme-logistics.md"),
                      ("handoff://cohorts/2026-W46-logistics", "cohorts/2026-W46-logistics.md")):
        (content,) = (await client.read_resource(uri)).contents
        assert isinstance(content, TextResourceContents) and content.mime_type == "text/markdown"
        assert content.text == (demo / path).read_text(encoding="utf-8")
    with pytest.raises(MCPError, match="records/acme-logistix.md: no such record; did you mean `acme-logistics`"):
        await client.read_resource("handoff://records/acme-logistix")
    with pytest.raises(MCPError, match="no such cohort"):
        await client.read_resource("handoff://cohorts/2026-W99-nowhere")
    assert (await client.list_tools()).tools  # still serving


async def test_draft_record_prompt_carries_the_system_prompt_and_crm_row(client: Client, demo: Path,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    (prompt,) = (await client.list_prompts()).prompts
    assert prompt.name == "draft_record" and [a.name for a in prompt.arguments or []] == ["account"]
    got = await client.get_prompt("draft_record", {"account": "alder-valley-clinics"})
    first, second = (m.content for m in got.messages)
    assert first.type == "text" and first.text == system_prompt()
    assert second.type == "text" and "account: Alder Valley Clinics\nclosed: 2026-11-05\narr: 27000\n" in second.text
    assert "lost_deal_cohort: 2026-W47-healthcare" in second.text
    code, _, err = cli(demo, monkeypatch, "new", "Alder Valey Clinic")
    with pytest.raises(MCPError) as refused:
        await client.get_prompt("draft_record", {"account": "Alder Valey Clinic"})
    assert code == 1 and refused.value.message == err.rstrip("\n")


async def test_the_working_tree_is_read_at_each_call(demo: Path, tmp_path: Path) -> None:
    root = tmp_path / "copy"
    shutil.copytree(demo, root)
    async with Client(build_server(root)) as c:
        assert data(await c.call_tool("get_record", {"account": "crestline-freight"}))["status"] == "partial"
        path = root / "records" / "crestline-freight.md"
        path.write_text(path.read_text(encoding="utf-8").replace("account: Crestline", "acount: Crestline"),
                        encoding="utf-8")
        changed = data(await c.call_tool("get_record", {"account": "crestline-freight"}))
        assert changed["status"] == "invalid"
        assert any(f["code"] == "unknown-key" for f in changed["findings"])


async def test_open_account_of_a_won_deal_without_a_record(client: Client) -> None:
    brief = data(await client.call_tool("open_account", {"account": "Riverside Pediatrics Network"}))
    assert brief["status"] == "no record" and len(brief["missing"]) == 8
    assert brief["missing"][0]["why"] == "no records/riverside-pediatrics-network.md yet"
    assert brief["people"]["rep"] == "Raj Patel" and brief["checkin"]["due"] == "2027-01-18"
    assert brief["pressures"]["id"] == "2026-W47-healthcare"
    assert "ask Raj Patel to write it" in brief["brief"]
    assert (await client.call_tool("get_record", {"account": "Riverside Pediatrics Network"})).is_error


async def test_concurrent_calls_get_the_same_answers(client: Client) -> None:
    answers: dict[int, object] = {}

    async def ask(i: int) -> None:
        tool, args = [("digest", {"date": "2026-11-23"}), ("digest", {"date": "2026-11-16"}),
                      ("open_account", {"account": "acme-logistics"})][i % 3]
        answers[i] = data(await client.call_tool(tool, args))

    async with anyio.create_task_group() as tg:
        for i in range(12):
            tg.start_soon(ask, i)
    for i in range(3, 12):
        assert answers[i] == answers[i % 3]
    assert answers[0] != answers[1]


async def test_the_readme_session_is_what_the_server_says(client: Client, demo: Path) -> None:
    readme = (PROJECT / "README.md").read_text(encoding="utf-8")
    session = readme.split("## AI assistants: ", 1)[1].split("An example session", 1)[1]
    brief_block, check_block = re.findall(r"^```\n(.*?)^```$", session, flags=re.MULTILINE | re.DOTALL)[:2]
    brief = text(await client.call_tool("open_account", {"account": "Crestline Freight"}))
    # The only line that depends on the day it runs: "(in 49 days)".
    assert re.sub(r"\(in \d+ days\)", "(in N days)", brief) == re.sub(r"\(in \d+ days\)", "(in N days)", brief_block)
    draft = (demo / "records" / "crestline-freight.md").read_text(encoding="utf-8")
    draft = draft.replace("\"[What you'd say in the hallway]\"", "Owners review every new subscription in January.")
    draft = draft.replace('lost_deal_cohort: "[cohort]"', "lost_deal_cohort: 2026-W47-logistic")
    assert text(await client.call_tool("check_record", {"markdown": draft})) == check_block
