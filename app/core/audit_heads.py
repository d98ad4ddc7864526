"""Saved audit heads and signed session seals: the audit log never moves backwards or
sideways unnoticed, and one account cannot rewrite another account's history.

Three things work together:

- **Saved heads.** vault.json keeps the head (seq + MAC) at every session close, each
  backup keeps the head at the time of the copy, and an audit export starts with it. A
  saved head only moves forward: before replacing it, a closing (or starting) session
  checks that the chain still holds the saved entry with the saved MAC. If not, the log
  was cut or rewritten: the old head is kept in vault.json as evidence, a flagged
  `audit.head.mismatch` entry is written, and the owner is told at their next sign-in.
- **Seals.** Anyone who holds the registry key can compute the chain's MAC key. So every
  session ends with an `audit.seal` entry: the closing entry's seq and MAC, signed with
  the acting user's own Ed25519 key (kept in their slot). Rewriting or removing any entry
  before a seal by someone else breaks that seal, and it cannot be re-signed without that
  person's password.
- **Finding heads.** `audit verify` and `verify` use every head they can find: vault.json
  and its evidence, every backup in the default backups folder and in every folder a
  backup was written to, and every audit export this vault wrote (plus `--head`).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.core.audit import AuditEntry, AuditHead, utc_now
from app.core.errors import MedVaultError
from app.core.signing import verify_signature
from app.core.vault_file import MAX_KNOWN_PLACES, VaultFile

if TYPE_CHECKING:
    from app.core.session import Session

SEAL_ACTION = "audit.seal"
MISMATCH_ACTION = "audit.head.mismatch"
_SEAL_CONTEXT = b"medvault audit seal v1\x00"
# An export begins with its head; only the start of the file is read (exports can be big).
_EXPORT_PREFIX_BYTES = 4096
_EXPORT_HEAD = re.compile(rb'^\{\s*"head"\s*:\s*(\{[^{}]*\}|null)')


def seal_message(vault_id: str, seq: int, mac_hex: str) -> bytes:
    """What a seal signs: this vault, this entry, its MAC (which covers all before it)."""
    return _SEAL_CONTEXT + f"{vault_id}\x00{seq}\x00{mac_hex}".encode()


def seal_detail(session: Session, closing: AuditEntry) -> dict[str, Any]:
    signer = session.signing_key()
    mac_hex = closing.mac.hex()
    signature = signer.sign(seal_message(session.vault.file.vault_id, closing.seq, mac_hex))
    return {"seq": closing.seq, "mac": mac_hex, "key": signer.public,
            "sig": signature.hex()}


# -- the head in vault.json ---------------------------------------------------------------
def chain_holds(session: Session, head: AuditHead) -> bool:
    """True when the log still has entry `head.seq` with the MAC the head saved."""
    row = session.conn.execute("SELECT mac FROM audit WHERE seq = ?", (head.seq,)).fetchone()
    return row is not None and bytes(row[0]).hex() == head.mac


def check_saved_head(session: Session) -> bool:
    """Compare vault.json's head with the log. On a mismatch: keep the old head as
    evidence, write a flagged entry, raise the owner's alert, and move the head on so the
    same finding is not written again at every close. Returns False on a mismatch."""
    vf = session.vault.file
    if vf.audit_head is None:
        return True
    try:
        saved = AuditHead.from_json(vf.audit_head)
    except ValueError:
        saved = None
    if saved is not None and chain_holds(session, saved):
        return True
    current = session.audit.head()
    evidence = {"head": vf.audit_head, "found": utc_now(), "by": session.user.user_id,
                "log_head": current.to_json() if current else None, "acknowledged": False}
    vf.audit_evidence = [*vf.audit_evidence, evidence][-MAX_KNOWN_PLACES:]
    session.record(MISMATCH_ACTION, flagged=True,
                   detail={"saved": vf.audit_head,
                           "log_head": current.to_json() if current else None})
    head = session.audit.head()
    vf.audit_head = head.to_json() if head else None
    session.vault.save()
    return False


def advance_saved_head(session: Session) -> None:
    """Called as a session closes, after its seal: check, then move the head forward."""
    if not check_saved_head(session):
        return  # already moved forward, with the evidence kept
    head = session.audit.head()
    if head is not None:
        session.vault.save_audit_head(head)


def integrity_alerts(vf: VaultFile) -> list[str]:
    """Plain-language findings the owner has not acknowledged yet."""
    alerts = []
    for item in vf.audit_evidence:
        if isinstance(item, dict) and not item.get("acknowledged"):
            head = item.get("head") or {}
            alerts.append(
                f"The audit log was cut or rewritten: the head saved at the last lock "
                f"(entry {head.get('seq')}) is no longer in the log (found {item.get('found')})."
                " Check the audit log against a backup kept off this machine.")
    return alerts


def acknowledge_alerts(session: Session) -> int:
    """The owner has seen the alerts. The evidence stays (verify keeps using it)."""
    from app.core.roles import Operation

    session.require(Operation.AUDIT_VERIFY)
    vf = session.vault.file
    count = 0
    for item in vf.audit_evidence:
        if isinstance(item, dict) and not item.get("acknowledged"):
            item["acknowledged"] = True
            count += 1
    if count:
        session.record("audit.alert.acknowledge", detail={"alerts": count})
        session.vault.save()
    return count


# -- finding heads -----------------------------------------------------------------------
@dataclass
class FoundHeads:
    heads: list[tuple[str, AuditHead]] = field(default_factory=list)  # (where, head)
    unreadable: list[str] = field(default_factory=list)
    # Public signing keys as each backup's copy of vault.json had them: (where, user, key).
    backup_keys: list[tuple[str, str, str]] = field(default_factory=list)

    def key_problems(self, vf: VaultFile) -> list[str]:
        """A signing key in a backup that the live vault.json no longer lists (not even as
        retired) was replaced there: someone may be signing in that user's name."""
        problems = []
        for where, user_id, key in self.backup_keys:
            user = vf.user_by_id(user_id)
            if user is not None and key not in user.signing_keys():
                problems.append(f"{user.name}'s signing key in vault.json differs from the "
                                f"one in {where}: it was replaced.")
        return list(dict.fromkeys(problems))


