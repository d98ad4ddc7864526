"""The optional workstation factor: a random secret kept in the OS keychain (`keyring`).

Mixed into the slot key, it means a copied vault plus a stolen password is not enough.
There is no fallback: with no keychain backend the factor is unavailable, and the secret is
never written to a file.
"""

from __future__ import annotations

import base64
import contextlib
import secrets

import keyring
import keyring.errors
from keyring.backend import KeyringBackend

from app.core.errors import FactorMissing, FactorUnavailable

SERVICE = "MedVault workstation factor"


def _usable(backend: KeyringBackend) -> bool:
    from keyring.backends import chainer, fail

    if isinstance(backend, fail.Keyring):
        return False
    try:
        from keyring.backends import null

        if isinstance(backend, null.Keyring):
            return False
    except ImportError:
        pass
    if isinstance(backend, chainer.ChainerBackend):
        return any(_usable(b) for b in backend.backends)
    try:
        return float(backend.priority) > 0
    except Exception:  # a backend that cannot say is not one to trust
        return False


class WorkstationKeychain:
    def available(self) -> bool:
        return _usable(keyring.get_keyring())

    def _require(self) -> None:
        if not self.available():
            raise FactorUnavailable(
                "No OS keychain is available on this machine, so the workstation factor "
                "cannot be used here.")

    @staticmethod
    def _username(vault_id: str, user_id: str) -> str:
        return f"{vault_id}/{user_id}"

    def create(self, vault_id: str, user_id: str) -> bytes:
        self._require()
        secret = secrets.token_bytes(32)
        try:
            keyring.set_password(SERVICE, self._username(vault_id, user_id),
                                 base64.b64encode(secret).decode())
        except keyring.errors.KeyringError as exc:
            raise FactorUnavailable(f"The OS keychain refused to store the secret: {exc}") \
                from exc
        return secret

    def load(self, vault_id: str, user_id: str) -> bytes:
        self._require()
        try:
            stored = keyring.get_password(SERVICE, self._username(vault_id, user_id))
        except keyring.errors.KeyringError as exc:
            raise FactorUnavailable(f"The OS keychain could not be read: {exc}") from exc
        if stored is None:
            raise FactorMissing(
                "This workstation does not hold the key for this account. Sign in on the "
                "workstation it was enrolled on, or ask the owner to reset your password.")
        try:
            return base64.b64decode(stored, validate=True)
        except ValueError as exc:
            raise FactorMissing("The workstation key in the OS keychain is damaged.") from exc

    def delete(self, vault_id: str, user_id: str) -> None:
        if not self.available():
            return
        with contextlib.suppress(keyring.errors.PasswordDeleteError):
            keyring.delete_password(SERVICE, self._username(vault_id, user_id))
