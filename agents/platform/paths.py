"""Where Enclave keeps the user's data.

Everything lives under one folder so a user can back it up or delete it at once.
`ENCLAVE_HOME` overrides it (the tests always point it at a temporary folder).
On POSIX the folder is private to the user (0700, files 0600): chats, documents' text
and the ledger must not be readable by other accounts on the machine. Entry points
also set the process umask to 0o077 so files created later are private too.
"""
from __future__ import annotations

import os
import stat
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
        self.home.mkdir(parents=True, exist_ok=True, mode=PRIVATE_DIR)
        make_private(self.home)
        return self


PRIVATE_DIR = 0o700
PRIVATE_FILE = 0o600


def make_private(folder: Path) -> None:
    """Remove group/other access from `folder` and everything in it (POSIX; no-op elsewhere)."""
    if os.name != "posix":
        return
    _restrict(folder, PRIVATE_DIR)
    for root, dirs, files in os.walk(folder):
        for name in dirs:
            _restrict(Path(root, name), PRIVATE_DIR)
        for name in files:
            _restrict(Path(root, name), PRIVATE_FILE)


def _restrict(path: Path, mode: int) -> None:
    try:
        current = path.lstat().st_mode
        if not stat.S_ISLNK(current) and current & 0o077:
            os.chmod(path, stat.S_IMODE(current) & mode)
    except OSError:
        pass      # a file that vanished or belongs to someone else: nothing to tighten


def data_paths() -> DataPaths:
    """The data folder: `$ENCLAVE_HOME` if set, else the platform's per-user data folder."""
    override = os.environ.get("ENCLAVE_HOME")
    home = Path(override).expanduser() if override else Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    return DataPaths(home=home)
