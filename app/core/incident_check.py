"""Check a MedVault incident evidence package, independently of MedVault.

This file runs on its own: Python 3.10 or later and its standard library, plus the
`cryptography` package for the Ed25519 signatures (without it, the signatures are reported
as not checked and the result is not "verified"). MedVault uses the same code for
`medvault incident verify`; a third party can run this copy, or their own reading of
docs/incident.md, without trusting MedVault's program.

    age -d -i KEY.txt incident.age > incident.zip      (or: age -d incident.age, passphrase)
    python3 incident_check.py incident.zip

Exit 0: verified; 1: a check failed (what failed is printed); 2: not readable as a package.

What it checks, in this order (nothing is parsed before its hash is checked):
1. `manifest.json` is signed (`manifest.sig`, Ed25519) by the key it names as the
   exporter's (compare that key's fingerprint with the vault's owner by phone);
2. every other file is listed in the manifest with its size and SHA-256, and nothing else
   is in the package;
3. `audit.jsonl` is a contiguous run of the vault's audit chain: each entry's MAC
   (keyed BLAKE2b-256 under the chain key in the manifest, over the previous MAC and the
   entry's fields) is recomputed from the MAC before it, starting at the manifest's
   `prev_mac`; the entries just outside the window are included, so the window is shown
   complete: the entry before it is older than `from`, the one after it newer than `to`;
4. every session seal inside (`audit.seal`) is a valid Ed25519 signature by the sealing
   user's own key (`keys.json`) over the vault id, the closing entry's number and MAC.
   A seal cannot be made with the chain key alone;
5. the head at export follows the slice, and any head you hold from elsewhere (a backup's
   backup.json, an earlier export) can be compared with `saved_heads`.
"""

from __future__ import annotations

import hashlib
import hmac
import io
import json
import stat
import sys
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

FORMAT = "medvault-incident/1"
SIGNATURE_CONTEXT = b"MedVault incident v1\n"
SEAL_CONTEXT = b"medvault audit seal v1\x00"
SEPARATOR = "\x1f"
GENESIS = "00" * 32

#: Bounds on what is read back (the package may come from anyone).
MEMBERS = ("manifest.json", "manifest.sig", "audit.jsonl", "keys.json", "patients.json",
           "flags.json", "worksheet.json", "worksheet.txt", "README.txt",
           "incident_check.py")
MAX_ENTRIES = 500_000
MAX_LINE_BYTES = 64 * 1024
MAX_JSON_BYTES = 64 * 1024 * 1024
MAX_MEMBER_BYTES = 512 * 1024 * 1024
MAX_TOTAL_BYTES = 1024 * 1024 * 1024
MAX_RATIO = 100
MAX_DEPTH = 32


class Unreadable(ValueError):
    """Not a package this checker can read (malformed, oversized, unknown members)."""


@dataclass
class CheckResult:
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    entries: int = 0
    seals: int = 0
    signatures_checked: bool = False

    @property
    def verified(self) -> bool:
        return not self.problems and self.signatures_checked


# -- strict reading ----------------------------------------------------------------------
def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise Unreadable(f"duplicate key {key!r}")
        out[key] = value
    return out


def _no_constant(text: str) -> Any:
    raise Unreadable(f"{text} is not allowed")


def _depth(value: Any, level: int = 0) -> None:
    if level > MAX_DEPTH:
        raise Unreadable("nested too deeply")
    if isinstance(value, dict):
        for item in value.values():
            _depth(item, level + 1)
    elif isinstance(value, list):
        for item in value:
            _depth(item, level + 1)


def strict_json(data: bytes, what: str, limit: int = MAX_JSON_BYTES) -> Any:
    if len(data) > limit:
        raise Unreadable(f"{what} is larger than {limit} bytes")
    # Bracket count first: the parser recurses, so a deep document must never reach it.
    depth = deepest = 0
    in_string = escaped = False
    for byte in data:
        if in_string:
            if escaped:
                escaped = False
            elif byte == 0x5C:
                escaped = True
            elif byte == 0x22:
                in_string = False
        elif byte == 0x22:
            in_string = True
        elif byte in (0x5B, 0x7B):
            depth += 1
            deepest = max(deepest, depth)
            if deepest > MAX_DEPTH:
                raise Unreadable(f"{what} is nested too deeply")
        elif byte in (0x5D, 0x7D):
            depth -= 1
    try:
        value = json.loads(data.decode("utf-8"), object_pairs_hook=_no_duplicates,
                           parse_constant=_no_constant)
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        raise Unreadable(f"{what} is not valid JSON ({exc})") from None
    _depth(value)
    return value


