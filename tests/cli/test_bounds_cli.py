"""Every number and date bounded at the edge: out-of-range options are usage errors (exit 2),
bad settings are `config` findings of `check` and one-line refusals elsewhere, and a record
whose derived dates leave the calendar is a `check` error that `checkins` works around."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from gitrepo import GitRepo
from handoff.cli.main import cli
from handoff.repo.config import ConfigError, parse_settings
from site_kit import COHORT, WON, record

DATE = "2026-11-20T10:00:00+00:00"
CALENDAR = "from 1900-01-01 to 9899-12-31"


def run(*args: str) -> tuple[int, str, str]:
    done = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return done.exit_code, done.stdout, done.stderr


@pytest.fixture
def repo(git_repo: GitRepo, monkeypatch: pytest.MonkeyPatch) -> GitRepo:
    git_repo.write("crm/closed-won.csv", WON)
    git_repo.write("cohorts/2026-W46-logistics.md", COHORT)
    git_repo.write("records/acme-logistics.md", record("Acme Logistics", due="2026-12-01"))
    git_repo.commit("plan", DATE)
    monkeypatch.chdir(git_repo.path)
    return git_repo


@pytest.mark.parametrize(("args", "message"), [
    (["digest", "--days", "1000000"], "Invalid value for '--days': 1000000 is not in the range 1<=x<=3660."),
    (["digest", "--days", "0"], "Invalid value for '--days': 0 is not in the range 1<=x<=3660."),
    (["digest", "--high-arr", "nan"], "Invalid value for '--high-arr': nan is not an amount from 0 to "
                                      "1,000,000,000,000,000"),
    (["digest", "--high-arr", "inf"], "Invalid value for '--high-arr': inf is not an amount"),
    (["digest", "--high-arr", "-1"], "Invalid value for '--high-arr': -1.0 is not an amount"),
    (["digest", "--date", "9999-12-31"], f"Invalid value for '--date': 9999-12-31 is off the calendar handoff "
                                         f"works in: give a date {CALENDAR}"),
    (["digest", "--date", "0001-01-01"], "Invalid value for '--date': 0001-01-01 is off the calendar"),
    (["checkins", "--within", "99999999999"], "Invalid value for '--within': 99999999999 is not in the range "
                                              "1<=x<=3660."),
    (["checkins", "--date", "9999-12-31"], "Invalid value for '--date': 9999-12-31 is off the calendar"),
    (["checkins", "--date", "9899-12-31", "--within", "3660"], None),
    (["pages", "--high-arr", "nan"], "Invalid value for '--high-arr': nan is not an amount"),
    (["pages", "--days", "0"], "Invalid value for '--days': 0 is not in the range 1<=x<=3660."),
])
def test_out_of_range_options_are_usage_errors(repo: GitRepo, args: list[str], message: str | None) -> None:
    code, out, err = run(*args)
    if message is None:
        assert code == 0, err
        return
    assert code == 2 and out == "" and message in err, err
    assert "Traceback" not in err


@pytest.mark.parametrize(("toml", "message"), [
    ("days = 1000000\n", "handoff.toml:1: config `days` must be a number from 1 to 3,660, not 1000000"),
    ('currency = "EUR"\nhigh_arr = nan\n', "handoff.toml:2: config `high_arr` must be a number from 0 to "
                                           "1,000,000,000,000,000, not nan"),
    ("high_arr = inf\n", "handoff.toml:1: config `high_arr` must be a number from 0 to 1,000,000,000,000,000, "
                         "not inf"),
    ("high_arr = -5\n", "handoff.toml:1: config `high_arr` must be a number from 0 to 1,000,000,000,000,000, not -5"),
    ("checkin_days = 99999999999\n", "handoff.toml:1: config `checkin_days` must be a number from 1 to 3,660, "
                                     "not 99999999999"),
    ("max_file_bytes = 10\n", "handoff.toml:1: config `max_file_bytes` must be a number from 1,024 to 67,108,864, "
                              "not 10"),
])
def test_a_setting_out_of_range_is_a_config_finding_and_a_refusal_elsewhere(
    repo: GitRepo, toml: str, message: str
) -> None:
    repo.write("handoff.toml", toml)
    code, out, _ = run("check")
    assert code == 1 and out.splitlines()[0] == message
    code, out, err = run("checkins", "--date", "2026-11-20")
    assert (code, out, err) == (1, "", message.replace(" config ", " ") + "\n")
    repo.commit("settings", DATE)
    code, out, err = run("digest", "--date", "2026-11-20")
    assert code == 1 and out == "" and err.count("\n") == 1 and "handoff.toml" in err, err


def test_the_max_file_bytes_message_names_its_floor() -> None:
    with pytest.raises(ConfigError) as e:
        parse_settings(b"max_file_bytes = 100\n")
    assert "1,024" in e.value.message and "positive" not in e.value.message


def test_a_closed_date_whose_due_date_leaves_the_calendar_is_a_check_error(repo: GitRepo) -> None:
    text = record("Beta Freight", closed="9999-12-31").replace("  due: 2027-01-17\n", "")
    repo.write("records/beta-freight.md", text)
    code, out, _ = run("check", "records/beta-freight.md")
    assert code == 1
    assert out.splitlines()[0] == (f"records/beta-freight.md:3: date-range `closed` 9999-12-31 is off the calendar "
                                   f"handoff works in: write a date {CALENDAR}")
    # checkins works around it: the valid record is still listed, the invalid one left out
    code, out, err = run("checkins", "--date", "2026-11-20", "--format", "json")
    assert (code, err) == (0, "")
    assert [c["account"] for c in json.loads(out)["checkins"]] == ["Acme Logistics"]
    # the digest too
    repo.commit("beta", DATE)
    code, out, err = run("digest", "--date", "2026-11-20", "--format", "json")
    assert code == 0, err
    assert json.loads(out)["planned"] >= 1


def test_a_due_date_off_the_calendar_is_a_check_error(repo: GitRepo) -> None:
    repo.write("records/beta-freight.md", record("Beta Freight", due="9999-12-31"))
    code, out, _ = run("check", "records/beta-freight.md")
    assert code == 1 and "date-range `success_metric.due` 9999-12-31 is off the calendar" in out


def test_a_cohort_week_off_the_calendar_is_a_check_error(repo: GitRepo) -> None:
    repo.write("cohorts/0001-W01-logistics.md", COHORT.replace("2026-W46", "0001-W01"))
    code, out, _ = run("check", "cohorts/0001-W01-logistics.md")
    assert code == 1
    assert out.splitlines()[0] == ("cohorts/0001-W01-logistics.md:3: date-range `week` 0001-W01 is off the calendar "
                                   f"handoff works in: its Sunday must fall {CALENDAR}")


def test_digest_json_stays_valid_json(repo: GitRepo) -> None:
    code, out, _ = run("digest", "--date", "2026-11-20", "--high-arr", "1e15", "--format", "json")
    assert code == 0
    assert json.loads(out, parse_constant=lambda c: pytest.fail(f"non-JSON constant {c}"))["high_arr"] == 1e15


@pytest.mark.parametrize("currency", ['"$\\n<script>x</script>"', '""', '"a very long currency"', '" EUR"'])
def test_a_currency_that_would_break_one_line_output_is_a_config_finding(repo: GitRepo, currency: str) -> None:
    repo.write("handoff.toml", f"days = 7\ncurrency = {currency}\n")
    code, out, _ = run("check")
    assert code == 1
    assert out.splitlines()[0] == ("handoff.toml:2: config `currency` must be a symbol or code of 1 to 8 characters "
                                   "on one line (`$`, `€`, `EUR`), without markup")


def test_check_hook_mode_checks_nothing_when_the_commit_touches_no_record(repo: GitRepo) -> None:
    repo.write("records/beta-freight.md", "broken\n")  # not part of any commit: the hook leaves it alone
    assert run("check", "--hook") == (0, "", "")
    code, out, _ = run("check", "--hook", "records/acme-logistics.md")  # only what the commit touches
    assert (code, out.splitlines()[-1]) == (0, "checked 1 record (1 complete, 0 partial) and 0 cohorts: 0 invalid, "
                                               "0 errors, 0 warnings")
    code, out, _ = run("check", "--hook", "handoff.toml")  # settings changed: the whole repo
    assert code == 1 and "records/beta-freight.md:1: no-front-matter" in out
    repo.git("rm", "-q", "--cached", "cohorts/2026-W46-logistics.md")
    (repo.path / "cohorts" / "2026-W46-logistics.md").unlink()
    code, out, _ = run("check", "--hook")  # a deleted cohort: the whole repo
    assert code == 1 and "records/acme-logistics.md" in out and "cohort-not-found" in out


def test_a_file_named_twice_is_checked_and_counted_once(repo: GitRepo) -> None:
    repo.write("records/beta-freight.md", "broken\n")
    code, out, _ = run("check", "records/beta-freight.md", "./records/beta-freight.md", "records",
                       "cohorts/../records/beta-freight.md")
    assert code == 1
    assert out.count("records/beta-freight.md:1: no-front-matter") == 1
    assert out.splitlines()[-1].startswith("checked 2 records (")
