"""`medvault share create/open/import` and `medvault export` end to end through main()."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from app.cli import main
from app.core.records.clinical import Condition
from app.core.records.entries import add_entry
from app.core.roles import Role
from app.core.sharing.export import open_export
from tests.core.conftest import OWNER_PASSWORD, PracticeVault
from tests.core.records.conftest import HYPERTENSION, new_patient, signed_in
from tests.core.sharing.conftest import RECEIVER_PASSWORD
from tests.core.sharing.helpers import new_identity


@pytest.fixture
def run(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]):  # type: ignore[no-untyped-def]
    def runner(args: list[str], stdin: str = "") -> tuple[int, str, str]:
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
        code = main(args)
        out, err = capsys.readouterr()
        return code, out, err
    return runner


def test_share_create_open_import_and_export_from_the_command_line(
        practice: PracticeVault, receiver_path: Path, tmp_path: Path, run) -> None:  # type: ignore[no-untyped-def]
    with signed_in(practice, Role.OWNER) as s:
        patient = new_patient(s, "Cli", "Casey")
        add_entry(s, patient, Condition(code=HYPERTENSION))
    vault, pw = str(practice.path), OWNER_PASSWORD + "\n"
    # Cards both ways, verified.
    for path, user, password, card in ((vault, "owner", pw, "owner.card"),
                                       (str(receiver_path), "doc", RECEIVER_PASSWORD + "\n",
                                        "doc.card")):
        assert run(["identity", "export", path, "--as", user, "--password-stdin", "--out",
                    str(tmp_path / card)], password)[0] == 0
    code, out, _ = run(["contact", "import", vault, "--as", "owner", "--password-stdin",
                        "--json", str(tmp_path / "doc.card")], pw)
    doc = json.loads(out)
    code, out, _ = run(["contact", "import", str(receiver_path), "--as", "doc",
                        "--password-stdin", "--json", str(tmp_path / "owner.card")],
                       RECEIVER_PASSWORD + "\n")
    owner_contact = json.loads(out)
    for path, user, password, contact in ((vault, "owner", pw, doc),
                                          (str(receiver_path), "doc",
                                           RECEIVER_PASSWORD + "\n", owner_contact)):
        assert run(["contact", "verify", path, "--as", user, "--password-stdin", "--contact",
                    contact["id"], "--fingerprint", contact["fingerprint"]], password)[0] == 0

    # No consent: refused with exit 4; with an override reason: written.
    package = tmp_path / "referral.medvault-share"
    code, _, err = run(["share", "create", vault, "--as", "owner", "--password-stdin",
                        "--patient", patient, "--to", doc["id"], "--sections", "conditions",
                        "--out", str(package)], pw)
    assert code == 4 and "consented" in err and not package.exists()
    code, out, _ = run(["share", "create", vault, "--as", "owner", "--password-stdin",
                        "--patient", patient, "--to", doc["id"], "--sections", "conditions",
                        "--override-reason", "urgent referral", "--out", str(package),
                        "--json"], pw)
    assert code == 0 and json.loads(out)["consent_overridden"] is True

    code, out, _ = run(["share", "open", str(package), "--vault", str(receiver_path), "--as",
                        "doc", "--password-stdin", "--json"], RECEIVER_PASSWORD + "\n")
    shown = json.loads(out)
    assert code == 0 and shown["sender_trust"]["state"] == "verified"
    assert shown["contents"]["Condition"] == 1
    code, out, _ = run(["share", "import", str(receiver_path), "--as", "doc",
                        "--password-stdin", str(package), "--new-patient"],
                       RECEIVER_PASSWORD + "\n")
    assert code == 0 and "Imported package" in out
    code, _, err = run(["share", "import", str(receiver_path), "--as", "doc",
                        "--password-stdin", str(package), "--new-patient"],
                       RECEIVER_PASSWORD + "\n")
    assert code == 1 and "imported before" in err

    # To a bare key for the patient's own request, opened with an identity file.
    identity, recipient = new_identity()
    (tmp_path / "patient.key").write_text(identity + "\n")
    mine = tmp_path / "mine.medvault-share"
    assert run(["share", "create", vault, "--as", "owner", "--password-stdin", "--patient",
                patient, "--to-recipient", recipient, "--purpose", "patient-request",
                "--out", str(mine)], pw)[0] == 0
    code, out, _ = run(["share", "open", str(mine), "--identity",
                        str(tmp_path / "patient.key")])
    assert code == 0 and "Contents:" in out and "no vault to compare with" in out

    # The patient's full export, to a passphrase.
    export = tmp_path / "casey.medvault-export"
    code, out, _ = run(["export", vault, "--as", "owner", "--password-stdin", "--patient",
                        patient, "--passphrase-stdin", "--out", str(export), "--json"],
                       pw + "casey's long export phrase\n")
    assert code == 0 and json.loads(out)["counts"]["Condition"] == 1
    with export.open("rb") as handle:
        opened = open_export(handle, passphrase="casey's long export phrase")
    assert any(n.startswith("fhir/Condition") for n in opened.names())
