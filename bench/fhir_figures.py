"""FHIR figures: import throughput and export throughput, each with its peak memory.

Each workload runs in its own child process (`python -m bench.fhir_figures import|export
N`), so its peak memory is its own. Import is timed against a baseline measured in the same
process: `json.loads` of the same file plus the same number of bare inserts into the same
encrypted vault. Export is timed against reading the same rows with a bare cursor and
`json.dumps` of each row.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

from bench.harness import Figure, timed
from bench.records_figures import PASSWORD, _figure, _peak_mib


def measure_import(resources: int) -> list[dict[str, object]]:
    from app.core.fhir import apply_import, plan_import, samples
    from app.core.vault import OpenVault, create_vault

    out: list[dict[str, object]] = []
    with tempfile.TemporaryDirectory(prefix="medvault-bench-fhir-") as tmp:
        source = samples.write_json(Path(tmp) / "synthea.json",
                                    samples.synthea_bundle(11, target_resources=resources))
        path = Path(tmp) / "practice"
        create_vault(path, owner_name="o", password=PASSWORD, kind="practice")
        with OpenVault.open(path) as vault:
            session = vault.unlock("o", PASSWORD)
            conn = session.conn
            conn.execute("CREATE TABLE clinical.bench_bare (id TEXT PRIMARY KEY, body TEXT)")

            def baseline() -> int:
                data = json.loads(source.read_text(encoding="utf-8"))
                rows = [(uuid.uuid4().hex, json.dumps(e["resource"])) for e in data["entry"]]
                with session.transaction() as c:
                    c.executemany("INSERT INTO clinical.bench_bare VALUES (?, ?)", rows)
                return len(rows)

            counted: list[int] = []
            bare = timed(lambda: counted.append(baseline()))
            read = counted[0]
            report: list[object] = []
            started = time.perf_counter()
            plan = plan_import(session, [source])
            planned = time.perf_counter() - started
            applied = timed(lambda: report.append(apply_import(session, plan)))
            total = planned + applied
            session.close()
        rate = read / total
        out.append(_figure(f"FHIR import, Synthea-style bundle of {read:,} resources",
                           rate, "resources/s", f"json.loads + {read:,} bare inserts",
                           read / bare, ">= 5000 resources/s and <= 4x baseline time",
                           rate >= 5000 and total / bare <= 4))
        out.append(_figure("FHIR import time (plan + apply)", total, "s",
                           "json.loads + bare inserts", bare, "<= 4x baseline",
                           total / bare <= 4))
        peak = _peak_mib()
        out.append(_figure("peak memory of the FHIR import", peak, "MiB", "target", 250 / 1.048576,
                           "<= 250 MB", peak * 1.048576 <= 250))
    return out


def measure_export(patients: int) -> list[dict[str, object]]:
    from app.core.fhir import write_bulk
    from app.core.records.demo import fill_demo
    from app.core.vault import OpenVault, create_vault

    out: list[dict[str, object]] = []
    with tempfile.TemporaryDirectory(prefix="medvault-bench-fhir-") as tmp:
        path = Path(tmp) / "practice"
        create_vault(path, owner_name="o", password=PASSWORD, kind="practice")
        with OpenVault.open(path) as vault:
            session = vault.unlock("o", PASSWORD)
            fill_demo(session, patients, seed=7)
            before = _peak_mib()
            conn = session.conn
            tables = ["patients", "clinical.encounters", "clinical.conditions",
                      "clinical.medications", "clinical.allergies", "clinical.immunizations",
                      "clinical.procedures", "clinical.observations", "clinical.notes",
                      "clinical.documents", "consents"]

            def baseline() -> int:
                n = 0
                with open(Path(tmp) / "bare.ndjson", "w", encoding="utf-8") as handle:
                    for table in tables:
                        for row in conn.execute(f"SELECT * FROM {table}"):
                            handle.write(json.dumps(row, default=str))
                            handle.write("\n")
                            n += 1
                return n

            rows: list[int] = []
            bare = timed(lambda: rows.append(baseline()))
            results: list[object] = []
            took = timed(lambda: results.append(write_bulk(session, Path(tmp) / "export")))
            session.close()
        total = results[0].total  # type: ignore[attr-defined]
        rate = total / took
        out.append(_figure(f"FHIR bulk export of a {patients:,}-patient practice "
                           f"({total:,} resources)", rate, "resources/s",
                           f"bare cursor + json.dumps of {rows[0]:,} rows", rows[0] / bare,
                           ">= 20000 resources/s", rate >= 20000))
        peak = _peak_mib()
        out.append(_figure("peak memory of the FHIR export (incl. building the practice)",
                           peak, "MiB", "after building the practice", before, "<= 250 MB",
                           peak * 1.048576 <= 250))
    return out


def run(quick: bool) -> list[Figure]:
    figures: list[Figure] = []
    env = {**os.environ, "MEDVAULT_INSECURE_TEST_KDF": "1"}
    for workload, size in (("import", 10_000), ("export", 5_000 if quick else 100_000)):
        result = subprocess.run([sys.executable, "-m", "bench.fhir_figures", workload,
                                 str(size)], capture_output=True, text=True, env=env,
                                check=False)
        sys.stderr.write(result.stderr)
        if result.returncode != 0:
            raise SystemExit(f"FHIR {workload} benchmark failed")
        figures += [Figure(**item) for item in json.loads(result.stdout)]
    return figures


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("workload", choices=["import", "export"])
    parser.add_argument("size", type=int)
    args = parser.parse_args()
    measure = measure_import if args.workload == "import" else measure_export
    print(json.dumps(measure(args.size)))


if __name__ == "__main__":
    main()
