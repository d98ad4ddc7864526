#!/usr/bin/env bash
# Build dist/MedVault-<version>.dmg from the PyInstaller app bundle dist/MedVault.app.
# Run on macOS, after:
#
#   pyinstaller --noconfirm --clean packaging/medvault.spec
#
# Usage: packaging/macos/build-dmg.sh [--app PATH] [--out DIR]
#
# Optional, through the environment:
#   CODESIGN_IDENTITY  a "Developer ID Application: ..." identity in the keychain; the app
#                      and the disk image are signed with the hardened runtime.
#   NOTARY_PROFILE     a notarytool keychain profile (xcrun notarytool store-credentials);
#                      the signed app is notarized and stapled, then the disk image.
# Without them the disk image is unsigned: fine for testing, but Gatekeeper will refuse
# to open the app on other Macs.
#
# The machine policy is not inside the app. IT puts it in
#   /Library/Application Support/MedVault/policy.toml
# (see packaging/README.md).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
app="$root/dist/MedVault.app"
out="$root/dist"
identity="${CODESIGN_IDENTITY:-}"
notary_profile="${NOTARY_PROFILE:-}"
entitlements="$here/entitlements.plist"

say() { printf '==> %s\n' "$*"; }
die() { printf 'build-dmg: error: %s\n' "$*" >&2; exit 1; }
usage() { sed -n '2,19p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }

while (($#)); do
    case "$1" in
        --app) [[ $# -ge 2 ]] || die "--app needs a path"; app="$2"; shift 2 ;;
        --out) [[ $# -ge 2 ]] || die "--out needs a folder"; out="$2"; shift 2 ;;
        -h | --help) usage; exit 0 ;;
        *) usage >&2; die "unknown argument: $1" ;;
    esac
done

[[ "$(uname -s)" == Darwin ]] || die "this script runs on macOS (hdiutil and codesign are macOS tools)."
command -v hdiutil >/dev/null || die "hdiutil not found."
[[ -d "$app/Contents/MacOS" ]] \
    || die "no app bundle at $app. Run 'pyinstaller --noconfirm --clean packaging/medvault.spec' from $root on this Mac first, or pass --app PATH."
[[ -z "$notary_profile" || -n "$identity" ]] \
    || die "NOTARY_PROFILE is set but CODESIGN_IDENTITY is not: Apple notarizes signed apps only."

version="$(/usr/libexec/PlistBuddy -c 'Print :CFBundleShortVersionString' "$app/Contents/Info.plist")" \
    || die "could not read the version from $app/Contents/Info.plist."
mkdir -p "$out"
out="$(cd "$out" && pwd)"
dmg="$out/MedVault-$version.dmg"

# -- optional: sign the app, inside out ----------------------------------------------------
sign() {
    codesign --force --timestamp --options runtime --entitlements "$entitlements" \
        --sign "$identity" "$@"
}
if [[ -n "$identity" ]]; then
    [[ -f "$entitlements" ]] || die "missing $entitlements."
    say "Signing every binary in $app as \"$identity\" (hardened runtime, timestamped)"
    # Apple's notary service checks every Mach-O file for its own signature with a secure
    # timestamp; `codesign --deep` signs only what it recognises as nested code and is
    # deprecated for signing. So: each library, plugin and helper first (each file carries
    # its own signature, so their order does not matter), then the frameworks that contain
    # them, then the app.
    while IFS= read -r -d '' file; do
        if file -b "$file" | grep -q 'Mach-O'; then
            sign "$file"
        fi
    done < <(find "$app/Contents" -type f ! -path "$app/Contents/MacOS/medvault" -print0)
    while IFS= read -r -d '' framework; do
        sign "$framework"
    done < <(find "$app/Contents" -type d -name '*.framework' -print0)
    sign "$app"
    codesign --verify --deep --strict --verbose=2 "$app"
else
    say "CODESIGN_IDENTITY not set: the app and disk image stay unsigned."
fi

# -- optional: notarize the app and staple its ticket --------------------------------------
# Stapling the app itself (not only the disk image) lets Gatekeeper check it offline
# after it has been copied out of the image, as practice Macs often are.
if [[ -n "$notary_profile" ]]; then
    say "Notarizing $app (this can take several minutes)"
    zip="$(mktemp -d)/MedVault.zip"
    ditto -c -k --keepParent "$app" "$zip"
    xcrun notarytool submit "$zip" --keychain-profile "$notary_profile" --wait
    xcrun stapler staple "$app"
    xcrun stapler validate "$app"
    rm -rf "$(dirname "$zip")"
fi

# -- the disk image: the app and a link to /Applications to drag it onto ------------------
stage="$(mktemp -d)"
trap 'rm -rf "$stage"' EXIT
say "Building $dmg"
cp -R "$app" "$stage/MedVault.app"
ln -s /Applications "$stage/Applications"
hdiutil create -volname "MedVault $version" -srcfolder "$stage" -fs HFS+ \
    -format UDZO -ov "$dmg" >/dev/null

if [[ -n "$identity" ]]; then
    say "Signing $dmg"
    codesign --force --timestamp --sign "$identity" "$dmg"
fi

# -- optional: notarize -------------------------------------------------------------------
if [[ -n "$notary_profile" ]]; then
    say "Notarizing $dmg (this can take several minutes)"
    xcrun notarytool submit "$dmg" --keychain-profile "$notary_profile" --wait
    xcrun stapler staple "$dmg"
    spctl --assess --type open --context context:primary-signature --verbose=2 "$dmg"
else
    say "NOTARY_PROFILE not set: the disk image is not notarized."
fi

say "Done: $dmg"
cat <<EOF

The machine policy goes to /Library/Application Support/MedVault/policy.toml, owned by
root and writable only by root:
    sudo install -d -o root -g wheel -m 0755 "/Library/Application Support/MedVault"
    sudo install -o root -g wheel -m 0644 policy.toml "/Library/Application Support/MedVault/policy.toml"
EOF
