"""The digest reads the tree as of D: later commits, the working tree, the index, the
folder it runs from, time zones, merges and shallow clones; and its refusals."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_digest import COHORT, SEED_PLAN, digest, record, seed_repo, won

from gitrepo import GitRepo
from handoff.cli.main import cli

D = "2026-11-23"


def figures(repo: GitRepo, *args: str) -> dict[str, object]:
    code, out, err = digest(repo, "--date", D, "--format", "json", *args)
    assert (code, err) == (0, ""), err
    data: dict[str, object] = json.loads(out)
    return data


def small_repo(repo: GitRepo) -> GitRepo:
    repo.write("crm/closed-won.csv", won(*SEED_PLAN[:2]))
    repo.write("cohorts/2026-W46-logistics.md", COHORT)
    repo.write("records/acme-logistics.md", record(*SEED_PLAN[0], blank=(5,)))
    repo.commit("Plan and Acme draft", "2026-11-20T10:00:00+00:00")
    return repo


def test_later_commits_the_working_tree_and_the_index_change_nothing(tmp_path: Path) -> None:
    full = seed_repo(GitRepo(tmp_path / "full"))
    before = {fmt: digest(full, "--date", D, "--format", fmt) for fmt in ("text", "markdown", "json")}
    # The later commits do change the next day's figures, so they are seen when they count.
    assert json.loads(digest(full, "--date", "2026-11-24", "--format", "json")[1])["missing"] == 2
    full.write("records/kestrel-freight.md", record(*SEED_PLAN[10]))  # untracked
    full.write("records/iris-analytics.md", record(*SEED_PLAN[8]))  # modified, staged
    full.git("add", "records/iris-analytics.md")
    full.remove("records/acme-logistics.md")  # deleted in the working tree
    full.write("crm/closed-won.csv", won(*SEED_PLAN[:3]))
    full.write("handoff.toml", 'currency = "EUR"\nhigh_arr = 10\ndays = 30\n')
    after = {fmt: digest(full, "--date", D, "--format", fmt) for fmt in ("text", "markdown", "json")}
    assert after == before


def test_same_answer_from_any_folder_of_the_repo(tmp_path: Path) -> None:
    repo = small_repo(GitRepo(tmp_path / "repo"))
    top = digest(repo, "--date", D)
    old = Path.cwd()
    os.chdir(repo.path / "records")
    try:
        inner = CliRunner().invoke(cli, ["digest", "--date", D], catch_exceptions=False)
    finally:
        os.chdir(old)
    assert top[0] == inner.exit_code == 0 and inner.stdout == top[1] and "1 partial" in top[1]


@pytest.mark.parametrize(("date", "counted"), [
    ("2026-11-23T23:59:00-08:00", True),  # 07:59 UTC on the 24th, but the 23rd for its committer
    ("2026-11-24T00:01:00+09:00", False),  # 15:01 UTC on the 23rd, but the 24th for its committer
    ("2026-11-23T00:00:00+14:00", True),
    ("2026-11-24T00:00:00-12:00", False),
])
def test_end_of_day_is_in_the_committers_time_zone(tmp_path: Path, date: str, counted: bool) -> None:
    repo = small_repo(GitRepo(tmp_path / "repo"))
    repo.write("records/birch-dental.md", record(*SEED_PLAN[1]))
    repo.commit("Birch record", date)
    assert figures(repo)["present"] == (2 if counted else 1)


def test_position_on_the_line_wins_over_a_later_clock(tmp_path: Path) -> None:
    """A commit whose clock says the 25th, followed on main by one dated the 22nd: as of the
    23rd the digest takes the newer commit on the line, the one dated the 22nd."""
    repo = small_repo(GitRepo(tmp_path / "repo"))
    repo.write("records/birch-dental.md", record(*SEED_PLAN[1], blank=(7,)))
    repo.commit("Birch draft from a skewed clock", "2026-11-25T10:00:00+00:00")
    repo.write("records/birch-dental.md", record(*SEED_PLAN[1]))
    repo.commit("Birch completed", "2026-11-22T10:00:00+00:00")
    d = figures(repo)
    assert (d["present"], d["complete"]) == (2, 1)


def test_merges_count_on_the_first_parent_line_at_the_merge_date(tmp_path: Path) -> None:
    repo = small_repo(GitRepo(tmp_path / "repo"))
    repo.git("checkout", "-q", "-b", "feature")
    repo.write("records/birch-dental.md", record(*SEED_PLAN[1], review=("rejected", "Lee Park")))
    repo.commit("Birch record, rejected in review", "2026-11-21T10:00:00+00:00")
    repo.git("checkout", "-q", "main")
    repo.write("records/acme-logistics.md", record(*SEED_PLAN[0]))
    repo.commit("Acme completed on main", "2026-11-22T10:00:00+00:00")
    repo.git("merge", "-q", "--no-ff", "feature", "-m", "Merge pull request #2 from feature",
             date="2026-11-24T10:00:00+00:00")
    d = figures(repo)
    assert (d["present"], d["complete"], d["top_rejecter"]) == (1, 1, None)
    later = figures(repo, "--date", "2026-11-24", "--days", "8")
    assert later["present"] == 2 and later["top_rejecter"] == {"cs": "Lee Park", "count": 1}
    assert later["rejections"][0]["commit"] == repo.git("rev-parse", "HEAD").strip()  # the merge commit


def test_a_shallow_clone_is_refused_with_the_fix(tmp_path: Path) -> None:
    source = small_repo(GitRepo(tmp_path / "source"))
    source.write("records/birch-dental.md", record(*SEED_PLAN[1]))
    source.commit("Birch", "2026-11-22T10:00:00+00:00")
    shallow = GitRepo(tmp_path / "shallow")
    shallow.git("fetch", "-q", "--depth", "1", f"file://{source.path}", "main")
    shallow.git("reset", "-q", "--hard", "FETCH_HEAD")
    code, out, err = digest(shallow, "--date", D)
    assert (code, out) == (1, "")
    assert "shallow clone" in err and "git fetch --unshallow" in err and "fetch-depth: 0" in err
    assert err.count("\n") == 1
    shallow.git("fetch", "-q", "--unshallow", f"file://{source.path}", "main")
    assert digest(shallow, "--date", D)[0] == 0


def _refusal(repo: GitRepo, *args: str) -> str:
    code, out, err = digest(repo, *args)
    assert (code, out) == (1, "") and err.count("\n") == 1, (code, out, err)
    return err


def test_refusals_are_one_line(tmp_path: Path) -> None:
    plain = tmp_path / "plain"
    (plain / "records").mkdir(parents=True)
    old = Path.cwd()
    os.chdir(plain)
    try:
        result = CliRunner().invoke(cli, ["digest", "--date", D], catch_exceptions=False)
    finally:
        os.chdir(old)
    assert result.exit_code == 1 and "is not in a git repository" in result.stderr
    empty = GitRepo(tmp_path / "empty")
    assert _refusal(empty, "--date", D) == "handoff: no commit yet on this branch; commit the records and " \
                                           "crm/closed-won.csv first\n"
    repo = GitRepo(tmp_path / "repo")
    repo.write("records/acme-logistics.md", record(*SEED_PLAN[0]))
    sha = repo.commit("A record, no CRM export yet", "2026-11-20T10:00:00+00:00")
    assert _refusal(repo, "--date", "2026-11-19") == \
        "handoff: no commit on or before 2026-11-19 (the first is of 2026-11-20)\n"
    assert _refusal(repo, "--date", D) == (f"handoff: no crm/closed-won.csv as of commit {sha[:8]} of 2026-11-20; "
                                           "commit the CRM export of closed-won deals first\n")
    repo.write("crm/closed-won.csv", won(*SEED_PLAN[:2]) + "Bad Row,2026-13-01,100,12,logistics,X,Y\n")
    sha = repo.commit("A broken export", "2026-11-21T10:00:00+00:00")
    assert _refusal(repo, "--date", D) == (f"crm/closed-won.csv:4: `closed` must be a date YYYY-MM-DD, found "
                                           f"'2026-13-01' (as of commit {sha[:8]} of 2026-11-21)\n")
    repo.write("crm/closed-won.csv", won(*SEED_PLAN[:2]))
    repo.write("handoff.toml", "currency = 5\n")
    sha = repo.commit("Fixed export, broken settings", "2026-11-22T10:00:00+00:00")
    assert _refusal(repo, "--date", D) == \
        f"handoff.toml:1: `currency` has the wrong type (as of commit {sha[:8]} of 2026-11-22)\n"


@pytest.mark.parametrize("bad", ["2026-02-30", "23/11/2026", "2026-11-2", "tomorrow"])
def test_an_invalid_date_is_a_usage_error(tmp_path: Path, bad: str) -> None:
    code, out, err = digest(small_repo(GitRepo(tmp_path / "repo")), "--date", bad)
    assert code == 2 and out == "" and f"'{bad}' is not a date YYYY-MM-DD" in err


def test_a_malformed_record_is_present_partial_and_named(tmp_path: Path) -> None:
    repo = small_repo(GitRepo(tmp_path / "repo"))
    repo.write("records/birch-dental.md", "---\naccount: Birch Dental\nclosed: [unclosed\n---\n")
    repo.commit("A broken record", "2026-11-21T10:00:00+00:00")
    d = figures(repo)
    assert (d["present"], d["partial"], d["missing"]) == (2, 2, 0)
    (bad,) = d["malformed_accounts"]
    assert bad["account"] == "Birch Dental" and bad["problem"].startswith("records/birch-dental.md:4: yaml-syntax ")
    text = digest(repo, "--date", D)[1]
    assert "Fact: 2 records present, 0 missing -> 0 complete, 2 partial" in text
    assert "- Birch Dental (rep Sofia Lindqvist, $22,000 ARR): malformed, records/birch-dental.md:4: yaml-syntax " \
        "YAML syntax: " in text


def test_settings_come_from_the_tree_as_of_d_and_options_override(tmp_path: Path) -> None:
    repo = small_repo(GitRepo(tmp_path / "repo"))
    repo.write("handoff.toml", 'currency = "EUR"\nhigh_arr = 60000\ndays = 3\n')
    repo.commit("Settings", "2026-11-21T10:00:00+00:00")
    d = figures(repo)
    assert (d["days"], d["window_start"], d["high_arr"], d["planned"]) == (3, "2026-11-21", 60000, 0)
    d = figures(repo, "--days", "7", "--high-arr", "1000")
    assert (d["planned"], d["partial_high_arr"], d["currency"]) == (2, 1, "EUR")
    assert "64,000 EUR ARR" in digest(repo, "--date", D, "--days", "7")[1]
    assert digest(repo, "--date", D, "--days", "0")[0] == 2
    assert digest(repo, "--date", D, "--high-arr", "50K")[0] == 2


def test_markdown_escapes_names_from_the_crm(tmp_path: Path) -> None:
    repo = GitRepo(tmp_path / "repo")
    repo.write("crm/closed-won.csv", won(("<b>Evil</b> | *Co*", "2026-11-20", 1, "Rep_One")))
    repo.commit("Plan", "2026-11-20T10:00:00+00:00")
    out = digest(repo, "--date", D, "--format", "markdown")[1]
    assert "(&lt;b&gt;Evil&lt;/b&gt; \\| \\*Co\\*)" in out and "Rep\\_One" in out and "<b>" not in out


def test_a_record_removed_and_restored_is_no_new_rejection(tmp_path: Path) -> None:
    """Issue 10: Birch is rejected on the 21st, removed on the 22nd and restored as it was on the
    23rd; the 7 days to the 23rd hold one rejection (the 21st), not two."""
    repo = small_repo(GitRepo(tmp_path / "repo"))
    rejected = record(*SEED_PLAN[1], review=("rejected", "Lee Park"))
    repo.write("records/birch-dental.md", rejected)
    repo.commit("Birch rejected", "2026-11-21T10:00:00+00:00")
    repo.remove("records/birch-dental.md")
    repo.commit("Birch removed", "2026-11-22T10:00:00+00:00")
    repo.write("records/birch-dental.md", rejected)
    repo.commit("Birch restored", "2026-11-23T10:00:00+00:00")
    d = figures(repo)
    assert d["top_rejecter"] == {"cs": "Lee Park", "count": 1}
    rejections = d["rejections"]
    assert isinstance(rejections, list) and [r["date"] for r in rejections] == ["2026-11-21"]


def test_missing_accounts_carry_the_time_standard(tmp_path: Path) -> None:
    """Birch Dental closed 2026-11-18 and has no record on the 23rd: 5 days, past the default 2;
    with `sla_days = 5` in handoff.toml it is not past (5 is not more than 5)."""
    repo = small_repo(GitRepo(tmp_path / "repo"))
    d = figures(repo)
    assert d["missing_details"] == [{"account": "Birch Dental", "slug": "birch-dental", "rep": "Sofia Lindqvist",
                                     "arr": 22000, "closed": "2026-11-18", "days_since_close": 5, "past_sla": True}]
    text = digest(repo, "--date", D)[1]
    assert ("     - Birch Dental (rep Sofia Lindqvist, $22,000 ARR, closed 2026-11-18, 5 days ago) no record "
            "[past the time standard]\n") in text
    assert "| Birch Dental | Sofia Lindqvist | $22,000 | 2026-11-18 | **5, past the standard** |" in digest(
        repo, "--date", D, "--format", "markdown")[1]
    repo.write("handoff.toml", "sla_days = 5\n")
    repo.commit("a five-day standard", "2026-11-21T10:00:00+00:00")
    d = figures(repo)
    assert d["sla_days"] == 5 and d["missing_details"][0]["past_sla"] is False  # type: ignore[index]
