"""Figures for the vault foundation: unlock, SQLCipher overhead, audit append and verify,
and the security health check and monitoring rules over the same log."""

from __future__ import annotations

import os
import sqlite3
import tempfile
from pathlib import Path

import sqlcipher3

from app.core import kdf
from app.core.health import health_check
from app.core.monitoring import run_rules
from app.core.vault import OpenVault, create_vault
from bench.harness import Figure, timed

PASSWORD = "benchmark passphrase for medvault"


def unlock_figure(workdir: Path) -> Figure:
    """Unlock with production-calibrated Argon2id, against one bare Argon2id derive."""
    saved = os.environ.pop(kdf.TEST_KDF_ENV, None)
    try:
        create_vault(workdir / "calibrated", owner_name="o", password=PASSWORD, kind="practice")
        with OpenVault.open(workdir / "calibrated") as vault:
            slot = vault.file.slots_for(vault.file.users[0].user_id)[0]
            bare = min(timed(lambda: kdf.derive(PASSWORD.encode(), slot.kdf)) for _ in range(2))
            unlock = min(timed(lambda: vault.unlock("o", PASSWORD).close()) for _ in range(2))
    finally:
        if saved is not None:
            os.environ[kdf.TEST_KDF_ENV] = saved
    params = f"m={slot.kdf.memory_kib // 1024} MiB t={slot.kdf.time_cost} p={slot.kdf.parallelism}"
    return Figure(f"unlock time ({params})", unlock, "s", "one Argon2id derive", bare,
                  "0.5-1 s", 0.5 <= unlock <= 1.0)


_SCHEMA = ("CREATE TABLE obs(id INTEGER PRIMARY KEY, patient_id INTEGER, code TEXT, "
           "value REAL, unit TEXT, effective TEXT); "
           "CREATE INDEX obs_chart ON obs(patient_id, code, effective)")


def _workload(conn: sqlite3.Connection, rows: int) -> None:
    for statement in _SCHEMA.split("; "):
        conn.execute(statement)
    batch = 10_000
    for start in range(0, rows, batch):
        conn.execute("BEGIN")
        conn.executemany(
            "INSERT INTO obs(patient_id, code, value, unit, effective) VALUES (?,?,?,?,?)",
            [(i % 5000, "8867-4", 60 + i % 40, "/min", f"2024-01-{1 + i % 28:02d}")
             for i in range(start, min(rows, start + batch))])
        conn.execute("COMMIT")
    for patient in range(0, 5000, 25):
        conn.execute("SELECT value, effective FROM obs WHERE patient_id = ? AND code = ? "
                     "ORDER BY effective", (patient, "8867-4")).fetchall()
    conn.execute("SELECT count(*), avg(value) FROM obs").fetchone()


_SHARED_PRAGMAS = ("PRAGMA journal_mode = DELETE", "PRAGMA synchronous = FULL",
                   "PRAGMA secure_delete = ON", "PRAGMA temp_store = MEMORY")


def sqlcipher_overhead_figure(workdir: Path, rows: int, *, memory_security: bool) -> Figure:
    """The vault's own settings against plain SQLite with the same non-cipher settings.

    `cipher_memory_security` is process-wide in SQLCipher and, once on, stays on, so the
    figure without it must run before anything in this process turns it on.
    """
    tag = "on" if memory_security else "off"

    def plain() -> None:
        conn = sqlite3.connect(workdir / f"plain-{tag}.db", isolation_level=None)
        for pragma in _SHARED_PRAGMAS:
            conn.execute(pragma)
        _workload(conn, rows)
        conn.close()

    def cipher() -> None:
        conn = sqlcipher3.connect(str(workdir / f"cipher-{tag}.db"), isolation_level=None)
        conn.execute(f"PRAGMA key = \"x'{os.urandom(32).hex()}'\"")
        if memory_security:
            conn.execute("PRAGMA cipher_memory_security = ON")
        for pragma in _SHARED_PRAGMAS:
            conn.execute(pragma)
        _workload(conn, rows)
        conn.close()

    base = timed(plain)
    value = timed(cipher)
    ratio = value / base
    return Figure(f"SQLCipher workload, memory security {tag} ({rows} observations, "
                  "200 chart reads)", value, "s", "plain SQLite, same schema and workload",
                  base, "ratio <= 1.25", ratio <= 1.25)


