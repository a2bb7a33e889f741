"""X11: XGrabKey on the root window for one key + modifiers (python-xlib), on its own thread.

The grab is repeated with CapsLock and NumLock set (X treats them as modifiers), so the
combination works whatever those locks are; the X server reports only the grabbed key.
"""
from __future__ import annotations

import select
import threading
from collections.abc import Callable

LOCKS = ("", "LockMask", "Mod2Mask", "LockMask|Mod2Mask")     # CapsLock, NumLock
MODIFIER_MASKS = {"ctrl": "ControlMask", "shift": "ShiftMask", "alt": "Mod1Mask", "meta": "Mod4Mask"}


class X11Grab:
    """Grabs `key` (an X keysym name: "space", "k", "F9") with `modifiers` until stop()."""

    def __init__(self, modifiers: set[str], key: str, on_press: Callable[[], None], display_name: str | None = None) -> None:
        self.modifiers, self.key, self.on_press = modifiers, key, on_press
        self.display_name = display_name
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> str | None:
        """Grab the combination; None when it worked, else why not (in words for the Settings dialog)."""
        try:
            from Xlib import X, XK, display, error
        except ImportError:
            return "the python-xlib package is missing, so the hotkey cannot be registered on X11"
        try:
            self.display = display.Display(self.display_name)
        except Exception as exc:  # noqa: BLE001 - Xlib raises several kinds; the reason is shown
            return f"cannot reach the X server ({exc})"
        keysym = XK.string_to_keysym(self.key)
        self.keycode = self.display.keysym_to_keycode(keysym) if keysym else 0
        if not self.keycode:
            self.display.close()
            return f"the key “{self.key}” is not on this keyboard"
        mask = 0
        for name in self.modifiers:
            mask |= getattr(X, MODIFIER_MASKS[name])
        self.masks = [mask | _locks(X, extra) for extra in LOCKS]
        catch = error.CatchError(error.BadAccess)
        root = self.display.screen().root
        for full in self.masks:
            root.grab_key(self.keycode, full, False, X.GrabModeAsync, X.GrabModeAsync, onerror=catch)
        self.display.sync()
        if catch.get_error() is not None:
            self._ungrab()
            self.display.close()
            return "another program already uses this combination"
        self._thread = threading.Thread(target=self._run, name="enclave-hotkey-x11", daemon=True)
        self._thread.start()
        return None

    def _run(self) -> None:
        from Xlib import X
        try:
            while not self._stop.is_set():
                select.select([self.display.fileno()], [], [], 0.2)
                while self.display.pending_events():
                    event = self.display.next_event()
                    if event.type == X.KeyPress and event.detail == self.keycode:
                        self.on_press()
        finally:
            self._ungrab()
            self.display.close()

    def _ungrab(self) -> None:
        root = self.display.screen().root
        for full in getattr(self, "masks", []):
            root.ungrab_key(self.keycode, full)
        self.display.sync()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=2)
            self._thread = None


def _locks(x: object, names: str) -> int:
    mask = 0
    for name in filter(None, names.split("|")):
        mask |= getattr(x, name)
    return mask
