"""What the weekly review needs from each record version, learnt once per blob and kept on disk.

A version's facts (its size; whether it parses; its review status and reviewer, account
and rep; its `lost_deal_cohort`; whether it says `accepted` or `rejected` at all) depend
only on its bytes, so they are kept by git blob sha: content-addressed, never stale, right
after a rebase or force-push. Whether a version is complete also depends on its file name,
the allowed extra keys and whether its cohort file exists at the commit, so that answer is
kept under all four. The file (`.handoff/cache/weekly-facts.json`) names its format and
handoff's version; it is data (JSON), each entry checked when used: a damaged or foreign
entry is learnt again, a damaged or foreign file is ignored. It is rewritten, atomically,
only when a run learnt something new.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any, NamedTuple

from handoff import __version__
from handoff.check.kept import check_kept
from handoff.check.record import CheckContext
from handoff.record.parse import Document, ParseError
from handoff.record.text import is_placeholder
from handoff.repo.asof import parse_raw
from handoff.repo.history import ZERO, History
from handoff.repo.logcache import read_json, write_json
from handoff.weekly.state import RECORDS, Cohorts

NAME = "weekly-facts.json"
FORMAT = 1
KEEP = 200_000  # entries kept across runs; past that, only those the last run used
REVIEWED = ("accepted", "rejected")
_HEX = frozenset("0123456789abcdef")
_OPT = (str, type(None))


class Facts(NamedTuple):
    size: int
    parsed: bool  # False: over the size limit when learnt, so never parsed
    ok: bool  # parsed into a record document
    mentions: bool  # its bytes say `accepted` or `rejected` somewhere
    status: str | None  # review.status, None when absent or a placeholder (likewise below)
    by: str | None
    account: str | None
    rep: str | None
    rep_raw: str  # str() of the `rep` value as written, "" without one
    cohort: str | None  # lost_deal_cohort when a string


def _text(data: dict[str, Any], key: str, sub: str | None = None) -> str | None:
    value = data.get(key)
    if sub is not None:
        value = value.get(sub) if isinstance(value, dict) else None
    return value.strip() if isinstance(value, str) and not is_placeholder(value) else None


def learn(raw: bytes, doc: Document | ParseError, parsed: bool) -> Facts:
    mentions = any(w.encode() in raw for w in REVIEWED)
    if not isinstance(doc, Document):
        return Facts(len(raw), parsed, False, mentions, None, None, None, None, "", None)
    data = doc.data
    ref = data.get("lost_deal_cohort")
    return Facts(len(raw), True, True, mentions, _text(data, "review", "status"), _text(data, "review", "by"),
                 _text(data, "account"), _text(data, "rep"), str(data.get("rep", "")),
                 ref if isinstance(ref, str) else None)


def _valid(row: Any) -> Facts | None:
    """A cached entry as Facts, or None when it is not what this version writes."""
    if not (type(row) is list and len(row) == 10 and type(row[0]) is int and row[0] >= 0
            and type(row[1]) is bool and type(row[2]) is bool and type(row[3]) is bool
            and all(isinstance(v, _OPT) for v in row[4:8]) and type(row[8]) is str and isinstance(row[9], _OPT)):
        return None
    return Facts(*row)


class BlobFacts:
    """Facts by blob sha and completeness answers for one history; `top` keeps them on disk."""

    def __init__(self, history: History, top: Path | None) -> None:
        self.history, self.top = history, top
        self._rows: dict[str, Any] = {}
        self._complete: dict[str, Any] = {}
        self._facts: dict[str, Facts] = {}
        self._docs: dict[str, Document | ParseError] = {}
        self._used: set[str] = set()
        self._learnt = False
        data = read_json(top, NAME) if top is not None else None
        if (isinstance(data, dict) and data.get("format") == FORMAT and data.get("version") == __version__
                and isinstance(data.get("blobs"), dict) and isinstance(data.get("complete"), dict)):
            self._rows, self._complete = data["blobs"], data["complete"]

    def _known(self, sha: str, max_bytes: int) -> Facts | None:
        found = self._facts.get(sha)
        if found is None and sha in self._rows:
            found = _valid(self._rows[sha])
            if found is not None:
                self._facts[sha] = found
        if found is not None and not found.parsed and found.size <= max_bytes:
            return None  # over a smaller limit when learnt: parse it now
        return found

    def _read(self, shas: list[str], max_bytes: int) -> None:
        """Read and parse blobs in one batch; their facts are learnt, their documents kept for this run."""
        if not shas:
            return
        for sha, raw in self.history.blobs(shas).items():
            parsed = len(raw) <= max_bytes
            doc = parse_raw(raw, max_bytes)  # what the working tree's check parsed is not parsed again
            self._docs[sha] = doc
            facts = learn(raw, doc, parsed)
            if self._facts.get(sha) != facts:
                self._facts[sha] = facts
                self._learnt = True

    def get(self, shas: Iterable[str], max_bytes: int) -> dict[str, Facts]:
        """Facts of each blob present (absent ones left out); one over `max_bytes` is not ok."""
        wanted = [s for s in dict.fromkeys(shas) if s != ZERO]
        self._read([s for s in wanted if self._known(s, max_bytes) is None], max_bytes)
        out: dict[str, Facts] = {}
        for sha in wanted:
            found = self._facts.get(sha)
            if found is None:
                continue
            self._used.add(sha)
            out[sha] = found if found.size <= max_bytes else Facts(found.size, found.parsed, False, found.mentions,
                                                                   None, None, None, None, "", None)
        return out

    def complete(self, items: list[tuple[str, str, int]], extra_keys: frozenset[str], max_bytes: int,
                 cohorts: Cohorts) -> list[bool]:
        """Whether record `stem` at blob `sha` is complete at commit `index`, for each (stem, sha, index)."""
        facts = self.get((sha for _, sha, _ in items), max_bytes)
        extra = json.dumps(sorted(extra_keys))
        keyed: list[tuple[str, str, int, Facts | None, str]] = []
        for stem, sha, index in items:
            found = facts.get(sha)
            ref = found.cohort if found is not None else None
            flag = ref is not None and cohorts.exists(ref, index)
            keyed.append((stem, sha, index, found, f"{sha} {int(flag)} {extra} {stem}"))
        self._read([sha for _, sha, _, f, key in keyed if f is not None and f.ok
                    and type(self._complete.get(key)) is not bool and sha not in self._docs], max_bytes)
        out = []
        for stem, sha, index, found, key in keyed:
            if found is None or not found.ok:
                out.append(False)
                continue
            answer, doc = self._complete.get(key), self._docs.get(sha)
            if type(answer) is not bool:
                if doc is None:  # facts from the cache, but the blob is no longer in the repository
                    out.append(False)
                    continue
                answer, asked = self._check(stem, doc, index, extra_keys, cohorts)
                if asked <= {found.cohort}:  # the answer hangs on that cohort alone: keep it
                    self._complete[key] = answer
                    self._learnt = True
            self._used.add(key)
            out.append(answer)
        return out

    @staticmethod
    def _check(stem: str, doc: Document | ParseError, index: int, extra_keys: frozenset[str],
               cohorts: Cohorts) -> tuple[bool, set[str]]:
        asked: set[str] = set()

        def cohort_exists(cohort_id: str) -> bool:
            asked.add(cohort_id)
            return cohorts.exists(cohort_id, index)

        # Through `check_kept`: a version the working tree's check (or an earlier week) already
        # checked with the same answers is not checked again; a reused result asks its cohorts again.
        ctx = CheckContext(cohort_exists=cohort_exists, cohort_ids=list, extra_keys=extra_keys)
        return check_kept(f"{RECORDS}{stem}.md", stem, doc, ctx).status == "complete", asked

    def save(self) -> None:
        """Keep what was learnt (atomically, only when something was); never fails the run."""
        if self.top is None or not self._learnt:
            return
        # Entries read from the file are checked when used (`_known`); here only their shape, which is
        # cheap: a run that learnt one blob does not check 10,000 others it never asked about.
        rows = {s: v for s, v in self._rows.items() if len(s) in (40, 64) and type(v) is list and len(v) == 10}
        blobs = {**rows, **{s: list(f) for s, f in self._facts.items()}}
        complete = {k: v for k, v in self._complete.items() if type(v) is bool}
        if len(blobs) + len(complete) > KEEP:
            blobs = {s: v for s, v in blobs.items() if s in self._used}
            complete = {k: v for k, v in complete.items() if k in self._used}
        write_json(self.top, NAME, {"format": FORMAT, "version": __version__, "blobs": blobs, "complete": complete})
        self._learnt = False
