"""Where Enclave keeps the user's data.

Everything lives under one folder so a user can back it up or delete it at once.
`ENCLAVE_HOME` overrides it (the tests always point it at a temporary folder).
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

APP_NAME = "Enclave"


@dataclass(frozen=True)
class DataPaths:
    """The files and folders of one user's Enclave data."""

    home: Path

    @property
    def settings_file(self) -> Path:
        return self.home / "settings.json"

    @property
    def library_dir(self) -> Path:
        return self.home / "library"

    @property
    def history_db(self) -> Path:
        return self.home / "history.sqlite3"

    @property
    def ledger_file(self) -> Path:
        return self.home / "cloud-ledger.jsonl"

    def ensure(self) -> "DataPaths":
        self.home.mkdir(parents=True, exist_ok=True)
        return self


def data_paths() -> DataPaths:
    """The data folder: `$ENCLAVE_HOME` if set, else the platform's per-user data folder."""
    override = os.environ.get("ENCLAVE_HOME")
    home = Path(override).expanduser() if override else Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    return DataPaths(home=home)
