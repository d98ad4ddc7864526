"""The bounded reader for FHIR JSON from outside: a Bundle, NDJSON, or single resources.

Everything here may come from a stranger's file, so every bound is checked before the
work it guards (docs/architecture.md, "Input from outside"):

- the file: a regular file (never a FIFO or device) no larger than `Limits.max_file_bytes`;
- one value (a resource, or one Bundle entry) no larger than `Limits.max_value_chars`;
- nesting depth at most `Limits.max_depth`, counted from the top of the file;
- strings at most `Limits.max_string_chars`, numbers at most `Limits.max_number_chars`;
- NaN, Infinity, numbers that overflow a float, and duplicate keys are refused.

It streams: a Bundle's `entry` array is read one entry at a time, and NDJSON one line at a
time, so memory holds one resource and never the whole file. A broken entry or line is
reported where it is and the reading goes on; only damage to the file's outer structure
(an unterminated Bundle, say) ends the file. No URL in the input is ever fetched.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import stat
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.core.errors import MedVaultError
from app.core.strict_json import (
    BoundedDecoder,
    JsonBounds,
    JsonObject,
    StrictJsonError,
    describe,
)

MIB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    max_file_bytes: int = 512 * MIB
    max_value_chars: int = 64 * MIB
    max_depth: int = 64
    max_string_chars: int = 20 * MIB  # an inline attachment; documents are capped at 20 MiB
    max_number_chars: int = 40
    # Objects and lists in one value: a resource of "{}," fills 100 bytes of memory per 3
    # characters of text. A DiagnosticReport holding 1,000 results is about 30,000.
    max_value_nodes: int = 250_000
    # ... and in all the files of one import, whose plan holds what it read until it is
    # applied: about 2 GB at most. A 512 MiB Synthea NDJSON export is about 10 million.
    max_total_nodes: int = 20_000_000
    max_files: int = 10_000
    max_resources: int = 5_000_000


DEFAULT_LIMITS = Limits()


class FhirInputError(ValueError, MedVaultError):
    """Input that cannot be read as FHIR JSON; the message says what and where (coded
    where the window shows it: `MedVaultError.coded`)."""


@dataclass(slots=True)
class Item:
    """One resource read from a source, or the reason a piece of it could not be read.

    `where` tells a person where to look: "entry 12" in a Bundle, "line 40" in NDJSON.
    """

    source: str
    where: str
    resource: dict[str, Any] | None = None
    full_url: str | None = None
    error: str | None = None
    request_method: str | None = None
    nodes_read: int = 0  # objects and lists decoded from this source so far (see Limits)


class _Refused(StrictJsonError):
    """The file's structure (around the values the decoder reads) is refused."""


class _BundleBroken(_Refused):
    """A Bundle's entries stopped being readable: the file is a Bundle, not NDJSON."""


def _decoder(limits: Limits) -> BoundedDecoder:
    # The value rules are core's one strict JSON reader's (app/core/strict_json.py).
    return BoundedDecoder(JsonBounds(max_depth=limits.max_depth,
                                     max_string_chars=limits.max_string_chars,
                                     max_number_chars=limits.max_number_chars,
                                     max_nodes=limits.max_value_nodes))


class _Incomplete(Exception):
    pass


