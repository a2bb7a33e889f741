"""Settings: model file (with its facts), threads, context; embedding model; watched folders; cloud; privacy; desktop.

Edits a copy of the Settings dataclass and validates it with the same rules the
core uses when loading the file, so the dialog cannot save what the core rejects.
"""
from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDialog, QDialogButtonBox, QDoubleSpinBox, QFileDialog, QFormLayout,
                               QHBoxLayout, QLabel, QLineEdit, QListWidget, QPushButton, QSpinBox, QTabWidget,
                               QVBoxLayout, QWidget)

from agents.api import Settings
from app.gui import api_key

HOTKEY_HELP = ("One key combination that opens the quick query from any program (e.g. Ctrl+Alt+Space); "
               "empty turns it off. Enclave registers only this combination and never sees other keys.")


ANSWER_STYLE_CHOICES = (("auto", "Automatic: a larger model may write, the small one quotes"),
                        ("quotes", "Quote the documents (the model only chooses)"),
                        ("write", "Let the model write one checked sentence"))
CLOUD_OFFER_CHOICES = (("offer", "Offer the cloud after the local answer"),
                       ("ask_first", "Ask before answering locally"),
                       ("never", "Never offer the cloud"))


def model_facts(path: str) -> tuple[bool, str]:
    """(ok, text) describing a GGUF file, or why it cannot be used."""
    from agents.api import UserError, embedded_model_path, read_model_facts
    try:
        target = Path(path).expanduser() if path.strip() else embedded_model_path()
        facts = read_model_facts(target)
    except UserError as exc:
        return False, str(exc)
    origin = "embedded model" if not path.strip() else "model file"
    ctx = f"{facts.trained_context:,}" if facts.trained_context else "unknown"
    return True, (f"{origin}: {facts.name} · {facts.architecture} · {facts.quantization} · "
                  f"{facts.size_bytes / 2**20:,.0f} MiB · trained context {ctx} tokens")


def validate(settings: Any) -> list[str]:
    from agents.api import settings_problems
    return settings_problems(settings)


