"""The tail every sign-in path shares, once it holds the user's slot contents.

Unseal and open the compartments, check that the files belong together, check the TOTP
code, then the housekeeping and audit entries. Whatever fails, no half-open session is
left behind: the connection closes and the keys are overwritten."""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.core import audit_heads, intents
from app.core.database import DatabaseError, damage_from
from app.core.errors import TotpRequired, VaultDamaged, WrongTotpCode
from app.core.keyslots import KeySlot, SlotSecrets
from app.core.notices import signin_notices
from app.core.roles import Role
from app.core.session import Session, SessionUser, zero
from app.core.signin import housekeeping
from app.core.signin.keys import open_database
from app.core.temporary_passwords import check_at_signin
from app.core.totp import verify_code
from app.core.vault_file import VaultUser
from app.core.vault_settings import current_settings

if TYPE_CHECKING:
    from app.core.vault import OpenVault


def start_session(vault: OpenVault, user: VaultUser, contents: SlotSecrets,
                  totp: str | None, slot: KeySlot | None) -> Session:
    try:
        return _start(vault, user, contents, totp, slot)
    except DatabaseError as exc:
        # The key opened page 1, so any later SQLCipher failure is a damaged page.
        raise damage_from(exc) from exc


def _start(vault: OpenVault, user: VaultUser, contents: SlotSecrets, totp: str | None,
           slot: KeySlot | None) -> Session:
    db, keys = open_database(vault, user, contents.identity)
    try:
        housekeeping.check_readable(db)
        housekeeping.check_generation(vault, db)
        row = db.conn.execute(
            "SELECT role, full_name, totp_last_step FROM users WHERE id = ?",
            (user.user_id,)).fetchone()
        audit_key = db.conn.execute("SELECT value FROM meta WHERE key = 'audit_key'"
                                    ).fetchone()
        if row is None or audit_key is None:
            raise VaultDamaged("The registry has no record of this user; restore the vault "
                               "from a backup.")
        role = Role(row[0])
        session = Session(vault, SessionUser(user.user_id, user.name, row[1], role),
                          contents.identity, db, bytearray(audit_key[0]), keys,
                          pending_enrolment=set(), signer=contents.signer(),
                          read_only=vault.read_only)
        vault.attach_database(db)
    except BaseException:
        db.close()
        for key in keys.values():
            zero(key)
        raise
    try:
        if contents.totp_secret:
            if not totp:
                raise TotpRequired()
            step = verify_code(contents.totp_secret, totp, last_used_step=row[2])
            if step is None:
                raise WrongTotpCode.coded("signin.wrong_totp")
            if session.read_only:
                session.not_recorded.append("totp.step")
            else:
                with session.transaction() as conn:
                    conn.execute("UPDATE users SET totp_last_step = ? WHERE id = ?",
                                 (step, user.user_id))
        if session.read_only:
            session.record("signin.success")  # noted as not recorded
            session.notices = housekeeping.read_only_findings(vault, user, contents)
        else:
            housekeeping.flush_failures(vault, session, user)
            intents.reconcile(session)
            audit_heads.check_saved_head(session)
            housekeeping.check_signing_key(vault, session, user, contents)
            housekeeping.drop_unfinished_users(vault, session)
            session.notices = signin_notices(session)
        # A temporary password (user import) opens a session for choosing one's own only.
        check_at_signin(session)
    except BaseException:
        # No half-open vault: whatever went wrong, the keys are dropped again.
        session.close("signin-abandoned")
        raise
    if role.value in current_settings(session).totp_required_roles \
            and not contents.totp_secret:
        session.pending_enrolment.add("totp")
    if (vault.policy.policy.workstation_factor == "required" and slot is not None
            and not slot.workstation):
        session.pending_enrolment.add("workstation")
    return session