class _Stream:
    """A window on a text file that grows only as far as the value being read needs."""

    CHUNK = 1 * MIB

    def __init__(self, handle: Any, limits: Limits) -> None:
        self.handle = handle
        self.limits = limits
        self.buf = ""
        self.pos = 0
        self.eof = False
        self.line = 1  # the line number at `mark`
        self.mark = 0
        self.value_start = 0  # where the value `value` last returned began in `buf`

    def line_here(self) -> int:
        self.line += self.buf.count("\n", self.mark, self.pos)
        self.mark = self.pos
        return self.line

    def fill(self, minimum: int = 1) -> bool:
        """Make at least `minimum` characters available after pos; False at EOF."""
        while len(self.buf) - self.pos < minimum and not self.eof:
            # Only what is missing (at least a chunk): what is read beyond the value in
            # hand is decoded from this buffer later, so it must stay small.
            chunk = self.handle.read(max(self.CHUNK, minimum - (len(self.buf) - self.pos)))
            if not chunk:
                self.eof = True
                break
            if self.pos > 0:
                self.line_here()
                self.buf = self.buf[self.pos:]
                self.pos = self.mark = 0
            self.buf += chunk
        return len(self.buf) - self.pos >= minimum

    def skip_space(self) -> str:
        """The next non-blank character (not consumed), or '' at EOF."""
        while True:
            while self.pos < len(self.buf) and self.buf[self.pos] in " \t\r\n":
                self.pos += 1
            if self.pos < len(self.buf):
                return self.buf[self.pos]
            if not self.fill():
                return ""

    def expect(self, char: str) -> bool:
        if self.skip_space() == char:
            self.pos += 1
            return True
        return False

    def value(self, decoder: BoundedDecoder, base_depth: int) -> Any:
        """Decode one value, reading more of the file while it is incomplete."""
        self.skip_space()
        want = self.CHUNK
        while True:
            try:
                value, end = decoder.decode(self.buf, self.pos, base_depth)
            except json.JSONDecodeError as exc:
                # Incomplete if the failure is at the end of what we have read so far
                # (an unterminated string reports where the string starts).
                incomplete = exc.pos >= len(self.buf) - 64 or exc.msg.startswith(
                    "Unterminated string")
                if not self.eof and incomplete:
                    if len(self.buf) - self.pos >= self.limits.max_value_chars:
                        raise _Refused(f"one value is larger than "
                                       f"{self.limits.max_value_chars // MIB} MiB") from None
                    # All that was read so far is this one value: refuse it before the
                    # next, larger, attempt builds more of it in memory.
                    if self.buf.count("{", self.pos) + self.buf.count(
                            "[", self.pos) > self.limits.max_value_nodes:
                        raise StrictJsonError(
                            f"one value holds more than {self.limits.max_value_nodes:,} "
                            "objects and lists") from None
                    want *= 2
                    self.fill(min(want, self.limits.max_value_chars + 1))
                    continue
                if self.eof and (exc.msg.startswith("Unterminated string")
                                 or not self.buf[exc.pos:].strip()):
                    raise _Refused("the file ends in the middle of a value (it is cut "
                                   "short)") from None
                raise
            if end >= len(self.buf) and not self.eof:
                # A number at the very end of the buffer may continue in the next chunk.
                # Reading more may move the buffer (fill drops what is behind pos), so
                # `end` is stale once anything came: decode again from pos. Nothing came
                # means end of file, the buffer unmoved and `end` still right. (Comparing
                # the stale `end` with the new length once skipped ~1 MiB of a file.)
                have = len(self.buf) - self.pos
                self.fill(have + 1)
                if len(self.buf) - self.pos > have:
                    continue
            if end - self.pos > self.limits.max_value_chars:
                raise _Refused(f"one value is larger than "
                               f"{self.limits.max_value_chars // MIB} MiB")
            self.value_start, self.pos = self.pos, end
            return value


def check_file(path: Path, limits: Limits) -> int:
    """The file's size, if it is a regular file within the cap; else FhirInputError."""
    try:
        info = os.stat(path)
    except OSError as exc:
        raise FhirInputError.coded("fhir.cannot_read", name=path.name,
                                   reason=exc.strerror) from None
    if not stat.S_ISREG(info.st_mode):
        raise FhirInputError.coded("fhir.not_regular_file", name=path.name)
    _check_size(path.name, info.st_size, limits)
    return info.st_size


def _check_size(name: str, size: int, limits: Limits) -> None:
    if size > limits.max_file_bytes:
        raise FhirInputError(
            f"{name}: {size / MIB:,.0f} MiB is more than the "
            f"{limits.max_file_bytes / MIB:,.0f} MiB limit for one file. Split it, or raise "
            "the limit (--max-file-mib) if you trust its source.")


@dataclass
class Sources:
    """What a list of named paths gives: the files to read, and the files in a named
    folder that look like data but are passed over (a link, a pipe), with why, so the
    report can list them."""

    files: list[Path] = field(default_factory=list)
    passed_over: list[tuple[Path, str]] = field(default_factory=list)


def expand_sources(paths: list[Path], limits: Limits = DEFAULT_LIMITS) -> Sources:
    """Files named directly, plus the .json/.ndjson files in any folder named (sorted,
    one level deep). Inside a folder, links are not followed (one could lead anywhere)
    and only regular files are read; a file named directly is the user's own choice."""
    found = Sources()
    for path in paths:
        if path.is_dir() and not path.is_symlink():
            for child in sorted(path.iterdir()):
                # A Bulk Data manifest describes the NDJSON files beside it; it is not data.
                if child.suffix.lower() not in (".json", ".ndjson", ".jsonl") or \
                        child.name == "manifest.json":
                    continue
                if child.is_symlink():
                    found.passed_over.append((child, "a link: links inside a folder are "
                                              "not followed; name the file itself"))
                elif not child.is_file():
                    found.passed_over.append((child, "not a regular file"))
                else:
                    found.files.append(child)
        else:
            found.files.append(path)
        if len(found.files) > limits.max_files:
            raise FhirInputError.coded("fhir.too_many_files", count=f"{limits.max_files:,}")
    return found


