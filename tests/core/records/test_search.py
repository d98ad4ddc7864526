"""Patient search forgiving about accents and case; full-text search ranked, with
snippets, and blind to what the user may not see."""

from __future__ import annotations

import contextlib

import pytest

from app.core.errors import UsageError
from app.core.records.documents import add_document
from app.core.records.normalise import fold, name_keys, query_tokens
from app.core.records.notes import NoteContent, add_note, start_note
from app.core.records.restricted import open_restricted
from app.core.records.search import find_patients, fts_query, search_text
from app.core.roles import Role
from app.core.session import Session
from tests.core.conftest import PracticeVault
from tests.core.records.conftest import new_patient, signed_in


def test_folding() -> None:
    assert fold("Zoë") == fold("ZOE") == fold("zoe") == "zoe"
    assert fold("Søren Ødegård") == "soren odegard"
    assert fold("Łukasz Groß") == "lukasz gross"
    assert fold("  Nguyễn   Thị ") == "nguyen thi"
    assert name_keys("O'Brien", "Anne-Marie") == {"obrien", "o", "brien", "annemarie",
                                                  "anne", "marie"}
    assert query_tokens("O'Brien, Anne") == ["obrien", "anne"]


def _names(session: Session, query: str) -> list[str]:
    return [p.display_name for p in find_patients(session, query)]


def test_patient_search_by_name_birth_date_and_mrn(practice: PracticeVault) -> None:
    with signed_in(practice, Role.RECEPTION) as desk:
        zoe = new_patient(desk, "García López", "Zoë", mrn="MRN-0042")
        new_patient(desk, "Zoellner", "Hans")
        for family, given in (("O'Brien", "Seán"), ("Ødegård", "Søren"),
                              ("Wiśniewski", "Łukasz"), ("Nguyễn", "Thị Lan")):
            new_patient(desk, family, given)
        assert _names(desk, "zoe") == ["García López, Zoë", "Zoellner, Hans"]
        assert _names(desk, "ZOË") == _names(desk, "zoe")
        assert _names(desk, "zoe gar") == ["García López, Zoë"]
        assert _names(desk, "lopez") == ["García López, Zoë"]
        assert _names(desk, "obrien") == _names(desk, "O'Brien") == ["O'Brien, Seán"]
        assert _names(desk, "sean") == ["O'Brien, Seán"]
        assert _names(desk, "soren odeg") == ["Ødegård, Søren"]
        assert _names(desk, "lukasz") == ["Wiśniewski, Łukasz"]
        assert _names(desk, "nguyen lan") == ["Nguyễn, Thị Lan"]
        assert [p.id for p in find_patients(desk, "mrn-0042")] == [zoe]
        assert len(find_patients(desk, "1970-05-06")) == 6
        assert find_patients(desk, "1970-05-07") == []
        assert len(find_patients(desk, "6.5.1970")) == len(find_patients(desk, "06.05.1970")) == 6
        assert find_patients(desk, "05.06.1970") == []  # day first: 5 June, nobody
        assert find_patients(desk, "nobody") == []
        with pytest.raises(UsageError):
            find_patients(desk, "1970-02-30")
        with pytest.raises(UsageError):
            find_patients(desk, "30.02.1970")
        with pytest.raises(UsageError):
            find_patients(desk, "   ")
        searches = list(desk.audit.entries(action_prefix="patient.search"))
        assert len(searches) == 18  # the three refused queries read nothing
        assert all("zoe" not in e.detail.lower() for e in searches), "no query text in the log"


def test_full_text_ranks_and_snippets(practice: PracticeVault) -> None:
    with signed_in(practice, Role.CLINICIAN) as doc:
        patient = new_patient(doc, "Søndergaard", "Zoë")
        once = add_note(doc, patient, NoteContent(body="Mild wheeze noted. " + "Filler. " * 30))
        thrice = add_note(doc, patient, NoteContent(
            subjective="Wheeze at night", objective="Expiratory wheeze",
            assessment="Wheeze due to asthma"))
        add_note(doc, patient, NoteContent(body="Unrelated follow-up"))
        hits = search_text(doc, "wheeze")
        assert [h.entry_id for h in hits] == [thrice.id, once.id]
        assert hits[0].snippet.count("[") >= 1 and "[Wheeze]" in hits[0].snippet
        assert hits[0].patient_name == "Søndergaard, Zoë"
        assert [h.entry_id for h in search_text(doc, "wheez*")] == [thrice.id, once.id]
        assert [h.entry_id for h in search_text(doc, "WHEEZE asthma")] == [thrice.id]
        assert search_text(doc, "wheeze", mark=("<b>", "</b>"))[0].snippet.count("<b>") >= 1


