"""Intents: no security change in vault.json is left unaudited by a crash.

vault.json and the registry cannot be written in one atomic step. A change to vault.json
(a grant, a disable, a rotation, a new slot) is therefore saved together with an *intent*
that names the audit entry it owes, in the same atomic write. The entry is then written
in a registry transaction that also marks the intent done. Whatever instant the process
dies, either the change is not in vault.json at all, or its intent is there with it; the
next sign-in (`reconcile`) writes any entry still owed, flagged and marked as recovered,
and applies the registry half of the change that the crash cut off (a disabled user's
status). Marks of intents that vault.json no longer holds are then dropped.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

from app.core.audit import utc_now
from app.core.ids import new_id

if TYPE_CHECKING:
    from app.core.session import Session
    from app.core.vault_access import VaultAccess

_DONE = "intent.done."
ROTATE = "keys.rotate"


@dataclass(frozen=True)
class Intent:
    action: str
    actor_id: str
    actor: str
    role: str
    target: str | None = None
    detail: dict[str, Any] = field(default_factory=dict)
    id: str = field(default_factory=lambda: new_id())
    at: str = field(default_factory=utc_now)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Intent:
        def text(key: str) -> str:
            value = data.get(key)
            if not isinstance(value, str):
                raise ValueError(key)
            return value

        target, detail = data.get("target"), data.get("detail", {})
        if (target is not None and not isinstance(target, str)) or not isinstance(detail, dict):
            raise ValueError("target or detail")
        return cls(text("action"), text("actor_id"), text("actor"), text("role"), target,
                   detail, text("id"), text("at"))


def begin(vault: VaultAccess, session: Session | None, action: str, *,
          target: str | None = None, detail: dict[str, Any] | None = None,
          actor: tuple[str, str, str] | None = None) -> Intent:
    """Put an intent into vault.json (in memory; the caller's next save writes it together
    with the change). `actor` (id, name, role) stands in when no session exists yet."""
    if session is not None:
        actor = (session.user.user_id, session.user.name, session.user.role.value)
    assert actor is not None
    intent = Intent(action, *actor, target=target, detail=dict(detail or {}))
    vault.file.intents.append(intent.to_json())
    if session is None:
        vault.intents_in_flight.add(intent.id)
    return intent


def complete(session: Session, intent: Intent, *, flagged: bool = False) -> None:
    """Write the entry the intent owes and mark it done, in one registry transaction.
    The intent leaves vault.json with its next save."""
    with session.transaction() as conn:
        session.record(intent.action, target=intent.target, detail=intent.detail,
                       flagged=flagged)
        conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)",
                     (_DONE + intent.id, utc_now()))
    vf = session.vault.file
    vf.intents = [i for i in vf.intents if i.get("id") != intent.id]
    session.vault.intents_in_flight.discard(intent.id)


def reconcile(session: Session) -> int:
    """At sign-in: write every entry a crash left owed. Returns how many were written."""
    vault = session.vault
    vf = vault.file
    conn = session.conn
    done = {str(row[0])[len(_DONE):] for row in conn.execute(
        "SELECT key FROM meta WHERE key >= ? AND key < ?", (_DONE, _DONE + "\uffff"))}
    keep: list[dict[str, Any]] = []
    written = 0
    with session.transaction():
        for raw in vf.intents:
            try:
                intent = Intent.from_json(raw)
            except ValueError:
                session.record("intent.unreadable", flagged=True)
                continue
            if intent.id in done:
                continue
            if intent.id in vault.intents_in_flight:
                keep.append(raw)  # this process is about to complete it itself
                continue
            action = _outcome(vault, intent)
            if action is None:
                keep.append(raw)  # only a holder of that key can tell yet
                continue
            _apply_registry_half(session, intent)
            _reseal_after_reset(session, intent)
            session.audit.append(
                actor_id=intent.actor_id, actor=intent.actor, role=intent.role,
                action=action, target=intent.target, flagged=True,
                detail={**intent.detail, "recovered": True, "intended_at": intent.at,
                        "recorded_by": session.user.user_id})
            conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)",
                         (_DONE + intent.id, utc_now()))
            written += 1
    if keep != vf.intents:
        vf.intents = keep
        vault.save()
    # Only now is it safe to forget marks: vault.json on disk no longer holds their ids.
    kept_ids = {i.get("id") for i in keep}
    stale = [_DONE + i for i in done if i not in kept_ids]
    if stale:
        with session.transaction() as tx:
            tx.executemany("DELETE FROM meta WHERE key = ?", [(k,) for k in stale])
    return written


def _outcome(vault: VaultAccess, intent: Intent) -> str | None:
    """The entry to write for an intent found after a crash, or None to wait."""
    if intent.action != ROTATE:
        return intent.action  # the change is in vault.json, as its intent is
    info = vault.file.compartments.get(str(intent.target))
    version = intent.detail.get("version")
    if info is None or not isinstance(version, int):
        return "keys.rotate.unknown"
    if info.pending_version == version:
        return None  # the file may be at either key; a key holder's sign-in settles it
    return ROTATE if info.key_version >= version else "keys.rotate.abandoned"


def _reseal_after_reset(session: Session, intent: Intent) -> None:
    """A reset that died after saving the new slot but before sealing the keys to it left
    the person with no key at all (locked out until reset again): seal the registry key
    to their new recipient and put their other keys back to pending grants, as the reset
    would have. vault.json is saved by `reconcile` with the intent's removal."""
    if intent.action != "user.reset_password" or not intent.target:
        return
    from app.core.grants import request_or_seal
    from app.core.roles import Role, may_hold

    vf = session.vault.file
    user = vf.user_by_id(intent.target)
    row = session.conn.execute("SELECT role FROM users WHERE id = ?",
                               (intent.target,)).fetchone()
    if user is None or row is None:
        return
    held = {s.compartment for s in vf.sealed if s.user_id == user.user_id}
    for compartment in vf.compartments:
        if compartment not in held and may_hold(Role(row[0]), compartment):
            request_or_seal(session, user, compartment)


def _apply_registry_half(session: Session, intent: Intent) -> None:
    if intent.action == "user.disable" and intent.target:
        session.conn.execute("UPDATE users SET status = 'disabled' WHERE id = ?",
                             (intent.target,))
    until = intent.detail.get("temporary_until")
    if intent.action == "user.reset_password" and intent.target and isinstance(until, str):
        # The reset's new password is known to whoever set it: temporary, as planned.
        from app.core.temporary_passwords import mark_temporary

        mark_temporary(session.conn, intent.target, until)
    to = intent.detail.get("to")
    if intent.action == "user.role_change" and intent.target and isinstance(to, str):
        # vault.json already holds the keys of the new role: the registry follows it.
        from app.core.roles import ASSIGNABLE_ROLES

        if to in {r.value for r in ASSIGNABLE_ROLES}:
            session.conn.execute("UPDATE users SET role = ? WHERE id = ?",
                                 (to, intent.target))
