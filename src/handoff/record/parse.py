"""Read a record or cohort file into a `Document`, or a `ParseError` with a line.

Parse failures are values: `load()` never raises for anything a rep can put
in a file. What python-frontmatter gets wrong is handled here on purpose: an
unclosed front matter block, front matter that is a list, raw YAML errors,
and line numbers shifted by leading blank lines.
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from handoff.record.walk import Walker
from handoff.record.yamlsafe import Loc, YamlProblem, compose

MAX_FILE_BYTES = 256 * 1024


class ParseError(ValueError):
    """A file that cannot be read as front matter plus body."""

    def __init__(self, code: str, line: int, message: str) -> None:
        super().__init__(message)
        self.code, self.line, self.message = code, line, message


@dataclass(frozen=True)
class Document:
    data: dict[str, Any]
    lines: dict[Loc, int]
    body: str
    body_line: int
    newline: str
    front: str = ""  # the YAML text, for quick whole-header scans

    def line_of(self, *loc: str | int) -> int:
        """The line of the deepest part of `loc` the file has (line 1 if none)."""
        key: Loc = tuple(loc)
        while key:
            line = self.lines.get(key)
            if line is not None:
                return line
            key = key[:-1]
        return 1


_CONFLICT = re.compile(r"^(?:<{7}|>{7})(?: |$)", re.MULTILINE)
_FENCE_LINE = re.compile(r"^---[ \t]*$", re.MULTILINE)


def load(path: Path, max_bytes: int = MAX_FILE_BYTES) -> Document | ParseError:
    try:
        return parse_bytes(read_bytes(path, max_bytes))
    except ParseError as e:
        return e


def read_bytes(path: str | Path, max_bytes: int = MAX_FILE_BYTES, lstat: os.stat_result | None = None) -> bytes:
    """The file's bytes, refused when a link, not a file or over `max_bytes`; `lstat`: the
    file's own, when the caller has just taken it."""
    try:
        mode = lstat if lstat is not None else os.lstat(path)
    except FileNotFoundError as e:
        raise ParseError("not-found", 1, "no such file") from e
    except OSError as e:
        raise ParseError("unreadable", 1, f"cannot read: {e.strerror}") from e
    if stat.S_ISLNK(mode.st_mode):
        raise ParseError("symlink", 1, "is a symbolic link; commit the record itself, not a link")
    if not stat.S_ISREG(mode.st_mode):
        raise ParseError("not-a-file", 1, "is not a regular file")
    if mode.st_size > max_bytes:
        raise ParseError(
            "file-too-large",
            1,
            f"is {mode.st_size:,} bytes, over the {max_bytes:,}-byte limit; move attachments out of the record",
        )
    try:
        with open(path, "rb") as f:
            raw = f.read(max_bytes + 1)
    except OSError as e:
        raise ParseError("unreadable", 1, f"cannot read: {e.strerror}") from e
    if len(raw) > max_bytes:  # grew after the size check
        raise ParseError("file-too-large", 1, f"is over the {max_bytes:,}-byte limit")
    return raw


def parse_or_error(raw: bytes) -> Document | ParseError:
    """`parse_bytes`, its refusal returned rather than raised (for callers that report it as a finding)."""
    try:
        return parse_bytes(raw)
    except ParseError as e:
        return e


def parse_bytes(raw: bytes) -> Document:
    if raw.startswith(b"\xef\xbb\xbf"):
        raise ParseError("bom", 1, "starts with a byte order mark (BOM); save as UTF-8 without BOM")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        line = raw.count(b"\n", 0, e.start) + 1
        raise ParseError(
            "not-utf8", line, f"is not UTF-8 (byte 0x{raw[e.start]:02X} on line {line}); save as UTF-8"
        ) from e
    if "\x00" in text:
        raise ParseError("not-utf8", text.count("\n", 0, text.index("\x00")) + 1, "contains NUL bytes; not a text file")
    return parse_text(text)


def parse_text(text: str) -> Document:
    newline = "\n"
    if "\r" in text:
        if "\r\n" in text:
            newline = "\r\n"
            text = text.replace("\r\n", "\n")
        if "\r" in text:
            line = text.count("\n", 0, text.index("\r")) + 1
            raise ParseError("bare-cr", line, "has a bare carriage return (old Mac line ending); use LF or CRLF")
    if "<<<<<<<" in text or ">>>>>>>" in text:
        conflict = _CONFLICT.search(text)
        if conflict:
            line = text.count("\n", 0, conflict.start()) + 1
            raise ParseError("merge-conflict", line, "has a merge-conflict marker; resolve the conflict first")

    opening = _FENCE_LINE.match(text)
    if opening is None:
        fence = _FENCE_LINE.search(text)
        if fence is not None and not text[: fence.start()].strip():
            blank = text.count("\n", 0, fence.start())
            raise ParseError(
                "front-matter",
                blank + 1,
                f"front matter must begin on line 1; remove the {blank} blank line(s) above `---`",
            )
        raise ParseError("no-front-matter", 1, "has no front matter; start the file with a `---` line")
    start = opening.end() + 1
    closing = _FENCE_LINE.search(text, start) if start <= len(text) else None
    if closing is None:
        raise ParseError("unclosed-front-matter", 1, "front matter opened on line 1 is never closed by `---`")
    end = text.count("\n", 0, closing.start())  # 0-based line of the closing fence

    yaml_text = text[start : closing.start()]
    try:
        node = compose(yaml_text)
        if node is None:
            raise ParseError("not-a-mapping", 1, "front matter is empty")
        walker = Walker(line_offset=2)
        data = walker.value(node)
    except YamlProblem as e:
        raise ParseError(e.code, e.line + 2, e.message) from e
    except RecursionError as e:
        raise ParseError("yaml-too-deep", 2, "front matter is nested too deeply") from e
    if not isinstance(data, dict):
        kind = "a list" if isinstance(data, list) else "a single value"
        raise ParseError("not-a-mapping", 2, f"front matter is {kind}; it must be `key: value` lines")
    body = text[closing.end() + 1 :]
    return Document(data=data, lines=walker.lines, body=body, body_line=end + 2, newline=newline, front=yaml_text)
