"""Conversation history through the front door: list, read (with citations), delete."""
from __future__ import annotations

from typing import TYPE_CHECKING

from agents.platform.history import Conversation, StoredMessage

if TYPE_CHECKING:
    from agents.core import Core


class Conversations:
    core: Core

    front_end: str

    def conversations(self) -> list[Conversation]:
        """Newest first. In the GUI: without those started and kept on the command line."""
        store = self.core.history()
        return store.gui_conversations() if self.front_end == "gui" else store.conversations()

    def messages(self, conversation_id: str) -> list[StoredMessage]:
        """Every turn, in order, each assistant turn with the citations it was stored with."""
        return self.core.history().messages(conversation_id)

    def last_conversation_id(self) -> str | None:
        return self.core.history().last_conversation_id()

    def delete_conversation(self, conversation_id: str) -> bool:
        return self.core.history().delete(conversation_id)
