"""A real HTTP stand-in for the Hugging Face hub on 127.0.0.1, reached through HF_ENDPOINT.

It answers the two requests Enclave makes, in the hub's own shapes: the repository's file list
(`/api/models/{repo}/tree/main`, each LFS file with `lfs.oid` = SHA-256 and `lfs.size`) and the
file (`/{repo}/resolve/main/{file}`, which redirects to a storage path as the hub does, and
honours HTTP Range with 206). Every catalog repository maps to one real GGUF: the embedded
SmolLM2 file. Faults on demand: a status per repository (401, 404), a wrong published checksum,
a connection dropped once mid-file, a slow line (so a test can cancel mid-file). It also acts as
a plain forward proxy (absolute-URI requests), so a test can check HTTP(S)_PROXY is honoured.
"""
from __future__ import annotations

import hashlib
import json
import re
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest


@dataclass
class HubState:
    blob: Path
    files: dict[str, str]                       # repo -> the file name the catalog expects there
    sha256: str = ""
    status: dict[str, int] = field(default_factory=dict)   # repo -> forced HTTP status
    wrong_checksum: bool = False
    drop_once_at: int = 0                       # bytes into the file: close the connection there, once
    bytes_per_s: float = 0.0                    # 0: as fast as loopback goes
    requests: list[tuple[str, str]] = field(default_factory=list)   # (path, Range header)
    proxied: list[str] = field(default_factory=list)                # absolute URIs received as a proxy
    served_bytes: int = 0
    responses: list[int] = field(default_factory=list)              # bytes of each file response, in order
    lock: threading.Lock = field(default_factory=threading.Lock)


