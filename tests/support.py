"""Helpers every test folder shares (no Qt here): the practice vault with one user of
every role, their passwords, and a runner for the `medvault` command in-process.

The core, records and GUI tests once each built the practice vault and the CLI runner
their own way; they import these instead, so a change to how a practice is set up (a
new role, a new grant rule) is made once.
"""

from __future__ import annotations

import io
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from app.core.grants import approve_grant
from app.core.roles import ASSIGNABLE_ROLES, Role, may_hold
from app.core.users import add_user
from app.core.vault import NewVault, OpenVault, create_vault

OWNER_PASSWORD = "correct horse battery staple"


def password_for(role: Role) -> str:
    return OWNER_PASSWORD if role is Role.OWNER else f"{role.value} walks the quiet harbour"


def user_name(role: Role) -> str:
    return "owner" if role is Role.OWNER else f"{role.value}1"


def credentials(role: Role) -> tuple[str, str]:
    return user_name(role), password_for(role)


def make_practice_vault(path: Path, *, full_name: str = "",
                        vault_name: str | None = None) -> NewVault:
    """A practice vault: the owner plus one user of each assignable role, every clinical
    grant approved (so each role holds exactly the keys it may)."""
    created = create_vault(path, owner_name="owner", password=OWNER_PASSWORD,
                           kind="practice", full_name=full_name, vault_name=vault_name)
    with OpenVault.open(path) as vault:
        session = vault.unlock("owner", OWNER_PASSWORD)
        try:
            for role in ASSIGNABLE_ROLES:
                add_user(session, name=user_name(role), role=role,
                         password=password_for(role))
            for role in ASSIGNABLE_ROLES:
                if may_hold(role, "clinical"):
                    approve_grant(session, user_name(role), "clinical")
        finally:
            session.close()
    return created


def imported_account(vault: OpenVault, role: str = "reception", name: str = "newbie") -> str:
    """`name` added by a user import as the owner; their temporary password."""
    from app.core.user_import import import_users

    owner = vault.unlock("owner", OWNER_PASSWORD)
    try:
        result = import_users(owner, f"name,role\n{name},{role}\n".encode())
    finally:
        owner.close()
    password = result.users[0].temporary_password
    assert password is not None
    return password


def run_cli(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
            args: list[str], stdin: str | bytes = "") -> tuple[int, str, str]:
    """`medvault ARGS` in this process with `stdin` as standard input (bytes: decoded as
    UTF-8, as the real command reads it): (exit code, stdout, stderr)."""
    from app.cli import main

    stream: io.TextIOBase
    if isinstance(stdin, bytes):
        stream = io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8")
    else:
        stream = io.StringIO(stdin)
    monkeypatch.setattr("sys.stdin", stream)
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


@contextmanager
def zone(name: str) -> Iterator[None]:
    """This process in the time zone `name` (an Olson name) for the block."""
    old = os.environ.get("TZ")
    os.environ["TZ"] = name
    time.tzset()
    try:
        yield
    finally:
        if old is None:
            os.environ.pop("TZ", None)
        else:
            os.environ["TZ"] = old
        time.tzset()