def audit_figures(workdir: Path, entries: int) -> list[Figure]:
    create_vault(workdir / "audit", owner_name="o", password=PASSWORD, kind="practice")
    with OpenVault.open(workdir / "audit") as vault:
        session = vault.unlock("o", PASSWORD)
        conn = session.conn
        conn.execute("CREATE TABLE bench_edit(id INTEGER PRIMARY KEY, v INTEGER)")
        conn.execute("INSERT INTO bench_edit VALUES (1, 0)")

        def edit_only() -> None:
            for i in range(500):
                with session.transaction() as c:
                    c.execute("UPDATE bench_edit SET v = ? WHERE id = 1", (i,))

        def edit_audited() -> None:
            for i in range(500):
                with session.transaction() as c:
                    c.execute("UPDATE bench_edit SET v = ? WHERE id = 1", (i,))
                    session.record("bench.edit", target="1")

        base_edit, audited_edit = timed(edit_only), timed(edit_audited)
        # A mix the health check and the monitoring rules read: sign-ins (some failed),
        # chart opens of real patients by a real account (the same-family rule looks both
        # up), searches; all inside the rules' 30-day window.
        from app.core.records.patients import PatientInput, add_patient

        patients = [add_patient(session, PatientInput(family=f"Family{i}", given="B",
                                                      birth_date="1970-01-01")).id
                    for i in range(100)]
        me = session.user.user_id
        actions = ("bench.fill", "signin.success", "chart.open", "patient.search",
                   "signin.failure")
        with session.transaction():
            for i in range(entries):
                action = actions[i % len(actions)]
                session.audit.append(
                    actor_id=me if action == "chart.open" else "x", actor="bench",
                    role="owner", action=action, target=str(i),
                    patient_id=patients[i % 100] if action == "chart.open" else None)
        total = session.audit.count()
        scan = timed(lambda: [r for r in conn.execute("SELECT * FROM audit ORDER BY seq")])
        verify = timed(session.audit.verify)
        health = timed(lambda: health_check(session))
        rules = timed(lambda: run_rules(session))
        session.close()
    per_million = verify * 1_000_000 / total
    health_per_million = health * 1_000_000 / total
    rules_per_million = rules * 1_000_000 / total
    return [
        Figure("audit append on an edit (500 edits)", audited_edit, "s", "same edits unaudited",
               base_edit, "none set", None),
        Figure(f"audit verify ({total} entries), scaled to 1M", per_million, "s",
               "reading the same rows without checking, scaled to 1M",
               scan * 1_000_000 / total, "1M entries <= 5 s", per_million <= 5.0),
        Figure(f"security health check ({total} entries), scaled to 1M", health_per_million,
               "s", "reading the same rows without checking, scaled to 1M",
               scan * 1_000_000 / total, "1M entries <= 5 s", health_per_million <= 5.0),
        Figure(f"monitoring rules ({total} entries), scaled to 1M", rules_per_million,
               "s", "reading the same rows without checking, scaled to 1M",
               scan * 1_000_000 / total, "1M entries <= 5 s", rules_per_million <= 5.0),
    ]


def run(quick: bool) -> list[Figure]:
    with tempfile.TemporaryDirectory(prefix="medvault-bench-") as tmp:
        workdir = Path(tmp)
        rows = 100_000 if quick else 1_000_000
        figures = [sqlcipher_overhead_figure(workdir, rows, memory_security=False),
                   sqlcipher_overhead_figure(workdir, rows, memory_security=True),
                   unlock_figure(workdir)]
        figures += audit_figures(workdir, 100_000 if quick else 1_000_000)
        return figures
