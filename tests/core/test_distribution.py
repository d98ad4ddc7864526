"""What a distributor checks: licence, bundled-component notices, man page, icons, the
bundle tidy-up for the .deb, and the Windows and macOS release steps.

The real bundle and .deb are built, linted, installed and run by .ci/package.
"""

from __future__ import annotations

import importlib.util
import struct
import tomllib
from pathlib import Path
from types import ModuleType

import pytest

from app.cli import COMMAND_MODULES, build_parser

ROOT = Path(__file__).resolve().parents[2]
PACKAGING = ROOT / "packaging"


def _tool(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, PACKAGING / "tools" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_licence_is_gpl3_or_later_everywhere() -> None:
    assert "GNU GENERAL PUBLIC LICENSE" in (ROOT / "LICENSE").read_text("utf-8")[:200]
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    assert project["license"] == {"text": "GPL-3.0-or-later"}
    assert any("GPLv3+" in c for c in project["classifiers"])
    metainfo = (PACKAGING / "linux" / "org.medvault.MedVault.metainfo.xml").read_text("utf-8")
    assert "<project_license>GPL-3.0-or-later</project_license>" in metainfo
    copyright_ = (PACKAGING / "linux" / "copyright").read_text("utf-8")
    assert "License: GPL-3.0-or-later" in copyright_.split("Files: *", 1)[1][:200]
    assert "LicenseFile=..\\..\\LICENSE" in (PACKAGING / "windows" / "medvault.iss").read_text()


def test_copyright_names_every_runtime_dependency_and_the_bundled_c_libraries() -> None:
    text = (PACKAGING / "linux" / "copyright").read_text("utf-8").lower()
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    for requirement in project["dependencies"]:
        name = requirement.split(">")[0].split("=")[0].split("!")[0].split("<")[0].strip()
        assert name.lower().replace("-cffi", "") in text, name
    for component in ("qt", "pyside6", "sqlcipher", "openssl", "python software foundation",
                      "lgpl-3.0", "icu", "glib"):
        assert component in text, component


def test_man_page_covers_every_command_and_exit_code() -> None:
    page = _tool("manpage").render()
    parser = build_parser()
    commands = parser._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    assert len(commands) >= len(COMMAND_MODULES)
    for command in commands:
        escaped = command.replace("-", "\\-")
        assert f"\n.B {escaped}" in page, command
    assert "\n.B user add|list" in page and "@COMMANDS@" not in page
    for code in ("0", "1", "2", "3", "4", "5", "6", "9", "10", "11"):
        assert f".B {code}\n" in page, code


def test_changelog_is_in_debian_format() -> None:
    first = (PACKAGING / "linux" / "changelog").read_text("utf-8").splitlines()[0]
    version = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]["version"]
    assert first.startswith(f"medvault ({version}) ")
    assert all(len(line) <= 80 for line in
               (PACKAGING / "linux" / "changelog").read_text("utf-8").splitlines())


def test_icons_hold_every_size_as_png() -> None:
    make_icons = _tool("make_icons")
    ico = (PACKAGING / "windows" / "medvault.ico").read_bytes()
    reserved, kind, count = struct.unpack_from("<HHH", ico)
    assert (reserved, kind, count) == (0, 1, len(make_icons.ICO_SIZES))
    sizes = []
    for index in range(count):
        width, _, _, _, _, _, length, offset = struct.unpack_from("<BBBBHHII", ico, 6 + 16 * index)
        assert ico[offset:offset + 8] == b"\x89PNG\r\n\x1a\n"
        png_width = struct.unpack_from(">I", ico, offset + 16)[0]
        assert png_width == (width or 256) and offset + length <= len(ico)
        sizes.append(png_width)
    assert sizes == list(make_icons.ICO_SIZES)

    icns = (PACKAGING / "macos" / "medvault.icns").read_bytes()
    assert icns[:4] == b"icns" and struct.unpack_from(">I", icns, 4)[0] == len(icns)
    found, offset = {}, 8
    while offset < len(icns):
        kind_bytes, length = icns[offset:offset + 4], struct.unpack_from(">I", icns, offset + 4)[0]
        assert icns[offset + 8:offset + 16] == b"\x89PNG\r\n\x1a\n"
        found[kind_bytes.decode()] = struct.unpack_from(">I", icns, offset + 24)[0]
        offset += length
    assert found == dict(make_icons.ICNS_TYPES)
    spec = (PACKAGING / "medvault.spec").read_text("utf-8")
    assert '"windows" / "medvault.ico"' in spec and '"macos" / "medvault.icns"' in spec


