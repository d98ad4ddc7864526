"""Canary strings written through every vault command never reach disk in plaintext.

The real `medvault` program runs as subprocesses with HOME and TMPDIR pointed at private
folders. Afterwards every file under the vault, its backups, HOME and TMPDIR is searched
for each canary, in UTF-8 and UTF-16.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

CANARY_NAME = "Zyxwquartz Canaryfullname"
CANARY_PASSWORDS = ["canary owner passphrase qq", "canary doctor passphrase qq",
                    "canary reset passphrase qq"]


def _medvault(env: dict[str, str], *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "app.cli", *args], input=stdin, text=True,
                          capture_output=True, env=env, timeout=120, check=False)


def _needles(text: str) -> list[bytes]:
    return [text.encode(), text.encode("utf-16-le"), text.encode("utf-16-be")]


def _all_files(*roots: Path) -> list[Path]:
    return [p for root in roots if root.exists() for p in root.rglob("*") if p.is_file()]


def test_no_canary_on_disk(tmp_path: Path) -> None:
    home, tmp, work = tmp_path / "home", tmp_path / "tmp", tmp_path / "work"
    for d in (home, tmp, work):
        d.mkdir()
    env = {**os.environ, "HOME": str(home), "TMPDIR": str(tmp),
           "XDG_CONFIG_HOME": str(home / ".config"), "XDG_CACHE_HOME": str(home / ".cache"),
           "XDG_DATA_HOME": str(home / ".local/share"), "MEDVAULT_INSECURE_TEST_KDF": "1",
           "MEDVAULT_POLICY": str(home / "none.toml"),
           "PYTHONPATH": os.pathsep.join([os.environ["PYTHONPATH"],
                                          str(Path(__file__).resolve().parents[2])])}
    vault = str(work / "vault")
    owner_pw, doc_pw, reset_pw = CANARY_PASSWORDS
    steps: list[tuple[list[str], str]] = [
        (["init", vault, "--owner", "boss", "--full-name", CANARY_NAME, "--password-stdin"],
         owner_pw + "\n"),
        (["user", "add", vault, "--as", "boss", "--name", "doc", "--role", "clinician",
          "--full-name", CANARY_NAME, "--password-stdin"], f"{owner_pw}\n{doc_pw}\n"),
        (["grant", "approve", vault, "--as", "boss", "--name", "doc", "--password-stdin"],
         owner_pw + "\n"),
        (["user", "list", vault, "--as", "boss", "--password-stdin"], owner_pw + "\n"),
        (["user", "reset-password", vault, "--as", "boss", "--name", "doc",
          "--password-stdin"], f"{owner_pw}\n{reset_pw}\n"),
        (["keys", "rotate", vault, "--as", "boss", "--compartment", "clinical",
          "--password-stdin"], owner_pw + "\n"),
        (["verify", vault, "--as", "boss", "--password-stdin"], owner_pw + "\n"),
        (["audit", "verify", vault, "--as", "boss", "--password-stdin"], owner_pw + "\n"),
        (["backup", vault, "--as", "boss", "--to", str(work / "backups"),
          "--password-stdin"], owner_pw + "\n"),
        (["user", "list", vault, "--as", "boss", "--password-stdin"], "wrong password\n"),
    ]
    for args, stdin in steps:
        result = _medvault(env, *args, stdin=stdin)
        expected = 3 if stdin == "wrong password\n" else 0
        assert result.returncode == expected, (args, result.stderr)
    files = _all_files(work, home, tmp)
    assert any(f.name == "registry.db" for f in files)
    for path in files:
        data = path.read_bytes()
        for canary in [CANARY_NAME, *CANARY_PASSWORDS]:
            for needle in _needles(canary):
                assert needle not in data, f"{canary!r} found in plaintext in {path}"
