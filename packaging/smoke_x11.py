"""Find a visible X11 window by title: how the smoke test knows the built app's window appeared.

Uses `xdotool` when it is installed, else libX11 directly through ctypes (present wherever Qt's
xcb platform runs), so the smoke test needs nothing beyond Xvfb. Standard library only.
"""
from __future__ import annotations

import ctypes
import ctypes.util
import os
import re
import shutil
import subprocess

IS_VIEWABLE = 2  # XWindowAttributes.map_state


class _XWindowAttributes(ctypes.Structure):
    _fields_ = [
        ("x", ctypes.c_int), ("y", ctypes.c_int), ("width", ctypes.c_int), ("height", ctypes.c_int),
        ("border_width", ctypes.c_int), ("depth", ctypes.c_int), ("visual", ctypes.c_void_p),
        ("root", ctypes.c_ulong), ("class_", ctypes.c_int), ("bit_gravity", ctypes.c_int),
        ("win_gravity", ctypes.c_int), ("backing_store", ctypes.c_int), ("backing_planes", ctypes.c_ulong),
        ("backing_pixel", ctypes.c_ulong), ("save_under", ctypes.c_int), ("colormap", ctypes.c_ulong),
        ("map_installed", ctypes.c_int), ("map_state", ctypes.c_int), ("all_event_masks", ctypes.c_long),
        ("your_event_mask", ctypes.c_long), ("do_not_propagate_mask", ctypes.c_long),
        ("override_redirect", ctypes.c_int), ("screen", ctypes.c_void_p),
    ]


def _xlib() -> ctypes.CDLL:
    name = ctypes.util.find_library("X11") or "libX11.so.6"
    lib = ctypes.CDLL(name)
    lib.XOpenDisplay.restype = ctypes.c_void_p
    lib.XOpenDisplay.argtypes = [ctypes.c_char_p]
    lib.XDefaultRootWindow.restype = ctypes.c_ulong
    lib.XDefaultRootWindow.argtypes = [ctypes.c_void_p]
    lib.XQueryTree.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.POINTER(ctypes.c_ulong),
                               ctypes.POINTER(ctypes.c_ulong), ctypes.POINTER(ctypes.POINTER(ctypes.c_ulong)),
                               ctypes.POINTER(ctypes.c_uint)]
    lib.XInternAtom.restype = ctypes.c_ulong
    lib.XInternAtom.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int]
    lib.XGetWindowProperty.argtypes = [
        ctypes.c_void_p, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_long, ctypes.c_long, ctypes.c_int,
        ctypes.c_ulong, ctypes.POINTER(ctypes.c_ulong), ctypes.POINTER(ctypes.c_int),
        ctypes.POINTER(ctypes.c_ulong), ctypes.POINTER(ctypes.c_ulong), ctypes.POINTER(ctypes.c_void_p)]
    lib.XGetWindowAttributes.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.POINTER(_XWindowAttributes)]
    lib.XFree.argtypes = [ctypes.c_void_p]
    lib.XCloseDisplay.argtypes = [ctypes.c_void_p]
    return lib


def _title(lib: ctypes.CDLL, display: int, window: int, atoms: list[int]) -> str:
    for atom in atoms:
        actual_type, fmt = ctypes.c_ulong(), ctypes.c_int()
        count, after, data = ctypes.c_ulong(), ctypes.c_ulong(), ctypes.c_void_p()
        status = lib.XGetWindowProperty(display, window, atom, 0, 1024, 0, 0, ctypes.byref(actual_type),
                                        ctypes.byref(fmt), ctypes.byref(count), ctypes.byref(after),
                                        ctypes.byref(data))
        if status == 0 and data.value:
            raw = ctypes.string_at(data.value, count.value) if fmt.value == 8 else b""
            lib.XFree(data)
            if raw:
                return raw.decode("utf-8", errors="replace")
    return ""


def list_windows_xlib(display_name: str | None = None, depth: int = 3) -> list[tuple[int, str, bool]]:
    """(window id, title, viewable) for every titled window down to `depth` levels below the root."""
    lib = _xlib()
    display = lib.XOpenDisplay((display_name or os.environ.get("DISPLAY", "")).encode() or None)
    if not display:
        raise ConnectionError(f"cannot open X display {display_name or os.environ.get('DISPLAY')!r}")
    try:
        atoms = [lib.XInternAtom(display, b"_NET_WM_NAME", 0), lib.XInternAtom(display, b"WM_NAME", 0)]
        found: list[tuple[int, str, bool]] = []

        def walk(window: int, level: int) -> None:
            root, parent = ctypes.c_ulong(), ctypes.c_ulong()
            children, count = ctypes.POINTER(ctypes.c_ulong)(), ctypes.c_uint()
            if not lib.XQueryTree(display, window, ctypes.byref(root), ctypes.byref(parent),
                                  ctypes.byref(children), ctypes.byref(count)):
                return
            ids = [children[i] for i in range(count.value)]
            if children:
                lib.XFree(children)
            for child in ids:
                title = _title(lib, display, child, atoms)
                if title:
                    attrs = _XWindowAttributes()
                    lib.XGetWindowAttributes(display, child, ctypes.byref(attrs))
                    found.append((child, title, attrs.map_state == IS_VIEWABLE))
                if level + 1 < depth:
                    walk(child, level + 1)

        walk(lib.XDefaultRootWindow(display), 0)
        return found
    finally:
        lib.XCloseDisplay(display)


def find_window(title_regex: str, display_name: str | None = None) -> list[int]:
    """Ids of the viewable windows whose whole title matches `title_regex` (empty when none)."""
    env = dict(os.environ, DISPLAY=display_name or os.environ.get("DISPLAY", ""))
    xdotool = shutil.which("xdotool")
    if xdotool:
        done = subprocess.run([xdotool, "search", "--onlyvisible", "--name", f"^({title_regex})$"],
                              capture_output=True, text=True, env=env)
        return [int(line) for line in done.stdout.split() if line.isdigit()]
    pattern = re.compile(title_regex)
    return [wid for wid, title, viewable in list_windows_xlib(env["DISPLAY"])
            if viewable and pattern.fullmatch(title)]
