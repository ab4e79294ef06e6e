"""Won exports kept on disk by blob (`repo.woncache`): a later run reads no export it has read,
gets the same Plan (amounts keep their type), a broken export's reason is kept too, and a
damaged or foreign file is read again."""

from __future__ import annotations

from pathlib import Path

import pytest

from gitrepo import GitRepo
from handoff.repo import asof, woncache
from handoff.repo.config import Settings
from handoff.repo.crm.model import WonDeal
from handoff.repo.history import History
from handoff.repo.logcache import FOLDER

WON = ("account,closed,arr,term_months,segment,rep,cs_owner\n"
       "Acme Logistics,2026-11-16,64000,12,logistics,Dana Ruiz,Lee Park\n"
       "Birch Dental,2026-11-17,12500.5,12,dental,Dana Ruiz,\n")


@pytest.fixture
def repo(git_repo: GitRepo) -> GitRepo:
    git_repo.write("crm/closed-won.csv", WON)
    git_repo.commit("plan", "2026-11-16T09:00:00+00:00")
    git_repo.write("crm/closed-won.csv", WON + "Cobalt Labs,2026-11-18,30000,24,labs,Raj Patel,Lee Park\n")
    git_repo.commit("plan grows", "2026-11-18T09:00:00+00:00")
    git_repo.write("crm/closed-won.csv", "account,closed\nbroken,not a date\n")
    git_repo.commit("plan broken", "2026-11-19T09:00:00+00:00")
    return git_repo


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[bytes]:
    """The exports read (parsed) by `plans`; the in-memory memo starts empty, as in a new process."""
    seen: list[bytes] = []
    real = asof.won_from_bytes

    def spy(raw: bytes, config: object) -> list[WonDeal]:
        seen.append(raw)
        return real(raw, config)  # type: ignore[arg-type]

    monkeypatch.setattr(asof, "won_from_bytes", spy)
    monkeypatch.setattr(asof, "_WON", {})
    return seen


def plans(root: Path, cache: bool) -> dict[str, object]:
    asof._WON.clear()
    history = History.open(root)
    return asof.plans(history, history.commits, ("records/",), history.root if cache else None)


def test_an_export_read_once_is_not_read_again(repo: GitRepo, reads: list[bytes]) -> None:
    plain = plans(repo.path, cache=False)
    assert len(reads) == 3
    reads.clear()
    assert plans(repo.path, cache=True) == plain  # reads them, keeps them
    assert len(reads) == 3
    reads.clear()
    kept = plans(repo.path, cache=True)
    assert kept == plain and reads == []
    first = kept[History.open(repo.path).commits[0].sha]
    assert not isinstance(first, str)
    assert [type(d.arr) for d in first.won] == [int, float]  # as the export wrote them
    assert isinstance(kept[History.open(repo.path).commits[-1].sha], str)  # the reason, kept as well


@pytest.mark.parametrize("content", [b"not json", b"[]", b'{"other": "x"}', b'{"%s": [["x"]]}'])
def test_a_damaged_file_is_read_again(repo: GitRepo, reads: list[bytes], content: bytes) -> None:
    plain = plans(repo.path, cache=True)
    for path in (repo.path / FOLDER).glob("won-*.json"):
        path.write_bytes(content.replace(b"%s", path.name.encode()))
    reads.clear()
    assert plans(repo.path, cache=True) == plain
    assert len(reads) == 3


def test_at_most_keep_files_are_kept(repo: GitRepo, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(woncache, "KEEP", 2)
    plans(repo.path, cache=True)
    assert len(list((repo.path / FOLDER).glob("won-*.json"))) == 2


def test_another_crm_table_is_another_entry(repo: GitRepo) -> None:
    history = History.open(repo.path)
    blob = next(iter(history.tree(history.commits[0].sha, "crm/").values()))
    woncache.put(history.root, blob, Settings().crm, "kept reason")
    assert woncache.get(history.root, blob, Settings().crm) == "kept reason"
    other = Settings().crm._replace(delimiter=";")
    assert woncache.get(history.root, blob, other) is None
