"""The first-run panel in the chat area: "Add your documents" until something is indexed, then example questions.

Why: a new user sees a blank chat and does not know the Library tab exists; this panel
puts the drop zone and the two buttons where they look first, says what stays on the
computer, and, once documents are indexed, offers questions built from their titles.
It drives the same Indexer as the Library tab (no second indexing path).
"""
from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from app.gui.a11y import describe
from app.gui.drops import AcceptsFileDrops

PRIVACY_LINE = ("Your documents, their index and your chats stay on this computer. Nothing is sent anywhere "
                "unless you turn on “Ask the cloud” and approve the exact text first.")
NO_DOCUMENTS_PREFIX = "No documents are indexed yet"
NO_DOCUMENTS_GUI = ("No documents are indexed yet, so I cannot answer from them. Add files or a folder with the "
                    "buttons above (or drop them on this window), then ask again.")


def example_questions(titles: Sequence[Any], limit: int = 3) -> list[str]:
    """2–3 questions the user's own documents can answer: a summary of the newest, then what each is about."""
    if not titles:
        return []
    questions = [f"Summarize {titles[0].file_name}"]
    for item in titles:
        questions.append(f"What is “{item.title}” about?")
    if len(titles) == 1:
        questions.append(f"What are the key dates in {titles[0].file_name}?")
    return list(dict.fromkeys(questions))[:limit]


def indexed_count(documents: Sequence[Any]) -> int:
    return sum(1 for d in documents if getattr(d.status, "value", d.status) == "indexed")


class DropZone(AcceptsFileDrops, QFrame):
    """A large dashed area that indexes what is dropped on it."""

    dropped = Signal(list)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("firstRunDropZone")
        self.setAcceptDrops(True)
        self.setMinimumHeight(120)
        layout = QVBoxLayout(self)
        self.label = QLabel("Drop files or folders here")
        self.label.setObjectName("dropZoneLabel")
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.label.setWordWrap(True)
        layout.addWidget(self.label)

    def files_dropped(self, paths: list[Path]) -> None:
        self.dropped.emit(paths)


class ExampleButton(QPushButton):
    """An example question that takes the width the chat has and elides the rest (a long file name in
    "Summarize …" used to widen the chat pane and narrow the others)."""

    def __init__(self, question: str) -> None:
        super().__init__(question)
        self.question = question
        self.setToolTip(question)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)

    def text(self) -> str:  # noqa: D102 - the whole question, however much is shown
        return self.question

    def resizeEvent(self, event: Any) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        room = max(self.width() - 24, 0)
        super().setText(self.fontMetrics().elidedText(self.question, Qt.TextElideMode.ElideMiddle, room))


class FirstRunPanel(QWidget):
    """Shown above the transcript while the library is empty or the chat is new."""

    add_files = Signal()
    add_folder = Signal()
    dropped = Signal(list)
    example_chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("firstRunPanel")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        self.heading = QLabel("Add your documents")
        self.heading.setObjectName("firstRunHeading")
        self.intro = QLabel("Enclave answers from the documents you add, and tells you the file and page it used.")
        self.intro.setWordWrap(True)
        self.zone = DropZone()
        self.zone.dropped.connect(self.dropped)
        buttons = QHBoxLayout()
        self.add_files_button = QPushButton("Add files…")
        self.add_folder_button = QPushButton("Add folder…")
        describe(self.add_files_button, "Add files to the library", "Opens a file dialog; the files are indexed")
        describe(self.add_folder_button, "Add a folder to the library", "Opens a folder dialog; its documents are indexed")
        self.add_files_button.clicked.connect(self.add_files)
        self.add_folder_button.clicked.connect(self.add_folder)
        buttons.addStretch(1)
        buttons.addWidget(self.add_files_button)
        buttons.addWidget(self.add_folder_button)
        buttons.addStretch(1)
        self.privacy = QLabel(PRIVACY_LINE)
        self.privacy.setObjectName("privacyLine")
        self.privacy.setWordWrap(True)
        self.examples_label = QLabel("Try asking:")
        self.examples_box = QVBoxLayout()
        self.example_buttons: list[QPushButton] = []
        for widget in (self.heading, self.intro, self.zone):
            layout.addWidget(widget)
        layout.addLayout(buttons)
        layout.addWidget(self.privacy)
        layout.addWidget(self.examples_label)
        layout.addLayout(self.examples_box)
        layout.addStretch(1)
        self.set_state(indexed=0, examples=[])

    def set_state(self, *, indexed: int, examples: Sequence[str], compact: bool = False) -> None:
        """Empty library: the drop zone. Something indexed: the example questions (and a smaller drop zone)."""
        has_docs = indexed > 0
        plural = "document" if indexed == 1 else "documents"
        self.heading.setText(f"{indexed} {plural} in your library — ask away" if has_docs else "Add your documents")
        self.intro.setVisible(not has_docs and not compact)
        self.zone.setMinimumHeight(48 if has_docs or compact else 120)
        self.zone.label.setText("Drop more files or folders here" if has_docs else
                                "Drop files or folders here — PDF, Word, text, Markdown, e-mail, spreadsheets")
        self.privacy.setVisible(not compact)
        wanted = list(examples) if has_docs else []
        self.examples_label.setVisible(bool(wanted))
        if wanted == [b.text() for b in self.example_buttons]:
            return                     # unchanged (called for every indexed document)
        for button in self.example_buttons:
            self.examples_box.removeWidget(button)
            button.deleteLater()
        self.example_buttons = []
        for question in wanted:
            button = ExampleButton(question)
            button.setObjectName("exampleQuestion")
            describe(button, f"Ask: {question}", "Sends this example question about your documents")
            button.clicked.connect(lambda _checked=False, q=question: self.example_chosen.emit(q))
            self.examples_box.addWidget(button)
            self.example_buttons.append(button)


