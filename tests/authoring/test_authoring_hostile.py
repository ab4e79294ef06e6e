"""The authoring commands under hostile input: a file name too long, twenty racing `new`s,
comments inside the `review:` block, weeks and dates off the calendar."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from authoring_kit import CONTRACT_EXAMPLE, WON, check_one, invoke, make_repo, snapshot
from gitrepo import GitRepo
from handoff.authoring.atomic import WriteRefused
from handoff.authoring.new import create
from handoff.record.parse import parse_text


@pytest.fixture
def repo(git_repo: GitRepo, monkeypatch: pytest.MonkeyPatch) -> GitRepo:
    make_repo(git_repo)
    monkeypatch.chdir(git_repo.path)
    return git_repo


def test_new_refuses_an_account_whose_file_name_would_be_too_long(git_repo: GitRepo,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    name = "Acme " + "Logistics " * 40
    make_repo(git_repo, won=WON + f"{name},2026-11-18,64000,12,logistics,Dana Ruiz,Lee Park\n")
    monkeypatch.chdir(git_repo.path)
    before = snapshot(git_repo.path)
    code, out, err = invoke("new", name)
    assert (code, out) == (1, "")
    assert err == ("crm/closed-won.csv:5: account name too long for a file name: its slug has 404 characters, "
                   "at most 200; shorten it in the CRM\n")
    assert snapshot(git_repo.path) == before


def test_new_and_review_with_a_huge_unknown_name_refuse_in_one_short_line(repo: GitRepo) -> None:
    name = "x" * 100_000
    code, out, err = invoke("new", name)
    assert code == 1 and out == "" and err.count("\n") == 1 and len(err) < 300
    code, out, err = invoke("review", name, "accept", "--by", "Lee Park")
    assert (code, out) == (1, "")
    assert err == ("handoff: no record for an account name this long (its file name would be 100000 "
                   "characters, at most 200)\n")


def test_twenty_racing_news_write_once(repo: GitRepo) -> None:
    """Exclusive creation: of twenty writers racing for one new record, exactly one writes."""
    start = threading.Barrier(20)
    wrote: list[str] = []
    refused: list[str] = []

    def one() -> None:
        start.wait()
        try:
            create(repo.path, "Acme Logistics")
            wrote.append("wrote")
        except WriteRefused as e:
            refused.append(e.message)

    threads = [threading.Thread(target=one) for _ in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(wrote) == 1, f"{len(wrote)} writers reported writing the same new record"
    assert set(refused) == {"records/acme-logistics.md already exists; pass --force to overwrite it"}
    assert sorted(p.name for p in (repo.path / "records").iterdir()) == ["acme-logistics.md"]  # no temp left
    assert check_one(repo.path, "records/acme-logistics.md")[0] == "partial"


def test_new_refuses_an_existing_file_even_when_it_appears_after_the_check(repo: GitRepo) -> None:
    # The name is taken between the existence check and the write: the write itself must refuse.
    import handoff.authoring.atomic as atomic

    target = repo.path / "records" / "acme-logistics.md"
    real = atomic.check_writable

    def check_then_someone_writes(path: Path, shown: str, force: bool) -> None:
        real(path, shown, force)
        target.write_text("someone else's record\n")

    atomic.check_writable = check_then_someone_writes  # type: ignore[assignment]
    try:
        code, _, err = invoke("new", "Acme Logistics")
    finally:
        atomic.check_writable = real  # type: ignore[assignment]
    assert (code, err) == (1, "handoff: records/acme-logistics.md already exists; pass --force to overwrite it\n")
    assert target.read_text() == "someone else's record\n"


REVIEW_WITH_COMMENTS = """review:  # CS sets this in the pull request
  # waiting on legal before accepting
  status: pending
  by: Lee Park
  # the reason goes below when rejecting
