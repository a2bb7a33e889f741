"""The app's side of the global hotkey: parse the setting, pick the platform's backend, report in words."""
from __future__ import annotations

import os
import sys
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QGuiApplication, QKeySequence

WAYLAND = ("Wayland does not let applications grab a key for the whole desktop. Add a shortcut in your "
           "desktop's keyboard settings instead, or use the tray icon's “Quick query”.")
NO_DESKTOP = "there is no desktop session here (no X11 display), so no hotkey is registered."
_MODIFIERS = ((Qt.KeyboardModifier.ControlModifier, "ctrl"), (Qt.KeyboardModifier.AltModifier, "alt"),
              (Qt.KeyboardModifier.ShiftModifier, "shift"), (Qt.KeyboardModifier.MetaModifier, "meta"))


class HotkeyError(ValueError):
    """The setting is not a usable combination; the message says why."""


def parse_sequence(text: str) -> tuple[set[str], str]:
    """"Ctrl+Alt+Space" -> ({"ctrl", "alt"}, "Space"); one combination with at least one modifier."""
    sequence = QKeySequence(text.strip())
    if sequence.count() != 1 or sequence[0].key() == Qt.Key.Key_unknown:
        raise HotkeyError(f"“{text}” is not one key combination (write it like Ctrl+Alt+Space)")
    combination = sequence[0]
    modifiers = {name for flag, name in _MODIFIERS if combination.keyboardModifiers() & flag}
    if not modifiers:
        raise HotkeyError(f"“{text}” has no Ctrl, Alt, Shift or Meta: a single key would be taken from every program")
    key = QKeySequence(combination.key()).toString()
    if not key:
        raise HotkeyError(f"“{text}” names a key Enclave cannot register")
    return modifiers, key


def x11_keysym_name(key: str) -> str:
    """Qt's key name -> X keysym name ("Space" -> "space", "K" -> "k", "F9" -> "F9")."""
    if len(key) == 1:
        return key.lower()
    return {"Space": "space", "Return": "Return", "Esc": "Escape", "Tab": "Tab", "Backspace": "BackSpace",
            "Ins": "Insert", "Del": "Delete", "PgUp": "Prior", "PgDown": "Next"}.get(key, key)


def windows_vk(key: str) -> int | None:
    if len(key) == 1 and key.isalnum():
        return ord(key.upper())
    if key.startswith("F") and key[1:].isdigit() and 1 <= int(key[1:]) <= 24:
        return 0x70 + int(key[1:]) - 1
    return {"Space": 0x20, "Return": 0x0D, "Tab": 0x09, "Esc": 0x1B}.get(key)


class GlobalHotkey(QObject):
    """`pressed` (on the GUI thread) when the registered combination is pressed anywhere on the desktop."""

    pressed = Signal()
    _from_thread = Signal()

    def __init__(self, platform: str | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.platform = platform
        self.sequence = ""
        self.status = "Off."
        self.registered = False
        self._backend: Any = None
        self._from_thread.connect(self.pressed, Qt.ConnectionType.QueuedConnection)

    def register(self, sequence: str, display_name: str | None = None) -> bool:
        """Replace any earlier registration; `status` says what happened, for the Settings dialog."""
        self.unregister()
        self.sequence = sequence.strip()
        if not self.sequence:
            self.status = "Off (no combination set)."
            return False
        try:
            modifiers, key = parse_sequence(self.sequence)
        except HotkeyError as exc:
            self.status = f"Off: {exc}."
            return False
        problem = self._start(modifiers, key, display_name)
        self.registered = problem is None
        self.status = (f"{self.sequence} opens the quick query from any program." if self.registered
                       else f"Off: {problem}")
        return self.registered

    def _start(self, modifiers: set[str], key: str, display_name: str | None) -> str | None:
        platform = self.platform or (QGuiApplication.platformName() if QGuiApplication.instance() else "")
        if os.environ.get("XDG_SESSION_TYPE") == "wayland" or platform.startswith("wayland"):
            return WAYLAND
        if sys.platform == "darwin" or platform == "cocoa":
            from app.gui.hotkey.macos import MacHotkey, carbon_virtual_key
            virtual_key = carbon_virtual_key(key)
            if virtual_key is None:
                return f"the key “{key}” cannot be registered on macOS"
            self._backend = MacHotkey(modifiers, virtual_key, self._from_thread.emit)
        elif platform == "windows":
            from app.gui.hotkey.windows import WindowsHotkey
            vk = windows_vk(key)
            if vk is None:
                return f"the key “{key}” cannot be registered on Windows"
            self._backend = WindowsHotkey(modifiers, vk, self._from_thread.emit)
        elif platform == "xcb":
            from app.gui.hotkey.x11 import X11Grab
            self._backend = X11Grab(modifiers, x11_keysym_name(key), self._from_thread.emit, display_name)
        else:
            return NO_DESKTOP
        problem = self._backend.start()
        if problem is not None:
            self._backend = None
        return problem

    def unregister(self) -> None:
        if self._backend is not None:
            self._backend.stop()
            self._backend = None
        self.registered = False
