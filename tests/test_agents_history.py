"""Conversation memory in SQLite: turns in order, continue the last one, survive a kill mid-write."""
from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from agents.events import Citation
from agents.platform.history import ConversationStore, HistoryError

ROOT = Path(__file__).resolve().parent.parent


def test_turns_are_stored_in_order_with_citations(tmp_path):
    store = ConversationStore(tmp_path / "h.sqlite3")
    first = store.new_conversation("  What does   the report say?  ")
    store.append(first, "user", "What does the report say?")
    cite = Citation("report.pdf p.2", "/d/report.pdf", 2, "The warranty lasts seven years.")
    store.append(first, "assistant", "Seven years [report.pdf p.2].", route="documents", citations=[cite])
    second = store.new_conversation("other")
    store.append(second, "user", "hi")
    assert [c.id for c in store.conversations()] == [second, first]
    assert store.conversations()[1].title == "What does the report say?"
    assert store.last_conversation_id() == second
    turns = store.messages(first)
    assert [(t.role, t.route) for t in turns] == [("user", ""), ("assistant", "documents")]
    assert turns[1].citations == (cite,)
    assert [t.content for t in store.messages(first, last=1)] == ["Seven years [report.pdf p.2]."]
    store.append(first, "user", "and after that?")
    assert store.last_conversation_id() == first     # the most recently updated
    assert store.delete(second) and store.messages(second) == [] and not store.exists(second)


def test_bad_turns_are_refused(tmp_path):
    store = ConversationStore(tmp_path / "h.sqlite3")
    with pytest.raises(HistoryError, match="no conversation 'nope'"):
        store.append("nope", "user", "hi")
    cid = store.new_conversation("x")
    with pytest.raises(ValueError, match="role must be"):
        store.append(cid, "system", "hi")


def test_an_unreadable_file_gets_a_clear_message(tmp_path):
    bad = tmp_path / "h.sqlite3"
    bad.write_bytes(b"this is not a database" * 100)
    with pytest.raises(HistoryError, match="unreadable.*move it aside"):
        ConversationStore(bad)


WRITER = """
import sys
from agents.platform.history import ConversationStore
store = ConversationStore(sys.argv[1])
cid = store.new_conversation("load")
print(cid, flush=True)
i = 0
while True:
    store.append(cid, "user" if i % 2 == 0 else "assistant", f"turn {i} " + "x" * 2000)
    i += 1
"""


def test_a_kill_mid_write_never_corrupts_the_history(tmp_path):
    path = tmp_path / "h.sqlite3"
    proc = subprocess.Popen([sys.executable, "-c", WRITER, str(path)], stdout=subprocess.PIPE, text=True, cwd=ROOT)
    cid = proc.stdout.readline().strip()
    time.sleep(1.0)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    store = ConversationStore(path)
    turns = store.messages(cid)
    assert len(turns) > 5
    assert [t.content.split()[1] for t in turns] == [str(i) for i in range(len(turns))]   # no gaps, none half
    assert all(len(t.content) == len(f"turn {i} ") + 2000 for i, t in enumerate(turns))
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    store.append(cid, "user", "still works")
    assert store.messages(cid, last=1)[0].content == "still works"
