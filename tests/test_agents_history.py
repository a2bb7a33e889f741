"""Conversation memory in SQLite: turns in order, continue the last one, survive a kill mid-write."""
from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
import threading
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



class _BusyOnce(sqlite3.Connection):
    """A connection whose first journal-mode switch fails as SQLite does when another connection is recovering
    the WAL index: "database is locked" at once, without the busy handler having waited."""
    failures = 0

    def execute(self, sql, *args):
        if sql.startswith("PRAGMA journal_mode") and _BusyOnce.failures < 2:
            _BusyOnce.failures += 1
            raise sqlite3.OperationalError("database is locked")
        return super().execute(sql, *args)


def test_a_lock_sqlite_does_not_wait_for_is_waited_for(tmp_path, monkeypatch):
    real_connect = sqlite3.connect
    monkeypatch.setattr(sqlite3, "connect", lambda *a, **k: real_connect(*a, factory=_BusyOnce, **k))
    store = ConversationStore(tmp_path / "h.sqlite3")          # the old code: HistoryError "database is locked"
    conversation = store.new_conversation("after a busy start")
    store.append(conversation, "user", "hello")
    assert _BusyOnce.failures == 2 and [m.content for m in store.messages(conversation)] == ["hello"]


def test_many_stores_opening_a_new_history_at_once_all_succeed(tmp_path):
    """The GUI, the tray and `enclave ask` may open a history that does not exist yet at the same moment
    (a flaky "database is locked" at start-up came from this race); every one of them must get in."""
    failures: list[str] = []

    def open_and_write(path: Path, start: threading.Barrier) -> None:
        start.wait()
        try:
            store = ConversationStore(path)
            store.append(store.new_conversation("race"), "user", "hello")
        except Exception as exc:  # noqa: BLE001 - collected and shown by the assertion
            failures.append(repr(exc))

    for attempt in range(20):
        path = tmp_path / f"h{attempt}.sqlite3"
        start = threading.Barrier(8)
        threads = [threading.Thread(target=open_and_write, args=(path, start)) for _ in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        assert not failures, failures[0]
        assert len(ConversationStore(path).conversations()) == 8
