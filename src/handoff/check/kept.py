"""`check_record` for a parsed file that several readers share, its result kept.

The working tree's check and the digest's snapshots of history read the same bytes
(`handoff.repo.asof.share` hands them one `Document`). A check's result depends on the
file and on the context it consults: the extra keys, and which cohorts exist. The result
is kept with the cohort ids it asked about and their answers, and reused only where the
new context answers each the same way; a check that listed the known cohorts (its
"did you mean" hint) is not kept, because that list differs between snapshots.
"""

from __future__ import annotations

from handoff.check.findings import FileResult
from handoff.check.record import CheckContext, check_record
from handoff.record.parse import Document, ParseError

_Key = tuple[int, str, str, frozenset[str]]
Answers = tuple[tuple[str, bool], ...]  # the cohort ids a check asked about, and what it was told
_KEPT: dict[_Key, list[tuple[Document, Answers, FileResult]]] = {}
_MAX = 20_000


def check_kept(path: str, stem: str, parsed: Document | ParseError, ctx: CheckContext) -> FileResult:
    """Same result as `check_record(path, stem, parsed, ctx)`."""
    if not isinstance(parsed, Document):
        return check_record(path, stem, parsed, ctx)
    key = (id(parsed), path, stem, ctx.extra_keys)
    for doc, asked, result in _KEPT.get(key, ()):
        if doc is parsed and all(ctx.cohort_exists(cid) == answer for cid, answer in asked):
            return result
    answers: dict[str, bool] = {}
    listed = False

    def exists(cohort_id: str) -> bool:
        answers[cohort_id] = answer = ctx.cohort_exists(cohort_id)
        return answer

    def ids() -> list[str]:
        nonlocal listed
        listed = True
        return ctx.cohort_ids()

    result = check_record(path, stem, parsed, CheckContext(exists, ids, ctx.extra_keys))
    if not listed:
        keep(path, stem, parsed, ctx.extra_keys, tuple(answers.items()), result)
    return result


def answers_of(path: str, stem: str, parsed: Document, extra_keys: frozenset[str]) -> Answers | None:
    """The cohort answers a kept result of `parsed` was made with (None: not kept), so that
    another process can keep the same result (`keep`)."""
    found = [asked for doc, asked, _ in _KEPT.get((id(parsed), path, stem, extra_keys), ()) if doc is parsed]
    return found[-1] if found else None


def keep(path: str, stem: str, parsed: Document, extra_keys: frozenset[str], answers: Answers,
         result: FileResult) -> None:
    """Keep a result made with these cohort answers (here, or by a forked worker checking the same file)."""
    if len(_KEPT) >= _MAX:
        _KEPT.clear()
    _KEPT.setdefault((id(parsed), path, stem, extra_keys), []).append((parsed, answers, result))
