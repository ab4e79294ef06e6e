"""The check-in an assistant sees: the measured value against the target (export first, then
the record's `checkin` block), with the hit/miss rule of `handoff checkins`."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from mcp import Client

from authoring_kit import CONTRACT_EXAMPLE
from handoff.mcpserver.server import build_server
from mcp_kit import COHORT_FIXTURE, data

pytestmark = pytest.mark.anyio


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


def _repo(root: Path, checkin: str = "", metrics: str | None = None) -> Path:
    (root / "records").mkdir(parents=True)
    (root / "cohorts").mkdir()
    shutil.copyfile(COHORT_FIXTURE, root / "cohorts" / COHORT_FIXTURE.name)
    text = CONTRACT_EXAMPLE
    # Closed and due long before today, so that the result no longer depends on the day the test runs.
    text = text.replace("closed: 2026-11-18", "closed: 2025-10-01").replace("due: 2027-01-17", "due: 2025-12-01")
    text = text.replace("review:\n", checkin + "review:\n", 1)
    (root / "records" / "contract-example.md").write_text(text, encoding="utf-8")
    if metrics is not None:
        (root / "crm").mkdir()
        (root / "crm" / "success-metrics.csv").write_text(metrics, encoding="utf-8")
    return root


async def test_the_export_value_on_or_before_due_is_a_hit_when_lower_is_better(tmp_path: Path) -> None:
    # baseline 14, target 7: lower is better; 6 on 2025-11-20 reaches it; 30 after due is ignored.
    root = _repo(tmp_path / "repo", metrics="account,date,value\nContract Example,2025-11-20,6\n"
                                            "Contract Example,2025-12-05,30\n")
    async with Client(build_server(root)) as client:
        checkin = data(await client.call_tool("get_record", {"account": "contract-example"}))["checkin"]
        brief = data(await client.call_tool("open_account", {"account": "Contract Example"}))["brief"]
    assert (checkin["actual"], checkin["actual_date"], checkin["result"]) == (6, "2025-11-20", "hit")
    assert "- Measured 6 on 2025-11-20: hit" in brief


async def test_the_records_checkin_block_counts_when_there_is_no_export(tmp_path: Path) -> None:
    block = "checkin:\n  value: 9\n  date: 2025-11-28\n  note: They expected routing for every depot at once.\n"
    root = _repo(tmp_path / "repo", checkin=block)
    async with Client(build_server(root)) as client:
        checkin = data(await client.call_tool("get_record", {"account": "contract-example"}))["checkin"]
        brief = data(await client.call_tool("open_account", {"account": "contract-example"}))["brief"]
    assert (checkin["actual"], checkin["result"]) == (9, "miss")
    assert checkin["note"] == "They expected routing for every depot at once."
    assert "- CS note: They expected routing for every depot at once." in brief


async def test_no_value_is_pending(tmp_path: Path) -> None:
    root = _repo(tmp_path / "repo")
    async with Client(build_server(root)) as client:
        checkin = data(await client.call_tool("get_record", {"account": "contract-example"}))["checkin"]
    assert (checkin["actual"], checkin["result"]) == (None, "pending")
