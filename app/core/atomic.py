"""Crash-safe file replacement: write a temp file, fsync it, rename it over, fsync the dir."""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from pathlib import Path

from app.core.errors import DiskFull

# EDQUOT: a user's quota is a full disk from their point of view.
_NO_SPACE = frozenset({errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)})


def fsync_dir(directory: Path) -> None:
    # Windows cannot open directories; rename there is already durable enough via the
    # file's own flush, so skipping is the best available.
    if os.name == "nt":
        return
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def atomic_write_bytes(path: Path, data: bytes, *, mode: int = 0o600) -> None:
    """Replace `path` with `data` so a crash leaves either the old or the new file whole."""
    directory = path.parent
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    except OSError as exc:
        if exc.errno in _NO_SPACE:
            raise DiskFull(path.name) from exc
        raise
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException as exc:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        if isinstance(exc, OSError) and exc.errno in _NO_SPACE:
            raise DiskFull(path.name) from exc
        raise
    fsync_dir(directory)

