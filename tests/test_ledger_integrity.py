"""The audit ledger never hides a send: torn writes, short writes, a full disk, edits, two writers."""
from __future__ import annotations

import errno
import json
import os
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from agents.events import CloudExchange, ErrorEvent
from agents.platform.paths import data_paths
from agents.privacy import ledger_file
from agents.privacy.ledger import Ledger
from app.cli import run_cli
from tests.cloud_server import CloudServer, cloud_server  # noqa: F401
from tests.test_privacy_gateway import KEY, api_key, copying_model, run, settings_for  # noqa: F401

ROOT = Path(__file__).resolve().parent.parent


def test_a_send_after_a_torn_write_is_listed_and_the_chain_holds(cloud_server: CloudServer, capsys) -> None:
    path = data_paths().ensure().ledger_file
    ledger = Ledger(path)
    first = ledger.record_request("https://a.example/v1", "m", b'{"sketch": "first"}')
    ledger.record_result(first, "ok", 10, 0.1)
    with path.open("ab") as handle:                 # a crash in the middle of the next write
        handle.write(b'{"endpoint": "https://a.example/v1", "id": "torn", "kind": "requ')
    events = run(copying_model(), settings_for(cloud_server), lambda request: True)
    assert len(cloud_server.received) == 1 and any(isinstance(e, CloudExchange) and e.sent for e in events)
    entries = ledger.entries()
    assert [e.id for e in entries][0] == first and len(entries) == 2
    assert entries[1].payload == cloud_server.received[0].body.decode("utf-8") and entries[1].outcome == "ok"
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[2].endswith('"kind": "requ') and json.loads(lines[3])["kind"] == "request"   # its own line
    assert run_cli(["ledger", "--json"]) == 0
    assert len(capsys.readouterr().out.splitlines()) == 2
    check = ledger.verify()
    assert check.intact and check.records == 4 and check.torn_lines == 1
    assert run_cli(["ledger", "--verify"]) == 0
    assert "ledger intact: 4 records verified" in capsys.readouterr().out


def test_a_record_glued_onto_a_torn_line_by_an_old_version_is_recovered(tmp_path: Path) -> None:
    path = tmp_path / "ledger.jsonl"
    old = {"kind": "request", "id": "abc", "time": "2026-01-01T00:00:00Z", "endpoint": "https://x/v1", "model": "m",
           "payload": "{}", "request_bytes": 2}
    path.write_text('{"kind": "request", "id": "to' + json.dumps(old) + "\n", encoding="utf-8")
    ledger = Ledger(path)
    assert [e.id for e in ledger.entries()] == ["abc"]
    ledger.record_result("abc", "ok", 5, 0.2)
    check = ledger.verify()
    assert check.intact and check.unchained == 1 and check.records == 2 and check.torn_lines == 1
    assert ledger.entries()[0].outcome == "ok"


def test_an_edited_or_removed_record_fails_verify(tmp_path: Path, capsys, enclave_home: Path) -> None:
    path = data_paths().ensure().ledger_file
    ledger = Ledger(path)
    for i in range(4):
        ledger.record_request("https://a.example/v1", "m", json.dumps({"n": i}).encode())
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    assert ledger.verify().intact and ledger.verify().records == 4

    path.write_text("".join(lines).replace('{\\"n\\": 3}', '{\\"n\\": 9}'), encoding="utf-8")   # the last one
    check = ledger.verify()
    assert not check.intact and "line 4: the record was altered" in check.problems[0]
    assert run_cli(["ledger", "--verify"]) == 1
    assert "the ledger was altered" in capsys.readouterr().err
    assert run_cli(["ledger"]) == 0                                                   # listing still works ...
    assert "warning: the ledger's hash chain is broken" in capsys.readouterr().err   # ... and says so

    path.write_text("".join(lines[:1] + lines[2:]), encoding="utf-8")                # one removed
    problems = ledger.verify().problems
    assert problems[0] == "line 2: the record before it was removed or altered (the chain is broken)"
    assert problems[1].endswith("shorter than after its last write: records were removed")

    edited = json.loads(lines[1])
    edited["payload"] = "{}"
    edited["hash"] = ledger_file.record_hash(edited)                                  # re-hashed, not re-chained
    path.write_text("".join([lines[0], json.dumps(edited) + "\n", *lines[2:]]), encoding="utf-8")
    assert any(p.startswith("line 3: the record before it") for p in ledger.verify().problems)


