"""The optional workstation factor: a random secret kept in the OS keychain (`keyring`).

Mixed into the slot key, it means a copied vault plus a stolen password is not enough.
There is no fallback: with no keychain backend the factor is unavailable, and the secret is
never written to a file. Backends that are files in disguise (keyrings.alt and friends)
count as no backend, because a secret next to the vault guards nothing.
"""

from __future__ import annotations

import base64
import binascii
import secrets
from typing import TYPE_CHECKING

from app.core.errors import FactorMissing, FactorUnavailable

if TYPE_CHECKING:
    # keyring is imported where a keychain is used: importing it costs ~30 ms (it pulls
    # in importlib_metadata, http.client and ssl), and every OpenVault makes a
    # WorkstationKeychain, the GUI's unlock window included, most of them never used.
    from keyring.backend import KeyringBackend

SERVICE = "MedVault workstation factor"
SECRET_BYTES = 32
# Third-party backends that keep secrets in ordinary files in the user's home.
_FILE_BACKEND_MODULES = ("keyrings.alt", "keyrings.cryptfile")

_NO_KEYCHAIN = ("No OS keychain is available on this machine, so the workstation factor "
                "cannot be used here.")
_MISSING = ("This workstation does not hold the key for this account. Sign in on the "
            "workstation it was enrolled on, or ask the owner to reset your password.")


def _priority(backend: KeyringBackend) -> float:
    try:
        return float(backend.priority)
    except Exception:  # some backends raise when asked and not viable: treat as unusable
        return 0.0


def _usable_leaf(backend: KeyringBackend) -> bool:
    from keyring.backends import chainer, fail, null

    if isinstance(backend, (fail.Keyring, null.Keyring, chainer.ChainerBackend)):
        return False
    if type(backend).__module__.startswith(_FILE_BACKEND_MODULES):
        return False
    # keyring's own rule: priority 0 or less means "do not use" (fail is 0, null is -1).
    return _priority(backend) > 0


def _usable_backend(backend: KeyringBackend) -> KeyringBackend | None:
    """The one backend secrets go to, or None. A chainer is resolved to its best usable
    member, so a file backend further down its chain can never receive a secret."""
    from keyring.backends import chainer

    if isinstance(backend, chainer.ChainerBackend):
        members: list[KeyringBackend] = list(backend.backends)
        return next((b for b in members if _usable_leaf(b)), None)
    return backend if _usable_leaf(backend) else None


class WorkstationKeychain:
    """The keychain items of the workstation factor, one per vault and user.

    `backend` is for callers that manage their own; by default the backend `keyring` has
    chosen is looked up on every call, so a change of keychain is seen at once.
    """

    def __init__(self, backend: KeyringBackend | None = None) -> None:
        self._backend = backend

    def _resolve(self) -> KeyringBackend | None:
        if self._backend is not None:
            return _usable_backend(self._backend)
        import keyring

        return _usable_backend(keyring.get_keyring())

    def _require(self) -> KeyringBackend:
        backend = self._resolve()
        if backend is None:
            raise FactorUnavailable(_NO_KEYCHAIN)
        return backend

    @staticmethod
    def _username(vault_id: str, user_id: str) -> str:
        if not vault_id or not user_id:
            raise ValueError("vault_id and user_id must not be empty")
        return f"{vault_id}/{user_id}"

    def available(self) -> bool:
        return self._resolve() is not None

    def create(self, vault_id: str, user_id: str, secret: bytes | None = None) -> bytes:
        """Store a new secret (made here unless given), replacing any earlier one for this
        account."""
        backend = self._require()
        username = self._username(vault_id, user_id)
        secret = secret if secret is not None else secrets.token_bytes(SECRET_BYTES)
        if len(secret) != SECRET_BYTES:
            raise ValueError("a workstation secret is SECRET_BYTES long")
        encoded = base64.b64encode(secret).decode("ascii")
        try:
            backend.set_password(SERVICE, username, encoded)
            stored = backend.get_password(SERVICE, username)
        except Exception as exc:  # backends raise their own (D-Bus, Win32) errors too
            raise FactorUnavailable(
                f"The OS keychain refused to store the workstation key: {exc}") from exc
        if stored != encoded:
            # Seen with locked or read-only keychains: a slot built on an unsaved secret
            # could never be opened again, so stop before the caller builds it.
            raise FactorUnavailable("The OS keychain did not keep the workstation key. "
                                    "Unlock the keychain and try again.")
        return secret

    def load(self, vault_id: str, user_id: str) -> bytes:
        backend = self._require()
        try:
            stored = backend.get_password(SERVICE, self._username(vault_id, user_id))
        except Exception as exc:
            raise FactorUnavailable(
                f"The OS keychain could not be read: {exc}. Unlock the keychain and try "
                "again.") from exc
        if stored is None:
            raise FactorMissing(_MISSING)
        try:
            secret = base64.b64decode(stored, validate=True)
        except (binascii.Error, ValueError):
            secret = b""
        if len(secret) != SECRET_BYTES:
            raise FactorMissing("The workstation key in the OS keychain is damaged. "
                                "Ask the owner to reset your password.")
        return secret

    def delete(self, vault_id: str, user_id: str) -> None:
        """Remove the item. Nothing to remove (no item, or no keychain at all) is fine."""
        backend = self._resolve()
        if backend is None:
            return
        username = self._username(vault_id, user_id)
        import keyring.errors

        try:
            backend.delete_password(SERVICE, username)
        except keyring.errors.PasswordDeleteError:
            return
        except Exception as exc:
            raise FactorUnavailable(
                f"The OS keychain could not remove the workstation key: {exc}") from exc
