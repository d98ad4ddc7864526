"""Small edges (issue 8, item 17): racing inits, a lost vault.json, read-only media."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from app.core import lockfile
from app.core.database import damage_from
from app.core.errors import UsageError, VaultDamaged, VaultNotFound, VaultReadOnly
from app.core.progress import FINAL
from app.core.vault import OpenVault, create_vault
from tests.reliability.input_fixtures import OWNER_PASSWORD


def test_the_loser_of_two_racing_inits_gets_a_plain_message(tmp_path: Path) -> None:
    target = tmp_path / "v"

    def other_init_wins(done: int, total: int, stage: str) -> None:
        if stage == FINAL:  # the other process renames its vault into place just now
            target.mkdir()
            (target / "vault.json").write_text("{}")

    with pytest.raises(UsageError, match="already exists and is not empty"):
        create_vault(target, owner_name="owner", password=OWNER_PASSWORD, kind="practice",
                     progress=other_init_wins)
    assert [p.name for p in tmp_path.iterdir()] == ["v"]  # no staging folder left


def test_a_lost_vault_json_is_damage_not_an_invitation_to_init(tmp_path: Path) -> None:
    path = tmp_path / "v"
    create_vault(path, owner_name="owner", password=OWNER_PASSWORD, kind="practice")
    (path / "vault.json").unlink()
    with pytest.raises(VaultDamaged) as info:
        OpenVault.open(path)
    assert "init" not in str(info.value).replace("medvault restore", "")
    assert "backup" in str(info.value)
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(VaultNotFound, match="init"):
        OpenVault.open(empty)


def test_read_only_media_is_said_plainly(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "v"
    create_vault(path, owner_name="owner", password=OWNER_PASSWORD, kind="practice")
    real_open = os.open

    def read_only(file: object, flags: int, *args: object) -> int:
        if str(file).endswith("vault.lock"):
            raise OSError(errno.EROFS, "Read-only file system", str(file))
        return real_open(file, flags, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(lockfile.os, "open", read_only)
    with pytest.raises(VaultReadOnly, match="Nothing is damaged") as info:
        OpenVault.open(path)
    assert info.value.exit_code == 1


def test_a_read_only_database_is_not_called_damaged() -> None:
    import sqlcipher3

    error = sqlcipher3.OperationalError("attempt to write a readonly database")
    error.sqlite_errorcode = 8  # type: ignore[attr-defined]
    assert not isinstance(damage_from(error), VaultDamaged)
