"""Reading and writing files that a person (or the machine policy) names.

Such a path may point anywhere: at `/dev/zero`, a FIFO that never delivers, a device node
that root would replace with a regular file, or a symbolic link planted by someone else.
Readers therefore accept only regular files, with a size cap checked before reading, and
open without blocking so a FIFO cannot hang the program. Writers refuse to replace a
symbolic link or anything that is not a regular file, and write through a temp file in the
target folder that is renamed over the target, so a crash leaves the old or the new file.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from app.core.atomic import atomic_write_bytes
from app.core.errors import UnsafeFile

# A head file, a policy, a backup manifest: all are a few KiB when sound.
SMALL_FILE_BYTES = 1 * 1024 * 1024


def read_regular_file(path: Path, *, max_bytes: int = SMALL_FILE_BYTES,
                      what: str = "file") -> bytes:
    """The bytes of a regular file no larger than `max_bytes`.

    FileNotFoundError passes through (callers often treat it as "none given"); anything
    else that is not a readable regular file raises UnsafeFile with a plain sentence."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0) \
        | getattr(os, "O_BINARY", 0)
    fd = os.open(path, flags)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise UnsafeFile(f"The {what} {path} is not a regular file (it is a device, pipe "
                             "or folder). Give the path of an ordinary file.")
        if info.st_size > max_bytes:
            raise UnsafeFile(f"The {what} {path} is {info.st_size} bytes, more than the "
                             f"{max_bytes} a {what} can be. Check that it is the right file.")
        chunks: list[bytes] = []
        total = 0
        # The size can grow between fstat and read; never read more than the cap.
        while total <= max_bytes:
            chunk = os.read(fd, min(65536, max_bytes + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
        if total > max_bytes:
            raise UnsafeFile(f"The {what} {path} grew past {max_bytes} bytes while being "
                             "read. Check that it is the right file.")
        return b"".join(chunks)
    finally:
        os.close(fd)


def check_replaceable(path: Path, what: str = "file") -> None:
    """Refuse to replace a symbolic link or anything but a regular file at `path`.

    Renaming over a symlink or a device replaces the entry itself (as root, pointed into
    /dev, that breaks the machine), and following a link writes wherever someone else chose.
    """
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return
    if stat.S_ISLNK(info.st_mode):
        raise UnsafeFile(f"The {what} {path} is a symbolic link. MedVault does not write "
                         "through links; give the real path or a new file name.")
    if not stat.S_ISREG(info.st_mode):
        raise UnsafeFile(f"The {what} {path} exists and is not a regular file (a device, "
                         "pipe or folder). Give a new file name.")


def write_file_safely(path: Path, data: bytes, *, what: str = "file",
                      mode: int = 0o600) -> None:
    """Write an export or report: refuse links and non-regular targets, then write a temp
    file in the target folder, fsync it and rename it over the target."""
    path = Path(path)
    check_replaceable(path, what)
    parent = path.parent if str(path.parent) else Path(".")
    if not parent.is_dir():
        raise UnsafeFile(f"The folder {parent} for the {what} does not exist. Create it "
                         "first or choose another place.")
    atomic_write_bytes(path, data, mode=mode)
