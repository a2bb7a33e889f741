"""Whether the OS keychain (through `keyring`) can hold secrets safely.

A headless Linux box usually has no keychain; Enclave then says so plainly and
never falls back to writing a secret to a file.
"""
from __future__ import annotations

from dataclasses import dataclass

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
    safe = [n for n in names if not n.startswith(_UNSAFE_BACKENDS)]
    if safe:
        return KeychainStatus(True, safe[0], f"OS keychain available ({safe[0]})", "")
    return KeychainStatus(
        False, names[0] if names else "none",
        "no OS keychain is available on this machine, so Enclave will not store a cloud API key",
        "install and unlock a keychain (GNOME Keyring or KWallet via Secret Service), or give the key "
        "for one session in $ENCLAVE_CLOUD_API_KEY")
