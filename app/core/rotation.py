"""Compartment key rotation: a fresh key, `PRAGMA rekey`, resealed to the remaining holders.

Order matters for crash safety: the new key is sealed to every holder and saved in
vault.json *before* the database is rekeyed, so whatever instant the process dies, some
sealed key opens the file. Opening a vault finishes an interrupted rotation.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from app.core import faults, intents
from app.core.database import key_literal
from app.core.errors import UsageError
from app.core.messages import message, word
from app.core.progress import FINAL, ProgressCallback, no_progress
from app.core.roles import Operation
from app.core.sealing import seal
from app.core.session import Session
from app.core.vault_file import SealedKey, VaultFile

_OPERATION = {"registry": Operation.KEYS_ROTATE_REGISTRY,
              "clinical": Operation.KEYS_ROTATE_CLINICAL}
COMPARTMENTS = tuple(_OPERATION)


@dataclass(frozen=True)
class RotationRight:
    """May the acting user rotate one compartment's key, and if not, why not."""

    compartment: str
    allowed: bool    # the role may rotate this key (the permission matrix)
    holds_key: bool  # and the session holds it (a new key is sealed with the old one)

    @property
    def may(self) -> bool:
        return self.allowed and self.holds_key


def rotation_rights(session: Session) -> dict[str, RotationRight]:
    """Who may rotate which key, for the rotation page, the offer after disabling a user
    and `medvault user disable --rotate`: the same rule `rotate_key` enforces."""
    return {c: RotationRight(c, session.allowed(op), session.holds(c))
            for c, op in _OPERATION.items()}


def rotate_key(session: Session, compartment: str, *,
               progress: ProgressCallback = no_progress) -> int:
    """Rekey `compartment`; returns the new key version.

    `progress` is called once, with `FINAL`, just before anything changes: the last moment
    it may stop the rotation. `PRAGMA rekey` itself rewrites every page in one call and
    cannot be interrupted or report how far it got."""
    if compartment not in _OPERATION:
        raise UsageError("Choose --compartment clinical or --compartment registry.")
    session.require(_OPERATION[compartment], target=compartment)
    if not rotation_rights(session)[compartment].holds_key:
        raise session.refuse(
            _OPERATION[compartment],
            message("rotation.no_key", compartment=word("compartment", compartment)),
            why="no_key", target=compartment)
    vault = session.vault
    vf = vault.file
    info = vf.compartments[compartment]
    progress(0, 0, FINAL)
    new_version = _next_version(vf, compartment)
    new_key = bytearray(secrets.token_bytes(32))
    holders = [u for u in vf.users
               if u.status == "active" and u.user_id in vf.holders(compartment)]
    # Saved with the pending key: if we die anywhere from here on, the next sign-in of a
    # key holder settles the compartment and writes the entry this intent owes.
    intent = intents.begin(vault, session, intents.ROTATE, target=compartment,
                           detail={"version": new_version, "holders": len(holders)})
    info.pending_version = new_version
    vf.sealed = [s for s in vf.sealed
                 if not (s.compartment == compartment and s.key_version == new_version)]
    vf.sealed += [SealedKey(u.user_id, compartment, new_version, seal(bytes(new_key),
                                                                      u.recipient))
                  for u in holders]
    vault.save()
    schema = "main" if compartment == "registry" else "clinical"
    faults.point("rekey:begin")
    session.conn.execute(f'PRAGMA {schema}.rekey = "{key_literal(new_key)}"')
    faults.point("rekey:done")
    old_version = info.key_version
    info.key_version, info.pending_version = new_version, None
    vf.sealed = [s for s in vf.sealed
                 if not (s.compartment == compartment and s.key_version == old_version)]
    vault.save()
    session.replace_key(compartment, new_key)
    intents.complete(session, intent)
    return new_version


def _next_version(vf: VaultFile, compartment: str) -> int:
    """Never reuse a version number, not even one an interrupted rotation left behind in
    an intent: its entry must say how *that* rotation ended."""
    used = [vf.compartments[compartment].key_version]
    used += [s.key_version for s in vf.sealed if s.compartment == compartment]
    used += [int(i["detail"]["version"]) for i in vf.intents
             if i.get("action") == intents.ROTATE and i.get("target") == compartment
             and isinstance(i.get("detail", {}).get("version"), int)]
    return max(used) + 1
