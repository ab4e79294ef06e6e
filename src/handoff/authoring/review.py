"""`handoff review`: set a record's `review` block and change no other line of the file.

The file is read with our parser (a file that does not parse is refused, untouched);
the edit works on the text lines, using the parsed line map to find the top-level
`review:` key and the key after it, so comments, key order, quoting and line endings
elsewhere stay byte for byte. A missing block is inserted just before the closing
`---`. The result is parsed again and must differ from the old data in `review` only.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from handoff.authoring.atomic import WriteRefused, write_bytes
from handoff.authoring.new import yaml_scalar
from handoff.record.bounds import MAX_SLUG_BYTES
from handoff.record.parse import Document, ParseError, parse_bytes, parse_text, read_bytes
from handoff.record.text import did_you_mean, is_placeholder, one_line, slugify
from handoff.record.yamlsafe import plain_number
from handoff.repo.config import CONFIG_NAME, ConfigError, load_settings

Decision = Literal["accept", "reject"]
MAX_NAME, MAX_REASON = 200, 2000
STATUS: dict[str, str] = {"accept": "accepted", "reject": "rejected"}
_NESTED_KEY = re.compile(r"^( +)[^\s#-][^:]*:")


@dataclass(frozen=True)
class Reviewed:
    path: str
    status: str
    by: str
    changed: bool


def set_review(root: Path, account: str, decision: Decision, by: str, reason: str | None) -> Reviewed:
    """Set `review` of the record of `account`; WriteRefused (file untouched) when that cannot be done."""
    by, reason = by.strip(), (reason or "").strip() or None
    if not by or is_placeholder(by):
        raise WriteRefused("--by must name the CS person who reviewed the record")
    if len(by) > MAX_NAME or not by.isprintable():
        raise WriteRefused(f"--by must be a name on one line of at most {MAX_NAME} characters")
    if reason is not None and len(reason) > MAX_REASON:
        raise WriteRefused(f"--reason is {len(reason)} characters; keep it to {MAX_REASON}")
    if decision == "reject" and (reason is None or is_placeholder(reason)):
        raise WriteRefused("reject needs --reason: say what the rep must fix, e.g. --reason \"field 5 is empty\"")
    wanted = {"status": STATUS[decision], "by": by, **({"reason": reason} if reason else {})}
    shown, changed = set_block(root, account, "review", wanted, "review it")
    return Reviewed(shown, STATUS[decision], by, changed)


def set_block(root: Path, account: str, block: str, wanted: Mapping[str, Value], then: str) -> tuple[str, bool]:
    """Set the top-level `block` of the record of `account` to `wanted`, changing only its lines.
    Returns (the record's path as shown, whether it changed); WriteRefused leaves the file untouched."""
    path, shown = find_record(root, account)
    try:
        settings = load_settings(root)
    except ConfigError as e:
        raise WriteRefused(f"{CONFIG_NAME}:{e.line}: {e.message}") from e
    try:
        raw = read_bytes(path, settings.max_file_bytes)
        doc = parse_bytes(raw)
    except ParseError as e:
        raise WriteRefused(f"{shown}:{e.line}: {e.message} (not changed: fix the file, then {then})") from e
    text = raw.decode("utf-8")
    new_text = replace_block(text, doc, wanted, shown, block)
    changed = new_text != text
    if changed:
        write_bytes(path, new_text.encode("utf-8"), shown=shown)
    return shown, changed


def find_record(root: Path, account: str) -> tuple[Path, str]:
    slug = slugify(account)
    folder = root / "records"
    if not folder.is_dir():
        raise WriteRefused("records/: no such folder; run handoff review inside a handoff repo")
    if len(slug.encode()) > MAX_SLUG_BYTES:
        raise WriteRefused(f"no record for an account name this long (its file name would be {len(slug)} "
                           f"characters, at most {MAX_SLUG_BYTES})")
    path = folder / f"{slug}.md"
    if not slug or not (path.exists() or path.is_symlink()):
        hint = did_you_mean(slug or account, sorted(p.stem for p in folder.glob("*.md")))
        raise WriteRefused(f"records/{slug or one_line(account)}.md: no such record{hint}")
    return path, f"records/{slug}.md"


Value = str | int | float | dt.date


def _scalar(value: Value) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    return yaml_scalar(value) if isinstance(value, str) else plain_number(value)


def block_lines(wanted: Mapping[str, Value], indent: str, block: str = "review") -> list[str]:
    return [f"{block}:", *(f"{indent}{key}: {_scalar(value)}" for key, value in wanted.items())]


def replace_block(text: str, doc: Document, wanted: Mapping[str, Value], shown: str, block: str = "review") -> str:
    """`text` with its top-level `block` mapping set to `wanted`; every other line unchanged."""
    lines = text.split("\n")  # CRLF lines keep their "\r": untouched lines stay byte for byte
    cr = "\r" if doc.newline == "\r\n" else ""
    fence = doc.body_line - 1  # 1-based line of the closing `---`
    tops = {key: doc.lines[(key,)] for key in doc.data}
    if any(not _starts_key(lines[line - 1]) for line in tops.values()):
        raise WriteRefused(f"{shown}: front matter is not plain `key: value` lines; set `{block}:` by hand")
    start = end = fence
    if block in doc.data:
        start = tops[block]
        if not re.match(rf"""^(?:{block}|"{block}"|'{block}')[ \t]*:""", lines[start - 1]):
            raise WriteRefused(f"{shown}:{start}: `{block}` is not a plain `{block}:` line; set it by hand")
        end = min([line for line in tops.values() if line > start] + [fence])
        while end - 1 > start and _comment_or_blank(lines[end - 2]):
            end -= 1  # comments above the next key belong to that key
    indent = _indent(lines[start - 1:end - 1] if start < end else lines[1:fence - 1])
    new_block = [line + cr for line in block_lines(wanted, indent, block)]
    if start < end:
        new_block = _keep_comments(lines[start - 1:end - 1], wanted, indent, cr) or new_block
    lines[start - 1:end - 1] = new_block
    new_text = "\n".join(lines)
    _verify(doc, new_text, wanted, shown, block)
    return new_text


def _keep_comments(old: list[str], wanted: Mapping[str, Value], indent: str, cr: str) -> list[str] | None:
    """The new block written over the `old` block's lines, keeping its comments where they stand:
    each wanted key replaces its old line (and that value's continuation lines), keys no longer
    wanted go, new keys follow the last one. None when the old block is not plain nested lines."""
    head = old[0].rstrip("\r")
    after = head.split(":", 1)[1]
    if after.strip() and not after.lstrip().startswith("#"):
        return None  # `review: {status: ...}`: nothing nested to keep
    out, todo, value_indent = [head + cr], dict(wanted), -1
    for line in old[1:]:
        bare = line.rstrip("\r")
        depth = len(bare) - len(bare.lstrip(" "))
        if bare.strip() and depth > value_indent >= 0:
            continue  # a continuation of the value being replaced or dropped
        value_indent = -1
        m = _NESTED_KEY.match(bare)
        if m is None:
            if bare.strip() and not bare.lstrip().startswith("#"):
                return None
            out.append(line)  # a comment or a blank line stays
            continue
        key = bare.strip().split(":", 1)[0].strip("\"'")
        value_indent = depth
        if key in todo:
            out.append(f"{indent}{key}: {_scalar(todo.pop(key))}{cr}")
    last = max((i for i, line in enumerate(out) if _NESTED_KEY.match(line.rstrip("\r"))), default=0)
    out[last + 1:last + 1] = [f"{indent}{key}: {_scalar(value)}{cr}" for key, value in todo.items()]
    return out


def _starts_key(line: str) -> bool:
    return bool(line) and not line[0].isspace() and line[0] not in "{[#-"


def _comment_or_blank(line: str) -> bool:
    stripped = line.rstrip("\r")
    return not stripped.strip() or stripped.startswith("#")


def _indent(lines: list[str]) -> str:
    """The indent of the first mapping nested right under a top-level key (2 spaces when there is none)."""
    for parent, child in zip(lines, lines[1:], strict=False):
        m = _NESTED_KEY.match(child)
        if m and _starts_key(parent) and parent.rstrip().endswith(":"):
            return m.group(1)
    return "  "


def _verify(old: Document, new_text: str, wanted: Mapping[str, Value], shown: str, block: str) -> None:
    why = f"could not set only the {block} block; set `{block}:` by hand"
    try:
        new = parse_text(new_text)
    except ParseError as e:
        raise WriteRefused(f"{shown}:{e.line}: {why}") from e
    rest_old = {k: v for k, v in old.data.items() if k != block}
    rest_new = {k: v for k, v in new.data.items() if k != block}
    if rest_old != rest_new or new.data.get(block) != dict(wanted) or new.body != old.body:
        raise WriteRefused(f"{shown}: {why}")
