"""The conversation list from the persisted history (loaded in the background)."""
from __future__ import annotations

import time
from datetime import datetime

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QPushButton, QVBoxLayout, QWidget

from agents.api import Conversation
from app.gui.a11y import describe
from app.gui.controller import AppController


def friendly_date(when: float, now: float | None = None) -> str:
    """"Today 14:05", "Yesterday 09:12", "Mon 3 Nov", "3 Nov 2025": how a chat list dates its chats."""
    if not when:
        return ""
    moment, today = datetime.fromtimestamp(when), datetime.fromtimestamp(now or time.time())
    days = (today.date() - moment.date()).days
    if days == 0:
        return f"Today {moment:%H:%M}"
    if days == 1:
        return f"Yesterday {moment:%H:%M}"
    if 1 < days < 7:
        return f"{moment:%a} {moment.day} {moment:%b}"
    return f"{moment.day} {moment:%b}" + (f" {moment.year}" if moment.year != today.year else "")


class ConversationList(QWidget):
    opened = Signal(str, list)          # conversation id, [StoredMessage] (each answer with its citations)
    new_requested = Signal()
    deleted = Signal(str)

    def __init__(self, controller: AppController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.setMinimumWidth(170)       # a chat's title and date stay readable when the preview is open
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        self.new_button = QPushButton("New chat")
        describe(self.new_button, "Start a new chat", "Clears the chat for a new conversation (Ctrl+N)")
        self.new_button.clicked.connect(self.new_requested)
        layout.addWidget(self.new_button)
        self.list = QListWidget()
        self.list.setObjectName("conversationList")
        describe(self.list, "Conversations", "Your earlier chats, newest first; Enter opens one, Delete removes it")
        self.list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.list.setWordWrap(True)     # a long title wraps instead of losing its end
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
            when = friendly_date(info.updated)
            item = QListWidgetItem(f"{info.title}\n{when}" if when else info.title)
            item.setData(Qt.ItemDataRole.UserRole, info.id)
            item.setToolTip(f"{info.title}\n{when}".strip())
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
