"""macOS: Carbon RegisterEventHotKey for one combination, through quickmachotkey (PyObjC).

RegisterEventHotKey is what macOS apps and the sandbox-friendly shortcut frameworks use
under the hood: the system tells the app only when the one registered combination is
pressed. It needs no Accessibility permission, unlike a keyboard monitor, which would see
every key (a key logger). The handler is called from the main run loop, which Qt's Cocoa
event loop runs; the manager relays it through a queued signal all the same.

Not run in this project's tests (they run on Linux): the tests drive this module's logic
with a stand-in for quickmachotkey; the key codes are Carbon's kVK_* (HIToolbox/Events.h).
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

# Qt's "Ctrl" is the Command key on macOS and its "Meta" the Control key (Qt's own mapping),
# so a combination written in Settings means the same keys Qt shows for it in menus.
CARBON_MODIFIERS = {"ctrl": 0x100, "shift": 0x200, "alt": 0x800, "meta": 0x1000}   # cmdKey, shiftKey, optionKey, controlKey

# Carbon virtual key codes are key positions on an ANSI (US) keyboard.
_LETTERS = dict(zip("ASDFHGZXCV", range(0x00, 0x0A))) | {
    "B": 0x0B, "Q": 0x0C, "W": 0x0D, "E": 0x0E, "R": 0x0F, "Y": 0x10, "T": 0x11, "O": 0x1F, "U": 0x20,
    "I": 0x22, "P": 0x23, "L": 0x25, "J": 0x26, "K": 0x28, "N": 0x2D, "M": 0x2E}
_DIGITS = {"1": 0x12, "2": 0x13, "3": 0x14, "4": 0x15, "6": 0x16, "5": 0x17, "9": 0x19, "7": 0x1A,
           "8": 0x1C, "0": 0x1D}
_FUNCTION_KEYS = {1: 0x7A, 2: 0x78, 3: 0x63, 4: 0x76, 5: 0x60, 6: 0x61, 7: 0x62, 8: 0x64, 9: 0x65, 10: 0x6D,
                  11: 0x67, 12: 0x6F, 13: 0x69, 14: 0x6B, 15: 0x71, 16: 0x6A, 17: 0x40, 18: 0x4F, 19: 0x50,
                  20: 0x5A}
_NAMED = {"Space": 0x31, "Return": 0x24, "Tab": 0x30, "Esc": 0x35, "Backspace": 0x33, "Del": 0x75,
          "Home": 0x73, "End": 0x77, "PgUp": 0x74, "PgDown": 0x79, "Left": 0x7B, "Right": 0x7C,
          "Down": 0x7D, "Up": 0x7E}


def carbon_virtual_key(key: str) -> int | None:
    """Qt's key name ("Space", "K", "F9") -> Carbon's virtual key code, or None if it has none here."""
    if key.startswith("F") and key[1:].isdigit():
        return _FUNCTION_KEYS.get(int(key[1:]))
    return _LETTERS.get(key.upper()) if len(key) == 1 and key.isalpha() else _DIGITS.get(key, _NAMED.get(key))


def carbon_modifier_mask(modifiers: set[str]) -> int:
    mask = 0
    for name in modifiers:
        mask |= CARBON_MODIFIERS[name]
    return mask


class MacHotkey:
    """Registers `virtual_key` with `modifiers` until stop(); `on_press` runs when it is pressed."""

    def __init__(self, modifiers: set[str], virtual_key: int, on_press: Callable[[], None]) -> None:
        self.mask = carbon_modifier_mask(modifiers)
        self.virtual_key, self.on_press = virtual_key, on_press
        self._registration: Any = None

    def start(self) -> str | None:
        """Register the combination; None when it worked, else why not (in words for the Settings dialog)."""
        try:
            from quickmachotkey import quickHotKey
        except ImportError:
            return "the quickmachotkey package is missing, so the hotkey cannot be registered on macOS"
        except Exception as exc:  # noqa: BLE001 - it installs a Carbon event handler on import; the reason is shown
            return f"macOS did not accept the hotkey handler ({exc})"

        def quick_query_hotkey() -> None:     # a plain function: quickmachotkey adds register/unregister to it
            self.on_press()

        self._registration = quickHotKey(virtualKey=self.virtual_key, modifierMask=self.mask,
                                         immediately=False)(quick_query_hotkey)
        try:
            self._registration.register()
        except Exception as exc:  # noqa: BLE001 - a PyObjC bridge error; the reason is shown
            self._registration = None
            return f"macOS refused the combination ({exc})"
        return None

    def stop(self) -> None:
        if self._registration is not None:
            self._registration.unregister()
            self._registration = None
