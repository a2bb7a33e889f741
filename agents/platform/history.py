"""Conversation memory: every turn of every conversation, in SQLite in the data folder.

Why SQLite: each turn is written in its own transaction (WAL journal, full sync), so
a crash or a kill mid-answer loses at most that turn and never corrupts the file;
`enclave ask --continue` and the GUI's history both read the same store.
"""
from __future__ import annotations

import json
import sqlite3
import threading
import time
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from agents.events import Citation
from rag.errors import UserError
from rag.sqlite_locks import BUSY_TIMEOUT, while_locked

_SCHEMA = """
CREATE TABLE IF NOT EXISTS conversations (
    id TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    created REAL NOT NULL,
    updated REAL NOT NULL,
    origin TEXT NOT NULL DEFAULT ''
);
CREATE TABLE IF NOT EXISTS messages (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    conversation_id TEXT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
    role TEXT NOT NULL CHECK (role IN ('user', 'assistant')),
    content TEXT NOT NULL,
    route TEXT NOT NULL DEFAULT '',
    citations TEXT NOT NULL DEFAULT '[]',
    created REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS messages_by_conversation ON messages(conversation_id, id);
"""


ORIGINS = ("cli", "gui")     # where a conversation was started; '' for those stored before origins existed


class HistoryError(UserError, RuntimeError):
    """The history store cannot be used; the message names the file and what to do."""


@dataclass(frozen=True)
class Conversation:
    id: str
    title: str
    created: float
    updated: float
    origin: str = ""           # "cli", "gui", or "" (stored before origins were kept)


@dataclass(frozen=True)
class StoredMessage:
    role: str
    content: str
    route: str
    citations: tuple[Citation, ...]
    created: float


class ConversationStore:
    """Conversations and their turns; safe to use from several threads.

    `origin` says who writes through this store ("cli" unless the GUI sets "gui"): the GUI's
    chat list leaves out conversations started on the command line, unless the GUI continued them.
    """

    def __init__(self, path: Path, origin: str = "cli") -> None:
        self.path = Path(path)
        self.origin = origin
        self._lock = threading.Lock()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            while_locked(self._create_schema)
        except sqlite3.DatabaseError as exc:
            raise HistoryError(f"the conversation history {self.path} is unreadable ({exc}); "
                               "move it aside and Enclave starts a new one") from None

    def _create_schema(self) -> None:
        with self._connect() as db:
            db.executescript(_SCHEMA)
            _add_origin_column(db)

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            db = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT)
            try:
                while_locked(lambda: db.execute("PRAGMA journal_mode=WAL"))
                db.execute("PRAGMA synchronous=FULL")
                db.execute("PRAGMA foreign_keys=ON")
                with db:  # one transaction: committed whole or rolled back
                    yield db
            finally:
                db.close()

    def new_conversation(self, title: str) -> str:
        conversation_id = uuid.uuid4().hex
        now = time.time()
        title = " ".join(title.split())[:80] or "Conversation"
        with self._connect() as db:
            db.execute("INSERT INTO conversations (id, title, created, updated, origin) VALUES (?, ?, ?, ?, ?)",
                       (conversation_id, title, now, now, self.origin))
        return conversation_id

    def exists(self, conversation_id: str) -> bool:
        with self._connect() as db:
            return db.execute("SELECT 1 FROM conversations WHERE id = ?", (conversation_id,)).fetchone() is not None

    def append(self, conversation_id: str, role: str, content: str, *, route: str = "",
               citations: Sequence[Citation] = ()) -> None:
        """Add one turn (committed before returning)."""
        if role not in ("user", "assistant"):
            raise ValueError(f"role must be 'user' or 'assistant', not {role!r}")
        now = time.time()
        cited = json.dumps([{"label": c.label, "path": c.path, "page": c.page, "snippet": c.snippet}
                            for c in citations])
        with self._connect() as db:
            updated = db.execute("UPDATE conversations SET updated = ? WHERE id = ?", (now, conversation_id))
            if updated.rowcount == 0:
                raise HistoryError(f"there is no conversation {conversation_id!r} in the history")
            if self.origin == "gui":      # continued in the GUI: it belongs to the GUI's list from now on
                db.execute("UPDATE conversations SET origin = 'gui' WHERE id = ? AND origin = 'cli'", (conversation_id,))
            db.execute("INSERT INTO messages (conversation_id, role, content, route, citations, created) "
                       "VALUES (?, ?, ?, ?, ?, ?)", (conversation_id, role, content, route, cited, now))

    def messages(self, conversation_id: str, last: int | None = None) -> list[StoredMessage]:
        """The turns of a conversation, oldest first (only the `last` ones if given)."""
        with self._connect() as db:
            rows = db.execute("SELECT role, content, route, citations, created FROM messages "
                              "WHERE conversation_id = ? ORDER BY id DESC LIMIT ?",
                              (conversation_id, -1 if last is None else last)).fetchall()
        return [StoredMessage(role, content, route, tuple(Citation(**c) for c in json.loads(cited)), created)
                for role, content, route, cited, created in reversed(rows)]

    def conversations(self) -> list[Conversation]:
        """Every conversation, most recently updated first."""
        with self._connect() as db:
            rows = db.execute("SELECT id, title, created, updated, origin FROM conversations "
                              "ORDER BY updated DESC, rowid DESC").fetchall()
        return [Conversation(*row) for row in rows]

    def gui_conversations(self) -> list[Conversation]:
        """The GUI's chat list: everything but conversations started and kept on the command line."""
        return [c for c in self.conversations() if c.origin != "cli"]

    def last_conversation_id(self) -> str | None:
        with self._connect() as db:
            row = db.execute("SELECT id FROM conversations ORDER BY updated DESC, rowid DESC LIMIT 1").fetchone()
        return row[0] if row else None

    def delete(self, conversation_id: str) -> bool:
        with self._connect() as db:
            return db.execute("DELETE FROM conversations WHERE id = ?", (conversation_id,)).rowcount > 0


def _add_origin_column(db: sqlite3.Connection) -> None:
    """Migrate a history written before origins were kept: add the column (old rows get '', shown everywhere).
    Two processes may migrate at once; the loser sees the column already there."""
    columns = {row[1] for row in db.execute("PRAGMA table_info(conversations)")}
    if "origin" in columns:
        return
    try:
        db.execute("ALTER TABLE conversations ADD COLUMN origin TEXT NOT NULL DEFAULT ''")
    except sqlite3.OperationalError as exc:
        if "duplicate column" not in str(exc):
            raise
