"""A zip archive read from memory under hard limits, never extracted to disk.

Everything is checked against the central directory before a byte is inflated: the entry
count (read from the end record, before Python's zipfile builds its list), the names
(an allow-list; no "..", absolute paths, backslashes, drive letters, directories,
symlinks or duplicates), the declared sizes (per member and in total), the compression
ratio, and the methods (stored or deflate, no encryption). Inflating then stops at the
declared size, so a member that lies about its size cannot grow past the caps either.
"""

from __future__ import annotations

import io
import re
import stat
import struct
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass

from app.core.sharing.errors import PackageRefused

_EOCD = b"PK\x05\x06"
_EOCD64_LOCATOR = b"PK\x06\x07"
_EOCD64 = b"PK\x06\x06"
_RATIO_FLOOR = 64 * 1024  # below this, a high ratio cannot hurt (a page of zeros)


@dataclass(frozen=True)
class ZipLimits:
    max_members: int = 1000
    max_member_bytes: int = 64 * 1024 * 1024
    max_total_bytes: int = 512 * 1024 * 1024
    max_ratio: int = 100


@dataclass(frozen=True)
class Member:
    name: str
    size: int
    compressed: int


def _refuse(why: str) -> PackageRefused:
    return PackageRefused(f"The package's zip archive was refused: {why}. Nothing was "
                          "imported.")


def _declared_count(data: bytes) -> int:
    """The entry count from the end-of-central-directory record (zip64 if present)."""
    tail_start = max(0, len(data) - (22 + 0xFFFF))
    at = data.rfind(_EOCD, tail_start)
    if at < 0 or at + 22 > len(data):
        raise _refuse("it is not a zip file (no end of central directory)")
    (_, disk, cd_disk, here, total, _size, _offset,
     _comment) = struct.unpack("<4sHHHHIIH", data[at:at + 22])
    if disk != 0 or cd_disk != 0 or here != total:
        raise _refuse("it spans several disks")
    if total == 0xFFFF and at >= 20 and data[at - 20:at - 16] == _EOCD64_LOCATOR:
        offset = struct.unpack("<Q", data[at - 12:at - 4])[0]
        if offset + 56 > len(data) or data[offset:offset + 4] != _EOCD64:
            raise _refuse("its zip64 end record is damaged")
        total = struct.unpack("<Q", data[offset + 32:offset + 40])[0]
    return int(total)


def check_name(name: str) -> None:
    if not name or len(name) > 255:
        raise _refuse("a member has an empty or over-long name")
    if "\\" in name or "\x00" in name or ":" in name:
        raise _refuse(f"the member name {name!r} holds a backslash, colon or NUL")
    if name.startswith("/") or name.endswith("/"):
        raise _refuse(f"the member name {name!r} is absolute or a directory")
    if any(part in ("", ".", "..") for part in name.split("/")):
        raise _refuse(f"the member name {name!r} climbs out of the archive")


class BoundedZip:
    """The checked table of contents of a zip in memory; `read` inflates one member."""

    def __init__(self, data: bytes, allowed: Callable[[str], bool],
                 limits: ZipLimits | None = None) -> None:
        self.limits = limits or ZipLimits()
        count = _declared_count(data)
        if count > self.limits.max_members:
            raise _refuse(f"it holds {count} members, more than the "
                          f"{self.limits.max_members} allowed")
        try:
            self._zip = zipfile.ZipFile(io.BytesIO(data))
            infos = self._zip.infolist()
        except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, OSError,
                struct.error, NotImplementedError, OverflowError) as exc:
            raise _refuse(f"it is damaged ({type(exc).__name__})") from None
        if len(infos) != count or len(infos) > self.limits.max_members:
            raise _refuse("its central directory disagrees with its end record")
        self._infos: dict[str, zipfile.ZipInfo] = {}
        total = 0
        for info in infos:
            name = info.filename
            check_name(name)
            if name in self._infos:
                raise _refuse(f"the name {name!r} appears twice")
            if not allowed(name):
                raise _refuse(f"the member {name!r} is not one this format allows")
            mode = info.external_attr >> 16
            if info.create_system == 3 and mode and not stat.S_ISREG(mode):
                raise _refuse(f"the member {name!r} is a symlink or special file")
            if info.flag_bits & 0x1:
                raise _refuse(f"the member {name!r} is encrypted with zip encryption")
            if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
                raise _refuse(f"the member {name!r} uses an unsupported compression method")
            if info.file_size > self.limits.max_member_bytes:
                raise _refuse(f"the member {name!r} unpacks to more than "
                              f"{self.limits.max_member_bytes // (1024 * 1024)} MiB")
            if (info.file_size > _RATIO_FLOOR
                    and info.file_size > self.limits.max_ratio * max(1, info.compress_size)):
                raise _refuse(f"the member {name!r} is compressed more than "
                              f"{self.limits.max_ratio}:1 (a zip bomb)")
            total += info.file_size
            if total > self.limits.max_total_bytes:
                raise _refuse("it unpacks to more than "
                              f"{self.limits.max_total_bytes // (1024 * 1024)} MiB in total")
            self._infos[name] = info

    def members(self) -> list[Member]:
        return [Member(i.filename, i.file_size, i.compress_size) for i in self._infos.values()]

    def names(self) -> set[str]:
        return set(self._infos)

    def read(self, name: str) -> bytes:
        """The member's bytes, never more than its declared (and checked) size."""
        info = self._infos.get(name)
        if info is None:
            raise _refuse(f"the member {name!r} is missing")
        out = bytearray()
        try:
            with self._zip.open(info) as handle:
                while True:
                    piece = handle.read(min(1024 * 1024, info.file_size + 1 - len(out)))
                    if not piece:
                        break
                    out += piece
                    if len(out) > info.file_size:
                        raise _refuse(f"the member {name!r} is larger than it claims")
        except PackageRefused:
            raise
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError,
                NotImplementedError, struct.error, OverflowError) as exc:
            raise _refuse(f"the member {name!r} is damaged ({type(exc).__name__})") from None
        if len(out) != info.file_size:
            raise _refuse(f"the member {name!r} is shorter than it claims")
        return bytes(out)


def pattern_allow(*patterns: str) -> Callable[[str], bool]:
    compiled = [re.compile(p) for p in patterns]
    return lambda name: any(c.fullmatch(name) for c in compiled)
