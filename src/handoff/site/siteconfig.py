"""Where a repo's site keeps its pages: `docs_dir` and `use_directory_urls`, read from the
site generator's own config (`zensical.toml`, else `mkdocs.yml`/`mkdocs.yaml`), as the
generator would read them. Only these two settings are read; nothing is constructed from a
YAML tag (MkDocs configs often hold `!!python/name:` or `!ENV` tags: they read as null)."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

CONFIG_FILES = ("zensical.toml", "mkdocs.yml", "mkdocs.yaml")  # the order `zensical build` looks in
_MAX_CONFIG_BYTES = 1 << 20


class SiteConfigError(ValueError):
    """The site config cannot be read; the message is one line naming the file."""


@dataclass(frozen=True)
class SiteConfig:
    docs_dir: Path
    use_directory_urls: bool = True
    config_file: str | None = None

    @property
    def generator(self) -> str:
        """Who builds the site: Zensical when it has a zensical.toml, else MkDocs."""
        return "zensical" if self.config_file == "zensical.toml" else "mkdocs"


class _Loader(yaml.SafeLoader):
    """Safe YAML that reads any tag as null instead of refusing the file."""


def _ignore_tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> None:
    return None


_Loader.add_multi_constructor("", _ignore_tag)


def _load(path: Path) -> dict[str, Any]:
    try:
        if path.stat().st_size > _MAX_CONFIG_BYTES:
            raise SiteConfigError(f"{path.name}: is over {_MAX_CONFIG_BYTES:,} bytes")
        raw = path.read_bytes()
        if path.suffix == ".toml":
            data: Any = tomllib.loads(raw.decode("utf-8"))
            data = data.get("project", data) if isinstance(data, dict) else data
        else:
            data = yaml.load(raw.decode("utf-8"), Loader=_Loader)  # noqa: S506 - a SafeLoader subclass
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError, yaml.YAMLError) as e:
        detail = str(e).splitlines()[0] if str(e) else type(e).__name__
        raise SiteConfigError(f"{path.name}: cannot be read: {detail}") from None
    return data if isinstance(data, dict) else {}


def read_site_config(root: Path) -> SiteConfig:
    """The docs folder of the site at `root` (default `docs/`) and its URL style (default: directory URLs)."""
    for name in CONFIG_FILES:
        path = root / name
        if path.is_file():
            data = _load(path)
            break
    else:
        return SiteConfig(root / "docs")
    docs = data.get("docs_dir") or "docs"
    if not isinstance(docs, str):
        raise SiteConfigError(f"{name}: docs_dir must be a folder name")
    folder = (root / docs).resolve()
    if not folder.is_relative_to(root.resolve()) or folder == root.resolve():
        raise SiteConfigError(f"{name}: docs_dir must be a folder inside the repo")
    udu = data.get("use_directory_urls", True)
    return SiteConfig(folder, udu if isinstance(udu, bool) else True, name)
