"""The PIN quick unlock in the GUI: a signal when the PIN comes or goes, and its words.

The rules — PIN format, the in-memory seal, three tries then wipe, the seal void after a
slot change, failed tries recorded, the resume and its audit entry — and the honest account
of what a PIN protects are in `app.core.quick_unlock`. This module only wraps core's
`PinUnlock` in a QObject and raises core's errors again in the user's language. The GUI's
own choice, to offer the PIN after an idle lock only, is made where locks are handled.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject, Signal

from app.core import quick_unlock as core
from app.core.errors import MedVaultError
from app.core.quick_unlock import (
    PIN_MAX_DIGITS,
    PIN_MIN_DIGITS,
    PinNeedsEnrolment,
    PinProblem,
    PinSeal,
    PinUnlock,
    PinVoid,
    UnusablePin,
    VoidReason,
    WrongPin,
)

if TYPE_CHECKING:
    from app.core.session import Session
    from app.core.vault import OpenVault

# PinSeal, PinVoid and WrongPin are core's, importable from here as before they moved.
__all__ = ["PinSeal", "PinVoid", "QuickUnlock", "WrongPin", "describe_problem", "pin_problem",
           "seal_for_session", "translated"]


def _tr(text: str) -> str:
    return QCoreApplication.translate("", text)


# -- words -----------------------------------------------------------------------------
def describe_problem(problem: PinProblem) -> str:
    if problem is PinProblem.NOT_DIGITS:
        return _tr("A PIN is digits only.")
    if problem is PinProblem.LENGTH:
        return _tr("A PIN has {lo} to {hi} digits.").format(lo=PIN_MIN_DIGITS,
                                                            hi=PIN_MAX_DIGITS)
    return _tr("Avoid repeated or consecutive digits such as 1111 or 1234.")


def pin_problem(pin: str) -> str | None:
    """Why this PIN cannot be used, in the user's language; None if it can."""
    problem = core.pin_problem(pin)
    return None if problem is None else describe_problem(problem)


def _wrong_pin_text(tries_left: int | None) -> str:
    if tries_left is None:
        return _tr("That PIN is not correct.")
    if tries_left > 0:
        return _tr("That PIN is not correct. Tries left before the full password is "
                   "needed: {n}.").format(n=tries_left)
    return _tr("That PIN was wrong three times. Unlock with your password.")


def _wrong_pin_in_words(exc: WrongPin) -> WrongPin:
    text = _wrong_pin_text(exc.tries_left)
    if exc.cause is not None:  # core's words for the code, as for every core error
        text = f"{exc.cause}\n{text}"
    return WrongPin(exc.tries_left, exc.cause, text)


def translated(exc: MedVaultError) -> MedVaultError:
    """The same error in the user's language, where the GUI has words for it; core's plain
    English otherwise (as for every core error)."""
    if isinstance(exc, WrongPin):
        return _wrong_pin_in_words(exc)
    if isinstance(exc, PinVoid) and exc.reason is VoidReason.CHANGED:
        return PinVoid(exc.reason, _tr("Your sign-in details changed since the PIN was set. "
                                       "Unlock with your password."))
    if isinstance(exc, UnusablePin):
        return UnusablePin(exc.problem, describe_problem(exc.problem))
    if isinstance(exc, PinNeedsEnrolment):
        return PinNeedsEnrolment(_tr("Finish the sign-in set-up the policy asks for before "
                                     "setting a PIN."))
    return exc


# -- core calls, for worker threads ----------------------------------------------------
def seal_for_session(session: Session, password: str, pin: str) -> PinSeal:
    """`core.seal_for_session`, its PIN errors in the user's language."""
    try:
        return core.seal_for_session(session, password, pin)
    except (UnusablePin, PinNeedsEnrolment) as exc:
        raise translated(exc) from exc


# -- the running program's PIN ---------------------------------------------------------
class QuickUnlock(QObject):
    """Core's `PinUnlock` for the running application, with a ``changed`` signal."""

    changed = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pins = PinUnlock(on_change=self.changed.emit)

    def set_seal(self, seal: PinSeal) -> None:
        self._pins.set_seal(seal)

    def wipe(self) -> None:
        self._pins.wipe()

    def seal(self) -> PinSeal | None:
        return self._pins.seal()

    def is_set_for(self, vault_id: str, user_id: str | None = None) -> bool:
        return self._pins.is_set_for(vault_id, user_id)

    def tries_left(self) -> int:
        return self._pins.tries_left()

    def failed_try(self) -> WrongPin:
        """Count a failed try; the last one wipes the seal. Returns the error to show."""
        return _wrong_pin_in_words(self._pins.failed_try())

    def resume(self, vault: OpenVault, pin: str, totp: str | None = None) -> Session:
        """Core's counted try (`PinUnlock.resume`; safe on a worker thread), its PIN errors
        in the user's language."""
        try:
            return self._pins.resume(vault, pin, totp)
        except (WrongPin, PinVoid) as exc:
            raise translated(exc) from exc

    def keep_only_for(self, vault_id: str, user_id: str) -> None:
        self._pins.keep_only_for(vault_id, user_id)

    def keep_only_if_allowed(self, session: Session) -> None:
        self._pins.keep_only_if_allowed(session)
