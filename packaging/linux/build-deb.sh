#!/usr/bin/env bash
# Build a Debian package (medvault_<version>_<arch>.deb) from the PyInstaller one-folder
# build in dist/medvault. Run from anywhere, after:
#
#   pyinstaller --noconfirm --clean packaging/medvault.spec
#
# Usage: packaging/linux/build-deb.sh [--dist DIR] [--out DIR]
#
# Environment: DEB_MAINTAINER overrides the Maintainer field; PYTHON names a Python 3.11+
# interpreter (default python3), used to read pyproject.toml and check the policy template;
# DEB_COMPRESSION is dpkg-deb's compressor (default gzip; xz for release uploads);
# DEB_COMPRESSION_LEVEL its level (default dpkg-deb's own, 9 for gzip; CI uses 1, which
# packs the same files faster into a larger .deb).
#
# What the package installs:
#   /usr/lib/medvault/                  the PyInstaller folder
#   /usr/bin/medvault                   symlink to ../lib/medvault/medvault
#   /usr/share/applications/            org.medvault.MedVault.desktop
#   /usr/share/metainfo/                org.medvault.MedVault.metainfo.xml
#   /usr/share/icons/hicolor/scalable/apps/org.medvault.MedVault.svg
#   /usr/share/medvault/policy-template.toml
#                                       every policy key, commented out. The package does
#                                       not install /etc/medvault/policy.toml: IT creates
#                                       it (a conffile that IT edits makes unattended
#                                       upgrades stop at dpkg's prompt, exit 100).
#   /usr/share/doc/medvault/            copyright (bundled components and licences),
#                                       changelog.gz
#   /usr/share/man/man1/medvault.1.gz   the man page
#   /usr/share/doc/medvault/examples/   systemd service and timer for nightly backups
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
app_id="org.medvault.MedVault"
python="${PYTHON:-python3}"
maintainer="${DEB_MAINTAINER:-MedVault Maintainers <maintainers@medvault.invalid>}"
dist="$root/dist/medvault"
out="$root/dist"

