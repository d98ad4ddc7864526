"""Tidy a Linux PyInstaller one-folder build for distribution (medvault.spec runs it).

PyInstaller copies every shared library the bundle's binaries need from the build host,
with the RUNPATH they were built with. That leaves three problems for a .deb:

1. Qt's GTK3 platform theme drags in the build host's GTK, GDK, ATK, cairo, pango and
   gdk-pixbuf (about 20 MB), whose versions then clash with the user's desktop theme
   engines. MedVault draws with Qt's own style and gets native file dialogs through the
   xdg-desktop-portal theme, which needs none of it, so the plugin is removed.
2. Qt's CUPS print plugin is kept (practices print the chart summary and the emergency
   kit on real printers; without it Qt offers only "print to PDF"), but libcups is taken
   from the system (the .deb depends on libcups2), not bundled with the build host's
   gnutls, nettle, avahi and Kerberos: those must get the distribution's security updates.
3. Python's own extension modules carry the build host's absolute RUNPATH (for example
   /root/.pyenv/versions/3.11.7/lib). It is removed; RUNPATHs relative to $ORIGIN, which
   Qt's plugins need to find Qt, are kept.
4. Common libraries every Debian and Ubuntu system has (zlib, libpng, expat, bzip2,
   FreeType, libmount, libblkid) come from the system, so they get its security updates;
   the .deb depends on their packages.
5. Shared libraries are stripped of debugging symbols and are not executable. The
   program itself is not stripped: PyInstaller appends its archive to the executable.

After the removals, every bundled top-level library that nothing left in the bundle needs
is removed too, so nothing is shipped that would only load the removed code.

Usage: python prune_bundle.py DIST_FOLDER   (needs `patchelf` and `strip`)
       python prune_bundle.py --system-packages   (the Debian packages it relies on)
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

DROP_PLUGINS = ("platformthemes/libqgtk3.so",)
# soname -> the Debian package that provides it (build-deb.sh adds these to Depends).
SYSTEM_LIBRARIES = {
    "libcups.so.2": "libcups2",
    "libz.so.1": "zlib1g",
    "libpng16.so.16": "libpng16-16",
    "libexpat.so.1": "libexpat1",
    "libbz2.so.1.0": "libbz2-1.0",
    "libfreetype.so.6": "libfreetype6",
    "libmount.so.1": "libmount1",
    "libblkid.so.1": "libblkid1",
}

Needed = Callable[[Path], list[str]]


def _patchelf(*args: str) -> str:
    # A build tool run by the release engineer on their own build: fixed tool names.
    done = subprocess.run(["patchelf", *args],  # noqa: S603, S607
                          capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"patchelf {' '.join(args)} failed: {done.stderr.strip()}")
    return done.stdout.strip()


def is_elf(path: Path) -> bool:
    if path.is_symlink() or not path.is_file():
        return False
    with path.open("rb") as handle:
        return handle.read(4) == b"\x7fELF"


def patchelf_needed(path: Path) -> list[str]:
    return _patchelf("--print-needed", str(path)).split()


def prune(internal: Path, needed: Needed = patchelf_needed) -> list[str]:
    """Remove the dropped plugins, the system libraries and every top-level library no
    remaining binary needs. Returns the removed paths, relative to `internal`."""
    removed: list[str] = []
    for plugin in DROP_PLUGINS:
        path = internal / "PySide6" / "Qt" / "plugins" / plugin
        if path.exists():
            path.unlink()
            removed.append(str(path.relative_to(internal)))
    top = {p.name: p for p in internal.iterdir() if p.name.startswith("lib") and ".so" in p.name}
    # Roots: what Python imports (extension modules) and Qt loads (plugins) by name, and
    # libpython, which the bootloader opens.
    roots = [p for p in internal.rglob("*")
             if is_elf(p) and (p.parent != internal or p.name not in top)]
    roots += [p for name, p in top.items() if name.startswith("libpython") and is_elf(p)]
    keep: set[str] = set()
    todo = list(roots)
    while todo:
        for name in needed(todo.pop()):
            if name in keep or name in SYSTEM_LIBRARIES or name not in top:
                continue
            keep.add(name)
            target = top[name].resolve()
            if is_elf(target):
                todo.append(target)
    for name, path in sorted(top.items()):
        if name in keep or name.startswith("libpython"):
            continue
        path.unlink()
        removed.append(name)
    # Symlinks (PySide6/Qt/lib/… → ../../../libQt6…) left pointing at removed files.
    for link in [p for p in internal.rglob("*") if p.is_symlink() and not p.exists()]:
        link.unlink()
        removed.append(str(link.relative_to(internal)))
    return removed


def strip_host_runpaths(internal: Path) -> int:
    """Drop RUNPATH/RPATH entries that are not relative to $ORIGIN. Returns how many
    files were changed."""
    changed = 0
    for path in internal.rglob("*"):
        if not is_elf(path):
            continue
        current = _patchelf("--print-rpath", str(path))
        if not current:
            continue
        kept = [e for e in current.split(":") if e.startswith("$ORIGIN")]
        if kept == current.split(":"):
            continue
        if kept:
            _patchelf("--set-rpath", ":".join(kept), str(path))
        else:
            _patchelf("--remove-rpath", str(path))
        changed += 1
    return changed


def strip_libraries(internal: Path) -> int:
    """Strip debugging symbols from shared libraries and make them non-executable."""
    count = 0
    for path in internal.rglob("*"):
        if not is_elf(path) or ".so" not in path.name:
            continue
        subprocess.run(["strip", "--strip-unneeded",  # noqa: S603, S607
                        "--remove-section=.comment", str(path)], check=True)
        path.chmod(0o644)
        count += 1
    return count


def _size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    if argv[1] == "--system-packages":
        print(", ".join(sorted(set(SYSTEM_LIBRARIES.values()))))
        return 0
    for tool, package in (("patchelf", "patchelf"), ("strip", "binutils")):
        if shutil.which(tool) is None:
            print(f"prune_bundle: {tool} is needed (apt-get install {package}).",
                  file=sys.stderr)
            return 1
    dist = Path(argv[1])
    internal = dist / "_internal"
    before = _size(dist)
    removed = prune(internal)
    changed = strip_host_runpaths(internal)
    stripped = strip_libraries(internal)
    after = _size(dist)
    print(f"prune_bundle: removed {len(removed)} files ({(before - after) // 1024 // 1024} MB), "
          f"cleared the build host's RUNPATH from {changed} files, stripped {stripped} "
          "libraries", file=sys.stderr)
    for name in removed:
        print(f"  removed {name}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    os.umask(0o022)
    sys.exit(main(sys.argv))
