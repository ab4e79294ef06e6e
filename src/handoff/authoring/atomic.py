"""Write a file atomically: a temporary file in the same folder, then a rename over the target.

A reader (git, an editor, the site build) sees the old file or the new one, never half of one.
The folder must already exist: a command run from the wrong directory of some other git
repo should say so rather than create `records/` or `cohorts/` there.
"""

from __future__ import annotations

import errno
import os
import tempfile
from pathlib import Path

from handoff.record.bounds import MAX_SLUG_BYTES
from handoff.record.text import one_line


class WriteRefused(Exception):
    """A write that did not happen; `message` is one line naming the fix. Nothing on disk changed."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def newline_of(raw: bytes) -> str:
    """The line ending a file uses: CRLF when it has any, else LF."""
    return "\r\n" if b"\r\n" in raw else "\n"


def check_writable(path: Path, shown: str, force: bool) -> None:
    """Refuse before any write: a missing folder, or an existing file without `force`."""
    folder = path.parent
    if len(path.stem.encode()) > MAX_SLUG_BYTES:
        raise WriteRefused(f"{one_line(shown, 60)}: file name too long ({len(path.stem.encode())} bytes before `.md`, "
                           f"at most {MAX_SLUG_BYTES}); shorten the name it comes from")
    if not folder.is_dir():
        raise WriteRefused(f"{shown}: folder {folder.name}/ does not exist; run `mkdir {folder.name}` and try again")
    try:
        exists, link = path.exists(), path.is_symlink()
        regular = path.is_file()
    except OSError as e:
        raise WriteRefused(f"{shown}: cannot write: {e.strerror}") from e
    if (exists or link) and not force:
        raise WriteRefused(f"{shown} already exists; pass --force to overwrite it")
    if link or (exists and not regular):
        raise WriteRefused(f"{shown} is not a regular file; remove it or pick another name")


def write_text(path: Path, text: str, *, shown: str, force: bool = False, newline: str = "\n") -> None:
    """Write `text` (with `\\n` line ends, written as `newline`) to `path` atomically.

    Refuses (WriteRefused) an existing file unless `force`; keeps an existing file's permission bits.
    """
    check_writable(path, shown, force)
    data = (text.replace("\n", newline) if newline != "\n" else text).encode("utf-8")
    write_bytes(path, data, shown=shown, exclusive=not force)


def write_bytes(path: Path, data: bytes, *, shown: str, exclusive: bool = False) -> None:
    """Replace `path` with `data` atomically (callers check existence first).

    `exclusive` creates the file only if no file of that name exists at that moment: the full
    temporary file is hard-linked to the name (which fails when the name exists), so of several
    writers racing for one new name exactly one succeeds, and nobody ever sees half a file.
    """
    folder = path.parent
    try:
        mode = path.stat().st_mode & 0o777 if not exclusive and path.exists() else None
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name[:100]}.", suffix=".tmp", dir=folder)
    except OSError as e:
        raise WriteRefused(f"{shown}: cannot write in {folder.name}/: {e.strerror}") from e
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, mode if mode is not None else 0o666 & ~_umask())
        if exclusive:
            _link_exclusive(tmp, path, data)
        else:
            os.replace(tmp, path)
    except FileExistsError as e:
        _discard(tmp)
        raise WriteRefused(f"{shown} already exists; pass --force to overwrite it") from e
    except OSError as e:
        _discard(tmp)
        raise WriteRefused(f"{shown}: cannot write: {e.strerror}") from e
    except BaseException:
        _discard(tmp)
        raise


def _link_exclusive(tmp: str, path: Path, data: bytes) -> None:
    try:
        os.link(tmp, path)
    except OSError as e:
        if e.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EMLINK):
            raise
        # A file system without hard links: O_EXCL still lets only one writer create the name.
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        with os.fdopen(fd, "wb") as f:
            f.write(data)
    finally:
        _discard(tmp)


def _discard(tmp: str) -> None:
    try:
        os.unlink(tmp)
    except OSError:
        pass


def _umask() -> int:
    # mkstemp creates 0600; a new record gets the mode any editor would give it.
    mask = os.umask(0)
    os.umask(mask)
    return mask
