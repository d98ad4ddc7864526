"""The packaging files agree with the code and with the freedesktop/AppStream formats.

No installer is built here. The .desktop file, the AppStream metadata, the PyInstaller
spec and the installer scripts are parsed and cross-checked against pyproject.toml and
app.core.policy. build-deb.sh is run on a stand-in build where dpkg-deb exists, and
desktop-file-validate and appstreamcli run as extra checks where they are installed.
"""

from __future__ import annotations

import ast
import configparser
import gzip
import os
import re
import shlex
import shutil
import subprocess
import sys
import tomllib
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from app.core import policy

ROOT = Path(__file__).resolve().parents[2]
PACKAGING = ROOT / "packaging"
APP_ID = "org.medvault.MedVault"
DESKTOP = PACKAGING / "linux" / f"{APP_ID}.desktop"
METAINFO = PACKAGING / "linux" / f"{APP_ID}.metainfo.xml"
SPEC = PACKAGING / "medvault.spec"
LAUNCHER = PACKAGING / "launcher.py"
BUILD_DEB = PACKAGING / "linux" / "build-deb.sh"
BUILD_DMG = PACKAGING / "macos" / "build-dmg.sh"
ISS = PACKAGING / "windows" / "medvault.iss"

MAIN_CATEGORIES = {"AudioVideo", "Audio", "Video", "Development", "Education", "Game",
                   "Graphics", "Network", "Office", "Science", "Settings", "System", "Utility"}


def _project() -> dict[str, Any]:
    project: dict[str, Any] = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))[
        "project"]
    return project


def _project_version() -> str:
    return str(_project()["version"])


class _DesktopParser(configparser.ConfigParser):
    def optionxform(self, optionstr: str) -> str:
        return optionstr  # desktop-entry keys are case-sensitive


def _desktop_entry() -> configparser.SectionProxy:
    parser = _DesktopParser(interpolation=None, strict=True)
    parser.read_string(DESKTOP.read_text("utf-8"))
    assert parser.sections() == ["Desktop Entry"]
    return parser["Desktop Entry"]


def _metainfo() -> ET.Element:
    return ET.parse(METAINFO).getroot()


def _policy_path_on(monkeypatch: pytest.MonkeyPatch, platform: str) -> Path:
    monkeypatch.setattr(policy, "_test_system_path", None)
    monkeypatch.setattr(sys, "platform", platform)
    monkeypatch.setattr(policy, "windows_program_data", lambda: Path(r"C:\ProgramData"))
    return policy.system_policy_path()


# -- the .desktop file --------------------------------------------------------------------
def test_desktop_entry_has_the_required_keys() -> None:
    entry = _desktop_entry()
    for key in ("Type", "Name", "GenericName", "Comment", "Exec", "Icon", "Categories",
                "Keywords", "StartupWMClass", "Terminal"):
        assert entry.get(key, "").strip(), f"{DESKTOP.name} lacks {key}"
    assert entry["Type"] == "Application"
    assert entry["Terminal"] == "false"
    assert entry["Icon"] == APP_ID
    for key in ("Categories", "Keywords"):
        assert entry[key].endswith(";"), f"{key} is a list and must end with ';'"
    categories = entry["Categories"].rstrip(";").split(";")
    assert MAIN_CATEGORIES & set(categories), "Categories needs a registered main category"


def test_desktop_exec_runs_the_medvault_entry_point() -> None:
    scripts = _project()["scripts"]
    command, *args = shlex.split(_desktop_entry()["Exec"])
    assert command in scripts, f"Exec runs {command!r}, not a [project.scripts] entry"
    assert scripts[command] == "app.cli:main"
    assert _desktop_entry().get("TryExec", command) == command
    # A file passed by %f/%F/%u/%U would reach the CLI as an unknown subcommand (a usage
    # error, so nothing would open). Add a field code once `medvault PATH` opens a vault.
    assert not [a for a in args if a.startswith("%")], "the CLI cannot take a file yet"


# -- the AppStream metadata ---------------------------------------------------------------
def test_metainfo_identifies_the_desktop_application() -> None:
    component = _metainfo()
    assert component.tag == "component"
    assert component.get("type") == "desktop-application"
    assert component.findtext("id") == APP_ID
    assert component.findtext("metadata_license")
    assert component.findtext("project_license")
    assert component.findtext("name") == _desktop_entry()["Name"]
    summary = component.findtext("summary") or ""
    assert summary and not summary.endswith("."), "AppStream summaries have no final period"
    assert component.find("description/p") is not None

    launchables = component.findall("launchable")
    assert [(la.get("type"), la.text) for la in launchables] == [("desktop-id", DESKTOP.name)]
    assert [b.text for b in component.findall("provides/binary")] == ["medvault"]
    rating = component.find("content_rating")
    assert rating is not None and rating.get("type") == "oars-1.1"


