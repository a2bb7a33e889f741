#!/usr/bin/env bash
# Wrap dist/Enclave.app into a compressed, drag-to-Applications disk image (macOS only: hdiutil).
#
#   bash packaging/macos/make_dmg.sh dist/Enclave.app dist/Enclave-0.1.0-macos-arm64.dmg 0.1.0
#
# packaging/build.py runs this after PyInstaller. Signing and notarization are left to the
# release machine: set ENCLAVE_CODESIGN_ID to a "Developer ID Application: ..." identity to sign.
set -euo pipefail

APP=${1:?usage: make_dmg.sh APP DMG VERSION}
DMG=${2:?usage: make_dmg.sh APP DMG VERSION}
VERSION=${3:?usage: make_dmg.sh APP DMG VERSION}

command -v hdiutil >/dev/null || { echo "make_dmg.sh: hdiutil not found (this recipe runs on macOS only)" >&2; exit 2; }
[ -d "$APP/Contents/MacOS" ] || { echo "make_dmg.sh: $APP is not an .app bundle" >&2; exit 2; }

if [ -n "${ENCLAVE_CODESIGN_ID:-}" ]; then
    codesign --force --deep --options runtime --timestamp --sign "$ENCLAVE_CODESIGN_ID" "$APP"
fi

STAGING=$(mktemp -d)
trap 'rm -rf "$STAGING"' EXIT
cp -R "$APP" "$STAGING/"
ln -s /Applications "$STAGING/Applications"
rm -f "$DMG"
hdiutil create -volname "Enclave $VERSION" -srcfolder "$STAGING" -fs HFS+ -format UDZO -imagekey zlib-level=9 -ov "$DMG"
if [ -n "${ENCLAVE_CODESIGN_ID:-}" ]; then
    codesign --sign "$ENCLAVE_CODESIGN_ID" --timestamp "$DMG"
fi
echo "built $DMG"
