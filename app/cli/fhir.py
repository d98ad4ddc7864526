"""`medvault fhir export|bundle|import`: FHIR R4 in and out (core: app.core.fhir)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from app.cli.common import Subparsers, add_vault_args, print_json, signed_in


def _sections(args: argparse.Namespace) -> list[str] | None:
    if not args.sections:
        return None
    return [s.strip() for part in args.sections for s in part.split(",") if s.strip()]


def cmd_export(args: argparse.Namespace) -> int:
    from app.core.fhir import write_bulk

    with signed_in(args) as session:
        result = write_bulk(session, Path(args.out), patient_ids=args.patient or None,
                            sections=_sections(args), since=args.since,
                            include_restricted=args.include_restricted or ())
    if args.json:
        print_json(result.to_json())
        return 0
    print(f"Wrote {result.total:,} resources to {result.path} (FHIR R4 Bulk Data NDJSON, "
          "manifest.json).")
    for rtype, count in sorted(result.counts.items()):
        print(f"  {rtype}: {count:,}")
    if result.left_out_restricted:
        print(f"{result.left_out_restricted:,} restricted entries were left out; name them "
              "with --include-restricted (after opening them with a reason) to include them.")
    return 0


def cmd_bundle(args: argparse.Namespace) -> int:
    from app.core.fhir import write_bundle

    with signed_in(args) as session:
        result = write_bundle(session, args.patient, Path(args.out),
                              sections=_sections(args),
                              include_restricted=args.include_restricted or ())
    if args.json:
        print_json(result.to_json())
    else:
        print(f"Wrote one patient's record as a FHIR R4 Bundle ({result.total:,} resources) "
              f"to {result.path}.")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from app.core.fhir import Limits, apply_import, plan_import
    from app.core.fhir.reader import MIB

    limits = Limits(max_file_bytes=int(args.max_file_mib * MIB))
    with signed_in(args) as session:
        plan = plan_import(session, [Path(f) for f in args.files], patient_id=args.patient,
                           new_patient=args.new_patient, limits=limits)
        ambiguous = plan.ambiguous
        report = plan.report() if args.dry_run or ambiguous else apply_import(session, plan)
    if args.json:
        print_json(report.to_json())
    else:
        _print_report(report)
    if ambiguous:
        print("The patient match is ambiguous, so nothing was imported. Run again with "
              "--patient ID (one of the candidates above) or --new-patient.", file=sys.stderr)
        return 2
    return 0


def _print_report(report: object) -> None:
    from app.core.fhir import ImportReport

    assert isinstance(report, ImportReport)
    verb = "Would import" if report.dry_run else "Imported"
    print(f"Read {report.read:,} resources.")
    for group in report.patients:
        where = {"new": "a new patient", "ambiguous": "AMBIGUOUS"}.get(
            group.how, f"patient {group.target} (matched by {group.how})")
        print(f"Patient {group.label} ({group.data.birth_date if group.data else '-'}): "
              f"{where}")
        for candidate in group.candidates if group.how == "ambiguous" else ():
            print(f"  candidate {candidate.patient_id}: {candidate.name}, "
                  f"{candidate.birth_date or 'no birth date shown'} (by {candidate.how})")
    print(f"{verb} {sum(report.imported.values()):,}:")
    for rtype, count in sorted(report.imported.items()):
        print(f"  {rtype}: {count:,}")
    if report.duplicates:
        print(f"Skipped as already here: {report.duplicate_count:,}")
    if report.not_imported:
        parts = len(report.not_imported) - report.not_imported_count
        print(f"Not imported: {report.not_imported_count:,}" + (
            f" (and {parts:,} parts of resources counted above)" if parts else ""))
        for line in report.not_imported:
            what = " ".join(x for x in (line.resource_type, line.resource_id) if x)
            # A part of a resource counted elsewhere (a report's result) is marked so.
            mark = "part of " if line.part else ""
            print(f"  {mark}{line.source} {line.where} {what}: {line.reason}: "
                  f"{line.message}")
    if not report.dry_run:
        print(f"Import {report.import_id}: {report.entries:,} entries written, with "
              "provenance.")


def register(sub: Subparsers) -> None:
    fhir = sub.add_parser("fhir", help="FHIR R4: export, one patient's bundle, import")
    fsub = fhir.add_subparsers(dest="fhir_command", metavar="ACTION", required=True)

    p = fsub.add_parser("export", help="FHIR Bulk Data NDJSON and manifest.json into a folder")
    add_vault_args(p)
    p.add_argument("--patient", action="append", metavar="ID",
                   help="a patient to export (repeat); none: every patient (owner only)")
    p.add_argument("--since", metavar="DATE", help="only what changed since this date")
    p.add_argument("--sections", action="append", metavar="LIST",
                   help="sections, comma-separated (demographics, conditions, ...; all)")
    p.add_argument("--include-restricted", action="append", metavar="ID",
                   help="a restricted patient or entry to include (needs an open grant)")
    p.add_argument("--out", required=True, metavar="DIR", help="a new or empty folder")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_export)

    p = fsub.add_parser("bundle", help="one patient as a FHIR Bundle (JSON file)")
    add_vault_args(p)
    p.add_argument("--patient", required=True, metavar="ID")
    p.add_argument("--sections", action="append", metavar="LIST")
    p.add_argument("--include-restricted", action="append", metavar="ID")
    p.add_argument("--out", required=True, metavar="FILE")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_bundle)

    p = fsub.add_parser("import", help="FHIR JSON, Bundles or NDJSON (files or folders)")
    add_vault_args(p)
    p.add_argument("files", nargs="+", metavar="FILE")
    who = p.add_mutually_exclusive_group()
    who.add_argument("--patient", metavar="ID", help="import into this existing patient")
    who.add_argument("--new-patient", action="store_true",
                     help="create a new patient whatever matches")
    p.add_argument("--dry-run", action="store_true", help="show what would happen; change "
                   "nothing")
    p.add_argument("--max-file-mib", type=float, default=512, metavar="MIB",
                   help="refuse files larger than this (default 512)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_import)



