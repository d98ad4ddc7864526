"""Whole export, then import into a fresh vault: nothing is lost (issue 11, item 8)."""

from __future__ import annotations

from pathlib import Path

from app.core.records.clinical import Allergy, Condition, Immunization, Medication
from app.core.records.codes import Concept
from app.core.records.documents import add_document
from app.core.records.entries import add_entry
from app.core.records.notes import NoteContent, add_note
from app.core.records.observations import record_vitals
from app.core.roles import Role
from app.core.session import Session
from app.core.sharing.export import export_vault, import_export
from app.core.vault import OpenVault, create_vault
from tests.core.conftest import PracticeVault
from tests.core.records.conftest import HYPERTENSION, new_patient, signed_in

TABLES = ("conditions", "medications", "allergies", "immunizations", "observations", "notes",
          "documents")


def _counts(session: Session) -> dict[str, int]:
    out = {t: session.conn.execute(f"SELECT count(*) FROM clinical.{t}").fetchone()[0]
           for t in TABLES}
    out["patients"] = session.conn.execute("SELECT count(*) FROM patients").fetchone()[0]
    return out


def _documents(session: Session) -> set[bytes]:
    return {bytes(r[0]) for r in session.conn.execute(
        "SELECT data FROM clinical.document_data")}


def test_whole_export_into_a_fresh_vault_loses_nothing(practice: PracticeVault,
                                                       tmp_path: Path) -> None:
    with signed_in(practice, Role.OWNER) as s:
        for n in range(3):
            p = new_patient(s, f"Export{n}", "Erin", mrn=f"MRN-{n}")
            add_entry(s, p, Condition(code=HYPERTENSION, note=f"note {n}"))
            add_entry(s, p, Medication(code=Concept.of("Lisinopril", "rxnorm", "29046")))
            add_entry(s, p, Allergy(code=Concept.of("Penicillin", "snomed", "764146007")))
            add_entry(s, p, Immunization(code=Concept.of("Tetanus", "cvx", "115"),
                                         occurrence=f"2020-01-0{n + 1}"))
            record_vitals(s, p, "2024-03-01T10:00:00+00:00", systolic=120 + n, diastolic=80)
            add_note(s, p, NoteContent(body=f"signed note {n}"))
            add_document(s, p, b"%PDF-1.4 document " + bytes([65 + n]) * 100, title="Letter")
        original, documents = _counts(s), _documents(s)
        recipient = s.user_identity().recipient
        export_vault(s, tmp_path / "all.age", everything=True, recipients=[recipient])
        identity = s.identity
    fresh = tmp_path / "fresh"
    create_vault(fresh, owner_name="new", password="the new practice owner", kind="practice")
    with OpenVault.open(fresh) as vault:
        s = vault.unlock("new", "the new practice owner")
        try:
            with (tmp_path / "all.age").open("rb") as handle:
                import_export(s, handle, identities=[identity])
            assert _counts(s) == original
            assert _documents(s) == documents
        finally:
            s.close()


def test_restricted_documents_stay_out_without_break_glass(practice: PracticeVault,
                                                          tmp_path: Path) -> None:
    from app.core.sharing.export import open_export

    with signed_in(practice, Role.OWNER) as s:
        p = new_patient(s, "Private", "Pia")
        shown = add_document(s, p, b"%PDF-1.4 ordinary letter", title="Letter").id
        hidden = add_document(s, p, b"%PDF-1.4 restricted letter", title="Secret",
                              restricted=True).id
        recipient = s.user_identity().recipient
        export_vault(s, tmp_path / "all.age", everything=True, recipients=[recipient])
        identity = s.identity
    with (tmp_path / "all.age").open("rb") as handle:
        opened = open_export(handle, identities=[identity])
    names = opened.names()
    assert f"documents/{shown}.pdf" in names
    assert not any(hidden in n for n in names)
    references = opened.read("fhir/DocumentReference-1.ndjson").decode()
    assert shown in references and hidden not in references
