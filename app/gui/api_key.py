"""The cloud API key in the OS keychain: store, remove, and say whether one is stored — never show it.

Uses the keychain helpers of agents.keychain when the privacy gateway provides
them (so the GUI and the gateway agree on where the key lives), else keyring
under the same service name.
"""
from __future__ import annotations

from dataclasses import dataclass

SERVICE = "enclave"
ACCOUNT = "cloud-api-key"


@dataclass(frozen=True)
class KeyState:
    usable: bool          # a safe keychain exists
    stored: bool
    message: str


def _helpers() -> tuple[object, object, object] | None:
    import agents.keychain as kc
    names = ("get_api_key", "set_api_key", "delete_api_key")
    if all(hasattr(kc, n) for n in names):
        return tuple(getattr(kc, n) for n in names)  # type: ignore[return-value]
    return None


def key_state() -> KeyState:
    from agents.keychain import keychain_status
    status = keychain_status()
    if not status.usable:
        return KeyState(False, False, f"{status.description}. {status.fix}.")
    try:
        stored = _get() is not None
    except Exception as exc:  # noqa: BLE001 - a locked keychain is a state to show, not a crash
        return KeyState(True, False, f"the keychain could not be read ({type(exc).__name__}); unlock it and retry")
    return KeyState(True, stored, "An API key is stored in the OS keychain." if stored
                    else "No API key is stored.")


def _get() -> str | None:
    helpers = _helpers()
    if helpers is not None:
        return helpers[0]()  # type: ignore[operator]
    import keyring
    return keyring.get_password(SERVICE, ACCOUNT)


def store_key(secret: str) -> None:
    if not secret.strip():
        raise ValueError("the API key is empty")
    helpers = _helpers()
    if helpers is not None:
        helpers[1](secret.strip())  # type: ignore[operator]
        return
    import keyring
    keyring.set_password(SERVICE, ACCOUNT, secret.strip())


def delete_key() -> None:
    helpers = _helpers()
    if helpers is not None:
        helpers[2]()  # type: ignore[operator]
        return
    import keyring
    from keyring.errors import PasswordDeleteError
    try:
        keyring.delete_password(SERVICE, ACCOUNT)
    except PasswordDeleteError:
        pass
