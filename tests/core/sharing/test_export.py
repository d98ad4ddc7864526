"""The full encrypted export: contents, signature, Cancel and failures, permissions, and
the plaintext canary (issue 11, items 6 and 8). The FHIR stream here is a stand-in list;
test_share_fhir.py runs the export over the FHIR module's real stream."""

from __future__ import annotations

import io
import json
import subprocess
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from app.core.errors import PermissionDenied, UsageError
from app.core.records.chart import open_chart
from app.core.records.consent import add_consent
from app.core.records.contacts import ContactInput, add_contact
from app.core.records.documents import add_document
from app.core.roles import Role
from app.core.sharing import export as export_mod
from app.core.sharing.errors import PackageRefused
from app.core.sharing.export import open_export, write_export
from tests.core.conftest import PracticeVault
from tests.core.records.conftest import new_patient, signed_in
from tests.core.sharing.helpers import new_identity

CANARY = "Zebrafinch-canary-7731"
PDF = b"%PDF-1.4 " + CANARY.encode() + b" discharge letter"
PNG = b"\x89PNG\r\n\x1a\n" + CANARY.encode() * 10


@pytest.fixture
def outdir(tmp_path: Path) -> Path:
    """Where exports go: apart from the vault, so a leftover file shows."""
    path = tmp_path / "out"
    path.mkdir()
    return path


def fake_fhir(patient: str) -> list[tuple[str, str, dict[str, Any]]]:
    return [("Patient", patient, {"resourceType": "Patient", "id": patient}),
            ("Condition", patient, {"resourceType": "Condition", "id": "c1",
                                    "note": [{"text": CANARY}]}),
            ("Condition", patient, {"resourceType": "Condition", "id": "c2"}),
            ("Observation", patient, {"resourceType": "Observation", "id": "o1"})]


@pytest.fixture
def seeded(practice: PracticeVault) -> dict[str, str]:
    with signed_in(practice, Role.OWNER) as s:
        patient = new_patient(s, "Canary", "Carla")
        other = new_patient(s, "Other", "Otto")
        doc = add_document(s, patient, PDF, title="Letter").id
        add_document(s, other, PNG, title="Scan")
        contact = add_contact(s, ContactInput(name="Dr Referral")).id
        add_consent(s, patient, contact, ["conditions"], "referral")
        open_chart(s, patient)
    return {"patient": patient, "other": other, "doc": doc}


def test_a_patient_export_holds_fhir_documents_access_report_and_consents(
        practice: PracticeVault, seeded: dict[str, str], outdir: Path) -> None:
    identity, recipient = new_identity()
    out = outdir / "carla.medvault-export"
    p = seeded["patient"]
    with signed_in(practice, Role.CLINICIAN) as s:
        result = write_export(s, out, resources=fake_fhir(p), patient_id=p,
                              recipients=[recipient])
        signer = s.signing_key().public
    assert result.counts == {"Patient": 1, "Condition": 2, "Observation": 1}
    assert result.documents == 1
    with out.open("rb") as handle:
        opened = open_export(handle, identities=[identity])
    assert opened.manifest["exported_by"]["signing_key"] == signer
    assert opened.manifest["scope"] == {"patient": p}
    names = opened.names()
    assert {"README.txt", "fhir/Patient-1.ndjson", "fhir/Condition-1.ndjson",
            f"documents/{seeded['doc']}.pdf", f"patients/{p}/access-report.json",
            f"patients/{p}/consents.json"} <= names
    assert not any(seeded["other"] in n for n in names)  # one patient only
    assert opened.read(f"documents/{seeded['doc']}.pdf") == PDF
    lines = opened.read("fhir/Condition-1.ndjson").decode().splitlines()
    assert [json.loads(x)["id"] for x in lines] == ["c1", "c2"]
    report = json.loads(opened.read(f"patients/{p}/access-report.json"))
    assert any(e["action"] == "chart.open" for e in report["events"])
    consents = json.loads(opened.read(f"patients/{p}/consents.json"))
    assert consents[0]["purpose"] == "referral"
    assert b"Art. 15" in opened.read("README.txt")


def test_the_whole_export_is_the_owners_and_is_audited(
        practice: PracticeVault, seeded: dict[str, str], outdir: Path) -> None:
    _, recipient = new_identity()
    with signed_in(practice, Role.CLINICIAN) as s:
        with pytest.raises(PermissionDenied):
            write_export(s, outdir / "all", resources=[], everything=True,
                         recipients=[recipient])
        denial = next(s.audit.entries(action_prefix="permission.denied", newest_first=True))
        assert json.loads(denial.detail)["operation"] == "export.all"
    assert not (outdir / "all").exists()
    with signed_in(practice, Role.OWNER) as s:
        result = write_export(s, outdir / "all", resources=fake_fhir(seeded["patient"]),
                              everything=True, passphrase="a long export passphrase")
        entry = next(s.audit.entries(action_prefix="export.create", newest_first=True))
    assert result.documents == 2 and result.patients == 2
    detail = json.loads(entry.detail)
    assert detail["scope"] == "all" and detail["to"] == "passphrase"
    with (outdir / "all").open("rb") as handle:
        opened = open_export(handle, passphrase="a long export passphrase")
    assert f"patients/{seeded['other']}/consents.json" in opened.names()


