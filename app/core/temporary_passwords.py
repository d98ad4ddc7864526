"""Temporary passwords: usable once, until a date, and only to choose one's own.

An account made by a user import (`user_import.py`) starts with a random password that IT
has seen, and a password reset by an admin or the owner (`users.reset_password`) is one
they chose and know. Core, not the front ends, makes both temporary (a person's account
only: `is_personal`):

- at sign-in (`check_at_signin`) an unexpired temporary password opens a session whose
  only permitted step is choosing a new password: `password` joins the session's pending
  enrolment, so `Session.require` refuses every operation (exit 8 in the CLI) until
  `users.change_own_password` clears it; the GUI asks for the new password right away;
- an expired one is refused (audited) with the advice to ask for a reset;
- the new password may not be the temporary one.

The deadline lives in the registry (`users.temporary_password_until`), which only key
holders can change, in the same transaction as the account it belongs to.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from app.core import clock
from app.core.errors import MedVaultError
from app.core.messages import Moment, message
from app.core.roles import Role
from app.core.session import Session

if TYPE_CHECKING:
    from app.core.database import Connection

PENDING = "password"
# A temporary password not used by then stops working; IT then resets it again.
TEMPORARY_DAYS = 14
MAX_TEMPORARY_DAYS = 90
# Accounts whose password is not a person's own: the emergency account's is a sealed
# break-glass secret the owner sets, and the backup account's goes straight into the
# service's credential store. Neither is ever changed by signing in, so neither is
# temporary (the emergency password would expire in its envelope).
NOT_PERSONAL = frozenset({Role.EMERGENCY, Role.BACKUP})


def is_personal(role: Role) -> bool:
    return role not in NOT_PERSONAL


def deadline(days: int = TEMPORARY_DAYS) -> str:
    return (clock.now() + timedelta(days=days)).isoformat(timespec="seconds")


class TemporaryPasswordExpired(MedVaultError):
    """The right temporary password, past its date. Exit 3: this credential is spent."""

    exit_code = 3

    def __init__(self, until: str) -> None:
        self.message = message("signin.temporary_expired", date=Moment(until[:10]))
        super().__init__(self.message.english())


def mark_temporary(conn: Connection, user_id: str, until: str) -> None:
    conn.execute("UPDATE users SET temporary_password_until = ? WHERE id = ?",
                 (until, user_id))


def temporary_until(conn: Connection, user_id: str) -> str | None:
    row = conn.execute("SELECT temporary_password_until FROM users WHERE id = ?",
                       (user_id,)).fetchone()
    return None if row is None or row[0] is None else str(row[0])


def clear_temporary(conn: Connection, user_id: str) -> None:
    conn.execute("UPDATE users SET temporary_password_until = NULL WHERE id = ?", (user_id,))


def _expired(until: str) -> bool:
    try:
        deadline = datetime.fromisoformat(until)
    except ValueError:
        return True  # an unreadable deadline must not make a password last for ever
    if deadline.tzinfo is None:
        return True
    return clock.now() >= deadline


def check_at_signin(session: Session) -> None:
    """Called by every sign-in path once the registry is open: refuse an expired
    temporary password, and make an unexpired one good for choosing a new one only."""
    until = temporary_until(session.conn, session.user.user_id)
    if until is None:
        return
    if _expired(until):
        session.record("signin.refused", target=session.user.user_id, flagged=True,
                       detail={"why": "temporary_password_expired", "until": until})
        raise TemporaryPasswordExpired(until)
    session.pending_enrolment.add(PENDING)


def must_change(session: Session) -> bool:
    return PENDING in session.pending_enrolment