"""


def test_review_keeps_comments_inside_the_review_block(repo: GitRepo) -> None:
    text = CONTRACT_EXAMPLE.replace("review:\n  status: accepted\n  by: Lee Park\n", REVIEW_WITH_COMMENTS)
    assert text != CONTRACT_EXAMPLE
    path = repo.write("records/contract-example.md", text)
    code, out, err = invoke("review", "contract-example", "reject", "--by", "Hannah Cole", "--reason", "field 5")
    assert (code, err) == (0, ""), err
    after = path.read_text()
    assert after == text.replace("  status: pending\n  by: Lee Park\n",
                                 "  status: rejected\n  by: Hannah Cole\n  reason: field 5\n")
    code, _, err = invoke("review", "contract-example", "accept", "--by", "Hannah Cole")
    assert (code, err) == (0, "")
    assert path.read_text() == text.replace("  status: pending\n  by: Lee Park\n",
                                            "  status: accepted\n  by: Hannah Cole\n")
    assert parse_text(path.read_text()).data["review"] == {"status": "accepted", "by": "Hannah Cole"}


def test_review_drops_a_multiline_old_reason_with_its_lines_but_keeps_comments(repo: GitRepo) -> None:
    block = ("review:\n  status: rejected\n  by: Lee Park\n  reason: >\n    field 5 is empty\n"
             "    # inside the folded reason, not a comment\n  # kept\n")
    text = CONTRACT_EXAMPLE.replace("review:\n  status: accepted\n  by: Lee Park\n", block)
    path = repo.write("records/contract-example.md", text)
    assert invoke("review", "contract-example", "accept", "--by", "Lee Park")[0] == 0
    assert path.read_text() == text.replace(block, "review:\n  status: accepted\n  by: Lee Park\n  # kept\n")


@pytest.mark.parametrize(("week", "message"), [
    ("0001-W01", "handoff: --week 0001-W01 is off the calendar handoff works in: give a week whose Sunday falls "
                 "from 1900-01-01 to 9899-12-31\n"),
    ("9999-W51", "handoff: --week 9999-W51 is off the calendar handoff works in: give a week whose Sunday falls "
                 "from 1900-01-01 to 9899-12-31\n"),
])
def test_cohort_refuses_a_week_off_the_calendar_in_one_line(repo: GitRepo, week: str, message: str) -> None:
    before = snapshot(repo.path)
    assert invoke("cohort", "--week", week) == (1, "", message)
    assert snapshot(repo.path) == before


def test_cohort_refuses_a_segment_whose_file_name_would_be_too_long(git_repo: GitRepo,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    segment = "Seg" * 120
    make_repo(git_repo, lost=f"account,closed,arr,segment,rep,reason,competitor\nA,2026-11-10,100,{segment},R,Price,\n")
    monkeypatch.chdir(git_repo.path)
    before = snapshot(git_repo.path)
    code, out, err = invoke("cohort", "--week", "2026-W47")
    assert (code, out) == (1, "")
    assert err == ("handoff: cohorts/2026-W47-segsegsegsegsegsegsegsegsegsegsegsegsegseg…: file name too long "
                   "(369 bytes before `.md`, at most 200); shorten the name it comes from\n")
    assert snapshot(git_repo.path) == before


@pytest.mark.parametrize(("args", "message"), [
    (["--by", "L" * 201], "handoff: --by must be a name on one line of at most 200 characters\n"),
    (["--by", "Lee\nPark"], "handoff: --by must be a name on one line of at most 200 characters\n"),
    (["--by", "Lee Park", "--reason", "r" * 2001], "handoff: --reason is 2001 characters; keep it to 2000\n"),
])
def test_review_bounds_the_reviewer_name_and_the_reason(repo: GitRepo, args: list[str], message: str) -> None:
    repo.write("records/contract-example.md", CONTRACT_EXAMPLE)
    before = snapshot(repo.path)
    assert invoke("review", "contract-example", "reject", *args, *([] if "--reason" in args else ["--reason", "x"])) \
        == (1, "", message)
    assert snapshot(repo.path) == before


@pytest.mark.parametrize(("segment", "shown"), [("x" * 100_000, "x" * 79 + "…"), ("a\nb", "a\\nb")])
def test_an_unknown_segment_is_named_in_one_short_line(repo: GitRepo, segment: str, shown: str) -> None:
    assert invoke("cohort", "--week", "2026-W47", "--segment", segment) == (
        1, "", f"crm/closed-lost.csv: no lost deals in segment `{shown}`\n")


def test_an_unknown_account_is_named_in_one_line(repo: GitRepo) -> None:
    code, out, err = invoke("new", "Acme\nLogistics Ltd")
    assert (code, out) == (1, "") and err.count("\n") == 1 and "`Acme\\nLogistics Ltd`" in err
