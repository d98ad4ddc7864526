"""Work-arounds for defects in the libraries under the GUI. Each says when it can go.

PySide6 6.12.0 on CPython 3.11: every binding call that returns None (``setText``,
``show``, ``processEvents``, a null ``parentWidget()``...) hands back ``Py_None`` without
taking a reference for the caller. Each such call therefore lowers None's reference count
by one, and after some thousands of calls CPython aborts the whole program with "Fatal
Python error: none_dealloc". CPython 3.12 made None immortal (PEP 683), so the defect is
harmless there. `guard_none_refcount` gives None the same immortality on older versions by
adding a very large count to its reference count. Remove it once the project requires
Python 3.12, or a PySide6 release that takes the reference.
"""

from __future__ import annotations

import sys

# 2**48 calls would take years of continuous use to spend.
_MARGIN = 1 << 48


def guard_none_refcount() -> bool:
    """Make None practically immortal on CPython < 3.12. True if it acted."""
    if sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return False
    if hasattr(sys, "gettotalrefcount"):  # a debug build lays objects out differently
        return False
    import ctypes

    refcount = ctypes.c_ssize_t.from_address(id(None))
    if refcount.value >= _MARGIN:
        return False  # already done in this process
    before = sys.getrefcount(None)
    refcount.value += _MARGIN
    if sys.getrefcount(None) - before != _MARGIN:  # not the field we thought: undo
        refcount.value -= _MARGIN
        return False
    return True
