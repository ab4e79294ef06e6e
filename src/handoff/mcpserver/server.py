"""`build_server`: the handoff repo as an MCP server (tools, resources, the drafting prompt).

Built on the official SDK's `MCPServer`. Every tool answers with readable text and
structured content that matches its published output schema; a refusal is a tool
error whose text is the line the CLI prints for the same input, and the server keeps
serving. Records are read from the working tree, the digest from git history.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, Literal

from mcp.server.mcpserver import MCPServer
from mcp.types import CallToolResult, TextContent, ToolAnnotations
from pydantic import BaseModel, Field

from handoff import __version__
from handoff.authoring.atomic import WriteRefused
from handoff.authoring.new import create, find_deal, load_won
from handoff.authoring.review import set_review
from handoff.mcpserver import listing
from handoff.mcpserver import outputs as out
from handoff.mcpserver.brief import build, without_record
from handoff.mcpserver.drafts import check_draft
from handoff.mcpserver.lookup import MAX_NAME, Refused, bounded, cohort_result, parse_date, record_result, settings
from handoff.mcpserver.resources import HandoffServer, register_prompt, register_resources
from handoff.mcpserver.views import cohort_view, record_view
from handoff.record.bounds import MAX_DAYS
from handoff.repo.config import MAX_ARR
from handoff.repo.crm import WonDeal

# The SDK runs each call on a worker thread. The cached git history keeps one `git cat-file`
# process per repo, which two digests at once would interleave; writes are serialised so
# that "refuse an existing file" cannot race with another write.
_HISTORY = threading.Lock()
_WRITES = threading.Lock()
READ = ToolAnnotations(read_only_hint=True, open_world_hint=False)
INSTRUCTIONS = (
    "This server reads a handoff repo: one markdown record per won account holding the seven fields customer "
    "success (CS) needs from sales (1 promised outcome, 2 decision criteria, 3 objections, 4 champion and "
    "skeptic, 5 risk flags, 6 success metric, 7 lost-deal cohort) and an AI-assist line. At account-open call "
    "open_account and raise the missing fields with the rep first. Before committing a drafted record call "
    "check_record. Accounts are named by account name or slug (`acme-logistics`)."
)
Account = Annotated[str, Field(description="the account name (`Acme Logistics`) or its slug (`acme-logistics`)",
                               json_schema_extra={"maxLength": MAX_NAME})]


def _answer(model: BaseModel, text: str) -> CallToolResult:
    return CallToolResult(content=[TextContent(type="text", text=text)],
                          structured_content=model.model_dump(mode="json"))


def _run(work: Callable[[], tuple[BaseModel, str]]) -> CallToolResult:
    """Answer, or a tool error carrying the CLI's one-line refusal; nothing a caller sends stops the server."""
    try:
        model, text = work()
    except Refused as e:
        return CallToolResult(content=[TextContent(type="text", text=e.message)], is_error=True)
    except WriteRefused as e:
        return CallToolResult(content=[TextContent(type="text", text=Refused(str(e)).message)], is_error=True)
    return _answer(model, text)


def _json(model: BaseModel) -> str:
    return model.model_dump_json(indent=2)


