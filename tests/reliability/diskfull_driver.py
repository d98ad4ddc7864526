"""Run vault work on a nearly full file system at many fill levels (issue 8, item 11).

Run by `test_input_disk_full.py` inside a private mount namespace (`unshare`), where a
small tmpfs is mounted at the folder given; it prints one JSON line per fill level: how
much space was left, what each step reported, and whether the vault opened and verified
afterwards. Kept in-process (one interpreter for every level) so the test stays fast.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
from pathlib import Path

from app.core.database import DatabaseError, damage_from
from app.core.errors import MedVaultError
from app.core.records.notes import NoteContent, add_note
from app.core.records.patients import PatientInput, add_patient
from app.core.session import Session
from app.core.vault import OpenVault, create_vault
from app.core.verification import verify_vault

PASSWORD = "correct horse battery staple"


def _outcome(step: Callable[[], object]) -> str:
    """What the CLI would report: 'ok' or '<exit code>: <message>'."""
    try:
        step()
    except MedVaultError as exc:
        return f"{exc.exit_code}: {exc}"
    except DatabaseError as exc:
        error = damage_from(exc)
        return f"{error.exit_code}: {error}"
    except OSError as exc:  # the CLI's last resort: exit 1 with the OS message
        return f"1: {exc}"
    return "ok"


def _fill(mount: Path, leave: int) -> Path:
    filler = mount / "filler"
    stats = os.statvfs(mount)
    free = stats.f_bavail * stats.f_frsize
    with filler.open("wb") as handle:
        handle.write(b"\0" * max(0, free - leave))
    return filler


class _Work:
    """Sign in, add a patient, add a long note (many new pages), lock."""

    def __init__(self, vault: OpenVault) -> None:
        self.vault = vault
        self.session: Session | None = None
        self.patient_id: str | None = None

    def sign_in(self) -> None:
        self.session = self.vault.unlock("owner", PASSWORD)

    def add_patient(self) -> None:
        assert self.session is not None
        # The same invented person at every level: not a duplicate to stop at the desk.
        self.patient_id = add_patient(self.session, PatientInput(
            family="Fuller", given="Disk", birth_date="1970-01-01"),
            not_a_duplicate=True).id

    def add_note(self) -> None:
        assert self.session is not None and self.patient_id is not None
        add_note(self.session, self.patient_id, NoteContent(body="x" * 20_000))

    def lock(self) -> None:
        assert self.session is not None
        self.session.close()

    def run(self) -> list[str]:
        steps = [_outcome(self.sign_in)]
        if self.session is not None:
            steps.append(_outcome(self.add_patient))
            if self.patient_id is not None:
                steps.append(_outcome(self.add_note))
            steps.append(_outcome(self.lock))
        return steps


def _after(vault_dir: Path) -> str:
    """With the space back, the vault must open and verify: nothing was damaged."""
    try:
        with OpenVault.open(vault_dir) as again:
            session = again.unlock("owner", PASSWORD)
            report = verify_vault(session)
            session.close()
            return "ok" if report.ok else "; ".join(report.problems)
    except (MedVaultError, DatabaseError) as exc:
        return f"{type(exc).__name__}: {exc}"


def run(mount: Path, levels: list[int]) -> None:
    vault_dir = mount / "vault"
    os.environ["MEDVAULT_INSECURE_TEST_KDF"] = "1"
    create_vault(vault_dir, owner_name="owner", password=PASSWORD, kind="practice")
    for leave in levels:
        filler = _fill(mount, leave)
        try:
            vault = OpenVault.open(vault_dir)
        except MedVaultError as exc:
            steps = [f"{exc.exit_code}: {exc}"]
        else:
            try:
                steps = _Work(vault).run()
            finally:
                vault.close()
        filler.unlink()
        print(json.dumps({"leave": leave, "steps": steps, "after": _after(vault_dir)}),
              flush=True)


if __name__ == "__main__":
    run(Path(sys.argv[1]), [int(v) for v in sys.argv[2].split(",")])
