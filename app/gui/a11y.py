"""Accessible names and descriptions, set in one call, and the check the keyboard test uses.

Why: a screen reader reads a control's accessible name ("Stop the answer") and, on request,
its description (what it does, its shortcut). A button's visible text alone ("✕", "Stop")
says too little, and a field has no text of its own at all.
"""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget


def describe(widget: QWidget, name: str, description: str) -> QWidget:
    """Give `widget` the name a screen reader says and the longer description it reads on request."""
    widget.setAccessibleName(name)
    widget.setAccessibleDescription(description)
    return widget


def takes_tab_focus(widget: QWidget) -> bool:
    """Does Tab stop on this widget (visible, enabled, Tab focus, not a part of another control)?"""
    policy = widget.focusPolicy()
    return (widget.isVisible() and widget.isEnabled() and bool(policy.value & Qt.FocusPolicy.TabFocus.value)
            and widget.focusProxy() is None)


def unnamed(root: QWidget) -> list[str]:
    """The Tab-focusable controls under `root` that a screen reader could not name or describe."""
    missing = []
    for widget in [root, *root.findChildren(QWidget)]:
        if takes_tab_focus(widget) and not (widget.accessibleName().strip() and widget.accessibleDescription().strip()):
            missing.append(f"{type(widget).__name__} {widget.objectName() or ''}".strip() +
                           f" ({widget.accessibleName() or 'no name'})")
    return missing
