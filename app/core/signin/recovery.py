"""The owner's way back in: the recovery key sets a new password.

TOTP is reset (whoever holds the recovery key re-enrols their authenticator) and the
sign-in is recorded flagged as `signin.recovery`."""

from __future__ import annotations

import contextlib
from dataclasses import replace
from typing import TYPE_CHECKING

from app.core import intents, read_only
from app.core.audit import utc_now
from app.core.errors import WrongCredentials
from app.core.keyslots import SlotSecrets, open_slot, parse_recovery_key
from app.core.roles import Role
from app.core.session import Session
from app.core.signin.start import start_session
from app.core.signing import SigningKey
from app.core.slot_rules import enforce_password

if TYPE_CHECKING:
    from app.core.vault import OpenVault


def sign_in_with_recovery(vault: OpenVault, recovery_key: str, new_password: str) -> Session:
    """Open the owner's recovery slot, set a new password and sign the owner in."""
    if vault.read_only:
        raise read_only.refused("setting a new password with the recovery key")
    vault.refresh_policy()
    owner = vault.owner()
    vault.throttle.check(owner.user_id)
    slots = vault.file.slots_for(owner.user_id, "recovery")
    try:
        secret = parse_recovery_key(recovery_key)
        contents = None
        for slot in slots:
            with contextlib.suppress(WrongCredentials):
                contents = open_slot(vault_id=vault.file.vault_id, slot=slot, secret=secret)
                break
        if contents is None:
            raise WrongCredentials.coded("signin.wrong_recovery_key")
    except WrongCredentials:
        vault.throttle.record_failure(owner.user_id, owner.name, "recovery", utc_now())
        raise
    enforce_password(new_password, vault.policy, owner.name)
    # TOTP is reset: whoever holds the recovery key re-enrols their authenticator.
    fresh = SlotSecrets(identity=contents.identity, signing_key=contents.signing_key)
    new_signer = None
    if fresh.signing_key is None:
        # A recovery slot from before signing keys: the password slot's key is out of
        # reach, so the owner gets a new one; the old public key stays for checking.
        new_signer = SigningKey.generate()
        fresh = replace(fresh, signing_key=new_signer.private_hex)
        owner.replace_signing_key(new_signer.public)
    actor = (owner.user_id, owner.name, Role.OWNER.value)
    recovered = intents.begin(vault, None, "signin.recovery", target=owner.user_id,
                              actor=actor)
    created = None if new_signer is None else intents.begin(
        vault, None, "signing.key.create", target=owner.user_id, actor=actor,
        detail={"public": new_signer.public})
    vault.write_password_slot(owner.user_id, new_password, fresh, workstation=False)
    owner.totp = False
    vault.save()
    session = start_session(vault, owner, fresh, None, None)
    intents.complete(session, recovered, flagged=True)
    if created is not None:
        intents.complete(session, created)
    return session
