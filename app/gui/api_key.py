"""The cloud API key as the settings dialog sees it: store, remove, say whether one is stored — never show it.

All storage goes through agents.platform.keychain (the same functions the privacy gateway
reads the key with), so the GUI and the gateway always agree on where it lives.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class KeyState:
    usable: bool          # a safe OS keychain exists
    stored: bool
    message: str


def key_state() -> KeyState:
    import agents.platform.keychain as kc
    status = kc.keychain_status()
    source = kc.api_key_source() if hasattr(kc, "api_key_source") else None
    if source == "environment":
        return KeyState(status.usable, True, f"A key is given in ${getattr(kc, 'ENV_KEY', 'ENCLAVE_CLOUD_API_KEY')} "
                                             "for this session (it overrides the keychain).")
    if not status.usable:
        return KeyState(False, False, f"Cannot store a key: {status.description}. {status.fix}.")
    if not hasattr(kc, "store_api_key"):
        return KeyState(False, False, "Storing a cloud key is not part of this Enclave build.")
    return KeyState(True, source == "keychain", "An API key is stored in the OS keychain." if source == "keychain"
                    else "No API key is stored.")


def store_key(secret: str) -> None:
    """Raises agents.platform.keychain.KeychainError with a message for the user (never containing the key)."""
    from agents.platform.keychain import store_api_key
    store_api_key(secret)


def delete_key() -> bool:
    from agents.platform.keychain import forget_api_key
    return forget_api_key()
