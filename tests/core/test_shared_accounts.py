"""Several OS accounts share one vault on one workstation, through an OS group (issue 13.3).

Two real OS accounts are created (the suite runs as root in CI, so useradd works there);
each signs in from its own process, with its own uid, and the kernel checks every file
access. Before the fix, the first sign-in rewrote vault.json and signin-attempts.json as
0600 files of whoever signed in, and the second account got "Permission denied".
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import stat
import subprocess
import tempfile
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from app.core import policy as policy_mod
from app.core.errors import UsageError, WrongCredentials
from app.core.shared_folder import share_with_group
from app.core.vault import OpenVault, create_vault
from tests.core.conftest import OWNER_PASSWORD

needs_root = pytest.mark.skipif(
    os.name == "nt" or os.geteuid() != 0 or shutil.which("useradd") is None,
    reason="creating OS accounts needs root and useradd (CI runs as root)")


@pytest.fixture
def shared_base(monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    # pytest's tmp_path sits under a 0700 folder the test accounts cannot enter.
    base = Path(tempfile.mkdtemp(prefix="medvault-shared-"))
    base.chmod(0o755)
    # A policy location both accounts can look at (and find nothing).
    monkeypatch.setattr(policy_mod, "_test_system_path", base / "no-policy.toml")
    monkeypatch.delenv("MEDVAULT_POLICY", raising=False)
    try:
        yield base
    finally:
        shutil.rmtree(base, ignore_errors=True)


@pytest.fixture
def staff() -> Iterator[tuple[str, list[tuple[int, int]]]]:
    import pwd

    suffix = uuid.uuid4().hex[:6]
    group, names = f"mvg{suffix}", [f"mva{suffix}", f"mvb{suffix}"]
    subprocess.run(["groupadd", group], check=True)
    try:
        for name in names:
            subprocess.run(["useradd", "--no-create-home", "--shell", "/usr/sbin/nologin",
                            "--groups", group, name], check=True)
        ids = [(pwd.getpwnam(n).pw_uid, pwd.getpwnam(n).pw_gid) for n in names]
        yield group, ids
    finally:
        for name in names:
            subprocess.run(["userdel", name], check=False, capture_output=True)
        subprocess.run(["groupdel", group], check=False, capture_output=True)


def as_account(uid: int, gid: int, group: str, work: Callable[[], Any]) -> Any:
    """Run `work` in a child process that has become that OS account (and member of the
    shared group), as a second person at the same workstation would."""
    import grp

    shared_gid = grp.getgrnam(group).gr_gid
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns into pytest
        code = 1
        try:
            os.close(read_end)
            os.setgroups([shared_gid])
            os.setgid(gid)
            os.setuid(uid)
            os.umask(0o022)
            reply = {"ok": True, "value": work()}
            code = 0
        except BaseException as exc:  # report everything to the parent
            reply = {"ok": False, "error": f"{type(exc).__name__}: {exc}"}
        os.write(write_end, json.dumps(reply).encode())
        os._exit(code)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as pipe:
        data = pipe.read()
    os.waitpid(pid, 0)
    reply = json.loads(data)
    if not reply["ok"]:
        raise AssertionError(f"as uid {uid}: {reply['error']}")
    return reply["value"]


@needs_root
def test_two_os_accounts_share_one_vault(shared_base: Path,
                                         staff: tuple[str, list[tuple[int, int]]]) -> None:
    group, [(uid_a, gid_a), (uid_b, gid_b)] = staff
    vault = shared_base / "practice"
    # Provisioned by root, as IT would under /srv.
    create_vault(vault, owner_name="owner", password=OWNER_PASSWORD, kind="practice")
    share_with_group(vault, group)

    def wrong_then_right() -> str:
        with OpenVault.open(vault) as opened:
            with contextlib.suppress(WrongCredentials):
                opened.unlock("owner", "not the password at all")
            session = opened.unlock("owner", OWNER_PASSWORD)
            session.close()
        return "signed in"

    assert as_account(uid_a, gid_a, group, wrong_then_right) == "signed in"
    # vault.json and signin-attempts.json are now files of account A...
    index = vault / "vault.json"
    assert os.stat(index).st_uid == uid_a
    # ...and account B still signs in, reading and rewriting them.
    assert as_account(uid_b, gid_b, group, wrong_then_right) == "signed in"
    assert as_account(uid_a, gid_a, group, wrong_then_right) == "signed in"

    shared_gid = os.stat(vault).st_gid
    assert os.stat(vault).st_mode & stat.S_ISGID
    for path in [vault, *vault.rglob("*")]:
        info = os.stat(path)
        assert info.st_gid == shared_gid, path
        assert not info.st_mode & 0o007, f"{path} is open to other accounts"
        assert info.st_mode & 0o060 == 0o060 or path.is_dir(), f"{path} is not group-writable"


def test_rewrite_keeps_mode_and_group_without_other_accounts(tmp_path: Path) -> None:
    from app.core.atomic import atomic_write_bytes

    target = tmp_path / "vault.json"
    target.write_bytes(b"old")
    target.chmod(0o640)
    atomic_write_bytes(target, b"new")
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o640 and target.read_bytes() == b"new"
    fresh = tmp_path / "fresh.json"
    atomic_write_bytes(fresh, b"x")
    assert stat.S_IMODE(os.stat(fresh).st_mode) == 0o600
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o2770)
    atomic_write_bytes(shared / "new.json", b"x")
    assert stat.S_IMODE(os.stat(shared / "new.json").st_mode) == 0o660


def test_unknown_group_is_refused_before_anything_is_made(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="no OS group"):
        share_with_group(tmp_path, "no-such-group-medvault")


def test_init_json_and_group_from_the_cli(tmp_path: Path, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    import grp

    from tests.core.test_cli import run

    code, _, err = run(monkeypatch, capsys, ["init", str(tmp_path / "x"), "--owner", "boss",
                                             "--group", "no-such-group-medvault",
                                             "--password-stdin"], OWNER_PASSWORD + "\n")
    assert code == 2 and "groupadd" in err and not (tmp_path / "x").exists()
    own_group = grp.getgrgid(os.getgid()).gr_name
    code, out, err = run(monkeypatch, capsys, ["init", str(tmp_path / "v"), "--owner", "boss",
                                               "--group", own_group, "--json",
                                               "--password-stdin"], OWNER_PASSWORD + "\n")
    assert code == 0, err
    report = json.loads(out)
    assert report["group"] == own_group and len(report["recovery_key"]) > 20
    assert os.stat(tmp_path / "v").st_mode & stat.S_ISGID
    assert stat.S_IMODE(os.stat(tmp_path / "v" / "vault.json").st_mode) == 0o660
