"""The small records the front door hands to the GUI and the CLI (besides the agents' events).

Frozen dataclasses only: a front end shows them, it never calls back through them.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class LoadStage:
    """Start-up progress ("Loading model…"); the flags, not the text, say what is usable."""

    text: str
    model_ready: bool = False
    library_ready: bool = False

    @property
    def ready(self) -> bool:
        return self.model_ready and self.library_ready


@dataclass(frozen=True)
class ModelFacts:
    """What `enclave models` and Settings show about the active model, read without loading it."""

    runs_on: str                       # "engine" (this computer) or "server" (the user's own server)
    name: str
    path: str = ""
    origin: str = ""                   # "settings", "$ENCLAVE_MODEL", "embedded" ...
    architecture: str = ""
    quantization: str = ""
    size_bytes: int = 0
    trained_context: int = 0
    context_in_use: int = 0
    has_chat_template: bool = False
    server_url: str = ""


@dataclass(frozen=True)
class CloudStatus:
    """The cloud escalation's configuration; never the key itself."""

    endpoint: str
    model: str
    key_source: str | None             # "environment", "keychain" or None
    keychain_backend: str
    keychain_description: str
    keychain_usable: bool
    keychain_fix: str
    ledger_records: int
    ledger_file: Path

    @property
    def configured(self) -> bool:
        return bool(self.endpoint and self.model)
