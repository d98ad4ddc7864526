"""A vault shared by several OS accounts of one workstation, through an OS group.

`medvault init VAULT --group NAME` makes the vault folder belong to the group, with the
setgid bit, so every file created in it later (SQLite's journals, sign-in records) belongs
to the group as well; and gives each file the group the same access as its owner. Files
MedVault rewrites keep their mode and group (`atomic.atomic_write_bytes`), and SQLite
gives its journals the database file's mode. Nobody outside the group gets any access.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from app.core.errors import UsageError
from app.core.lockfile import LOCK_FILE


def group_id(name: str) -> int:
    if os.name == "nt":
        raise UsageError("--group is for Linux and macOS. On Windows, give the staff group "
                         "Modify rights on the vault folder (icacls) instead.")
    import grp

    try:
        return grp.getgrnam(name).gr_gid
    except KeyError:
        raise UsageError(f"There is no OS group named {name!r}. Create it first "
                         f"(groupadd {name}) and add the staff accounts to it.") from None


def share_with_group(directory: Path, group: str) -> None:
    """Hand the vault folder and everything in it to `group` (owner's access for the group,
    none for others), and mark the folder setgid so later files follow."""
    gid = group_id(group)
    directory = directory.expanduser().absolute()
    (directory / LOCK_FILE).touch(exist_ok=True)
    try:
        for path in [directory, *directory.rglob("*")]:
            if path.is_symlink():
                continue
            os.chown(path, -1, gid)
            owner = stat.S_IMODE(os.stat(path).st_mode) & 0o700
            extra = stat.S_ISGID if path.is_dir() else 0
            os.chmod(path, owner | (owner >> 3) | extra)
    except PermissionError as exc:
        raise UsageError(f"Could not give {path} to the group {group!r} ({exc.strerror}). "
                         "Run init as root, or as a member of that group.") from exc
