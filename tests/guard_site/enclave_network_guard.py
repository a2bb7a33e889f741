"""The network guard itself, importable both by the test process and by every subprocess it starts.

Tests put this folder first on PYTHONPATH; `sitecustomize` (beside this file) installs the
guard in each Python subprocess at start-up, so a CLI or GUI process started by a test is
held to the same rule: no connection and no DNS lookup beyond this machine. Each refusal is
appended to the file named by $ENCLAVE_NETWORK_GUARD_LOG, which the test fixture reads at
teardown (a subprocess that swallowed the error still fails the test).
"""
from __future__ import annotations

import errno
import ipaddress
import os
import socket
from collections.abc import Callable
from typing import Any

LOG_VARIABLE = "ENCLAVE_NETWORK_GUARD_LOG"
_INET = (socket.AF_INET, socket.AF_INET6)


def is_loopback(host: Any) -> bool:
    text = str(host).strip("[]").lower()
    if text in ("localhost", "localhost."):
        return True
    try:
        return ipaddress.ip_address(text.split("%")[0]).is_loopback
    except ValueError:
        return False


def is_address(host: Any) -> bool:
    """A numeric address needs no DNS (binding to 0.0.0.0 or '' is a lookup too)."""
    if host in (None, "", b""):
        return True
    try:
        ipaddress.ip_address(str(host).strip("[]").split("%")[0])
        return True
    except ValueError:
        return False


def install(note: Callable[[str], None]) -> Callable[[], None]:
    """Patch the socket module; `note(host)` records a refusal. Returns a function that undoes it."""
    originals = {name: getattr(socket, name) for name in ("create_connection", "getaddrinfo", "gethostbyname",
                                                           "gethostbyname_ex")}
    original_connect, original_connect_ex = socket.socket.connect, socket.socket.connect_ex

    def refuse(host: Any) -> None:
        if not is_loopback(host):
            note(str(host))
            raise ConnectionRefusedError(errno.ECONNREFUSED, f"network guard: connection to {host} blocked in tests")

    def refuse_lookup(host: Any) -> None:
        if not is_loopback(host) and not is_address(host):
            note(f"dns:{host}")
            raise socket.gaierror(socket.EAI_NONAME, f"network guard: DNS lookup of {host} blocked in tests")

    def connect(sock: socket.socket, address: Any) -> None:
        if sock.family in _INET:
            refuse(address[0])
        return original_connect(sock, address)

    def connect_ex(sock: socket.socket, address: Any) -> int:
        if sock.family in _INET:
            refuse(address[0])
        return original_connect_ex(sock, address)

    def create_connection(address: Any, *args: Any, **kwargs: Any) -> socket.socket:
        refuse(address[0])
        return originals["create_connection"](address, *args, **kwargs)

    def getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
        refuse_lookup(host)
        return originals["getaddrinfo"](host, *args, **kwargs)

    def gethostbyname(host: str) -> str:
        refuse_lookup(host)
        return originals["gethostbyname"](host)

    def gethostbyname_ex(host: str) -> Any:
        refuse_lookup(host)
        return originals["gethostbyname_ex"](host)

    socket.socket.connect, socket.socket.connect_ex = connect, connect_ex  # type: ignore[method-assign]
    socket.create_connection, socket.getaddrinfo = create_connection, getaddrinfo  # type: ignore[assignment]
    socket.gethostbyname, socket.gethostbyname_ex = gethostbyname, gethostbyname_ex  # type: ignore[assignment]

    def undo() -> None:
        socket.socket.connect, socket.socket.connect_ex = original_connect, original_connect_ex  # type: ignore[method-assign]
        for name, value in originals.items():
            setattr(socket, name, value)
    return undo


def log_refusal(host: str) -> None:
    """A subprocess's `note`: append the refused host to the shared log file."""
    path = os.environ.get(LOG_VARIABLE)
    if path:
        with open(path, "a", encoding="utf-8") as handle:
            handle.write(f"{os.getpid()} {host}\n")