@dataclass
class Digest:
    """What `read_file` read of a file: its SHA-256 and size, of exactly the bytes read
    (hashed as they are read, so a file changed or grown since it was checked is recorded
    as it was imported, and read once, not twice)."""

    sha256: str = ""
    size: int = 0


class _GrewPastLimit(Exception):
    pass


class _Hashing(io.RawIOBase):
    """Bytes from a file, hashed and counted on the way; past the size limit the read
    fails (a file that grows while it is read is not read for ever)."""

    def __init__(self, fd: int, name: str, limit: int) -> None:
        self.fd, self.name, self.limit = fd, name, limit
        self.hash = hashlib.sha256()
        self.size = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        data = os.read(self.fd, len(buffer))
        self.size += len(data)
        if self.size > self.limit:
            raise _GrewPastLimit  # not a ValueError: no reader step may take it for bad JSON
        self.hash.update(data)
        buffer[:len(data)] = data
        return len(data)


def read_file(path: Path, limits: Limits = DEFAULT_LIMITS, digest: Digest | None = None
              ) -> Iterator[Item]:
    """Every resource in one file, in order, with errors in place of unreadable parts.

    Raises FhirInputError before yielding anything (file missing, too large, not a
    file), and when the file grows past the limit while it is read; everything else is
    reported as an `Item` with `error` set. `digest`, if given, is filled in once the
    whole file has been read (the rest of it is hashed when reading stops early).
    """
    name = path.name
    try:
        # Opened first, then checked: a path swapped for a pipe after a check would
        # block the open for ever. O_NONBLOCK keeps a pipe's open from waiting.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0)
                     | getattr(os, "O_BINARY", 0))
    except OSError as exc:
        raise FhirInputError.coded("fhir.cannot_read", name=name,
                                   reason=exc.strerror) from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise FhirInputError.coded("fhir.not_regular_file", name=name)
        _check_size(name, info.st_size, limits)
        raw = _Hashing(fd, name, limits.max_file_bytes)
        # utf-8-sig: a byte-order mark at the start (Windows tools write one) is dropped;
        # anything that is not UTF-8 is still refused.
        handle = io.TextIOWrapper(io.BufferedReader(raw, 1 << 16), encoding="utf-8-sig",
                                  errors="strict", newline="")
        stream = _Stream(handle, limits)
        try:
            try:
                yield from _read(stream, name, limits)
            except UnicodeDecodeError:
                yield Item(name, "file", error="the file is not UTF-8 text")
            if digest is not None:
                while raw.readinto(bytearray(1 << 20)):  # what was not read, hashed too
                    pass
                digest.sha256, digest.size = raw.hash.hexdigest(), raw.size
        except _GrewPastLimit:
            raise FhirInputError.coded("fhir.too_large_now", name=name) from None
    finally:
        os.close(fd)


def read_text(text: str, name: str = "input", limits: Limits = DEFAULT_LIMITS
              ) -> Iterator[Item]:
    """The same as read_file, for text already in memory (tests, the fuzzer, packages)."""
    if len(text) > limits.max_file_bytes:
        yield Item(name, "file", error="the input is larger than the file limit")
        return
    import io

    text = text.removeprefix("\ufeff")  # as read_file drops a byte-order mark
    yield from _read(_Stream(io.StringIO(text), limits), name, limits)


def _read(stream: _Stream, name: str, limits: Limits) -> Iterator[Item]:
    decoder = _decoder(limits)
    for item in _items(stream, decoder, name, limits):
        item.nodes_read = decoder.nodes_read
        yield item


