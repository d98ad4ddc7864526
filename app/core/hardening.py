"""Process hardening applied at start-up, before any key or record is in memory.

Decrypted records also live in ordinary Python objects, which no SQLCipher setting can
lock or wipe. So the whole process is kept out of crash dumps (no core files) and, on
Linux, marked non-dumpable, which also stops other programs of the same user from
reading its memory through ptrace or /proc/PID/mem.
"""

from __future__ import annotations

import contextlib
import sys

PR_SET_DUMPABLE = 4
PR_GET_DUMPABLE = 3


def harden_process() -> list[str]:
    """Apply what this platform allows; returns what was applied, for the About box."""
    applied: list[str] = []
    with contextlib.suppress(ImportError, ValueError, OSError):
        import resource

        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
        applied.append("no core dumps")
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            if libc.prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) == 0:
                applied.append("not dumpable or traceable by other processes")
    return applied


def is_dumpable() -> bool | None:
    if not sys.platform.startswith("linux"):
        return None
    import ctypes

    return bool(ctypes.CDLL(None).prctl(PR_GET_DUMPABLE, 0, 0, 0, 0))
