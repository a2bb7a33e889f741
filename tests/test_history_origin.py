"""Conversation origins: the GUI's list leaves out command-line runs; an old history file is migrated in place."""
from __future__ import annotations

import sqlite3
import threading

from agents.platform.history import ConversationStore

OLD_SCHEMA = """
CREATE TABLE conversations (id TEXT PRIMARY KEY, title TEXT NOT NULL, created REAL NOT NULL, updated REAL NOT NULL);
CREATE TABLE messages (id INTEGER PRIMARY KEY AUTOINCREMENT, conversation_id TEXT NOT NULL
    REFERENCES conversations(id) ON DELETE CASCADE, role TEXT NOT NULL CHECK (role IN ('user', 'assistant')),
    content TEXT NOT NULL, route TEXT NOT NULL DEFAULT '', citations TEXT NOT NULL DEFAULT '[]', created REAL NOT NULL);
"""


def old_history(path):
    db = sqlite3.connect(path)
    db.executescript(OLD_SCHEMA)
    db.execute("INSERT INTO conversations VALUES ('old1', 'from last year', 1.0, 2.0)")
    db.execute("INSERT INTO messages (conversation_id, role, content, created) VALUES ('old1', 'user', 'hi', 1.0)")
    db.commit()
    db.close()


def test_an_old_history_is_migrated_and_keeps_every_conversation(tmp_path):
    path = tmp_path / "history.sqlite3"
    old_history(path)
    stores = []
    threads = [threading.Thread(target=lambda: stores.append(ConversationStore(path))) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(stores) == 3                       # several processes opening it at once all succeed
    store = stores[0]
    (old,) = store.conversations()
    assert (old.id, old.title, old.origin) == ("old1", "from last year", "")
    assert [c.id for c in store.gui_conversations()] == ["old1"]     # chats from before origins stay visible
    assert [m.content for m in store.messages("old1")] == ["hi"]


def test_cli_conversations_stay_out_of_the_gui_list_unless_continued_there(tmp_path):
    path = tmp_path / "history.sqlite3"
    cli = ConversationStore(path)
    asked = cli.new_conversation("enclave ask from a script")
    cli.append(asked, "user", "q")
    gui = ConversationStore(path, origin="gui")
    chat = gui.new_conversation("a chat in the window")
    assert [c.id for c in gui.gui_conversations()] == [chat]
    assert {c.id for c in gui.conversations()} == {asked, chat}
    gui.append(asked, "user", "continued in the window")
    assert {c.id for c in gui.gui_conversations()} == {asked, chat}
    cli.append(chat, "user", "the CLI continuing a GUI chat leaves it a GUI chat")
    assert {c.origin for c in gui.conversations()} == {"gui"}
