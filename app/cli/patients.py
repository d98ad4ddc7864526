"""`medvault patient …`: registering, finding, showing and erasing patients."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from app.cli.common import (
    PATIENT_FIELDS,
    Subparsers,
    add_vault_args,
    password_first,
    phi_value,
    print_json,
    read_details,
    signed_in,
)
from app.core.errors import UsageError


def _patient_details(args: argparse.Namespace) -> dict[str, str]:
    """The details from --details and the single options; `-` reads one from stdin."""
    details = read_details(args.details) if args.details else {}
    for field in PATIENT_FIELDS:
        option = "--" + field.replace("_", "-")
        value = phi_value(getattr(args, field), f"the patient's {field.replace('_', ' ')}",
                          option) if field != "sex" else args.sex
        if value is None:
            continue
        if field in details:
            raise UsageError(f"The {field.replace('_', ' ')} is given twice: in --details "
                             f"and as {option}.")
        details[field] = value
    missing = [f for f in ("family", "given", "birth_date") if not details.get(f)]
    if missing:
        raise UsageError("A patient needs a family name, a given name and a birth date: "
                         f"{', '.join(m.replace('_', ' ') for m in missing)} missing. "
                         "Give them with --details FILE (JSON) or --details -.")
    return details


def cmd_patient_add(args: argparse.Namespace) -> int:
    from app.core.records.patients import PatientInput, PossibleDuplicate, add_patient

    secrets, password = password_first(args)
    details = _patient_details(args)  # after the password line, before any work
    data = PatientInput(family=details["family"], given=details["given"],
                        birth_date=details["birth_date"], mrn=details.get("mrn"),
                        sex=details.get("sex"), phone=details.get("phone"),
                        email=details.get("email"), restricted=args.restricted)
    with signed_in(args, secrets, password) as session:
        try:
            patient = add_patient(session, data, not_a_duplicate=args.not_a_duplicate)
        except PossibleDuplicate as exc:
            if args.json:
                print_json({"error": "possible-duplicate",
                            "candidates": [c.to_json() for c in exc.candidates]})
            else:
                print("Not added: this may be a patient already in the vault:",
                      file=sys.stderr)
                for c in exc.candidates:
                    print(f"  {c.id}  {c.display_name}  {c.birth_date or '-'}  "
                          f"{c.mrn or '-'}", file=sys.stderr)
                print("Use that record, or add --not-a-duplicate once you are sure this "
                      "is a different person.", file=sys.stderr)
            return 1
    if args.json:
        print_json(patient.to_json())
    else:
        print(f"Added {patient.display_name} with id {patient.id}.")
    return 0


def cmd_patient_find(args: argparse.Namespace) -> int:
    from app.core.records.search import find_patients

    secrets, password = password_first(args)
    query = phi_value(args.query, "a patient search", "QUERY") or ""
    with signed_in(args, secrets, password) as session:
        found = find_patients(session, query, limit=args.limit)
    if args.json:
        print_json([p.to_json() for p in found])
        return 0
    if not found:
        print("No patients found.")
    for p in found:
        flag = "  [restricted]" if p.restricted else ""
        print(f"{p.id}  {p.display_name:40} {p.birth_date or '-':10}  {p.mrn or '-'}{flag}")
    return 0


def cmd_patient_show(args: argparse.Namespace) -> int:
    from app.core.records.chart import open_chart
    from app.core.records.patients import get_patient

    with signed_in(args) as session:
        chart = open_chart(session, args.id) if args.chart else None
        patient = chart.patient if chart else get_patient(session, args.id)
        names = {u.user_id: u.name for u in session.vault.file.users}
    if args.json:
        print_json(chart.to_json() if chart else patient.to_json())
        return 0
    print(f"{patient.display_name}  (id {patient.id})")
    for label, value in (("Born", patient.birth_date), ("Sex", patient.sex),
                         ("Gender", patient.gender), ("MRN", patient.mrn),
                         ("Phone", patient.phone), ("Email", patient.email)):
        if value:
            print(f"  {label + ':':8} {value}")
    if patient.restricted:
        print("  This record is restricted.")
    if chart is not None:
        _print_chart(chart, names)
    return 0


def _print_chart(chart: Any, names: dict[str, str]) -> None:
    from app.core.records.absence import absence_of, allergy_status, medication_status
    from app.core.records.kinds import with_forms

    # Allergies and medications say "not yet recorded" or who recorded "none known", in the
    # words the GUI and the printout use; never an empty list read as "none".
    statuses = {"allergy": allergy_status(chart.allergies),
                "medication": medication_status(chart.medications)}
    # Every kind the chart shows with a form, allergies first: nobody may miss them.
    for spec in sorted(with_forms(), key=lambda k: k.name != "allergy"):
        entries = [e for e in chart.entries(spec.name) if absence_of(e) is None]
        status = statuses.get(spec.name)
        listed = ", ".join(e.data.code.text for e in entries)
        if status is not None and status.state != "recorded":
            listed = status.text(lambda who: names.get(who, who))
        print(f"{spec.title}: " + (listed or "none recorded"))
    print(f"Latest of {chart.observation_count} observations:")
    for e in chart.latest_observations:
        value = e.data.value if e.data.value is not None else e.data.value_text
        print(f"  {e.data.code.text}: {value} {e.data.unit or ''}  ({e.data.effective[:10]})")
    print(f"Notes: {len(chart.notes)}; documents: {len(chart.documents)}")
    if chart.hidden_restricted:
        print(f"{chart.hidden_restricted} restricted entries are not shown; open them with a "
              "reason (medvault restricted open).")


def cmd_patient_erase(args: argparse.Namespace) -> int:
    from app.core.records.erasure import erase_patient

    with signed_in(args) as session:
        result = erase_patient(session, args.id, args.reason)
    if args.json:
        print_json({"erased": result.patient_id, "rows": result.rows})
        return 0
    print(f"Erased patient {result.patient_id}: {sum(result.rows.values())} rows removed "
          "from both compartments, and the files rewritten.")
    return 0


def cmd_patient_merge(args: argparse.Namespace) -> int:
    from app.core.records.merge import merge_patients

    secrets, password = password_first(args)
    reason = phi_value(args.reason, "the reason for the merge", "--reason") or ""
    with signed_in(args, secrets, password) as session:
        result = merge_patients(session, args.keep, args.merge, reason)
    if args.json:
        print_json(result.to_json())
    else:
        print(f"Merged {result.merged_id} into {result.keep_id}: "
              f"{sum(result.moved.values())} rows moved (merge {result.merge_id}). Undo "
              f"with `medvault patient unmerge ... {result.merge_id}` until the record "
              "changes.")
    return 0


def cmd_patient_unmerge(args: argparse.Namespace) -> int:
    from app.core.records.merge import undo_merge

    with signed_in(args) as session:
        result = undo_merge(session, args.merge_id)
    if args.json:
        print_json(result.to_json())
    else:
        print(f"Undone: {sum(result.moved.values())} rows moved back to "
              f"{result.merged_id}.")
    return 0


def register(sub: Subparsers) -> None:
    patient = sub.add_parser("patient", help="patients in the registry").add_subparsers(
        dest="action", required=True)
    p = patient.add_parser("add", help="register a patient")
    add_vault_args(p)
    p.add_argument("--details", metavar="FILE",
                   help="the patient's details as a JSON object; - reads it from standard "
                        "input (keeps them out of the process list)")
    p.add_argument("--family", metavar="F", help="- reads it from standard input")
    p.add_argument("--given", metavar="G", help="- reads it from standard input")
    p.add_argument("--birth-date", dest="birth_date", metavar="YYYY-MM-DD",
                   help="- reads it from standard input")
    p.add_argument("--mrn", metavar="M")
    p.add_argument("--sex", choices=["female", "male", "other", "unknown"])
    p.add_argument("--phone")
    p.add_argument("--email")
    p.add_argument("--restricted", action="store_true")
    p.add_argument("--not-a-duplicate", action="store_true",
                   help="add although a patient with the same MRN, or the same birth date "
                        "and names, exists (after checking it is someone else)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_patient_add)
    p = patient.add_parser("find", help="find by name prefix, birth date or MRN")
    add_vault_args(p)
    p.add_argument("query", metavar="QUERY", help="- reads it from standard input")
    p.add_argument("--limit", type=int, default=50)
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_patient_find)
    p = patient.add_parser("show", help="a patient's details (--chart: the clinical chart)")
    add_vault_args(p)
    p.add_argument("id", metavar="ID")
    p.add_argument("--chart", action="store_true")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_patient_show)
    p = patient.add_parser("erase", help="erase a patient, if the machine policy allows")
    add_vault_args(p)
    p.add_argument("id", metavar="ID")
    p.add_argument("--reason", required=True)
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_patient_erase)
    p = patient.add_parser("merge", help="merge a duplicate record into the one to keep "
                                         "(every entry moves; undo with unmerge)")
    add_vault_args(p)
    p.add_argument("--keep", required=True, metavar="ID", help="the record to keep")
    p.add_argument("--merge", required=True, metavar="ID",
                   help="the duplicate, merged into --keep")
    p.add_argument("--reason", metavar="R", help="- reads it from standard input")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_patient_merge)
    p = patient.add_parser("unmerge", help="undo a merge, while the record is unchanged")
    add_vault_args(p)
    p.add_argument("merge_id", metavar="MERGE_ID")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_patient_unmerge)
