"""Checks and repairs every sign-in makes once the registry is open.

They need a signed-in session (its audit chain, the registry) and run before it is handed
out: that the files belong together, the failed tries since the last sign-in, the user's
signing key, and accounts a crash left half-added."""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.core import intents
from app.core.database import DatabaseError, VaultDatabase, damage_from
from app.core.errors import VaultDamaged
from app.core.keyslots import SlotSecrets
from app.core.messages import Message, message
from app.core.session import Session
from app.core.vault_file import VaultUser

if TYPE_CHECKING:
    from app.core.vault import OpenVault


def check_readable(db: VaultDatabase) -> None:
    try:
        db.conn.execute("SELECT count(*) FROM users").fetchone()
    except DatabaseError as exc:
        raise damage_from(exc) from exc


def check_generation(vault: OpenVault, db: VaultDatabase) -> None:
    """vault.json must not be older than the registry has seen it (a restored old copy
    could bring back keys that were removed)."""
    row = db.conn.execute("SELECT value FROM meta WHERE key = 'vault_generation'").fetchone()
    seen = int(row[0]) if row else 0
    if seen > vault.file.generation:
        raise VaultDamaged(
            f"This is an older copy of vault.json (save {vault.file.generation}; the "
            f"registry has seen save {seen}). It could bring back keys that were removed. "
            "Your password was accepted. Restore the whole vault from a backup with "
            "“Restore from backup…” or `medvault restore`.")


def read_only_findings(vault: OpenVault, user: VaultUser,
                       contents: SlotSecrets) -> list[Message]:
    """What a read-only sign-in leaves undone that the user should know about: the
    repairs above need a write, so they are named instead (read_only.py)."""
    found = []
    waiting = len(vault.throttle.pending())
    if waiting:
        found.append(message("readonly.failures_waiting", count=waiting))
    if vault.file.intents:
        found.append(message("readonly.intents_waiting", count=len(vault.file.intents)))
    signer = contents.signer()
    if signer is not None and user.signing_key != signer.public:
        found.append(message("readonly.signer_mismatch"))
    return found


def flush_failures(vault: OpenVault, session: Session, user: VaultUser) -> None:
    """Move the failed tries the throttle kept into the audit chain, then record this
    sign-in."""
    pending = vault.throttle.pending()
    with session.transaction():
        for failure in pending:
            # The entry carries the time of the attempt, not of this sign-in.
            detail = {"why": failure.why, "at": failure.ts}
            if failure.account:
                detail["account"] = failure.account
            session.audit.append(actor_id="", actor=failure.user, role="", action=
                                 "signin.failure", detail=detail, flagged=True,
                                 happened_at=failure.ts)
        session.record("signin.success")
    vault.throttle.succeeded(user.user_id, len(pending))


def check_signing_key(vault: OpenVault, session: Session, user: VaultUser,
                      contents: SlotSecrets) -> None:
    """The slot (authenticated encryption) is the truth about a user's signing key;
    vault.json is not authenticated. A public key there that differs from the slot's
    was put there by someone else, perhaps to sign a rewritten audit log in this
    user's name: put the real one back and flag it."""
    signer = contents.signer()
    if signer is None or user.signing_key == signer.public:
        return
    found = user.signing_key
    user.signing_key = signer.public
    intent = intents.begin(vault, session, "signing.key.mismatch", target=user.user_id,
                           detail={"found": found, "restored": signer.public})
    vault.save()
    intents.complete(session, intent, flagged=True)


def drop_unfinished_users(vault: OpenVault, session: Session) -> None:
    """`user add` saves vault.json (the new account and its slot) just before its
    registry transaction commits. A crash in between leaves an account the registry
    never recorded: it cannot sign in, yet its name is taken. Any sign-in removes such
    accounts again and says so in the audit chain."""
    known = {row[0] for row in session.conn.execute("SELECT id FROM users")}
    unfinished = [u for u in vault.file.users if u.user_id not in known]
    if not unfinished:
        return
    gone = {u.user_id for u in unfinished}
    vf = vault.file
    vf.users = [u for u in vf.users if u.user_id not in gone]
    vf.slots = [s for s in vf.slots if s.user_id not in gone]
    vf.sealed = [s for s in vf.sealed if s.user_id not in gone]
    vf.grants = [g for g in vf.grants if g.user_id not in gone]
    owed = [intents.begin(vault, session, "user.add.unfinished", target=u.user_id,
                          detail={"name": u.name}) for u in unfinished]
    vault.save()
    with session.transaction():
        for intent in owed:
            intents.complete(session, intent, flagged=True)
