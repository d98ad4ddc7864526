"""Kill -9 at the Nth file-system write point, without sleeps.

`run_child` forks; the child installs a `faults` hook that counts the named points core
passes (`write:vault.json:temp-written`, `commit:begin`, `rekey:done`, ...) and calls
`os._exit` at the chosen one, which leaves the files exactly as a SIGKILL at that instant
would: no finally blocks, no ROLLBACK, no cleanup. Without a kill point the child reports
the points it passed, so a test can then kill at each of them in turn.
"""

from __future__ import annotations

import json
import os
import traceback
from collections.abc import Callable

from app.core import faults

KILLED = 137


class ChildFailed(AssertionError):
    pass


def run_child(work: Callable[[], None], kill_at: int | None = None) -> list[str]:
    """Run `work` in a forked child. Returns the points passed (all of them, or up to
    and including the kill)."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns into pytest
        code = 0
        try:
            os.close(read_end)
            passed: list[str] = []

            def hook(name: str) -> None:
                passed.append(name)
                if len(passed) == kill_at:
                    os.write(write_end, json.dumps(passed).encode())
                    os._exit(KILLED)

            faults.set_hook(hook)
            work()
            os.write(write_end, json.dumps(passed).encode())
        except BaseException:
            os.write(write_end, json.dumps({"error": traceback.format_exc()}).encode())
            code = 1
        finally:
            os._exit(code)
    os.close(write_end)
    chunks = []
    while chunk := os.read(read_end, 65536):
        chunks.append(chunk)
    os.close(read_end)
    _, status = os.waitpid(pid, 0)
    result = json.loads(b"".join(chunks) or b"[]")
    if isinstance(result, dict):
        raise ChildFailed(result["error"])
    expected = KILLED if kill_at is not None and kill_at <= len(result) else 0
    assert os.waitstatus_to_exitcode(status) == expected, (status, result)
    return list(result)
