#!/bin/sh
# Install Enclave for the current user only (no root): run from the unpacked release tarball.
#
#   ./install.sh            installs into ~/.local/share/enclave, links ~/.local/bin/enclave,
#                           adds the menu entry, the icon and "Open with Enclave" for
#                           PDF, TXT, Markdown and DOCX (Enclave does not become the default app).
#
# Honours XDG_DATA_HOME. Running it again upgrades in place; your documents index, chat history
# and settings (in ~/.local/share/Enclave) are never touched.
set -eu

HERE=$(CDPATH= cd -- "$(dirname -- "$0")" && pwd)
DATA_HOME=${XDG_DATA_HOME:-$HOME/.local/share}
PREFIX=$DATA_HOME/enclave
BIN_DIR=$HOME/.local/bin
APPS_DIR=$DATA_HOME/applications
ICON_DIR=$DATA_HOME/icons/hicolor
MARKER=.enclave-install

say() { printf '%s\n' "$*"; }
fail() { printf 'install.sh: %s\n' "$*" >&2; exit 1; }

[ -x "$HERE/enclave/enclave" ] || fail "no built app at $HERE/enclave/enclave (run this from the unpacked release)"
[ -f "$HERE/enclave.desktop" ] || fail "enclave.desktop is missing next to install.sh"
[ -n "${HOME:-}" ] || fail "HOME is not set"

# Replace an earlier install, but only a folder this script created.
if [ -e "$PREFIX" ]; then
    [ -f "$PREFIX/$MARKER" ] || fail "$PREFIX exists and was not created by this installer; move it away first"
    rm -rf "$PREFIX"
fi
mkdir -p "$PREFIX" "$BIN_DIR" "$APPS_DIR"
cp -R "$HERE/enclave/." "$PREFIX/"
cp "$HERE/uninstall.sh" "$PREFIX/uninstall.sh"
chmod +x "$PREFIX/enclave" "$PREFIX/uninstall.sh"
printf 'installed by install.sh\n' > "$PREFIX/$MARKER"

ln -sfn "$PREFIX/enclave" "$BIN_DIR/enclave"

# The menu entry points at the installed binary by absolute path: ~/.local/bin is not on
# every desktop session's PATH.
sed -e "s|^Exec=.*|Exec=\"$PREFIX/enclave\" %F|" -e "s|^TryExec=.*|TryExec=$PREFIX/enclave|" \
    "$HERE/enclave.desktop" > "$APPS_DIR/enclave.desktop"
chmod 644 "$APPS_DIR/enclave.desktop"

for png in "$HERE"/icons/enclave-*.png; do
    [ -f "$png" ] || continue
    size=$(basename "$png" .png); size=${size#enclave-}
    mkdir -p "$ICON_DIR/${size}x${size}/apps"
    cp "$png" "$ICON_DIR/${size}x${size}/apps/enclave.png"
done
if [ -f "$HERE/icons/enclave.svg" ]; then
    mkdir -p "$ICON_DIR/scalable/apps"
    cp "$HERE/icons/enclave.svg" "$ICON_DIR/scalable/apps/enclave.svg"
fi

# Refresh the desktop's caches where the tools exist; all are optional.
if command -v update-desktop-database >/dev/null 2>&1; then
    update-desktop-database -q "$APPS_DIR" || true
fi
if command -v gtk-update-icon-cache >/dev/null 2>&1 && [ -f "$ICON_DIR/index.theme" ]; then
    gtk-update-icon-cache -q -t "$ICON_DIR" || true
fi
if command -v xdg-desktop-menu >/dev/null 2>&1; then
    xdg-desktop-menu forceupdate >/dev/null 2>&1 || true
fi

say "Enclave is installed in $PREFIX"
say "  start it from your applications menu, or run: $BIN_DIR/enclave"
case ":$PATH:" in
    *":$BIN_DIR:"*) ;;
    *) say "  note: $BIN_DIR is not on your PATH; add it to use 'enclave' in a terminal" ;;
esac
say "  uninstall with: $PREFIX/uninstall.sh"
