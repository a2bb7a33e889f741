"""Light and dark looks in one place: the palette, the stylesheet and the chat's colours.

Why one module: widgets that hard-code colours break in dark mode. Every colour the app
paints comes from `Tokens`; `apply()` sets Qt's Fusion style with a palette and one
stylesheet. "system" follows the desktop's colour scheme (Qt 6.5+ QStyleHints) and
switches live when the desktop does; "light" and "dark" are the manual choices (setting `theme`).
"""
from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

CHOICES = (("system", "Follow the system"), ("light", "Light"), ("dark", "Dark"))


@dataclass(frozen=True)
class Tokens:
    name: str
    window: str
    base: str
    text: str
    muted: str
    accent: str
    accent_text: str
    border: str
    user_bubble: str
    answer_bubble: str
    chip: str
    chip_text: str
    highlight: str
    danger: str


LIGHT = Tokens("light", window="#f4f5f7", base="#ffffff", text="#1f2328", muted="#5b6573", accent="#2563eb",
               accent_text="#ffffff", border="#d5dae1", user_bubble="#dbe7fd", answer_bubble="#ffffff",
               chip="#e9eef6", chip_text="#1d4ed8", highlight="#fff3b0", danger="#b42318")
DARK = Tokens("dark", window="#1d1f23", base="#25282d", text="#e7e9ec", muted="#a0a8b3", accent="#5b9bff",
              accent_text="#0b1220", border="#3a3f47", user_bubble="#24395c", answer_bubble="#2b2f35",
              chip="#333a45", chip_text="#a9c8ff", highlight="#5c4d00", danger="#ff8a80")


def system_scheme() -> str:
    """"dark" or "light" as the desktop says (Qt 6.5+); light when it does not say."""
    app = QGuiApplication.instance()
    if app is None:
        return "light"
    hints = app.styleHints()
    scheme = getattr(hints, "colorScheme", None)
    if scheme is not None and scheme() == Qt.ColorScheme.Dark:
        return "dark"
    return "light"


def resolve(choice: str, system: str = "light") -> Tokens:
    name = system if choice not in ("light", "dark") else choice
    return DARK if name == "dark" else LIGHT


def palette(t: Tokens) -> QPalette:
    p = QPalette()
    roles = {QPalette.ColorRole.Window: t.window, QPalette.ColorRole.WindowText: t.text,
             QPalette.ColorRole.Base: t.base, QPalette.ColorRole.AlternateBase: t.window,
             QPalette.ColorRole.Text: t.text, QPalette.ColorRole.Button: t.base,
             QPalette.ColorRole.ButtonText: t.text, QPalette.ColorRole.Highlight: t.accent,
             QPalette.ColorRole.HighlightedText: t.accent_text, QPalette.ColorRole.ToolTipBase: t.base,
             QPalette.ColorRole.ToolTipText: t.text, QPalette.ColorRole.PlaceholderText: t.muted,
             QPalette.ColorRole.Link: t.chip_text, QPalette.ColorRole.Mid: t.border}
    for role, colour in roles.items():
        p.setColor(role, QColor(colour))
    for role in (QPalette.ColorRole.WindowText, QPalette.ColorRole.Text, QPalette.ColorRole.ButtonText):
        p.setColor(QPalette.ColorGroup.Disabled, role, QColor(t.muted))
    return p


