"""`check_record`: a draft's findings before it is committed, exactly as `handoff check` gives them.

The draft is checked as if saved at `records/<slug of its account>.md` (or
`records/draft.md` when it names no account), through the same parser, rules,
cohort lookup and text reporter as the command; nothing is written.
"""

from __future__ import annotations

import io
from pathlib import Path

from handoff.check.findings import unreadable
from handoff.check.record import check_record
from handoff.check.run import CheckRun, repo_context
from handoff.cli.report import text
from handoff.mcpserver import outputs as out
from handoff.mcpserver.lookup import Refused, settings
from handoff.mcpserver.views import finding
from handoff.record.parse import Document, ParseError, parse_or_error
from handoff.record.text import slugify


def _path(parsed: Document | ParseError) -> str:
    account = parsed.data.get("account") if isinstance(parsed, Document) else None
    slug = slugify(account) if isinstance(account, str) else ""
    return f"records/{slug or 'draft'}.md"


def check_draft(root: Path, markdown: str) -> out.CheckOut:
    """The findings for `markdown`; Refused when it is over the repo's size cap, as `handoff check` refuses it."""
    conf = settings(root)
    raw = markdown.encode("utf-8", "replace")  # lone surrogates (possible in JSON) become `?`, and are refused
    if len(raw) > conf.max_file_bytes:
        raise Refused(f"records/draft.md:1: file-too-large is {len(raw):,} bytes, over the "
                      f"{conf.max_file_bytes:,}-byte limit; move attachments out of the record")
    parsed = parse_or_error(raw)
    shown = _path(parsed)
    stem = shown[len("records/"):-3]
    if not markdown.isascii() and _has_surrogates(markdown):
        result = unreadable(shown, "record", 1, "not-utf8", "is not UTF-8 (unpaired surrogates); save as UTF-8")
    else:
        result = check_record(shown, stem, parsed, repo_context(root, conf))
    run = CheckRun((result,), conf)
    lines = io.StringIO()
    text(run, lines)
    return out.CheckOut(path=shown, status=result.status, missing=list(result.missing), failed=run.failed,
                        findings=[finding(f) for f in result.findings], lines=lines.getvalue().splitlines())


def _has_surrogates(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False
