"""The network activity list: every connection Enclave made, as the user sees it in one place.

Two kinds exist: model downloads (recorded here in `<data folder>/network-activity.jsonl`: a line before
the first byte is asked for, and one when the download ends, whatever the result, so a download whose
process was killed still shows, as "interrupted") and cloud requests (the privacy gateway's audit
ledger, read from there). `enclave network` and Tools → Network activity show both, newest last.
Nothing private is recorded: a download's host, repository, file, size and result.
"""
from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, replace
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from agents.privacy.ledger import LedgerEntry

ACTIVITY_FILE = "network-activity.jsonl"
STARTED = "started"


@dataclass(frozen=True)
class NetworkRecord:
    """One connection: what, where, how much, and how it ended."""

    time: str             # ISO 8601, UTC, when it started
    kind: str             # "model download" or "cloud request"
    host: str             # every host contacted, redirects included ("huggingface.co, cdn-lfs.hf.co")
    what: str             # the file (repo/file) or the cloud model
    size_bytes: int       # bytes received (download) or sent (cloud request)
    seconds: float
    result: str           # "ok", "cancelled", "checksum mismatch", "http 404", ...; "interrupted": no end line
    id: str = ""          # pairs a download's start line with its end line


def now_iso() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def record_download(home: Path, record: NetworkRecord) -> None:
    """Append one line (0600, like the rest of the data folder); a failure to write is not the download's."""
    path = home / ACTIVITY_FILE
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        with os.fdopen(fd, "a", encoding="utf-8") as handle:
            handle.write(json.dumps(asdict(record), sort_keys=True) + "\n")
    except OSError:
        pass


def downloads(home: Path) -> list[NetworkRecord]:
    path = home / ACTIVITY_FILE
    if not path.exists():
        return []
    found: dict[str, NetworkRecord] = {}
    for number, line in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines()):
        try:
            record = NetworkRecord(**json.loads(line))
        except (ValueError, TypeError):
            continue          # a line torn by a crash mid-write
        found[record.id or str(number)] = record          # the end line replaces its start line
    return [replace(r, result="interrupted") if r.result == STARTED else r for r in found.values()]


def from_ledger(entry: LedgerEntry) -> NetworkRecord:
    from urllib.parse import urlsplit

    return NetworkRecord(time=entry.time, kind="cloud request", host=urlsplit(entry.endpoint).hostname or entry.endpoint,
                         what=entry.model, size_bytes=entry.request_bytes, seconds=entry.seconds,
                         result=entry.outcome)


def all_activity(home: Path, ledger: list[LedgerEntry]) -> list[NetworkRecord]:
    """Downloads and cloud requests together, oldest first."""
    return sorted([*downloads(home), *(from_ledger(e) for e in ledger)], key=lambda r: r.time)
