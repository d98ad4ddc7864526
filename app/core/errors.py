"""The errors core raises, each carrying the advice a person needs and the CLI exit code.

One hierarchy serves the CLI (exit codes) and the GUI (messages), so both say the same thing.
"""

from __future__ import annotations

from typing import Self

from app.core.messages import Message, message


class MedVaultError(Exception):
    """Base of every error MedVault reports to a person. The message is a plain sentence;
    where core has coded it (`coded`), `message` lets the GUI word it in the user's
    language (app/core/messages.py)."""

    exit_code = 1
    message: Message | None = None

    @classmethod
    def coded(cls, code: str, **params: object) -> Self:
        """This error with core's message `code`: English in str(), the code for the GUI."""
        return cls.saying(message(code, **params))

    @classmethod
    def saying(cls, said: Message) -> Self:
        """This error with a message already built (one that takes other messages). Built
        without the class's own constructor: the sentence is the message's, whatever words
        a subclass adds when raised the plain way (DiskFull's "The disk is full (...)")."""
        error = cls.__new__(cls)
        Exception.__init__(error, said.english())
        error.message = said
        return error


class UsageError(MedVaultError):
    exit_code = 2


class WrongCredentials(MedVaultError):
    """The password, recovery key or TOTP code did not match. The vault itself is fine."""

    exit_code = 3


class Throttled(WrongCredentials):
    """Too many failed attempts: the next try is allowed after `retry_after` seconds."""

    def __init__(self, retry_after: float) -> None:
        self.retry_after = retry_after
        self.message = message("signin.throttled", seconds=int(retry_after + 0.999))
        super().__init__(self.message.english())


class TotpRequired(WrongCredentials):
    """The password was right; this account also needs its authenticator code."""

    def __init__(self) -> None:
        self.message = message("signin.totp_required")
        super().__init__(self.message.english())


class WrongTotpCode(WrongCredentials):
    """The password was right; the authenticator code was wrong or already used. Counted
    as a failed sign-in like any other; the GUI keeps the password and asks the code."""


class PermissionDenied(MedVaultError):
    exit_code = 4


class VaultDamaged(MedVaultError):
    """The credentials were right (or could not be checked) but a vault file is corrupt."""

    exit_code = 5


class DiskFull(MedVaultError):
    """The file system ran out of space (ENOSPC / SQLITE_FULL). Nothing is damaged: the
    change that needed the space was not made. Never reported as damage, because that
    advice (restore from a backup) would throw away newer data."""

    exit_code = 1

    def __init__(self, where: str = "") -> None:
        place = f" ({where})" if where else ""
        super().__init__(
            f"The disk is full{place}. The last change was not saved; the vault is not "
            "damaged. Free some space and try again.")


class UnsafeFile(UsageError):
    """A file named by the user or the policy is not one MedVault may read or replace:
    a device, a pipe, a folder, a symbolic link where one is refused, or too large."""


class VaultInUse(MedVaultError):
    exit_code = 6


class VaultReadOnly(MedVaultError):
    """The vault's folder cannot be written (read-only media, or no permission)."""

    exit_code = 1

    def __init__(self, directory: object) -> None:
        super().__init__(
            f"The vault folder {directory} cannot be written (read-only media, or no "
            "permission). MedVault records every sign-in, read and change in the vault "
            "itself, so it uses a vault only where it can write. Nothing is damaged: copy the "
            "whole folder to a writable place and open the copy there. To check it where it "
            "is, `medvault verify` and `medvault audit verify` work without writing.")


class ReadOnlyRefused(MedVaultError):
    """A vault opened read-only was asked for something that must be recorded."""

    exit_code = 1


class VaultNotFound(MedVaultError):
    exit_code = 1


class PolicyViolation(MedVaultError):
    """An action would break the machine policy (password too short, factor disabled...)."""

    exit_code = 7


class EnrolmentRequired(PolicyViolation):
    """The account must first set up what the policy asks for (TOTP, this workstation)."""

    exit_code = 8


class FactorUnavailable(MedVaultError):
    """A sign-in factor cannot be used on this machine (for example: no OS keychain)."""

    exit_code = 1


class FactorMissing(FactorUnavailable):
    """The keychain works but holds no secret for this account on this machine."""


class PolicyInvalid(MedVaultError):
    """The machine policy file has an error: no vault opens on this machine until IT fixes
    it, as sshd refuses to start on a broken configuration. `problems` holds one line per
    error (file, line, key, fix), for screens that head them in their own words."""

    exit_code = 9

    def __init__(self, message: str, problems: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.problems = problems
