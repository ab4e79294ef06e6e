"""Resources `handoff://records/{slug}` and `handoff://cohorts/{id}`, and the prompt `draft_record`.

A resource is the file as it is in the working tree (markdown). Every record and
cohort is listed as a concrete resource at the time of the listing, so that a client
can offer them for attaching; the templates serve any slug or id.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote

from mcp.server.mcpserver import MCPServer, UserMessage
from mcp.server.mcpserver.exceptions import ResourceError, ResourceNotFoundError
from mcp.shared.exceptions import MCPError
from mcp.types import INVALID_PARAMS, Resource
from pydantic import Field

from handoff.authoring.atomic import WriteRefused
from handoff.authoring.new import find_deal, latest_cohort, load_won, render
from handoff.authoring.prompt import system_prompt
from handoff.mcpserver.lookup import Refused, bounded, cohort_ids, settings
from handoff.record.parse import ParseError, read_bytes
from handoff.record.text import did_you_mean, one_line, slugify
from handoff.repo.crm import WON_COLUMNS

MARKDOWN = "text/markdown"


class HandoffServer(MCPServer[Any]):
    """An MCPServer that lists the repo's records and cohorts as resources, fresh at each listing."""

    def __init__(self, root: Path, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.root = root

    async def list_resources(self) -> list[Resource]:
        listed = await super().list_resources()
        for folder, what in (("records", "handoff record"), ("cohorts", "lost-deal cohort")):
            base = self.root / folder
            names = sorted(p.stem for p in base.glob("*.md")) if base.is_dir() else []
            listed += [Resource(uri=f"handoff://{folder}/{quote(name, safe='')}", name=f"{folder}/{name}.md",
                                mime_type=MARKDOWN,
                                description=f"the {what} {folder}/{name}.md") for name in names]
        return listed


def _read(root: Path, shown: str) -> str:
    try:
        limit = settings(root).max_file_bytes
    except Refused as e:
        raise ResourceError(e.message) from e
    try:
        return read_bytes(root / shown, limit).decode("utf-8")
    except ParseError as e:
        raise ResourceError(f"{shown}:{e.line}: {e.code} {e.message}") from e
    except UnicodeDecodeError as e:
        raise ResourceError(f"{shown}:1: not-utf8 is not UTF-8; save as UTF-8") from e


def _stem(value: str, folder: Path, what: str) -> str:
    """`value` (a name or slug) as a file stem that exists in `folder`, else ResourceNotFoundError."""
    try:
        value = bounded(value, what)
    except Refused as e:
        raise ResourceNotFoundError(e.message) from e
    names = sorted(p.stem for p in folder.glob("*.md")) if folder.is_dir() else []
    for stem in (value, slugify(value)):
        if stem in names:
            return stem
    hint = did_you_mean(value, names)
    raise ResourceNotFoundError(f"{folder.name}/{one_line(value)}.md: no such {what}{hint}")


def register_resources(server: MCPServer[Any], root: Path) -> None:
    @server.resource("handoff://records/{slug}", name="record", mime_type=MARKDOWN,
                     description="A handoff record as it is in the working tree: front matter and body.")
    def record(slug: str) -> str:
        return _read(root, f"records/{_stem(slug, root / 'records', 'record')}.md")

    @server.resource("handoff://cohorts/{id}", name="cohort", mime_type=MARKDOWN,
                     description="A lost-deal cohort file: counts, top reasons, watch line, the deals, a summary.")
    def cohort(id: str) -> str:
        known = cohort_ids(root)
        stem = id if id in known else _stem(id, root / "cohorts", "cohort")
        return _read(root, f"cohorts/{stem}.md")


def draft_messages(root: Path, account: str) -> list[UserMessage]:
    """The drafting assistant's system prompt, then the account's CRM row and the skeleton `handoff new` writes."""
    try:
        account = bounded(account, "account")
        deals, won_path = load_won(root)
    except WriteRefused as e:
        raise MCPError(INVALID_PARAMS, Refused(e.message).message) from e
    except Refused as e:
        raise MCPError(INVALID_PARAMS, e.message) from e
    deal = find_deal(deals, account)
    if deal is None:
        hint = did_you_mean(account, sorted({d.account for d in deals}))
        message = (f"{won_path}: no closed-won row for account `{one_line(account)}`{hint} "
                   "(add the deal to the CRM export, or check the spelling)")
        raise MCPError(INVALID_PARAMS, Refused(message).message)
    row = {c: getattr(deal, c) for c in WON_COLUMNS}
    lines = [f"{key}: {value}" for key, value in row.items()]
    skeleton = render(deal, latest_cohort(root / "cohorts", deal.segment))
    task = (f"Draft the handoff record for {deal.account}. The CRM row ({won_path}, line {deal.line}):\n\n"
            + "\n".join(lines) + "\n\nStart from this file (the header is filled from the row; keep field 7 as "
            "given) and replace the placeholders you can answer from the material:\n\n```markdown\n" + skeleton
            + "```\n")
    return [UserMessage(system_prompt()), UserMessage(task)]


def register_prompt(server: MCPServer[Any], root: Path) -> None:
    @server.prompt(name="draft_record", description=(
        "System prompt for the sales-side drafting assistant (the seven fields, their rules, the placeholders, the "
        "AI-assist line) with the account's closed-won CRM row and the draft skeleton `handoff new` writes, so "
        "that the draft lands in the contract's shape."))
    def draft_record(
        account: Annotated[str, Field(description="the won account's name or slug, as in crm/closed-won.csv")],
    ) -> list[UserMessage]:
        return draft_messages(root, account)
