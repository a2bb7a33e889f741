"""The test-wide network guard: no code may connect anywhere but this machine.

Only the privacy gateway may open network connections, and in tests it only ever
talks to the local fake cloud on 127.0.0.1. Any connect to another address, and any
DNS lookup of a name other than localhost, is refused on the spot and fails the test
at teardown (even if the caller swallowed the error). Subprocesses are held to the same
rule through an environment hook (tests/guard_site, first on PYTHONPATH).
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.guard_site.enclave_network_guard import LOG_VARIABLE, install, is_loopback

SITE = Path(__file__).resolve().parent / "guard_site"

__all__ = ["NetworkGuard", "is_loopback", "subprocess_pythonpath"]


def subprocess_pythonpath(*extra: str | Path) -> str:
    """A PYTHONPATH for a test's subprocess: the guard hook first, then `extra` (never drop the hook)."""
    return os.pathsep.join([str(SITE), *(str(p) for p in extra)])


class NetworkGuard:
    def __init__(self) -> None:
        self.blocked: list[str] = []
        self.log: Path | None = None

    def check(self, host: object) -> None:
        if not is_loopback(host):
            self.blocked.append(str(host))
            raise ConnectionRefusedError(f"network guard: connection to {host} blocked in tests")

    def install(self, monkeypatch: pytest.MonkeyPatch, log: Path | None = None) -> "NetworkGuard":
        """Guard this process (undone at teardown) and, through the environment, every subprocess."""
        self._undo = install(self.blocked.append)
        if log is not None:
            self.log = log
            monkeypatch.setenv(LOG_VARIABLE, str(log))
            current = os.environ.get("PYTHONPATH", "")
            monkeypatch.setenv("PYTHONPATH", subprocess_pythonpath(*([current] if current else [])))
        return self

    def uninstall(self) -> None:
        self._undo()

    def subprocess_refusals(self) -> list[str]:
        if self.log is None or not self.log.exists():
            return []
        return [line.split(" ", 1)[1] for line in self.log.read_text(encoding="utf-8").splitlines() if " " in line]
