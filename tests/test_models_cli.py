"""`enclave models catalog/get/use/remove` and `enclave network` as a user runs them: real subprocesses, the
stand-in hub on 127.0.0.1 (HF_ENDPOINT), and a real answer from the downloaded file."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from agents.models.catalog import bundled_catalog
from tests.hub_server import Hub, hub  # noqa: F401 - the fixture

ROOT = Path(__file__).resolve().parent.parent


def enclave(*args: str, timeout: int = 240) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "app.main", *args], capture_output=True, text=True,
                          env=dict(os.environ), timeout=timeout, cwd=ROOT, stdin=subprocess.DEVNULL)


def test_catalog_json_lists_every_entry_with_its_fit():
    result = enclave("models", "catalog", "--json")
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    by_name = {row["name"]: row for row in rows}
    assert {e.name for e in bundled_catalog()} <= by_name.keys()
    for entry in bundled_catalog():
        row = by_name[entry.name]
        assert (row["repo"], row["file"], row["size_bytes"]) == (entry.repo, entry.file, entry.size_bytes)
        assert row["fit"] in ("fits", "tight", "too large") and row["tokens_per_s"] > 0
    assert by_name["embedded"]["active"] and by_name["embedded"]["downloaded"]
    assert sum(row["recommended"] for row in rows) <= 1


def test_get_use_answer_network_remove(hub: Hub, enclave_home: Path):
    name, entry = "qwen2.5-0.5b", next(e for e in bundled_catalog() if e.name == "qwen2.5-0.5b")
    got = enclave("models", "get", name)
    assert got.returncode == 0, got.stderr
    installed = enclave_home / "models" / entry.file
    assert f"downloaded and verified: {installed}" in got.stdout
    assert "verifying SHA-256" in got.stderr and "MiB" in got.stderr
    used = enclave("models", "use", name)
    assert used.returncode == 0, used.stderr
    shown = enclave("models")
    assert str(installed) in shown.stdout and "settings" in shown.stdout
    # The downloaded model answers from a document (a small model never answers facts from its weights).
    note = enclave_home.parent / "harbour-note.txt"
    note.write_text("Harbour notes. The lighthouse keeper of Port Elric is Marguerite Okafor.\n", encoding="utf-8")
    assert enclave("index", str(note)).returncode == 0
    answer = enclave("ask", "Who is the lighthouse keeper of Port Elric?")
    assert answer.returncode == 0, answer.stderr
    assert "Marguerite Okafor" in answer.stdout.splitlines()[0]
    network = enclave("network")
    line = next(row for row in network.stdout.splitlines() if "model download" in row)
    assert "127.0.0.1" in line and f"{entry.repo}/{entry.file}" in line and line.rstrip().endswith("ok")
    assert f"{hub.state.blob.stat().st_size / 2**20:,.1f} MiB" in line
    refused = enclave("models", "remove", name)
    assert refused.returncode == 1 and "is the active model" in refused.stderr
    assert enclave("models", "use", "embedded").returncode == 0
    removed = enclave("models", "remove", name)
    assert removed.returncode == 0 and not installed.exists()


def test_get_explains_what_is_wrong(hub: Hub):
    unknown = enclave("models", "get", "gpt-9")
    assert unknown.returncode == 1 and "no model named 'gpt-9' in the catalog" in unknown.stderr
    gated = enclave("models", "get", "llama-3.2-3b")
    assert gated.returncode == 1 and "accept" in gated.stderr and "--accept-licence" in gated.stderr
    hub.state.status["Qwen/Qwen2.5-3B-Instruct-GGUF"] = 401
    refused = enclave("models", "get", "qwen2.5-3b", "--accept-licence")
    assert refused.returncode == 1
    assert "this model needs you to accept its licence on the publisher's page" in refused.stderr
    assert hub.resolve_requests() == []


def test_a_killed_download_resumes_where_the_disk_left_off(hub: Hub, enclave_home: Path):
    """A crash (the process killed mid-file, no chance to clean up) keeps the part; `get` again asks for the rest."""
    import signal
    import time

    entry = next(e for e in bundled_catalog() if e.name == "smollm2-360m")
    part = enclave_home / "models" / f"{entry.file}.part"
    hub.state.bytes_per_s = 20 * 2**20
    process = subprocess.Popen([sys.executable, "-m", "app.main", "models", "get", "smollm2-360m"], cwd=ROOT,
                               env=dict(os.environ), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while not (part.exists() and part.stat().st_size > 10 * 2**20) and time.monotonic() < deadline:
        time.sleep(0.1)
    process.send_signal(signal.SIGKILL)
    process.wait(30)
    kept = part.stat().st_size
    assert 10 * 2**20 < kept < hub.state.blob.stat().st_size
    hub.state.bytes_per_s = 0
    again = enclave("models", "get", "smollm2-360m")
    assert again.returncode == 0, again.stderr
    assert hub.resolve_requests()[-1][1] == f"bytes={kept}-"
    assert not part.exists() and (enclave_home / "models" / entry.file).stat().st_size == hub.state.blob.stat().st_size
    listed = enclave("network", "--json")
    assert [json.loads(line)["result"] for line in listed.stdout.splitlines()] == ["interrupted", "ok"]
