"""What `handoff notify` says: the seed's manager scan as golden Slack and Teams payloads,
valid Block Kit and Adaptive Card structure, every named account present, the channels'
limits held at 500 partial accounts, and names escaped.

Set HANDOFF_WRITE_GOLDEN=1 to rewrite the golden files, then read the diff before committing.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from conftest import PROJECT
from gitrepo import GitRepo
from handoff.record.text import slugify
from notify_kit import COHORT, SITE, D, notify, record, seed_with_settings

GOLDEN = PROJECT / "tests" / "golden" / "notify"
SEED_MISSING = ["Juniper Health", "Kestrel Freight", "Lumen Retail"]
SEED_PARTIAL = ["Fjord Shipping", "Granite Works", "Harbor Clinics", "Iris Analytics"]
# TextRun's properties in the Adaptive Cards 1.2+ schema (its text is plain: no markdown).
TEXT_RUN = {"type", "text", "color", "fontType", "highlight", "isSubtle", "italic", "selectAction", "size",
            "strikethrough", "weight"}
HEADER = "account,closed,arr,term_months,segment,rep,cs_owner\n"


def assert_golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("HANDOFF_WRITE_GOLDEN"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="")
    assert text == path.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def seed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return seed_with_settings(tmp_path_factory.mktemp("notify-seed") / "repo").path


def dry(root: Path, channel: str, *args: str) -> dict[str, Any]:
    ran = notify(root, channel, "--date", D, "--dry-run", *args)
    assert (ran.code, ran.err) == (0, ""), ran.err
    data: dict[str, Any] = json.loads(ran.out)
    return data


def check_block_kit(message: dict[str, Any]) -> str:
    """Slack's documented Block Kit rules for what we send; all the message's text."""
    assert isinstance(message["text"], str) and message["text"].strip()
    blocks = message["blocks"]
    assert 1 <= len(blocks) <= 50
    texts = [message["text"]]
    for block in blocks:
        kind = block["type"]
        assert kind in {"header", "section", "context", "divider"}
        if kind == "header":
            assert block["text"]["type"] == "plain_text" and 1 <= len(block["text"]["text"]) <= 150
        if kind == "section":
            assert "text" in block or "fields" in block
            if "text" in block:
                assert block["text"]["type"] == "mrkdwn" and 1 <= len(block["text"]["text"]) <= 3000
                texts.append(block["text"]["text"])
            fields = block.get("fields", [])
            assert len(fields) <= 10 and all(1 <= len(f["text"]) <= 2000 for f in fields)
            texts += [f["text"] for f in fields]
        if kind == "context":
            assert 1 <= len(block["elements"]) <= 10
            texts += [e["text"] for e in block["elements"]]
    return "\n".join(texts)


def check_adaptive_card(message: dict[str, Any]) -> list[str]:
    """The Teams Workflows message shape and Adaptive Card 1.4 elements we use; all TextRun texts."""
    assert message["type"] == "message" and len(message["attachments"]) == 1
    attachment = message["attachments"][0]
    assert attachment["contentType"] == "application/vnd.microsoft.card.adaptive"
    card = attachment["content"]
    assert card["type"] == "AdaptiveCard" and tuple(map(int, card["version"].split("."))) >= (1, 4)
    assert len(json.dumps(message, ensure_ascii=False).encode("utf-8")) <= 28_000
    runs: list[str] = []
    for element in card["body"]:
        assert element["type"] in {"TextBlock", "RichTextBlock"}
        if element["type"] == "TextBlock":
            assert element["text"]
        for run in element.get("inlines", []):
            assert run["type"] == "TextRun" and isinstance(run["text"], str)
            assert set(run) <= TEXT_RUN, set(run) - TEXT_RUN
            assert run.get("weight", "Bolder") in {"Default", "Lighter", "Bolder"}
            assert run.get("color", "Default") in {"Default", "Dark", "Light", "Accent", "Good", "Warning",
                                                   "Attention"}
            assert run.get("size", "Small") in {"Default", "Small", "Medium", "Large", "ExtraLarge"}
            if "selectAction" in run:
                assert run["selectAction"]["type"] == "Action.OpenUrl"
                assert run["selectAction"]["url"].startswith(SITE)
            runs.append(run["text"])
    for action in card.get("actions", []):
        assert action["type"] == "Action.OpenUrl" and action["url"] == SITE + "gap/"
    return runs


@pytest.mark.parametrize("channel", ["slack", "teams"])
def test_seed_manager_scan_golden(seed: Path, channel: str) -> None:
    ran = notify(seed, channel, "--date", D, "--dry-run")
    assert (ran.code, ran.err) == (0, "")
    assert_golden(f"seed-{channel}.json", ran.out)


def test_slack_names_every_account_with_rep_arr_and_link_high_arr_first(seed: Path) -> None:
    message = dry(seed, "slack")
    text = check_block_kit(message)
    for name in SEED_MISSING + SEED_PARTIAL:
        assert name in text and name in message["text"]
    sections = [b["text"]["text"] for b in message["blocks"] if b["type"] == "section" and "text" in b]
    missing = next(s for s in sections if s.startswith("*No record (3)*"))
    # Kestrel ($66,000, high) before Juniper ($41,000) and Lumen ($27,000); Juniper's record exists
    # in the working tree (committed after D), so its page exists; the others have none yet.
    assert missing.splitlines()[1:] == [
        "• Kestrel Freight (rep Dana Ruiz, *$66,000 ARR, high*)",
        f"• <{SITE}accounts/juniper-health/|Juniper Health> (rep Dana Ruiz, $41,000 ARR)",
        "• Lumen Retail (rep Raj Patel, $27,000 ARR)"]
    partial = next(s for s in sections if s.startswith("*Partial record (4)*"))
    assert partial.splitlines()[1] == (f"• <{SITE}accounts/fjord-shipping/|Fjord Shipping> (rep Raj Patel, "
                                       "*$72,000 ARR, high*): missing field 5 (risk flags), field 7 (lost-deal cohort)")
    assert message["blocks"][0]["text"]["text"] == "Handoff digest for 2026-11-23"
    assert "Dana Ruiz (3 missing or partial)" in text and "Lee Park (2 rejections in the window)" in text
    assert message["text"].startswith("Handoff digest 2026-11-23: 3 missing, 4 partial (2 above $50,000).")


def test_teams_card_names_every_account(seed: Path) -> None:
    runs = check_adaptive_card(dry(seed, "teams"))
    for name in SEED_MISSING + SEED_PARTIAL:
        assert name in runs
    assert "Dana Ruiz (3 missing or partial)" in runs


def test_without_a_site_url_there_are_no_links(tmp_path: Path) -> None:
    repo = seed_with_settings(tmp_path / "repo")
    repo.write("handoff.toml", "")
    message = dry(repo.path, "slack")
    assert "<http" not in json.dumps(message) and "(`handoff digest` lists them all)" not in json.dumps(message)
    assert "actions" not in dry(repo.path, "teams")["attachments"][0]["content"]


def many_repo(path: Path, count: int, name: str = "Account {:03d} Holdings with a rather long trading name") -> GitRepo:
    """`count` deals closed on D, each with a draft record missing fields 5 and 7."""
    repo = GitRepo(path)
    rows = [(name.format(i), D, 10_000 + 100 * i, f"Rep {i % 7}") for i in range(count)]
    repo.write("crm/closed-won.csv", HEADER + "".join(f"{a},{c},{arr},12,logistics,{rep},Lee Park\n"
                                                      for a, c, arr, rep in rows))
    repo.write("cohorts/2026-W46-logistics.md", COHORT)
    for row in rows:
        repo.write(f"records/{slugify(row[0])}.md", record(*row, blank=(5, 7)))
    repo.commit("Five hundred drafts", f"{D}T12:00:00+00:00")
    repo.write("handoff.toml", f'[site]\nurl = "{SITE}"\n')
    return repo


@pytest.fixture(scope="module")
def many(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return many_repo(tmp_path_factory.mktemp("notify-many") / "repo", 500).path


def test_500_partial_accounts_stay_within_slacks_limits(many: Path) -> None:
    message = dry(many, "slack")
    check_block_kit(message)
    assert len(json.dumps(message)) < 40_000
    section = next(b["text"]["text"] for b in message["blocks"] if b.get("text", {}).get("text", "").startswith(
        "*Partial record (500)*"))
    lines = section.splitlines()
    named = [ln for ln in lines if ln.startswith("• ")]
    assert 1 <= len(named) <= 20
    # Highest ARR first: Account 499 ($59,900) leads.
    assert named[0].startswith(f"• <{SITE}accounts/account-499-holdings-with-a-rather-long-trading-name/|Account 499")
    assert lines[-1] == f"…and {500 - len(named)} more on the <{SITE}gap/|Gap page>"
    assert f"and {500 - 20} more" in message["text"]


def test_500_partial_accounts_stay_within_the_teams_card_size(many: Path) -> None:
    runs = check_adaptive_card(dry(many, "teams"))
    assert runs.count("Account 499 Holdings with a rather long trading name") == 1
    assert "…and 480 more" in runs and "Gap page" in runs


def test_long_names_shrink_the_slack_list_to_fit_3000_characters(tmp_path: Path) -> None:
    repo = many_repo(tmp_path / "long", 40, name="{:03d} " + "Very Long & <Odd> Name " * 6)
    message = dry(repo.path, "slack")
    check_block_kit(message)
    section = next(b["text"]["text"] for b in message["blocks"] if b.get("text", {}).get("text", "").startswith(
        "*Partial record (40)*"))
    named = [ln for ln in section.splitlines() if ln.startswith("• ")]
    assert len(named) < 20 and section.splitlines()[-1].startswith(f"…and {40 - len(named)} more")
    assert "<Odd>" not in section and "&lt;Odd&gt;" in section and "&amp;" in section


def test_names_from_the_crm_are_escaped_for_slack(tmp_path: Path) -> None:
    repo = GitRepo(tmp_path / "repo")
    repo.write("crm/closed-won.csv", HEADER + f"<script>alert(1)</script> & <!channel>,{D},90000,12,x,<@U123>,\n")
    repo.commit("Plan", f"{D}T09:00:00+00:00")
    message = dry(repo.path, "slack")
    body = check_block_kit(message)
    assert "<script>" not in body and "<!channel>" not in body and "<@U123>" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;!channel&gt;" in body
    runs = check_adaptive_card(dry(repo.path, "teams"))
    assert "<script>alert(1)</script> & <!channel>" in runs  # a TextRun is plain text


@pytest.mark.parametrize(("args", "line"), [
    (["--date", "2026-13-01"], "Invalid value for '--date'"),
    (["--days", "0"], "Invalid value for '--days'"),
    (["--days", "99999999999"], "Invalid value for '--days'"),
    (["--high-arr", "nan"], "Invalid value for '--high-arr'"),
    (["--high-arr", "-1"], "Invalid value for '--high-arr'"),
])
def test_bad_options_are_usage_errors(seed: Path, args: list[str], line: str) -> None:
    ran = notify(seed, "slack", "--dry-run", *args)
    assert ran.code == 2 and line in ran.err


def test_refusals_are_one_line(seed: Path, tmp_path: Path) -> None:
    ran = notify(seed, "slack", "--date", "2026-01-01", "--dry-run")
    assert (ran.code, ran.lines) == (1, ["handoff: no commit on or before 2026-01-01 (the first is of 2026-11-14)"])
    ran = notify(tmp_path, "slack", "--date", D, "--dry-run")
    assert ran.code == 1 and len(ran.lines) == 1
    assert notify(seed, "pager", "--dry-run").code == 2
