"""`vault.json`: the unencrypted index of a vault (users' public keys, slots, sealed keys).

It holds nothing secret in the clear: slots and sealed keys are ciphertext, and user names
are staff log-in names, not health data. A SHA-256 checksum over the canonical content lets
a damaged file be told apart from a wrong password.
"""

from __future__ import annotations

import base64
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from app.core.atomic import atomic_write_bytes
from app.core.errors import VaultDamaged, VaultNotFound
from app.core.keyslots import KeySlot
from app.core.signing import UserIdentity, is_public_key

FORMAT = "medvault-vault"
FORMAT_VERSION = 1
VAULT_FILE = "vault.json"
MAX_VAULT_FILE_BYTES = 16 * 1024 * 1024
VaultKind = Literal["practice", "personal"]
UserStatus = Literal["active", "disabled"]
COMPARTMENTS = ("registry", "clinical")
# The SQLCipher file of each compartment, inside the vault folder.
COMPARTMENT_FILES = {"registry": "registry.db", "clinical": "clinical.db"}
MAX_RETIRED_KEYS = 32
# Evidence heads, backup folders and export files remembered (oldest dropped first).
MAX_KNOWN_PLACES = 64

# The SQLCipher settings every compartment must report on open; anything else is refused.
CIPHER_SETTINGS = {"cipher": "sqlcipher", "major_version": 4, "page_size": 4096,
                   "hmac_algorithm": "HMAC_SHA512"}


@dataclass
class VaultUser:
    user_id: str
    name: str
    recipient: str
    status: UserStatus = "active"
    # Public hint so the unlock screen can show the code field; the slot stays authoritative.
    totp: bool = False
    # Public Ed25519 key (hex); its private half is in the user's slot contents. None only
    # for a user who has not signed in since signing keys were introduced.
    signing_key: str | None = None
    # Earlier public keys (after a password reset or a recovery made a new one), so what
    # the user signed before stays checkable.
    retired_signing_keys: list[str] = field(default_factory=list)

    def identity(self) -> UserIdentity | None:
        if self.signing_key is None:
            return None
        return UserIdentity(self.user_id, self.name, self.recipient, self.signing_key)

    def signing_keys(self) -> list[str]:
        """Every public key this user has signed with, newest first."""
        return [*([self.signing_key] if self.signing_key else []),
                *reversed(self.retired_signing_keys)]

    def replace_signing_key(self, public: str) -> None:
        if self.signing_key and self.signing_key != public:
            self.retired_signing_keys = [*self.retired_signing_keys,
                                         self.signing_key][-MAX_RETIRED_KEYS:]
        self.signing_key = public


@dataclass
class SealedKey:
    user_id: str
    compartment: str
    key_version: int
    sealed: bytes


@dataclass
class PendingGrant:
    user_id: str
    compartment: str
    requested_by: str
    requested_at: str


@dataclass
class CompartmentInfo:
    file: str
    key_version: int
    # Set while a rotation is under way: the new key is sealed before the database is
    # rekeyed, so a crash between the two never loses the key that opens the file.
    pending_version: int | None = None


