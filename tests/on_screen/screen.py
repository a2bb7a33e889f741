"""Helpers for the on-screen checks: where a widget is on the X screen, whether text is in a view."""
from __future__ import annotations

import subprocess

from PySide6.QtCore import QPoint
from PySide6.QtGui import QTextDocument


def on_screen(widget) -> QPoint:
    """The widget's centre in screen coordinates (Xvfb has no window manager: these are X root coordinates)."""
    return widget.mapToGlobal(widget.rect().center())


def last_visible(browser, text: str) -> bool:
    """Is the last occurrence of `text` in the browser's viewport?"""
    document = browser.document()
    found = document.find(text, document.characterCount() - 1, QTextDocument.FindFlag.FindBackward)
    assert not found.isNull(), text
    return browser.viewport().rect().contains(browser.cursorRect(found))


def click_with_xdotool(point: QPoint) -> None:
    """A real pointer click at a screen position, through the X server (as a user's mouse arrives)."""
    subprocess.run(["xdotool", "mousemove", "--sync", str(point.x()), str(point.y()), "click", "1"], check=True,
                   timeout=10)
