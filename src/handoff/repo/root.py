"""Find the root of a handoff repo the way git finds its top level."""

from __future__ import annotations

from pathlib import Path


class NotARepo(ValueError):
    pass


def find_root(start: Path | None = None) -> Path:
    """The nearest folder at or above `start` holding `.git`; failing that, one holding
    `handoff.toml` or `records/`. Raises NotARepo when there is neither."""
    here = (start or Path.cwd()).resolve()
    chain = [here, *here.parents]
    for folder in chain:
        if (folder / ".git").exists():
            return folder
    for folder in chain:
        if (folder / "handoff.toml").is_file() or (folder / "records").is_dir():
            return folder
    raise NotARepo("not inside a handoff repo (no .git, handoff.toml or records/ here or above)")
