"""Signing in with a name and password (and the TOTP code where the account has one)."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from app.core import intents
from app.core.audit import utc_now
from app.core.errors import FactorUnavailable, TotpRequired, WrongCredentials
from app.core.session import Session
from app.core.signin.start import start_session
from app.core.signing import SigningKey
from app.core.slot_rules import kdf_floor

if TYPE_CHECKING:
    from app.core.vault import OpenVault


def sign_in_with_password(vault: OpenVault, name: str, password: str,
                          totp: str | None = None) -> Session:
    vault.refresh_policy()
    user = vault.file.user_by_name(name)
    if vault.read_only and (user is None or user.status != "active"):
        # Read-only, an unknown name cannot even get its keyed tag stored: refuse first.
        raise WrongCredentials.coded("signin.wrong_credentials")
    # An unknown name (often a password typed in the wrong field) is kept only as a
    # keyed tag, never as text: see SigninThrottle.account.
    account = vault.throttle.account(name, user)
    vault.throttle.check(account.key)
    try:
        if user is None or user.status != "active":
            raise WrongCredentials.coded("signin.wrong_credentials")
        contents, slot = vault.open_password_slot(user, password)
        session = start_session(vault, user, contents, totp, slot)
    except (WrongCredentials, FactorUnavailable) as exc:
        if isinstance(exc, TotpRequired) or vault.read_only:
            # Read-only: the failure cannot be counted (the caller has said so before
            # asking); the throttle record already there was still obeyed above.
            raise
        vault.throttle.record_failure(account.key, account.label, type(exc).__name__,
                                      utc_now(), account.tag)
        raise
    if vault.read_only:
        return session  # no slot re-wrap or new signing key without writing vault.json
    upgrade = not slot.kdf.meets(*kdf_floor(vault.policy))
    upgraded: intents.Intent | None = None
    if contents.signing_key is None:
        # A slot from before signing keys: make the user's key now, while the password
        # is at hand to re-wrap the slot with it.
        signer = SigningKey.generate()
        contents = replace(contents, signing_key=signer.private_hex)
        user.replace_signing_key(signer.public)
        intent = intents.begin(vault, session, "signing.key.create", target=user.user_id,
                               detail={"public": signer.public})
        upgraded = (intents.begin(vault, session, "slot.upgrade", target=user.user_id)
                    if upgrade else None)
        vault.write_password_slot(user.user_id, password, contents)
        session.adopt_signing_key(signer)
        intents.complete(session, intent)
    elif upgrade:
        # The machine policy raised the floor since this slot was made: re-wrap now,
        # while we hold the password, instead of asking IT to reset every account.
        upgraded = intents.begin(vault, session, "slot.upgrade", target=user.user_id)
        vault.write_password_slot(user.user_id, password, contents)
    if upgraded is not None:
        intents.complete(session, upgraded)
    return session
