"""The one network exit against a real HTTP server on 127.0.0.1: replies, faults, bounds, the guard."""
from __future__ import annotations

import json
import socket
import time
import urllib.request

import pytest

from agents.privacy.gateway import build_body
from agents.privacy.http import CloudError, EndpointError, Timeouts, parse_endpoint, post_chat
from agents.privacy.ledger import Ledger
from tests.cloud_server import CloudServer, cloud_server  # noqa: F401

KEY = "sk-test-Zq7xVb93KeepSecret"
FAST = Timeouts(connect=2, read=1.5, deadline=3)


def test_endpoint_is_normalized_and_unsafe_ones_refused() -> None:
    assert parse_endpoint("http://127.0.0.1:8080/v1/").url == "http://127.0.0.1:8080/v1/chat/completions"
    assert parse_endpoint("https://api.example.com/v1/chat/completions").port == 443
    with pytest.raises(EndpointError, match="plain http"):
        parse_endpoint("http://api.example.com/v1")
    with pytest.raises(EndpointError, match="credentials"):
        parse_endpoint("https://user:pw@api.example.com/v1")
    with pytest.raises(EndpointError, match="not an http"):
        parse_endpoint("ftp://example.com")


def test_normal_reply_and_exact_bytes(cloud_server: CloudServer) -> None:
    body = build_body("test-model", "Write a short thank-you note to <NAME_1>.")
    text, size = post_chat(parse_endpoint(cloud_server.base_url), body, KEY, timeouts=FAST)
    assert text == "Draft: Write a short thank-you note to <NAME_1>."
    assert size > 0
    [received] = cloud_server.received
    assert received.body == body
    assert received.path == "/v1/chat/completions"
    assert received.headers["authorization"] == f"Bearer {KEY}"


@pytest.mark.parametrize("mode, outcome, words", [
    ("unauthorized", "http 401", "rejected the API key"),
    ("error", "http 500", "HTTP 500"),
    ("malformed", "malformed", "not a chat completion"),
])
def test_http_faults_give_clear_messages_without_secrets(cloud_server: CloudServer, mode: str, outcome: str,
                                                        words: str) -> None:
    cloud_server.mode = mode
    body = build_body("m", "a sketch about <NAME_1>")
    with pytest.raises(CloudError) as caught:
        post_chat(parse_endpoint(cloud_server.base_url), body, KEY, timeouts=FAST)
    assert caught.value.outcome == outcome
    message = str(caught.value)
    assert words in message and KEY not in message and "sketch" not in message and "Incorrect" not in message


def test_slow_cloud_times_out_within_bounds(cloud_server: CloudServer) -> None:
    cloud_server.mode, cloud_server.delay = "slow", 10
    started = time.monotonic()
    with pytest.raises(CloudError) as caught:
        post_chat(parse_endpoint(cloud_server.base_url), build_body("m", "x"), KEY, timeouts=FAST)
    assert caught.value.outcome == "timeout"
    assert time.monotonic() - started < 4


def test_stream_forever_is_cut_by_size_or_deadline(cloud_server: CloudServer) -> None:
    cloud_server.mode = "stream-forever"
    started = time.monotonic()
    with pytest.raises(CloudError) as caught:
        post_chat(parse_endpoint(cloud_server.base_url), build_body("m", "x"), KEY,
                  timeouts=Timeouts(connect=2, read=2, deadline=3), max_bytes=256 * 1024)
    assert caught.value.outcome in ("too large", "timeout")
    assert time.monotonic() - started < 5


def test_deadline_stops_a_cloud_that_drips_under_the_read_timeout(cloud_server: CloudServer) -> None:
    cloud_server.mode = "stream-forever"
    started = time.monotonic()
    with pytest.raises(CloudError) as caught:   # a huge size cap: only the deadline can stop it
        post_chat(parse_endpoint(cloud_server.base_url), build_body("m", "x"), KEY,
                  timeouts=Timeouts(connect=2, read=2, deadline=1.5), max_bytes=1 << 40)
    assert caught.value.outcome == "timeout"
    assert time.monotonic() - started < 3.5