def build_server(root: Path, allow_write: bool = False) -> MCPServer[Any]:
    """The server for the handoff repo at `root`; `allow_write` adds `new_record` and `review_record`."""
    server = HandoffServer(root, name="handoff", version=__version__, instructions=INSTRUCTIONS, log_level="WARNING")

    def get_record(account: Account) -> Annotated[CallToolResult, out.RecordOut]:
        """The record of one account from the working tree: the seven fields by number and title (placeholders
        read as null), the items still missing with why, the CS review, a summary of its lost-deal cohort and the
        60-day check-in (success metric and due date). status is complete, partial or invalid (see findings)."""
        def work() -> tuple[BaseModel, str]:
            view = record_view(root, record_result(root, account), dt.date.today())
            return view, _json(view)
        return _run(work)

    def open_account(account: Account) -> Annotated[CallToolResult, out.Brief]:
        """The CS brief at account-open. Read `missing` first and ask the rep for those fields before the
        kickoff (a won deal with no record yet has status `no record`: everything is missing); then the promise
        (outcome, ranked criteria, objections with the answers that worked, success metric), the people
        (champion, skeptic, rep, CS owner), the risk flags, the cohort's pressures (why we lose deals like this,
        what to watch) and the check-in due. `brief` holds the same as markdown."""
        def work() -> tuple[BaseModel, str]:
            try:
                result = record_result(root, account)
            except Refused:
                deal = _won_deal(root, account)
                if deal is None:
                    raise
                brief = without_record(root, deal, settings(root).money(deal.arr), dt.date.today())
                return brief, brief.brief
            view = record_view(root, result, dt.date.today())
            rec = result.record
            brief = build(root, view, rec, settings(root).money(rec.arr) if rec is not None else None)
            return brief, brief.brief
        return _run(work)

    def check_record(
        markdown: Annotated[str, Field(description="the whole record file: YAML front matter between `---` lines, "
                                       "then the body with the AI-assist line")],
    ) -> Annotated[CallToolResult, out.CheckOut]:
        """Check a drafted record before it is committed: exactly the findings `handoff check` gives for it,
        as if saved at records/<slug of its account>.md in this repo (cohort references are checked against
        cohorts/). `lines` are the command's text lines, summary last; `failed` is true when the check would
        fail. A draft may be partial (its missing fields are info notes); stage closed-won must be complete.
        Nothing is written."""
        def work() -> tuple[BaseModel, str]:
            found = check_draft(root, markdown)
            return found, "\n".join(found.lines) + "\n"
        return _run(work)

    def digest(
        date: Annotated[str | None, Field(description="YYYY-MM-DD, default today")] = None,
        days: Annotated[int | None, Field(description="plan window in days (default handoff.toml, else 7)")] = None,
        high_arr: Annotated[float | None, Field(description="ARR above which partial records are flagged")] = None,
    ) -> Annotated[CallToolResult, out.Digest]:
        """The founder's Plan -> Fact -> Gap digest as of a day, read from the git history of the current
        branch (not the working tree): deals closed-won in the window, records present, complete and partial,
        missing accounts, blank fields, the rep who skipped most and the CS lead with most rejections. The same
        JSON as `handoff digest --format json`; refused on a shallow clone."""
        def work() -> tuple[BaseModel, str]:
            # The CLI's bounds and words (`handoff.cli.options`: DAYS and `amount`).
            if days is not None and not 1 <= days <= MAX_DAYS:
                raise Refused(f"Invalid value for '--days': {days} is not in the range 1<=x<={MAX_DAYS}.")
            if high_arr is not None and not (math.isfinite(high_arr) and 0 <= high_arr <= MAX_ARR):
                raise Refused(f"Invalid value for '--high-arr': {high_arr} is not an amount from 0 to {MAX_ARR:,.0f}")
            # Imported here: GitPython is a third of the server's start-up, and only the digest needs it.
            from handoff.digest.compute import DigestError, compute_digest
            from handoff.digest.format import as_json

            day = parse_date(date)
            try:
                with _HISTORY:
                    text = as_json(compute_digest(root, day, days, high_arr))
            except DigestError as e:
                raise Refused(str(e)) from e
            return out.Digest.model_validate(json.loads(text)), text
        return _run(work)

    def list_accounts(
        query: Annotated[str | None, Field(description="filter: part of an account, slug, rep, CS owner or "
                                           "segment (case-insensitive)", json_schema_extra={"maxLength": MAX_NAME})
                         ] = None,
    ) -> Annotated[CallToolResult, out.AccountList]:
        """Every account with a record in the working tree (status complete, partial or invalid, with the
        missing field numbers), plus the won deals of crm/closed-won.csv that have no record yet (status
        `no record`). Use a slug from here with get_record or open_account."""
        def work() -> tuple[BaseModel, str]:
            found = listing.list_accounts(root, bounded(query, "query") if query and query.strip() else None)
            return found, _json(found)
        return _run(work)

    def get_cohort(
        id: Annotated[str, Field(description="the cohort id, e.g. `2026-W46-logistics` (field 7 of a record)",
                                 json_schema_extra={"maxLength": MAX_NAME})],
    ) -> Annotated[CallToolResult, out.CohortOut]:
        """One lost-deal cohort: the segment's deals lost in the 90 days ending on the ISO week's Sunday, the
        top reasons ranked, the watch line for CS, the deals, and the accounts whose records reference it."""
        def work() -> tuple[BaseModel, str]:
            view = cohort_view(root, cohort_result(root, id), id.strip())
            view.accounts = listing.referencing(root, view.id)
            return view, _json(view)
        return _run(work)

    for tool in (get_record, open_account, check_record, digest, list_accounts, get_cohort):
        server.add_tool(tool, description=_describe(tool), annotations=READ)
    register_resources(server, root)
    register_prompt(server, root)
    if allow_write:
        _add_writers(server, root)
    return server


