"""What a vault opened read-only may do, and what goes unrecorded when it does.

A vault on read-only media (a backup on a write-protected stick, a read-only mount) cannot
take an audit entry, a throttle record or a lock file. Refusing it outright left no way to
check such a copy in place. `OpenVault.open(..., allow_read_only=True)` opens it without
writing, and only where writing is really impossible (the lock file cannot be created): a
writable vault is never opened this way, so read-only mode cannot be used to skip the
audit log or the sign-in throttle.

The decision, kept here in one place:

- Allowed: checking the vault — `verify` (pages, integrity, audit chain, heads, slots) and
  `audit verify`. They read no patient data and change nothing.
- Refused (`ReadOnlyRefused`): everything else, including reading records. A chart read,
  search or export must be audited (DESIGN: every read appends an entry); on read-only
  media that entry cannot be written, so the read is not offered at all. Copying the
  folder somewhere writable and opening the copy records it there.
- Not recorded, and said so (`Session.not_recorded`, printed by the CLI): the sign-in,
  failed sign-ins (the existing throttle record is still obeyed, but a new failure cannot
  be counted), the use of a TOTP code (it could be used again until a writable sign-in),
  the check's result and any refusal. Only the actions in `UNRECORDED_ACTIONS` may go
  unrecorded; any other audit entry asked for in a read-only session raises, so nothing
  that must be audited can happen.
- Not repaired: an interrupted key rotation is settled in memory only, owed audit entries
  (intents), a signing key that differs from the slot's and half-added accounts wait for
  the next sign-in where the vault can be written. The saved-head check that raises the
  owner's alert also waits; `verify` compares every saved head itself.
"""

from __future__ import annotations

from app.core.errors import ReadOnlyRefused
from app.core.roles import Operation

#: The operations a read-only session may perform.
READ_ONLY_OPERATIONS = frozenset({Operation.VAULT_VERIFY, Operation.AUDIT_VERIFY})

#: The audit entries a read-only session may leave unwritten (listed in `not_recorded`).
UNRECORDED_ACTIONS = frozenset({
    "signin.success", "vault.verify", "audit.verify", "permission.denied",
    "restricted.denied",
})


def refused(operation: str) -> ReadOnlyRefused:
    return ReadOnlyRefused(
        f"This vault was opened read-only (its folder cannot be written), so {operation} "
        "is not possible: it would go unrecorded in the vault's audit log. Only `verify` "
        "and `audit verify` work in place. Copy the whole vault folder to a writable place "
        "and open the copy there.")
