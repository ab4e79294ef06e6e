"""The weekly review reads the Plan through the one CRM reader, with the `[crm]` settings of
each commit: a team whose export has its own name and headers gets its figures too."""

from __future__ import annotations

import json
from pathlib import Path

from cohort_kit import COHORT
from gitrepo import GitRepo
from weekly_kit import record, run

SETTINGS = '[crm]\nwon = "crm/deals.csv"\nlost = "crm/deals.csv"\nwon_stages = ["Won"]\nlost_stages = ["Lost"]\n' \
           '[crm.columns]\naccount = "Deal"\nclosed = "Close date"\nrep = "Owner"\nstage = "Stage"\n'
DEALS = ("Deal,Close date,arr,term_months,segment,Owner,cs_owner,Stage,reason,competitor\n"
         "Acme Logistics,2026-11-16,50000,12,logistics,Dana Ruiz,Lee Park,Won,,\n"
         "Birch Freight,2026-11-17,40000,12,logistics,Raj Patel,Lee Park,Won,,\n"
         "Northwind Freight,2026-10-02,38000,,logistics,Raj Patel,,Lost,Cheaper competitor,\n")


def test_a_mapped_all_deals_export_feeds_the_weekly_review(tmp_path: Path) -> None:
    repo = GitRepo(tmp_path / "repo")
    repo.write("handoff.toml", SETTINGS)
    repo.write("crm/deals.csv", DEALS)
    repo.write("cohorts/2026-W46-logistics.md", COHORT)
    repo.write("records/acme-logistics.md", record("Acme Logistics", "2026-11-16", "Dana Ruiz"))
    repo.commit("plan and Acme's record", "2026-11-17T09:00:00+00:00")
    code, out, err = run(repo, "weekly", "--date", "2026-11-18", "--format", "json")
    assert (code, err) == (0, "")
    reps = {r["rep"]: (r["closed"], r["complete"], r["within_sla"]) for r in json.loads(out)["reps"]}
    # Acme closed 11-16, complete 11-17 (1 day, within 2); Birch closed 11-17, no record: the lost row is no Plan.
    assert reps == {"Dana Ruiz": (1, 1, 1), "Raj Patel": (1, 0, 0)}
