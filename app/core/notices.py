"""Things a user must be told when they sign in, kept by core so every front end says them.

- A password reset by someone else: the user learns who reset it and when, so a reset
  they did not ask for (an admin taking over an account) does not go unnoticed.
- For the owner: an emergency activation whose clean-up (clinical key rotation and a new
  emergency password) is still pending (`emergency_rearm.py`).

Notices live in the registry's `meta` table (no schema change), keyed by user id. A reset
notice is shown once and its showing is audited; the emergency notice stays until done.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from app.core.audit import utc_now
from app.core.messages import Message, Moment, message, word
from app.core.session import Session

if TYPE_CHECKING:
    from app.core.database import Connection

_RESET_PREFIX = "notice.password_reset:"


def note_password_reset(conn: Connection, user_id: str, by_name: str, by_role: str) -> None:
    """Called inside the reset's transaction, so the notice and the audit entry land
    together."""
    conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)",
                 (_RESET_PREFIX + user_id,
                  json.dumps({"by": by_name, "role": by_role, "at": utc_now()})))


def _reset_notice(session: Session) -> Message | None:
    key = _RESET_PREFIX + session.user.user_id
    row = session.conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
    if row is None:
        return None
    who: Message | str
    role: Message | str
    at: Message | str
    try:
        data = json.loads(row[0])
        who, role = str(data["by"]), word("role", str(data["role"]))
        at = Moment(str(data["at"]))
    except (ValueError, TypeError, KeyError):
        who, role, at = (message("notice.someone"), message("notice.unknown_role"),
                         message("notice.unknown_time"))
    with session.transaction() as conn:
        conn.execute("DELETE FROM meta WHERE key = ?", (key,))
        session.record("notice.password_reset", target=session.user.user_id, flagged=True)
    return message("notice.password_reset", who=who, role=role, at=at)


def signin_notices(session: Session) -> list[Message]:
    """Every notice for the user who just signed in, in the order to show them."""
    from app.core.emergency_rearm import owner_notice

    found = [_reset_notice(session), owner_notice(session)]
    return [said for said in found if said is not None]
