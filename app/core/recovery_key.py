"""A new recovery key for the owner, which voids the old one (issue 15.5).

The recovery key opens a second owner slot through HKDF (keyslots.py). A key that may have
been seen (a kit left on a desk, a PDF found on a shared drive) is replaced by sealing a
new recovery slot and dropping the old one in the same atomic write of vault.json: the
old key then opens nothing, and there is never a moment without a recovery slot.

Only the owner holds a recovery slot, and only the owner may replace it. The owner's
password is asked again first: a session left unlocked must not be enough to plant a
recovery key of someone else's choosing, which would be a way back in for good. The change
is audited (flagged, through an intent, so a crash cannot lose the entry) and a wrong
password is recorded as a flagged failure.
"""

from __future__ import annotations

from app.core import intents
from app.core.errors import WrongCredentials
from app.core.keyslots import (
    SlotSecrets,
    new_recovery_key,
    parse_recovery_key,
    recovery_kdf_placeholder,
    seal_slot,
)
from app.core.messages import message
from app.core.roles import Operation
from app.core.session import Session


def regenerate_recovery_key(session: Session, password: str) -> str:
    """Replace the owner's recovery key; returns the new key, to be shown once."""
    session.require(Operation.RECOVERY_REGENERATE)
    vault = session.vault
    vf = vault.file
    user = vf.user_by_id(session.user.user_id)
    assert user is not None
    old = vf.slots_for(user.user_id, "recovery")
    if not old:
        # The owner role without the recovery slot: vault.json was edited by hand.
        raise session.refuse(
            Operation.RECOVERY_REGENERATE,
            message("recovery.no_slot"),
            why="no_recovery_slot", target=user.user_id)
    try:
        contents, _slot = vault.open_password_slot(user, password)
    except WrongCredentials:
        session.record("recovery.regenerate.failed", target=user.user_id, flagged=True)
        raise
    key = new_recovery_key()
    # As at vault creation: the recovery slot carries the keypair and the signing key, no
    # TOTP secret (a recovery resets the authenticator).
    fresh = SlotSecrets(identity=contents.identity, signing_key=contents.signing_key)
    slot = seal_slot(vault_id=vf.vault_id, user_id=user.user_id, kind="recovery",
                     secret=parse_recovery_key(key), contents=fresh,
                     kdf=recovery_kdf_placeholder())
    intent = intents.begin(vault, session, "recovery.regenerate", target=user.user_id,
                           detail={"voided": len(old)})
    old_ids = {s.slot_id for s in old}
    vf.slots = [s for s in vf.slots if s.slot_id not in old_ids] + [slot]
    vault.save()
    intents.complete(session, intent, flagged=True)
    return key
