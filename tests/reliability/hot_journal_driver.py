"""Leave a hot journal behind: start a big registry change, then die by SIGKILL.

Run as a child by `test_input_hot_journal.py`. The change spills pages into registry.db
(a tiny page cache forces it), so the journal is needed to undo them.
"""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path

from app.core.vault import OpenVault

if __name__ == "__main__":
    os.environ["MEDVAULT_INSECURE_TEST_KDF"] = "1"
    vault = OpenVault.open(Path(sys.argv[1]))
    session = vault.unlock("owner", sys.argv[2])
    conn = session.conn
    conn.execute("PRAGMA cache_size = 2")
    conn.execute("BEGIN IMMEDIATE")
    for i in range(40):
        conn.execute("INSERT INTO meta(key, value) VALUES (?, randomblob(3000))",
                     (f"filler{i}",))
    os.kill(os.getpid(), signal.SIGKILL)
