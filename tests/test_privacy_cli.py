"""`enclave cloud ...`, `enclave ledger` and `enclave ask --cloud`, in-process and as real subprocesses."""
from __future__ import annotations

import io
import json
import os
import pty
import subprocess
import sys
from pathlib import Path

import keyring
import pytest

from agents.platform.keychain import KEY_NAME, SERVICE, get_api_key, keychain_status
from agents.platform.paths import data_paths
from agents.privacy.ledger import Ledger
from agents.platform.settings import load_settings, save_settings
from app.cli import run_cli
from tests.cloud_server import CloudServer, cloud_server  # noqa: F401
from tests.keyring_backends import MemoryKeyring
from tests.network_guard import subprocess_pythonpath

ROOT = Path(__file__).resolve().parent.parent
KEY = "sk-cli-H8jK2mN4pQ6rS"


@pytest.fixture
def memory_keyring() -> MemoryKeyring:
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


def enclave(args: list[str], home: Path, *, env: dict[str, str] | None = None, stdin=None,
            timeout: float = 60) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if k not in ("ENCLAVE_CLOUD_API_KEY", "PYTHON_KEYRING_BACKEND")}
    environment.update({"ENCLAVE_HOME": str(home), "PYTHONPATH": subprocess_pythonpath(ROOT), **(env or {})})
    return subprocess.run([sys.executable, "-m", "app.main", *args], cwd=ROOT, env=environment, stdin=stdin,
                          capture_output=True, text=True, timeout=timeout)


def test_set_endpoint_saves_a_normalized_url_and_refuses_plain_http(cloud_server: CloudServer, capsys) -> None:
    assert run_cli(["cloud", "set-endpoint", cloud_server.base_url, "test-model"]) == 0
    settings = load_settings(data_paths().settings_file).settings
    assert settings.cloud_endpoint == cloud_server.base_url + "/chat/completions"
    assert settings.cloud_model == "test-model"
    assert run_cli(["cloud", "set-endpoint", "http://api.example.com/v1", "m"]) == 1
    assert "refusing plain http" in capsys.readouterr().err
    assert run_cli(["cloud", "off"]) == 0
    assert load_settings(data_paths().settings_file).settings.cloud_endpoint == ""


def test_set_key_goes_to_the_keychain_only(memory_keyring: MemoryKeyring, monkeypatch, capsys,
                                           enclave_home: Path) -> None:
    monkeypatch.delenv("ENCLAVE_CLOUD_API_KEY", raising=False)
    monkeypatch.setattr("getpass.getpass", lambda prompt="": KEY)
    assert keychain_status().usable
    assert run_cli(["cloud", "set-key"]) == 0
    assert memory_keyring.secrets[(SERVICE, KEY_NAME)] == KEY and get_api_key() == KEY
    assert run_cli(["cloud", "status"]) == 0
    out = capsys.readouterr().out
    assert "API key: OS keychain" in out and KEY not in out
    for path in enclave_home.rglob("*"):
        assert not path.is_file() or KEY.encode() not in path.read_bytes()
    assert run_cli(["cloud", "forget-key"]) == 0
    assert get_api_key() is None and "removed" in capsys.readouterr().out


def test_empty_key_is_refused(memory_keyring: MemoryKeyring, monkeypatch, capsys) -> None:
    monkeypatch.setattr("getpass.getpass", lambda prompt="": "   ")
    assert run_cli(["cloud", "set-key"]) == 1
    assert "empty" in capsys.readouterr().err and not memory_keyring.secrets


def test_insecure_keyring_backend_is_refused(tmp_path: Path, enclave_home: Path) -> None:
    secret_file = tmp_path / "plaintext-keyring.json"
    env = {"PYTHON_KEYRING_BACKEND": "tests.keyring_backends.PlaintextFileKeyring",
           "ENCLAVE_TEST_KEYRING_FILE": str(secret_file)}
    result = enclave(["cloud", "set-key"], enclave_home, env=env, stdin=subprocess.DEVNULL)
    assert result.returncode == 1
    assert "no OS keychain" in result.stderr and "ENCLAVE_CLOUD_API_KEY" in result.stderr
    assert not secret_file.exists()
    status = enclave(["cloud", "status"], enclave_home, env={**env, "ENCLAVE_CLOUD_API_KEY": KEY})
    assert "API key: $ENCLAVE_CLOUD_API_KEY (this session only)" in status.stdout and KEY not in status.stdout


def test_ledger_command_prints_payloads(capsys) -> None:
    assert run_cli(["ledger"]) == 0
    assert "empty" in capsys.readouterr().out
    ledger = Ledger(data_paths().ledger_file)
    entry = ledger.record_request("http://127.0.0.1:9/v1/chat/completions", "m", b'{"messages": "<NAME_1>"}')
    ledger.record_result(entry, "http 401", 80, 0.2)
    assert run_cli(["ledger", "--json"]) == 0
    row = json.loads(capsys.readouterr().out)
    assert row["payload"] == '{"messages": "<NAME_1>"}' and row["outcome"] == "http 401"


class Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_terminal_consent_shows_what_was_replaced_and_takes_an_edit(monkeypatch, capsys) -> None:
    from agents.api import ConsentRequest, EditedSketch, Replacement
    from app.commands.ask import terminal_consent

    request = ConsentRequest("https://x/v1/chat/completions", "m", b'{"messages": []}', "Summarize <NAME_1>.",
                             ("<NAME_1>",), (Replacement("Hamlet", "<NAME_1>", "NAME", "a capitalized word"),),
                             task_note='The redacted request no longer says what you want (missing: "Hamlet").')
    monkeypatch.setattr("sys.stdin", Tty("e\nSummarize the play Hamlet by Shakespeare.\n"))
    assert terminal_consent(request) == EditedSketch("Summarize the play Hamlet by Shakespeare.")
    err = capsys.readouterr().err
    assert "Hamlet -> <NAME_1>  (a capitalized word)" in err and "no longer says what you want" in err
    assert "Summarize <NAME_1>." in err          # the proposed text is shown to edit from
    monkeypatch.setattr("sys.stdin", Tty("e\n\n"))
    assert terminal_consent(request) is False    # an empty edit sends nothing


@pytest.mark.model
@pytest.mark.slow
def test_ask_cloud_end_to_end_with_terminal_consent(cloud_server: CloudServer, enclave_home: Path) -> None:
    assert enclave(["cloud", "set-endpoint", cloud_server.base_url, "test-model"], enclave_home).returncode == 0
    paths = data_paths()
    settings = load_settings(paths.settings_file).settings
    settings.max_answer_tokens = 24          # the answer's length is not under test; keep the run short
    save_settings(paths.settings_file, settings)
    question = "Write a thank-you email from Rachel Zheng to Johnny Bay at H&R Technology, rz@mailbox.example."
    env = {"ENCLAVE_CLOUD_API_KEY": KEY}
    # No terminal: the body is shown, nothing is sent, the local answer still comes.
    declined = enclave(["ask", "--cloud", question], enclave_home, env=env, stdin=subprocess.DEVNULL, timeout=240)
    assert declined.returncode == 0, declined.stderr
    assert "nothing was sent" in declined.stderr and '"model": "test-model"' in declined.stderr
    assert cloud_server.received == [] and declined.stdout.strip()
    # A terminal that answers y: sent once, exactly the bytes shown, and the ledger says so.
    primary, secondary = pty.openpty()
    try:
        os.write(primary, b"y\n")
        accepted = enclave(["ask", "--cloud", question], enclave_home, env=env, stdin=secondary, timeout=240)
    finally:
        os.close(primary)
        os.close(secondary)
    assert accepted.returncode == 0, accepted.stderr
    [received] = cloud_server.received
    assert received.body.decode("utf-8") in accepted.stderr           # shown to the user before sending
    for datum in ("Rachel", "Zheng", "Johnny", "H&R", "rz@mailbox.example"):
        assert datum.lower().encode() not in cloud_server.all_bytes.lower(), datum
    ledger = enclave(["ledger", "--json"], enclave_home)
    [row] = [json.loads(line) for line in ledger.stdout.splitlines()]
    assert row["payload"].encode("utf-8") == received.body and row["outcome"] == "ok"
    assert KEY not in ledger.stdout + accepted.stdout + accepted.stderr


@pytest.mark.model
@pytest.mark.slow
def test_ask_cloud_edit_on_the_terminal_is_rechecked_before_sending(cloud_server: CloudServer,
                                                                      enclave_home: Path) -> None:
    assert enclave(["cloud", "set-endpoint", cloud_server.base_url, "test-model"], enclave_home).returncode == 0
    paths = data_paths()
    settings = load_settings(paths.settings_file).settings
    settings.max_answer_tokens = 24
    save_settings(paths.settings_file, settings)
    primary, secondary = pty.openpty()
    try:   # edit: the user re-types a name; the re-check replaces it and the prompt asks again; then yes
        os.write(primary, b"e\nWrite a thank-you email from Rachel Zheng to a colleague who helped me move.\ny\n")
        result = enclave(["ask", "--cloud", "Write a thank-you email from Rachel Zheng to Johnny Bay."],
                         enclave_home, env={"ENCLAVE_CLOUD_API_KEY": KEY}, stdin=secondary, timeout=240)
    finally:
        os.close(primary)
        os.close(secondary)
    assert result.returncode == 0, result.stderr
    [received] = cloud_server.received
    sent = json.loads(received.body)["messages"][-1]["content"]
    assert sent.startswith("Write a thank-you email from <NAME_1> to a colleague who helped me move.")
    assert b"rachel" not in cloud_server.all_bytes.lower() and b"zheng" not in cloud_server.all_bytes.lower()
    assert "Your edit was checked" in result.stderr and result.stdout.count("Send it?") == 2   # input() prompts on stdout