@dataclass
class VaultFile:
    vault_id: str
    kind: VaultKind
    name: str
    created: str
    compartments: dict[str, CompartmentInfo]
    users: list[VaultUser] = field(default_factory=list)
    slots: list[KeySlot] = field(default_factory=list)
    sealed: list[SealedKey] = field(default_factory=list)
    grants: list[PendingGrant] = field(default_factory=list)
    audit_head: dict[str, Any] | None = None
    # Heads that the log no longer extended when a session checked them (see audit_heads).
    audit_evidence: list[dict[str, Any]] = field(default_factory=list)
    # Where backups and audit exports were written, so verification can read their heads.
    backup_dirs: list[str] = field(default_factory=list)
    head_files: list[str] = field(default_factory=list)
    # Audit entries owed by changes saved here (see intents.py).
    intents: list[dict[str, Any]] = field(default_factory=list)
    # Counts every save. The registry remembers the highest it saw, so an older copy of
    # this file put back (which could restore a removed user's slot) is refused.
    generation: int = 0

    # -- lookups ---------------------------------------------------------------------
    def user_by_name(self, name: str) -> VaultUser | None:
        wanted = name.casefold()
        return next((u for u in self.users if u.name.casefold() == wanted), None)

    def user_by_id(self, user_id: str) -> VaultUser | None:
        return next((u for u in self.users if u.user_id == user_id), None)

    def identity_of(self, user_id: str) -> UserIdentity | None:
        """A user's public identity (age recipient + signing key), None before they have a
        signing key."""
        user = self.user_by_id(user_id)
        return None if user is None else user.identity()

    def slots_for(self, user_id: str, kind: str = "password") -> list[KeySlot]:
        return [s for s in self.slots if s.user_id == user_id and s.kind == kind]

    def sealed_for(self, user_id: str, compartment: str, version: int) -> SealedKey | None:
        return next(
            (s for s in self.sealed
             if s.user_id == user_id and s.compartment == compartment
             and s.key_version == version),
            None,
        )

    def holders(self, compartment: str) -> list[str]:
        version = self.compartments[compartment].key_version
        return [s.user_id for s in self.sealed
                if s.compartment == compartment and s.key_version == version]

    # -- serialisation ---------------------------------------------------------------
    def to_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "vault_id": self.vault_id,
            "kind": self.kind,
            "name": self.name,
            "created": self.created,
            "cipher": CIPHER_SETTINGS,
            "compartments": {
                name: {"file": c.file, "key_version": c.key_version,
                       "pending_version": c.pending_version}
                for name, c in self.compartments.items()
            },
            "users": [
                {"user_id": u.user_id, "name": u.name, "recipient": u.recipient,
                 "status": u.status, "totp": u.totp, "signing_key": u.signing_key,
                 "retired_signing_keys": u.retired_signing_keys}
                for u in self.users
            ],
            "slots": [s.to_json() for s in self.slots],
            "sealed": [
                {"user_id": s.user_id, "compartment": s.compartment,
                 "key_version": s.key_version,
                 "sealed": base64.b64encode(s.sealed).decode()}
                for s in self.sealed
            ],
            "grants": [
                {"user_id": g.user_id, "compartment": g.compartment,
                 "requested_by": g.requested_by, "requested_at": g.requested_at}
                for g in self.grants
            ],
            "audit_head": self.audit_head,
            "audit_evidence": self.audit_evidence,
            "backup_dirs": self.backup_dirs,
            "head_files": self.head_files,
            "intents": self.intents,
            "generation": self.generation,
        }

    def to_bytes(self) -> bytes:
        body = self.to_json()
        body["checksum"] = _checksum(body)
        return (json.dumps(body, indent=2, sort_keys=True) + "\n").encode()

    def save(self, directory: Path) -> None:
        self.generation += 1
        atomic_write_bytes(directory / VAULT_FILE, self.to_bytes())

    @classmethod
    def load(cls, directory: Path) -> VaultFile:
        path = directory / VAULT_FILE
        if not path.is_file() and any((directory / name).exists()
                                      for name in ("registry.db", "clinical.db")):
            # The databases are here, so this is a vault that lost its index, not an empty
            # folder: "create one with init" would be the wrong advice.
            raise VaultDamaged(
                f"The vault at {directory} has lost {VAULT_FILE}, the index that holds "
                "everyone's key slots; its databases are still there but cannot be opened "
                "without it. Do not create a new vault here. Restore from a backup "
                "(medvault restore BACKUP --to FOLDER --replace keeps this folder aside).")
        if not path.is_file():
            raise VaultNotFound(
                f"No MedVault vault at {directory}: {VAULT_FILE} is missing. "
                "Check the path, or create a vault with `medvault init`."
            )
        if path.stat().st_size > MAX_VAULT_FILE_BYTES:
            raise VaultDamaged(f"{path} is far too large to be a vault index; it is damaged.")
        return cls.parse(path.read_bytes())

    @classmethod
    def parse(cls, data: bytes) -> VaultFile:
        """Parse and validate. Any problem at all is reported as VaultDamaged."""
        try:
            body = json.loads(data.decode("utf-8"))
        except (UnicodeDecodeError, ValueError, RecursionError) as exc:
            raise _damaged("it is not valid JSON") from exc
        if not isinstance(body, dict):
            raise _damaged("it is not a JSON object")
        checksum = body.pop("checksum", None)
        if body.get("format") != FORMAT:
            raise _damaged("it is not a MedVault vault index")
        if body.get("format_version") != FORMAT_VERSION:
            raise VaultDamaged(
                f"This vault uses format version {body.get('format_version')!r}; this "
                f"MedVault reads version {FORMAT_VERSION}. Install the matching MedVault."
            )
        try:
            if checksum != _checksum(body):
                raise _damaged("its checksum does not match its contents")
        except (TypeError, ValueError) as exc:
            raise _damaged("its contents cannot be checksummed") from exc
        try:
            return cls._from_body(body)
        except VaultDamaged:
            raise
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise _damaged("a field is missing or has the wrong type") from exc

    @classmethod
    def _from_body(cls, body: dict[str, Any]) -> VaultFile:
        if body["cipher"] != CIPHER_SETTINGS:
            raise _damaged("its cipher settings are not SQLCipher 4 defaults")
        kind = body["kind"]
        if kind not in ("practice", "personal"):
            raise _damaged("its vault kind is unknown")
        compartments = {
            name: CompartmentInfo(
                file=_str(c["file"]), key_version=_int(c["key_version"]),
                pending_version=None if c["pending_version"] is None
                else _int(c["pending_version"]),
            )
            for name, c in body["compartments"].items()
        }
        if sorted(compartments) != sorted(COMPARTMENTS):
            raise _damaged("its compartments are not registry and clinical")
        for info in compartments.values():
            if "/" in info.file or "\\" in info.file or info.file.startswith("."):
                raise _damaged("a compartment file name is not a plain name")
        users = []
        for u in body["users"]:
            status = u["status"]
            if status not in ("active", "disabled"):
                raise _damaged("a user has an unknown status")
            signing = u.get("signing_key")
            retired = u.get("retired_signing_keys", [])
            if signing is not None and not is_public_key(signing):
                raise _damaged("a user's signing key is not an Ed25519 public key")
            if (not isinstance(retired, list) or len(retired) > MAX_RETIRED_KEYS
                    or not all(is_public_key(k) for k in retired)):
                raise _damaged("a user's earlier signing keys are unreadable")
            users.append(VaultUser(_str(u["user_id"]), _str(u["name"]),
                                   _str(u["recipient"]), status, _bool(u["totp"]),
                                   signing, list(retired)))
        sealed = [
            SealedKey(_str(s["user_id"]), _str(s["compartment"]), _int(s["key_version"]),
                      base64.b64decode(_str(s["sealed"]), validate=True))
            for s in body["sealed"]
        ]
        grants = [
            PendingGrant(_str(g["user_id"]), _str(g["compartment"]),
                         _str(g["requested_by"]), _str(g["requested_at"]))
            for g in body["grants"]
        ]
        head = body.get("audit_head")
        if head is not None and not isinstance(head, dict):
            raise _damaged("its audit head is not an object")
        evidence = body.get("audit_evidence", [])
        if (not isinstance(evidence, list) or len(evidence) > MAX_KNOWN_PLACES
                or not all(isinstance(e, dict) for e in evidence)):
            raise _damaged("its kept audit evidence is unreadable")
        intents = body.get("intents", [])
        if (not isinstance(intents, list) or len(intents) > MAX_KNOWN_PLACES
                or not all(isinstance(i, dict) for i in intents)):
            raise _damaged("its list of unfinished changes is unreadable")
        places = {key: body.get(key, []) for key in ("backup_dirs", "head_files")}
        for value in places.values():
            if (not isinstance(value, list) or len(value) > MAX_KNOWN_PLACES
                    or not all(isinstance(v, str) and len(v) < 4096 for v in value)):
                raise _damaged("its list of backup and export places is unreadable")
        return cls(
            vault_id=_str(body["vault_id"]),
            kind=kind,
            name=_str(body["name"]),
            created=_str(body["created"]),
            compartments=compartments,
            users=users,
            slots=[KeySlot.from_json(s) for s in body["slots"]],
            sealed=sealed,
            grants=grants,
            audit_head=head,
            audit_evidence=evidence,
            backup_dirs=places["backup_dirs"],
            head_files=places["head_files"],
            intents=intents,
            generation=_int(body.get("generation", 0)),
        )


def _checksum(body: dict[str, Any]) -> str:
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


def _damaged(why: str) -> VaultDamaged:
    return VaultDamaged(
        f"The vault index ({VAULT_FILE}) is damaged: {why}. Restore the vault from a backup "
        "(medvault restore), or ask your IT support for help."
    )


def _str(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError("expected a string")
    return value


def _bool(value: Any) -> bool:
    if not isinstance(value, bool):
        raise TypeError("expected true or false")
    return value


def _int(value: Any) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise TypeError("expected an integer")
    return value
