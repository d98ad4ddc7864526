"""The workstation factor: OS keychain only, never a file, and honest errors."""

from __future__ import annotations

import base64
from pathlib import Path
from typing import ClassVar

import keyring
import keyring.errors
import pytest
from keyring.backend import KeyringBackend
from keyring.backends import chainer, fail, null

from app.core.errors import FactorMissing, FactorUnavailable
from app.core.workstation import SERVICE, WorkstationKeychain
from tests.conftest import MemoryKeyring

# Test backends say viable = False so keyring's own discovery never picks them up for
# other tests; the keychain under test only looks at their priority.


class FileBackedKeyring(KeyringBackend):
    """Stands in for keyrings.alt's plaintext file backend, with a tempting priority."""

    __module__ = "keyrings.alt.file"
    priority = 5
    viable = False

    def __init__(self, home: Path) -> None:
        super().__init__()
        self.file = home / "keyring_pass.cfg"

    def get_password(self, service: str, username: str) -> str | None:
        return None

    def set_password(self, service: str, username: str, password: str) -> None:
        self.file.write_text(f"{service}\n{username}\n{password}\n")

    def delete_password(self, service: str, username: str) -> None:
        pass


class ForgetfulKeyring(MemoryKeyring):
    """Accepts a secret and keeps nothing, as a locked read-only keychain may."""

    viable = False

    def set_password(self, service: str, username: str, password: str) -> None:
        pass


class LockedKeyring(MemoryKeyring):
    viable = False

    def get_password(self, service: str, username: str) -> str | None:
        raise keyring.errors.KeyringLocked("the keychain is locked")

    def set_password(self, service: str, username: str, password: str) -> None:
        raise keyring.errors.KeyringLocked("the keychain is locked")

    def delete_password(self, service: str, username: str) -> None:
        raise keyring.errors.KeyringLocked("the keychain is locked")


class AbsentItemRaises(MemoryKeyring):
    """Real backends raise PasswordDeleteError for an absent item; the memory one does not."""

    viable = False

    def delete_password(self, service: str, username: str) -> None:
        if (service, username) not in self.items:
            raise keyring.errors.PasswordDeleteError("not found")
        super().delete_password(service, username)


class UnsurePriority(MemoryKeyring):
    viable = False

    @property
    def priority(self) -> int:  # type: ignore[override]
        raise RuntimeError("D-Bus is not running")


class FixedChain(chainer.ChainerBackend):
    """A chainer whose members are given, instead of discovered on this machine."""

    viable = False
    backends: ClassVar[list[KeyringBackend]] = []


def _files(*roots: Path) -> set[Path]:
    return {p for root in roots for p in root.rglob("*")}


# -- with a working keychain ----------------------------------------------------------------


def test_create_then_load_round_trips_through_the_keychain(memory_keyring: MemoryKeyring) -> None:
    keychain = WorkstationKeychain()
    assert keychain.available()
    secret = keychain.create("vault1", "user1")
    assert len(secret) == 32
    stored = memory_keyring.items[(SERVICE, "vault1/user1")]
    assert base64.b64decode(stored) == secret
    assert keychain.load("vault1", "user1") == secret
    assert SERVICE == "MedVault workstation factor"


def test_each_account_gets_its_own_random_secret(memory_keyring: MemoryKeyring) -> None:
    keychain = WorkstationKeychain()
    a = keychain.create("vault1", "user1")
    b = keychain.create("vault1", "user2")
    c = keychain.create("vault2", "user1")
    assert len({a, b, c}) == 3
    assert set(memory_keyring.items) == {(SERVICE, "vault1/user1"), (SERVICE, "vault1/user2"),
                                         (SERVICE, "vault2/user1")}


def test_missing_item_is_factor_missing_with_advice() -> None:
    with pytest.raises(FactorMissing, match="does not hold the key for this account") as info:
        WorkstationKeychain().load("vault1", "nobody")
    assert "ask the owner to reset your password" in str(info.value)
    assert isinstance(info.value, FactorUnavailable)


@pytest.mark.parametrize("stored", ["not base64!", base64.b64encode(b"short").decode(), ""])
def test_damaged_item_is_reported_not_used(memory_keyring: MemoryKeyring, stored: str) -> None:
    memory_keyring.items[(SERVICE, "vault1/user1")] = stored
    with pytest.raises(FactorMissing, match="damaged"):
        WorkstationKeychain().load("vault1", "user1")


def test_delete_removes_the_item_and_tolerates_absence(memory_keyring: MemoryKeyring) -> None:
    keychain = WorkstationKeychain()
    keychain.create("vault1", "user1")
    keychain.delete("vault1", "user1")
    assert not memory_keyring.items
    keychain.delete("vault1", "user1")
    with pytest.raises(FactorMissing):
        keychain.load("vault1", "user1")