def test_metainfo_lists_the_current_release() -> None:
    releases = _metainfo().findall("releases/release")
    assert releases, "no <release>"
    for release in releases:
        date.fromisoformat(release.get("date", ""))
    newest = releases[0]
    assert newest.get("version") == _project_version(), "newest release != pyproject version"
    versions = {r.get("version"): r.get("date") for r in releases}
    assert versions.get("0.1.0") == "2026-11-28"


def test_metainfo_screenshots_use_absolute_urls() -> None:
    # AppStream only accepts http(s) image URLs, so repository-relative paths cannot work.
    for image in _metainfo().iter("image"):
        assert (image.text or "").startswith("https://"), image.text


# -- PyInstaller ----------------------------------------------------------------------------
def _spec_lists() -> dict[str, list[str]]:
    """The literal lists assigned in the spec, by name (extended with += where literal)."""
    found: dict[str, list[str]] = {}
    for node in ast.walk(ast.parse(SPEC.read_text("utf-8"))):
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.List):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    try:
                        found[target.id] = [str(v) for v in ast.literal_eval(node.value)]
                    except ValueError:
                        continue
    return found


def test_spec_is_python_and_bundles_resources_and_data() -> None:
    source = SPEC.read_text("utf-8")
    compile(source, str(SPEC), "exec")
    assert re.search(r'ROOT / "resources"\), "resources"', source)
    assert (ROOT / "resources" / "icons" / "medvault.svg").is_file()
    assert '"app" / "core" / "data" / "*.txt"' in source
    assert list((ROOT / "app" / "core" / "data").glob("*.txt")), "package data to bundle"
    assert "launcher.py" in source


def test_spec_names_hidden_imports_and_keeps_the_qt_modules_in_use() -> None:
    lists = _spec_lists()
    hidden, excludes = lists["hiddenimports"], lists["excludes"]
    for module in ("sqlcipher3._sqlite3", "_argon2_cffi_bindings._ffi", "pyrage.pyrage"):
        assert module in hidden
    source = SPEC.read_text("utf-8")
    for package in ("keyring.backends", "argon2", "app"):
        assert f'collect_submodules("{package}")' in source
    kept = {"QtCharts", "QtPdf", "QtPdfWidgets", "QtSvg", "QtDBus", "QtPrintSupport",
            "QtCore", "QtGui", "QtWidgets"}
    for module in kept:
        assert f"PySide6.{module}" not in excludes
    for module in ("QtWebEngineCore", "Qt3DCore", "QtQuick3D", "QtMultimedia"):
        assert f"PySide6.{module}" in excludes
    used = set(re.findall(r"PySide6\.(Qt\w+)",
                          " ".join(p.read_text("utf-8") for p in (ROOT / "app").rglob("*.py"))))
    assert not {f"PySide6.{m}" for m in used} & set(excludes), "the spec excludes a module in use"


def test_the_installer_leaves_the_test_driver_out() -> None:
    # The end-to-end driver is test-only code: neither collected nor analysed in.
    lists = _spec_lists()
    assert lists["TEST_ONLY"] == ["app.ui.e2e_driver"]
    assert (ROOT / "app" / "ui" / "e2e_driver.py").is_file()
    source = SPEC.read_text("utf-8")
    assert "excludes += TEST_ONLY" in source
    assert '[m for m in collect_submodules("app") if m not in TEST_ONLY]' in source
    # Evaluate the filter the spec applies, with the real list of our modules.
    modules = sorted(".".join(p.relative_to(ROOT).with_suffix("").parts)
                     for p in (ROOT / "app").rglob("*.py") if p.stem != "__init__")
    kept = [m for m in modules if m not in lists["TEST_ONLY"]]
    assert "app.ui.e2e_driver" not in kept and "app.ui.launch" in kept


def test_launcher_calls_the_cli_main() -> None:
    tree = ast.parse(LAUNCHER.read_text("utf-8"))
    compile(tree, str(LAUNCHER), "exec")
    imports = [(n.module, [a.name for a in n.names]) for n in ast.walk(tree)
               if isinstance(n, ast.ImportFrom)]
    assert ("app.cli", ["main"]) in imports


# -- installer scripts ----------------------------------------------------------------------
@pytest.mark.parametrize("script", [BUILD_DEB, BUILD_DMG], ids=lambda p: p.name)
def test_shell_scripts_parse_and_are_strict(script: Path) -> None:
    result = subprocess.run(["bash", "-n", str(script)], capture_output=True, text=True,
                            check=False)
    assert result.returncode == 0, result.stderr
    assert "set -euo pipefail" in script.read_text("utf-8")
    assert os.access(script, os.X_OK), f"{script.name} is not executable"


def test_installers_put_the_policy_where_the_program_reads_it(
        monkeypatch: pytest.MonkeyPatch) -> None:
    linux = _policy_path_on(monkeypatch, "linux")
    deb = BUILD_DEB.read_text("utf-8")
    # The .deb ships only the template; the docs tell IT where the real file goes.
    assert f'"$pkg{linux}"' not in deb and "conffiles" not in deb.split("set -euo")[1]
    assert str(linux) in (PACKAGING / "README.md").read_text("utf-8")
    assert str(linux) in (PACKAGING / "linux" / "medvault.1").read_text("utf-8")

    mac = _policy_path_on(monkeypatch, "darwin")
    assert str(mac) in BUILD_DMG.read_text("utf-8")
    assert str(mac) in (PACKAGING / "README.md").read_text("utf-8")

    windows = _policy_path_on(monkeypatch, "win32")
    assert windows.parts[-2:] == ("MedVault", "policy.toml")
    iss = ISS.read_text("utf-8")
    assert "ExpandConstant('{commonappdata}\\MedVault')" in iss
    assert "PolicyDir() + '\\policy.toml'" in iss


def _iss_sections() -> dict[str, list[str]]:
    sections: dict[str, list[str]] = {}
    current = ""
    for raw in ISS.read_text("utf-8").splitlines():
        line = raw.strip()
        if re.fullmatch(r"\[\w+\]", line):
            current = line[1:-1]
            sections[current] = []
        elif line and not line.startswith((";", "#")) and current:  # "#": preprocessor
            sections[current].append(line)
    return sections


def test_windows_installer_is_per_machine_and_takes_a_policy() -> None:
    sections = _iss_sections()
    setup = dict(line.split("=", 1) for line in sections["Setup"])
    assert setup["DefaultDirName"] == "{autopf}\\MedVault"
    assert setup["PrivilegesRequired"] == "admin"
    assert "PrivilegesRequiredOverridesAllowed" not in setup, "must stay per-machine"
    assert re.fullmatch(r"\{\{[0-9A-F-]{36}\}", setup["AppId"])
    assert any(line.startswith('Name: "{autoprograms}') for line in sections["Icons"])
    code = "\n".join(sections["Code"])
    assert "{param:POLICY|}" in code
    assert "function InitializeSetup(): Boolean;" in code
    assert "function PrepareToInstall(var NeedsRestart: Boolean): String;" in code
    default_version = re.search(r'#define AppVersion "([^"]+)"', ISS.read_text("utf-8"))
    assert default_version and default_version.group(1) == _project_version()
    assert "skipifsilent" in " ".join(sections["Run"])


def test_windows_readme_gives_silent_commands() -> None:
    readme = (PACKAGING / "windows" / "README.md").read_text("utf-8")
    for text in ("/VERYSILENT", "/SUPPRESSMSGBOXES", "/POLICY=", "Group Policy", "Intune",
                 "--password-stdin"):
        assert text in readme


# -- optional validators and a real .deb ----------------------------------------------------
@pytest.mark.skipif(shutil.which("desktop-file-validate") is None,
                    reason="desktop-file-validate is not installed (extra check only)")
