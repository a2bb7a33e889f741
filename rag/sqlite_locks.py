"""Waiting out the SQLite locks its busy handler does not wait for (shared by every SQLite file Enclave keeps)."""
from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

BUSY_TIMEOUT = 10.0     # seconds a writer waits for another process's transaction (SQLite's own busy handler)


def while_locked(step: Callable[[], object], deadline: float = BUSY_TIMEOUT) -> None:
    """Run `step`, again while SQLite says "database is locked" without having waited.

    Why: SQLite's busy handler covers ordinary lock waits, but not every case. When several processes (the GUI,
    the tray, `enclave ask`) open a new history at once, switching it to WAL, or reading the WAL index while
    another connection recovers it, fails at once with "database is locked" (seen as a flaky start-up). Those
    locks last milliseconds: wait and try again, up to the same limit as the busy handler."""
    give_up = time.monotonic() + deadline
    pause = 0.005
    while True:
        try:
            step()
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) and "busy" not in str(exc) or time.monotonic() >= give_up:
                raise
        time.sleep(pause)
        pause = min(pause * 2, 0.2)


@contextmanager
def write_transaction(db: sqlite3.Connection, lock: threading.Lock | threading.RLock) -> Iterator[sqlite3.Connection]:
    """One write transaction on `db` under `lock`: all of it is committed, or (on any exception) none of it.

    BEGIN IMMEDIATE takes SQLite's write lock at once, so a second process waits here, not halfway through.
    """
    with lock:
        db.execute("BEGIN IMMEDIATE")
        try:
            yield db
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise
