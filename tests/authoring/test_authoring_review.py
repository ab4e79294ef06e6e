"""`handoff review`: only the review block changes (git diff proves it); refusals touch nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from authoring_kit import CONTRACT_EXAMPLE, EXAMPLES, check_one, invoke, make_repo, snapshot
from gitrepo import GitRepo
from handoff.record.parse import parse_text

DATE = "2026-11-20T10:00:00+00:00"
COHORT = (EXAMPLES / "cohorts" / "positive" / "2026-W46-logistics.md").read_text(encoding="utf-8")
# Comments, an unusual key order, a quoted key, flow style and CRLF: all must survive byte for byte.
ODD = (
    "---\r\n"
    "# Written on the call; CS reviews in the PR.\r\n"
    "rep: Dana Ruiz\r\n"
    "account: Contract Example   # the customer\r\n"
    "review:\r\n"
    "    status: pending   # set by CS\r\n"
    "    by: 'Lee'\r\n"
    "\r\n"
    "# 5. risk flags\r\n"
    "risk_flags: [Budget approved only for year one]\r\n"
    '"closed": 2026-11-18\r\n'
    "arr: 64000\r\n"
    "term_months: 12\r\n"
    "segment: logistics\r\n"
    "---\r\n"
    "\r\n"
    "Notes.\r\n"
    "AI-assist note: drafted by DealDesk Assistant, reviewed by Dana Ruiz.\r\n"
)


@pytest.fixture
def repo(git_repo: GitRepo, monkeypatch: pytest.MonkeyPatch) -> GitRepo:
    make_repo(git_repo)
    git_repo.write("records/contract-example.md", ODD)
    git_repo.commit("record", DATE)
    monkeypatch.chdir(git_repo.path)
    return git_repo


def _changed_lines(repo: GitRepo) -> list[str]:
    diff = repo.git("diff", "-U0", "--no-color", "--", "records/")
    return [ln for ln in diff.splitlines() if ln.startswith(("+", "-")) and not ln.startswith(("+++", "---"))]


def test_reject_changes_only_the_review_lines_and_keeps_crlf(repo: GitRepo) -> None:
    code, out, err = invoke("review", "Contract Example", "reject", "--by", "Lee Park",
                            "--reason", 'Field 5: "risk" #1 is vague')
    assert (code, err) == (0, "")
    assert out == "records/contract-example.md: review rejected by Lee Park\n"
    assert _changed_lines(repo) == [
        "-    status: pending   # set by CS", "-    by: 'Lee'",
        "+    status: rejected", "+    by: Lee Park", '+    reason: "Field 5: \\"risk\\" #1 is vague"',
    ]
    raw = (repo.path / "records/contract-example.md").read_bytes()
    assert raw == ODD.encode().replace(
        b"    status: pending   # set by CS\r\n    by: 'Lee'\r\n",
        b'    status: rejected\r\n    by: Lee Park\r\n    reason: "Field 5: \\"risk\\" #1 is vague"\r\n')
    data = parse_text(raw.decode()).data
    assert data["review"] == {"status": "rejected", "by": "Lee Park", "reason": 'Field 5: "risk" #1 is vague'}


def test_a_record_without_review_gets_the_block_before_the_closing_fence(repo: GitRepo) -> None:
    repo.write("records/contract-example.md", CONTRACT_EXAMPLE.replace("review:\n  status: accepted\n  by: Lee Park\n",
                                                                       ""))
    repo.write("cohorts/2026-W46-logistics.md", COHORT)
    repo.commit("no review yet", DATE)
    assert invoke("review", "contract-example", "accept", "--by", "Kim Lee")[0] == 0
    assert _changed_lines(repo) == ["+review:", "+  status: accepted", "+  by: Kim Lee"]
    assert check_one(repo.path, "records/contract-example.md") == ("complete", (), [])


def test_accept_drops_an_old_reason_and_a_repeat_changes_nothing(repo: GitRepo) -> None:
    invoke("review", "contract example", "reject", "--by", "Lee Park", "--reason", "Name the skeptic")
    assert invoke("review", "contract example", "accept", "--by", "Lee Park")[0] == 0
    text = (repo.path / "records/contract-example.md").read_bytes()
    assert b"    status: accepted\r\n    by: Lee Park\r\n\r\n# 5. risk flags" in text
    before = snapshot(repo.path)
    assert invoke("review", "contract example", "accept", "--by", "Lee Park") == (
        0, "records/contract-example.md: review accepted by Lee Park (already so)\n", "")
    assert snapshot(repo.path) == before


def test_reject_without_a_reason_is_refused(repo: GitRepo) -> None:
    before = snapshot(repo.path)
    assert invoke("review", "Contract Example", "reject", "--by", "Lee Park") == (
        1, "", 'handoff: reject needs --reason: say what the rep must fix, e.g. --reason "field 5 is empty"\n')
    assert invoke("review", "Contract Example", "reject", "--by", "Lee Park", "--reason", "  TBD ")[0] == 1
    assert invoke("review", "Contract Example", "accept", "--by", "[NAME]") == (
        1, "", "handoff: --by must name the CS person who reviewed the record\n")
    assert snapshot(repo.path) == before


def test_a_record_that_does_not_parse_is_refused_and_untouched(repo: GitRepo) -> None:
    repo.write("records/broken.md", "---\naccount: Broken\nrisk_flags: [\n---\n")
    before = snapshot(repo.path)
    code, out, err = invoke("review", "Broken", "accept", "--by", "Lee Park")
    assert (code, out) == (1, "")
    assert err.startswith("records/broken.md:4: YAML syntax: ")
    assert err.endswith(" (not changed: fix the file, then review it)\n") and err.count("\n") == 1
    assert snapshot(repo.path) == before


def test_an_unknown_record_gets_a_did_you_mean(repo: GitRepo) -> None:
    assert invoke("review", "Contract Exampel", "accept", "--by", "Lee") == (
        1, "", "records/contract-exampel.md: no such record; did you mean `contract-example`?\n")


def test_flow_style_front_matter_is_refused_rather_than_rewritten(repo: GitRepo) -> None:
    repo.write("records/flow.md", "---\n{account: Flow, rep: Dana}\n---\n")
    before = snapshot(repo.path)
    assert invoke("review", "flow", "accept", "--by", "Lee") == (
        1, "", "records/flow.md: front matter is not plain `key: value` lines; set `review:` by hand\n")
    assert snapshot(repo.path) == before


def test_a_flow_style_review_block_is_replaced_whole(repo: GitRepo) -> None:
    text = CONTRACT_EXAMPLE.replace("review:\n  status: accepted\n  by: Lee Park\n",
                                    "review: {status: pending,\n  by: Lee}\n")
    repo.write("records/contract-example.md", text)
    repo.commit("flow review", DATE)
    assert invoke("review", "contract-example", "reject", "--by", "Lee", "--reason", "Fix 5")[0] == 0
    assert _changed_lines(repo) == ["-review: {status: pending,", "-  by: Lee}",
                                    "+review:", "+  status: rejected", "+  by: Lee", "+  reason: Fix 5"]


def test_a_file_that_is_not_a_file_is_refused(repo: GitRepo) -> None:
    (repo.path / "records/folder.md").mkdir()
    assert invoke("review", "folder", "accept", "--by", "Lee") == (
        1, "", "records/folder.md:1: is not a regular file (not changed: fix the file, then review it)\n")


def test_review_needs_a_decision_and_by(repo: GitRepo) -> None:
    assert invoke("review", "Contract Example", "approve", "--by", "Lee")[0] == 2
    assert invoke("review", "Contract Example", "accept")[0] == 2


def test_rejections_are_counted_by_the_digest(repo: GitRepo) -> None:
    pytest.importorskip("handoff.cli.digest")
    repo.write("crm/closed-won.csv", "account,closed,arr,term_months,segment,rep,cs_owner\n"
                                     "Contract Example,2026-11-18,64000,12,logistics,Dana Ruiz,Lee Park\n")
    repo.commit("crm", DATE)
    invoke("review", "Contract Example", "reject", "--by", "Lee Park", "--reason", "Name the skeptic")
    repo.commit("CS rejects", "2026-11-21T10:00:00+00:00")
    code, out, _ = invoke("digest", "--date", "2026-11-23", "--format", "json")
    assert code == 0
    import json

    assert json.loads(out)["top_rejecter"] == {"cs": "Lee Park", "count": 1}


def test_line_numbers_of_the_parsed_file_are_what_the_edit_uses(tmp_path: Path) -> None:
    # A key that only looks like `review:` inside a block scalar must not be taken for the block.
    from handoff.authoring.review import replace_block

    text = "---\naccount: A\nnotes: |\n  review:\n    status: x\nrep: B\n---\n"
    doc = parse_text(text)
    new = replace_block(text, doc, {"status": "accepted", "by": "Lee"}, "records/a.md")
    assert new == "---\naccount: A\nnotes: |\n  review:\n    status: x\nrep: B\nreview:\n  status: accepted\n" \
                  "  by: Lee\n---\n"