@pytest.mark.parametrize("role", [Role.ADMIN, Role.RECEPTION, Role.AUDITOR])
def test_roles_without_export_patient_are_refused(practice: PracticeVault,
                                                  seeded: dict[str, str], outdir: Path,
                                                  role: Role) -> None:
    _, recipient = new_identity()
    with signed_in(practice, role) as s, pytest.raises(PermissionDenied):
        write_export(s, outdir / "x", resources=[], patient_id=seeded["patient"],
                     recipients=[recipient])
    assert list(outdir.iterdir()) == []


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_cancel_leaves_no_file_and_is_audited(practice: PracticeVault,
                                              seeded: dict[str, str], outdir: Path) -> None:
    _, recipient = new_identity()
    out_dir = outdir

    def cancel(done: int, total: int, text: str) -> None:
        raise KeyboardInterrupt  # what the GUI's Cancel does: the callback raises

    with signed_in(practice, Role.OWNER) as s:
        with pytest.raises(KeyboardInterrupt):
            write_export(s, out_dir / "all", resources=fake_fhir(seeded["patient"]),
                         everything=True, recipients=[recipient], progress=cancel)
        entry = next(s.audit.entries(action_prefix="export.abandoned"))
    assert _leftovers(out_dir) == []
    assert json.loads(entry.detail)["reason"] == "KeyboardInterrupt"


def test_a_failing_fhir_stream_leaves_no_file(practice: PracticeVault,
                                              seeded: dict[str, str], outdir: Path) -> None:
    _, recipient = new_identity()

    def broken() -> Iterator[tuple[str, str, dict[str, Any]]]:
        yield from fake_fhir(seeded["patient"])[:2]
        raise RuntimeError("database went away")

    with signed_in(practice, Role.OWNER) as s, pytest.raises(RuntimeError):
        write_export(s, outdir / "all", resources=broken(), everything=True,
                     recipients=[recipient])
    assert _leftovers(outdir) == []


def test_a_full_disk_is_reported_as_a_full_disk(practice: PracticeVault,
                                                seeded: dict[str, str], outdir: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    _, recipient = new_identity()
    real = export_mod._temp_beside

    class FullDisk(io.BufferedWriter):
        def write(self, data: Any) -> int:
            raise OSError(28, "No space left on device")

    def full(out: Path) -> tuple[Path, Any]:
        temp, handle = real(out)
        return temp, FullDisk(handle.raw)  # type: ignore[arg-type]

    monkeypatch.setattr(export_mod, "_temp_beside", full)
    with signed_in(practice, Role.OWNER) as s, pytest.raises(export_mod.DiskFull,
                                                             match="full"):
        write_export(s, outdir / "all", resources=[], everything=True,
                     recipients=[recipient])
    assert _leftovers(outdir) == []


def test_an_existing_file_is_never_overwritten(practice: PracticeVault,
                                               seeded: dict[str, str], outdir: Path) -> None:
    _, recipient = new_identity()
    (outdir / "all").write_bytes(b"keep me")
    with signed_in(practice, Role.OWNER) as s, pytest.raises(UsageError, match="exists"):
        write_export(s, outdir / "all", resources=[], everything=True,
                     recipients=[recipient])
    assert (outdir / "all").read_bytes() == b"keep me"


def test_a_truncated_or_changed_export_is_refused(practice: PracticeVault,
                                                  seeded: dict[str, str],
                                                  outdir: Path) -> None:
    identity, recipient = new_identity()
    with signed_in(practice, Role.OWNER) as s:
        write_export(s, outdir / "all", resources=[], everything=True,
                     recipients=[recipient])
    data = (outdir / "all").read_bytes()
    with pytest.raises(PackageRefused):
        open_export(io.BytesIO(data[:-40]), identities=[identity])
    changed = bytearray(data)
    changed[len(data) // 2] ^= 1
    with pytest.raises(PackageRefused):
        open_export(io.BytesIO(bytes(changed)), identities=[identity])


def test_the_age_tool_decrypts_an_export_and_unzip_reads_it(
        practice: PracticeVault, seeded: dict[str, str], outdir: Path) -> None:
    identity, recipient = new_identity()
    with signed_in(practice, Role.OWNER) as s:
        write_export(s, outdir / "all.age", resources=fake_fhir(seeded["patient"]),
                     everything=True, recipients=[recipient])
    (outdir / "id.txt").write_text(identity + "\n")
    subprocess.run(["age", "-d", "-i", str(outdir / "id.txt"), "-o",
                    str(outdir / "all.zip"), str(outdir / "all.age")], check=True)
    with zipfile.ZipFile(outdir / "all.zip") as archive:
        assert archive.testzip() is None
        assert archive.read(f"documents/{seeded['doc']}.pdf") == PDF


def test_no_plaintext_canary_in_any_file_the_export_writes(
        practice: PracticeVault, seeded: dict[str, str], tmp_path: Path) -> None:
    _, recipient = new_identity()
    out_dir = tmp_path / "exports"
    out_dir.mkdir()
    with signed_in(practice, Role.OWNER) as s:
        write_export(s, out_dir / "all", resources=fake_fhir(seeded["patient"]),
                     everything=True, recipients=[recipient])
        write_export(s, out_dir / "one", resources=fake_fhir(seeded["patient"]),
                     patient_id=seeded["patient"], passphrase="passphrase for the canary")
    hits = [str(p) for p in tmp_path.rglob("*") if p.is_file()
            and CANARY.encode() in p.read_bytes()]
    assert hits == []
    assert any(p.name == "all" for p in out_dir.iterdir())


def test_a_restricted_patient_needs_break_glass_to_export(practice: PracticeVault,
                                                         outdir: Path) -> None:
    _, recipient = new_identity()
    with signed_in(practice, Role.OWNER) as s:
        hidden = new_patient(s, "Hidden", "Hanna", restricted=True)
    with signed_in(practice, Role.CLINICIAN) as s, pytest.raises(PermissionDenied,
                                                                 match="restricted"):
        write_export(s, outdir / "x", resources=[], patient_id=hidden,
                     recipients=[recipient])


