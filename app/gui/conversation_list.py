"""The conversation list from the persisted history (loaded in the background)."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QPushButton, QVBoxLayout, QWidget

from agents.api import Conversation
from app.gui.controller import AppController


class ConversationList(QWidget):
    opened = Signal(str, list)          # conversation id, [StoredMessage] (each answer with its citations)
    new_requested = Signal()
    deleted = Signal(str)

    def __init__(self, controller: AppController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        self.new_button = QPushButton("New chat")
        self.new_button.setAccessibleName("Start a new chat")
        self.new_button.clicked.connect(self.new_requested)
        layout.addWidget(self.new_button)
        self.list = QListWidget()
        self.list.setObjectName("conversationList")
        self.list.setAccessibleName("Conversations")
        self.list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.itemActivated.connect(self._open)
        self.list.itemClicked.connect(self._open)
        self.list.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.delete_action = QAction("Delete conversation", self.list)
        self.delete_action.setShortcut(QKeySequence.StandardKey.Delete)
        self.delete_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.delete_action.triggered.connect(self.delete_selected)
        self.list.addAction(self.delete_action)
        layout.addWidget(self.list, 1)

    def refresh(self) -> None:
        if self.controller.enclave is None:
            return
        job = self.controller.job("reading the chat history", lambda enclave, flag: [enclave.conversations()])
        job.item.connect(self.show_conversations)
        self.controller.start(job)

    def show_conversations(self, conversations: list[Conversation]) -> None:
        self.list.clear()
        for info in sorted(conversations, key=lambda c: c.updated, reverse=True):
            item = QListWidgetItem(info.title)
            item.setData(Qt.ItemDataRole.UserRole, info.id)
            item.setToolTip(info.title)
            self.list.addItem(item)

    def delete_selected(self) -> None:
        item = self.list.currentItem()
        if item is None:
            return
        cid = item.data(Qt.ItemDataRole.UserRole)
        job = self.controller.job("deleting the conversation",
                                  lambda enclave, flag: [enclave.delete_conversation(cid)])
        job.succeeded.connect(lambda: (self.deleted.emit(cid), self.refresh()))
        self.controller.start(job)

    def _open(self, item: QListWidgetItem) -> None:
        cid = item.data(Qt.ItemDataRole.UserRole)
        job = self.controller.job("opening the conversation", lambda enclave, flag: [enclave.messages(cid)])
        job.item.connect(lambda messages: self.opened.emit(cid, messages))
        self.controller.start(job)
