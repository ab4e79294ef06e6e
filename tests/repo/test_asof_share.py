"""`asof.share`: a blob of history with the bytes of a file the working tree's check parsed is
not parsed again; other bytes are, and the size limit still holds for a shared file."""

from __future__ import annotations

from gitrepo import GitRepo
from handoff.record.parse import Document, parse_bytes
from handoff.repo import asof
from handoff.repo.history import History
from site_kit import record


def test_history_reuses_what_the_working_tree_parsed(git_repo: GitRepo) -> None:
    same = record("Acme Logistics").encode()
    other = record("Beta Freight").encode()
    git_repo.write("records/acme-logistics.md", same)
    git_repo.write("records/beta-freight.md", other)
    git_repo.commit("Two drafts", "2026-11-18T09:00:00+00:00")
    history = History.open(git_repo.path)
    tree = history.trees([history.commits[-1]], "records/")[history.commits[-1].sha]
    acme, beta = tree["records/acme-logistics.md"], tree["records/beta-freight.md"]
    asof._PARSED.clear()
    shared = parse_bytes(same)
    asof.share(same, shared)
    got = asof.parsed(history, [acme, beta])
    assert got[acme] == (len(same), shared) and got[acme][1] is shared
    beta_doc = got[beta][1]
    assert isinstance(beta_doc, Document) and beta_doc is not shared and beta_doc.data["account"] == "Beta Freight"
    asof._PARSED.clear()
    size, too_big = asof.parsed(history, [acme], max_bytes=100)[acme]
    assert size == len(same) and not isinstance(too_big, Document) and too_big.code == "file-too-large"


def test_a_blob_parsed_for_one_reader_is_not_parsed_again_for_the_next() -> None:
    # The Gap's snapshots parse an old version first; the weekly review then gets the same document.
    raw = record("Gamma Ports").encode()
    asof._SHARED.clear()
    first = asof.parse_raw(raw, 1 << 20)
    assert isinstance(first, Document) and asof.parse_raw(bytes(raw), 1 << 20) is first
    assert asof.parse_raw(raw + b"\nMore notes.\n", 1 << 20) is not first
    too_big = asof.parse_raw(raw, 10)
    assert not isinstance(too_big, Document) and too_big.code == "file-too-large"
