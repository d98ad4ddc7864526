"""`python -m bench [--quick] [--only startup]`: build a synthetic practice and print every
figure, or only the start-up figures."""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
from pathlib import Path

from bench import (
    fhir_figures,
    records_figures,
    sharing_figures,
    startup_figures,
    vault_figures,
)
from bench.harness import Figure


def _peak_mib() -> float:
    # Linux reports ru_maxrss in KiB.
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("--quick", action="store_true", help="a small practice, for a quick look")
    parser.add_argument("--only", choices=["startup", "fhir", "sharing", "audit"],
                        help="only these figures (start-up needs no practice)")
    args = parser.parse_args(argv)
    # The vault figures that are not about Argon2 use cheap slots; unlock_figure turns
    # production calibration back on for itself.
    os.environ.setdefault("MEDVAULT_INSECURE_TEST_KDF", "1")
    os.environ.setdefault("MEDVAULT_POLICY", os.devnull + ".absent")
    if args.only == "startup":
        return startup_figures.main([])
    if args.only == "sharing":
        return sharing_figures.main(["--quick"] if args.quick else [])
    if args.only == "audit":
        # The audit log figures alone: append, verify, health check and monitoring rules.
        with tempfile.TemporaryDirectory(prefix="medvault-bench-") as tmp:
            for figure in vault_figures.audit_figures(Path(tmp), 100_000 if args.quick
                                                      else 1_000_000):
                print(figure.line(), flush=True)
        return 0
    if args.only == "fhir":
        for figure in fhir_figures.run(args.quick):
            print(figure.line(), flush=True)
        return 0
    baseline_mib = _peak_mib()
    figures: list[Figure] = []
    for figure in vault_figures.run(args.quick):
        print(figure.line(), flush=True)
        figures.append(figure)
    for figure in [*startup_figures.run(), *records_figures.run(args.quick),
                   *fhir_figures.run(args.quick), *sharing_figures.run(args.quick)]:
        print(figure.line(), flush=True)
        figures.append(figure)
    # This process holds the 256 MiB Argon2 buffer of the unlock figure; the practice
    # workload's own peak is measured in its child process (records_figures).
    argon = Figure("peak memory incl. one production Argon2id unlock", _peak_mib(), "MiB",
                   "process after imports", baseline_mib, "none set (Argon2 memory)", None)
    print(argon.line())
    missed = [f.name for f in figures if f.met is False]
    if missed:
        print(f"missed targets: {', '.join(missed)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
