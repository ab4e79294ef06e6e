"""The site under hostile input: a record whose default due date leaves the calendar does not
take the build down (its page lists its findings), and the plugin's `date`/`days`/`high_arr`
options are bounded like the command line's."""

from __future__ import annotations

import datetime as dt
import math

import pytest
from mkdocs.config.base import ValidationError

from gitrepo import GitRepo
from handoff.site.options import AtLeast, IsoDate
from site_kit import COHORT, DATED_YML, MKDOCS_YML, WON, build, record

DATE = "2026-11-20T10:00:00+00:00"


def test_a_record_closed_on_9999_12_31_does_not_take_the_site_down(git_repo: GitRepo) -> None:
    git_repo.write("mkdocs.yml", DATED_YML)
    git_repo.write("docs/.gitkeep", "")
    git_repo.write("crm/closed-won.csv", WON)
    git_repo.write("cohorts/2026-W46-logistics.md", COHORT)
    git_repo.write("records/acme-logistics.md", record("Acme Logistics", due="2026-11-30"))
    git_repo.write("records/beta-freight.md",
                   record("Beta Freight", closed="9999-12-31").replace("  due: 2027-01-17\n", ""))
    git_repo.commit("records", DATE)
    done = build(git_repo.path)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    assert "records/beta-freight.md:3: date-range" in done.stderr
    beta = (git_repo.path / "site" / "accounts" / "beta-freight" / "index.html").read_text()
    assert "This record is malformed" in beta and "date-range" in beta
    gap = (git_repo.path / "site" / "gap" / "index.html").read_text()
    assert "Acme Logistics" in gap  # the rest of the site is built as usual


@pytest.mark.parametrize("option", ["date: 9999-12-31", "date: 0001-01-01", "days: 100000000", "days: 0",
                                    "high_arr: .nan", "high_arr: .inf", "high_arr: -1"])
def test_plugin_options_out_of_range_are_one_config_error(git_repo: GitRepo, option: str) -> None:
    git_repo.write("mkdocs.yml", MKDOCS_YML.replace("plugins: [search, handoff]",
                                                    f"plugins:\n  - search\n  - handoff:\n      {option}"))
    git_repo.write("docs/.gitkeep", "")
    done = build(git_repo.path)
    assert done.returncode == 1
    assert f"Plugin 'handoff' option '{option.split(':')[0]}'" in done.stderr, done.stderr
    assert "Traceback" not in done.stderr


def test_option_types_bound_dates_and_numbers() -> None:
    date = IsoDate()
    assert date.validate("9899-12-31") == dt.date(9899, 12, 31)
    for bad in ("9999-12-31", dt.date(1, 1, 1), "1899-12-31"):
        with pytest.raises(ValidationError, match="from 1900-01-01 to 9899-12-31"):
            date.validate(bad)
    days = AtLeast(1, integer=True, high=3660)
    assert days.validate(3660) == 3660
    for bad_days in (3661, 10**12):
        with pytest.raises(ValidationError):
            days.validate(bad_days)
    for bad_amount in (math.nan, math.inf, -0.5):
        with pytest.raises(ValidationError):
            AtLeast(0, integer=False).validate(bad_amount)