def _describe(tool: Callable[..., Any]) -> str:
    return " ".join((tool.__doc__ or "").split())


def _won_deal(root: Path, account: str) -> WonDeal | None:
    """The closed-won row of `account`, when the CRM export has one (for a deal with no record yet)."""
    try:
        return find_deal(load_won(root)[0], account)
    except WriteRefused:
        return None


def _add_writers(server: MCPServer[Any], root: Path) -> None:
    def new_record(
        account: Account,
        force: Annotated[bool, Field(description="overwrite an existing record (like --force)")] = False,
    ) -> Annotated[CallToolResult, out.Written]:
        """Write records/<slug>.md for a won account, as `handoff new` does: the header from its
        crm/closed-won.csv row, stage draft, the seven fields as template placeholders, field 7 set to the
        segment's newest cohort. Refuses an existing record unless force is true; the write is atomic."""
        def work() -> tuple[BaseModel, str]:
            with _WRITES:
                done = create(root, bounded(account, "account"), force)
            seven = f"field 7 set to {done.cohort}" if done.cohort else "no cohort of this segment yet"
            message = f"wrote {done.path}: a draft with the seven fields as placeholders ({seven})"
            notes = [f"warning: {n}" for n in done.notes]
            return out.Written(path=done.path, message=message, notes=notes), "\n".join([message, *notes])
        return _run(work)

    def review_record(
        account: Account,
        decision: Annotated[Literal["accept", "reject"], Field(description="accept or reject the record")],
        by: Annotated[str, Field(description="the CS person reviewing", json_schema_extra={"maxLength": MAX_NAME})],
        reason: Annotated[str | None, Field(description="what the rep must fix; required to reject",
                                            json_schema_extra={"maxLength": 2000})] = None,
    ) -> Annotated[CallToolResult, out.Written]:
        """Set the CS review of a record, as `handoff review` does: review.status accepted or rejected, by, and
        reason (required to reject). Only the review lines of the file change; a record that does not parse is
        refused untouched."""
        def work() -> tuple[BaseModel, str]:
            why = bounded(reason, "reason", 2000) if reason and reason.strip() else None
            with _WRITES:
                done = set_review(root, bounded(account, "account"), decision, bounded(by, "by"), why)
            message = f"{done.path}: review {done.status} by {done.by}{'' if done.changed else ' (already so)'}"
            return out.Written(path=done.path, message=message, changed=done.changed), message
        return _run(work)

    # new_record may overwrite a record when force is true; review_record changes only the review lines.
    for tool, destructive in ((new_record, True), (review_record, False)):
        server.add_tool(tool, description=_describe(tool), annotations=ToolAnnotations(
            read_only_hint=False, destructive_hint=destructive, open_world_hint=False))
