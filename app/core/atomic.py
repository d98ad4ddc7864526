"""Crash-safe file replacement: write a temp file, fsync it, rename it over, fsync the dir."""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
from pathlib import Path

from app.core import faults
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


def shared_mode(directory: Path, mode: int) -> int:
    """`mode`, with the owner's bits given to the group too when `directory` is a setgid
    folder: that is how a vault shared by an OS group is set up (`init --group`)."""
    if os.name == "nt":
        return mode
    if os.stat(directory).st_mode & stat.S_ISGID:
        return mode | ((mode & 0o700) >> 3)
    return mode


def _take_over_attributes(tmp: Path, path: Path, mode: int) -> None:
    """Give the new file the permissions, group (and, for root, owner) of the file it
    replaces, so one OS account's rewrite never locks out the others sharing the vault."""
    try:
        old = os.stat(path)
    except FileNotFoundError:
        os.chmod(tmp, shared_mode(path.parent, mode))
        return
    os.chmod(tmp, stat.S_IMODE(old.st_mode))
    if os.name == "nt":
        return
    new = os.stat(tmp)
    uid = old.st_uid if os.geteuid() == 0 else -1
    if new.st_gid != old.st_gid or (uid != -1 and new.st_uid != uid):
        # Not a member of the old group: the file stays ours, with its old mode.
        with contextlib.suppress(PermissionError):
            os.chown(tmp, uid, old.st_gid)
            os.chmod(tmp, stat.S_IMODE(old.st_mode))  # chown may clear setgid bits


def atomic_write_bytes(path: Path, data: bytes, *, mode: int = 0o600) -> None:
    """Replace `path` with `data` so a crash leaves either the old or the new file whole.

    A file that already exists keeps its mode and group; a new one gets `mode` (shared
    with the group in a setgid folder)."""
    directory = path.parent
    faults.point(f"write:{path.name}:begin")
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
        _take_over_attributes(tmp, path, mode)
        faults.point(f"write:{path.name}:temp-written")
        os.replace(tmp, path)
    except BaseException as exc:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        if isinstance(exc, OSError) and exc.errno in _NO_SPACE:
            raise DiskFull(path.name) from exc
        raise
    faults.point(f"write:{path.name}:replaced")
    fsync_dir(directory)

