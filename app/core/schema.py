"""Schema migrations for each compartment, applied in order and tracked by user_version.

Append new steps to the end of a list; never edit a step that has shipped.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from app.core.database import Connection

REGISTRY_MIGRATIONS: list[str] = [
    """
    CREATE TABLE meta (key TEXT PRIMARY KEY, value BLOB NOT NULL);
    CREATE TABLE users (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL UNIQUE COLLATE NOCASE,
        full_name TEXT NOT NULL DEFAULT '',
        role TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'active',
        created TEXT NOT NULL,
        totp_last_step INTEGER,
        settings TEXT NOT NULL DEFAULT '{}'
    );
    CREATE TABLE audit (
        seq INTEGER PRIMARY KEY,
        ts TEXT NOT NULL,
        actor_id TEXT NOT NULL,
        actor TEXT NOT NULL,
        role TEXT NOT NULL,
        action TEXT NOT NULL,
        patient_id TEXT,
        target TEXT,
        reason TEXT,
        flagged INTEGER NOT NULL DEFAULT 0,
        detail TEXT NOT NULL DEFAULT '{}',
        mac BLOB NOT NULL
    );
    CREATE INDEX audit_by_patient ON audit(patient_id, seq);
    CREATE INDEX audit_by_action ON audit(action, seq);
    CREATE INDEX audit_by_actor ON audit(actor_id, seq);
    """,
    # Records (issue 3): people, contacts, appointments, consents and break-glass grants.
    # `search_key` and `patient_name_keys` hold names folded (NFKD, marks stripped,
    # casefolded) so that prefix search is forgiving about accents and case and still
    # uses an index.
    """
    CREATE TABLE patients (
        id TEXT PRIMARY KEY,
        family TEXT NOT NULL,
        given TEXT NOT NULL,
        birth_date TEXT,
        sex TEXT,
        gender TEXT,
        mrn TEXT,
        identifiers TEXT NOT NULL DEFAULT '[]',
        phone TEXT,
        email TEXT,
        address TEXT NOT NULL DEFAULT '{}',
        emergency_contact TEXT NOT NULL DEFAULT '{}',
        restricted INTEGER NOT NULL DEFAULT 0,
        search_key TEXT NOT NULL,
        extra TEXT NOT NULL DEFAULT '{}',
        created_at TEXT NOT NULL,
        created_by TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        updated_by TEXT NOT NULL
    );
    CREATE UNIQUE INDEX patients_by_mrn ON patients(mrn COLLATE NOCASE) WHERE mrn IS NOT NULL;
    CREATE INDEX patients_by_birth_date ON patients(birth_date);
    CREATE INDEX patients_by_search_key ON patients(search_key);
    CREATE TABLE patient_name_keys (
        key TEXT NOT NULL,
        patient_id TEXT NOT NULL REFERENCES patients(id) ON DELETE CASCADE,
        PRIMARY KEY (key, patient_id)
    ) WITHOUT ROWID;
    CREATE INDEX patient_name_keys_by_patient ON patient_name_keys(patient_id);
    CREATE TABLE contacts (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        organisation TEXT,
        specialty TEXT,
        phone TEXT,
        email TEXT,
        address TEXT NOT NULL DEFAULT '{}',
        age_recipient TEXT,
        fingerprint TEXT,
        fingerprint_verified_at TEXT,
        fingerprint_verified_by TEXT,
        note TEXT,
        search_key TEXT NOT NULL,
        created_at TEXT NOT NULL,
        created_by TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        updated_by TEXT NOT NULL
    );
    CREATE INDEX contacts_by_search_key ON contacts(search_key);
    CREATE TABLE appointments (
        id TEXT PRIMARY KEY,
        patient_id TEXT NOT NULL REFERENCES patients(id),
        practitioner_id TEXT,
        starts_at TEXT NOT NULL,
        ends_at TEXT NOT NULL,
        status TEXT NOT NULL,
        reason TEXT,
        location TEXT,
        created_at TEXT NOT NULL,
        created_by TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        updated_by TEXT NOT NULL
    );
    CREATE INDEX appointments_by_patient ON appointments(patient_id, starts_at);
    CREATE INDEX appointments_by_start ON appointments(starts_at);
    CREATE TABLE consents (
        id TEXT PRIMARY KEY,
        patient_id TEXT NOT NULL REFERENCES patients(id),
        recipient_id TEXT NOT NULL REFERENCES contacts(id),
        sections TEXT NOT NULL,
        purpose TEXT NOT NULL,
        valid_from TEXT NOT NULL,
        valid_until TEXT,
        withdrawn_at TEXT,
        withdrawn_by TEXT,
        note TEXT,
        created_at TEXT NOT NULL,
        created_by TEXT NOT NULL
    );
    CREATE INDEX consents_by_patient ON consents(patient_id, recipient_id);
    CREATE TABLE access_grants (
        id TEXT PRIMARY KEY,
        kind TEXT NOT NULL,
        user_id TEXT NOT NULL,
        user_name TEXT NOT NULL,
        patient_id TEXT,
        entry_id TEXT,
        reason TEXT NOT NULL,
        granted_at TEXT NOT NULL,
        expires_at TEXT NOT NULL,
        reviewed_by TEXT,
        reviewed_at TEXT,
        review_note TEXT
    );
    CREATE INDEX access_grants_by_user ON access_grants(user_id, patient_id, expires_at);
    CREATE INDEX access_grants_by_review ON access_grants(reviewed_at, granted_at);
    """,
    # Sharing (issue 11): a contact's signing key from their card, and every imported
    # package id, so a replayed or older package is refused.
    """
    ALTER TABLE contacts ADD COLUMN signing_key TEXT;
    CREATE TABLE imported_packages (
        package_id TEXT PRIMARY KEY,
        sender_key TEXT NOT NULL,
        source_patient TEXT NOT NULL,
        created TEXT NOT NULL,
        patient_id TEXT,
        imported_at TEXT NOT NULL,
        imported_by TEXT NOT NULL
    );
    CREATE INDEX imported_packages_by_sender ON imported_packages(sender_key,
        source_patient, created);
    """,
]

CLINICAL_MIGRATIONS: list[str] = [
    """
    CREATE TABLE clinical_meta (key TEXT PRIMARY KEY, value BLOB NOT NULL);
    """,
    # Records (issue 3): the clinical compartment. Column names follow FHIR R4 elements;
    # a coded element X is stored as X (code), X_system, X_text, X_display and X_more
    # (further codings as JSON), and `extra` keeps FHIR elements without a column, so
    # an import followed by an export loses nothing.
    """
    CREATE TABLE encounters (
        id TEXT PRIMARY KEY,
        patient_id TEXT NOT NULL,
        encounter_id TEXT,
        code TEXT,
        code_system TEXT,
        code_text TEXT,
        code_display TEXT,
        code_more TEXT NOT NULL DEFAULT '[]',
        status TEXT NOT NULL,
        class_code TEXT NOT NULL,
        period_start TEXT,
        period_end TEXT,
        practitioner_id TEXT,
        location TEXT,
        reason_text TEXT,
        restricted INTEGER NOT NULL DEFAULT 0,
        extra TEXT NOT NULL DEFAULT '{}',
        created_at TEXT NOT NULL,
        created_by TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        updated_by TEXT NOT NULL
    );
    CREATE INDEX encounters_by_patient ON encounters(patient_id, period_start);
    CREATE TABLE notes (
        rid INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        patient_id TEXT NOT NULL,
        encounter_id TEXT,
        code TEXT,
        code_system TEXT,
        code_text TEXT,
        code_display TEXT,
        code_more TEXT NOT NULL DEFAULT '[]',
        kind TEXT NOT NULL,
        title TEXT NOT NULL DEFAULT '',
        subjective TEXT NOT NULL DEFAULT '',
        objective TEXT NOT NULL DEFAULT '',
        assessment TEXT NOT NULL DEFAULT '',
        plan TEXT NOT NULL DEFAULT '',
        body TEXT NOT NULL DEFAULT '',
        status TEXT NOT NULL,
        author_id TEXT NOT NULL,
        signed_by TEXT,
        signed_at TEXT,
        amends TEXT REFERENCES notes(id),
        restricted INTEGER NOT NULL DEFAULT 0,
        extra TEXT NOT NULL DEFAULT '{}',
        created_at TEXT NOT NULL,
        created_by TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        updated_by TEXT NOT NULL
    );
    CREATE INDEX notes_by_patient ON notes(patient_id, created_at);
    CREATE INDEX notes_by_author ON notes(author_id, status);
    CREATE INDEX notes_by_amends ON notes(amends);
    CREATE VIRTUAL TABLE notes_fts USING fts5(title, subjective, objective, assessment, plan,
        body, content='notes', content_rowid='rid',
        tokenize='unicode61 remove_diacritics 2');
    CREATE TRIGGER notes_fts_insert AFTER INSERT ON notes BEGIN
        INSERT INTO notes_fts(rowid, title, subjective, objective, assessment, plan, body)
        VALUES (new.rid, new.title, new.subjective, new.objective, new.assessment, new.plan,
                new.body);
    END;
    CREATE TRIGGER notes_fts_delete AFTER DELETE ON notes BEGIN
        INSERT INTO notes_fts(notes_fts, rowid, title, subjective, objective, assessment, plan,
                              body)
        VALUES ('delete', old.rid, old.title, old.subjective, old.objective, old.assessment,
                old.plan, old.body);
    END;
    CREATE TRIGGER notes_fts_update AFTER UPDATE OF title, subjective, objective, assessment,
        plan, body ON notes BEGIN
        INSERT INTO notes_fts(notes_fts, rowid, title, subjective, objective, assessment, plan,
                              body)
        VALUES ('delete', old.rid, old.title, old.subjective, old.objective, old.assessment,
                old.plan, old.body);
        INSERT INTO notes_fts(rowid, title, subjective, objective, assessment, plan, body)
        VALUES (new.rid, new.title, new.subjective, new.objective, new.assessment, new.plan,
                new.body);
    END;
    CREATE TRIGGER notes_signed_are_final BEFORE UPDATE ON notes
        WHEN old.status = 'signed' AND (new.status IS NOT old.status
            OR new.patient_id IS NOT old.patient_id OR new.kind IS NOT old.kind
            OR new.title IS NOT old.title OR new.subjective IS NOT old.subjective
            OR new.objective IS NOT old.objective OR new.assessment IS NOT old.assessment
            OR new.plan IS NOT old.plan OR new.body IS NOT old.body
            OR new.author_id IS NOT old.author_id OR new.signed_by IS NOT old.signed_by
            OR new.signed_at IS NOT old.signed_at OR new.amends IS NOT old.amends
            OR new.created_at IS NOT old.created_at) BEGIN
        SELECT RAISE(ABORT, 'a signed note never changes: write an amendment');
    END;
    CREATE TRIGGER notes_signed_are_kept BEFORE DELETE ON notes
        WHEN old.status = 'signed'
            AND NOT EXISTS (SELECT 1 FROM clinical_meta WHERE key = 'erasing') BEGIN
        SELECT RAISE(ABORT, 'a signed note is kept: only erasing the patient removes it');
    END;
    CREATE TABLE conditions (
        id TEXT PRIMARY KEY,
        patient_id TEXT NOT NULL,
        encounter_id TEXT,
        code TEXT,
        code_system TEXT,
        code_text TEXT,
        code_display TEXT,
        code_more TEXT NOT NULL DEFAULT '[]',
        clinical_status TEXT,
        verification_status TEXT,
        category TEXT NOT NULL,
        severity TEXT,
        onset TEXT,
        abatement TEXT,
        recorded_date TEXT,
        note TEXT,
        restricted INTEGER NOT NULL DEFAULT 0,
        extra TEXT NOT NULL DEFAULT '{}',
        created_at TEXT NOT NULL,
        created_by TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        updated_by TEXT NOT NULL
    );
    CREATE INDEX conditions_by_patient ON conditions(patient_id);
    CREATE TABLE medications (
        id TEXT PRIMARY KEY,
        patient_id TEXT NOT NULL,
        encounter_id TEXT,
        code TEXT,
        code_system TEXT,
        code_text TEXT,
        code_display TEXT,
        code_more TEXT NOT NULL DEFAULT '[]',
        status TEXT NOT NULL,
        dosage_text TEXT,
        dose_value REAL,
        dose_unit TEXT,
        route TEXT,
        effective_start TEXT,
        effective_end TEXT,
        reason_text TEXT,
        note TEXT,
        restricted INTEGER NOT NULL DEFAULT 0,
        extra TEXT NOT NULL DEFAULT '{}',
        created_at TEXT NOT NULL,
        created_by TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        updated_by TEXT NOT NULL
    );
    CREATE INDEX medications_by_patient ON medications(patient_id);
    CREATE TABLE allergies (
        id TEXT PRIMARY KEY,
        patient_id TEXT NOT NULL,
        encounter_id TEXT,
        code TEXT,
        code_system TEXT,
        code_text TEXT,
        code_display TEXT,
        code_more TEXT NOT NULL DEFAULT '[]',
        reaction TEXT,
        reaction_system TEXT,
        reaction_text TEXT,
        reaction_display TEXT,
        reaction_more TEXT NOT NULL DEFAULT '[]',
        clinical_status TEXT,
        verification_status TEXT,
        type TEXT,
        category TEXT,
        criticality TEXT,
        severity TEXT,
        onset TEXT,
        note TEXT,
        restricted INTEGER NOT NULL DEFAULT 0,
        extra TEXT NOT NULL DEFAULT '{}',
        created_at TEXT NOT NULL,
        created_by TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        updated_by TEXT NOT NULL
    );
    CREATE INDEX allergies_by_patient ON allergies(patient_id);
    CREATE TABLE immunizations (
        id TEXT PRIMARY KEY,
        patient_id TEXT NOT NULL,
        encounter_id TEXT,
        code TEXT,
        code_system TEXT,
        code_text TEXT,
        code_display TEXT,
        code_more TEXT NOT NULL DEFAULT '[]',
        status TEXT NOT NULL,
        occurrence TEXT,
        lot_number TEXT,
        site TEXT,
        route TEXT,
        dose_number INTEGER,
        performer TEXT,
        note TEXT,
        restricted INTEGER NOT NULL DEFAULT 0,
        extra TEXT NOT NULL DEFAULT '{}',
        created_at TEXT NOT NULL,
        created_by TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        updated_by TEXT NOT NULL
    );
    CREATE INDEX immunizations_by_patient ON immunizations(patient_id, occurrence);
    CREATE TABLE observations (
        id TEXT PRIMARY KEY,
        patient_id TEXT NOT NULL,
        encounter_id TEXT,
        code TEXT,
        code_system TEXT,
        code_text TEXT,
        code_display TEXT,
        code_more TEXT NOT NULL DEFAULT '[]',
        status TEXT NOT NULL,
        category TEXT NOT NULL,
        value REAL,
        value_text TEXT,
        unit TEXT,
        ref_low REAL,
        ref_high REAL,
        interpretation TEXT,
        effective TEXT NOT NULL,
        group_id TEXT,
        note TEXT,
        restricted INTEGER NOT NULL DEFAULT 0,
        extra TEXT NOT NULL DEFAULT '{}',
        created_at TEXT NOT NULL,
        created_by TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        updated_by TEXT NOT NULL
    );
    CREATE INDEX observations_for_charts ON observations(patient_id, code, effective);
    CREATE INDEX observations_by_patient ON observations(patient_id, effective);
    CREATE TABLE documents (
        rid INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        patient_id TEXT NOT NULL,
        encounter_id TEXT,
        code TEXT,
        code_system TEXT,
        code_text TEXT,
        code_display TEXT,
        code_more TEXT NOT NULL DEFAULT '[]',
        title TEXT NOT NULL,
        description TEXT,
        content_type TEXT NOT NULL,
        size INTEGER NOT NULL,
        sha256 TEXT NOT NULL,
        text TEXT,
        status TEXT NOT NULL,
        doc_date TEXT,
        restricted INTEGER NOT NULL DEFAULT 0,
        extra TEXT NOT NULL DEFAULT '{}',
        created_at TEXT NOT NULL,
        created_by TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        updated_by TEXT NOT NULL
    );
    CREATE INDEX documents_by_patient ON documents(patient_id, created_at);
    CREATE TABLE document_data (
        document_id TEXT PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
        data BLOB NOT NULL
    );
    CREATE VIRTUAL TABLE documents_fts USING fts5(title, description, text,
        content='documents', content_rowid='rid',
        tokenize='unicode61 remove_diacritics 2');
    CREATE TRIGGER documents_fts_insert AFTER INSERT ON documents BEGIN
        INSERT INTO documents_fts(rowid, title, description, text)
        VALUES (new.rid, new.title, new.description, new.text);
    END;
    CREATE TRIGGER documents_fts_delete AFTER DELETE ON documents BEGIN
        INSERT INTO documents_fts(documents_fts, rowid, title, description, text)
        VALUES ('delete', old.rid, old.title, old.description, old.text);
    END;
    CREATE TRIGGER documents_fts_update AFTER UPDATE OF title, description, text
        ON documents BEGIN
        INSERT INTO documents_fts(documents_fts, rowid, title, description, text)
        VALUES ('delete', old.rid, old.title, old.description, old.text);
        INSERT INTO documents_fts(rowid, title, description, text)
        VALUES (new.rid, new.title, new.description, new.text);
    END;
    """,
    # Procedures (issue 9): the first kind added through the registry (records/kinds.py).
    """
    CREATE TABLE procedures (
        id TEXT PRIMARY KEY,
        patient_id TEXT NOT NULL,
        encounter_id TEXT,
        code TEXT,
        code_system TEXT,
        code_text TEXT,
        code_display TEXT,
        code_more TEXT NOT NULL DEFAULT '[]',
        status TEXT NOT NULL,
        performed TEXT,
        body_site TEXT,
        body_site_system TEXT,
        body_site_text TEXT,
        body_site_display TEXT,
        body_site_more TEXT NOT NULL DEFAULT '[]',
        note TEXT,
        restricted INTEGER NOT NULL DEFAULT 0,
        extra TEXT NOT NULL DEFAULT '{}',
        created_at TEXT NOT NULL,
        created_by TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        updated_by TEXT NOT NULL
    );
    CREATE INDEX procedures_by_patient ON procedures(patient_id, performed);
    """,
]

# FHIR import (issue 10): where each imported patient came from. Clinical entries keep
# their provenance in the clinical file (below), so reception can see that a patient was
# imported but not which clinical resources came with them.
REGISTRY_MIGRATIONS.append("""
    CREATE TABLE fhir_patient_sources (
        patient_id TEXT NOT NULL REFERENCES patients(id) ON DELETE CASCADE,
        import_id TEXT NOT NULL,
        source_name TEXT NOT NULL,
        source_sha256 TEXT NOT NULL,
        source_ref TEXT NOT NULL,
        matched TEXT NOT NULL,
        imported_by TEXT NOT NULL,
        imported_at TEXT NOT NULL,
        PRIMARY KEY (patient_id, import_id, source_ref)
    );
    """)
# FHIR import (issue 10): provenance of every imported clinical entry: the source file's
# name and SHA-256, the resource it came from, its content hash (to recognise the same
# facts sent again under another id), who imported it and when.
CLINICAL_MIGRATIONS.append("""
    CREATE TABLE fhir_provenance (
        entry_id TEXT PRIMARY KEY,
        entry_table TEXT NOT NULL,
        patient_id TEXT NOT NULL,
        import_id TEXT NOT NULL,
        source_name TEXT NOT NULL,
        source_sha256 TEXT NOT NULL,
        source_ref TEXT NOT NULL,
        resource_type TEXT NOT NULL,
        content_sha256 TEXT NOT NULL,
        imported_by TEXT NOT NULL,
        imported_at TEXT NOT NULL
    );
    CREATE INDEX fhir_provenance_by_source ON fhir_provenance(patient_id, source_ref);
    CREATE INDEX fhir_provenance_by_content ON fhir_provenance(patient_id, content_sha256);
    """)

# Issue 12: entries marked entered in error (records/in_error.py). One table for every
# kind: a signed note's row may not change, and a new kind needs no migration of its own.
CLINICAL_MIGRATIONS.append("""
    CREATE TABLE entry_errors (
        entry_id TEXT PRIMARY KEY,
        kind TEXT NOT NULL,
        patient_id TEXT NOT NULL,
        marked_by TEXT NOT NULL,
        marked_at TEXT NOT NULL,
        reason TEXT NOT NULL
    );
    CREATE INDEX entry_errors_by_patient ON entry_errors(patient_id, marked_at);
    """)
# Issue 12: merging two records of one person (records/merge.py). Which clinical rows a
# merge moved stays in the clinical file; a signed note may change patient only while a
# merge (or its undo) runs, marked in clinical_meta as erasure is.
CLINICAL_MIGRATIONS.append("""
    CREATE TABLE merge_moves (
        merge_id TEXT NOT NULL,
        tbl TEXT NOT NULL,
        row_key TEXT NOT NULL,
        PRIMARY KEY (merge_id, tbl, row_key)
    );
    DROP TRIGGER notes_signed_are_final;
    CREATE TRIGGER notes_signed_are_final BEFORE UPDATE ON notes
        WHEN old.status = 'signed' AND (new.status IS NOT old.status
            OR (new.patient_id IS NOT old.patient_id
                AND NOT EXISTS (SELECT 1 FROM clinical_meta WHERE key = 'merging'))
            OR new.kind IS NOT old.kind
            OR new.title IS NOT old.title OR new.subjective IS NOT old.subjective
            OR new.objective IS NOT old.objective OR new.assessment IS NOT old.assessment
            OR new.plan IS NOT old.plan OR new.body IS NOT old.body
            OR new.author_id IS NOT old.author_id OR new.signed_by IS NOT old.signed_by
            OR new.signed_at IS NOT old.signed_at OR new.amends IS NOT old.amends
            OR new.created_at IS NOT old.created_at) BEGIN
        SELECT RAISE(ABORT, 'a signed note never changes: write an amendment');
    END;
    """)
REGISTRY_MIGRATIONS.append("""
    ALTER TABLE patients ADD COLUMN merged_into TEXT;
    CREATE TABLE patient_merges (
        id TEXT PRIMARY KEY,
        keep_id TEXT NOT NULL,
        merged_id TEXT NOT NULL,
        merged_by TEXT NOT NULL,
        merged_at TEXT NOT NULL,
        reason TEXT,
        audit_seq INTEGER NOT NULL,
        restricted_kept INTEGER NOT NULL DEFAULT 0,
        undone_at TEXT,
        undone_by TEXT
    );
    CREATE INDEX patient_merges_by_keep ON patient_merges(keep_id, audit_seq);
    CREATE TABLE patient_merge_moves (
        merge_id TEXT NOT NULL REFERENCES patient_merges(id),
        tbl TEXT NOT NULL,
        row_key TEXT NOT NULL,
        PRIMARY KEY (merge_id, tbl, row_key)
    );
    """)

# Issue 12: the practice's own laboratory tests (records/lab_tests.py), each with a LOINC
# code, a UCUM unit and a reference range.
CLINICAL_MIGRATIONS.append("""
    CREATE TABLE lab_tests (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        loinc TEXT NOT NULL,
        unit TEXT NOT NULL,
        ref_low REAL,
        ref_high REAL,
        created_by TEXT NOT NULL,
        created_at TEXT NOT NULL,
        UNIQUE (loinc, unit)
    );
    """)

# FHIR import speed (issue 10): a blood pressure panel whose id is one of ours is looked
# up by its group id (is it already here? is the id free?); without an index each lookup
# read every observation in the vault. Partial: only panel halves carry a group id.
CLINICAL_MIGRATIONS.append("""
    CREATE INDEX observations_by_group ON observations(group_id) WHERE group_id IS NOT NULL;
    """)

# User import (issue 13): the email from the staff list, and until when an account's
# temporary password may be used; NULL once the user has chosen their own
# (temporary_passwords.py).
REGISTRY_MIGRATIONS.append("""
    ALTER TABLE users ADD COLUMN email TEXT NOT NULL DEFAULT '';
    ALTER TABLE users ADD COLUMN temporary_password_until TEXT;
    """)

_BY_COMPARTMENT = {"registry": REGISTRY_MIGRATIONS, "clinical": CLINICAL_MIGRATIONS}


def schema_version(conn: Connection, schema: str) -> int:
    return int(conn.execute(f"PRAGMA {schema}.user_version").fetchone()[0])


def migrate(conn: Connection, compartment: str, schema: str) -> None:
    """Run the missing steps inside the caller's transaction."""
    steps = _BY_COMPARTMENT[compartment]
    current = schema_version(conn, schema)
    for number, script in enumerate(steps[current:], start=current + 1):
        for statement in _split(script):
            conn.execute(_qualify(statement, schema))
        conn.execute(f"PRAGMA {schema}.user_version = {number}")


