"""Check a set of files in a handoff repo: find them, load each, dispatch by kind, collect results."""

from __future__ import annotations

import functools
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from handoff.check.cohort import check_cohort
from handoff.check.findings import FileResult, unreadable
from handoff.check.record import CheckContext, check_record
from handoff.record.parse import load
from handoff.record.text import one_line
from handoff.repo.config import CONFIG_NAME, ConfigError, Settings, load_settings


@dataclass(frozen=True)
class CheckRun:
    results: tuple[FileResult, ...]
    settings: Settings

    @property
    def failed(self) -> bool:
        return any(r.errors for r in self.results)


def default_targets(root: Path) -> list[Path]:
    return [root / rel for rel in default_rels(root)]


def default_rels(root: Path) -> list[str]:
    """What `handoff check` checks with no paths given, relative to `root`: `records/*.md`, then `cohorts/*.md`."""
    found: list[str] = []
    for folder in ("records", "cohorts"):
        try:
            names = sorted(e.name for e in os.scandir(root / folder) if e.name.endswith(".md"))
        except (FileNotFoundError, NotADirectoryError):
            continue
        found.extend(f"{folder}/{name}" for name in names)
    return found


def expand(paths: Iterable[Path]) -> list[Path]:
    out: list[Path] = []
    for p in paths:
        if p.is_dir() and not p.is_symlink():
            out.extend(sorted(q for q in p.rglob("*.md") if q.is_file() or q.is_symlink()))
        else:
            out.append(p)
    return out


def display(path: Path, root: Path) -> str:
    absolute = os.path.abspath(path)
    prefix = str(root) + os.sep
    shown = absolute[len(prefix):] if absolute.startswith(prefix) else str(path)
    return one_line(shown.replace(os.sep, "/"), 200)


def repo_context(root: Path, settings: Settings) -> CheckContext:
    folder = root / "cohorts"

    @functools.cache
    def ids() -> list[str]:
        # File stems only, so an id with `/` or `..` can never name a file outside cohorts/.
        return sorted(p.stem for p in folder.glob("*.md")) if folder.is_dir() else []

    @functools.cache
    def known() -> frozenset[str]:
        return frozenset(ids())

    return CheckContext(cohort_exists=lambda cohort_id: cohort_id in known(), cohort_ids=ids,
                        extra_keys=settings.extra_keys)


def is_cohort_path(path: Path) -> bool:
    return path.parent.name == "cohorts"


def is_dependency(shown: str) -> bool:
    """A file records depend on (the settings, a CRM export, a cohort): changing or deleting
    it can break records nobody touched, so checking it means checking the whole repo."""
    return shown == CONFIG_NAME or shown.startswith("crm/") or (shown.startswith("cohorts/") and "/" not in shown[8:])


def hook_targets(root: Path, paths: Sequence[Path], deleted: Sequence[str] = ()) -> list[Path]:
    """What a commit hook checks for the `paths` a commit adds or changes and the repo-relative
    files it `deleted`: those paths, or the whole repo when a settings file, CRM export or cohort
    is among either; settings and CRM files are never checked as records themselves."""
    explicit = expand(paths)
    if not any(is_dependency(display(p, root)) for p in explicit) and not any(map(is_dependency, deleted)):
        return explicit
    everything = default_targets(root)
    seen = {display(p, root) for p in everything}
    rest = [p for p in explicit if (shown := display(p, root)) not in seen and not is_dependency(shown)]
    return everything + rest


def run_check(root: Path, paths: Sequence[Path], deleted: Sequence[str] | None = None) -> CheckRun:
    """Check `paths` (or every record and cohort of the repo) and return every result.

    As a commit hook, `deleted` names the repo-relative files the commit deletes (possibly
    none), and a changed or deleted cohort, settings file or CRM export checks the whole repo.
    """
    try:
        settings = load_settings(root)
    except ConfigError as e:
        return CheckRun((unreadable(CONFIG_NAME, "config", e.line, "config", e.message),), Settings())
    ctx = repo_context(root, settings)
    if deleted is not None:
        targets = hook_targets(root, paths, deleted)
    else:
        targets = expand(paths) if paths else default_targets(root)
    results: list[FileResult] = []
    # A file named twice (`records/a.md ./records/a.md records/`) is checked and counted once.
    targets = list({os.path.abspath(p): p for p in targets}.values())
    for path in targets:
        shown = display(path, root)
        parsed = load(path, settings.max_file_bytes)
        stem = path.name[:-3] if path.name.endswith(".md") else path.name
        if is_cohort_path(path):
            results.append(check_cohort(shown, stem, parsed))
        else:
            results.append(check_record(shown, stem, parsed, ctx))
    return CheckRun(tuple(results), settings)
