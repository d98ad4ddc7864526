"""What every `medvault` command group shares: secrets, signing in, vault arguments, JSON.

Command modules import from here and from core, never from each other, so a group can be
added or removed without touching the rest.
"""

from __future__ import annotations

import argparse
import contextlib
import getpass
import json
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from app.core.errors import UnsafeFile, UsageError
from app.core.safe_files import read_regular_file

if TYPE_CHECKING:
    from app.core.audit import AuditHead
    from app.core.session import Session

Handler = Callable[[argparse.Namespace], int]
# What `add_subparsers()` returns; argparse does not export the type under a public name.
Subparsers = Any


class SecretInput:
    """Hands out secrets in order: the acting user's password first, then any new one."""

    def __init__(self, from_stdin: bool, stream: TextIO | None = None) -> None:
        self._from_stdin = from_stdin
        self._stream = stream

    def _line(self, what: str) -> str:
        line = (self._stream or sys.stdin).readline()
        if not line:
            raise UsageError(f"Expected {what} on the next line of standard input.")
        return line.rstrip("\r\n")

    def secret(self, prompt: str, what: str) -> str:
        if self._from_stdin:
            return self._line(what)
        if not sys.stdin.isatty():
            raise UsageError(f"No terminal to ask for {what}. Use --password-stdin.")
        return getpass.getpass(prompt)

    def new_secret(self, prompt: str, what: str) -> str:
        if self._from_stdin:
            return self._line(what)
        first = self.secret(prompt, what)
        if getpass.getpass("Repeat it: ") != first:
            raise UsageError("The two entries differ. Nothing was changed.")
        return first

    def text(self, prompt: str, what: str) -> str:
        if self._from_stdin:
            return self._line(what)
        if not sys.stdin.isatty():
            raise UsageError(f"No terminal to ask for {what}.")
        return input(prompt)


def print_json(value: Any) -> None:
    print(json.dumps(value, indent=2, ensure_ascii=False))


def _acting_password(args: argparse.Namespace, secrets: SecretInput) -> str:
    return secrets.secret(f"Password for {args.user}: ", "the password")


def password_first(args: argparse.Namespace) -> tuple[SecretInput, str]:
    """The acting user's password, read first: for commands that read more from standard
    input (a new secret, text) after it, or need the password again inside core."""
    secrets = SecretInput(args.password_stdin)
    return secrets, _acting_password(args, secrets)


def report_problems(problems: list[str], summary: str) -> int:
    """Each problem, then what it means, on stderr; exit code 5 (damaged)."""
    for problem in problems:
        print(problem, file=sys.stderr)
    print(summary, file=sys.stderr)
    return 5


@contextlib.contextmanager
def signed_in(args: argparse.Namespace, secrets: SecretInput | None = None,
              password: str | None = None, *, read_only_ok: bool = False) -> Iterator[Session]:
    """Open the vault, sign `--as` in, yield the session, and always lock afterwards.

    `read_only_ok` (the checks only): a vault whose folder cannot be written is opened
    read-only (app/core/read_only.py), and the user is told first that nothing will be
    recorded, then afterwards exactly what was not."""
    from app.core.vault import OpenVault, TotpRequired

    secrets = secrets or SecretInput(args.password_stdin)
    # Scheduled checks (backup, verify) wait `--wait` seconds for a signed-in window to
    # sign out or auto-lock; every other command is told at once that the vault is busy.
    vault = OpenVault.open(Path(args.vault), allow_read_only=read_only_ok,
                           lock_wait=float(getattr(args, "wait", 0.0) or 0.0))
    session: Session | None = None
    if vault.read_only:
        print(f"Note: the vault folder {vault.directory} cannot be written (read-only media, "
              "or no permission), so it is checked in place without writing: this sign-in, "
              "a wrong password and the result are not recorded in its audit log.",
              file=sys.stderr)
    try:
        if password is None:
            password = _acting_password(args, secrets)
        try:
            session = vault.unlock(args.user, password, args.totp)
        except TotpRequired:
            if args.password_stdin or not sys.stdin.isatty():
                raise
            session = vault.unlock(args.user, password, input("Authenticator code: "))
        for alert in session.integrity_alerts():
            print(f"Warning: {alert}", file=sys.stderr)
        for notice in session.notices:  # core decides what a user must be told
            print(notice.english(), file=sys.stderr)
        try:
            yield session
        finally:
            session.close("close")
    finally:
        vault.close()
        if session is not None and session.not_recorded:
            print("Not recorded in the vault (read-only): "
                  f"{', '.join(session.not_recorded)}.", file=sys.stderr)


#: How long backup and verify wait by default for a signed-in MedVault to let go: longer
#: than the default auto-lock (5 minutes in a practice, 15 for a personal vault), so a
#: window someone left signed in locks itself and the nightly backup goes ahead.
DEFAULT_LOCK_WAIT_S = 20 * 60


def _wait_seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError("give the seconds as a number") from None
    if not 0 <= value <= 24 * 3600:
        raise argparse.ArgumentTypeError("give between 0 and 86400 seconds")
    return value


def add_wait_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument("--wait", type=_wait_seconds, default=DEFAULT_LOCK_WAIT_S,
                   metavar="SECONDS",
                   help="wait this long for someone signed in elsewhere to sign out or "
                        f"auto-lock (default {DEFAULT_LOCK_WAIT_S} s; 0: fail at once, "
                        "exit 6)")