class SettingsDialog(QDialog):
    saved = Signal(Settings)
    models_requested = Signal()        # the model manager (app/gui/model_manager.py)

    def __init__(self, settings: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("settingsDialog")
        self.setWindowTitle("Enclave settings")
        self.resize(680, 520)
        self.original = settings
        layout = QVBoxLayout(self)
        tabs = self.tabs = QTabWidget()
        tabs.addTab(self._model_tab(settings), "Model")
        tabs.addTab(self._library_tab(settings), "Library")
        tabs.addTab(self._cloud_tab(settings), "Cloud && privacy")
        tabs.addTab(self._desktop_tab(settings), "Desktop")
        layout.addWidget(tabs)
        self.problems = QLabel("")
        self.problems.setStyleSheet("color: #c62828")
        self.problems.setWordWrap(True)
        layout.addWidget(self.problems)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self._update_facts()
        self._update_key_state()

    # -- tabs --------------------------------------------------------------------------
    def _model_tab(self, s: Any) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        row = QHBoxLayout()
        self.model_path = QLineEdit(s.model_path)
        self.model_path.setAccessibleName("Model file")
        self.model_path.setPlaceholderText("(embedded SmolLM2-135M-Instruct)")
        browse = QPushButton("Browse…")
        embedded = QPushButton("Use embedded")
        browse.clicked.connect(self._browse_model)
        embedded.clicked.connect(lambda: self.model_path.setText(""))
        row.addWidget(self.model_path, 1)
        row.addWidget(browse)
        row.addWidget(embedded)
        form.addRow("Model file (GGUF)", row)
        models = QPushButton("Download, switch or use a model file…")
        models.setObjectName("openModelManager")
        models.clicked.connect(self.models_requested.emit)
        form.addRow("Models", models)
        self.model_info = QLabel("")
        self.model_info.setObjectName("modelFacts")
        self.model_info.setWordWrap(True)
        form.addRow("", self.model_info)
        self.model_path.textChanged.connect(self._update_facts)
        self.threads = QSpinBox(minimum=0, maximum=256, value=s.threads, specialValueText="automatic")
        self.threads.setAccessibleName("Threads")
        form.addRow("Threads", self.threads)
        self.context_size = QSpinBox(minimum=512, maximum=131072, singleStep=512, value=s.context_size)
        self.context_size.setAccessibleName("Context size")
        form.addRow("Context size (tokens)", self.context_size)
        self.max_tokens = QSpinBox(minimum=16, maximum=8192, value=s.max_answer_tokens)
        form.addRow("Longest answer (tokens)", self.max_tokens)
        self.temperature = QDoubleSpinBox(minimum=0.0, maximum=2.0, singleStep=0.1, value=s.temperature)
        form.addRow("Temperature", self.temperature)
        self.answer_style = QComboBox()
        self.answer_style.setAccessibleName("How answers from documents are given")
        for value, label in ANSWER_STYLE_CHOICES:
            self.answer_style.addItem(label, value)
        self.answer_style.setCurrentIndex(max(0, self.answer_style.findData(s.answer_style)))
        form.addRow("Document answers", self.answer_style)
        self.server_url = QLineEdit(s.inference_server_url)
        self.server_url.setAccessibleName("Your inference server")
        self.server_url.setPlaceholderText("off: the model runs on this computer (e.g. http://gpu-box:8080/v1)")
        form.addRow("Your own server", self.server_url)
        self.server_model = QLineEdit(s.inference_server_model)
        self.server_model.setAccessibleName("Model on your server")
        self.server_model.setPlaceholderText("the server's default")
        form.addRow("Model on that server", self.server_model)
        server_note = QLabel("Optional: an OpenAI-compatible server you run yourself (llama-server, Ollama, vLLM, "
                             "LM Studio). Unlike the cloud, it receives your documents and chats in full, so use "
                             "it only for a machine you trust, over https or on this computer.")
        server_note.setObjectName("serverNote")
        server_note.setWordWrap(True)
        form.addRow("", server_note)
        form.addRow("", QLabel("Model changes take effect when Enclave restarts."))
        return page

    def _library_tab(self, s: Any) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        self.embedding_model = QLineEdit(s.embedding_model)
        self.embedding_model.setAccessibleName("Embedding model")
        self.embedding_model.setPlaceholderText("(embedded all-MiniLM-L6-v2)")
        form.addRow("Embedding model", self.embedding_model)
        self.model_entities = QCheckBox("Extract names with the local model (slower, better)")
        self.model_entities.setChecked(s.model_entity_extraction)
        form.addRow("", self.model_entities)
        self.watched = QListWidget()
        self.watched.setAccessibleName("Watched folders")
        self.watched.addItems(s.watched_folders)
        buttons = QHBoxLayout()
        add, remove = QPushButton("Add…"), QPushButton("Remove")
        add.clicked.connect(self._add_watched)
        remove.clicked.connect(lambda: [self.watched.takeItem(self.watched.row(i)) for i in self.watched.selectedItems()])
        buttons.addWidget(add)
        buttons.addWidget(remove)
        buttons.addStretch(1)
        form.addRow("Watched folders", self.watched)
        form.addRow("", buttons)
        return page

    def _cloud_tab(self, s: Any) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        form.addRow(QLabel("Off unless an endpoint is set. Only a redacted sketch can leave, and only after you "
                           "see it and press Send."))
        self.cloud_endpoint = QLineEdit(s.cloud_endpoint)
        self.cloud_endpoint.setAccessibleName("Cloud endpoint")
        self.cloud_endpoint.setPlaceholderText("https://api.example.com/v1 (OpenAI-compatible)")
        form.addRow("Endpoint", self.cloud_endpoint)
        self.cloud_model = QLineEdit(s.cloud_model)
        self.cloud_model.setAccessibleName("Cloud model")
        form.addRow("Model", self.cloud_model)
        key_row = QHBoxLayout()
        self.key_input = QLineEdit()
        self.key_input.setEchoMode(QLineEdit.EchoMode.Password)
        self.key_input.setAccessibleName("New API key")
        self.key_input.setPlaceholderText("paste a new key to store it")
        self.store_key = QPushButton("Store key")
        self.remove_key = QPushButton("Remove key")
        self.store_key.clicked.connect(self._store_key)
        self.remove_key.clicked.connect(self._remove_key)
        key_row.addWidget(self.key_input, 1)
        key_row.addWidget(self.store_key)
        key_row.addWidget(self.remove_key)
        form.addRow("API key", key_row)
        self.key_state = QLabel("")
        self.key_state.setObjectName("keyState")
        self.key_state.setWordWrap(True)
        form.addRow("", self.key_state)
        self.cloud_offer = QComboBox()
        self.cloud_offer.setAccessibleName("Offer the cloud for hard requests")
        for value, label in CLOUD_OFFER_CHOICES:
            self.cloud_offer.addItem(label, value)
        self.cloud_offer.setCurrentIndex(max(0, self.cloud_offer.findData(s.cloud_offer)))
        form.addRow("Hard requests", self.cloud_offer)
        form.addRow("Privacy", QLabel("Enclave always shows you the exact text and asks before anything is sent."))
        self.privacy_boxes: dict[str, QCheckBox] = {}
        for f in dataclasses.fields(s):
            if f.name.startswith("privacy_") and isinstance(getattr(s, f.name), bool):
                box = QCheckBox(f.name.removeprefix("privacy_").replace("_", " ").capitalize())
                box.setChecked(getattr(s, f.name))
                self.privacy_boxes[f.name] = box
                form.addRow("", box)
        form.addRow("", QLabel("Counted as private: identifiers (e-mail, phone, IBAN, card and ID numbers), "
                               "names and places found in your documents, and rare capitalized words."))
        return page

    def _desktop_tab(self, s: Any) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        self.close_to_tray = QCheckBox("Closing the window keeps Enclave in the system tray")
        self.close_to_tray.setChecked(s.close_to_tray)
        form.addRow("Window", self.close_to_tray)
        from app.gui.theme import CHOICES
        self.theme = QComboBox()
        self.theme.setAccessibleName("Appearance")
        for value, label in CHOICES:
            self.theme.addItem(label, value)
        self.theme.setCurrentIndex(max(0, self.theme.findData(s.theme)))
        form.addRow("Appearance", self.theme)
        self.hotkey = QLineEdit(s.quick_query_hotkey)
        self.hotkey.setAccessibleName("Global hotkey for the quick query")
        self.hotkey.setPlaceholderText("off")
        self.hotkey.setToolTip(HOTKEY_HELP)
        form.addRow("Global hotkey", self.hotkey)
        self.hotkey_state = QLabel("")
        self.hotkey_state.setObjectName("hotkeyState")
        self.hotkey_state.setWordWrap(True)
        form.addRow("", self.hotkey_state)
        help_line = QLabel(HOTKEY_HELP)
        help_line.setObjectName("hotkeyNote")
        help_line.setWordWrap(True)
        form.addRow("", help_line)
        return page

    def show_section(self, name: str) -> None:
        """Open at a tab by name ("cloud": where an unconfigured cloud is set up)."""
        wanted = {"model": 0, "library": 1, "cloud": 2, "desktop": 3}.get(name, 0)
        self.tabs.setCurrentIndex(wanted)
        if name == "cloud":
            self.cloud_endpoint.setFocus()

    # -- actions ---------------------------------------------------------------------------
    def _browse_model(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Choose a GGUF model", str(Path.home()), "GGUF models (*.gguf)")
        if path:
            self.model_path.setText(path)

    def _add_watched(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Watch a folder", str(Path.home()))
        if folder and not self.watched.findItems(folder, _exact()):
            self.watched.addItem(folder)

    def _update_facts(self) -> None:
        ok, text = model_facts(self.model_path.text())
        self.model_info.setText(text)
        self.model_info.setStyleSheet("" if ok else "color: #c62828")
        self.model_ok = ok

    def _update_key_state(self) -> None:
        state = api_key.key_state()
        self.key_state.setText(state.message)
        self.store_key.setEnabled(state.usable)
        self.remove_key.setEnabled(state.usable and state.stored)
        self.key_input.setEnabled(state.usable)

    def _store_key(self) -> None:
        try:
            api_key.store_key(self.key_input.text())
        except Exception as exc:  # noqa: BLE001 - shown in place; the key itself is never shown or logged
            self.key_input.clear()
            self.key_state.setText(f"The key was not stored: {exc}")
            return
        self.key_input.clear()
        self._update_key_state()

    def _remove_key(self) -> None:
        try:
            api_key.delete_key()
        except Exception as exc:  # noqa: BLE001 - shown in place
            self.key_state.setText(f"The key was not removed: {exc}")
            return
        self._update_key_state()

    def edited(self) -> Any:
        values = dict(
            model_path=self.model_path.text().strip(), threads=self.threads.value(),
            context_size=self.context_size.value(), max_answer_tokens=self.max_tokens.value(),
            temperature=round(self.temperature.value(), 2), embedding_model=self.embedding_model.text().strip(),
            model_entity_extraction=self.model_entities.isChecked(),
            watched_folders=[self.watched.item(i).text() for i in range(self.watched.count())],
            cloud_endpoint=self.cloud_endpoint.text().strip(), cloud_model=self.cloud_model.text().strip(),
            cloud_offer=str(self.cloud_offer.currentData()), answer_style=str(self.answer_style.currentData()),
            inference_server_url=self.server_url.text().strip(),
            inference_server_model=self.server_model.text().strip(),
            close_to_tray=self.close_to_tray.isChecked(), theme=str(self.theme.currentData()),
            quick_query_hotkey=self.hotkey.text().strip())
        values.update({name: box.isChecked() for name, box in self.privacy_boxes.items()})
        return dataclasses.replace(self.original, **values)

    def save(self) -> None:
        new = self.edited()
        problems = validate(new)
        if not self.model_ok and not new.inference_server_url:
            problems.insert(0, f"model file: {self.model_info.text()}")
        server = new.inference_server_url
        if server and not server.startswith(("http://", "https://")):
            problems.append("your inference server's URL must start with http:// or https://")
        endpoint = new.cloud_endpoint
        if endpoint and not endpoint.startswith(("https://", "http://127.0.0.1", "http://localhost")):
            problems.append("the cloud endpoint must start with https:// (plain http only for this computer)")
        if new.quick_query_hotkey:
            from app.gui.hotkey.manager import HotkeyError, parse_sequence
            try:
                parse_sequence(new.quick_query_hotkey)
            except HotkeyError as exc:
                problems.append(f"global hotkey: {exc}")
        if problems:
            self.problems.setText("Not saved: " + "; ".join(problems))
            return
        self.saved.emit(new)
        self.accept()


def _exact() -> Any:
    from PySide6.QtCore import Qt
    return Qt.MatchFlag.MatchExactly