def test_desktop_file_validate() -> None:
    result = subprocess.run(["desktop-file-validate", str(DESKTOP)], capture_output=True,
                            text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.skipif(shutil.which("appstreamcli") is None,
                    reason="appstreamcli is not installed (extra check only)")
def test_appstreamcli_validate() -> None:
    result = subprocess.run(["appstreamcli", "validate", "--no-net", str(METAINFO)],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def _stand_in_build(tmp_path: Path) -> Path:
    """A PyInstaller one-folder build's shape, with a shell script for the program."""
    dist = tmp_path / "dist" / "medvault"
    (dist / "_internal").mkdir(parents=True)
    (dist / "medvault").write_text("#!/bin/sh\necho stand-in\n")
    (dist / "medvault").chmod(0o755)
    return dist


@pytest.mark.skipif(shutil.which("dpkg-deb") is None or shutil.which("dpkg") is None,
                    reason="dpkg-deb is not installed (only Debian-family hosts build .debs)")
def test_build_deb_packages_a_pyinstaller_folder(tmp_path: Path) -> None:
    dist = _stand_in_build(tmp_path)
    out = tmp_path / "out"
    env = {**os.environ, "PYTHON": sys.executable}
    result = subprocess.run([str(BUILD_DEB), "--dist", str(dist), "--out", str(out)],
                            capture_output=True, text=True, env=env, check=False, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    [deb] = out.glob("medvault_*.deb")
    assert deb.name.startswith(f"medvault_{_project_version()}_")

    def deb_query(*args: str) -> str:
        return subprocess.run(["dpkg-deb", *args, str(deb)], capture_output=True, text=True,
                              check=True).stdout

    assert deb_query("-I").count("Package: medvault") == 1
    depends = deb_query("-f").split("Depends:", 1)[1].splitlines()[0]
    for package in ("libegl1", "libxkbcommon0", "libfontconfig1", "libdbus-1-3"):
        assert package in depends
    for package in ("libcups2", "zlib1g", "libexpat1"):  # used from the system, not bundled
        assert package in depends
    # No conffile: IT creates /etc/medvault/policy.toml, so an edited policy can never make
    # an unattended upgrade stop at dpkg's question (exit 100, half-configured).
    control_files = deb_query("-I")
    assert "conffiles" not in control_files
    listing = deb_query("-c")
    for path in ("./usr/lib/medvault/medvault", "./usr/share/medvault/policy-template.toml",
                 f"./usr/share/applications/{APP_ID}.desktop",
                 f"./usr/share/metainfo/{APP_ID}.metainfo.xml",
                 f"./usr/share/icons/hicolor/scalable/apps/{APP_ID}.svg",
                 "./usr/share/doc/medvault/copyright", "./usr/share/doc/medvault/changelog.gz",
                 "./usr/share/man/man1/medvault.1.gz",
                 "./usr/share/lintian/overrides/medvault",
                 "./usr/bin/medvault -> ../lib/medvault/medvault"):
        assert path in listing, path
    assert "./etc/" not in listing and "./opt/" not in listing
    assert all(" root/root " in line for line in listing.splitlines())

    # The shipped template changes nothing: every key is commented out.
    unpacked = tmp_path / "unpacked"
    subprocess.run(["dpkg-deb", "-x", str(deb), str(unpacked)], check=True)
    shipped = unpacked / "usr" / "share" / "medvault" / "policy-template.toml"
    assert tomllib.loads(shipped.read_text("utf-8")) == {}
    load = policy.load_policy(shipped)
    assert load.policy == policy.Policy() and not load.issues
    with gzip.open(unpacked / "usr" / "share" / "man" / "man1" / "medvault.1.gz", "rt") as man:
        page = man.read()
    assert ".SH EXIT STATUS" in page


def test_build_deb_refuses_a_missing_build(tmp_path: Path) -> None:
    result = subprocess.run([str(BUILD_DEB), "--dist", str(tmp_path / "nothing"),
                             "--out", str(tmp_path)], capture_output=True, text=True,
                            check=False, env={**os.environ, "PYTHON": sys.executable})
    assert result.returncode != 0
    assert "pyinstaller" in result.stderr.lower() or "dpkg" in result.stderr
    assert not list(tmp_path.glob("*.deb"))


@pytest.mark.skipif(shutil.which("dpkg-deb") is None,
                    reason="dpkg-deb is not installed (only Debian-family hosts build .debs)")
def test_build_deb_takes_a_compression_level_and_refuses_a_wrong_one(tmp_path: Path) -> None:
    dist = _stand_in_build(tmp_path)

    def build(level: str, out: Path) -> subprocess.CompletedProcess[str]:
        env = {**os.environ, "PYTHON": sys.executable, "DEB_COMPRESSION_LEVEL": level}
        return subprocess.run([str(BUILD_DEB), "--dist", str(dist), "--out", str(out)],
                              capture_output=True, text=True, env=env, check=False,
                              timeout=120)

    refused = build("fast", tmp_path / "refused")
    assert refused.returncode != 0
    assert "DEB_COMPRESSION_LEVEL is a digit from 0 to 9" in refused.stderr
    assert not list((tmp_path / "refused").glob("*.deb"))
    built = build("1", tmp_path / "built")
    assert built.returncode == 0, built.stdout + built.stderr
    assert len(list((tmp_path / "built").glob("medvault_*.deb"))) == 1
