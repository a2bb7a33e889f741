"""Whether the OS keychain (through `keyring`) can hold secrets safely.

A headless Linux box usually has no keychain; Enclave then says so plainly and
never falls back to writing a secret to a file.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from rag.errors import UserError

# Backends that store secrets in plain or weakly protected files, or nowhere.
_UNSAFE_BACKENDS = ("keyring.backends.fail", "keyring.backends.null", "keyrings.alt.file", "keyrings.alt.Windows")


@dataclass(frozen=True)
class KeychainStatus:
    usable: bool
    backend: str
    description: str
    fix: str


def keychain_status() -> KeychainStatus:
    import keyring
    from keyring.backends import chainer

    backend = keyring.get_keyring()
    names = [f"{type(b).__module__}.{type(b).__name__}" for b in
             (backend.backends if isinstance(backend, chainer.ChainerBackend) else [backend])]
    safe = [n for n in names if not n.startswith(_UNSAFE_BACKENDS) and "plaintext" not in n.lower()]
    if safe:
        return KeychainStatus(True, safe[0], f"OS keychain available ({safe[0]})", "")
    return KeychainStatus(
        False, names[0] if names else "none",
        "no OS keychain is available on this machine, so Enclave will not store a cloud API key",
        "install and unlock a keychain (GNOME Keyring or KWallet via Secret Service), or give the key "
        "for one session in $ENCLAVE_CLOUD_API_KEY")


# --- the cloud API key -------------------------------------------------------

SERVICE = "Enclave"
KEY_NAME = "cloud-api-key"
ENV_KEY = "ENCLAVE_CLOUD_API_KEY"


class KeychainError(UserError, RuntimeError):
    """The key cannot be stored or read; the message says why and what to do (never the key)."""


def _require_keychain() -> None:
    status = keychain_status()
    if not status.usable:
        raise KeychainError(f"{status.description}. To use the cloud: {status.fix}")


def store_api_key(key: str) -> None:
    """Put the cloud key in the OS keychain; refuse when only an insecure backend exists."""
    _store(KEY_NAME, key)


def _store(name: str, key: str) -> None:
    key = key.strip()
    if not key:
        raise KeychainError("the API key is empty; nothing was stored")
    if any(ch.isspace() for ch in key) or not key.isprintable():
        raise KeychainError("the API key contains spaces or control characters; nothing was stored")
    _require_keychain()
    import keyring
    from keyring.errors import KeyringError
    try:
        keyring.set_password(SERVICE, name, key)
    except KeyringError as exc:
        raise KeychainError(f"the keychain refused to store the key ({type(exc).__name__}); is it locked?") from None


def api_key_source() -> str | None:
    """Where the key would come from ("environment" or "keychain"), or None when there is none."""
    if os.environ.get(ENV_KEY, "").strip():
        return "environment"
    if keychain_status().usable:
        import keyring
        from keyring.errors import KeyringError
        try:
            if keyring.get_password(SERVICE, KEY_NAME):
                return "keychain"
        except KeyringError:
            return None
    return None


def get_api_key() -> str | None:
    """The key for this session: $ENCLAVE_CLOUD_API_KEY first, else the OS keychain (never a file)."""
    return _load(KEY_NAME, ENV_KEY)


def _load(name: str, env_name: str) -> str | None:
    env = os.environ.get(env_name, "").strip()
    if env:
        return env
    if not keychain_status().usable:
        return None
    import keyring
    from keyring.errors import KeyringError
    try:
        return keyring.get_password(SERVICE, name) or None
    except KeyringError:
        return None


def forget_api_key() -> bool:
    """Remove the stored cloud key; True if one was there."""
    return _forget(KEY_NAME)


def _forget(name: str) -> bool:
    _require_keychain()
    import keyring
    from keyring.errors import KeyringError, PasswordDeleteError
    try:
        keyring.delete_password(SERVICE, name)
    except PasswordDeleteError:
        return False
    except KeyringError as exc:
        raise KeychainError(f"the keychain refused to delete the key ({type(exc).__name__})") from None
    return True


# --- the key of the user's own inference server (optional: vLLM --api-key, a proxy) ----------

SERVER_KEY_NAME = "inference-server-key"
SERVER_ENV_KEY = "ENCLAVE_SERVER_API_KEY"


def store_server_key(key: str) -> None:
    _store(SERVER_KEY_NAME, key)


def load_server_key() -> str:
    """The inference server's key, or "" when the server needs none (the usual case)."""
    try:
        return _load(SERVER_KEY_NAME, SERVER_ENV_KEY) or ""
    except Exception:  # noqa: BLE001 - a broken keychain must not stop a keyless server
        return ""


def forget_server_key() -> bool:
    return _forget(SERVER_KEY_NAME)
