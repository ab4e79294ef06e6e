"""`handoff crm`: how the exports map, what was read, and every row that could not be.

The first command a team runs on its own export: each contract name and the header
it came from, rows read, won and lost counts, and each unreadable row as
`path:line: message`. The exit code is 1 when any row (or file) could not be read.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from handoff.repo.crm.decode import shown
from handoff.repo.crm.exports import ExportError, kinds_of, survey
from handoff.repo.crm.model import LOST_COLUMNS, NAMES, WON_COLUMNS, CrmError
from handoff.repo.crm.options import CrmConfig
from handoff.repo.crm.presets import PRESETS
from handoff.repo.crm.reader import Export

_FOR_REP = "`handoff new` leaves it for the rep"
_OPTIONAL_NOTE = {"term_months": _FOR_REP, "segment": _FOR_REP,
                  "cs_owner": "optional", "competitor": "optional", "currency": "amounts carry their own, if any",
                  "stage": "every row counts", "reason": "needed in the lost export", "rep": "optional"}


def _errors(item: Export | CrmError | ExportError) -> list[str]:
    if isinstance(item, Export):
        return [str(e) for e in item.errors]
    return [str(item)]


def _columns(export: Export) -> dict[str, str | None]:
    """The names this file feeds: its kinds' columns, and `stage` and `currency` when the file has them."""
    wanted = {n for k in export.kinds for n in (WON_COLUMNS if k == "won" else LOST_COLUMNS)}
    return {n: export.mapping.get(n) for n in NAMES
            if n in wanted or (n in ("stage", "currency") and export.mapping.get(n) is not None)}


def as_data(root: Path, config: CrmConfig) -> dict[str, Any]:
    exports: list[dict[str, Any]] = []
    for item in survey(root, config):
        if isinstance(item, Export):
            exports.append({"path": item.path, "holds": list(item.kinds), "encoding": item.encoding,
                            "delimiter": shown(item.delimiter), "columns": _columns(item),
                            "rows": item.rows, "won": len(item.won), "lost": len(item.lost),
                            "errors": _errors(item)})
        else:
            rel = item.path if isinstance(item, CrmError) else str(item).split(":", 1)[0]
            exports.append({"path": rel, "holds": list(kinds_of(config, rel)), "encoding": None, "delimiter": None,
                            "columns": {}, "rows": 0, "won": 0, "lost": 0, "errors": _errors(item)})
    return {"preset": config.preset, "source": PRESETS[config.preset].source, "date_format": config.date_format,
            "decimal": config.decimal, "exports": exports,
            "won": sum(e["won"] for e in exports), "lost": sum(e["lost"] for e in exports),
            "errors": [m for e in exports for m in e["errors"]]}


def as_text(data: dict[str, Any]) -> str:
    lines = [f"preset {data['preset']}: {data['source']}; dates {data['date_format']}, decimal "
             f"\"{data['decimal']}\""]
    for e in data["exports"]:
        holds = " and ".join(e["holds"])
        if e["encoding"] is None:
            lines.append(f"{e['path']} ({holds} deals): not read")
            continue
        lines.append(f"{e['path']} ({holds} deals; {e['encoding']}, delimiter {e['delimiter']}):")
        for name, header in e["columns"].items():
            note = _OPTIONAL_NOTE.get(name, "")
            source = f'<- "{header}"' if header is not None else f"   not in the export ({note})"
            lines.append(f"  {name:<12} {source}")
        lines.append(f"  rows read {e['rows']}: {e['won']} won, {e['lost']} lost")
    lines += data["errors"]
    bad = len(data["errors"])
    lines.append(f"{data['won']} won, {data['lost']} lost; "
                 f"{bad} unreadable row{'s' if bad != 1 else ''}" if bad else f"{data['won']} won, {data['lost']} "
                 "lost; every row read")
    return "\n".join(lines) + "\n"


def run(root: Path, config: CrmConfig, fmt: str) -> tuple[str, int]:
    """The report in `fmt` (text or json) and the exit code: 1 when anything could not be read."""
    data = as_data(root, config)
    text = json.dumps(data, indent=2, ensure_ascii=False) + "\n" if fmt == "json" else as_text(data)
    return text, 1 if data["errors"] else 0
