"""The one network exit: POST a chat-completions body to an OpenAI-compatible endpoint.

Standard library only (http.client), so nothing else in the process needs network
code. Every wait is bounded: a connect timeout, a per-read timeout, a hard deadline
enforced by a watchdog that shuts the socket (so a server that drips bytes or
streams forever cannot hold us), and a cap on the response size. Error messages
name the host and the failure, never the key, the body or the reply.
"""
from __future__ import annotations

import http.client
import ipaddress
import json
import socket
import threading
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

from agents.platform.cancel import CancelToken
from rag.errors import UserError

MAX_RESPONSE_BYTES = 1 << 20


class CloudError(UserError):
    """A failed exchange; `outcome` is short ("timeout", "http 401"), the message is for the user."""

    def __init__(self, outcome: str, message: str) -> None:
        super().__init__(message)
        self.outcome = outcome


class EndpointError(UserError, ValueError):
    """The configured endpoint URL cannot be used; the message says why."""


@dataclass(frozen=True)
class Endpoint:
    url: str          # full chat-completions URL
    scheme: str
    host: str
    port: int
    path: str

    @property
    def display(self) -> str:
        return f"{self.host}:{self.port}"


def is_loopback_host(host: str) -> bool:
    if host.lower() in ("localhost", "localhost."):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def parse_endpoint(url: str) -> Endpoint:
    """Validate and normalize: https (plain http only to this machine), no credentials, .../chat/completions."""
    url = url.strip()
    parts = urlsplit(url)
    if parts.username or parts.password or "@" in parts.netloc:     # checked first: never echo a secret
        raise EndpointError("the endpoint URL must not carry credentials; store the key with `enclave cloud set-key`")
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise EndpointError(f"'{url}' is not an http(s) URL; give the OpenAI-compatible base URL, e.g. https://api.openai.com/v1")
    if parts.scheme == "http" and not is_loopback_host(parts.hostname):
        raise EndpointError(f"refusing plain http to {parts.hostname}: the API key and request would travel unencrypted; use https")
    if parts.query or parts.fragment:
        raise EndpointError("the endpoint URL must not have a query string or fragment")
    path = parts.path.rstrip("/")
    if not path.endswith("/chat/completions"):
        path += "/chat/completions"
    port = parts.port or (443 if parts.scheme == "https" else 80)
    host = parts.hostname
    netloc = f"[{host}]" if ":" in host else host
    if parts.port:
        netloc += f":{parts.port}"
    return Endpoint(url=f"{parts.scheme}://{netloc}{path}", scheme=parts.scheme, host=host, port=port, path=path)


def shut_socket(connection: http.client.HTTPConnection) -> None:
    """End every blocking read on the connection at once (a watchdog's way to stop a request)."""
    sock = connection.sock
    if sock is not None:
        try:
            sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass


@dataclass(frozen=True)
class Timeouts:
    connect: float = 10.0
    read: float = 30.0
    deadline: float = 90.0     # the whole exchange, headers and body included


def post_chat(endpoint: Endpoint, body: bytes, api_key: str, *, timeouts: Timeouts = Timeouts(),
              max_bytes: int = MAX_RESPONSE_BYTES, cancel: CancelToken | None = None) -> tuple[str, int]:
    """Send `body`; return (the reply's message text, response size in bytes). Raises CloudError."""
    cls = http.client.HTTPSConnection if endpoint.scheme == "https" else http.client.HTTPConnection
    conn = cls(endpoint.host, endpoint.port, timeout=timeouts.connect)
    finished = threading.Event()
    stopped: list[str] = []      # "deadline" or "cancel", set by the watchdog before it shuts the socket

    def watchdog() -> None:
        """Shut the socket at the deadline or on cancel, so no blocking read outlives either."""
        end = time.monotonic() + timeouts.deadline
        while not finished.wait(0.05):
            reason = "cancel" if cancel is not None and cancel.cancelled else (
                "deadline" if time.monotonic() >= end else "")
            if reason:
                stopped.append(reason)
                shut_socket(conn)
                return

    def interrupted() -> CloudError | None:
        if "cancel" in stopped:
            return CloudError("cancelled", "the cloud request was cancelled")
        if "deadline" in stopped:
            return CloudError("timeout", f"the cloud at {endpoint.display} did not finish its answer within "
                                         f"{timeouts.deadline:g} s; stopped waiting")
        return None

    watcher = threading.Thread(target=watchdog, name="enclave-cloud-watchdog", daemon=True)
    started = time.monotonic()
    received = 0
    watcher.start()
    try:
        conn.connect()
        assert conn.sock is not None
        conn.sock.settimeout(timeouts.read)
        conn.request("POST", endpoint.path, body=body, headers={
            "Content-Type": "application/json", "Accept": "application/json",
            "Authorization": f"Bearer {api_key}", "User-Agent": "Enclave"})
        response = conn.getresponse()
        chunks: list[bytes] = []
        while True:
            chunk = response.read1(65536)
            if not chunk:
                break
            received += len(chunk)
            if received > max_bytes:
                raise CloudError("too large", f"the cloud at {endpoint.display} sent more than {max_bytes // 1024} KiB "
                                              "without finishing its answer; stopped reading")
            chunks.append(chunk)
        status = response.status
    except CloudError:
        raise
    except (OSError, http.client.HTTPException) as exc:
        stop = interrupted()
        if stop is not None:
            raise stop from None
        if isinstance(exc, TimeoutError):
            raise CloudError("timeout", f"the cloud at {endpoint.display} did not answer in time "
                                        f"(waited {time.monotonic() - started:.0f} s)") from None
        reason = getattr(exc, "strerror", None) or type(exc).__name__
        raise CloudError("connection failed", f"could not reach the cloud at {endpoint.display} ({reason})") from None
    finally:
        finished.set()
        conn.close()
    stop = interrupted()
    if stop is not None:
        raise stop
    return _parse_reply(endpoint, status, b"".join(chunks)), received


def _parse_reply(endpoint: Endpoint, status: int, raw: bytes) -> str:
    if status in (401, 403):
        raise CloudError(f"http {status}", f"the cloud at {endpoint.display} rejected the API key (HTTP {status}); it may "
                                           "have been revoked: store a new one with `enclave cloud set-key`")
    if status == 429:
        raise CloudError("http 429", f"the cloud at {endpoint.display} is rate-limiting requests (HTTP 429); try again later")
    if status != 200:
        raise CloudError(f"http {status}", f"the cloud at {endpoint.display} answered with an error (HTTP {status})")
    try:
        data = json.loads(raw.decode("utf-8"))
        content = data["choices"][0]["message"]["content"]
    except (UnicodeDecodeError, json.JSONDecodeError, KeyError, IndexError, TypeError):
        raise CloudError("malformed", f"the cloud at {endpoint.display} sent an answer that is not a chat completion "
                                      "(malformed JSON)") from None
    if not isinstance(content, str):
        raise CloudError("malformed", f"the cloud at {endpoint.display} sent a chat completion without text")
    return content
