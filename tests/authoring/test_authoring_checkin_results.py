"""Success metrics, promised against achieved: `handoff checkins --results`, the metrics export
and `handoff checkin`. Figures are checked against the hand computation beside the records."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cohort_kit import COHORT
from weekly_kit import record, run

D = "2027-02-01"
RETAIL = COHORT.replace("2026-W46-logistics", "2026-W47-retail").replace("2026-W46", "2026-W47").replace(
    "segment: logistics", "segment: retail")
# account: (rep, segment, success_metric lines, checkin block or "")
RECORDS = {
    "Lower Hit": ("Dana Ruiz", "logistics", "  baseline: 14\n  target: 7\n  due: 2027-01-17\n", ""),
    "Lower Miss": ("Dana Ruiz", "logistics", "  baseline: 14\n  target: 7\n  due: 2027-01-17\n",
                   "checkin:\n  value: 9\n  date: 2027-01-15\n  note: They expected next-day routing.\n"),
    "After Due": ("Sofia Lindqvist", "logistics", "  baseline: 14\n  target: 7\n  due: 2027-01-17\n",
                  "checkin:\n  value: 5\n  date: 2027-01-18\n"),
    "Higher Hit": ("Raj Patel", "retail", "  baseline: 40\n  target: 60\n  due: 2027-01-20\n",
                   "checkin:\n  value: 10\n  date: 2027-01-19\n"),
    "No Baseline": ("Raj Patel", "retail", "  target: 50\n  due: 2027-01-25\n",
                    "checkin:\n  value: 50\n  date: 2027-01-25\n"),
    "No Baseline Miss": ("Sofia Lindqvist", "retail", "  target: 50\n  due: 2027-01-25\n", ""),
    "Not Yet Due": ("Dana Ruiz", "logistics", "  baseline: 14\n  target: 7\n  due: 2027-03-01\n", ""),
}
METRICS = ("\ufeffaccount,date,value,unit\r\nLower Hit,2027-01-10,6,per 1000\r\nLower Hit,2027-01-20,20,x\r\n"
           "Higher Hit,2027-01-19,61,\r\nNo Baseline Miss,2027-01-01,49,\r\nSomeone Else,2027-01-01,1,\r\n")

# Hand computation as of 2027-02-01 (Not Yet Due, due 2027-03-01, is left out):
# Lower Hit: export 6 on 01-10 (the 01-20 row is after due 01-17: ignored); 14 -> 7 lower is better, 6 <= 7: hit.
# Lower Miss: no export row; checkin 9 on 01-15 <= due; 9 > 7: miss.
# After Due: checkin dated 01-18, after due 01-17: ignored, no value: pending.
# Higher Hit: export 61 on 01-19 beats the checkin's 10; 40 -> 60 higher is better, 61 >= 60: hit.
# No Baseline: checkin 50 on 01-25 (= due); no baseline, higher is better, 50 >= 50: hit.
# No Baseline Miss: export 49; higher is better, 49 < 50: miss.
# By rep: Dana 1 hit 1 miss -> 0.5; Raj 2 hits -> 1.0; Sofia 0 hit 1 miss 1 pending -> 0.0.
# By segment and by cohort (logistics/2026-W46-logistics: LH, LM, AD; retail/2026-W47-retail: HH, NB, NBM):
# logistics 1 hit 1 miss 1 pending -> 0.5; retail 2 hits 1 miss -> 2/3 = 0.6667.
EXPECTED = [("After Due", None, None, "pending"), ("Lower Hit", 6.0, "2027-01-10", "hit"),
            ("Lower Miss", 9, "2027-01-15", "miss"), ("Higher Hit", 61.0, "2027-01-19", "hit"),
            ("No Baseline", 50, "2027-01-25", "hit"), ("No Baseline Miss", 49.0, "2027-01-01", "miss")]


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    (tmp_path / ".git").mkdir()
    (tmp_path / "cohorts").mkdir()
    (tmp_path / "cohorts/2026-W46-logistics.md").write_text(COHORT)
    (tmp_path / "cohorts/2026-W47-retail.md").write_text(RETAIL)
    (tmp_path / "records").mkdir()
    for account, (rep, segment, metric, block) in RECORDS.items():
        text = record(account, "2026-11-18", rep, metric=metric, segment=segment, extra=block)
        if segment == "retail":
            text = text.replace("lost_deal_cohort: 2026-W46-logistics", "lost_deal_cohort: 2026-W47-retail")
        (tmp_path / "records" / f"{account.lower().replace(' ', '-')}.md").write_text(text)
    (tmp_path / "crm").mkdir()
    (tmp_path / "crm/success-metrics.csv").write_bytes(METRICS.encode("utf-8"))
    return tmp_path


def results(repo: Path) -> dict[str, object]:
    code, out, err = run(repo, "checkins", "--results", "--date", D, "--format", "json")
    assert (code, err) == (0, ""), err
    data: dict[str, object] = json.loads(out)
    return data


def test_results_match_the_hand_computation(repo: Path) -> None:
    data = results(repo)
    found = data["results"]
    assert isinstance(found, list)
    assert [(r["account"], r["actual"], r["actual_date"], r["result"]) for r in found] == EXPECTED
    assert found[1] == {"account": "Lower Hit", "slug": "lower-hit", "rep": "Dana Ruiz", "segment": "logistics",
                        "lost_deal_cohort": "2026-W46-logistics", "metric": "Mis-routed shipments per 1,000",
                        "baseline": 14, "target": 7, "due": "2027-01-17", "actual": 6.0,
                        "actual_date": "2027-01-10", "result": "hit"}
    logistics = {"hit": 1, "miss": 1, "pending": 1, "rate": 0.5}
    retail = {"hit": 2, "miss": 1, "pending": 0, "rate": 0.6667}
    assert data["hit_rate"] == {
        "by_rep": {"Dana Ruiz": {"hit": 1, "miss": 1, "pending": 0, "rate": 0.5},
                   "Raj Patel": {"hit": 2, "miss": 0, "pending": 0, "rate": 1.0},
                   "Sofia Lindqvist": {"hit": 0, "miss": 1, "pending": 1, "rate": 0.0}},
        "by_segment": {"logistics": logistics, "retail": retail},
        "by_cohort": {"2026-W46-logistics": logistics, "2026-W47-retail": retail},
    }


def test_results_as_text(repo: Path) -> None:
    out = run(repo, "checkins", "--results", "--date", D)[1]
    assert out.startswith("6 check-ins due on or before 2027-02-01:\n"
                          "2027-01-17  After Due (Sofia Lindqvist): Mis-routed shipments per 1,000: baseline 14, "
                          "target 7, no value: pending\n")
    assert "Hit rate by rep:\n- Dana Ruiz: 50% (1 hit, 1 miss, 0 pending)\n" in out
    assert "- 2026-W47-retail: 67% (2 hit, 1 miss, 0 pending)\n" in out


def test_a_missing_export_is_no_error(repo: Path) -> None:
    (repo / "crm/success-metrics.csv").unlink()
    found = results(repo)["results"]
    assert isinstance(found, list)
    got = {r["account"]: (r["actual"], r["result"]) for r in found}
    # Without the export: Lower Hit and No Baseline Miss have no value; Higher Hit falls back to its checkin's 10.
    assert got == {"After Due": (None, "pending"), "Lower Hit": (None, "pending"), "Lower Miss": (9, "miss"),
                   "Higher Hit": (10, "miss"), "No Baseline": (50, "hit"), "No Baseline Miss": (None, "pending")}


def test_the_upcoming_list_carries_the_value_and_stays_pending(repo: Path) -> None:
    code, out, _ = run(repo, "checkins", "--date", "2027-01-16", "--within", "2", "--format", "json")
    items = {c["account"]: c for c in json.loads(out)["checkins"]}
    assert code == 0 and sorted(items) == ["After Due", "Lower Hit", "Lower Miss"]
    assert (items["Lower Hit"]["actual"], items["Lower Hit"]["result"]) == (6.0, "pending")  # not due yet


def test_metrics_path_from_handoff_toml(repo: Path) -> None:
    (repo / "crm/success-metrics.csv").rename(repo / "crm/values.csv")
    (repo / "handoff.toml").write_text('[crm]\nmetrics = "crm/values.csv"\n')
    found = results(repo)["results"]
    assert isinstance(found, list) and found[1]["actual"] == 6.0


@pytest.mark.parametrize(("csv", "message"), [
    ("account,date,value\nLower Hit,2027-01-10,6 per 1000\n",
     "crm/success-metrics.csv:2: value: '6 per 1000': write a plain number such as 6.5, without units\n"),
    ("account,date,value\n\nLower Hit,10/01/2027,6\n",
     "crm/success-metrics.csv:3: date: '10/01/2027': write the date as YYYY-MM-DD\n"),
    ("account,value\n", "crm/success-metrics.csv:1: header: lacks column(s) date; the first row must name "
                        "account,date,value\n"),
    ("account,date,value\nLower Hit,2027-01-10,nan\n",
     "crm/success-metrics.csv:2: value: 'nan': write a plain number such as 6.5, without units\n"),
])
def test_a_bad_export_row_is_one_line(repo: Path, csv: str, message: str) -> None:
    (repo / "crm/success-metrics.csv").write_text(csv)
    assert run(repo, "checkins", "--results", "--date", D) == (1, "", message)


@pytest.mark.parametrize("args", [["--results", "--within", "3"], ["--date", "9999-12-31"], ["--date", "0001-01-01"],
                                  ["--results", "--format", "csv"]])
def test_checkins_usage_errors(repo: Path, args: list[str]) -> None:
    code, out, err = run(repo, "checkins", *args)
    assert (code, out) == (2, "") and "Traceback" not in err


def test_checkin_writes_only_its_block(repo: Path) -> None:
    path = repo / "records/lower-hit.md"
    before = path.read_text().splitlines()
    code, out, err = run(repo, "checkin", "Lower Hit", "--actual", "6.5", "--date", "2027-01-12",
                         "--note", 'They thought "dashboards" came with it')
    assert (code, out, err) == (0, "records/lower-hit.md: checkin set to 6.5 on 2027-01-12\n", "")
    after = path.read_text().splitlines()
    fence = before.index("---", 1)
    assert after[:fence] == before[:fence] and after[fence + 4:] == before[fence:]
    assert after[fence:fence + 4] == ["checkin:", "  value: 6.5", "  date: 2027-01-12",
                                      '  note: They thought "dashboards" came with it']
    assert run(repo, "check", "records/lower-hit.md")[0] == 0
    # A second check-in replaces the block; the export still wins for the result.
    assert run(repo, "checkin", "lower-hit", "--actual", "8", "--date", "2027-01-13")[0] == 0
    assert path.read_text().count("checkin:") == 1 and "  value: 8\n  date: 2027-01-13\n---" in path.read_text()
    assert results(repo)["results"][1]["actual"] == 6.0  # type: ignore[index]


@pytest.mark.parametrize(("args", "code", "message"), [
    (["Lower Hti", "--actual", "3"], 1, "records/lower-hti.md: no such record; did you mean `lower-hit`?\n"),
    (["Lower Hit", "--actual", "nan"], 2, "must be a finite number"),
    (["Lower Hit", "--actual", "1e300"], 1, "handoff: --actual must be a finite number of at most 1e+15 in size\n"),
    (["Lower Hit", "--actual", "three"], 2, "is not a valid float"),
    (["Lower Hit"], 2, "Missing option '--actual'"),
    (["Lower Hit", "--actual", "3", "--note", "TBD"], 1, "handoff: --note must be one line of real text"),
])
def test_checkin_refusals(repo: Path, args: list[str], code: int, message: str) -> None:
    before = (repo / "records/lower-hit.md").read_bytes()
    got, out, err = run(repo, "checkin", *args)
    assert got == code and out == "" and message in err and (code == 2 or err.count("\n") == 1)
    assert (repo / "records/lower-hit.md").read_bytes() == before


def test_an_unknown_key_in_the_checkin_block_gets_a_did_you_mean(repo: Path) -> None:
    path = repo / "records/lower-miss.md"
    path.write_text(path.read_text().replace("  value: 9\n", "  valeu: 9\n"))
    code, out, _ = run(repo, "check", "records/lower-miss.md")
    assert code == 1 and "unknown key `valeu` in `checkin`; did you mean `value`?" in out


def test_schema_and_prompt_know_the_checkin_block() -> None:
    from handoff.authoring.prompt import system_prompt
    from handoff.authoring.schema import record_schema

    schema = record_schema()
    assert "handoff checkin" in schema["properties"]["checkin"]["description"]
    block = schema["$defs"]["Checkin"]
    assert sorted(block["required"]) == ["date", "value"] and block["additionalProperties"] is False
    assert sorted(block["properties"]) == ["date", "note", "value"]
    assert "`checkin` (CS records the measured `value`" in system_prompt()
