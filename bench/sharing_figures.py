"""Sharing and export figures: age encryption throughput against the `age` tool on the
same bytes, and the peak memory of a full export of a practice with 1 GiB of documents.

`python -m bench.sharing_figures [--quick]`. The export runs in a child process of its
own (`--export-child`), started after the vault is filled by another child, so its peak
(VmHWM) is the export's alone and not the filling's.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.harness import Figure

PASSWORD = "benchmark passphrase for medvault"
MIB = 1024 * 1024
DOC_BYTES = 20 * MIB  # the largest document MedVault takes


def _peak_mib() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no /proc/self/status")


def throughput(size_mib: int) -> Figure:
    """MiB/s of our streaming writer over MiB/s of `age -r` on the same file."""
    from app.core.sealing import new_identity
    from app.core.sharing.agefmt import AgeWriter
    from app.core.sharing.agekeys import recipient_of_identity

    age = shutil.which("age")
    if age is None:
        raise SystemExit("the age tool is missing (apt-get install age)")
    identity, _ = new_identity()
    recipient = recipient_of_identity(identity)
    with tempfile.TemporaryDirectory(prefix="medvault-bench-age-") as tmp:
        source = Path(tmp) / "data.bin"
        with source.open("wb") as handle:
            for _ in range(size_mib):
                handle.write(os.urandom(MIB))

        def ours() -> float:
            start = time.perf_counter()
            with source.open("rb") as src, open(os.devnull, "wb") as sink:
                writer = AgeWriter(sink, recipients=[recipient])
                while block := src.read(MIB):
                    writer.write(block)
                writer.close()
            return time.perf_counter() - start

        def theirs() -> float:
            start = time.perf_counter()
            subprocess.run([age, "-r", recipient, "-o", os.devnull, str(source)], check=True)
            return time.perf_counter() - start

        # Alternate and keep the best of three each: the machine is shared and noisy.
        ours_s, theirs_s = [], []
        for _ in range(3):
            ours_s.append(ours())
            theirs_s.append(theirs())
    ours_rate, theirs_rate = size_mib / min(ours_s), size_mib / min(theirs_s)
    return Figure(f"age encryption throughput ({size_mib} MiB, X25519)", ours_rate, "MiB/s",
                  "age tool, same bytes", theirs_rate, ">= 0.6x age",
                  ours_rate >= 0.6 * theirs_rate)


def _fill(path: Path, total_mib: int) -> None:
    """A practice whose documents add up to `total_mib` (20 MiB PDFs over 10 patients)."""
    from app.core.records.documents import add_document
    from app.core.records.patients import PatientInput, add_patient
    from app.core.vault import OpenVault, create_vault

    create_vault(path, owner_name="o", password=PASSWORD, kind="practice")
    with OpenVault.open(path) as vault:
        session = vault.unlock("o", PASSWORD)
        patients = [add_patient(session, PatientInput(family=f"Bench{i}", given="Pat")).id
                    for i in range(10)]
        for n in range(total_mib * MIB // DOC_BYTES):
            data = b"%PDF-1.4\n" + os.urandom(DOC_BYTES - 9)
            add_document(session, patients[n % 10], data, title=f"scan {n}")
        session.close()


def _export_child(path: Path, out: Path) -> None:
    from app.core.sealing import new_identity
    from app.core.sharing.agekeys import recipient_of_identity
    from app.core.sharing.export import export_vault
    from app.core.vault import OpenVault

    before = _peak_mib()
    identity, _ = new_identity()
    with OpenVault.open(path) as vault:
        session = vault.unlock("o", PASSWORD)
        start = time.perf_counter()
        # The real thing: FHIR NDJSON from the FHIR module's stream, then the documents.
        result = export_vault(session, out, everything=True,
                              recipients=[recipient_of_identity(identity)])
        seconds = time.perf_counter() - start
        session.close()
    print(json.dumps({"peak": _peak_mib(), "before": before, "seconds": seconds,
                      "bytes": result.document_bytes, "documents": result.documents}))


def export_memory(total_mib: int) -> list[Figure]:
    env = {**os.environ, "MEDVAULT_INSECURE_TEST_KDF": "1"}
    with tempfile.TemporaryDirectory(prefix="medvault-bench-export-") as tmp:
        path = Path(tmp) / "practice"
        subprocess.run([sys.executable, "-m", "bench.sharing_figures", "--fill-child",
                        str(path), str(total_mib)], check=True, env=env)
        done = subprocess.run([sys.executable, "-m", "bench.sharing_figures", "--export-child",
                               str(path), str(Path(tmp) / "export.age")], check=True,
                              env=env, capture_output=True, text=True)
        got = json.loads(done.stdout.strip().splitlines()[-1])
    rate = got["bytes"] / MIB / got["seconds"]
    return [Figure(f"peak memory of a full export ({got['bytes'] // MIB} MiB of documents)",
                   got["peak"], "MiB", "process after imports", got["before"], "<= 300 MiB",
                   got["peak"] <= 300),
            Figure("full export speed (documents, encrypted, fsynced)", rate, "MiB/s",
                   "none", rate, "none set", None)]


def run(quick: bool) -> list[Figure]:
    return [throughput(64 if quick else 512), *export_memory(128 if quick else 1024)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.sharing_figures")
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--fill-child", nargs=2, metavar=("VAULT", "MIB"))
    parser.add_argument("--export-child", nargs=2, metavar=("VAULT", "OUT"))
    args = parser.parse_args(argv)
    if args.fill_child:
        _fill(Path(args.fill_child[0]), int(args.fill_child[1]))
        return 0
    if args.export_child:
        _export_child(Path(args.export_child[0]), Path(args.export_child[1]))
        return 0
    for figure in run(args.quick):
        print(figure.line(), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
