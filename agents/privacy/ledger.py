"""The audit ledger: every byte that left (or tried to leave) this machine.

JSON Lines in the data folder. A "request" line is written and fsynced *before*
the connection opens, so even a crash mid-send leaves a record; a "result" line
with the same id follows with the outcome and response size. The API key is never
passed to this module, so it cannot end up here.
"""
from __future__ import annotations

import json
import os
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class LedgerEntry:
    """One outbound request with its outcome, as `enclave ledger` shows it."""

    id: str
    time: str                  # ISO 8601, UTC
    endpoint: str
    model: str
    payload: str               # the exact request body (UTF-8 JSON text)
    request_bytes: int
    outcome: str = "unknown"   # "ok", "timeout", "http 401", ... ; "unknown" if the process died mid-send
    response_bytes: int = 0
    seconds: float = 0.0


class Ledger:
    def __init__(self, path: Path) -> None:
        self.path = path

    def _append(self, record: dict[str, object]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        line = (json.dumps(record, ensure_ascii=False, sort_keys=True) + "\n").encode("utf-8")
        fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            os.write(fd, line)
            os.fsync(fd)
        finally:
            os.close(fd)

    def record_request(self, endpoint: str, model: str, body: bytes) -> str:
        """Write the exact body before sending; returns the id to pass to `record_result`."""
        entry_id = uuid.uuid4().hex[:12]
        self._append({"kind": "request", "id": entry_id,
                      "time": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
                      "endpoint": endpoint, "model": model, "payload": body.decode("utf-8"),
                      "request_bytes": len(body)})
        return entry_id

    def record_result(self, entry_id: str, outcome: str, response_bytes: int, seconds: float) -> None:
        self._append({"kind": "result", "id": entry_id, "outcome": outcome,
                      "response_bytes": response_bytes, "seconds": round(seconds, 3)})

    def entries(self) -> list[LedgerEntry]:
        """All requests in order, each merged with its result; unreadable lines are skipped."""
        requests: dict[str, dict[str, object]] = {}
        for record in self._records():
            entry_id = str(record.get("id", ""))
            if record.get("kind") == "request":
                requests[entry_id] = dict(record)
            elif record.get("kind") == "result" and entry_id in requests:
                requests[entry_id].update({k: record[k] for k in ("outcome", "response_bytes", "seconds") if k in record})
        out = []
        for r in requests.values():
            try:
                out.append(LedgerEntry(
                    id=str(r["id"]), time=str(r["time"]), endpoint=str(r["endpoint"]), model=str(r["model"]),
                    payload=str(r["payload"]), request_bytes=int(r["request_bytes"]),  # type: ignore[arg-type]
                    outcome=str(r.get("outcome", "unknown")), response_bytes=int(r.get("response_bytes", 0)),  # type: ignore[arg-type]
                    seconds=float(r.get("seconds", 0.0))))  # type: ignore[arg-type]
            except (KeyError, TypeError, ValueError):
                continue
        return out

    def _records(self) -> Iterator[dict[str, object]]:
        if not self.path.exists():
            return
        with self.path.open("r", encoding="utf-8", errors="replace") as handle:
            for line in handle:
                try:
                    record = json.loads(line)
                except json.JSONDecodeError:
                    continue   # a line torn by a crash; the rest stays readable
                if isinstance(record, dict):
                    yield record