def read_zip(data: bytes) -> dict[str, bytes]:
    """The package's members, bounded: known names only, no links, sizes and ratio capped."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise Unreadable(f"not a zip archive ({exc})") from None
    if len(infos) > len(MEMBERS):
        raise Unreadable("more members than a package has")
    members: dict[str, bytes] = {}
    total = 0
    for info in infos:
        name = info.filename
        if name not in MEMBERS or name in members:
            raise Unreadable(f"unexpected or repeated member {name!r}")
        mode = info.external_attr >> 16
        # Unix-made members carry a file type: anything but a regular file (a symlink,
        # a device) is refused; bare permission bits (Python's writestr) are a file.
        if info.create_system == 3 and stat.S_IFMT(mode) and not stat.S_ISREG(mode):
            raise Unreadable(f"{name} is not a regular file")
        if info.flag_bits & 0x1 or info.compress_type not in (zipfile.ZIP_STORED,
                                                               zipfile.ZIP_DEFLATED):
            raise Unreadable(f"{name} uses an unsupported encryption or compression")
        total += info.file_size
        if info.file_size > MAX_MEMBER_BYTES or total > MAX_TOTAL_BYTES:
            raise Unreadable(f"{name} is too large")
        if info.file_size > 1024 * 1024 and info.file_size > MAX_RATIO * max(
                1, info.compress_size):
            raise Unreadable(f"{name} is compressed more than {MAX_RATIO}:1")
        try:
            with archive.open(info) as handle:
                content = handle.read(info.file_size + 1)
        except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
            raise Unreadable(f"{name} is damaged ({exc})") from None
        if len(content) != info.file_size:
            raise Unreadable(f"{name} is not the size it claims")
        members[name] = content
    return members


# -- the checks ----------------------------------------------------------------------------
def _ed25519() -> Callable[[str, bytes, bytes], bool] | None:
    try:
        from cryptography.exceptions import InvalidSignature
        from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
    except ImportError:
        return None

    def verify(public_hex: str, message: bytes, signature: bytes) -> bool:
        try:
            key = Ed25519PublicKey.from_public_bytes(bytes.fromhex(public_hex))
            key.verify(signature, message)
        except (InvalidSignature, ValueError, TypeError):
            return False
        return True

    return verify


def entry_mac(key: bytes, prev: bytes, e: dict[str, Any]) -> bytes:
    """MedVault's audit MAC: BLAKE2b-256 keyed with the chain key, over the previous MAC
    followed by the fields joined with U+001F (which no field contains)."""
    fields = (str(e["seq"]), e["ts"], e["actor_id"], e["actor"], e["role"], e["action"],
              e["patient_id"] or "", e["target"] or "", e["reason"] or "",
              "1" if e["flagged"] else "0", e["detail"])
    return hashlib.blake2b(prev + SEPARATOR.join(fields).encode(), key=key,
                           digest_size=32).digest()


_ENTRY_FIELDS: dict[str, tuple[type, ...]] = {
    "seq": (int,), "ts": (str,), "actor_id": (str,), "actor": (str,), "role": (str,),
    "action": (str,), "patient_id": (str, type(None)), "target": (str, type(None)),
    "reason": (str, type(None)), "flagged": (bool,), "detail": (str,), "mac": (str,)}


def _entries(data: bytes, limit: int) -> list[dict[str, Any]]:
    lines = data.split(b"\n")
    if lines and lines[-1] == b"":
        lines.pop()
    if len(lines) > limit:
        raise Unreadable(f"audit.jsonl holds more than {limit} entries")
    out = []
    for number, line in enumerate(lines, start=1):
        entry = strict_json(line, f"audit.jsonl line {number}", MAX_LINE_BYTES)
        if not isinstance(entry, dict) or set(entry) != set(_ENTRY_FIELDS) or any(
                not isinstance(entry[k], t) or (k == "seq" and isinstance(entry[k], bool))
                for k, t in _ENTRY_FIELDS.items()):
            raise Unreadable(f"audit.jsonl line {number} is not an audit entry")
        out.append(entry)
    return out


def _hex(value: Any, size: int) -> bytes:
    if not isinstance(value, str) or len(value) != 2 * size:
        raise Unreadable("a MAC or key in the manifest is malformed")
    try:
        return bytes.fromhex(value)
    except ValueError:
        raise Unreadable("a MAC or key in the manifest is malformed") from None


def check(members: dict[str, bytes]) -> CheckResult:
    """Every check above over the package's members (already bounded by `read_zip` or by
    MedVault's reader). Raises Unreadable for what is not a package at all."""
    result = CheckResult()
    if "manifest.json" not in members or "manifest.sig" not in members:
        raise Unreadable("no manifest.json or manifest.sig: not an incident package")
    raw = members["manifest.json"]
    manifest = strict_json(raw, "manifest.json", 16 * 1024 * 1024)
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise Unreadable(f"the manifest is not a {FORMAT} manifest")
    exporter = manifest.get("exported_by")
    files = manifest.get("files")
    audit = manifest.get("audit")
    if not isinstance(exporter, dict) or not isinstance(files, dict) \
            or not isinstance(audit, dict):
        raise Unreadable("the manifest is malformed")
    verify = _ed25519()
    if verify is None:
        result.notes.append("Signatures were NOT checked: install the Python package "
                            "'cryptography' and run this again.")
    else:
        result.signatures_checked = True
        if not verify(str(exporter.get("signing_key")), SIGNATURE_CONTEXT + raw,
                      members["manifest.sig"]):
            result.problems.append("The manifest's signature does not match: the package "
                                   "was changed after it was made, or not made by the key "
                                   "it names.")
            return result
    present = set(members) - {"manifest.json", "manifest.sig"}
    if set(files) != present:
        result.problems.append("The package's files differ from the manifest's list: "
                               f"missing {sorted(set(files) - present)}, extra "
                               f"{sorted(present - set(files))}.")
        return result
    for name, expected in files.items():
        data = members[name]
        if not isinstance(expected, dict) or expected.get("size") != len(data) or \
                expected.get("sha256") != hashlib.sha256(data).hexdigest():
            result.problems.append(f"{name} does not match the manifest's hash: it was "
                                   "changed after the package was made.")
    if result.problems:
        return result
    _check_chain(manifest, audit, members, result, verify)
    return result


