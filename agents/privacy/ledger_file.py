"""The ledger's file format: one JSON record per line, hash-chained, appended durably.

Why each step of `append` exists:
- an exclusive `flock` serializes writers (the GUI and a CLI may both send);
- a file whose last byte is not a newline ends in a line torn by a crash: the new record
  starts on a line of its own, so it can never be glued onto the broken one and hidden;
- `os.write` may write less than asked: the rest is written until done (errors propagate,
  so a record that could not be written stops the send);
- the file is fsynced, and its folder too when the file is new (so the file itself survives);
- every record carries `prev` (the previous record's hash) and `hash` (over its own content
  and `prev`): a removed or altered record breaks the chain, which `verify` reports.
Records written before the chain existed have no hash; a digest of their content links them.
A chain alone cannot see records cut off its end, so after each append a small head file
(`<ledger>.head`) records the file's size and the last hash; `verify` compares them.
"""
from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterator
from pathlib import Path

try:
    import fcntl
except ImportError:          # Windows: writers are not serialized across processes there
    fcntl = None  # type: ignore[assignment]

GENESIS = "0" * 64
_TAIL_BLOCK = 1 << 16


def canonical(record: dict[str, object]) -> bytes:
    return json.dumps(record, ensure_ascii=False, sort_keys=True).encode("utf-8")


def record_hash(record: dict[str, object]) -> str:
    """The hash a record must carry: over everything in it except `hash` (so `prev` is covered)."""
    return hashlib.sha256(canonical({k: v for k, v in record.items() if k != "hash"})).hexdigest()


def link_of(record: dict[str, object]) -> str:
    """What the next record's `prev` must be: the hash, or a content digest for a pre-chain record."""
    value = record.get("hash")
    return value if isinstance(value, str) else hashlib.sha256(canonical(record)).hexdigest()


def parse_line(line: str) -> tuple[list[dict[str, object]], bool]:
    """The records on one line and whether the line holds a torn fragment.

    Old ledgers (before own-line records) may hold a record glued after a torn fragment:
    it is recovered by decoding from each '{' to the end of the line.
    """
    text = line.strip()
    if not text:
        return [], False
    try:
        record = json.loads(text)
        return ([record], False) if isinstance(record, dict) else ([], True)
    except json.JSONDecodeError:
        pass
    decoder = json.JSONDecoder()
    start = text.find("{", 1)
    while start != -1:
        try:
            record, end = decoder.raw_decode(text, start)
            if end == len(text) and isinstance(record, dict):
                return [record], True
        except json.JSONDecodeError:
            pass
        start = text.find("{", start + 1)
    return [], True


def read_records(path: Path) -> Iterator[tuple[int, list[dict[str, object]], bool]]:
    """(line number, records, torn) for every line of the file."""
    if not path.exists():
        return
    with path.open("r", encoding="utf-8", errors="replace") as handle:
        for number, line in enumerate(handle, start=1):
            records, torn = parse_line(line)
            yield number, records, torn


def append(path: Path, record: dict[str, object]) -> dict[str, object]:
    """Chain `record` to the last one and append it on its own line, durably; returns what was written."""
    path.parent.mkdir(parents=True, exist_ok=True)
    created = not path.exists()
    fd = os.open(path, os.O_RDWR | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        if fcntl is not None:
            fcntl.flock(fd, fcntl.LOCK_EX)
        size = os.fstat(fd).st_size
        torn = size > 0 and os.pread(fd, 1, size - 1) != b"\n"
        chained = dict(record, prev=_last_link(fd, size))
        chained["hash"] = record_hash(chained)
        data = (b"\n" if torn else b"") + canonical(chained) + b"\n"
        while data:
            written = os.write(fd, data)
            if written <= 0:
                raise OSError("the ledger write made no progress")
            data = data[written:]
        os.fsync(fd)
        _write_head(path, os.fstat(fd).st_size, str(chained["hash"]))      # still under the lock
    finally:
        os.close(fd)     # closing also releases the lock
    if created:
        _fsync_folder(path.parent)
    return chained


def head_path(path: Path) -> Path:
    return path.with_name(path.name + ".head")


def read_head(path: Path) -> tuple[int, str] | None:
    """(ledger size, last hash) as of the last append, or None (no head: an older ledger)."""
    try:
        head = json.loads(head_path(path).read_text(encoding="utf-8"))
        return int(head["size"]), str(head["hash"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _write_head(path: Path, size: int, last: str) -> None:
    """Replace the head file atomically; a crash before it only leaves the head one record behind."""
    target = head_path(path)
    temporary = target.with_name(target.name + ".tmp")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        data = json.dumps({"size": size, "hash": last}).encode("ascii")
        while data:
            data = data[os.write(fd, data):]
        os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(temporary, target)


def _last_link(fd: int, size: int) -> str:
    """The link of the last complete record, read from the end of the file backwards."""
    end, buffer = size, b""
    while end > 0:
        begin = max(0, end - _TAIL_BLOCK)
        buffer = os.pread(fd, end - begin, begin) + buffer
        end = begin
        lines = buffer.split(b"\n")
        complete = lines if begin == 0 else lines[1:]     # the first piece may be a partial line
        for raw in reversed(complete):
            records, _ = parse_line(raw.decode("utf-8", errors="replace"))
            if records:
                return link_of(records[-1])
    return GENESIS


def _fsync_folder(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return           # Windows cannot open folders; NTFS journals the directory entry itself
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
