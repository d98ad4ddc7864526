"""One signed-in MedVault per vault: an OS-level exclusive lock on `vault.lock`.

The lock is held from sign-in to sign-out (or auto-lock), not while a window merely
waits at the sign-in screen: a window left open overnight must not stop the scheduled
backup. Whoever wants the vault while another holds it is told so at once, or (backup
and verify) waits a bounded time for the other to sign out or lock.

The OS releases the lock when the process dies, so a crash never leaves a vault stuck.
"""

from __future__ import annotations

import contextlib
import errno
import os
import socket
import sys
import time
from pathlib import Path
from typing import IO

from app.core.errors import VaultInUse, VaultReadOnly

LOCK_FILE = "vault.lock"


class VaultLock:
    def __init__(self, directory: Path) -> None:
        self._path = directory / LOCK_FILE
        self._handle: IO[str] | None = None

    def probe(self) -> None:
        """Raise VaultReadOnly when the folder cannot take the lock file (read-only media
        or no permission), without locking anything."""
        handle = self._open()
        os.close(handle)

    def _open(self) -> int:
        # Owner-only whatever the umask: other accounts have no business with the lock.
        try:
            return os.open(self._path, os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0),
                           0o600)
        except OSError as exc:
            if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
                raise VaultReadOnly(self._path.parent) from exc
            raise

    def acquire(self, wait: float = 0.0) -> None:
        """Take the lock, waiting up to `wait` seconds for another MedVault to let go."""
        deadline = time.monotonic() + max(0.0, wait)
        handle = os.fdopen(self._open(), "a+", encoding="utf-8")
        while True:
            try:
                _lock(handle)
                break
            except OSError:
                if time.monotonic() >= deadline:
                    handle.seek(0)
                    holder = handle.read().strip() or "another MedVault window"
                    handle.close()
                    raise (VaultInUse.coded("vault.in_use_waited", holder=holder,
                                            seconds=f"{wait:g}") if wait > 0
                           else VaultInUse.coded("vault.in_use", holder=holder)) from None
                time.sleep(min(0.25, max(0.0, deadline - time.monotonic())))
        # Who holds it is only a courtesy for the "in use" message; a full disk must not
        # stop the vault from opening (the lock itself is the OS's, not the text).
        with contextlib.suppress(OSError):
            handle.seek(0)
            handle.truncate()
            handle.write(f"process {os.getpid()} on {socket.gethostname()}")
            handle.flush()
        self._handle = handle

    def release(self) -> None:
        if self._handle is not None:
            with contextlib.suppress(OSError):
                self._handle.seek(0)
                self._handle.truncate()
                _unlock(self._handle)
            # Closing flushes the holder text; with a full disk that fails, harmlessly.
            with contextlib.suppress(OSError):
                self._handle.close()
            self._handle = None

    @property
    def held(self) -> bool:
        return self._handle is not None


if sys.platform == "win32":  # pragma: no cover - exercised on Windows builds only
    import msvcrt

    def _lock(handle: IO[str]) -> None:
        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)

    def _unlock(handle: IO[str]) -> None:
        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _lock(handle: IO[str]) -> None:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)

    def _unlock(handle: IO[str]) -> None:
        fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
