"""Won exports read once per blob, kept under `.handoff/cache/won-<key>.json`.

The weekly review reads the won export as of a dozen week ends, and a CRM export of 5,000
deals takes a tenth of a second to read; its blob rarely changes from week to week. What
reading it gave (the deals, or the one-line reason there are none) is kept by the blob's
sha, the `[crm]` table and handoff's version, so a later run reads none of them again. A
file is data (JSON), validated when read; a damaged one is ignored. At most `KEEP` files
are kept, the oldest removed first.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from pathlib import Path

from pydantic import TypeAdapter, ValidationError

from handoff import __version__
from handoff.repo.crm.model import WonDeal
from handoff.repo.crm.options import CrmConfig
from handoff.repo.logcache import FOLDER, write_bytes

FORMAT = 1
KEEP = 64
Won = tuple[WonDeal, ...] | str  # the deals, or why there are none

# A deal as stored: `int | float` keeps an amount as the export gave it (28494 stays an int).
_Row = tuple[str, dt.date, int | float, int | None, str, str, str, int]
_FILE = TypeAdapter(dict[str, list[_Row] | str])


def _name(blob: str, config: CrmConfig) -> str:
    key = hashlib.sha256(repr((FORMAT, __version__, blob, config)).encode()).hexdigest()
    return f"won-{key[:40]}.json"


def get(top: Path, blob: str, config: CrmConfig) -> Won | None:
    """What reading the export blob `blob` with `config` gave, or None when not kept."""
    name = _name(blob, config)
    try:
        data = _FILE.validate_json((top / FOLDER / name).read_bytes())
    except (OSError, ValueError, ValidationError):
        return None
    value = data.get(name)
    if value is None:
        return None
    return value if isinstance(value, str) else tuple(WonDeal(*row) for row in value)


def put(top: Path, blob: str, config: CrmConfig, won: Won) -> None:
    name = _name(blob, config)
    payload: dict[str, list[_Row] | str] = {name: won if isinstance(won, str) else [
        (d.account, d.closed, d.arr, d.term_months, d.segment, d.rep, d.cs_owner, d.line) for d in won]}
    write_bytes(top, name, _FILE.dump_json(payload))
    _trim(top / FOLDER)


def _trim(folder: Path) -> None:
    try:
        kept = sorted((e.stat().st_mtime_ns, e.path) for e in os.scandir(folder)
                      if e.name.startswith("won-") and e.name.endswith(".json"))
    except OSError:
        return
    for _mtime, path in kept[:-KEEP]:
        try:
            os.unlink(path)
        except OSError:
            pass