def _fake_bundle(tmp_path: Path) -> Path:
    internal = tmp_path / "_internal"
    elf = b"\x7fELF" + b"\0" * 12
    for rel in ("libpython3.11.so.1.0", "libQt6Core.so.6", "libglib-2.0.so.0", "libcups.so.2",
                "libgnutls.so.30", "libgtk-3.so.0", "libcairo.so.2", "libz.so.1",
                "_cffi_backend.cpython-311-x86_64-linux-gnu.so",
                "PySide6/Qt/plugins/platformthemes/libqgtk3.so",
                "PySide6/Qt/plugins/printsupport/libcupsprintersupport.so",
                "PySide6/QtCore.abi3.so"):
        path = internal / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(elf)
    (internal / "PySide6" / "Qt" / "lib").mkdir(parents=True)
    (internal / "PySide6" / "Qt" / "lib" / "libgtk-3.so.0").symlink_to("../../../libgtk-3.so.0")
    return internal


NEEDS = {
    "QtCore.abi3.so": ["libQt6Core.so.6", "libpython3.11.so.1.0"],
    "libQt6Core.so.6": ["libglib-2.0.so.0", "libz.so.1", "libc.so.6"],
    "libqgtk3.so": ["libgtk-3.so.0", "libQt6Core.so.6"],
    "libgtk-3.so.0": ["libcairo.so.2", "libglib-2.0.so.0"],
    "libcupsprintersupport.so": ["libcups.so.2", "libQt6Core.so.6"],
    "libcups.so.2": ["libgnutls.so.30"],
}


def test_prune_drops_the_gtk_theme_and_what_only_it_or_cups_needed(tmp_path: Path) -> None:
    prune_bundle = _tool("prune_bundle")
    internal = _fake_bundle(tmp_path)
    removed = prune_bundle.prune(internal, lambda path: NEEDS.get(path.name, []))
    left = {p.name for p in internal.rglob("*")}
    # GTK theme gone, and GTK and cairo with it; CUPS comes from the system, so its
    # gnutls goes; zlib too (libz.so.1 is a system library the .deb depends on).
    for name in ("libqgtk3.so", "libgtk-3.so.0", "libcairo.so.2", "libcups.so.2",
                 "libgnutls.so.30", "libz.so.1"):
        assert name not in left, name
    # What Qt, Python and the kept print plugin need stays.
    for name in ("libQt6Core.so.6", "libglib-2.0.so.0", "libpython3.11.so.1.0",
                 "libcupsprintersupport.so", "_cffi_backend.cpython-311-x86_64-linux-gnu.so"):
        assert name in left, name
    assert "PySide6/Qt/lib/libgtk-3.so.0" in removed  # the dangling symlink


def test_every_system_library_is_a_deb_dependency() -> None:
    prune_bundle = _tool("prune_bundle")
    build_deb = (PACKAGING / "linux" / "build-deb.sh").read_text("utf-8")
    assert "prune_bundle.py\" --system-packages" in build_deb
    assert set(prune_bundle.SYSTEM_LIBRARIES.values()) >= {"libcups2", "zlib1g"}


def test_windows_installer_signs_everything_and_swaps_the_policy_in() -> None:
    iss = (PACKAGING / "windows" / "medvault.iss").read_text("utf-8")
    assert "SignTool=medvault" in iss and "SignedUninstaller=yes" in iss
    assert iss.count("signonce") == 2
    deploy = iss.split("function DeployPolicy", 1)[1].split("end;\n\nfunction", 1)[0]
    assert "DeleteFile(PolicyFile())" not in deploy, "never delete the old policy first"
    assert deploy.index("FileCopy(PolicySource, PolicyFile() + '.new'") < \
        deploy.index("MoveFileEx(PolicyFile() + '.new', PolicyFile()")
    assert "MOVEFILE_REPLACE_EXISTING" in deploy


def test_macos_signs_each_binary_with_a_timestamp_and_staples_the_app() -> None:
    script = (PACKAGING / "macos" / "build-dmg.sh").read_text("utf-8")
    assert "--deep --timestamp" not in script
    assert "codesign --force --timestamp --options runtime" in script
    assert 'xcrun stapler staple "$app"' in script and 'xcrun stapler staple "$dmg"' in script
    spec = (PACKAGING / "medvault.spec").read_text("utf-8")
    assert '"LSMinimumSystemVersion": _pyside_min_macos()' in spec


@pytest.mark.parametrize("tool", ["prune_bundle", "make_icons"])
def test_packaging_tools_have_usage_docs(tool: str) -> None:
    assert "Usage" in (_tool(tool).__doc__ or "") or "python packaging" in (
        _tool(tool).__doc__ or "")