class FirstRun:
    """Wires the panel to the main window: the Indexer's documents, the chat's turns, the session."""

    def __init__(self, window: Any) -> None:
        self.window = window
        self.panel = FirstRunPanel()
        self.examples: list[str] = []
        self._titles_for: tuple[str, ...] = ()
        chat = window.chat
        chat.layout().insertWidget(0, self.panel, 1)
        self.panel.add_files.connect(window.library._pick_files)
        self.panel.add_folder.connect(window.library._pick_folder)
        self.panel.dropped.connect(window.indexer.add)
        self.panel.example_chosen.connect(self.ask)
        window.indexer.documents_changed.connect(lambda _docs: self.update())
        window.indexer.document_updated.connect(lambda _rec: self.update())
        window.indexer.running_changed.connect(lambda running: None if running else self.update())
        window.session.conversation_changed.connect(lambda _cid: self.update())
        window.session.switched.connect(self.update)         # a new chat offers the example questions again
        window.session.answered.connect(self._plain_no_documents)
        chat.submitted.connect(lambda _text: self.update())
        self.update()

    def ask(self, question: str) -> None:
        self.window.chat.input.setPlainText(question)
        self.window.chat.send_button.click()

    def update(self) -> None:
        chat = self.window.chat
        indexed = indexed_count(self.window.indexer.documents)
        has_turns = bool(chat.turns)
        shown = indexed == 0 or not has_turns
        self.panel.set_state(indexed=indexed, examples=self.examples, compact=has_turns)
        self.panel.setVisible(shown)
        chat.transcript.setVisible(has_turns)
        self.panel.setMaximumHeight(16_777_215 if not has_turns else 190)
        self._refresh_titles(indexed)

    def _refresh_titles(self, indexed: int) -> None:
        """Ask the core (on a worker) for titles when the set of indexed documents changed."""
        key = tuple(sorted(d.path for d in self.window.indexer.documents
                           if getattr(d.status, "value", d.status) == "indexed"))
        controller = self.window.controller
        if key == self._titles_for or controller.enclave is None:
            return
        if self.examples and self.window.indexer.running:
            return                     # a big folder: refreshed once when indexing ends, not per document
        self._titles_for = key
        if not indexed:
            self.examples = []
            return
        job = controller.job("reading document titles", lambda enclave, flag: [enclave.document_titles(3)])
        job.item.connect(self._show_titles)
        controller.start(job)

    def _show_titles(self, titles: list[Any]) -> None:
        self.examples = example_questions(titles)
        self.update()

    def _plain_no_documents(self, answer: Any) -> None:
        """The core's "No documents are indexed yet … enclave index PATH" said the GUI's way."""
        chat = self.window.chat
        if chat.turns and chat.turns[-1].answer.startswith(NO_DOCUMENTS_PREFIX):
            chat.turns[-1].answer = NO_DOCUMENTS_GUI
            chat.render_tail()
        self.update()
