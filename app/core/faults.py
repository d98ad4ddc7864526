"""Named points between the file-system writes of crash-sensitive work, for kill tests.

Core calls `point(name)` just before and after each write that matters (vault.json
replaced, a database committed or rekeyed). In production nobody listens and it costs a
function call. A test installs a hook with `set_hook` that ends the process with
`os._exit` at the Nth point, which is what a kill -9 at that instant leaves behind, without
sleeping or guessing at timings.
"""

from __future__ import annotations

from collections.abc import Callable

Hook = Callable[[str], None]
_hook: Hook | None = None


def point(name: str) -> None:
    if _hook is not None:
        _hook(name)


def set_hook(hook: Hook | None) -> Hook | None:
    """Install `hook` (None removes it); returns the previous one."""
    global _hook
    previous, _hook = _hook, hook
    return previous
