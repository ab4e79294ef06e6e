"""The blob reader: one persistent `git cat-file --batch` process, asked for many objects per write."""

from __future__ import annotations

from subprocess import PIPE
from typing import Any

import git

from handoff.repo.gitlog import HistoryError

_BATCH = 256  # cat-file requests per write: small enough that stdin never blocks, so no deadlock


class BlobReader:
    """One `git cat-file --batch` process for the life of a History."""

    def __init__(self, repo: git.Repo) -> None:
        self._proc: Any = repo.git.cat_file("--batch", as_process=True, istream=PIPE)

    def read(self, refs: list[str]) -> list[bytes | None]:
        stdin, stdout = self._proc.proc.stdin, self._proc.proc.stdout
        out: list[bytes | None] = []
        for start in range(0, len(refs), _BATCH):
            chunk = refs[start : start + _BATCH]
            stdin.write("".join(f"{ref}\n" for ref in chunk).encode("utf-8", "surrogateescape"))
            stdin.flush()
            for _ in chunk:
                header = stdout.readline().split()
                if not header:
                    raise HistoryError("git cat-file stopped answering")
                if len(header) != 3 or not header[2].isdigit():
                    out.append(None)  # `<ref> missing` or `ambiguous`
                    continue
                data = stdout.read(int(header[2]))
                stdout.read(1)
                out.append(data if header[1] == b"blob" else None)
        return out

    def close(self) -> None:
        proc = self._proc.proc
        if proc is None:
            return
        self._proc.proc = None
        proc.stdin.close()
        try:
            proc.wait(timeout=10)
        except Exception:  # pragma: no cover - a hung git: do not hang with it
            proc.kill()
            proc.wait()
        proc.stdout.close()
        if proc.stderr:
            proc.stderr.close()
