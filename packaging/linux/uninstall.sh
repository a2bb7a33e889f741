#!/bin/sh
# Remove Enclave installed by install.sh (per user). Asks before deleting your data.
#
#   uninstall.sh                remove the app; ask whether to delete your Enclave data too
#   uninstall.sh --keep-data    remove the app, keep the data without asking
#   uninstall.sh --delete-data  remove the app and the data without asking
#
# Without a terminal to ask on and without a flag, the data is kept.
set -eu

DATA_HOME=${XDG_DATA_HOME:-$HOME/.local/share}
PREFIX=$DATA_HOME/enclave
BIN_DIR=$HOME/.local/bin
APPS_DIR=$DATA_HOME/applications
ICON_DIR=$DATA_HOME/icons/hicolor
MARKER=.enclave-install
USER_DATA=${ENCLAVE_HOME:-$DATA_HOME/Enclave}

choice=ask
case "${1:-}" in
    "") ;;
    --keep-data) choice=keep ;;
    --delete-data) choice=delete ;;
    -h|--help) sed -n '2,8p' "$0"; exit 0 ;;
    *) printf 'uninstall.sh: unknown option %s (use --keep-data or --delete-data)\n' "$1" >&2; exit 2 ;;
esac

removed=0
if [ -d "$PREFIX" ]; then
    if [ -f "$PREFIX/$MARKER" ]; then
        rm -rf "$PREFIX"; removed=1
    else
        printf 'uninstall.sh: %s was not created by install.sh; leaving it alone\n' "$PREFIX" >&2
    fi
fi
# Only our own link: a different `enclave` in ~/.local/bin (say, from pip) stays.
if [ -L "$BIN_DIR/enclave" ]; then
    case "$(readlink "$BIN_DIR/enclave")" in
        "$PREFIX/enclave") rm -f "$BIN_DIR/enclave" ;;
    esac
fi
rm -f "$APPS_DIR/enclave.desktop"
for icon in "$ICON_DIR"/*/apps/enclave.png "$ICON_DIR"/scalable/apps/enclave.svg; do
    if [ -f "$icon" ]; then rm -f "$icon"; fi
done
if command -v update-desktop-database >/dev/null 2>&1 && [ -d "$APPS_DIR" ]; then
    update-desktop-database -q "$APPS_DIR" || true
fi
if [ "$removed" = 1 ]; then echo "Enclave has been removed from $PREFIX"; else echo "Enclave was not installed in $PREFIX"; fi

if [ ! -d "$USER_DATA" ]; then
    exit 0
fi
if [ "$choice" = ask ]; then
    if [ -t 0 ]; then
        printf 'Also delete your Enclave data in %s\n(document index, chat history, settings, cloud ledger)? [y/N] ' "$USER_DATA"
        read -r answer || answer=
        case "$answer" in [yY]|[yY][eE][sS]) choice=delete ;; *) choice=keep ;; esac
    else
        choice=keep
    fi
fi
if [ "$choice" = delete ]; then
    case "$USER_DATA" in
        /|"$HOME"|"$HOME"/|"$DATA_HOME"|"$DATA_HOME"/)
            printf 'uninstall.sh: refusing to delete %s (ENCLAVE_HOME points at a shared folder)\n' "$USER_DATA" >&2
            exit 1 ;;
    esac
    rm -rf "$USER_DATA"
    echo "Deleted your Enclave data in $USER_DATA"
else
    echo "Kept your Enclave data in $USER_DATA (delete that folder yourself to remove it)"
fi
