"""Core's words for people, each under a stable code with named parameters.

Core raises an error with a `Message` (a code and its parameters) beside its English text.
The CLI prints the English; the GUI words the same code in the user's language through
Qt's translations (app/ui/core_messages.py), and shows the English for a code it has no
translation of, so nothing is ever lost. Each English text lives here only: lupdate reads
the QT_TRANSLATE_NOOP marks below (core stays free of Qt: the mark is a plain function of
the same name), and the German catalogue carries their translations.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

CONTEXT = "CoreMessages"


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:
    """Marks `text` for lupdate under `context`; returns it unchanged."""
    return text


TEXTS: dict[str, str] = {
    "signin.wrong_credentials": QT_TRANSLATE_NOOP(
        "CoreMessages", "The user name or password is not correct."),
    "signin.wrong_recovery_key": QT_TRANSLATE_NOOP(
        "CoreMessages", "That recovery key does not open this vault."),
    "signin.use_password": QT_TRANSLATE_NOOP("CoreMessages", "Unlock with your password."),
    "signin.totp_required": QT_TRANSLATE_NOOP(
        "CoreMessages", "Enter the 6-digit code from your authenticator app."),
    "signin.wrong_totp": QT_TRANSLATE_NOOP(
        "CoreMessages", "That authenticator code is not correct, or was already used. Wait "
        "for the next code."),
    "signin.throttled": QT_TRANSLATE_NOOP(
        "CoreMessages", "Too many failed sign-in attempts. Wait {seconds} seconds and try "
        "again."),
    "signin.no_key": QT_TRANSLATE_NOOP(
        "CoreMessages", "This account holds no key to the vault yet. Ask the owner or an "
        "admin to check its access."),
    "signin.temporary_expired": QT_TRANSLATE_NOOP(
        "CoreMessages", "Your temporary password expired on {date} without being changed. "
        "Ask the vault owner or an admin to reset it (medvault user reset-password), then "
        "sign in and choose your own password."),
    "vault.in_use": QT_TRANSLATE_NOOP(
        "CoreMessages", "Someone is signed in to this vault in another MedVault ({holder}). "
        "Sign out or lock there first (auto-lock does it too); only one signed-in program "
        "may change a vault at a time."),
    "vault.in_use_waited": QT_TRANSLATE_NOOP(
        "CoreMessages", "Someone is signed in to this vault in another MedVault ({holder}). "
        "MedVault waited {seconds} s for it to sign out or lock. Sign out or lock there "
        "first (auto-lock does it too); only one signed-in program may change a vault at a "
        "time."),
    "password.unusable": QT_TRANSLATE_NOOP(
        "CoreMessages", "This password cannot be used. {problems}"),
    "password.too_short": QT_TRANSLATE_NOOP(
        "CoreMessages", "Use at least {count} characters."),
    "password.common": QT_TRANSLATE_NOOP(
        "CoreMessages", "This is one of the most common passwords. Choose something else."),
    "password.repetitive": QT_TRANSLATE_NOOP(
        "CoreMessages", "Avoid repeating the same few characters. Choose something else."),
    "password.from_names": QT_TRANSLATE_NOOP(
        "CoreMessages", "Do not build the password from your user name or the vault name."),
}


@dataclass(frozen=True)
class Message:
    """One sentence for a person: its code in TEXTS and the values of its parameters. A
    parameter may itself be a Message, or a tuple of them (joined with spaces)."""

    code: str
    params: Mapping[str, object] = field(default_factory=dict)

    def english(self) -> str:
        return self.worded(lambda text: text)

    def worded(self, word: Callable[[str], str]) -> str:
        """The sentence with `word` applied to each text (a translation, or none)."""
        values: dict[str, object] = {}
        for name, value in self.params.items():
            if isinstance(value, Message):
                value = value.worded(word)
            elif isinstance(value, tuple) and all(isinstance(v, Message) for v in value):
                value = " ".join(v.worded(word) for v in value)
            values[name] = value
        return word(TEXTS[self.code]).format(**values)


def message(code: str, **params: object) -> Message:
    if code not in TEXTS:
        raise KeyError(f"no core message {code!r}")
    return Message(code, params)
