"""What `handoff init` writes, from the templates in `handoff/init/templates/`, and writing it.

Every file is created exclusively (a temporary file hard-linked into place), so an
existing file, even one created a moment before by someone else, is never replaced.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from handoff import __version__
from handoff.repo.config import ConfigError, load_settings
from handoff.repo.worktree import ensure_git_repo

# The git URL of handoff's own repository, as a team's pre-commit config names it. A fork
# or mirror changes this one constant (tests point it at a local clone).
HOOK_REPO = "https://github.com/handoff-records/handoff"
PACKAGE = "handoff-records"  # the name on the package index; the bare `handoff` is someone else's
CRMS = ("plain", "hubspot", "salesforce", "pipedrive")
SITES = ("mkdocs", "zensical")
# The header-only exports of each CRM: template -> where it goes.
_EXPORTS = {
    "plain": (("crm/plain-won.csv", "crm/closed-won.csv"), ("crm/plain-lost.csv", "crm/closed-lost.csv")),
    "hubspot": (("crm/hubspot.csv", "crm/deals.csv"),),
    "salesforce": (("crm/salesforce.csv", "crm/opportunities.csv"),),
    "pipedrive": (("crm/pipedrive.csv", "crm/deals.csv"),),
}
_SITE = {
    "mkdocs": ("site/mkdocs.yml", "mkdocs.yml", "site", "mkdocs build --strict"),
    "zensical": ("site/zensical.toml", "zensical.toml", "zensical", "handoff pages && zensical build"),
}
_FIXED = (
    ("site/index.md", "docs/index.md"),
    ("pre-commit-config.yaml", ".pre-commit-config.yaml"),
    ("github/check.yml", ".github/workflows/handoff-check.yml"),
    ("github/site.yml", ".github/workflows/handoff-site.yml"),
    ("github/digest.yml", ".github/workflows/handoff-digest.yml"),
    ("CODEOWNERS", "CODEOWNERS"),
    ("gitignore", ".gitignore"),
    ("README.md", "README.md"),
)


class InitError(ValueError):
    """A folder that cannot become a handoff repo: one line naming the path."""


@dataclass(frozen=True)
class InitRun:
    root: Path
    wrote: tuple[str, ...]
    left: tuple[str, ...]
    git_init: bool
    crm: str = "plain"
    site: str = "mkdocs"


def _template(name: str) -> bytes:
    return resources.files("handoff.init").joinpath("templates", name).read_bytes()


def plan(crm: str = "plain", site: str = "mkdocs", hook_repo: str = HOOK_REPO) -> list[tuple[str, bytes]]:
    """Every (path, bytes) `init` writes for this CRM and site generator, in writing order."""
    if crm not in CRMS or site not in SITES:
        raise InitError(f"--crm must be one of {', '.join(CRMS)} and --site one of {', '.join(SITES)}")
    exports = _EXPORTS[crm]
    site_template, site_config, extra, build = _SITE[site]
    tokens = {
        "@@VERSION@@": __version__, "@@PACKAGE@@": PACKAGE, "@@HOOK_REPO@@": hook_repo,
        "@@SITE_EXTRA@@": extra, "@@SITE_BUILD@@": build, "@@SITE_CONFIG@@": site_config,
        "@@WON@@": exports[0][1], "@@EXPORTS@@": ", ".join(f"`{target}`" for _, target in exports),
        "@@CRM@@": _template(f"crm/{crm}.toml").decode("utf-8").rstrip("\n"),
    }

    def fill(name: str) -> bytes:
        text = _template(name).decode("utf-8")
        for token, value in tokens.items():
            text = text.replace(token, value)
        return text.encode("utf-8")

    files = [("records/.gitkeep", b""), ("cohorts/.gitkeep", b"")]
    files += [(target, _template(name)) for name, target in exports]
    files += [("handoff.toml", fill("handoff.toml")), (site_config, fill(site_template))]
    files += [(target, fill(name)) for name, target in _FIXED]
    return files


def _create(path: Path, data: bytes) -> bool:
    """Create `path` holding `data` unless something is there; True when it was written."""
    if path.exists() or path.is_symlink():
        return False
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.chmod(tmp, 0o644)
        os.link(tmp, path)  # fails when the path exists: never a replacement
        return True
    except FileExistsError:
        return False
    except OSError:  # a file system without hard links: exclusive creation still never replaces
        try:
            with open(path, "xb") as f:
                f.write(data)
            return True
        except FileExistsError:
            return False
    finally:
        os.unlink(tmp)


def chosen(target: Path, crm: str | None, site: str | None) -> tuple[str, str]:
    """The CRM and site asked for; when not asked, those a handoff repo at `target` already uses."""
    if crm is None:
        try:
            crm = load_settings(target).crm.preset
        except ConfigError:
            crm = "plain"
    if site is None:
        site = "zensical" if (target / "zensical.toml").is_file() and not (target / "mkdocs.yml").is_file() \
            else "mkdocs"
    return crm, site


def init(target: Path, crm: str | None = None, site: str | None = None, hook_repo: str = HOOK_REPO) -> InitRun:
    """Make `target` a handoff repo: write every planned file that does not exist yet, `git init` if needed.

    Without `crm` or `site`, a repo that has a handoff.toml or zensical.toml keeps what it uses,
    so that running `handoff init` again changes nothing."""
    crm, site = chosen(target, crm, site)
    files = plan(crm, site, hook_repo)
    if target.exists() and not target.is_dir():
        raise InitError(f"{target}: is a file, not a folder")
    wrote: list[str] = []
    left: list[str] = []
    try:
        target.mkdir(parents=True, exist_ok=True)
        git_init = ensure_git_repo(target)
        for rel, data in files:
            path = target / rel
            for folder in reversed(path.parents[: len(Path(rel).parts) - 1]):
                if folder.is_symlink() or (folder.exists() and not folder.is_dir()):
                    raise InitError(f"{folder.relative_to(target).as_posix()}: is not a folder; move it away "
                                    "and run `handoff init` again")
                folder.mkdir(exist_ok=True)
            (wrote if _create(path, data) else left).append(rel)
    except OSError as e:
        raise InitError(f"{target}: cannot write: {e.strerror}") from e
    return InitRun(target, tuple(wrote), tuple(left), git_init, crm, site)
