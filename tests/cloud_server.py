"""A real OpenAI-compatible chat-completions server on 127.0.0.1 that plays the cloud.

It records every byte it receives (request line, headers, body), so tests can
assert what left the process. Modes: normal, error (HTTP status), unauthorized
(a revoked key: 401), slow (waits before answering), stream-forever (chunked bytes
until the client gives up), malformed (200 with a body that is not JSON).
"""
from __future__ import annotations

import json
import socket
import socketserver
import ssl
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import pytest


@dataclass
class Received:
    raw: bytes                   # everything read from the socket for this request
    method: str = ""
    path: str = ""
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""

    def json(self) -> dict:
        return json.loads(self.body)


def echo_reply(request: dict) -> str:
    """The default answer: a draft that repeats the user's sketch (placeholders included)."""
    user = [m["content"] for m in request.get("messages", []) if m.get("role") == "user"]
    return "Draft: " + (user[-1] if user else "")


class CloudServer:
    def __init__(self, tls: "ssl.SSLContext | None" = None) -> None:
        self.tls = tls                  # serve https with this context (a self-signed certificate in tests)
        self.mode = "normal"
        self.status = 500               # for mode "error"
        self.delay = 5.0                # for mode "slow"
        self.reply: Callable[[dict], str] = echo_reply
        self.received: list[Received] = []
        self._stop = threading.Event()
        server = self

        class Handler(socketserver.BaseRequestHandler):
            def handle(self) -> None:
                server._handle(self.request)

        socketserver.ThreadingTCPServer.allow_reuse_address = True
        self._tcp = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler)
        self._tcp.daemon_threads = True
        self._thread = threading.Thread(target=self._tcp.serve_forever, daemon=True)

    @property
    def port(self) -> int:
        return self._tcp.server_address[1]

    @property
    def base_url(self) -> str:
        return f"{'https' if self.tls else 'http'}://127.0.0.1:{self.port}/v1"

    @property
    def all_bytes(self) -> bytes:
        return b"".join(r.raw for r in self.received)

    def start(self) -> "CloudServer":
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._tcp.shutdown()
        self._tcp.server_close()

    # -- one connection ------------------------------------------------------

    def _handle(self, sock: socket.socket) -> None:
        sock.settimeout(10)
        if self.tls is not None:
            try:
                sock = self.tls.wrap_socket(sock, server_side=True)
            except OSError:
                return          # the client refused the handshake: nothing was received
        record = Received(raw=b"")
        self.received.append(record)
        try:
            data = b""
            while b"\r\n\r\n" not in data:
                chunk = sock.recv(65536)
                if not chunk:
                    return
                data += chunk
                record.raw = data
            head, _, body = data.partition(b"\r\n\r\n")
            lines = head.decode("latin-1").split("\r\n")
            record.method, record.path = lines[0].split(" ")[:2]
            record.headers = {k.strip().lower(): v.strip() for k, _, v in (ln.partition(":") for ln in lines[1:])}
            length = int(record.headers.get("content-length", "0"))
            while len(body) < length:
                chunk = sock.recv(65536)
                if not chunk:
                    break
                body += chunk
                record.raw = head + b"\r\n\r\n" + body
            record.body = body
            self._respond(sock, record)
        except OSError:
            return

    def _send(self, sock: socket.socket, status: int, payload: bytes, reason: str = "OK") -> None:
        sock.sendall(f"HTTP/1.1 {status} {reason}\r\nContent-Type: application/json\r\n"
                     f"Content-Length: {len(payload)}\r\nConnection: close\r\n\r\n".encode() + payload)

    def _respond(self, sock: socket.socket, record: Received) -> None:
        if self.mode == "slow":
            self._stop.wait(self.delay)
        if self.mode == "error":
            self._send(sock, self.status, b'{"error": {"message": "internal error"}}', "Error")
        elif self.mode == "unauthorized":
            self._send(sock, 401, b'{"error": {"message": "Incorrect API key provided", "code": "invalid_api_key"}}',
                       "Unauthorized")
        elif self.mode == "malformed":
            self._send(sock, 200, b"<html>this is not json")
        elif self.mode == "stream-forever":
            sock.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n")
            piece = b'data: {"choices": [{"delta": {"content": "more "}}]}\n\n'
            frame = f"{len(piece):x}\r\n".encode() + piece + b"\r\n"
            while not self._stop.is_set():
                sock.sendall(frame)
                time.sleep(0.001)
        else:
            request = json.loads(record.body)
            answer = {"id": "chatcmpl-test", "object": "chat.completion", "model": request.get("model", ""),
                      "choices": [{"index": 0, "finish_reason": "stop",
                                   "message": {"role": "assistant", "content": self.reply(request)}}],
                      "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2}}
            self._send(sock, 200, json.dumps(answer).encode())


@pytest.fixture
def cloud_server() -> Iterator[CloudServer]:
    server = CloudServer().start()
    yield server
    server.stop()