def test_records_cut_off_the_end_are_noticed(tmp_path: Path) -> None:
    path = tmp_path / "ledger.jsonl"
    ledger = Ledger(path)
    for i in range(3):
        ledger.record_request("https://a.example/v1", "m", json.dumps({"n": i}).encode())
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(lines[:2]), encoding="utf-8")            # the chain alone looks intact
    assert ledger.verify().problems == [f"the ledger is {len(lines[2].encode())} bytes shorter than after its "
                                        "last write: records were removed"]
    path.write_text("".join(lines[:2]) + " " * len(lines[2].encode()), encoding="utf-8")   # padded back to size
    assert ledger.verify().problems == ["the last record written is missing from the ledger"]


def test_short_writes_are_completed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real_write = os.write
    calls = []

    def dribble(fd: int, data: bytes) -> int:
        calls.append(len(data))
        return real_write(fd, data[:7])
    monkeypatch.setattr(ledger_file.os, "write", dribble)
    ledger = Ledger(tmp_path / "ledger.jsonl")
    entry = ledger.record_request("https://a.example/v1", "m", b'{"sketch": "a long enough payload"}')
    monkeypatch.undo()
    assert len(calls) > 10 and [e.id for e in ledger.entries()] == [entry] and ledger.verify().intact


def test_a_full_disk_stops_the_send(cloud_server: CloudServer, monkeypatch: pytest.MonkeyPatch) -> None:
    def full(fd: int, data: bytes) -> int:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
    monkeypatch.setattr(ledger_file.os, "write", full)
    events = run(copying_model(), settings_for(cloud_server), lambda request: True)
    assert cloud_server.received == []                                      # nothing left the machine
    [error] = [e for e in events if isinstance(e, ErrorEvent)]
    assert "audit ledger cannot be written" in error.message and "nothing was sent" in error.message
    assert any(isinstance(e, CloudExchange) and not e.sent and e.outcome == "ledger unwritable" for e in events)


def test_a_new_ledger_is_private_and_its_folder_is_synced(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    synced: list[bool] = []
    real_fsync = os.fsync

    def fsync(fd: int) -> None:
        synced.append(stat.S_ISDIR(os.fstat(fd).st_mode))
        real_fsync(fd)
    monkeypatch.setattr(ledger_file.os, "fsync", fsync)
    ledger = Ledger(tmp_path / "new" / "ledger.jsonl")
    ledger.record_request("https://a.example/v1", "m", b"{}")
    assert synced == [False, False, True]              # the file, its head file, then (new file) their folder
    ledger.record_request("https://a.example/v1", "m", b"{}")
    assert synced == [False, False, True, False, False]
    if os.name == "posix":
        assert stat.S_IMODE((tmp_path / "new" / "ledger.jsonl").stat().st_mode) == 0o600


WRITER = textwrap.dedent("""
    import sys
    from pathlib import Path
    from agents.privacy.ledger import Ledger
    ledger = Ledger(Path(sys.argv[1]))
    for i in range(60):
        ledger.record_request("https://a.example/v1", "m", ('{"writer": "%s", "n": %d}' % (sys.argv[2], i)).encode())
""")


def test_two_processes_appending_keep_one_intact_chain(tmp_path: Path) -> None:
    path = tmp_path / "ledger.jsonl"
    procs = [subprocess.Popen([sys.executable, "-c", WRITER, str(path), name], cwd=ROOT) for name in ("a", "b")]
    assert [p.wait(timeout=120) for p in procs] == [0, 0]
    ledger = Ledger(path)
    check = ledger.verify()
    assert check.intact and check.records == 120 and check.torn_lines == 0, check.problems
    assert sorted(json.loads(e.payload)["writer"] for e in ledger.entries()).count("a") == 60
