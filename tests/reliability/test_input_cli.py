"""Bad input through the `medvault` command (issue 8, items 6, 16 and 17)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from app.core.errors import WrongCredentials
from tests.support import run_cli as run

OWNER_PW = "correct horse battery staple"
CANARY_FAMILY = "Zzyzxcanaryfamily"
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def vault(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
          capsys: pytest.CaptureFixture[str]) -> str:
    path = str(tmp_path / "v")
    code, _, err = run(monkeypatch, capsys, ["init", path, "--owner", "boss",
                                             "--password-stdin"], OWNER_PW + "\n")
    assert code == 0, err
    return path


# -- non-UTF-8 input -----------------------------------------------------------------------
@pytest.mark.parametrize("where", ["name", "query", "folder"])
def test_non_utf8_arguments_exit_2_with_a_message(vault: str, monkeypatch: pytest.MonkeyPatch,
                                                  capsys: pytest.CaptureFixture[str],
                                                  where: str) -> None:
    bad = os.fsdecode(b"\xff\xfe")  # how Python hands over undecodable argv bytes
    args = {"name": ["patient", "find", vault, "--as", bad, "--password-stdin", "q"],
            "query": ["patient", "find", vault, "--as", "boss", "--password-stdin", bad],
            "folder": ["patient", "find", vault + bad, "--as", "boss", "--password-stdin",
                       "q"]}[where]
    code, _, err = run(monkeypatch, capsys, args, OWNER_PW + "\n")
    assert code == 2 and "not UTF-8" in err and "Traceback" not in err
    # and nobody was locked out by it
    code, _, err = run(monkeypatch, capsys, ["patient", "find", vault, "--as", "boss",
                                             "--password-stdin", "-"], f"{OWNER_PW}\nq\n")
    assert code == 0, err


def test_non_utf8_stdin_exits_2(vault: str, monkeypatch: pytest.MonkeyPatch,
                                capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(monkeypatch, capsys, ["patient", "find", vault, "--as", "boss",
                                             "--password-stdin", "q"], b"\xff\xfe\n")
    assert code == 2 and "not UTF-8" in err


def test_the_reported_bad_sign_in_no_longer_breaks_everyone(
        vault: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    # printf 'x\n' | medvault patient find V --as $'\xff' --password-stdin q
    from app.core.vault import OpenVault

    with OpenVault.open(Path(vault)) as opened, \
            pytest.raises(WrongCredentials, match="not correct"):
        opened.unlock(os.fsdecode(b"\xff"), "x")
    code, _, err = run(monkeypatch, capsys, ["patient", "find", vault, "--as", "boss",
                                             "--password-stdin", "-"], f"{OWNER_PW}\nq\n")
    assert code == 0, err


# -- patient data off the command line ------------------------------------------------------
def test_patient_details_from_stdin_and_file(vault: str, tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    details = {"family": CANARY_FAMILY, "given": "Ann", "birth_date": "1970-05-06",
               "mrn": "MRN-123", "phone": "+44 1234"}
    code, out, err = run(monkeypatch, capsys,
                         ["patient", "add", vault, "--as", "boss", "--password-stdin",
                          "--details", "-", "--json"], OWNER_PW + "\n" + json.dumps(details))
    assert code == 0, err
    assert "Warning" not in err
    assert json.loads(out)["mrn"] == "MRN-123"
    file = tmp_path / "p.json"
    file.write_text(json.dumps({**details, "mrn": "MRN-456"}))
    code, _, err = run(monkeypatch, capsys, ["patient", "add", vault, "--as", "boss",
                                             "--password-stdin", "--details", str(file),
                                             "--not-a-duplicate"],
                       OWNER_PW + "\n")
    assert code == 0, err
    code, out, err = run(monkeypatch, capsys, ["patient", "find", vault, "--as", "boss",
                                               "--password-stdin", "-", "--json"],
                         f"{OWNER_PW}\n{CANARY_FAMILY}\n")
    assert code == 0 and "Warning" not in err
    assert len(json.loads(out)) == 2


def test_single_fields_from_stdin_in_order(vault: str, monkeypatch: pytest.MonkeyPatch,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(monkeypatch, capsys,
                         ["patient", "add", vault, "--as", "boss", "--password-stdin",
                          "--family", "-", "--given", "-", "--birth-date", "-", "--json"],
                         f"{OWNER_PW}\n{CANARY_FAMILY}\nAnn\n1970-05-06\n")
    assert code == 0, err
    assert json.loads(out)["birth_date"] == "1970-05-06" and "Warning" not in err


def test_phi_on_the_command_line_warns(vault: str, monkeypatch: pytest.MonkeyPatch,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(monkeypatch, capsys,
                       ["patient", "add", vault, "--as", "boss", "--password-stdin",
                        "--family", CANARY_FAMILY, "--given", "Ann", "--birth-date",
                        "1970-05-06"], OWNER_PW + "\n")
    assert code == 0 and "process list" in err
    for args in (["patient", "find", vault, "--as", "boss", "--password-stdin", "Ann"],
                 ["note", "search", vault, "--as", "boss", "--password-stdin", "angina"]):
        code, _, err = run(monkeypatch, capsys, args, OWNER_PW + "\n")
        assert code == 0 and "process list" in err, err


def test_bad_details_are_usage_errors(vault: str, tmp_path: Path,
                                      monkeypatch: pytest.MonkeyPatch,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    for text in ("[1]", "{bad json", '{"family": 5}', '{"ssn": "1"}', '{"family": "A"}'):
        code, _, err = run(monkeypatch, capsys, ["patient", "add", vault, "--as", "boss",
                                                 "--password-stdin", "--details", "-"],
                           OWNER_PW + "\n" + text)
        assert code == 2, (text, err)
    code, _, err = run(monkeypatch, capsys, ["patient", "add", vault, "--as", "boss",
                                             "--password-stdin", "--details", "/dev/zero"],
                       OWNER_PW + "\n")
    assert code == 2 and "not a regular file" in err


def test_the_process_list_never_shows_patient_data(vault: str) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    child = subprocess.Popen(
        [sys.executable, "-m", "app", "patient", "add", vault, "--as", "boss",
         "--password-stdin", "--details", "-"], stdin=subprocess.PIPE,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=ROOT)
    try:
        cmdline = Path(f"/proc/{child.pid}/cmdline").read_bytes()
        _out, err = child.communicate(
            (OWNER_PW + "\n" + json.dumps({"family": CANARY_FAMILY, "given": "Ann",
                                           "birth_date": "1970-05-06"})).encode(),
            timeout=120)
    finally:
        if child.poll() is None:
            child.kill()
    assert child.returncode == 0, err
    assert CANARY_FAMILY.encode() not in cmdline


# -- small edges ----------------------------------------------------------------------------
def test_demo_size_is_checked_before_anything_is_created(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "demo"
    code, out, err = run(monkeypatch, capsys, ["demo", str(target), "--patients",
                                               "1000000000000", "--password-stdin"],
                         OWNER_PW + "\n")
    assert code == 2 and "between 1 and" in err
    assert not target.exists() and "Recovery key" not in out


def test_init_with_the_test_kdf_warns(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(monkeypatch, capsys, ["init", str(tmp_path / "v"), "--owner", "boss",
                                             "--password-stdin"], OWNER_PW + "\n")
    assert code == 0 and "MEDVAULT_INSECURE_TEST_KDF" in err


def test_policy_show_into_a_closed_pipe_is_quiet(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    reader, writer = os.pipe()
    os.close(reader)  # `| head -1` that has already gone
    done = subprocess.run([sys.executable, "-m", "app", "policy", "show"], stdout=writer,
                          stderr=subprocess.PIPE, env=env, cwd=ROOT, timeout=120, check=False)
    os.close(writer)
    assert done.returncode == 0, done.stderr
    assert b"Broken pipe" not in done.stderr and b"Traceback" not in done.stderr


def test_head_file_must_be_a_regular_file(vault: str, monkeypatch: pytest.MonkeyPatch,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(monkeypatch, capsys, ["audit", "verify", vault, "--as", "boss",
                                             "--password-stdin", "--head", "/dev/zero"],
                       OWNER_PW + "\n")
    assert code == 2 and "not a regular file" in err


def test_settings_show_is_permission_checked(vault: str, monkeypatch: pytest.MonkeyPatch,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(monkeypatch, capsys,
                       ["user", "add", vault, "--as", "boss", "--name", "desk", "--role",
                        "reception", "--password-stdin"],
                       f"{OWNER_PW}\nreception answers every call\n")
    assert code == 0, err
    code, _, err = run(monkeypatch, capsys, ["settings", "show", vault, "--as", "desk",
                                             "--password-stdin"],
                       "reception answers every call\n")
    assert code == 4, err
    code, out, err = run(monkeypatch, capsys, ["settings", "show", vault, "--as", "boss",
                                               "--password-stdin"], OWNER_PW + "\n")
    assert code == 0 and "autolock_minutes" in out
