"""The exports of a repo on disk or at a commit, read as `[crm]` in handoff.toml says.

`won_from_bytes` serves the digest (a blob of a commit); `read_won`, `read_lost` and
`survey` serve `new`, `cohort` and `handoff crm` from the working tree. A missing or
unreadable file is an `ExportError` with one line naming the fix.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from handoff.repo.crm.model import CrmError, LostDeal, WonDeal
from handoff.repo.crm.options import CrmConfig
from handoff.repo.crm.plain import parse_lost

if TYPE_CHECKING:
    from handoff.repo.crm.reader import Export

_FIX = {"won": "export the closed-won deals from the CRM to it",
        "lost": "export the closed-lost deals from the CRM to it"}


class ExportError(ValueError):
    """An export that is missing or cannot be opened: `path: message`."""


def kinds_of(config: CrmConfig, path: str) -> tuple[str, ...]:
    """The deals one file holds: won, lost, or both when one "all deals" export feeds both."""
    return tuple(k for k, p in (("won", config.won), ("lost", config.lost)) if p == path)


def read_bytes(root: Path, rel: str, kind: str) -> bytes:
    path = root / rel
    if path.is_symlink():
        raise ExportError(f"{rel}: is a symbolic link; put the export itself there")
    try:
        return path.read_bytes()
    except FileNotFoundError as e:
        raise ExportError(f"{rel}: no such file; {_FIX[kind]}") from e
    except IsADirectoryError as e:
        raise ExportError(f"{rel}: is a folder, not a file") from e
    except OSError as e:
        raise ExportError(f"{rel}: cannot read: {e.strerror}") from e


def won_from_bytes(raw: bytes, config: CrmConfig) -> list[WonDeal]:
    """The won deals of the won export's bytes; CrmError at the first bad row (one deal per slug)."""
    from handoff.repo.crm.reader import read_export

    export = read_export(raw, config.won, config, ("won",))
    export.raise_first()
    return export.won


def read_won(root: Path, config: CrmConfig) -> list[WonDeal]:
    return won_from_bytes(read_bytes(root, config.won, "won"), config)


def read_lost(root: Path, config: CrmConfig, window: tuple[dt.date, dt.date] | None = None) -> list[LostDeal]:
    """The lost deals (closed in `window` when given); v1 exports stream through the fast path."""
    if config.is_v1:
        path = root / config.lost
        if path.is_file() and not path.is_symlink():
            try:
                with open(path, encoding="utf-8-sig", newline="") as lines:
                    return parse_lost(lines, config.lost, window)
            except UnicodeDecodeError:
                pass  # the one reader says at which line
            except OSError:
                pass
    from handoff.repo.crm.reader import read_export  # the v1 fast path above starts without it

    export = read_export(read_bytes(root, config.lost, "lost"), config.lost, config, ("lost",))
    export.raise_first()
    if window is None:
        return export.lost
    return [d for d in export.lost if window[0] <= d.closed <= window[1]]


def survey(root: Path, config: CrmConfig) -> list[Export | CrmError | ExportError]:
    """Each export file read whole, for `handoff crm`: its mapping, counts and every unreadable row."""
    from handoff.repo.crm.reader import read_export

    out: list[Export | CrmError | ExportError] = []
    for rel in dict.fromkeys((config.won, config.lost)):
        kinds = kinds_of(config, rel)
        try:
            out.append(read_export(read_bytes(root, rel, kinds[0]), rel, config, kinds))
        except (CrmError, ExportError) as e:
            out.append(e)
    return out