def stylesheet(t: Tokens) -> str:
    return f"""
QWidget {{ font-size: 10.5pt; }}
QMainWindow, QDialog {{ background: {t.window}; }}
QPushButton {{ background: {t.base}; color: {t.text}; border: 1px solid {t.border}; border-radius: 7px;
    padding: 5px 12px; }}
QPushButton:hover {{ border-color: {t.accent}; }}
QPushButton:disabled {{ color: {t.muted}; background: {t.window}; border-color: {t.window}; }}
QPushButton:default {{ background: {t.accent}; color: {t.accent_text}; border-color: {t.accent}; }}
QPushButton#cloudSwitch {{ border-radius: 12px; padding: 4px 12px; }}
QPushButton#cloudSwitch:checked {{ background: {t.accent}; color: {t.accent_text}; border-color: {t.accent}; }}
QPushButton#exampleQuestion {{ text-align: left; padding: 8px 12px; background: {t.chip}; color: {t.chip_text};
    border: none; border-radius: 9px; }}
QPlainTextEdit, QLineEdit, QTextBrowser, QListWidget, QTableWidget, QScrollArea, QComboBox, QSpinBox,
QDoubleSpinBox {{ background: {t.base}; color: {t.text}; border: 1px solid {t.border}; border-radius: 8px; }}
QPlainTextEdit#promptInput {{ padding: 6px; }}
QPlainTextEdit#promptInput:focus, QLineEdit:focus {{ border-color: {t.accent}; }}
QTextBrowser#transcript {{ background: {t.window}; border: none; }}
QListWidget::item {{ padding: 6px 4px; }}
QListWidget::item:selected {{ background: {t.chip}; color: {t.text}; border-radius: 6px; }}
QHeaderView::section {{ background: {t.window}; color: {t.muted}; border: none;
    border-bottom: 1px solid {t.border}; padding: 4px; }}
QTabWidget::pane {{ border: 1px solid {t.border}; border-radius: 8px; top: -1px; }}
QTabBar::tab {{ padding: 6px 12px; color: {t.muted}; border: none; }}
QTabBar::tab:selected {{ color: {t.text}; border-bottom: 2px solid {t.accent}; }}
QLabel#firstRunHeading {{ font-size: 17pt; font-weight: 600; }}
QLabel#privacyLine, QLabel#chatStatus, QLabel#previewStatus, QLabel#howAnswered, QLabel#hotkeyState
    {{ color: {t.muted}; }}
QFrame#firstRunDropZone {{ border: 2px dashed {t.border}; border-radius: 12px; background: {t.base}; }}
QLabel#dropZoneLabel {{ color: {t.muted}; font-size: 12pt; }}
QLabel#dropZone {{ border: 2px dashed {t.border}; border-radius: 10px; padding: 10px; color: {t.muted}; }}
QToolButton {{ border: none; color: {t.muted}; }}
QStatusBar {{ color: {t.muted}; }}
QToolTip {{ background: {t.base}; color: {t.text}; border: 1px solid {t.border}; }}
"""


class Theme(QObject):
    """The app's current look; `changed(Tokens)` when the choice or the system's scheme changes."""

    changed = Signal(Tokens)

    def __init__(self, choice: str = "system") -> None:
        super().__init__()
        self.choice = choice
        self.system = system_scheme()
        self.tokens = resolve(choice, self.system)
        app = QGuiApplication.instance()
        hints = app.styleHints() if app is not None else None
        if hints is not None and hasattr(hints, "colorSchemeChanged"):
            hints.colorSchemeChanged.connect(self._system_changed)
        _active["theme"] = self

    def _system_changed(self, scheme: Qt.ColorScheme) -> None:
        if _active.get("theme") is not self:
            return                    # an older app's Theme in the same process (tests) leaves the look alone
        self.system = "dark" if scheme == Qt.ColorScheme.Dark else "light"
        if self.choice == "system":
            self.set_choice("system")

    def set_choice(self, choice: str) -> None:
        self.choice = choice
        self.tokens = resolve(choice, self.system)
        self.apply()

    def apply(self) -> None:
        app = QApplication.instance()
        if app is None:
            return
        app.setStyle("Fusion")
        app.setPalette(palette(self.tokens))
        app.setStyleSheet(stylesheet(self.tokens))
        set_current(self.tokens)
        self.changed.emit(self.tokens)


_current: Tokens = LIGHT
_active: dict[str, Theme] = {}


def current() -> Tokens:
    """The tokens in use (the chat's renderer reads them for bubble and chip colours)."""
    return _current


def set_current(tokens: Tokens) -> None:
    global _current
    _current = tokens
