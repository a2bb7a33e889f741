"""Settings in plain words: what a value means for the user first, its technical form under "Advanced".

Why: a new user met "GGUF · Q4_1 · tokens", "Temperature" and "context size" and could not tell
what any of them changed. Each plain choice here is a list of labelled values bound to the
exact control under "Advanced" (a QSpinBox): choosing "Balanced" sets 0.5 there, typing 0.35
there shows "Custom (0.35)" here, so the two can never disagree and only one value is saved.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QAbstractSpinBox, QComboBox, QDialogButtonBox, QPushButton, QToolButton, QVBoxLayout,
                               QWidget)

from app.gui.a11y import describe

EMBEDDED_MODEL = "SmolLM2, small and fast, built in"
CREATIVITY = ((0.0, "Precise: the same answer every time"), (0.2, "Mostly precise"), (0.5, "Balanced"),
              (0.8, "Varied"), (1.2, "Playful: very varied, less reliable"))
READS_AT_ONCE = (2048, 4096, 8192, 16384, 32768)       # tokens of context
LONGEST_ANSWER = (128, 256, 384, 768, 1536)          # tokens of answer


def words(tokens: int) -> int:
    """About how many English words fit in `tokens` (3 words per 4 tokens), rounded to a friendly figure."""
    count = tokens * 3 // 4
    return round(count, -2) if count >= 1000 else round(count, -1)


def reading_label(tokens: int) -> str:
    """"About 6 pages (2,800 words)": a context size as an amount of reading."""
    pages = max(1, round(words(tokens) / 500))
    return f"About {pages} page{'s' if pages != 1 else ''} ({words(tokens):,} words)"


def answer_label(tokens: int) -> str:
    return f"Up to about {words(tokens):,} words"


def model_sentence(path: str, server_url: str = "") -> str:
    """"Model: SmolLM2, small and fast, built in" — which model answers, said without file formats."""
    if server_url.strip():
        return f"A model on your own server ({server_url.strip()})"
    if not path.strip():
        return EMBEDDED_MODEL
    return f"Your model file {Path(path).expanduser().name}"


class PlainChoice(QComboBox):
    """Labelled values bound to an exact spin box: each follows the other."""

    def __init__(self, exact: QAbstractSpinBox, choices: Sequence[tuple[float, str]],
                 custom: Callable[[float], str]) -> None:
        super().__init__()
        self.exact = exact
        self.custom = custom
        self._values = [value for value, _label in choices]
        for value, label in choices:
            self.addItem(label, value)
        self.currentIndexChanged.connect(self._chosen)
        exact.valueChanged.connect(self._follow)
        self._follow(exact.value())

    def _chosen(self, index: int) -> None:
        value = self.itemData(index)
        if value is not None and abs(self.exact.value() - value) > 1e-9:
            self.exact.setValue(value)

    def _follow(self, value: float) -> None:
        """Select the plain choice for `value`, or a "Custom" entry naming it."""
        self.blockSignals(True)
        for index in range(self.count() - 1, -1, -1):
            if self.itemData(index) is None:
                self.removeItem(index)          # the old custom entry
        match = next((i for i, v in enumerate(self._values) if abs(v - value) < 1e-9), -1)
        if match < 0:
            self.addItem(self.custom(value), None)
            match = self.count() - 1
        self.setCurrentIndex(match)
        self.blockSignals(False)


class Advanced(QWidget):
    """A section folded under an "Advanced ▸" button: the technical values, for those who want them."""

    def __init__(self, content: QWidget, name: str = "Advanced") -> None:
        super().__init__()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        self.toggle = QToolButton()
        self.toggle.setCheckable(True)
        self.toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        describe(self.toggle, f"Show {name.lower()} settings", "Shows the technical values behind the choices above")
        self.content = content
        self.name = name
        layout.addWidget(self.toggle)
        layout.addWidget(content)
        self.toggle.toggled.connect(self._show)
        self._show(False)

    def _show(self, shown: bool) -> None:
        self.content.setVisible(shown)
        self.toggle.setText(f"{self.name} {'▾' if shown else '▸'}")


def describe_controls(dialog: Any, buttons: QDialogButtonBox) -> None:
    """Names and descriptions for the controls of the Library, Cloud and Desktop tabs and the dialog's buttons."""
    describe(dialog.tabs.tabBar(), "Settings sections", "Model, Library, Cloud and privacy, Desktop")
    for widget, name, description in (
            (dialog.embedding_model, "Embedding model", "The model that makes the search index; empty is built in"),
            (dialog.model_entities, "Extract names with the local model", "Slower indexing, better names"),
            (dialog.watched, "Watched folders", "Folders whose new and changed files are indexed by themselves"),
            (dialog.cloud_endpoint, "Cloud endpoint", "The address of an OpenAI-compatible cloud service"),
            (dialog.cloud_model, "Cloud model", "The model name at that service"),
            (dialog.key_input, "New API key", "Stored in your system's keychain, never in a file"),
            (dialog.cloud_offer, "Offer the cloud for hard requests", "When Enclave offers to ask the cloud"),
            (dialog.close_to_tray, "Keep running in the tray", "Closing the window keeps Enclave in the tray"),
            (dialog.theme, "Appearance", "Light, dark, or as the system is"),
            (dialog.hotkey, "Global hotkey for the quick query", dialog.hotkey.toolTip()),
            *((box, box.text(), "Counted as private before anything is sent") for box in dialog.privacy_boxes.values())):
        describe(widget, name, description)
    said = {"Add…": "Add a watched folder", "Remove": "Remove the selected watched folder",
            "Store key": "Store the API key in the keychain", "Remove key": "Remove the API key from the keychain"}
    for button in dialog.findChildren(QPushButton):
        if not button.accessibleName():
            text = button.text().replace("&", "")
            describe(button, said.get(text, text), said.get(text, text))
    describe(buttons.button(QDialogButtonBox.StandardButton.Save), "Save", "Checks and saves the settings")
    describe(buttons.button(QDialogButtonBox.StandardButton.Cancel), "Cancel", "Closes without saving")
