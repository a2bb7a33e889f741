"""The global hotkey on a real X server (Xvfb): one combination grabbed, pressed with xdotool, the quick query opens.

Only the one combination is grabbed: other keys typed on the desktop never reach Enclave.
macOS is checked through a stand-in for quickmachotkey; elsewhere (Wayland, no display) the
Settings dialog says why the hotkey is off.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

from agents.platform.settings import default_quick_query_hotkey
from app.gui.hotkey import GlobalHotkey
from app.gui.hotkey.manager import WAYLAND
from tests.gui_fakes import QT_WARNINGS_FAIL, FakeCore, make_app  # noqa: F401 - fixture

pytestmark = QT_WARNINGS_FAIL
needs_x = pytest.mark.skipif(not (shutil.which("Xvfb") and shutil.which("xdotool")), reason="Xvfb and xdotool needed")


@pytest.fixture
def x_display():
    """A private Xvfb server; its display name (":N")."""
    read, write = os.pipe()
    server = subprocess.Popen(["Xvfb", "-displayfd", str(write), "-screen", "0", "800x600x24", "-nolisten", "tcp"],
                              pass_fds=(write,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(write)
    with os.fdopen(read) as pipe:
        number = pipe.readline().strip()
    yield f":{number}"
    server.terminate()
    server.wait(10)


def press(display: str, keys: str) -> None:
    subprocess.run(["xdotool", "key", keys], env=dict(os.environ, DISPLAY=display), check=True, timeout=10)


@needs_x
def test_the_registered_combination_opens_the_quick_query_and_other_keys_do_not(qtbot, make_app, x_display,
                                                                               monkeypatch):
    monkeypatch.delenv("XDG_SESSION_TYPE", raising=False)
    enclave = make_app(FakeCore())
    hotkey = enclave.hotkey
    hotkey.platform = "xcb"                 # the app itself runs offscreen here; the grab goes to the Xvfb server
    assert hotkey.register("Ctrl+Alt+Space", display_name=x_display), hotkey.status
    assert hotkey.status == "Ctrl+Alt+Space opens the quick query from any program."
    try:
        seen: list[int] = []
        hotkey.pressed.connect(lambda: seen.append(1))
        press(x_display, "space")              # not ours: never reported
        press(x_display, "ctrl+space")
        qtbot.wait(300)
        assert seen == [] and not enclave.popup.isVisible()
        press(x_display, "ctrl+alt+space")
        qtbot.waitUntil(lambda: enclave.popup.isVisible(), timeout=5000)
        assert seen == [1]
        # a second program cannot take the same combination: said plainly, not a crash
        other = GlobalHotkey(platform="xcb")
        assert not other.register("Ctrl+Alt+Space", display_name=x_display)
        assert other.status == "Off: another program already uses this combination"
    finally:
        hotkey.unregister()
    enclave.popup.hide()
    press(x_display, "ctrl+alt+space")      # released: the combination belongs to the desktop again
    qtbot.wait(300)
    assert not enclave.popup.isVisible()
    free = GlobalHotkey(platform="xcb")
    assert free.register("Ctrl+Alt+Space", display_name=x_display)
    free.unregister()


def test_where_the_platform_does_not_allow_it_the_reason_is_given(qtbot, monkeypatch):
    monkeypatch.setenv("XDG_SESSION_TYPE", "wayland")
    hotkey = GlobalHotkey(platform="xcb")
    assert not hotkey.register("Ctrl+Alt+Space")
    assert hotkey.status == f"Off: {WAYLAND}"
    monkeypatch.delenv("XDG_SESSION_TYPE")
    assert not GlobalHotkey(platform="offscreen").register("Ctrl+Alt+Space")
    empty = GlobalHotkey(platform="xcb")
    assert not empty.register("") and empty.status == "Off (no combination set)."
    bad = GlobalHotkey(platform="xcb")
    assert not bad.register("Ctrl+Alt+NoSuchKey")
    assert bad.status.startswith("Off: ")


class StandInQuickMacHotKey:
    """Stands in for quickmachotkey (macOS only): records what Enclave asks Carbon to register.

    The real module cannot load on Linux; this checks Enclave's side of it (key code, modifier
    mask, register/unregister, a press reaching the quick query), not macOS itself.
    """

    def __init__(self) -> None:
        self.registered: list[tuple[int, int]] = []
        self.handlers: list = []

    def quickHotKey(self, *, virtualKey: int, modifierMask: int, immediately: bool = True):  # noqa: N802 - its API
        assert immediately is False                     # Enclave registers explicitly, so it can report failures

        def decorate(handler):
            def register():
                self.registered.append((virtualKey, modifierMask))

            def unregister():
                self.registered.remove((virtualKey, modifierMask))
            handler.register, handler.unregister = register, unregister
            self.handlers.append(handler)
            return handler
        return decorate


def test_macos_registers_one_carbon_hotkey_and_a_press_opens_the_quick_query(qtbot, monkeypatch):
    stand_in = StandInQuickMacHotKey()
    monkeypatch.setitem(sys.modules, "quickmachotkey", stand_in)
    hotkey = GlobalHotkey(platform="cocoa")
    # Qt's Ctrl is ⌘ on macOS: Ctrl+Shift+Space is ⌘⇧Space = kVK_Space (0x31) with cmdKey|shiftKey
    assert default_quick_query_hotkey("darwin") == "Ctrl+Shift+Space"
    assert hotkey.register("Ctrl+Shift+Space"), hotkey.status
    assert stand_in.registered == [(0x31, 0x100 | 0x200)]
    with qtbot.waitSignal(hotkey.pressed, timeout=2000):
        stand_in.handlers[-1]()                         # what Carbon's event handler calls on a press
    assert hotkey.register("Meta+Alt+K")                # Qt's Meta is ⌃ on macOS: kVK_ANSI_K with controlKey|optionKey
    assert stand_in.registered == [(0x28, 0x1000 | 0x800)]      # the earlier combination was released first
    hotkey.unregister()
    assert stand_in.registered == []
    assert not hotkey.register("Ctrl+Alt+F21")
    assert hotkey.status == "Off: the key “F21” cannot be registered on macOS"
    monkeypatch.setitem(sys.modules, "quickmachotkey", None)        # the package is missing
    assert not hotkey.register("Ctrl+Shift+Space")
    assert "quickmachotkey package is missing" in hotkey.status