def add_vault_args(p: argparse.ArgumentParser, *, acting: bool = True) -> None:
    p.add_argument("vault", metavar="VAULT", help="the vault folder")
    if acting:
        p.add_argument("--as", dest="user", required=True, metavar="USER",
                       help="the user who acts")
        p.add_argument("--totp", metavar="CODE", help="authenticator code, where TOTP is on")
    p.add_argument("--password-stdin", action="store_true",
                   help="read the password (then any new password) from standard input")


def warn_if_test_kdf() -> None:
    """The test switch makes 1 MiB Argon2 slots; never let it pass unnoticed at creation."""
    from app.core.kdf import TEST_KDF_ENV, test_kdf_requested

    if test_kdf_requested():
        print(f"Warning: {TEST_KDF_ENV}=1 is set, so the new key slots get test-strength "
              "Argon2 (about 1 MiB), which a copied vault cannot resist. Unset it and "
              "create the vault again for real use.", file=sys.stderr)


def text_argument(value: str, what: str) -> str:
    """`--text -` reads standard input: text on the command line is visible to other
    local users (process list, shell history)."""
    if value != "-":
        return value
    text = sys.stdin.read()
    if not text.strip():
        raise UsageError(f"Expected {what} on standard input.")
    return text


def heads_from(path: str | None) -> list[AuditHead]:
    """A saved audit head to check the chain against: from backup.json or an export."""
    from app.core.audit import AuditHead
    from app.core.safe_files import read_regular_file

    if not path:
        return []
    try:
        # A regular file of head size only: /dev/zero or a FIFO must not hang or exhaust us.
        data = json.loads(read_regular_file(Path(path), max_bytes=64 * 1024,
                                            what="saved audit head").decode("utf-8"))
        # backup.json keeps it as "audit_head", an audit export as "head".
        head = data.get("audit_head") or data.get("head") or data
        return [AuditHead.from_json(head)]
    except (OSError, ValueError, AttributeError) as exc:
        raise UsageError(f"Cannot read a saved audit head from {path}: {exc}") from None


# -- patient data on the command line ---------------------------------------------------
# Arguments are readable by every local user in /proc/PID/cmdline (and `ps`) while the
# command runs, and stay in shell history. So every argument that carries patient data
# (names, birth dates, MRNs, phone numbers, search queries, break-glass reasons) also takes
# `-`, which reads the value from the next line of standard input (after the password lines
# of --password-stdin), and `patient add` takes all its details as JSON with
# `--details FILE` (or `--details -`). A value given literally still works, with a warning.

MAX_LINE = 64 * 1024
MAX_DETAILS_BYTES = 256 * 1024
PATIENT_FIELDS = ("family", "given", "birth_date", "mrn", "sex", "phone", "email")


def warn_on_command_line(what: str, option: str) -> None:
    print(f"Warning: {what} given on the command line can be read by other users of this "
          "computer while the command runs (process list) and may stay in your shell "
          f"history. Give {option} - to read it from standard input instead.",
          file=sys.stderr)


def _stdin_line(what: str) -> str:
    line = sys.stdin.readline(MAX_LINE + 1)
    if len(line) > MAX_LINE:
        raise UsageError(f"{what.capitalize()} on standard input is longer than "
                         f"{MAX_LINE} characters.")
    value = line.rstrip("\r\n")
    if not value.strip():
        raise UsageError(f"Expected {what} on the next line of standard input.")
    return value


def phi_value(value: str | None, what: str, option: str) -> str | None:
    """`-` reads the value from standard input; a literal value is used with a warning."""
    if value is None:
        return None
    if value == "-":
        return _stdin_line(what)
    warn_on_command_line(what, option)
    return value


def read_details(source: str) -> dict[str, str]:
    """Patient details as a JSON object from a file, or from standard input with `-`."""
    if source == "-":
        raw = sys.stdin.read(MAX_DETAILS_BYTES + 1).encode("utf-8")
        if len(raw) > MAX_DETAILS_BYTES:
            raise UsageError(f"The patient details on standard input are over "
                             f"{MAX_DETAILS_BYTES} bytes.")
    else:
        try:
            raw = read_regular_file(Path(source), max_bytes=MAX_DETAILS_BYTES,
                                    what="patient details file")
        except FileNotFoundError:
            raise UsageError(f"There is no file {source}.") from None
        except OSError as exc:
            raise UnsafeFile(f"The patient details file {source} cannot be read "
                             f"({exc.strerror or exc}).") from None
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise UsageError("The patient details are not a JSON object in UTF-8, such as "
                         '{"family": "Doe", "given": "Jane", "birth_date": "1980-02-03"}.'
                         ) from None
    if not isinstance(data, dict):
        raise UsageError("The patient details must be one JSON object.")
    unknown = sorted(set(data) - set(PATIENT_FIELDS))
    if unknown:
        raise UsageError(f"Unknown patient detail {unknown[0]!r}; the details are "
                         f"{', '.join(PATIENT_FIELDS)}.")
    if not all(isinstance(v, str) or v is None for v in data.values()):
        raise UsageError("Every patient detail must be text (or null).")
    return {k: v for k, v in data.items() if v is not None}


def read_small_file(path: str, what: str, limit: int) -> bytes:
    """A file named by the user: a regular file under `limit` bytes, never a FIFO."""
    target = Path(path)
    if not target.is_file():
        raise UsageError(f"{path} is not a file.")
    with target.open("rb") as handle:  # read at most limit + 1: the file may still grow
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise UsageError(f"{path} is larger than a {what} can be ({limit // 1024} KiB).")
    return data
