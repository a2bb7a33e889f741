"""The data folder is private, secrets stay out of reprs and errors, and test subprocesses are guarded."""
from __future__ import annotations

import os
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from agents.platform.paths import data_paths
from agents.privacy.gateway import CloudNotConfigured, CloudTarget, cloud_target
from agents.privacy.http import parse_endpoint
from agents.platform.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
KEY = "sk-secret-Zq8Xw3Lp0Rt7"
posix_only = pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@posix_only
def test_an_existing_data_folder_is_made_private(enclave_home: Path) -> None:
    (enclave_home / "library").mkdir(parents=True)
    os.chmod(enclave_home, 0o755)
    os.chmod(enclave_home / "library", 0o755)
    chat = enclave_home / "history.sqlite3"
    chat.write_text("private")
    os.chmod(chat, 0o644)
    data_paths().ensure()
    assert mode(enclave_home) == 0o700 and mode(enclave_home / "library") == 0o700 and mode(chat) == 0o600


@posix_only
def test_files_the_cli_creates_are_private(enclave_home: Path, tmp_path: Path) -> None:
    doc = tmp_path / "notes.txt"
    doc.write_text("Ilse Brandauer signed the lease for flat 4 on Larkspur Road.")
    done = subprocess.run([sys.executable, "-m", "app.main", "library"], cwd=ROOT, capture_output=True, text=True,
                          timeout=120, env=dict(os.environ, ENCLAVE_HOME=str(enclave_home)))
    assert done.returncode == 0, done.stderr
    created = list(enclave_home.rglob("*"))
    assert any(p.name == "library.sqlite3" for p in created)
    assert mode(enclave_home) == 0o700
    for path in created:
        assert mode(path) & 0o077 == 0, (path, oct(mode(path)))


def test_the_api_key_is_in_no_repr_and_no_error(monkeypatch: pytest.MonkeyPatch) -> None:
    target = CloudTarget(parse_endpoint("https://api.example.com/v1"), "model-x", KEY)
    assert KEY not in repr(target) and KEY not in str(target) and "model-x" in repr(target)
    settings = Settings(cloud_endpoint="https://api.example.com/v1", cloud_model="m")
    assert cloud_target(settings, lambda: KEY).api_key == KEY
    with pytest.raises(CloudNotConfigured) as raised:
        cloud_target(Settings(cloud_endpoint="ftp://example.com", cloud_model="m"), lambda: KEY)
    assert KEY not in str(raised.value)
    with pytest.raises(CloudNotConfigured) as raised:               # a key pasted into the URL is not echoed
        cloud_target(Settings(cloud_endpoint=f"ftp://me:{KEY}@example.com/v1", cloud_model="m"), lambda: KEY)
    assert KEY not in str(raised.value) and "credentials" in str(raised.value)


GUARDED_CHILD = textwrap.dedent("""
    import socket
    outcomes = []
    for attempt in (lambda: socket.create_connection(("198.51.100.7", 443), timeout=1),
                    lambda: socket.getaddrinfo("example.com", 443),
                    lambda: socket.gethostbyname("example.org")):
        try:
            attempt()
            outcomes.append("open")
        except OSError as exc:
            outcomes.append("guard" if "network guard" in str(exc) else type(exc).__name__)
    server = socket.socket()
    server.bind(("127.0.0.1", 0))                     # loopback stays usable
    server.listen(1)
    socket.create_connection(server.getsockname(), timeout=1).close()
    print(" ".join(outcomes))
""")


def test_every_python_subprocess_of_a_test_is_guarded_dns_included(network_guard) -> None:
    done = subprocess.run([sys.executable, "-c", GUARDED_CHILD], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["guard", "guard", "guard"]
    assert sorted(network_guard.subprocess_refusals()) == ["198.51.100.7", "dns:example.com", "dns:example.org"]
    network_guard.log.unlink()          # expected here; any other test doing this fails at teardown


def test_dns_lookups_in_the_test_process_are_refused_too(network_guard) -> None:
    import socket

    with pytest.raises(socket.gaierror, match="network guard"):
        socket.getaddrinfo("pypi.org", 443)
    assert socket.getaddrinfo("localhost", 80) and socket.getaddrinfo("127.0.0.1", 80)
    assert network_guard.blocked == ["dns:pypi.org"]
    network_guard.blocked.clear()