class _Handler(BaseHTTPRequestHandler):
    server: "_Server"

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - quiet test output
        pass

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        state = self.server.state
        path = self.path
        if path.startswith("http://"):
            state.proxied.append(path)
            path = urlsplit(path).path
        path = unquote(path)
        with state.lock:
            state.requests.append((path, self.headers.get("Range", "")))
        tree = re.fullmatch(r"/api/models/([^/]+/[^/]+)/tree/main", path)
        resolve = re.fullmatch(r"/([^/]+/[^/]+)/resolve/main/(.+)", path)
        repo = (tree or resolve).group(1) if (tree or resolve) else ""
        if repo in state.status:
            return self._plain(state.status[repo], b"{\"error\": \"forced\"}")
        if tree:
            return self._tree(repo)
        if resolve:
            if state.files.get(repo) != resolve.group(2):
                return self._plain(404, b"Entry not found")
            self.send_response(302)
            self.send_header("Location", f"/storage/{resolve.group(2)}")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return None
        if path.startswith("/storage/"):
            return self._file()
        return self._plain(404, b"not found")

    def _plain(self, status: int, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _tree(self, repo: str) -> None:
        state = self.server.state
        size = state.blob.stat().st_size
        sha = ("0" * 64) if state.wrong_checksum else state.sha256
        items = [{"type": "file", "oid": "4d2c0a", "size": 1519, "path": "README.md"}]
        if repo in state.files:
            items.append({"type": "file", "oid": "9f1e2b", "size": size, "path": state.files[repo],
                          "lfs": {"oid": sha, "size": size, "pointerSize": 135}})
        self._plain(200, json.dumps(items).encode())

    def _file(self) -> None:
        state = self.server.state
        size = state.blob.stat().st_size
        start = 0
        wanted = re.fullmatch(r"bytes=(\d+)-", self.headers.get("Range", ""))
        if wanted:
            start = int(wanted.group(1))
            if start >= size:
                return self._plain(416, b"")
            self.send_response(206)
            self.send_header("Content-Range", f"bytes {start}-{size - 1}/{size}")
        else:
            self.send_response(200)
        self.send_header("Content-Type", "application/octet-stream")
        self.send_header("Content-Length", str(size - start))
        self.send_header("Accept-Ranges", "bytes")
        self.end_headers()
        position = start
        with state.lock:
            state.responses.append(0)
            index = len(state.responses) - 1
        with state.blob.open("rb") as handle:
            handle.seek(start)
            while block := handle.read(1 << 16):
                with state.lock:
                    drop = state.drop_once_at and position <= state.drop_once_at < position + len(block)
                    if drop:
                        block = block[:state.drop_once_at - position]
                        state.drop_once_at = 0
                try:
                    self.wfile.write(block)
                except (BrokenPipeError, ConnectionResetError):
                    return None
                with state.lock:
                    state.served_bytes += len(block)
                    state.responses[index] += len(block)
                position += len(block)
                if drop:
                    self.wfile.flush()
                    self.close_connection = True
                    self.connection.shutdown(2)
                    return None
                if state.bytes_per_s:
                    time.sleep(len(block) / state.bytes_per_s)
        return None


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    state: HubState


@dataclass
class Hub:
    state: HubState
    url: str

    def resolve_requests(self) -> list[tuple[str, str]]:
        return [r for r in self.state.requests if r[0].startswith("/storage/")]


def catalog_files() -> dict[str, str]:
    from agents.models.catalog import bundled_catalog

    return {e.repo: e.file for e in bundled_catalog()}


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


_SHA_CACHE: dict[str, str] = {}


def start_hub(tls: Any = None) -> tuple[_Server, Hub]:
    """Serve the embedded GGUF for every catalog repository on 127.0.0.1 (a free port), in a thread;
    over https when `tls` (a server ssl.SSLContext) is given."""
    from agents.engine.model_source import embedded_model_path

    blob = embedded_model_path()
    if str(blob) not in _SHA_CACHE:
        _SHA_CACHE[str(blob)] = sha256_of(blob)
    state = HubState(blob=blob, files=catalog_files(), sha256=_SHA_CACHE[str(blob)])
    server = _Server(("127.0.0.1", 0), _Handler)
    server.state = state
    if tls is not None:
        server.socket = tls.wrap_socket(server.socket, server_side=True)
    threading.Thread(target=server.serve_forever, name="hub-stand-in", daemon=True).start()
    scheme = "https" if tls is not None else "http"
    return server, Hub(state, f"{scheme}://127.0.0.1:{server.server_address[1]}")


class ConnectProxy:
    """An HTTPS proxy on 127.0.0.1 (HTTP CONNECT tunnels), recording each tunnel's target."""

    def __init__(self) -> None:
        import socket

        self.targets: list[str] = []
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.listener.getsockname()[1]}"
        threading.Thread(target=self._accept, name="connect-proxy", daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            threading.Thread(target=self._tunnel, args=(client,), daemon=True).start()

    def _tunnel(self, client: Any) -> None:
        import socket

        head = b""
        while b"\r\n\r\n" not in head:
            chunk = client.recv(4096)
            if not chunk:
                return client.close()
            head += chunk
        target = head.split(b" ", 2)[1].decode()
        self.targets.append(target)
        host, port = target.rsplit(":", 1)
        upstream = socket.create_connection((host, int(port)))
        client.sendall(b"HTTP/1.1 200 Connection established\r\n\r\n")

        def pipe(source: Any, sink: Any) -> None:
            try:
                while data := source.recv(65536):
                    sink.sendall(data)
            except OSError:
                pass
            finally:
                for end in (source, sink):
                    try:
                        end.shutdown(socket.SHUT_RDWR)
                    except OSError:
                        pass
        threading.Thread(target=pipe, args=(upstream, client), daemon=True).start()
        pipe(client, upstream)
        return None

    def close(self) -> None:
        self.listener.close()


@pytest.fixture()
def hub(monkeypatch: pytest.MonkeyPatch) -> Iterator[Hub]:
    """The stand-in hub, with HF_ENDPOINT pointing at it and no proxy in the environment."""
    server, stand_in = start_hub()
    monkeypatch.setenv("HF_ENDPOINT", stand_in.url)
    for name in ("HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy", "ALL_PROXY", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    try:
        yield stand_in
    finally:
        server.shutdown()
        server.server_close()