def test_full_text_is_accent_blind_and_safe_from_query_syntax(
        practice: PracticeVault) -> None:
    with signed_in(practice, Role.CLINICIAN) as doc:
        patient = new_patient(doc)
        note = add_note(doc, patient, NoteContent(body="Référé au cardiologue à Besançon"))
        assert [h.entry_id for h in search_text(doc, "refere besancon")] == [note.id]
        for hostile in ('"', "NEAR(a b)", "a OR", "*", "(", "body:x", "-x", "a AND NOT b"):
            # Nothing left to search for is a usage error, never an FTS5 syntax crash.
            with contextlib.suppress(UsageError):
                search_text(doc, hostile)
        assert fts_query('say "hi"') == '"say" """hi"""'


def test_documents_are_searched_with_notes(practice: PracticeVault) -> None:
    with signed_in(practice, Role.CLINICIAN) as doc:
        patient = new_patient(doc)
        document = add_document(doc, patient, b"%PDF-1.4", title="Echo report",
                                text="Left ventricular ejection fraction 35%")
        note = add_note(doc, patient, NoteContent(body="Reduced ejection fraction on echo"))
        kinds = {h.kind: h.entry_id for h in search_text(doc, "ejection fraction")}
        assert kinds == {"document": document.id, "note": note.id}
        other = new_patient(doc, "Other")
        add_note(doc, other, NoteContent(body="ejection fraction normal"))
        assert len(search_text(doc, "ejection")) == 3
        assert {h.patient_id for h in search_text(doc, "ejection", patient_id=other)} == {
            other}


def test_full_text_hides_restricted_and_other_peoples_drafts(practice: PracticeVault) -> None:
    with signed_in(practice, Role.OWNER) as owner:
        patient = new_patient(owner)
        hidden_patient = new_patient(owner, "Private", restricted=True)
        visible = add_note(owner, patient, NoteContent(body="melanoma follow-up")).id
        restricted = add_note(owner, patient, NoteContent(body="melanoma biopsy"),
                              restricted=True).id
        open_restricted(owner, hidden_patient, "writing up today's visit")
        of_restricted = add_note(owner, hidden_patient, NoteContent(body="melanoma")).id
        own_draft = start_note(owner, patient, NoteContent(body="melanoma draft")).id
    with signed_in(practice, Role.CLINICIAN) as doc:
        assert [h.entry_id for h in search_text(doc, "melanoma")] == [visible]
        open_restricted(doc, patient, "reviewing the biopsy result", entry_id=restricted)
        assert {h.entry_id for h in search_text(doc, "melanoma")} == {visible, restricted}
        open_restricted(doc, hidden_patient, "seeing the patient today")
        assert {h.entry_id for h in search_text(doc, "melanoma")} == {
            visible, restricted, of_restricted}
    with signed_in(practice, Role.OWNER) as owner:
        assert own_draft in {h.entry_id for h in search_text(owner, "melanoma")}


def test_a_note_entered_in_error_is_found_as_such_and_after_the_active_ones(
        practice: PracticeVault) -> None:
    """Marked entered in error, a note stays in the history and is still found by search,
    but said to be in error and never above an active note, however well it matches."""
    from app.core.records.in_error import mark_entered_in_error

    with signed_in(practice, Role.CLINICIAN) as doc:
        patient = new_patient(doc)
        wrong = add_note(doc, patient, NoteContent(
            body="penicillin allergy penicillin penicillin anaphylaxis")).id
        right = add_note(doc, patient, NoteContent(body="no known allergy to penicillin")).id
        [first, second] = search_text(doc, "penicillin")
        assert second.entry_id == right
        assert first.entry_id == wrong and not first.entered_in_error  # the better match
        mark_entered_in_error(doc, wrong, "written in the wrong patient's chart")
        hits = search_text(doc, "penicillin")
        assert [(h.entry_id, h.entered_in_error) for h in hits] == [(right, False),
                                                                   (wrong, True)]
        assert hits[1].to_json()["entered_in_error"] is True