def test_connection_refused_is_reported() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(CloudError) as caught:
        post_chat(parse_endpoint(f"http://127.0.0.1:{port}/v1"), build_body("m", "x"), KEY, timeouts=FAST)
    assert caught.value.outcome == "connection failed" and KEY not in str(caught.value)


def test_ledger_records_exact_payload_and_outcome(tmp_path, cloud_server: CloudServer) -> None:
    ledger = Ledger(tmp_path / "ledger.jsonl")
    body = build_body("m", "Résumé tips for <NAME_1> — in short")
    entry = ledger.record_request(cloud_server.base_url, "m", body)
    text, size = post_chat(parse_endpoint(cloud_server.base_url), body, KEY, timeouts=FAST)
    ledger.record_result(entry, "ok", size, 0.1)
    [logged] = ledger.entries()
    assert logged.payload.encode("utf-8") == cloud_server.received[0].body
    assert (logged.outcome, logged.response_bytes, logged.request_bytes) == ("ok", size, len(body))
    assert KEY not in (tmp_path / "ledger.jsonl").read_text()
    # A torn last line (crash mid-write) does not hide the rest.
    with (tmp_path / "ledger.jsonl").open("a") as handle:
        handle.write('{"kind": "request", "id": "zz", "pay')
    assert len(ledger.entries()) == 1


def test_guard_blocks_non_loopback_connections(network_guard) -> None:
    with pytest.raises(OSError, match="network guard"):   # urllib wraps it in URLError
        urllib.request.urlopen("http://198.51.100.7/", timeout=1)
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection(("203.0.113.9", 443), timeout=1)
    assert network_guard.blocked == ["198.51.100.7", "203.0.113.9"]
    network_guard.blocked.clear()   # expected here; any other test doing this fails at teardown


def test_guard_lets_loopback_through(cloud_server: CloudServer) -> None:
    request = urllib.request.Request(cloud_server.base_url + "/chat/completions", method="POST",
                                     data=json.dumps({"messages": []}).encode())
    with urllib.request.urlopen(request, timeout=2) as response:
        assert response.status == 200


def test_cancel_stops_a_waiting_request_at_once(cloud_server: CloudServer) -> None:
    import threading

    from agents.platform.cancel import CancelToken

    cloud_server.mode, cloud_server.delay = "slow", 10
    cancel = CancelToken()
    threading.Timer(0.3, cancel.cancel).start()
    started = time.monotonic()
    with pytest.raises(CloudError) as caught:
        post_chat(parse_endpoint(cloud_server.base_url), build_body("m", "x"), KEY,
                  timeouts=Timeouts(connect=2, read=8, deadline=9), cancel=cancel)
    assert caught.value.outcome == "cancelled"
    assert time.monotonic() - started < 1.5


def _self_signed(folder) -> tuple[str, str]:
    """A certificate for 127.0.0.1 that no trust store knows."""
    import datetime
    import ipaddress

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - datetime.timedelta(minutes=5))
            .not_valid_after(now + datetime.timedelta(hours=1))
            .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), False)
            .sign(key, hashes.SHA256()))
    cert_file, key_file = folder / "cert.pem", folder / "key.pem"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return str(cert_file), str(key_file)


def test_https_certificates_are_verified(tmp_path) -> None:
    import ssl

    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(*_self_signed(tmp_path))
    server = CloudServer(tls=context).start()
    try:
        with pytest.raises(CloudError) as caught:
            post_chat(parse_endpoint(server.base_url), build_body("m", "about <NAME_1>"), KEY, timeouts=FAST)
        assert caught.value.outcome == "connection failed" and "CERTIFICATE" in str(caught.value).upper()
        assert server.received == []     # the key and the body never left the failed handshake
    finally:
        server.stop()
