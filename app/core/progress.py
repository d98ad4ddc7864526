"""How long core work reports progress and offers a chance to stop.

A core function that may take more than a moment accepts ``progress(done, total, text)``.
It calls it between safe steps; ``total`` 0 means "no measure for this stage". The caller's
callback may raise to stop the work (the GUI raises when Cancel was pressed), and the core
function then undoes what it started, exactly as for any other failure. So there is one
mechanism for cancelling and for errors, and core never needs to know about Cancel.
``text`` is a stage code, not words: empty for ordinary steps, or `FINAL` when the work
reaches a step that runs to the end whatever happens (``PRAGMA rekey``, writing a new
vault), so the caller can stop offering Cancel and say so. The caller words the stage in
the user's language.
"""

from __future__ import annotations

from collections.abc import Callable

ProgressCallback = Callable[[int, int, str], None]

#: The last chance to stop has passed; what follows cannot be interrupted.
FINAL = "final"


def no_progress(done: int, total: int, text: str) -> None:
    """The default: nobody is watching."""