def _items(stream: _Stream, decoder: BoundedDecoder, name: str, limits: Limits
           ) -> Iterator[Item]:
    count = 0
    number = 0
    # Named as NDJSON: its first line is a line like the others (a Bundle or a resource
    # spread over lines is not NDJSON), so a broken one is passed over alone.
    ndjson = name.lower().endswith((".ndjson", ".jsonl"))
    while True:
        first = stream.skip_space()
        if not first:
            if number == 0:
                yield Item(name, "file", error="the file is empty")
            return
        number += 1
        where = f"line {stream.line_here()}" if number > 1 or ndjson else "file"
        if first == "{" and number == 1 and not ndjson:
            before = count
            try:
                for item in _read_object(stream, decoder, name):
                    count += 1
                    if count > limits.max_resources:
                        yield Item(name, where, error="too many resources in one file")
                        return
                    yield item
            except (json.JSONDecodeError, RecursionError, ValueError) as exc:
                # A broken first line of NDJSON is one broken line, as any other is: go
                # on when the next line starts a resource of its own. (A broken Bundle or
                # pretty-printed resource has no line that starts with "{" there.)
                # Only while still on line 1: an unfinished first line read on into
                # line 2, whose start is gone, and skipping on would lose that line.
                if count == before and not isinstance(exc, _BundleBroken) and \
                        stream.line_here() == 1 and _skip_line(stream) and \
                        _line_starts_object(stream):
                    yield Item(name, "line 1", error=describe(exc))
                    continue
                yield Item(name, where, error=describe(exc))
                return
            continue
        if first != "{":
            yield Item(name, where, error="expected a JSON object (a FHIR resource) here")
            # A stray NDJSON line is reported and passed over, as a broken one is; the
            # first value of a file that is not an object means the file is not FHIR.
            if number == 1 or not _skip_line(stream):
                return
            continue
        # NDJSON: one resource per line after the first.
        try:
            value = stream.value(decoder, 0)
        except (json.JSONDecodeError, RecursionError, ValueError) as exc:
            yield Item(name, where, error=describe(exc))
            if not _skip_line(stream):
                return
            continue
        if stream.buf.find("\n", stream.value_start, stream.pos) >= 0:
            # NDJSON holds one resource per line: a value running on into the next line
            # would hide that line inside itself. This line is refused; the lines after
            # it are read (and reported) as lines of their own.
            yield Item(name, where, error="the resource runs on past the end of its line")
            stream.pos = stream.value_start
            if not _skip_line(stream):
                return
            continue
        if not _rest_of_line_blank(stream):
            # One line, one item: the line is refused whole, not read as a resource and
            # then again as junk (which counted it twice).
            yield Item(name, where, error="more follows the resource on this line")
            if not _skip_line(stream):
                return
            continue
        count += 1
        if count > limits.max_resources:
            yield Item(name, where, error="too many resources in one file")
            return
        yield Item(name, where, resource=value)


def _line_starts_object(stream: _Stream) -> bool:
    return stream.fill(1) and stream.buf[stream.pos] == "{"


def _rest_of_line_blank(stream: _Stream) -> bool:
    """Only spaces up to the end of the line (or of the file) follow; the newline is left
    for the next read to skip."""
    while True:
        while stream.pos < len(stream.buf) and stream.buf[stream.pos] in " \t\r":
            stream.pos += 1
        if stream.pos < len(stream.buf):
            return stream.buf[stream.pos] == "\n"
        if not stream.fill():
            return True


def _skip_line(stream: _Stream) -> bool:
    """Move past the rest of a broken NDJSON line; False at EOF."""
    while True:
        index = stream.buf.find("\n", stream.pos)
        if index >= 0:
            stream.pos = index + 1
            return True
        stream.pos = len(stream.buf)
        if not stream.fill():
            return False


def _read_object(stream: _Stream, decoder: BoundedDecoder, name: str) -> Iterator[Item]:
    """The first object of a file: a Bundle is streamed entry by entry; anything else is
    decoded whole (bounded by the value limit) and yielded as one resource."""
    start = stream.pos
    stream.pos += 1  # the "{"
    keys: dict[str, Any] = {}
    streamed = False
    while True:
        char = stream.skip_space()
        if char == "}":
            stream.pos += 1
            break
        if (keys or streamed) and not stream.expect(","):
            raise _Refused("not valid JSON (expected ',' between members)")
        key = stream.value(decoder, 1)
        if not isinstance(key, str):
            raise _Refused("not valid JSON (an object key must be a string)")
        if key in keys or (key == "entry" and streamed):
            raise _Refused(f"the key {key[:60]!r} appears twice in one object")
        if not stream.expect(":"):
            raise _Refused("not valid JSON (expected ':')")
        if key == "entry" and keys.get("resourceType") == "Bundle":
            streamed = True
            try:
                yield from _read_entries(stream, decoder, name)
            except (json.JSONDecodeError, RecursionError, ValueError) as exc:
                raise _BundleBroken(describe(exc)) from None
            continue
        keys[key] = stream.value(decoder, 1)
    del start
    if streamed:
        if not isinstance(keys.get("type"), str):
            yield Item(name, "Bundle", error="the Bundle has no type")
        return
    resource = JsonObject(keys)
    if resource.get("resourceType") == "Bundle":
        entries = resource.get("entry", [])
        if resource.get("type") is None:
            yield Item(name, "Bundle", error="the Bundle has no type")
        if not isinstance(entries, list):
            yield Item(name, "Bundle", error="the Bundle's entry is not a list")
            return
        for index, entry in enumerate(entries, 1):
            yield _entry_item(entry, name, index)
        return
    if not _rest_of_line_blank(stream):  # as for any NDJSON line: one line, one item
        yield Item(name, "file", error="more follows the resource on this line")
        _skip_line(stream)
        return
    yield Item(name, "file", resource=resource)


