"""Settings: the model in plain words (exact values under "Advanced"); library; watched folders; cloud; privacy; desktop.

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
from app.gui.a11y import describe
from app.gui.plain_settings import (CREATIVITY, LONGEST_ANSWER, READS_AT_ONCE, Advanced, PlainChoice, answer_label,
                                    describe_controls, model_sentence, reading_label)

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
        describe_controls(self, buttons)

    # -- tabs --------------------------------------------------------------------------
    def _model_tab(self, s: Any) -> QWidget:
        """Plain words first (which model, creativity, how much it reads); the exact values under "Advanced"."""
        page = QWidget()
        layout = QVBoxLayout(page)
        advanced = self._advanced_model_rows(s)         # the exact controls the plain choices are bound to
        layout.addLayout(self._plain_model_rows(s))
        self.advanced = Advanced(advanced)
        layout.addWidget(self.advanced)
        layout.addStretch(1)
        return page

    def _plain_model_rows(self, s: Any) -> QFormLayout:
        form = QFormLayout()
        self.model_plain = QLabel(model_sentence(s.model_path, s.inference_server_url))
        self.model_plain.setObjectName("modelPlain")
        self.model_plain.setWordWrap(True)
        describe(self.model_plain, "Model", "Which model answers your questions")
        form.addRow("Model", self.model_plain)
        models = describe(QPushButton("Download, switch or use a model file…"), "Choose a model",
                          "Opens the model manager: download, switch or use a model file")
        models.setObjectName("openModelManager")
        models.clicked.connect(self.models_requested.emit)
        form.addRow("", models)
        self.creativity = PlainChoice(self.temperature, CREATIVITY, lambda v: f"Custom ({v:.2f})")
        describe(self.creativity, "Creativity", "How much the wording of answers varies; precise is best for facts")
        form.addRow("Creativity", self.creativity)
        self.reads_at_once = PlainChoice(self.context_size, [(t, reading_label(t)) for t in READS_AT_ONCE],
                                         lambda v: f"Custom: {reading_label(int(v)).lower()}")
        describe(self.reads_at_once, "How much it reads at once",
                 "How much of your documents and the chat the model can read for one answer; more is slower")
        form.addRow("How much it reads at once", self.reads_at_once)
        self.answer_length = PlainChoice(self.max_tokens, [(t, answer_label(t)) for t in LONGEST_ANSWER],
                                         lambda v: f"Custom: {answer_label(int(v)).lower()}")
        describe(self.answer_length, "Longest answer", "The most an answer may say before it is cut")
        form.addRow("Longest answer", self.answer_length)
        self.answer_style = QComboBox()
        describe(self.answer_style, "How answers from documents are given",
                 "Whether answers quote your documents or the model writes a checked sentence")
        for value, label in ANSWER_STYLE_CHOICES:
            self.answer_style.addItem(label, value)
        self.answer_style.setCurrentIndex(max(0, self.answer_style.findData(s.answer_style)))
        form.addRow("Document answers", self.answer_style)
        form.addRow("", QLabel("Model changes take effect when Enclave restarts."))
        return form

    def _advanced_model_rows(self, s: Any) -> QWidget:
        box = QWidget()
        box.setObjectName("advancedModel")
        form = QFormLayout(box)
        form.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        self.model_path = QLineEdit(s.model_path)
        describe(self.model_path, "Model file", "A GGUF model file; empty uses the built-in SmolLM2")
        self.model_path.setPlaceholderText("(embedded SmolLM2-135M-Instruct)")
        browse = describe(QPushButton("Browse…"), "Choose a model file", "Opens a file dialog for a GGUF model")
        embedded = describe(QPushButton("Use embedded"), "Use the built-in model", "Empties the model file")
        browse.clicked.connect(self._browse_model)
        embedded.clicked.connect(lambda: self.model_path.setText(""))
        row.addWidget(self.model_path, 1)
        row.addWidget(browse)
        row.addWidget(embedded)
        form.addRow("Model file (GGUF)", row)
        self.model_info = QLabel("")
        self.model_info.setObjectName("modelFacts")
        self.model_info.setWordWrap(True)
        form.addRow("", self.model_info)
        self.model_path.textChanged.connect(self._update_facts)
        self.threads = QSpinBox(minimum=0, maximum=256, value=s.threads, specialValueText="automatic")
        describe(self.threads, "Threads", "How many processor threads the model uses; 0 chooses automatically")
        form.addRow("Threads", self.threads)
        self.context_size = QSpinBox(minimum=512, maximum=131072, singleStep=512, value=s.context_size)
        describe(self.context_size, "Context size", "The model's context window in tokens (what it reads at once)")
        form.addRow("Context size (tokens)", self.context_size)
        self.max_tokens = QSpinBox(minimum=16, maximum=8192, value=s.max_answer_tokens)
        describe(self.max_tokens, "Longest answer in tokens", "The most tokens an answer may have")
        form.addRow("Longest answer (tokens)", self.max_tokens)
        self.temperature = QDoubleSpinBox(minimum=0.0, maximum=2.0, singleStep=0.1, value=s.temperature)
        describe(self.temperature, "Temperature", "The sampling temperature (creativity as a number)")
        form.addRow("Temperature", self.temperature)
        self.server_url = QLineEdit(s.inference_server_url)
        describe(self.server_url, "Your inference server", "An OpenAI-compatible server you run yourself; empty is off")
        self.server_url.setPlaceholderText("off: the model runs on this computer (e.g. http://gpu-box:8080/v1)")
        form.addRow("Your own server", self.server_url)
        self.server_model = QLineEdit(s.inference_server_model)
        describe(self.server_model, "Model on your server", "The model name on that server; empty uses its default")
        self.server_model.setPlaceholderText("the server's default")
        form.addRow("Model on that server", self.server_model)
        server_note = QLabel("Optional: an OpenAI-compatible server you run yourself (llama-server, Ollama, vLLM, "
                             "LM Studio). Unlike the cloud, it receives your documents and chats in full, so use "
                             "it only for a machine you trust, over https or on this computer.")
        server_note.setObjectName("serverNote")
        server_note.setWordWrap(True)
        form.addRow("", server_note)
        self.server_url.textChanged.connect(self._update_facts)
        return box

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
        self.model_plain.setText(model_sentence(self.model_path.text(), self.server_url.text()))
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
