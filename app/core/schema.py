"""Schema migrations for each compartment, applied in order and tracked by user_version.

Append new steps to the end of a list; never edit a step that has shipped.
"""

from __future__ import annotations

from typing import Any

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
]

CLINICAL_MIGRATIONS: list[str] = [
    """
    CREATE TABLE clinical_meta (key TEXT PRIMARY KEY, value BLOB NOT NULL);
    """,
]

_BY_COMPARTMENT = {"registry": REGISTRY_MIGRATIONS, "clinical": CLINICAL_MIGRATIONS}


def schema_version(conn: Any, schema: str) -> int:
    return int(conn.execute(f"PRAGMA {schema}.user_version").fetchone()[0])


def migrate(conn: Any, compartment: str, schema: str) -> None:
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
             "CREATE TRIGGER ")
    for word in words:
        if statement.upper().startswith(word):
            rest = statement[len(word):]
            if rest.upper().startswith("IF NOT EXISTS "):
                return f"{word}IF NOT EXISTS {schema}.{rest[len('IF NOT EXISTS '):]}"
            return f"{word}{schema}.{rest}"
    return statement
