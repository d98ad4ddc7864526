"""Second factors a user enrols for themselves: TOTP and the workstation factor.

Both change what the user's slot holds, so each asks for the password again right before
the change (as Electrum's @protected does) and rewrites the slot new-before-old.
"""

from __future__ import annotations

import contextlib
from dataclasses import asdict, dataclass, field, replace
from typing import Literal

from app.core import intents
from app.core.errors import FactorUnavailable, PolicyViolation, WrongCredentials
from app.core.session import Session
from app.core.totp import new_secret, provisioning_uri, verify_code
from app.core.users import reopen_own_slot

# Why a factor cannot be added or removed now; the GUI words each, the CLI prints it.
FactorReason = Literal["policy_disabled", "policy_required", "role_required", "no_keychain"]


@dataclass(frozen=True)
class FactorChoice:
    """One sign-in factor of the acting user: is it on, and may they change that."""

    enrolled: bool
    may_add: bool
    may_remove: bool
    why_not_add: FactorReason | None = None
    why_not_remove: FactorReason | None = None


@dataclass(frozen=True)
class SignInFactors:
    totp: FactorChoice
    workstation: FactorChoice
    pin_allowed: bool  # the vault's settings let its users set a PIN for quick unlock

    def to_json(self) -> dict[str, object]:
        return asdict(self)


def _totp_choice(session: Session) -> FactorChoice:
    from app.core.vault_settings import current_settings

    public = session.vault.file.user_by_id(session.user.user_id)
    enrolled = bool(public and public.totp)
    required = session.user.role.value in current_settings(session).totp_required_roles
    return FactorChoice(enrolled, may_add=not enrolled, may_remove=enrolled and not required,
                        why_not_remove="role_required" if enrolled and required else None)


def _workstation_choice(session: Session) -> FactorChoice:
    vault = session.vault
    rule = vault.policy.policy.workstation_factor
    enrolled = any(s.workstation for s in vault.file.slots_for(session.user.user_id,
                                                                "password"))
    why_not_add: FactorReason | None = None
    if rule == "disabled":
        why_not_add = "policy_disabled"
    elif not vault.workstation.available():
        why_not_add = "no_keychain"
    return FactorChoice(
        enrolled, may_add=not enrolled and why_not_add is None,
        may_remove=enrolled and rule != "required", why_not_add=why_not_add,
        why_not_remove="policy_required" if enrolled and rule == "required" else None)


def sign_in_factors(session: Session) -> SignInFactors:
    """Which sign-in factors the acting user may set or remove here, and why not: the
    account page and `medvault factors` show this, and the functions below enforce it."""
    from app.core.vault_settings import current_settings

    return SignInFactors(_totp_choice(session), _workstation_choice(session),
                         pin_allowed=current_settings(session).pin_unlock)


@dataclass(frozen=True)
class TotpEnrolment:
    secret: str = field(repr=False)
    uri: str = field(repr=False)


def totp_begin(session: Session) -> TotpEnrolment:
    secret = new_secret()
    account = f"{session.user.name}@{session.vault.file.name}"
    return TotpEnrolment(secret, provisioning_uri(secret, account))


def totp_confirm(session: Session, password: str, enrolment: TotpEnrolment, code: str) -> None:
    """Store the secret only once the user proves their app produces matching codes."""
    step = verify_code(enrolment.secret, code, last_used_step=None)
    if step is None:
        raise WrongCredentials("That code does not match. Check the clock on your phone and "
                               "enter the code currently shown.")
    contents = reopen_own_slot(session, password)
    intent = intents.begin(session.vault, session, "factor.totp.enrol",
                           target=session.user.user_id)
    session.vault.write_password_slot(
        session.user.user_id, password,
        replace(contents, totp_secret=enrolment.secret))
    public = session.vault.file.user_by_id(session.user.user_id)
    assert public is not None
    public.totp = True
    session.vault.save()
    with session.transaction() as conn:
        conn.execute("UPDATE users SET totp_last_step = ? WHERE id = ?",
                     (step, session.user.user_id))
        intents.complete(session, intent)
    session.pending_enrolment.discard("totp")


def totp_remove(session: Session, password: str) -> None:
    if _totp_choice(session).why_not_remove == "role_required":
        raise PolicyViolation("TOTP is required for your role in this vault.")
    contents = reopen_own_slot(session, password)
    intent = intents.begin(session.vault, session, "factor.totp.remove",
                           target=session.user.user_id)
    session.vault.write_password_slot(session.user.user_id, password,
                                      replace(contents, totp_secret=None))
    public = session.vault.file.user_by_id(session.user.user_id)
    assert public is not None
    public.totp = False
    session.vault.save()
    intents.complete(session, intent, flagged=True)


def workstation_enrol(session: Session, password: str) -> None:
    vault = session.vault
    why_not = _workstation_choice(session).why_not_add
    if why_not == "policy_disabled":
        raise PolicyViolation("The machine policy does not allow the workstation factor.")
    if why_not == "no_keychain":
        raise FactorUnavailable("No OS keychain is available, so the workstation factor "
                                "cannot be used on this machine.")
    contents = reopen_own_slot(session, password)
    intent = intents.begin(vault, session, "factor.workstation.enrol",
                           target=session.user.user_id)
    vault.write_password_slot(session.user.user_id, password, contents, workstation=True)
    intents.complete(session, intent)
    session.pending_enrolment.discard("workstation")


def workstation_remove(session: Session, password: str) -> None:
    vault = session.vault
    if _workstation_choice(session).why_not_remove == "policy_required":
        raise PolicyViolation("The machine policy requires the workstation factor.")
    contents = reopen_own_slot(session, password)
    intent = intents.begin(vault, session, "factor.workstation.remove",
                           target=session.user.user_id)
    vault.write_password_slot(session.user.user_id, password, contents, workstation=False)
    intents.complete(session, intent, flagged=True)
    # The slot no longer needs the secret; a locked keychain only leaves an unused item.
    with contextlib.suppress(FactorUnavailable):
        vault.workstation.delete(vault.file.vault_id, session.user.user_id)
