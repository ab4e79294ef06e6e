"""`handoff diff` on real git histories: golden text, markdown and JSON, renames included."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from gitrepo import GitRepo
from handoff.cli.main import cli

HERE = Path(__file__).resolve().parent
EXAMPLES = HERE.parent / "example-files"
GOLDEN = HERE.parent / "golden" / "diff"
COMPLETE = (EXAMPLES / "records/positive/contract-example.md").read_text(encoding="utf-8")
COHORT = (EXAMPLES / "cohorts/positive/2026-W46-logistics.md").read_text(encoding="utf-8")
COHORT_47 = (EXAMPLES / "cohorts/positive/2026-W47-healthcare.md").read_text(encoding="utf-8")
RISKS = ("risk_flags:\n  - Budget approved only for year one; renewal needs a CFO re-approval.\n"
         "  - Their TMS vendor is pitching a competing add-on.\n")


def record(account: str, *, stage: str = "closed-won", review: str | None = "accepted",
           replace: tuple[tuple[str, str], ...] = (), notes: str = "") -> str:
    """The contract's example for `account`, with call notes of its own (records of one template
    differ mostly in their text; git pairs renames by similarity)."""
    key = notes or account
    own = "".join(f"- {key}, call {i}: {hashlib.sha256(f'{key}{i}'.encode()).hexdigest()[:24]}\n"
                  for i in range(40))
    text = COMPLETE.replace("Call notes, links, anything else.\n", own)
    text = text.replace("account: Contract Example", f"account: {account}").replace("stage: closed-won",
                                                                                    f"stage: {stage}")
    if review is None:
        text = text.replace("review:\n  status: accepted\n  by: Lee Park\n", "")
    else:
        text = text.replace("status: accepted", f"status: {review}")
    for old, new in replace:
        assert old in text, old
        text = text.replace(old, new)
    return text


def history(tmp_path: Path) -> GitRepo:
    """main: five records and a cohort; branch `review`: what one pull request changes."""
    repo = GitRepo(tmp_path / "repo")
    repo.write("cohorts/2026-W46-logistics.md", COHORT)
    repo.write("records/acme-logistics.md", record(
        "Acme Logistics", stage="draft", review="pending",
        replace=((RISKS, 'risk_flags:\n  - "[What you\'d say in the hallway]"\n'),
                 ("lost_deal_cohort: 2026-W46-logistics", 'lost_deal_cohort: "[cohort]"'))))
    repo.write("records/birch-dental.md", record("Birch Dental"))
    repo.write("records/cobalt-labs.md", record("Cobalt Labs"))
    repo.write("records/old-name-co.md", record("Old Name Co", notes="Old Name Co"))
    repo.write("records/unchanged.md", record("Unchanged"))
    repo.commit("Records as of the week", "2026-11-20T10:00:00+00:00")
    repo.git("switch", "-q", "-c", "review")
    repo.write("records/acme-logistics.md", record(
        "Acme Logistics", review="accepted", replace=(
            ("Cut mis-routed shipments in half before the March peak.", "Halve mis-routes before the peak."),)))
    repo.write("records/birch-dental.md", record("Birch Dental", stage="draft", review="rejected", replace=(
        ("  by: Lee Park\n", "  by: Lee Park\n  reason: Field 2 needs the customer's own criteria.\n"),
        ("decision_criteria:\n  - Works with their existing TMS without a rebuild\n  - Live within 30 days\n"
         "  - Per-route pricing, not per-seat\n", 'decision_criteria:\n  - "[criterion]"\n'))))
    repo.remove("records/cobalt-labs.md")
    repo.git("mv", "records/old-name-co.md", "records/new-name-co.md")
    repo.write("records/new-name-co.md", record("New Name Co", notes="Old Name Co"))
    repo.write("records/delta-cargo.md", record("Delta Cargo", review=None))
    repo.write("cohorts/2026-W47-healthcare.md", COHORT_47)
    repo.write("cohorts/2026-W46-logistics.md", COHORT.replace("lost_count: 1", "lost_count: 2"))
    repo.commit("CS review", "2026-11-21T10:00:00+00:00")
    return repo


def run(repo: GitRepo, *args: str) -> tuple[int, str, str]:
    old = Path.cwd()
    os.chdir(repo.path)
    try:
        result = CliRunner().invoke(cli, ["diff", *args], catch_exceptions=False)
    finally:
        os.chdir(old)
    return result.exit_code, result.stdout, result.stderr


def golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("HANDOFF_REGOLD"):
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8")


@pytest.mark.parametrize(("fmt", "suffix"), [("text", "txt"), ("markdown", "md"), ("json", "json")])
def test_a_pull_request_against_its_base(tmp_path: Path, fmt: str, suffix: str) -> None:
    repo = history(tmp_path)
    code, out, err = run(repo, "main", "review", "--format", fmt)
    assert (code, err) == (0, "")
    base = repo.git("rev-parse", "--short=8", "main").strip()
    head = repo.git("rev-parse", "--short=8", "review").strip()
    golden(f"review.{suffix}", out.replace(base, "BASE0000").replace(head, "HEAD0000"))


def test_the_default_is_the_merge_base_with_main_against_the_work_tree(tmp_path: Path) -> None:
    repo = history(tmp_path)
    repo.write("records/acme-logistics.md", record("Acme Logistics", review="accepted", replace=(
        ("Cut mis-routed shipments in half before the March peak.", "Halve mis-routes before the peak."),
        (RISKS, 'risk_flags:\n  - "TBD"\n'))))
    repo.write("records/untracked-co.md", record("Untracked Co"))
    repo.git("stash", "-q", "-u")
    repo.git("switch", "-q", "main")
    repo.write("records/later-on-main.md", record("Later On Main"))
    repo.commit("main moves on", "2026-11-22T10:00:00+00:00")
    repo.git("switch", "-q", "review")
    repo.git("stash", "pop", "-q")
    code, out, _ = run(repo)
    base = repo.git("rev-parse", "--short=8", "review~1").strip()
    assert code == 0
    lines = out.replace(base, "BASE0000").splitlines()
    assert lines[0] == ("handoff diff main@BASE0000...work tree: 6 records (2 added, 1 removed, 1 renamed, "
                        "2 changed), 2 cohorts")
    assert "later-on-main" not in out  # what main gained since the branch left is not this pull request's
    assert lines[1:4] == [
        "records/acme-logistics.md (Acme Logistics): partial (5, 7) -> partial (5)",
        "  filled: field 7 (lost-deal cohort)",
        "  changed: field 1 (promised outcome)"]
    assert "records/untracked-co.md (Untracked Co): added, complete" in lines


def test_a_rename_is_one_change_not_a_removal_and_an_addition(tmp_path: Path) -> None:
    repo = history(tmp_path)
    data = json.loads(run(repo, "main", "review", "--format", "json")[1])
    renamed = [r for r in data["records"] if r["status"] == "renamed"]
    assert [(r["old_path"], r["new_path"], r["before"], r["after"]) for r in renamed] == [
        ("records/old-name-co.md", "records/new-name-co.md", "complete", "complete")]
    assert not any("name-co" in (r["path"]) for r in data["records"] if r["status"] != "renamed")


def test_markdown_keeps_record_text_inert(tmp_path: Path) -> None:
    repo = GitRepo(tmp_path / "repo")
    repo.write("records/x.md", "---\naccount: x\n---\n")
    repo.commit("one", "2026-11-20T10:00:00+00:00")
    repo.git("switch", "-q", "-c", "pr")
    name = "<img src=x onerror=alert(1)> [click](http://evil) **Co**"
    from handoff.record.text import slugify

    repo.write(f"records/{slugify(name)}.md", f'---\naccount: "{name}"\n---\n')
    code, out, _ = run(repo, "main", "--format", "markdown")
    assert code == 0 and "<img" not in out and "[click](" not in out and "**Co**" not in out
    assert out.startswith("<!-- handoff-diff -->\n")


@pytest.mark.parametrize(("args", "message"), [
    (("nope",), "handoff: BASE 'nope' is not a commit, branch or tag here\n"),
    (("main", "nope"), "handoff: HEAD 'nope' is not a commit, branch or tag here\n"),
    (("@{-5}",), "handoff: BASE '@{-5}' is not a commit, branch or tag here\n"),
    (("main@{99}",), "handoff: BASE 'main@{99}' is not a commit, branch or tag here\n"),
    (("main^{tree}",), "handoff: BASE 'main^{tree}' is not a commit, branch or tag here\n"),
    (("--", "--output=x"), "handoff: BASE '--output=x' is not a commit, branch or tag here\n"),
])
def test_refusals_are_one_line(tmp_path: Path, args: tuple[str, ...], message: str) -> None:
    repo = history(tmp_path)
    assert run(repo, *args) == (1, "", message)


def test_no_commit_and_no_default_branch(tmp_path: Path) -> None:
    repo = GitRepo(tmp_path / "repo", branch="trunk")
    assert run(repo) == (1, "", "handoff: no commit yet on this branch; commit the records first\n")
    repo.write("records/.gitkeep", "")
    repo.commit("one", "2026-11-20T10:00:00+00:00")
    assert run(repo) == (1, "", "handoff: no default branch (origin/HEAD, main or master) to compare with; name "
                                "it: handoff diff BASE\n")
    assert run(repo, "trunk") == (0, "handoff diff trunk@" + repo.git("rev-parse", "--short=8", "HEAD").strip()
                                  + "...work tree: no record or cohort changed\n", "")
