"""Verified, resumable model downloads through the front door, against a real HTTP stand-in for the hub.

The stand-in (tests/hub_server.py) serves the embedded SmolLM2 GGUF for every catalog repository, in
the hub's own shapes; the network guard stays on, so nothing here can reach beyond 127.0.0.1.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from agents.api import CancelToken, Enclave, UserError
from agents.models.hub import DownloadError, check_url
from agents.models.installed import models_dir
from tests.hub_server import Hub, hub, sha256_of  # noqa: F401 - the fixture

NAME, FILE = "qwen2.5-1.5b", "qwen2.5-1.5b-instruct-q4_k_m.gguf"


def _activity(home: Path) -> list[dict]:
    """The download records as the network list shows them (each start line merged with its end line)."""
    from dataclasses import asdict

    from agents.models.activity import downloads

    return [asdict(r) for r in downloads(home)]


def test_download_verifies_installs_and_reports_progress(hub: Hub, enclave_home: Path):
    enclave = Enclave()
    events = list(enclave.download_model(NAME))
    stages = [e.stage for e in events]
    assert stages[0] == "metadata" and stages[-1] == "done"
    assert stages.index("downloading") < stages.index("verifying") < stages.index("checking")
    size = hub.state.blob.stat().st_size
    progress = [e for e in events if e.stage == "downloading"]
    assert progress[-1].done_bytes == progress[-1].total_bytes == size
    assert [e.done_bytes for e in progress] == sorted(e.done_bytes for e in progress)
    assert any(e.bytes_per_s > 0 for e in progress)
    installed = models_dir(enclave_home) / FILE
    assert events[-1].path == str(installed)
    assert sha256_of(installed) == hub.state.sha256
    assert not list(models_dir(enclave_home).glob("*.part*"))
    assert enclave.settings.model_path == ""             # downloading does not switch
    record = _activity(enclave_home)[-1]
    assert record["result"] == "ok" and record["host"] == "127.0.0.1" and record["size_bytes"] == size
    assert record["what"] == f"Qwen/Qwen2.5-1.5B-Instruct-GGUF/{FILE}"
    row = enclave.model_catalog(measure=False).find(NAME)
    assert row is not None and row.downloaded and not row.active


def test_cancel_keeps_the_part_and_the_next_try_fetches_only_the_rest(hub: Hub, enclave_home: Path):
    hub.state.bytes_per_s = 40 * 2**20
    enclave, cancel = Enclave(), CancelToken()
    with pytest.raises(DownloadError) as failure:
        for event in enclave.download_model(NAME, cancel=cancel):
            if event.done_bytes > 20 * 2**20:
                cancel.cancel()
    assert failure.value.outcome == "cancelled" and "resumes" in str(failure.value)
    part = models_dir(enclave_home) / f"{FILE}.part"
    kept = part.stat().st_size
    assert kept > 20 * 2**20 and not (models_dir(enclave_home) / FILE).exists()
    hub.state.bytes_per_s = 0
    events = list(enclave.download_model(NAME))
    size = hub.state.blob.stat().st_size
    assert hub.resolve_requests()[-1][1] == f"bytes={kept}-"
    assert hub.state.responses[-1] == size - kept        # only the rest crossed the line
    assert events[1].resumed_from == kept
    assert sha256_of(models_dir(enclave_home) / FILE) == hub.state.sha256
    assert [r["result"] for r in _activity(enclave_home)] == ["cancelled", "ok"]


def test_a_connection_lost_mid_file_is_resumed_with_a_range(hub: Hub, enclave_home: Path):
    hub.state.drop_once_at = 30 * 2**20
    list(Enclave().download_model(NAME))
    ranges = [r for _, r in hub.resolve_requests()]
    assert ranges == ["", f"bytes={30 * 2**20}-"]
    assert sha256_of(models_dir(enclave_home) / FILE) == hub.state.sha256


def test_a_checksum_mismatch_deletes_the_file_and_switches_nothing(hub: Hub, enclave_home: Path):
    hub.state.wrong_checksum = True
    enclave = Enclave()
    with pytest.raises(DownloadError, match="does not match the SHA-256") as failure:
        list(enclave.download_model(NAME))
    assert failure.value.outcome == "checksum mismatch"
    assert list(models_dir(enclave_home).iterdir()) == []
    assert enclave.settings.model_path == ""
    with pytest.raises(UserError, match="not downloaded yet"):
        enclave.use_model(NAME)
    assert _activity(enclave_home)[-1]["result"] == "checksum mismatch"


@pytest.mark.parametrize(("status", "message"), [
    (404, "was not found on the server \\(HTTP 404\\)"),
    (401, "this model needs you to accept its licence on the publisher's page"),
    (403, "this model needs you to accept its licence on the publisher's page")])
def test_server_refusals_have_plain_messages(hub: Hub, enclave_home: Path, status: int, message: str):
    hub.state.status["Qwen/Qwen2.5-1.5B-Instruct-GGUF"] = status
    with pytest.raises(DownloadError, match=message):
        list(Enclave().download_model(NAME))
    assert not (models_dir(enclave_home) / FILE).exists()
    assert _activity(enclave_home)[-1]["result"] == f"http {status}"


def test_a_full_disk_is_refused_before_any_byte(hub: Hub, enclave_home: Path, monkeypatch: pytest.MonkeyPatch):
    import agents.api.models_access as access

    monkeypatch.setattr(access, "_free_disk", lambda folder: 50 * 2**20)
    with pytest.raises(DownloadError, match="not enough free disk space") as failure:
        list(Enclave().download_model(NAME))
    assert failure.value.outcome == "no space"
    assert hub.resolve_requests() == []
    assert _activity(enclave_home)[-1]["result"] == "no space"


def test_a_licence_with_terms_must_be_accepted_first(hub: Hub, enclave_home: Path):
    with pytest.raises(UserError, match="Llama 3.2 Community License"):
        list(Enclave().download_model("llama-3.2-1b"))
    assert hub.state.requests == []
    events = list(Enclave().download_model("llama-3.2-1b", accept_licence=True))
    assert events[-1].stage == "done"


def test_only_https_or_this_computer(monkeypatch: pytest.MonkeyPatch):
    assert check_url("https://huggingface.co/x") and check_url("http://127.0.0.1:9/x") and check_url("http://[::1]/x")
    for url in ("http://huggingface.co/x", "http://192.168.1.5/x", "ftp://127.0.0.1/x", "file:///etc/passwd"):
        with pytest.raises(DownloadError, match="only https is allowed"):
            check_url(url)
    monkeypatch.setenv("HF_ENDPOINT", "http://mirror.example.com")
    with pytest.raises(DownloadError, match="only https"):
        list(Enclave().download_model(NAME))


def test_a_proxy_from_the_environment_is_used(hub: Hub, enclave_home: Path, monkeypatch: pytest.MonkeyPatch):
    """HTTP(S)_PROXY go through urllib's standard handling; the stand-in doubles as the proxy here
    (loopback is plain http, so HTTP_PROXY is the variable that applies; https uses HTTPS_PROXY)."""
    monkeypatch.setenv("HTTP_PROXY", hub.url)
    monkeypatch.setenv("NO_PROXY", "")
    list(Enclave().download_model(NAME))
    assert any("/tree/main" in uri for uri in hub.state.proxied)
    assert any("/storage/" in uri for uri in hub.state.proxied)


def test_https_through_an_https_proxy_with_the_certificate_checked(tmp_path: Path, enclave_home: Path,
                                                                   monkeypatch: pytest.MonkeyPatch):
    """The real path: https to the hub (a self-signed stand-in on 127.0.0.1) through HTTPS_PROXY's CONNECT
    tunnel; an unknown certificate is refused, one the system trusts (SSL_CERT_FILE) is accepted."""
    import ssl

    from tests.hub_server import ConnectProxy, start_hub
    from tests.test_privacy_http import _self_signed

    cert, key = _self_signed(tmp_path)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server, stand_in = start_hub(tls=context)
    proxy = ConnectProxy()
    try:
        monkeypatch.setenv("HF_ENDPOINT", stand_in.url)
        monkeypatch.setenv("HTTPS_PROXY", proxy.url)
        monkeypatch.delenv("NO_PROXY", raising=False)
        monkeypatch.delenv("no_proxy", raising=False)
        with pytest.raises(DownloadError, match="(?i)certificate"):
            list(Enclave().download_model(NAME))
        assert stand_in.state.requests == []            # nothing was asked before the certificate checked out
        monkeypatch.setenv("SSL_CERT_FILE", cert)
        events = list(Enclave().download_model(NAME))
        assert events[-1].stage == "done"
        port = stand_in.url.rsplit(":", 1)[1]
        assert proxy.targets and set(proxy.targets) == {f"127.0.0.1:{port}"}
        assert sha256_of(models_dir(enclave_home) / FILE) == stand_in.state.sha256
    finally:
        proxy.close()
        server.shutdown()
        server.server_close()
