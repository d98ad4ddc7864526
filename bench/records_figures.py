"""Figures for the records: patient search, full-text search, chart opening, peak memory.

Runs as a child process (`python -m bench.records_figures`), so its peak memory is the
practice workload's own and not the 256 MiB Argon2 of the unlock figure.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bench.harness import Figure, percentile, samples, timed

PASSWORD = "benchmark passphrase for medvault"
QUERIES = 200


def _peak_mib() -> float:
    # VmHWM starts afresh at exec; ru_maxrss would carry the parent's peak over.
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _figure(name: str, value: float, unit: str, baseline_name: str, baseline: float,
            target: str, met: bool | None) -> dict[str, object]:
    return Figure(name, value, unit, baseline_name, baseline, target, met).__dict__


def measure(patients: int) -> list[dict[str, object]]:
    from app.core.records.chart import open_chart
    from app.core.records.demo import fill_demo
    from app.core.records.observations import observation_series, record_vitals
    from app.core.records.patients import list_patients
    from app.core.records.search import find_patients, search_text
    from app.core.vault import OpenVault, create_vault

    after_imports = _peak_mib()
    out: list[dict[str, object]] = []
    with tempfile.TemporaryDirectory(prefix="medvault-bench-records-") as tmp:
        path = Path(tmp) / "practice"
        create_vault(path, owner_name="o", password=PASSWORD, kind="practice")
        with OpenVault.open(path) as vault:
            session = vault.unlock("o", PASSWORD)
            built = timed(lambda: fill_demo(session, patients, seed=7))
            conn = session.conn
            counts = {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                      for t in ("patients", "clinical.notes", "clinical.observations")}
            print(f"# practice: {counts['patients']} patients, {counts['clinical.notes']} notes,"
                  f" {counts['clinical.observations']} observations, built in {built:.1f} s",
                  file=sys.stderr, flush=True)
            rng = random.Random(3)
            rows = conn.execute("SELECT family, birth_date, mrn FROM patients").fetchall()
            picks = [rng.choice(rows) for _ in range(QUERIES)]
            queries = [p[0][: rng.randint(2, 5)] if i % 3 == 0 else
                       (p[1] if i % 3 == 1 else p[2]) for i, p in enumerate(picks)]
            queries = [q for q in queries if q]
            it = iter(queries)
            search = samples(lambda: find_patients(session, next(it), limit=50), len(queries))
            listing = samples(lambda: list_patients(session, offset=0, limit=50), len(queries))
            out.append(_figure(
                f"patient search at {counts['patients']} patients, p50 "
                f"{percentile(search, 50) * 1000:.1f} ms, p95", percentile(search, 95) * 1000,
                "ms", "first page of the patient list (p95)", percentile(listing, 95) * 1000,
                "p95 <= 20 ms", percentile(search, 95) <= 0.020))

            words = ["pain", "blood pressure", "review", "cough", "follow up", "medication",
                     "fever", "diabetes", "sleep", "headache"]
            fts = samples(lambda: search_text(session, rng.choice(words), limit=20), QUERIES)
            bare = samples(lambda: conn.execute(
                "SELECT count(*) FROM clinical.notes_fts WHERE notes_fts MATCH ?",
                (rng.choice(words).split()[0],)).fetchone(), QUERIES)
            out.append(_figure(
                f"full-text note search at {counts['clinical.notes']} notes, p50 "
                f"{percentile(fts, 50) * 1000:.1f} ms, p95", percentile(fts, 95) * 1000, "ms",
                "bare FTS5 MATCH count (p95)", percentile(bare, 95) * 1000, "p95 <= 50 ms",
                percentile(fts, 95) <= 0.050))

            heavy, light = conn.execute("SELECT id FROM patients ORDER BY rowid LIMIT 2"
                                        ).fetchall()
            start = datetime(2015, 1, 1, tzinfo=UTC)
            with session.transaction():
                for i in range(5_000):  # two observations each: systolic and diastolic
                    record_vitals(session, heavy[0], start + timedelta(hours=6 * i),
                                  systolic=110 + i % 30, diastolic=70 + i % 15)
            code = _bp_code(conn, heavy[0])

            def open_heavy() -> None:
                open_chart(session, heavy[0])
                observation_series(session, heavy[0], code)

            def open_light() -> None:
                open_chart(session, light[0])
                observation_series(session, light[0], code)

            heavy_t = min(samples(open_heavy, 5))
            light_t = min(samples(open_light, 5))
            n_obs = conn.execute("SELECT count(*) FROM clinical.observations WHERE "
                                 "patient_id = ?", (heavy[0],)).fetchone()[0]
            out.append(_figure(
                f"open chart + blood-pressure trend, {n_obs} observations", heavy_t * 1000,
                "ms", "same for a typical demo patient", light_t * 1000, "<= 100 ms",
                heavy_t <= 0.100))
            session.close()
    peak = _peak_mib()
    out.append(_figure("peak memory of the practice workload", peak, "MiB",
                       "same process after imports", after_imports, "<= 250 MB",
                       peak * 1.048576 <= 250))
    return out


def _bp_code(conn: object, patient_id: str) -> str:
    row = conn.execute(  # type: ignore[attr-defined]
        "SELECT code, count(*) AS n FROM clinical.observations WHERE patient_id = ? "
        "GROUP BY code ORDER BY n DESC LIMIT 1", (patient_id,)).fetchone()
    return str(row[0])


def run(quick: bool) -> list[Figure]:
    """Both SQLCipher memory-security settings, each in a fresh process (the setting is
    process-wide and sticks once on): the shipped default, and what IT may choose."""
    patients = 5_000 if quick else 100_000
    figures: list[Figure] = []
    with tempfile.TemporaryDirectory(prefix="medvault-bench-policy-") as tmp:
        on = Path(tmp) / "memory-security-on.toml"
        on.write_text("sqlcipher_memory_security = true\n")
        for label, policy in (("off (default)", Path(tmp) / "absent.toml"), ("on", on)):
            env = {**os.environ, "MEDVAULT_INSECURE_TEST_KDF": "1",
                   "MEDVAULT_POLICY": str(policy)}
            started = time.perf_counter()
            result = subprocess.run(
                [sys.executable, "-m", "bench.records_figures", str(patients)],
                capture_output=True, text=True, env=env, check=False)
            sys.stderr.write(result.stderr)
            if result.returncode != 0:
                raise SystemExit(f"records benchmark failed after "
                                 f"{time.perf_counter() - started:.0f} s")
            for item in json.loads(result.stdout):
                item["name"] = f"[memory security {label}] {item['name']}"
                figures.append(Figure(**item))
    return figures


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("patients", type=int)
    args = parser.parse_args()
    print(json.dumps(measure(args.patients)))


if __name__ == "__main__":
    main()
