"""Keyring backends for tests only.

MemoryKeyring keeps secrets in this process's memory (nothing on disk), so tests
can exercise the real `keyring` API. PlaintextFileKeyring stores them in a file
named by $ENCLAVE_TEST_KEYRING_FILE: it exists to prove that Enclave *refuses*
an insecure backend (selected with PYTHON_KEYRING_BACKEND in a subprocess).
"""
from __future__ import annotations

import json
import os
from pathlib import Path

from keyring.backend import KeyringBackend
from keyring.compat import properties
from keyring.errors import PasswordDeleteError


class _Explicit(KeyringBackend):
    """Never picked by keyring's automatic discovery: only set_keyring / PYTHON_KEYRING_BACKEND select it."""

    @properties.classproperty
    def priority(cls) -> float:  # type: ignore[override]
        raise RuntimeError("test-only keyring backend; select it explicitly")


class MemoryKeyring(_Explicit):
    def __init__(self) -> None:
        super().__init__()
        self.secrets: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.secrets.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.secrets[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if self.secrets.pop((service, username), None) is None:
            raise PasswordDeleteError("not found")


class PlaintextFileKeyring(KeyringBackend):
    @properties.classproperty
    def priority(cls) -> float:  # type: ignore[override]
        if not os.environ.get("ENCLAVE_TEST_KEYRING_FILE"):
            raise RuntimeError("test-only keyring backend; needs $ENCLAVE_TEST_KEYRING_FILE")
        return 1

    def _file(self) -> Path:
        return Path(os.environ["ENCLAVE_TEST_KEYRING_FILE"])

    def _load(self) -> dict[str, str]:
        path = self._file()
        return json.loads(path.read_text()) if path.exists() else {}

    def get_password(self, service: str, username: str) -> str | None:
        return self._load().get(f"{service}/{username}")

    def set_password(self, service: str, username: str, password: str) -> None:
        data = self._load()
        data[f"{service}/{username}"] = password
        self._file().write_text(json.dumps(data))

    def delete_password(self, service: str, username: str) -> None:
        data = self._load()
        if data.pop(f"{service}/{username}", None) is None:
            raise PasswordDeleteError("not found")
        self._file().write_text(json.dumps(data))