say() { printf '==> %s\n' "$*"; }
warn() { printf 'build-deb: warning: %s\n' "$*" >&2; }
die() { printf 'build-deb: error: %s\n' "$*" >&2; exit 1; }
usage() { sed -n '2,11p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }

while (($#)); do
    case "$1" in
        --dist) [[ $# -ge 2 ]] || die "--dist needs a folder"; dist="$2"; shift 2 ;;
        --out) [[ $# -ge 2 ]] || die "--out needs a folder"; out="$2"; shift 2 ;;
        -h | --help) usage; exit 0 ;;
        *) usage >&2; die "unknown argument: $1" ;;
    esac
done

# -- check the inputs before building anything --------------------------------------------
command -v dpkg-deb >/dev/null || die "dpkg-deb is not installed (apt-get install dpkg-dev)."
command -v dpkg >/dev/null || die "dpkg is not installed; build the .deb on Debian or Ubuntu."
command -v "$python" >/dev/null || die "$python not found; set PYTHON to a Python 3.11+ interpreter."
"$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
    || die "$python is older than 3.11 (tomllib is needed); set PYTHON to a newer one."

[[ -x "$dist/medvault" && -d "$dist/_internal" ]] \
    || die "no PyInstaller build in $dist. Run 'pyinstaller --noconfirm --clean packaging/medvault.spec' from $root first, or pass --dist DIR."

desktop="$here/$app_id.desktop"
metainfo="$here/$app_id.metainfo.xml"
icon="$root/resources/icons/medvault.svg"
policy="$root/packaging/policy-template.toml"
copyright="$here/copyright"
changelog="$here/changelog"
manpage="$here/medvault.1"
for f in "$desktop" "$metainfo" "$icon" "$policy" "$copyright" "$changelog" "$manpage" \
         "$here/lintian-overrides"; do
    [[ -f "$f" ]] || die "missing $f"
done

# The shipped policy must not set anything: an empty policy means the built-in defaults,
# and IT opts in to each rule by uncommenting it.
"$python" - "$policy" <<'PY' || die "packaging/policy-template.toml must parse as TOML with every key commented out."
import sys, tomllib
with open(sys.argv[1], "rb") as f:
    data = tomllib.load(f)
if data:
    print(f"active keys in the template: {', '.join(sorted(data))}", file=sys.stderr)
    sys.exit(1)
PY

if command -v desktop-file-validate >/dev/null; then
    desktop-file-validate "$desktop" || die "$desktop is not valid (see above)."
else
    warn "desktop-file-validate not found; the .desktop file was not validated."
fi
if command -v appstreamcli >/dev/null; then
    appstreamcli validate --no-net "$metainfo" || die "$metainfo is not valid (see above)."
else
    warn "appstreamcli not found; the AppStream metadata was not validated."
fi

# PEP 440 pre-releases (0.2.0rc1, 0.2.0.dev3) sort before the release in Debian only with ~.
py_version="$("$python" -c 'import sys, tomllib; print(tomllib.load(open(sys.argv[1], "rb"))["project"]["version"])' "$root/pyproject.toml")"
version="$(printf '%s' "$py_version" | sed -E 's/\.?(a|b|rc|dev)([0-9]+)$/~\1\2/')"
arch="$(dpkg --print-architecture)"
# The PyInstaller bootloader and bundled libraries need at least the build machine's glibc.
glibc="$(getconf GNU_LIBC_VERSION | awk '{print $2}')"
[[ -n "$glibc" ]] || die "could not read the glibc version (getconf GNU_LIBC_VERSION)."

# -- stage the package tree ---------------------------------------------------------------
mkdir -p "$out"
out="$(cd "$out" && pwd)"
deb="$out/medvault_${version}_${arch}.deb"
stage="$(mktemp -d)"
trap 'rm -rf "$stage"' EXIT
pkg="$stage/medvault"

say "Staging MedVault $version ($arch) from $dist"
install -d "$pkg/usr/lib" "$pkg/usr/bin" "$pkg/DEBIAN" "$pkg/usr/share/medvault" \
    "$pkg/usr/share/applications" "$pkg/usr/share/metainfo" \
    "$pkg/usr/share/icons/hicolor/scalable/apps" "$pkg/usr/share/doc/medvault" \
    "$pkg/usr/share/man/man1"
cp -a "$dist" "$pkg/usr/lib/medvault"
ln -s ../lib/medvault/medvault "$pkg/usr/bin/medvault"
install -m 0644 "$desktop" "$pkg/usr/share/applications/$app_id.desktop"
install -m 0644 "$metainfo" "$pkg/usr/share/metainfo/$app_id.metainfo.xml"
install -m 0644 "$icon" "$pkg/usr/share/icons/hicolor/scalable/apps/$app_id.svg"
install -m 0644 "$policy" "$pkg/usr/share/medvault/policy-template.toml"
install -m 0644 "$copyright" "$pkg/usr/share/doc/medvault/copyright"
install -D -m 0644 "$here/lintian-overrides" "$pkg/usr/share/lintian/overrides/medvault"
# Nightly backups with systemd: examples for IT to copy to /etc/systemd/system.
install -D -m 0644 "$here/medvault-backup.service" \
    "$pkg/usr/share/doc/medvault/examples/medvault-backup.service"
install -m 0644 "$here/medvault-backup.timer" "$pkg/usr/share/doc/medvault/examples/"
# A native package (no Debian revision in the version) names it changelog.gz.
gzip -9n <"$changelog" >"$pkg/usr/share/doc/medvault/changelog.gz"
# The man page's command list comes from the program's own parser.
PYTHONPATH="$root" "$python" "$root/packaging/tools/manpage.py" | gzip -9n \
    >"$pkg/usr/share/man/man1/medvault.1.gz"
chmod 0644 "$pkg/usr/share/doc/medvault/changelog.gz" "$pkg/usr/share/man/man1/medvault.1.gz"

# Nothing in the tree may be writable by anyone but root (the package is owned by root).
chmod -R u+rwX,go+rX,go-w "$pkg"
chmod 0755 "$pkg/usr/lib/medvault/medvault"

installed_kib="$(du -sk --exclude=DEBIAN "$pkg" | cut -f1)"
# The libraries prune_bundle.py takes from the system rather than the bundle.
system_libs="$("$python" "$root/packaging/tools/prune_bundle.py" --system-packages)"

# Qt's X11 and Wayland plugins load these from the system; PyInstaller leaves them out of
# the bundle on purpose (libGL, libEGL, libxcb) or finds them missing on the build host.
# $system_libs: libraries used from the system, not bundled (packaging/tools/prune_bundle.py).
cat >"$pkg/DEBIAN/control" <<EOF
Package: medvault
Version: $version
Architecture: $arch
Maintainer: $maintainer
Installed-Size: $installed_kib
Depends: libc6 (>= $glibc), libegl1, libgl1, libxkbcommon0, libxkbcommon-x11-0, libfontconfig1, libfreetype6, libdbus-1-3, libx11-6, libx11-xcb1, libxcb1, libxcb-cursor0, libxcb-icccm4, libxcb-keysyms1, libwayland-client0, libwayland-cursor0, libwayland-egl1, $system_libs
Section: misc
Priority: optional
Description: encrypted desktop vault for health records
 MedVault keeps a small practice's or a patient's health records in one
 encrypted vault (SQLCipher) on this computer, with per-user sign-in,
 role-based compartments, a tamper-evident audit log and verified backups.
 .
 A machine policy in /etc/medvault/policy.toml (start from
 /usr/share/medvault/policy-template.toml) lets IT set rules that users cannot
 weaken. The medvault command sets up vaults and users from a script.
EOF
chmod 0644 "$pkg/DEBIAN/control"

# -- build --------------------------------------------------------------------------------
say "Building $deb"
# gzip by default: on a 2-core machine it takes ~25 s here, xz -6 seven minutes for a
# 20 % smaller file (set DEB_COMPRESSION=xz for a release upload). Debian's archive tools
# and lintian accept gzip and xz, not zstd.
level=()
if [ -n "${DEB_COMPRESSION_LEVEL:-}" ]; then
  case "$DEB_COMPRESSION_LEVEL" in
    [0-9]) level=(-z"$DEB_COMPRESSION_LEVEL") ;;
    *) die "DEB_COMPRESSION_LEVEL is a digit from 0 to 9, not '$DEB_COMPRESSION_LEVEL'." ;;
  esac
fi
dpkg-deb --root-owner-group -Z"${DEB_COMPRESSION:-gzip}" "${level[@]}" --build "$pkg" "$deb" \
  >/dev/null
dpkg-deb --info "$deb" | sed -n '/Package:/,$p'
say "Done: $deb"
cat <<EOF

Install or upgrade it (unattended as well; the package has no conffile to ask about):
    sudo apt-get install $deb
Then, for a managed machine, create the policy from the template and check it:
    sudo install -D -m 0644 /usr/share/medvault/policy-template.toml /etc/medvault/policy.toml
    medvault policy check /etc/medvault/policy.toml
EOF
