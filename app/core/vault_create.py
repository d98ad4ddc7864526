"""Creating a vault: the owner's slots, both compartments and the first audit entry.

Everything is built in a hidden sibling folder and renamed into place, so a crash during
creation never leaves a half-made vault where the user asked for one."""

from __future__ import annotations

import errno
import os
import secrets
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from app.core import kdf as kdf_mod
from app.core.audit import AuditChain, new_audit_key, utc_now
from app.core.database import Connection, VaultDatabase
from app.core.errors import FactorUnavailable, UsageError
from app.core.ids import new_id
from app.core.keyslots import (
    KeySlot,
    SlotSecrets,
    new_recovery_key,
    parse_recovery_key,
    recovery_kdf_placeholder,
    seal_slot,
)
from app.core.passwords import normalise_password
from app.core.policy import PolicyLoad, load_policy
from app.core.progress import FINAL, ProgressCallback, no_progress
from app.core.roles import Role
from app.core.sealing import new_identity, seal
from app.core.session import zero
from app.core.signing import SigningKey
from app.core.slot_rules import enforce_password, initial_kdf_params, validate_user_name
from app.core.vault_file import (
    COMPARTMENT_FILES,
    COMPARTMENTS,
    CompartmentInfo,
    SealedKey,
    VaultFile,
    VaultKind,
    VaultUser,
)
from app.core.workstation import SECRET_BYTES, WorkstationKeychain

if TYPE_CHECKING:
    from app.core.records.patients import PatientInput


@dataclass
class NewVault:
    path: Path
    vault_id: str
    owner_id: str
    recovery_key: str = field(repr=False)


def create_vault(directory: Path, *, owner_name: str, password: str, kind: VaultKind,
                 policy: PolicyLoad | None = None, full_name: str = "",
                 vault_name: str | None = None, kdf: kdf_mod.KdfParams | None = None,
                 workstation: WorkstationKeychain | None = None,
                 use_workstation: bool = False,
                 own_record: PatientInput | None = None,
                 progress: ProgressCallback = no_progress) -> NewVault:
    """Build the whole vault in a hidden sibling folder, then rename it into place, so a
    crash during creation never leaves a half-made vault at `directory`.

    `progress` is called before the slow key wrapping and once more before anything is
    written (keychain or disk); raising from it then leaves no trace. The writing that
    follows takes a moment and is not interrupted.

    ``own_record`` (personal vaults only): the owner's own details, filed as the vault's
    first person and marked as the owner's own record, so nobody types themselves in
    twice."""
    policy = policy or load_policy()
    policy.require_valid()
    owner_name = validate_user_name(owner_name)
    directory = directory.expanduser().absolute()
    if directory.exists() and (not directory.is_dir() or any(directory.iterdir())):
        raise UsageError.coded("files.folder_not_empty", folder=str(directory))
    enforce_password(password, policy, owner_name, vault_name or "")
    if own_record is not None:
        from app.core.records.patients import validate

        if kind != "personal":
            raise UsageError.coded("vault.own_record_personal")
        own_record = validate(own_record)
    if policy.policy.workstation_factor == "required":
        use_workstation = True
    params = kdf or initial_kdf_params(policy)
    vault_id, owner_id = new_id(), new_id()
    identity, recipient = new_identity()
    keys = {c: bytearray(secrets.token_bytes(32)) for c in COMPARTMENTS}
    recovery_key = new_recovery_key()

    keychain = None
    if use_workstation:
        keychain = workstation or WorkstationKeychain()
        if not keychain.available():
            raise FactorUnavailable.coded("vault.no_keychain_workstation")
    # The workstation secret mixes into the password slot only through HKDF, so it can be
    # made before it is stored; the keychain is written after the last chance to stop.
    ws_secret = secrets.token_bytes(SECRET_BYTES) if keychain is not None else None
    signer = SigningKey.generate()
    contents = SlotSecrets(identity=identity, signing_key=signer.private_hex)
    progress(0, 2, "")
    slots: list[KeySlot] = [
        seal_slot(vault_id=vault_id, user_id=owner_id, kind="password",
                  secret=normalise_password(password), contents=contents, kdf=params,
                  workstation_secret=ws_secret),
        seal_slot(vault_id=vault_id, user_id=owner_id, kind="recovery",
                  secret=parse_recovery_key(recovery_key), contents=contents,
                  kdf=recovery_kdf_placeholder()),
    ]
    progress(1, 2, FINAL)
    if keychain is not None and ws_secret is not None:
        keychain.create(vault_id, owner_id, ws_secret)
    vf = VaultFile(
        vault_id=vault_id, kind=kind, name=vault_name or directory.name, created=utc_now(),
        compartments={c: CompartmentInfo(file=COMPARTMENT_FILES[c], key_version=1)
                      for c in COMPARTMENTS},
        users=[VaultUser(owner_id, owner_name, recipient, signing_key=signer.public)],
        slots=slots,
        sealed=[SealedKey(owner_id, c, 1, seal(bytes(keys[c]), recipient)) for c in COMPARTMENTS],
    )
    directory.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{directory.name}.creating-", dir=directory.parent))
    try:
        db = VaultDatabase.open(staging, COMPARTMENT_FILES, keys, create=True,
                                memory_security=policy.policy.sqlcipher_memory_security)
        try:
            with db.transaction() as conn:
                audit_key = new_audit_key()
                conn.execute("INSERT INTO meta(key, value) VALUES ('audit_key', ?)", (audit_key,))
                conn.execute("INSERT INTO meta(key, value) VALUES ('vault_id', ?)", (vault_id,))
                conn.execute(
                    "INSERT INTO users(id, name, full_name, role, status, created) "
                    "VALUES (?,?,?,?, 'active', ?)",
                    (owner_id, owner_name, full_name, Role.OWNER.value, utc_now()))
                chain = AuditChain(conn, audit_key)
                chain.append(actor_id=owner_id, actor=owner_name, role=Role.OWNER.value,
                             action="vault.create", detail={"kind": kind})
                if own_record is not None:
                    _file_own_record(conn, chain, owner_id, owner_name, own_record)
        finally:
            db.close()
            for key in keys.values():
                zero(key)
        vf.save(staging)
        os.chmod(staging, 0o700)
        try:
            if directory.exists():
                directory.rmdir()
            os.replace(staging, directory)
        except OSError as exc:
            # Another `init` got there first (ENOTEMPTY/EEXIST): say it as the early check
            # does, not as "[Errno 39] Directory not empty".
            if exc.errno in (errno.ENOTEMPTY, errno.EEXIST):
                raise UsageError.coded("files.folder_just_taken",
                                       folder=str(directory)) from exc
            raise
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return NewVault(directory, vault_id, owner_id, recovery_key)


def _file_own_record(conn: Connection, chain: AuditChain, owner_id: str,
                     owner_name: str, data: PatientInput) -> None:
    """The owner's own record, written with the vault and audited as add_patient and
    set_own_record would, by the owner."""
    from app.core.records import clock
    from app.core.records.own_record import write_own_record
    from app.core.records.patients import insert_patient

    patient_id = new_id()
    insert_patient(conn, patient_id, data, owner_id, clock.now_iso())
    write_own_record(conn, patient_id)
    for action in ("patient.create", "record.own.set"):
        chain.append(actor_id=owner_id, actor=owner_name, role=Role.OWNER.value,
                     action=action, patient_id=patient_id, target=patient_id,
                     detail={"restricted": False} if action == "patient.create" else None)
