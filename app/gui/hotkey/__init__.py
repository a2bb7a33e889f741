"""A system-wide hotkey for the quick query: ONE key combination, grabbed where the platform allows.

Why not a keyboard hook: a listener that sees every key is a key logger. Each backend
asks the system for exactly one combination (X11 XGrabKey, Windows RegisterHotKey, macOS
Carbon RegisterEventHotKey through quickmachotkey) and is told only when that combination
is pressed. Wayland has no such API for applications; the status line then says why not.
"""
from app.gui.hotkey.manager import GlobalHotkey, parse_sequence

__all__ = ["GlobalHotkey", "parse_sequence"]
