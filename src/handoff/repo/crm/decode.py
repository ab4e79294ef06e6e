"""An export's bytes to text and its delimiter, detected only where the bytes leave no doubt.

Encoding `auto`: a UTF-8 or UTF-16 byte order mark says which; otherwise the file
must be valid UTF-8. Bytes that are not are refused at their own line, naming the
`encoding` key: Windows-1252 and Latin-1 cannot be told apart from the bytes alone.
Delimiter `auto`: the one of `, ; tab |` that appears in the header outside quotes;
none or several is refused, naming the `delimiter` key.
"""

from __future__ import annotations

import codecs
import csv
import io

from handoff.repo.crm.model import CrmError

DELIMITERS = (",", ";", "\t", "|")
_SHOWN = {",": ",", ";": ";", "\t": "tab", "|": "|"}


def decode(raw: bytes, path: str, encoding: str = "auto", v1: bool = False) -> tuple[str, str]:
    """(text without a byte order mark, the encoding used); `v1` words a refusal as the v1 reader did."""
    if encoding == "auto":
        if raw.startswith(codecs.BOM_UTF8):
            raw, encoding = raw[3:], "utf-8"
        elif raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            encoding = "utf-16"
        else:
            encoding = "utf-8"
        fix = 'export it as UTF-8 CSV, or set `encoding` in [crm] of handoff.toml (e.g. "cp1252")'
    else:
        fix = f"it is not {encoding}: fix `encoding` in [crm] of handoff.toml"
    try:
        text = raw.decode(encoding)
    except UnicodeDecodeError as e:
        if encoding == "utf-16":
            line = raw[: e.start].decode("utf-16", "replace").count("\n") + 1
        else:
            line = raw.count(b"\n", 0, e.start) + 1
        byte = raw[e.start:e.start + 1].hex().upper()
        if v1:
            raise CrmError(path, line, "is not UTF-8; export it from the CRM as UTF-8 CSV") from e
        raise CrmError(path, line, f"byte 0x{byte} is not {encoding}; {fix}") from e
    return (text[1:] if text.startswith("\ufeff") else text), encoding


def header_line(text: str) -> str:
    """The first record of the file (a quoted header cell may hold a newline)."""
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        next(reader, None)
    except csv.Error:
        pass
    lines = io.StringIO(text, newline="")
    return "".join(lines.readline() for _ in range(max(reader.line_num, 1)))


def sniff(text: str, path: str, delimiter: str = "auto") -> str:
    if delimiter != "auto":
        return delimiter
    head = header_line(text)
    outside = "".join(part for i, part in enumerate(head.split('"')) if i % 2 == 0)
    found = [d for d in DELIMITERS if d in outside]
    if len(found) == 1:
        return found[0]
    if not found and head.strip() and "," not in head:
        # A one-column header is a header without a delimiter to find: any will do.
        return ","
    shown = " and ".join(f"`{_SHOWN[d]}`" for d in found)
    raise CrmError(path, 1, f"the header holds {shown}: set `delimiter` in [crm] of handoff.toml "
                            f"to the one that separates columns")


def shown(delimiter: str) -> str:
    return _SHOWN.get(delimiter, delimiter)
