"""The team's loop on a real git repo: the weekly cohort run, a rep's record from the CRM row,
the Closed-Won gate, CS review in two rounds, the 60-day check-in and the digest's count."""

from __future__ import annotations

import json
from importlib.util import find_spec
from pathlib import Path

import pytest

from authoring_kit import check_one, invoke, make_repo
from gitrepo import GitRepo
from handoff.authoring.new import PLACEHOLDERS
from handoff.record.parse import parse_text

FILLED = {
    1: 'promised_outcome: "Cut mis-routed shipments in half before the March peak."\n',
    2: "decision_criteria:\n  - Works with their existing TMS\n  - Live within 30 days\n",
    3: 'objections:\n  - objection: "Unproven at our volume."\n    answer: "Reference call with a larger shipper."\n',
    4: "champion:\n  name: Priya Shah\n  role: VP Operations\n  stake: Owns the peak-season error target.\n"
       "skeptic:\n  name: Tom Becker\n  role: IT Director\n  worry: Another integration to maintain.\n",
    5: "risk_flags:\n  - Budget approved only for year one.\n",
    6: "success_metric:\n  metric: Mis-routed shipments per 1,000\n  baseline: 14\n  target: 7\n",
}


def fill(draft: str) -> str:
    for number, text in FILLED.items():
        assert PLACEHOLDERS[number] in draft
        draft = draft.replace(PLACEHOLDERS[number], text)
    draft = draft.replace("stage: draft", "stage: closed-won")
    return draft.replace("drafted by [AGENT], reviewed by [REP].",
                         "drafted by DealDesk Assistant, reviewed by Dana Ruiz.")


def test_the_loop_from_cohort_to_review(git_repo: GitRepo, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = make_repo(git_repo)
    monkeypatch.chdir(repo.path)
    record = Path("records/acme-logistics.md")

    # Monday: the weekly run turns the lost-deal queue into cohorts, CS merges them.
    assert invoke("cohort", "--week", "2026-W46")[0] == 0
    repo.commit("Lost-deal cohorts for 2026-W46", "2026-11-16T07:00:00+00:00", author="handoff bot")

    # The deal closes; the rep starts the record from the CRM row.
    assert invoke("new", "Acme Logistics")[0] == 0
    assert check_one(repo.path, str(record)) == ("partial", (1, 2, 3, 4, 5, 6, "ai_assist"), [])
    draft = record.read_text()
    assert "lost_deal_cohort: 2026-W46-logistics" in draft

    # Marked closed-won too early: the gate fails the check.
    record.write_text(draft.replace("stage: draft", "stage: closed-won"))
    code, out, _ = invoke("check", str(record))
    assert code == 1 and "closed-won-incomplete" in out

    # The drafting assistant and the rep fill the seven fields: complete, the check passes.
    record.write_text(fill(draft))
    assert check_one(repo.path, str(record)) == ("complete", (), [])
    assert invoke("check")[0] == 0
    repo.commit("Handoff record for Acme Logistics", "2026-11-18T16:00:00+00:00", author="Dana Ruiz")

    # CS rejects once, with a reason the rep can act on, then accepts the fix.
    assert invoke("review", "Acme Logistics", "reject", "--by", "Lee Park")[0] == 1
    reason = "Add the TMS vendor risk"
    assert invoke("review", "Acme Logistics", "reject", "--by", "Lee Park", "--reason", reason)[0] == 0
    assert repo.git("diff", "--numstat").split() == ["4", "0", "records/acme-logistics.md"]  # the new review block
    repo.commit("CS: reject Acme", "2026-11-19T09:00:00+00:00", author="Lee Park")
    record.write_text(record.read_text().replace("  - Budget approved only for year one.\n",
                                                 "  - Budget approved only for year one.\n"
                                                 "  - Their TMS vendor pitches a competing add-on.\n"))
    assert invoke("review", "Acme Logistics", "accept", "--by", "Lee Park")[0] == 0
    repo.commit("CS: accept Acme", "2026-11-20T09:00:00+00:00", author="Lee Park")
    data = parse_text(record.read_text()).data
    assert data["review"] == {"status": "accepted", "by": "Lee Park"}
    assert invoke("check")[0] == 0

    # Sixty days on, the check-in lists the metric (closed 2026-11-18 + 60 days).
    code, out, _ = invoke("checkins", "--date", "2027-01-10", "--format", "json")
    assert code == 0
    (checkin,) = json.loads(out)["checkins"]
    assert checkin | {"path": ""} == {"account": "Acme Logistics", "slug": "acme-logistics",
                                      "metric": "Mis-routed shipments per 1,000", "baseline": 14, "target": 7,
                                      "due": "2027-01-17", "owner": "Lee Park", "path": "", "actual": None,
                                      "actual_date": None, "result": "pending"}

    # The founder's digest counts the rejection of the week (once the digest command exists).
    if find_spec("handoff.cli.digest") is not None:
        code, out, _ = invoke("digest", "--date", "2026-11-23", "--format", "json")
        digest = json.loads(out)
        assert code == 0 and digest["top_rejecter"] == {"cs": "Lee Park", "count": 1}
        assert digest["complete"] >= 1 and "Acme Logistics" not in digest["missing_accounts"]
