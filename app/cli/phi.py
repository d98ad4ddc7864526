"""Patient data on the command line, and how to keep it off it.

Arguments are readable by every local user in `/proc/PID/cmdline` (and `ps`) while the
command runs, and stay in shell history. So every argument that carries patient data
(names, birth dates, MRNs, phone numbers, search queries, break-glass reasons) also takes
`-`, which reads the value from the next line of standard input (after the password lines
of --password-stdin), and `patient add` takes all its details as JSON with
`--details FILE` (or `--details -`). A value given literally still works, with a warning.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from app.core.errors import UnsafeFile, UsageError
from app.core.safe_files import read_regular_file

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
