"""Real git repositories for tests, with fixed dates and identities (never a mocked git)."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path


class GitRepo:
    def __init__(self, path: Path, branch: str = "main") -> None:
        self.path = path
        path.mkdir(parents=True, exist_ok=True)
        self.git("init", "-q", "-b", branch)
        self.git("config", "user.name", "Test User")
        self.git("config", "user.email", "test@example.com")
        self.git("config", "commit.gpgsign", "false")
        self.git("config", "core.autocrlf", "false")

    def env(self, date: str | None = None, author: str = "Test User") -> dict[str, str]:
        env = dict(os.environ)
        env.update(GIT_CONFIG_NOSYSTEM="1", GIT_AUTHOR_NAME=author, GIT_COMMITTER_NAME=author,
                   GIT_AUTHOR_EMAIL=f"{author.lower().replace(' ', '.')}@example.com",
                   GIT_COMMITTER_EMAIL=f"{author.lower().replace(' ', '.')}@example.com")
        if date:
            env.update(GIT_AUTHOR_DATE=date, GIT_COMMITTER_DATE=date)
        return env

    def git(self, *args: str, date: str | None = None, author: str = "Test User", check: bool = True) -> str:
        done = subprocess.run(["git", *args], cwd=self.path, env=self.env(date, author),
                              capture_output=True, text=True, check=False)
        if check and done.returncode != 0:
            raise AssertionError(f"git {' '.join(args)} failed: {done.stderr}")
        return done.stdout

    def write(self, rel: str, content: str | bytes) -> Path:
        target = self.path / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(content, encoding="utf-8", newline="")
        return target

    def remove(self, rel: str) -> None:
        (self.path / rel).unlink()

    def commit(self, message: str, date: str, author: str = "Test User") -> str:
        """Stage everything and commit at `date` (ISO 8601 with offset, e.g. 2026-11-18T09:00:00+01:00)."""
        self.git("add", "-A")
        self.git("commit", "-q", "--allow-empty", "-m", message, date=date, author=author)
        return self.git("rev-parse", "HEAD").strip()
