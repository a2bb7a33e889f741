"""The cloud API key as the settings dialog sees it: store, remove, say whether one is stored — never show it.

All storage goes through the front door (agents.api), onto the same keychain functions the
privacy gateway reads the key with, so the GUI and the gateway always agree on where it lives.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class KeyState:
    usable: bool          # a safe OS keychain exists
    stored: bool
    message: str


def key_state() -> KeyState:
    from agents.api import CLOUD_KEY_ENV, cloud_key_source, keychain_status
    status = keychain_status()
    source = cloud_key_source()
    if source == "environment":
        return KeyState(status.usable, True, f"A key is given in ${CLOUD_KEY_ENV} "
                                             "for this session (it overrides the keychain).")
    if not status.usable:
        return KeyState(False, False, f"Cannot store a key: {status.description}. {status.fix}.")
    return KeyState(True, source == "keychain", "An API key is stored in the OS keychain." if source == "keychain"
                    else "No API key is stored.")


def store_key(secret: str) -> None:
    """Raises a UserError (KeychainError) with a message for the user, never containing the key."""
    from agents.api import store_cloud_key
    store_cloud_key(secret)


def delete_key() -> bool:
    from agents.api import forget_cloud_key
    return forget_cloud_key()
