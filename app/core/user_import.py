"""Adding a practice's staff from a CSV file: validated first, then all or nothing.

IT rolling MedVault out to a practice gets a spreadsheet of staff (name, full name, role,
email). `import_users` reads it under hard bounds (size, rows, field lengths, no control
characters, nothing a spreadsheet would run as a formula), checks every row against the
vault (names free and not confusable, roles that may be given here) and reports every
problem with its line before anything is written. Only a file without a single problem is
imported, in one registry transaction and one save of `vault.json`: a failure anywhere
(or a kill, see `OpenVault._drop_unfinished_users`) leaves no account behind.

Each account gets a random temporary password that must be replaced at the first sign-in
(`temporary_passwords.py` enforces that for every front end) and that expires unused. The
passwords reach whoever imports them once: on standard output, or written to a new file
that only the caller can read (`write_credentials_file`). They are never stored or logged.
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
import io
import os
import re
import secrets
import stat
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from app.core.atomic import fsync_dir
from app.core.audit import utc_now
from app.core.errors import UnsafeFile, UsageError
from app.core.grants import request_or_seal
from app.core.ids import new_id
from app.core.keyslots import SlotSecrets, seal_slot
from app.core.passwords import normalise_password
from app.core.progress import ProgressCallback, no_progress
from app.core.roles import ASSIGNABLE_ROLES, Operation, Role
from app.core.sealing import new_identity
from app.core.session import Session
from app.core.signing import SigningKey
from app.core.slot_rules import enforce_password
from app.core.temporary_passwords import (
    MAX_TEMPORARY_DAYS,
    TEMPORARY_DAYS,
    deadline,
    is_personal,
    mark_temporary,
)
from app.core.usernames import normalise_user_name, skeleton
from app.core.vault_file import VaultUser
from app.core.vault_settings import current_settings

# Bounds checked before any other work. A practice has tens of staff; ten practices a few
# hundred. Every account costs one Argon2 derivation (about 0.75 s), so the row cap also
# bounds how long an import may run (500 rows: about six minutes).
MAX_CSV_BYTES = 256 * 1024
MAX_ROWS = 500
MAX_FULL_NAME = 200
MAX_EMAIL = 254
MAX_PROBLEMS_SHOWN = 50
COLUMNS = ("name", "full_name", "role", "email")
REQUIRED_COLUMNS = ("name", "role")
# Roles an import may give: people, whose first password is temporary
# (temporary_passwords.is_personal says which and why).
IMPORTABLE_ROLES = tuple(r for r in ASSIGNABLE_ROLES if is_personal(r))

# Spreadsheets run a cell starting with these as a formula (CSV injection). Names come back
# out in the passwords file and in CSV exports, so they may not start with one.
_FORMULA_START = ("=", "+", "-", "@")
# Letters and digits nobody misreads on paper (no 0/o, 1/l/i).
_PASSWORD_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # noqa: S105 - an alphabet
_EMAIL = re.compile(r"[^@\s]{1,64}@[^@\s.]+(\.[^@\s.]+)+")


class ImportInvalid(UsageError):
    """The file has problems; nothing was imported. `problems` holds one line each."""

    def __init__(self, problems: Sequence[str]) -> None:
        self.problems = tuple(problems)
        shown = list(self.problems[:MAX_PROBLEMS_SHOWN])
        if len(self.problems) > MAX_PROBLEMS_SHOWN:
            shown.append(f"… and {len(self.problems) - MAX_PROBLEMS_SHOWN} more.")
        super().__init__("Nothing was imported; fix the file and run the import again:\n"
                         + "\n".join(f"  {p}" for p in shown))


@dataclass(frozen=True)
class ImportRow:
    line: int
    name: str
    full_name: str
    role: Role
    email: str


@dataclass(frozen=True)
class ImportedUser:
    """One account of an import: planned (dry run) or made. `temporary_password` is set
    only where the caller is to show it (never when it went to a file)."""

    name: str
    full_name: str
    role: Role
    email: str
    keys: dict[str, str]        # compartment -> "sealed" (now) or "pending" (approval)
    totp_pending: bool          # the vault or the machine policy wants TOTP for the role
    user_id: str | None = None
    temporary_password: str | None = field(default=None, repr=False)

    def to_json(self) -> dict[str, object]:
        data: dict[str, object] = {
            "name": self.name, "full_name": self.full_name, "role": self.role.value,
            "email": self.email, "keys": dict(self.keys), "totp_pending": self.totp_pending,
            "must_change_password": True}
        if self.user_id is not None:
            data["id"] = self.user_id
        if self.temporary_password is not None:
            data["temporary_password"] = self.temporary_password
        return data


@dataclass(frozen=True)
class ImportResult:
    import_id: str
    dry_run: bool
    users: tuple[ImportedUser, ...]
    expires: str                      # when unused temporary passwords stop working
    passwords_file: Path | None = None
    source_sha256: str = ""

    def to_json(self) -> dict[str, object]:
        return {"import_id": self.import_id, "dry_run": self.dry_run,
                "users": [u.to_json() for u in self.users], "expires": self.expires,
                "passwords_file": None if self.passwords_file is None
                else str(self.passwords_file),
                "source_sha256": self.source_sha256}


# -- reading the file -------------------------------------------------------------------

def _column_name(text: str) -> str:
    return text.strip().lower().replace(" ", "_").replace("-", "_")


def _bad_character(value: str) -> str | None:
    for ch in value:
        if unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp", "Cs", "Co"):
            return f"U+{ord(ch):04X}"
    return None


def parse_user_csv(data: bytes) -> list[ImportRow]:
    """The rows of a staff file, or ImportInvalid listing every problem with its line.

    Comma or semicolon separated (spreadsheets in German locales write semicolons), UTF-8
    with or without the byte-order mark Excel writes. The first line names the columns:
    `name` and `role` are required, `full_name` and `email` optional, in any order."""
    rows, problems = read_user_csv(data)
    if problems:
        raise ImportInvalid(problems)
    return rows


def read_user_csv(data: bytes) -> tuple[list[ImportRow], list[str]]:
    """The rows that read well and the problems of the rest (`parse_user_csv`)."""
    if len(data) > MAX_CSV_BYTES:
        raise ImportInvalid([f"The file is {len(data)} bytes; an import takes at most "
                             f"{MAX_CSV_BYTES // 1024} KiB ({MAX_ROWS} users). Split it."])
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        raise ImportInvalid([f"Line {line}: not UTF-8 text. Save the file as “CSV UTF-8” "
                             "and import it again."]) from None
    if "\x00" in text:
        raise ImportInvalid(["The file contains NUL characters: it is not a CSV text file."])
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    problems: list[str] = []
    rows: list[ImportRow] = []
    header: list[str] | None = None
    seen: dict[str, tuple[str, int]] = {}
    try:
        for record in reader:
            line = reader.line_num
            if header is None:
                header = [_column_name(c) for c in record]
                problems.extend(_header_problems(header))
                if problems:
                    break
                continue
            if not any(cell.strip() for cell in record):
                continue  # blank lines are common at the end of exported files
            if len(rows) + len(problems) >= MAX_ROWS:
                problems.append(f"More than {MAX_ROWS} users; split the file.")
                break
            row = _read_row(header, record, line, problems)
            if row is None:
                continue
            clash = seen.get(skeleton(row.name))
            if clash is not None:
                problems.append(f"Line {line}: the name {row.name!r} is the same as, or "
                                f"looks like, {clash[0]!r} on line {clash[1]}.")
                continue
            seen[skeleton(row.name)] = (row.name, line)
            rows.append(row)
    except csv.Error as exc:
        problems.append(f"Line {reader.line_num}: not valid CSV ({exc}). Check the quotes.")
    if header is None:
        problems.append("The file is empty. The first line names the columns: "
                        + ",".join(COLUMNS) + ".")
    elif not rows and not problems:
        problems.append("The file names its columns but lists no users.")
    return rows, problems


def _header_problems(header: list[str]) -> list[str]:
    problems = []
    unknown = [c for c in header if c not in COLUMNS]
    if unknown:
        problems.append(f"Line 1: unknown column {unknown[0]!r}. The columns are "
                        + ", ".join(COLUMNS) + " (name and role required).")
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        problems.append(f"Line 1: the column {missing[0]!r} is missing. The first line "
                        "names the columns, for example: " + ",".join(COLUMNS) + ".")
    doubled = sorted({c for c in header if header.count(c) > 1})
    if doubled:
        problems.append(f"Line 1: the column {doubled[0]!r} appears twice.")
    return problems


def _read_row(header: list[str], record: list[str], line: int,
              problems: list[str]) -> ImportRow | None:
    if len(record) != len(header):
        problems.append(f"Line {line}: {len(record)} fields, but the first line names "
                        f"{len(header)} columns.")
        return None
    cells = dict(zip(header, (cell.strip() for cell in record), strict=True))
    before = len(problems)
    for column, value in cells.items():
        bad = _bad_character(value)
        if bad is not None:
            problems.append(f"Line {line}: the {column} contains a control or invisible "
                            f"character ({bad}).")
        elif value.startswith(_FORMULA_START):
            problems.append(f"Line {line}: the {column} starts with {value[0]!r}, which "
                            "spreadsheets run as a formula. Remove it.")
    if len(problems) > before:
        return None
    name = cells.get("name", "")
    try:
        name = normalise_user_name(name)
    except UsageError as exc:
        problems.append(f"Line {line}: {exc}" if name else f"Line {line}: the name is empty.")
        return None
    role_text = cells.get("role", "").lower()
    role = next((r for r in Role if r.value == role_text), None)
    if role is None or role not in IMPORTABLE_ROLES:
        why = ("the emergency account is set up with `medvault user add`, so its password "
               "goes into the sealed envelope, not into a list"
               if role is Role.EMERGENCY else
               "the backup account is set up with `medvault user add --role backup`, its "
               "password straight into the backup service's credential file"
               if role is Role.BACKUP else
               "a vault has one owner" if role is Role.OWNER else
               f"{role_text!r} is not a role")
        problems.append(f"Line {line}: {why}. Roles an import may give: "
                        + ", ".join(r.value for r in IMPORTABLE_ROLES) + ".")
        return None
    full_name = " ".join(cells.get("full_name", "").split())
    if len(full_name) > MAX_FULL_NAME:
        problems.append(f"Line {line}: the full name is longer than {MAX_FULL_NAME} "
                        "characters.")
        return None
    email = cells.get("email", "")
    if len(email) > MAX_EMAIL or (email and not _EMAIL.fullmatch(email)):
        problems.append(f"Line {line}: {email[:80]!r} is not an email address "
                        "(name@example.org), or leave it empty.")
        return None
    return ImportRow(line, name, full_name, role, email)


# -- checking against the vault, and importing -------------------------------------------

def _plan(session: Session, rows: Sequence[ImportRow],
          problems: list[str]) -> list[ImportedUser]:
    vault = session.vault
    existing = {skeleton(u.name): u.name for u in vault.file.users}
    for row in rows:
        clash = existing.get(skeleton(row.name))
        if clash is not None:
            problems.append(f"Line {row.line}: there is already a user called {clash!r}"
                            + ("." if clash.casefold() == row.name.casefold()
                               else f", which {row.name!r} looks too much like."))
    if problems:
        raise ImportInvalid(sorted(problems, key=_line_of))
    totp_roles = current_settings(session).totp_required_roles
    compartments = list(vault.file.compartments)
    from app.core.roles import may_hold

    return [ImportedUser(
        name=row.name, full_name=row.full_name, role=row.role, email=row.email,
        keys={c: "sealed" if c == "registry" and session.holds("registry") else "pending"
              for c in compartments if may_hold(row.role, c)},
        totp_pending=row.role.value in totp_roles) for row in rows]


def _line_of(problem: str) -> int:
    """Problems sorted by the line they name (file-wide ones first)."""
    match = re.match(r"Line (\d+):", problem)
    return int(match.group(1)) if match else 0


def new_temporary_password(min_length: int) -> str:
    """Random groups of five unambiguous characters: about 24 bits per group, at least
    four groups (about 99 bits), more if the policy asks for longer passwords."""
    groups = max(4, -(-(min_length + 1) // 6))
    return "-".join("".join(secrets.choice(_PASSWORD_ALPHABET) for _ in range(5))
                    for _ in range(groups))


def import_users(session: Session, data: bytes, *, dry_run: bool = False,
                 passwords_file: Path | None = None, days: int = TEMPORARY_DAYS,
                 progress: ProgressCallback = no_progress) -> ImportResult:
    """Check the whole file, then (unless `dry_run`) add every account or none.

    With `passwords_file` the temporary passwords are written to that new file (mode
    0600, never replacing anything) before the import commits, and the file is removed if
    the import then fails; otherwise the result carries them for the caller to show once.
    """
    session.require(Operation.USER_IMPORT)
    from app.core.users import gains_accounts

    if not gains_accounts(session.vault.file.kind):
        raise UsageError("A personal vault has a single owner. Family members are added as "
                         "patients, not as users.")
    if not 1 <= days <= MAX_TEMPORARY_DAYS:
        raise UsageError(f"Temporary passwords last 1 to {MAX_TEMPORARY_DAYS} days.")
    digest = hashlib.sha256(data).hexdigest()
    rows, problems = read_user_csv(data)
    try:
        # Every problem at once: the file's own, and names the vault already has.
        planned = _plan(session, rows, problems)
    except ImportInvalid as exc:
        session.record("user.import.refused", flagged=True,
                       detail={"sha256": digest, "rows": len(rows),
                               "problems": len(exc.problems)})
        raise
    import_id = new_id()
    expires = deadline(days)
    if passwords_file is not None:
        check_new_secret_file(passwords_file)
    if dry_run:
        session.record("user.import", detail={"import": import_id, "dry_run": True,
                                              "users": len(planned), "sha256": digest})
        return ImportResult(import_id, True, tuple(planned), expires, None, digest)
    made = _add_all(session, planned, import_id=import_id, expires=expires, digest=digest,
                    passwords_file=passwords_file, progress=progress)
    return ImportResult(import_id, False, tuple(made), expires, passwords_file, digest)


def _add_all(session: Session, planned: list[ImportedUser], *, import_id: str, expires: str,
             digest: str, passwords_file: Path | None,
             progress: ProgressCallback) -> list[ImportedUser]:

    vault = session.vault
    vf = vault.file
    template = vault.slot_template()
    min_length = vault.policy.policy.min_password_length
    # Every account's slot is sealed first (the slow Argon2 part, which progress may
    # stop); nothing is written until all of them are ready.
    prepared = []
    for index, plan in enumerate(planned):
        progress(index, len(planned), "")
        password = new_temporary_password(min_length)
        enforce_password(password, vault.policy, plan.name, vf.name)
        user_id = new_id()
        identity, recipient = new_identity()
        signer = SigningKey.generate()
        slot = seal_slot(vault_id=vf.vault_id, user_id=user_id, kind="password",
                         secret=normalise_password(password),
                         contents=SlotSecrets(identity=identity, signing_key=signer.private_hex),
                         kdf=template)
        prepared.append((plan, user_id, password, slot,
                         VaultUser(user_id, plan.name, recipient, signing_key=signer.public)))
    progress(len(planned), len(planned), "")
    before = (list(vf.users), list(vf.slots), list(vf.sealed), list(vf.grants))
    saved = False
    wrote_file = False
    made: list[ImportedUser] = []
    try:
        with session.transaction() as conn:
            now = utc_now()
            for plan, user_id, password, slot, user in prepared:
                conn.execute(
                    "INSERT INTO users(id, name, full_name, role, status, created, email) "
                    "VALUES (?,?,?,?, 'active', ?, ?)",
                    (user_id, plan.name, plan.full_name, plan.role.value, now, plan.email))
                mark_temporary(conn, user_id, expires)
                vf.users.append(user)
                vf.slots.append(slot)
                keys = {c: request_or_seal(session, user, c) for c in plan.keys}
                session.record("user.add", target=user_id,
                               detail={"name": plan.name, "role": plan.role.value,
                                       "keys": keys, "import": import_id,
                                       "temporary_password": True})
                made.append(ImportedUser(plan.name, plan.full_name, plan.role, plan.email,
                                         keys, plan.totp_pending, user_id,
                                         None if passwords_file else password))
            session.record("user.import", detail={
                "import": import_id, "users": len(made), "sha256": digest,
                "expires": expires, "passwords": "file" if passwords_file else "shown"})
            if passwords_file is not None:
                # Before the commit: an import whose passwords reached nobody is no import.
                write_credentials_file(passwords_file, [
                    (plan.name, plan.full_name, plan.role.value, password)
                    for plan, _uid, password, _slot, _user in prepared], expires)
                wrote_file = True
            saved = True
            vault.save()
    except BaseException as exc:
        vf.users, vf.slots, vf.sealed, vf.grants = before
        if saved:
            # vault.json may hold the accounts the registry just refused: take them out
            # again now (the next sign-in would, too: _drop_unfinished_users).
            with contextlib.suppress(Exception):
                vault.save()
        if wrote_file and passwords_file is not None:
            with contextlib.suppress(OSError):
                passwords_file.unlink()
        with contextlib.suppress(Exception):
            session.record("user.import.abandoned", flagged=True,
                           detail={"import": import_id, "why": type(exc).__name__})
        raise
    return made


# -- the passwords file --------------------------------------------------------------------

def check_new_secret_file(path: Path) -> None:
    """Refuse early (before any Argon2 work) a target that exists or has no folder."""
    if os.path.lexists(path):
        raise UnsafeFile(f"{path} already exists. MedVault never overwrites a file of "
                         "passwords; choose a new file name.")
    parent = path.parent if str(path.parent) else Path(".")
    if not parent.is_dir():
        raise UnsafeFile(f"The folder {parent} does not exist. Create it first or choose "
                         "another place for the passwords file.")


def write_credentials_file(path: Path, rows: Sequence[tuple[str, str, str, str]],
                           expires: str) -> None:
    """A new CSV file that only the caller can read: created exclusively with mode 0600
    (whatever the umask), never through a link, fsynced; removed again if writing fails."""
    check_new_secret_file(path)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["name", "full_name", "role", "temporary_password", "expires"])
    for name, full_name, role, password in rows:
        writer.writerow([name, full_name, role, password, expires])
    data = out.getvalue().encode("utf-8")
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) \
        | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags, 0o600)
    except FileExistsError:
        raise UnsafeFile(f"{path} already exists. MedVault never overwrites a file of "
                         "passwords; choose a new file name.") from None
    try:
        if hasattr(os, "fchmod"):
            os.fchmod(fd, stat.S_IRUSR | stat.S_IWUSR)
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
        os.fsync(fd)
    except BaseException:
        os.close(fd)
        with contextlib.suppress(OSError):
            os.unlink(path)
        raise
    os.close(fd)
    with contextlib.suppress(OSError):
        fsync_dir(path.parent if str(path.parent) else Path("."))

