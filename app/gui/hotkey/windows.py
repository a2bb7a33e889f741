"""Windows: RegisterHotKey for one combination, with a message loop on its own thread (ctypes, user32).

Not run in this project's tests (they run on Linux); written to the documented API:
RegisterHotKey(NULL, id, MOD_* | MOD_NOREPEAT, vk) posts WM_HOTKEY to the registering
thread's queue; PostThreadMessage(WM_QUIT) ends the loop; UnregisterHotKey on the same thread.
"""
from __future__ import annotations

import ctypes
import threading
from collections.abc import Callable

WM_HOTKEY, WM_QUIT = 0x0312, 0x0012
MOD = {"alt": 0x1, "ctrl": 0x2, "shift": 0x4, "meta": 0x8}
MOD_NOREPEAT = 0x4000
HOTKEY_ID = 0xE1C1


class WindowsHotkey:
    def __init__(self, modifiers: set[str], vk: int, on_press: Callable[[], None]) -> None:
        self.modifiers, self.vk, self.on_press = modifiers, vk, on_press
        self._thread: threading.Thread | None = None
        self._thread_id = 0
        self._result: str | None = None
        self._ready = threading.Event()

    def start(self) -> str | None:
        self._thread = threading.Thread(target=self._run, name="enclave-hotkey-windows", daemon=True)
        self._thread.start()
        self._ready.wait(5)
        return self._result

    def _run(self) -> None:
        from ctypes import wintypes
        user32 = ctypes.windll.user32  # type: ignore[attr-defined]
        kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
        self._thread_id = kernel32.GetCurrentThreadId()
        flags = MOD_NOREPEAT
        for name in self.modifiers:
            flags |= MOD[name]
        if not user32.RegisterHotKey(None, HOTKEY_ID, flags, self.vk):
            self._result = "another program already uses this combination"
            self._ready.set()
            return
        self._ready.set()
        msg = wintypes.MSG()
        try:
            while user32.GetMessageW(ctypes.byref(msg), None, 0, 0) > 0:
                if msg.message == WM_HOTKEY and msg.wParam == HOTKEY_ID:
                    self.on_press()
        finally:
            user32.UnregisterHotKey(None, HOTKEY_ID)

    def stop(self) -> None:
        if self._thread is not None and self._thread_id:
            ctypes.windll.user32.PostThreadMessageW(self._thread_id, WM_QUIT, 0, 0)  # type: ignore[attr-defined]
            self._thread.join(timeout=2)
        self._thread = None