def _split(script: str) -> list[str]:
    # Triggers contain semicolons; a step keeps them between BEGIN and END on one statement.
    statements, buffer, depth = [], [], 0
    for line in script.splitlines():
        stripped = line.strip().upper()
        if stripped.startswith("CREATE TRIGGER"):
            depth += 1
        buffer.append(line)
        if stripped.endswith(";") and (depth == 0 or stripped == "END;"):
            if stripped == "END;":
                depth -= 1
            statements.append("\n".join(buffer).strip().rstrip(";"))
            buffer = []
    if "\n".join(buffer).strip():
        statements.append("\n".join(buffer).strip())
    return statements


def _qualify(statement: str, schema: str) -> str:
    """Prefix CREATE targets with the schema, so clinical tables land in the attached file."""
    if schema == "main":
        return statement
    words = ("CREATE TABLE ", "CREATE VIRTUAL TABLE ", "CREATE INDEX ", "CREATE UNIQUE INDEX ",
             "CREATE TRIGGER ", "DROP TRIGGER ", "ALTER TABLE ")
    for word in words:
        if statement.upper().startswith(word):
            rest = statement[len(word):]
            if rest.upper().startswith("IF NOT EXISTS "):
                return f"{word}IF NOT EXISTS {schema}.{rest[len('IF NOT EXISTS '):]}"
            return f"{word}{schema}.{rest}"
    return statement
