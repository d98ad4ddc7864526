"""`medvault note …`: writing and searching clinical notes.

Clinical text given on the command line is visible to other local users (process list,
shell history), so `--text -` reads it from standard input instead (after the password,
with --password-stdin).
"""

from __future__ import annotations

import argparse

from app.cli.common import (
    Subparsers,
    add_vault_args,
    password_first,
    phi_value,
    print_json,
    signed_in,
    text_argument,
)


def cmd_note_add(args: argparse.Namespace) -> int:
    from app.core.records.notes import NoteContent, add_note

    secrets, password = password_first(args)
    text = text_argument(args.text, "the note's text")
    with signed_in(args, secrets, password) as session:
        note = add_note(session, args.patient, NoteContent(title=args.title or "", body=text),
                        sign=not args.draft, restricted=args.restricted)
    if args.json:
        print_json(note.to_json())
    else:
        state = "saved as a draft" if note.status == "draft" else "signed"
        print(f"Note {note.id} {state}.")
    return 0


def cmd_note_search(args: argparse.Namespace) -> int:
    from app.core.records.search import search_text

    secrets, password = password_first(args)
    query = phi_value(args.query, "a note search", "QUERY") or ""
    with signed_in(args, secrets, password) as session:
        hits = search_text(session, query, limit=args.limit, patient_id=args.patient)
    if args.json:
        print_json([h.to_json() for h in hits])
        return 0
    if not hits:
        print("Nothing found.")
    for h in hits:
        marked = "  ENTERED IN ERROR (kept as history)" if h.entered_in_error else ""
        print(f"{h.date[:10]}  {h.patient_name}  {h.kind} {h.entry_id}{marked}")
        print(f"    {h.snippet}")
    return 0


def cmd_entry_error(args: argparse.Namespace) -> int:
    from app.core.records.in_error import mark_entered_in_error

    secrets, password = password_first(args)
    reason = phi_value(args.reason, "why the entry was entered in error", "--reason") or ""
    with signed_in(args, secrets, password) as session:
        mark = mark_entered_in_error(session, args.id, reason)
    if args.json:
        print_json(mark.to_json())
    else:
        print(f"Marked the {mark.kind} {mark.entry_id} entered in error. It stays in the "
              "record's history and leaves the active lists and exports as active.")
    return 0


def register(sub: Subparsers) -> None:
    note = sub.add_parser("note", help="clinical notes").add_subparsers(dest="action",
                                                                        required=True)
    p = note.add_parser("add", help="write a note (signed unless --draft)")
    add_vault_args(p)
    p.add_argument("--patient", required=True, metavar="ID")
    p.add_argument("--text", required=True, metavar="TEXT",
                   help="the note; - reads it from standard input")
    p.add_argument("--title")
    p.add_argument("--draft", action="store_true")
    p.add_argument("--restricted", action="store_true")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_note_add)
    p = note.add_parser("search", help="full-text search over notes and documents")
    add_vault_args(p)
    p.add_argument("query", metavar="QUERY", help="- reads it from standard input")
    p.add_argument("--patient", metavar="ID")
    p.add_argument("--limit", type=int, default=50)
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_note_search)
    entry = sub.add_parser("entry", help="any clinical entry").add_subparsers(
        dest="action", required=True)
    p = entry.add_parser("error", help="mark an entry of any kind entered in error (it "
                                       "stays in the history, marked)")
    add_vault_args(p)
    p.add_argument("id", metavar="ID")
    p.add_argument("--reason", required=True, metavar="R",
                   help="why; - reads it from standard input")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_entry_error)