def remember_place(vf: VaultFile, kind: str, path: Path) -> bool:
    """Note a backup folder or an export file so later checks read its head. Returns True
    when vault.json changed (the caller saves)."""
    places = vf.backup_dirs if kind == "backup" else vf.head_files
    text = str(path.expanduser().absolute())
    if text in places:
        return False
    places.append(text)
    del places[:-MAX_KNOWN_PLACES]
    return True


def read_export_head(path: Path) -> AuditHead | None:
    """The head at the start of a JSON audit export (regular files only)."""
    if not path.is_file():
        raise ValueError("not a regular file")
    with path.open("rb") as handle:
        start = handle.read(_EXPORT_PREFIX_BYTES)
    match = _EXPORT_HEAD.match(start)
    if match is None:
        raise ValueError("no head at the start of the file")
    data = json.loads(match.group(1))
    return None if data is None else AuditHead.from_json(data)


def find_heads(vault_dir: Path, vf: VaultFile) -> FoundHeads:
    from app.core.backup import default_backup_dir, list_backups

    found = FoundHeads()
    if vf.audit_head is not None:
        try:
            found.heads.append(("vault.json", AuditHead.from_json(vf.audit_head)))
        except ValueError:
            found.unreadable.append("vault.json")
    for item in vf.audit_evidence:
        try:
            found.heads.append(("vault.json (evidence)", AuditHead.from_json(item.get("head"))))
        except (ValueError, AttributeError):
            found.unreadable.append("vault.json (evidence)")
    folders = [default_backup_dir(vault_dir), *(Path(p) for p in vf.backup_dirs)]
    seen: set[Path] = set()
    for folder in folders:
        if folder in seen:
            continue
        seen.add(folder)
        for info in list_backups(folder, vf.vault_id):
            if info.head is not None:
                found.heads.append((str(info.path), info.head))
            try:
                copy = VaultFile.load(info.path)
            except MedVaultError:
                found.unreadable.append(str(info.path))
                continue
            found.backup_keys += [(str(info.path), u.user_id, u.signing_key)
                                  for u in copy.users if u.signing_key]
    for name in vf.head_files:
        path = Path(name)
        if not path.exists():
            continue  # moved off the machine, as advised
        try:
            head = read_export_head(path)
        except (OSError, ValueError):
            continue  # a CSV export or a file since replaced: nothing to read
        if head is not None:
            found.heads.append((str(path), head))
    return found


# -- checking seals ------------------------------------------------------------------------
def seal_problems(entries: Iterable[AuditEntry], vf: VaultFile) -> list[str]:
    """Check every session's seal. `entries` are the session closes and seals in order."""
    problems: list[str] = []
    keys = {u.user_id: set(u.signing_keys()) for u in vf.users}
    names = {u.user_id: u.name for u in vf.users}
    pending: AuditEntry | None = None  # a close that still waits for its seal
    for entry in entries:
        if entry.action == SEAL_ACTION:
            problem = _check_seal(entry, pending, vf.vault_id, keys, names)
            if problem:
                problems.append(problem)
            pending = None
            continue
        if pending is not None:
            problems.append(_missing_seal(pending, names))
        # Closes written before seals existed say nothing, and expect none.
        pending = entry if _expects_seal(entry) else None
    if pending is not None:
        problems.append(_missing_seal(pending, names))
    return problems


def _expects_seal(entry: AuditEntry) -> bool:
    try:
        return bool(json.loads(entry.detail).get("sealed"))
    except (ValueError, AttributeError):
        return False


def _missing_seal(close: AuditEntry, names: dict[str, str]) -> str:
    who = names.get(close.actor_id, close.actor)
    return (f"Entry {close.seq} closed a session of {who} whose signed seal is missing: "
            "entries of that session may have been rewritten or removed.")


def _check_seal(entry: AuditEntry, close: AuditEntry | None, vault_id: str,
                keys: dict[str, set[str]], names: dict[str, str]) -> str | None:
    who = names.get(entry.actor_id, entry.actor)
    try:
        detail = json.loads(entry.detail)
        seq, mac, key, sig = (int(detail["seq"]), str(detail["mac"]), str(detail["key"]),
                              bytes.fromhex(str(detail["sig"])))
    except (ValueError, KeyError, TypeError, AttributeError):
        return f"Entry {entry.seq}, the seal of a session of {who}, is unreadable."
    if close is None or close.seq != seq or close.seq != entry.seq - 1:
        return (f"Entry {entry.seq} seals entry {seq}, which is not the session close just "
                "before it: entries were moved or removed.")
    if close.actor_id != entry.actor_id:
        return f"Entry {entry.seq} seals a session of another account."
    if key not in keys.get(entry.actor_id, set()):
        return (f"Entry {entry.seq} is signed with a key that {who} never had: the log was "
                "rewritten in their name.")
    if close.mac.hex() != mac or not verify_signature(
            key, seal_message(vault_id, seq, mac), sig):
        return (f"The signed seal of {who}'s session (entry {entry.seq}) does not match the "
                f"log: entries up to {seq} were rewritten or removed.")
    return None
