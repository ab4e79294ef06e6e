"""`handoff pages`: every generated page as markdown under the docs folder, written with care.

Real git repos (site_kit), the command run in-process; files are compared by content and
mtime, never by time taken."""

from __future__ import annotations

import datetime as dt
import gc
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from gitrepo import GitRepo
from handoff.cli.main import cli
from handoff.site.run import write_site
from site_kit import AS_OF, make_repo, record

EVERY = ["accounts.md", "accounts/acme-logistics.md", "accounts/beta-freight.md", "accounts/delta-cargo.md",
         "accounts/early-bird.md", "accounts/evil-corp.md", "assets/handoff/handoff.css", "checkins.md", "cohorts.md",
         "cohorts/2026-W46-logistics.md", "gap.md", "index.md", "weekly/2026-W45.md", "weekly/2026-W46.md",
         "weekly/2026-W47.md", "weekly/2026-W48.md"]


@pytest.fixture
def repo(git_repo: GitRepo, monkeypatch: pytest.MonkeyPatch) -> GitRepo:
    make_repo(git_repo)
    git_repo.commit("Evil Corp draft", "2026-11-22T09:00:00+00:00")
    monkeypatch.chdir(git_repo.path)
    return git_repo


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["pages", "--date", AS_OF, *args], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def files(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {p.relative_to(folder).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns)
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_writes_every_page_once_then_nothing(repo: GitRepo) -> None:
    code, out, err = run()
    assert code == 0, err
    assert out == "docs/: 16 pages, 16 written, 0 unchanged, 0 removed\n"
    assert "warning: records/delta-cargo.md:37: unknown-key" in err
    docs = repo.path / "docs"
    assert sorted(p for p in files(docs) if not p.startswith(".")) == EVERY
    manifest = json.loads((docs / ".handoff-pages.json").read_text())
    assert sorted(manifest["pages"]) == EVERY
    acme = (docs / "accounts" / "acme-logistics.md").read_text()
    assert acme.startswith('---\ntitle: "Acme Logistics"\n---\n') and "1. Promised outcome" in acme
    before = files(docs)
    assert run()[:2] == (0, "docs/: 16 pages, 0 written, 16 unchanged, 0 removed\n")
    assert files(docs) == before  # same bytes, same mtimes
    assert gc.isenabled()  # the run goes without the collector, and gives it back to whoever called it


def test_the_docs_folder_comes_from_the_site_config(repo: GitRepo) -> None:
    (repo.path / "mkdocs.yml").write_text("site_name: X\ndocs_dir: pages_src\nmarkdown_extensions:\n"
                                          "  - pymdownx.emoji:\n      emoji_index: !!python/name:material.extensions"
                                          ".emoji.twemoji\n")
    assert run()[0] == 0
    assert (repo.path / "pages_src" / "gap.md").is_file() and not (repo.path / "docs" / "gap.md").exists()
    (repo.path / "zensical.toml").write_text('[project]\nsite_name = "X"\ndocs_dir = "zdocs"\n')
    assert run()[0] == 0
    gap = (repo.path / "zdocs" / "gap.md").read_text()
    assert 'href="accounts/beta-freight.md"' in gap  # Zensical maps links to source files itself
    assert 'href="../accounts/beta-freight/"' in (repo.path / "pages_src" / "gap.md").read_text()


def test_out_writes_elsewhere(repo: GitRepo, tmp_path: Path) -> None:
    code, out, _ = run("--out", str(tmp_path / "built-docs"))
    assert code == 0 and out.startswith(f"{tmp_path / 'built-docs'}/: 16 pages, 16 written")
    assert (tmp_path / "built-docs" / "index.md").is_file()


def test_a_hand_written_file_in_the_way_is_refused_and_nothing_is_written(repo: GitRepo) -> None:
    repo.write("docs/gap.md", "# Our own gap notes\n")
    code, out, err = run()
    assert code == 1 and out == ""
    assert err == ("docs/gap.md: was not written by `handoff pages`, which never overwrites a "
                   "hand-written page; move it away or rename it\n")
    assert (repo.path / "docs" / "gap.md").read_text() == "# Our own gap notes\n"
    assert not (repo.path / "docs" / "index.md").exists()


def test_a_folder_that_leads_outside_or_a_folder_in_a_page_s_place_is_refused(repo: GitRepo, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (repo.path / "docs").mkdir(exist_ok=True)
    (repo.path / "docs" / "accounts").symlink_to(elsewhere)
    code, out, err = run()
    assert (code, out) == (1, "")
    assert err.startswith("docs/accounts/") and "its folder leads outside docs/ (a symbolic link)" in err
    assert list(elsewhere.iterdir()) == [] and not (repo.path / "docs" / "index.md").exists()
    (repo.path / "docs" / "accounts").unlink()
    (repo.path / "docs" / "gap.md").mkdir()
    code, out, err = run()
    assert (code, out) == (1, "")
    assert err == "docs/gap.md: is in the way and is not a regular file; move it away\n"
    assert not (repo.path / "docs" / "index.md").exists()


def test_pages_that_are_gone_are_removed_but_an_edited_one_is_kept(repo: GitRepo) -> None:
    assert run()[0] == 0
    docs = repo.path / "docs"
    repo.remove("records/early-bird.md")
    repo.remove("records/evil-corp.md")
    (docs / "accounts" / "evil-corp.md").write_text("edited by hand\n")
    code, out, _ = run()
    assert code == 0
    assert out.endswith("1 removed; kept 1 edited\n")
    assert not (docs / "accounts" / "early-bird.md").exists()
    assert (docs / "accounts" / "evil-corp.md").read_text() == "edited by hand\n"
    assert "accounts/early-bird.md" not in json.loads((docs / ".handoff-pages.json").read_text())["pages"]


def test_a_page_edited_by_hand_is_brought_back(repo: GitRepo) -> None:
    assert run()[0] == 0
    page = repo.path / "docs" / "accounts" / "beta-freight.md"
    good = page.read_bytes()
    page.write_text("scribbled\n")
    assert run()[1].startswith("docs/: 16 pages, 1 written")
    assert page.read_bytes() == good


@pytest.mark.parametrize("manifest", ["not json", '{"format": 99, "pages": {}}', "[1, 2]"])
def test_a_foreign_manifest_is_refused_in_one_line(repo: GitRepo, manifest: str) -> None:
    repo.write("docs/.handoff-pages.json", manifest)
    code, _, err = run()
    assert code == 1 and err.count("\n") == 1 and "docs/.handoff-pages.json:" in err and "Traceback" not in err
    assert gc.isenabled()  # a refused run too


def test_a_manifest_path_outside_the_folder_is_never_removed(repo: GitRepo) -> None:
    repo.write("keep.md", "mine\n")
    entry = {"sha256": "0" * 64, "size": 5, "mtime_ns": 0, "key": None}
    repo.write("docs/.handoff-pages.json", json.dumps({"format": 1, "pages": {"../keep.md": entry,
                                                                              "/etc/hosts": entry}}))
    assert run()[0] == 0
    assert (repo.path / "keep.md").read_text() == "mine\n"


@pytest.mark.parametrize("args", [["--days", "0"], ["--high-arr", "-1"], ["--date", "2026-13-01"],
                                  ["--generator", "hugo"]])
def test_bad_options_are_usage_errors(repo: GitRepo, args: list[str]) -> None:
    assert run(*args)[0] == 2


def test_one_new_commit_rewrites_only_its_account_cohort_gap_and_home(repo: GitRepo) -> None:
    first = write_site(repo.path, None, dt.date.fromisoformat(AS_OF))
    assert len(first.report.written) == 16
    docs = repo.path / "docs"
    before = files(docs)
    repo.write("records/acme-logistics.md", record("Acme Logistics", stage="closed-won",
                                                   review="review:\n  status: accepted\n  by: Lee Park\n")
               .replace("Budget approved only for year one", "Budget approved for two years"))
    repo.commit("Acme: budget news", "2026-11-22T15:00:00+00:00", author="Dana Ruiz")
    again = write_site(repo.path, None, dt.date.fromisoformat(AS_OF))
    after = files(docs)
    changed = {p for p in after if p in before and after[p] != before[p]}
    assert "accounts/acme-logistics.md" in changed
    # The week's review page may change too: the commit falls in 2026-W47.
    assert changed <= {"accounts/acme-logistics.md", "cohorts/2026-W46-logistics.md", "gap.md", "index.md",
                       "accounts.md", "cohorts.md", ".handoff-pages.json", "weekly/2026-W47.md", "checkins.md"}
    assert sorted(again.report.written) == sorted(changed - {".handoff-pages.json"})
    # Pages whose inputs did not change are not even rendered: only Gap (always), Acme's, and the
    # weekly pages that read the new commit (2026-W47's, and 2026-W48's whose chart shows W47); the
    # pages of W45 and W46 and the check-ins page (no check-in changed) are left as they were.
    assert again.report.rendered == 4
    assert "Acme: budget news" in after["accounts/acme-logistics.md"][0].decode()


def test_a_cohort_edit_renders_again_the_account_pages_that_name_it(repo: GitRepo,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    import handoff.site.pages as pages

    day = dt.date.fromisoformat(AS_OF)
    write_site(repo.path, None, day)
    rendered: list[str] = []
    real = pages.account_page

    def spy(acc: Any, data: Any, linker: Any) -> str:
        rendered.append(acc.slug)
        return real(acc, data, linker)

    monkeypatch.setattr(pages, "account_page", spy)
    write_site(repo.path, None, day)
    assert rendered == []
    cohort = repo.path / "cohorts" / "2026-W46-logistics.md"
    cohort.write_text(cohort.read_text().replace("watch: Expect price comparison", "watch: Expect a price war"))
    write_site(repo.path, None, day)
    assert sorted(rendered) == ["acme-logistics", "delta-cargo", "early-bird", "evil-corp"]  # not beta-freight


def test_a_run_stopped_half_way_leaves_nothing_in_the_way(repo: GitRepo, monkeypatch: pytest.MonkeyPatch) -> None:
    import handoff.site.pages as pages

    def stop(*_args: object) -> str:
        raise KeyboardInterrupt

    with monkeypatch.context() as patch:
        patch.setattr(pages, "cohort_page", stop)  # account pages come first, then cohorts
        with pytest.raises(KeyboardInterrupt):
            write_site(repo.path, None, dt.date.fromisoformat(AS_OF))
    assert (repo.path / "docs" / "accounts" / "acme-logistics.md").is_file()
    code, out, _ = run()
    assert code == 0 and out == "docs/: 16 pages, 7 written, 9 unchanged, 0 removed\n"  # cohort, weekly, check-ins


def test_a_page_cut_short_by_a_crash_is_written_again(repo: GitRepo, monkeypatch: pytest.MonkeyPatch) -> None:
    import handoff.site.pages as pages

    def stop(*_args: object) -> str:
        raise KeyboardInterrupt

    with monkeypatch.context() as patch:
        patch.setattr(pages, "cohort_page", stop)
        with pytest.raises(KeyboardInterrupt):
            write_site(repo.path, None, dt.date.fromisoformat(AS_OF))
    page = repo.path / "docs" / "accounts" / "acme-logistics.md"
    whole = page.read_bytes()
    page.write_bytes(whole[: len(whole) // 2])  # a new page is written in place: as if the power went mid-write
    manifest = json.loads((repo.path / "docs" / ".handoff-pages.json").read_text())
    assert manifest["pages"]["accounts/acme-logistics.md"] == {"pending": True}
    code, _, _ = run()
    assert code == 0 and page.read_bytes() == whole


def test_a_change_shown_in_the_lists_rewrites_them(repo: GitRepo) -> None:
    write_site(repo.path, None, dt.date.fromisoformat(AS_OF))
    path = repo.path / "records" / "beta-freight.md"
    path.write_text(path.read_text().replace("arr: 80000", "arr: 81000"))
    again = write_site(repo.path, None, dt.date.fromisoformat(AS_OF))
    assert sorted(again.report.written) == ["accounts.md", "accounts/beta-freight.md", "index.md"]
    assert "$81,000" in (repo.path / "docs" / "accounts.md").read_text()