def _check_chain(manifest: dict[str, Any], audit: dict[str, Any], members: dict[str, bytes],
                 result: CheckResult,
                 verify: Callable[[str, bytes, bytes], bool] | None) -> None:
    key = _hex(audit.get("key"), 32)
    prev = _hex(audit.get("prev_mac"), 32)
    count = audit.get("entries")
    if not isinstance(count, int) or isinstance(count, bool) or not 0 <= count <= MAX_ENTRIES:
        raise Unreadable("the manifest's entry count is malformed")
    entries = _entries(members.get("audit.jsonl", b""), MAX_ENTRIES + 2)
    window = manifest.get("window")
    if not isinstance(window, dict):
        raise Unreadable("the manifest has no window")
    start, end = str(window.get("from")), str(window.get("to"))
    first, last = audit.get("first_seq"), audit.get("last_seq")
    if not isinstance(first, int) or not isinstance(last, int) or isinstance(first, bool) \
            or isinstance(last, bool):
        raise Unreadable("the manifest's first and last entry numbers are malformed")
    result.entries = sum(1 for e in entries if first <= e["seq"] <= last)
    if count != last - first + 1:
        result.problems.append("The manifest's entry count does not match its first and "
                               "last entry numbers.")
    if result.entries != count:
        result.problems.append(f"The manifest announces {count} entries in the window; "
                               f"audit.jsonl holds {result.entries}.")
    expected_seq = entries[0]["seq"] if entries else None
    for entry in entries:
        if entry["seq"] != expected_seq:
            result.problems.append(f"Entry {expected_seq} is missing before entry "
                                   f"{entry['seq']}: the slice is not contiguous.")
            return
        stored = _hex(entry["mac"], 32)
        if not hmac.compare_digest(entry_mac(key, prev, entry), stored):
            result.problems.append(f"Entry {entry['seq']} does not match its MAC: it was "
                                   "changed, or an entry before it was removed.")
            return
        prev, expected_seq = stored, entry["seq"] + 1
    if not entries:
        result.problems.append("audit.jsonl holds no entries.")
        return
    if first > 1 and entries[0]["seq"] != first - 1:
        result.problems.append("The entry just before the window is missing, so the "
                               "window cannot be shown to start where it says.")
    if first == 1 and audit.get("prev_mac") != GENESIS:
        result.problems.append("The log's first entry must follow the genesis value.")
    head = audit.get("head_at_export")
    if isinstance(head, dict) and isinstance(head.get("seq"), int) and \
            head["seq"] > last and entries[-1]["seq"] != last + 1:
        result.problems.append("The entry just after the window is missing, so the window "
                               "cannot be shown to end where it says.")
    if entries:
        before, after = entries[0], entries[-1]
        if before["seq"] < first and not before["ts"] < start:
            result.problems.append("The entry before the window is not older than its "
                                   "start: the window was cut short.")
        if after["seq"] > last and not after["ts"] > end:
            result.problems.append("The entry after the window is not newer than its end: "
                                   "the window was cut short.")
        if isinstance(head, dict) and head.get("seq") == entries[-1]["seq"] and \
                head.get("mac") != entries[-1]["mac"]:
            result.problems.append("The head at export does not match the last entry.")
        if not isinstance(head, dict) or not isinstance(head.get("seq"), int) or \
                head["seq"] < entries[-1]["seq"]:
            result.problems.append("The head at export lies before the slice's end.")
    _check_seals(manifest, entries, members, result, verify)


