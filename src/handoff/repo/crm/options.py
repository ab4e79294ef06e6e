"""The `[crm]` table of handoff.toml: which files, which preset, how to read them.

Without the table the contract's v1 files and columns apply unchanged. A bad value
is a `ValueError` naming its key; `handoff.repo.config` turns it into a `config`
finding at the table's line.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from handoff.repo.crm.model import LOST_PATH, NAMES, WON_PATH

_KEYS = ("preset", "won", "lost", "delimiter", "encoding", "date_format", "decimal", "won_stages", "lost_stages",
         "columns", "metrics")
METRICS_PATH = "crm/success-metrics.csv"


class CrmConfig(NamedTuple):  # a tuple, not a dataclass: every command reads settings, and this is quicker to build
    preset: str = "plain"
    won: str = WON_PATH
    lost: str = LOST_PATH
    delimiter: str = "auto"
    encoding: str = "auto"
    date_format: str = "auto"
    decimal: str = "."
    won_stages: tuple[str, ...] | None = None  # None: the preset's; (): every row of the file
    lost_stages: tuple[str, ...] | None = None
    columns: tuple[tuple[str, str], ...] = ()  # the table's own overrides
    metrics: str = METRICS_PATH  # the success-metric export (`account,date,value`)

    @property
    def is_v1(self) -> bool:
        """The contract's v1 files read the v1 way: no [crm] table, or one that only restates the defaults
        (where the success-metric export lives has no bearing on the deal exports)."""
        return self._replace(metrics=METRICS_PATH) == CrmConfig()

    def headers(self) -> dict[str, tuple[str, ...]]:
        """Each contract name's accepted headers: the preset's, replaced by `[crm.columns]`."""
        from handoff.repo.crm.presets import PRESETS

        table: dict[str, tuple[str, ...]] = dict(PRESETS[self.preset].headers)
        table.update((name, (header,)) for name, header in self.columns)
        return table

    def stages(self, kind: str) -> frozenset[str]:
        """Stages (case-folded) that make a row a deal of `kind`; the preset's when none are set."""
        from handoff.repo.crm.presets import PRESETS

        mine = self.won_stages if kind == "won" else self.lost_stages
        preset = PRESETS[self.preset]
        chosen = mine if mine is not None else (preset.won_stages if kind == "won" else preset.lost_stages)
        return frozenset(s.strip().casefold() for s in chosen)


def _text(table: dict[str, Any], key: str, default: str) -> str:
    value = table.get(key, default)
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"[crm] `{key}` must be a non-empty string")
    return value


def _path(table: dict[str, Any], key: str, default: str) -> str:
    value = _text(table, key, default)
    parts = value.split("/")
    if not value.startswith("crm/") or "\\" in value or any(p in ("", ".", "..") for p in parts[1:]):
        raise ValueError(f"[crm] `{key}` must be a file under crm/, e.g. \"crm/deals.csv\"; found {value!r}")
    return value


def _stages(table: dict[str, Any], key: str) -> tuple[str, ...] | None:
    """The listed stages; None when the key is absent (the preset's apply). `[]` means no filter."""
    if key not in table:
        return None
    value = table[key]
    if not isinstance(value, list) or not all(isinstance(s, str) and s.strip() for s in value):
        raise ValueError(f"[crm] `{key}` must be a list of stage names")
    return tuple(value)


def parse_crm(table: Any) -> CrmConfig:
    """The `[crm]` table as a `CrmConfig`, or ValueError naming the key that is wrong."""
    if not isinstance(table, dict):
        raise ValueError("`crm` must be a table: [crm]")
    unknown = sorted(set(table) - set(_KEYS))
    if unknown:
        raise ValueError(f"[crm] has unknown key `{unknown[0]}`; known: {', '.join(_KEYS)}")
    from handoff.repo.crm.presets import PRESETS

    preset = _text(table, "preset", "plain")
    if preset not in PRESETS:
        raise ValueError(f"[crm] `preset` must be one of {', '.join(PRESETS)}; found {preset!r}")
    delimiter = table.get("delimiter", "auto")
    if not isinstance(delimiter, str):
        raise ValueError('[crm] `delimiter` must be "auto" or one character such as "," ";" "\\t" "|"')
    if delimiter != "auto" and (len(delimiter) != 1 or delimiter in "\"\r\n"):
        raise ValueError('[crm] `delimiter` must be "auto" or one character such as "," ";" "\\t" "|"')
    encoding = _text(table, "encoding", "auto")
    if encoding != "auto":
        try:
            "a".encode(encoding)  # str.encode refuses codecs that are no text encoding (rot13, base64)
        except (LookupError, UnicodeError):
            raise ValueError(f"[crm] `encoding` {encoding!r} is not a text encoding; e.g. \"cp1252\"") from None
    date_format = _text(table, "date_format", "auto")
    if date_format != "auto" and "%" not in date_format:
        raise ValueError('[crm] `date_format` must be "auto" or a strptime pattern such as "%m/%d/%Y"')
    decimal = _text(table, "decimal", ".")
    if decimal not in (".", ","):
        raise ValueError('[crm] `decimal` must be "." or ","')
    columns = table.get("columns", {})
    if not isinstance(columns, dict):
        raise ValueError("[crm.columns] must be a table: contract name = \"the export's header\"")
    for name, header in columns.items():
        if name not in NAMES:
            raise ValueError(f"[crm.columns] `{name}` is not a contract name; known: {', '.join(NAMES)}")
        if not isinstance(header, str) or not header.strip():
            raise ValueError(f"[crm.columns] `{name}` must be the export's header, a non-empty string")
    won_stages, lost_stages = _stages(table, "won_stages"), _stages(table, "lost_stages")
    if preset == "plain":  # its columns have no stages unless listed: `[]` says the same as no key
        won_stages, lost_stages = won_stages or None, lost_stages or None
    config = CrmConfig(preset, _path(table, "won", WON_PATH), _path(table, "lost", LOST_PATH), delimiter, encoding,
                       date_format, decimal, won_stages, lost_stages,
                       tuple(sorted(columns.items())), _path(table, "metrics", METRICS_PATH))
    if config.won == config.lost and not (config.stages("won") and config.stages("lost")):
        raise ValueError("[crm] `won` and `lost` are the same file: set `won_stages` and `lost_stages` "
                         "so each row is one or the other")
    return config