def test_delete_of_absent_item_on_a_strict_backend_is_fine() -> None:
    keyring.set_keyring(AbsentItemRaises())
    WorkstationKeychain().delete("vault1", "user1")


def test_an_explicit_backend_is_used_instead_of_the_global_one(
        memory_keyring: MemoryKeyring) -> None:
    own = MemoryKeyring()
    WorkstationKeychain(own).create("vault1", "user1")
    assert (SERVICE, "vault1/user1") in own.items
    assert not memory_keyring.items


def test_empty_ids_are_a_programming_error() -> None:
    with pytest.raises(ValueError):
        WorkstationKeychain().create("", "user1")


# -- no usable keychain: unavailable, never a file -------------------------------------------


def _assert_unavailable_and_nothing_written(keychain: WorkstationKeychain, *roots: Path) -> None:
    before = _files(*roots)
    assert not keychain.available()
    with pytest.raises(FactorUnavailable, match="No OS keychain") as created:
        keychain.create("vault1", "user1")
    assert not isinstance(created.value, FactorMissing)
    with pytest.raises(FactorUnavailable, match="No OS keychain") as loaded:
        keychain.load("vault1", "user1")
    assert not isinstance(loaded.value, FactorMissing)
    keychain.delete("vault1", "user1")
    assert _files(*roots) == before


def test_fail_backend_means_unavailable_and_no_files(isolated_env: Path, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    keyring.set_keyring(fail.Keyring())
    _assert_unavailable_and_nothing_written(WorkstationKeychain(), isolated_env, tmp_path)
    assert _files(isolated_env) == set()


def test_null_backend_means_unavailable(isolated_env: Path) -> None:
    keyring.set_keyring(null.Keyring())
    _assert_unavailable_and_nothing_written(WorkstationKeychain(), isolated_env)


def test_file_backend_counts_as_no_keychain(isolated_env: Path) -> None:
    file_backend = FileBackedKeyring(isolated_env)
    keyring.set_keyring(file_backend)
    _assert_unavailable_and_nothing_written(WorkstationKeychain(), isolated_env)
    assert not file_backend.file.exists()


def test_backend_that_cannot_state_its_priority_is_not_trusted(isolated_env: Path) -> None:
    keyring.set_keyring(UnsurePriority())
    _assert_unavailable_and_nothing_written(WorkstationKeychain(), isolated_env)


def test_empty_chainer_means_unavailable(isolated_env: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(FixedChain, "backends", [])
    keyring.set_keyring(FixedChain())
    _assert_unavailable_and_nothing_written(WorkstationKeychain(), isolated_env)


def test_chainer_of_unusable_backends_means_unavailable(isolated_env: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(FixedChain, "backends",
                        [FileBackedKeyring(isolated_env), fail.Keyring(), null.Keyring()])
    keyring.set_keyring(FixedChain())
    _assert_unavailable_and_nothing_written(WorkstationKeychain(), isolated_env)


def test_chainer_skips_a_file_backend_ranked_above_the_real_keychain(
        isolated_env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = MemoryKeyring()
    file_backend = FileBackedKeyring(isolated_env)
    monkeypatch.setattr(FixedChain, "backends", [file_backend, real])
    keyring.set_keyring(FixedChain())
    keychain = WorkstationKeychain()
    assert keychain.available()
    secret = keychain.create("vault1", "user1")
    assert keychain.load("vault1", "user1") == secret
    assert (SERVICE, "vault1/user1") in real.items
    assert not file_backend.file.exists()
    assert _files(isolated_env) == set()


# -- a keychain that misbehaves --------------------------------------------------------------


def test_keychain_that_keeps_nothing_is_caught_at_creation() -> None:
    keyring.set_keyring(ForgetfulKeyring())
    with pytest.raises(FactorUnavailable, match="did not keep"):
        WorkstationKeychain().create("vault1", "user1")


def test_locked_keychain_is_unavailable_not_missing() -> None:
    keyring.set_keyring(LockedKeyring())
    keychain = WorkstationKeychain()
    assert keychain.available()
    with pytest.raises(FactorUnavailable, match="refused to store") as created:
        keychain.create("vault1", "user1")
    with pytest.raises(FactorUnavailable, match="could not be read") as loaded:
        keychain.load("vault1", "user1")
    with pytest.raises(FactorUnavailable, match="could not remove"):
        keychain.delete("vault1", "user1")
    assert not isinstance(created.value, FactorMissing)
    assert not isinstance(loaded.value, FactorMissing)
