"""The test-wide network guard: no code may connect anywhere but this machine.

Only the privacy gateway may open network connections, and in tests it only ever
talks to the local fake cloud on 127.0.0.1. Any connect to another address is
refused on the spot and fails the test at teardown (even if the caller swallowed
the error).
"""
from __future__ import annotations

import errno
import ipaddress
import socket
from typing import Any

import pytest

_INET = (socket.AF_INET, socket.AF_INET6)


def is_loopback(host: Any) -> bool:
    text = str(host).strip("[]").lower()
    if text in ("localhost", "localhost."):
        return True
    try:
        return ipaddress.ip_address(text.split("%")[0]).is_loopback
    except ValueError:
        return False


class NetworkGuard:
    def __init__(self) -> None:
        self.blocked: list[str] = []

    def check(self, host: Any) -> None:
        if not is_loopback(host):
            self.blocked.append(str(host))
            raise ConnectionRefusedError(errno.ECONNREFUSED, f"network guard: connection to {host} blocked in tests")

    def install(self, monkeypatch: pytest.MonkeyPatch) -> "NetworkGuard":
        original_connect = socket.socket.connect
        original_connect_ex = socket.socket.connect_ex
        original_create = socket.create_connection
        guard = self

        def connect(sock: socket.socket, address: Any) -> None:
            if sock.family in _INET:
                guard.check(address[0])
            return original_connect(sock, address)

        def connect_ex(sock: socket.socket, address: Any) -> int:
            if sock.family in _INET:
                guard.check(address[0])
            return original_connect_ex(sock, address)

        def create_connection(address: Any, *args: Any, **kwargs: Any) -> socket.socket:
            guard.check(address[0])
            return original_create(address, *args, **kwargs)

        monkeypatch.setattr(socket.socket, "connect", connect)
        monkeypatch.setattr(socket.socket, "connect_ex", connect_ex)
        monkeypatch.setattr(socket, "create_connection", create_connection)
        return self