def _read_entries(stream: _Stream, decoder: BoundedDecoder, name: str) -> Iterator[Item]:
    if not stream.expect("["):
        raise _Refused("the Bundle's entry is not a list")
    index = 0
    while True:
        char = stream.skip_space()
        if char == "]":
            stream.pos += 1
            return
        if not char:
            raise _Refused("the file ends in the middle of the Bundle (it is cut short)")
        if index and not stream.expect(","):
            raise _Refused("not valid JSON (expected ',' between entries)")
        if not stream.skip_space():
            raise _Refused("the file ends in the middle of the Bundle (it is cut short)")
        index += 1
        try:
            entry = stream.value(decoder, 2)
        except _Refused:
            raise  # the file's own structure (cut short, too large): it ends here
        except StrictJsonError as exc:
            # The entry is well-formed JSON that breaks a rule (a duplicate key, a lone
            # surrogate, a bound): it is refused and the Bundle read on past its end.
            # A failed `value` leaves pos at the entry's start (reading more may have
            # moved the buffer, so an offset taken before would be stale).
            yield Item(name, f"entry {index}", error=str(exc))
            if not _skip_value(stream):
                raise _Refused(f"reading stopped at entry {index}") from None
            continue
        yield _entry_item(entry, name, index)


_STRUCTURE = re.compile(r'[][{}"]')  # what changes the state outside a string
_IN_STRING = re.compile(r'["\\]')  # what ends a string, or escapes the next character
_SCALAR_END = re.compile(r'[\s,\]}]')


def _skip_value(stream: _Stream) -> bool:
    """Move past one JSON value by its syntax alone (strings, escapes and brackets; nothing
    is decoded or built, so a refused value costs no memory). False when the file ends, or
    the value grows past `max_value_chars`, before it is complete: reading stops there."""
    stream.skip_space()
    depth, in_string, scanned = 0, False, 0
    pos = stream.pos
    if stream.pos < len(stream.buf) and stream.buf[stream.pos] not in '[{"':
        # A scalar (a number or a constant): it ends at the next separator.
        while True:
            found = _SCALAR_END.search(stream.buf, pos)
            if found is not None:
                stream.pos = found.start()
                return True
            scanned += len(stream.buf) - pos
            stream.pos = len(stream.buf)
            if scanned > stream.limits.max_value_chars or not stream.fill():
                return False
            pos = stream.pos  # reading more moves the buffer
    while True:
        buf = stream.buf
        found = (_IN_STRING if in_string else _STRUCTURE).search(buf, pos)
        if found is None or (found.group() == "\\" and found.end() >= len(buf)):
            # More is needed; an escape at the very end keeps its backslash.
            keep = found.start() if found is not None else len(buf)
            scanned += keep - stream.pos
            stream.pos = keep
            if scanned > stream.limits.max_value_chars or not stream.fill(
                    len(buf) - keep + 1):
                return False
            pos = stream.pos
            continue
        char, pos = found.group(), found.end()
        if in_string:
            if char == "\\":
                pos += 1  # the escaped character, whatever it is
            else:
                in_string = False
                if depth == 0:  # the value was a string
                    stream.pos = pos
                    return True
        elif char == '"':
            in_string = True
        elif char in "{[":
            depth += 1
        else:
            depth -= 1
            if depth <= 0:
                stream.pos = pos
                return True


def _entry_item(entry: Any, name: str, index: int) -> Item:
    where = f"entry {index}"
    if not isinstance(entry, dict):
        return Item(name, where, error="a Bundle entry is not an object")
    resource = entry.get("resource")
    full_url = entry.get("fullUrl")
    full_url = full_url if isinstance(full_url, str) else None
    request = entry.get("request")
    method = request.get("method") if isinstance(request, dict) else None
    if resource is None:
        return Item(name, where, full_url=full_url,
                    error="the entry has no resource (a DELETE or a search link)")
    if not isinstance(resource, dict):
        return Item(name, where, full_url=full_url, error="the entry's resource is not "
                    "an object")
    return Item(name, where, resource=resource, full_url=full_url,
                request_method=method if isinstance(method, str) else None)
