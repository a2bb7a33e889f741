"""Say plainly why the window cannot open, before Qt aborts the process with a cryptic message.

On Linux, Qt's X11 (xcb) platform needs a few system libraries that minimal installs lack
(Qt then prints "could not load the Qt platform plugin xcb" and aborts), and with no display
at all nothing can be shown. Both cases get a message saying what to install or run instead.
"""
from __future__ import annotations

import ctypes.util
import os
import sys
from collections.abc import Callable, Mapping

# library name for ctypes.util.find_library -> Debian/Ubuntu package that provides it
XCB_LIBRARIES = {"xcb-cursor": "libxcb-cursor0", "xkbcommon-x11": "libxkbcommon-x11-0", "xcb-icccm": "libxcb-icccm4",
                 "xcb-keysyms": "libxcb-keysyms1"}


def display_problem(env: Mapping[str, str] | None = None, platform: str | None = None,
                    find_library: Callable[[str], str | None] = ctypes.util.find_library) -> str | None:
    """None when the window can open; else a message for the terminal."""
    env = os.environ if env is None else env
    platform = platform or sys.platform
    chosen = env.get("QT_QPA_PLATFORM", "")
    if not platform.startswith("linux") or chosen.startswith(("offscreen", "minimal", "vnc", "wayland", "eglfs")):
        return None
    if not chosen and env.get("WAYLAND_DISPLAY") and env.get("XDG_SESSION_TYPE") == "wayland":
        return None
    if not env.get("DISPLAY") and not env.get("WAYLAND_DISPLAY"):
        return ("Enclave cannot open its window: there is no graphical display (DISPLAY is not set). "
                "Use the command line instead (`enclave chat`, `enclave ask \"...\"`), or start Enclave from a "
                "desktop session.")
    missing = [package for library, package in XCB_LIBRARIES.items() if find_library(library) is None]
    if missing:
        return ("Enclave cannot open its window: Qt's X11 support needs system libraries that are not installed. "
                f"On Debian or Ubuntu: sudo apt install {' '.join(missing)}")
    return None
