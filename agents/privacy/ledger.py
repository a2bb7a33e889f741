"""The audit ledger: every byte that left (or tried to leave) this machine.

JSON Lines in the data folder. A "request" line is written and fsynced *before*
the connection opens, so even a crash mid-send leaves a record; a "result" line
with the same id follows with the outcome and response size. If the request line
cannot be written, the send does not happen. Records are hash-chained
(agents.privacy.ledger_file) so `verify` detects a removed or altered record. The
API key is never passed to this module, so it cannot end up here.
"""
from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from agents.privacy import ledger_file


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


@dataclass(frozen=True)
class LedgerCheck:
    """What `verify` found: records whose chain checked out, and every break in it."""

    records: int = 0               # complete records read
    unchained: int = 0             # records written before the hash chain existed (a prefix)
    torn_lines: int = 0            # lines torn by an interrupted write (the write failed; nothing was sent for it)
    problems: list[str] = field(default_factory=list)

    @property
    def intact(self) -> bool:
        return not self.problems


class Ledger:
    def __init__(self, path: Path) -> None:
        self.path = path

    def _append(self, record: dict[str, object]) -> None:
        ledger_file.append(self.path, record)

    def record_request(self, endpoint: str, model: str, body: bytes) -> str:
        """Write the exact body before sending; returns the id to pass to `record_result`.

        Raises OSError when the record cannot be written: the caller must not send then.
        """
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
        """All requests in order, each merged with its result; torn fragments are skipped, records kept."""
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
        for _number, records, _torn in ledger_file.read_records(self.path):
            yield from records

    def verify(self) -> LedgerCheck:
        """Walk the chain: each record must link to the one before it and match its own hash."""
        records = unchained = torn_lines = 0
        problems: list[str] = []
        link, chained = ledger_file.GENESIS, False
        hashes: set[str] = set()
        for number, found, torn in ledger_file.read_records(self.path):
            torn_lines += torn
            for record in found:
                records += 1
                if "hash" not in record:
                    if chained:
                        problems.append(f"line {number}: a record without a hash after chained records (inserted or altered)")
                    unchained += 1
                else:
                    chained = True
                    if record.get("prev") != link:
                        problems.append(f"line {number}: the record before it was removed or altered (the chain is broken)")
                    if ledger_file.record_hash(record) != record["hash"]:
                        problems.append(f"line {number}: the record was altered (its hash does not match its content)")
                link = ledger_file.link_of(record)
                hashes.add(link)
        problems += self._check_head(hashes)
        return LedgerCheck(records, unchained, torn_lines, problems)

    def _check_head(self, hashes: set[str]) -> list[str]:
        """The end of the chain as the last append left it: shorter file or missing last record = cut off."""
        head = ledger_file.read_head(self.path)
        if head is None:
            return []
        size, last = head
        actual = self.path.stat().st_size if self.path.exists() else 0
        if actual < size:
            return [f"the ledger is {size - actual} bytes shorter than after its last write: records were removed"]
        if last not in hashes:
            return ["the last record written is missing from the ledger"]
        return []