def _check_seals(manifest: dict[str, Any], entries: list[dict[str, Any]],
                 members: dict[str, bytes], result: CheckResult,
                 verify: Callable[[str, bytes, bytes], bool] | None) -> None:
    keys = strict_json(members.get("keys.json", b"{}"), "keys.json")
    vault = manifest.get("vault")
    if not isinstance(keys, dict) or not isinstance(vault, dict):
        raise Unreadable("keys.json or the manifest's vault is malformed")
    by_seq = {e["seq"]: e for e in entries}
    for entry in entries:
        if entry["action"] != "audit.seal":
            continue
        try:
            detail = json.loads(entry["detail"])
            seq, mac = int(detail["seq"]), str(detail["mac"])
            public, sig = str(detail["key"]), bytes.fromhex(str(detail["sig"]))
        except (ValueError, KeyError, TypeError, AttributeError):
            result.problems.append(f"Seal entry {entry['seq']} is unreadable.")
            continue
        close = by_seq.get(seq)
        owned = keys.get(entry["actor_id"], [])
        if close is None or close["mac"] != mac or seq != entry["seq"] - 1:
            result.problems.append(f"Seal entry {entry['seq']} does not seal the entry "
                                   "before it.")
        elif not isinstance(owned, list) or public not in owned:
            result.problems.append(f"Seal entry {entry['seq']} is signed with a key that "
                                   f"{entry['actor']} never had.")
        elif verify is not None:
            message = SEAL_CONTEXT + f"{vault.get('id')}\x00{seq}\x00{mac}".encode()
            if verify(public, message, sig):
                result.seals += 1
            else:
                result.problems.append(f"The signature of seal entry {entry['seq']} "
                                       f"({entry['actor']}) does not verify.")


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print(__doc__)
        return 2
    try:
        with open(args[0], "rb") as handle:
            data = handle.read(MAX_TOTAL_BYTES + 1)
        if len(data) > MAX_TOTAL_BYTES:
            raise Unreadable("the file is larger than 1 GiB")
        result = check(read_zip(data))
    except (OSError, Unreadable) as exc:
        print(f"Not a readable incident package: {exc}")
        return 2
    for note in result.notes:
        print(note)
    for problem in result.problems:
        print(f"PROBLEM: {problem}")
    if result.problems:
        return 1
    print(f"Verified: {result.entries} audit entries in the window form an unbroken part "
          f"of the vault's chain; {result.seals} session seals verified; every file "
          "matches the signed manifest." if result.verified else
          "The hashes and the chain check out, but the signatures were not checked.")
    return 0 if result.verified else 1


if __name__ == "__main__":
    raise SystemExit(main())
