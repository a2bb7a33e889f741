"""The engine's child process and the pipe to it: start it, send requests, route replies, keep its stderr.

`EngineModel` (client.py) drives one `Session` at a time and starts a new one after a crash.
Messages are JSON lines (protocol.py); the reader thread hands each reply to the queue of the
request it answers, and a dead child turns into a "crashed" reply for every waiting request.
"""
from __future__ import annotations

import os
import queue
import subprocess
import sys
import threading
from collections import deque
from dataclasses import dataclass
from typing import Any

from agents.engine import launcher
from agents.engine.diagnosis import signal_description
from agents.engine.protocol import read_message, write_message
from agents.engine.runtime import ModelError

START_TIMEOUT_S = 120.0       # python + llama_cpp import in the child (slow disks, frozen apps)


class EngineCrashed(ModelError):
    """The model process died during a call; the next call restarts it."""

    def __init__(self, message: str, diagnostics: str = "") -> None:
        super().__init__(message)
        self.diagnostics = diagnostics   # the child's recent stderr, for the "details" a user can copy


class EngineUnusable(EngineCrashed):
    """The model process crashes every time it loads this model: the message says why and what to do."""


class EngineBug(RuntimeError):
    """The child reported an unexpected exception (a bug, not a user error)."""


@dataclass(frozen=True)
class EngineFacts:
    """What the running child told about itself."""

    pid: int
    llama_cpp_version: str
    system_info: str


def worker_command() -> list[str]:
    """How to start the child: the frozen app starts itself with a flag, otherwise `python -m`."""
    from agents.engine.worker import WORKER_FLAG

    if getattr(sys, "frozen", False):
        return [sys.executable, WORKER_FLAG]
    return [sys.executable, "-m", "agents.engine.worker"]


class Session:
    """One child process and the calls waiting on it."""

    def __init__(self, diagnostics: deque[str]) -> None:
        env = dict(os.environ, GGML_NO_BACKTRACE="1", PYTHONIOENCODING="utf-8")
        flags = getattr(subprocess, "CREATE_NO_WINDOW", 0) if os.name == "nt" else 0
        self.process = launcher.popen(worker_command(), stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                      stderr=subprocess.PIPE, env=env, creationflags=flags)
        self.pending: dict[int, queue.Queue[dict[str, Any]]] = {}
        self.hello: queue.Queue[dict[str, Any]] = queue.Queue()
        self.lock = threading.Lock()
        self.cause: str | None = None       # set once the child is gone
        self.facts: EngineFacts | None = None
        self.loaded = False
        launcher.start_thread(self._read_replies, name="enclave-engine-replies")
        launcher.start_thread(self._read_stderr, name="enclave-engine-stderr", args=(diagnostics,))

    @property
    def alive(self) -> bool:
        return self.cause is None

    def wait_hello(self) -> EngineFacts:
        try:
            message = self.hello.get(timeout=START_TIMEOUT_S)
        except queue.Empty:
            self.kill()
            raise EngineCrashed(f"the model process did not start within {START_TIMEOUT_S:.0f} s") from None
        if "crashed" in message:
            raise EngineCrashed(f"the model process stopped while starting ({message['crashed']})")
        hello = message["hello"]
        self.facts = EngineFacts(int(hello["pid"]), str(hello["llama_cpp"]), str(hello["system_info"]))
        return self.facts

    def send(self, request_id: int, message: dict[str, Any]) -> queue.Queue[dict[str, Any]]:
        replies: queue.Queue[dict[str, Any]] = queue.Queue()
        with self.lock:
            if self.cause is not None:
                replies.put({"crashed": self.cause})
                return replies
            self.pending[request_id] = replies
            try:
                assert self.process.stdin is not None
                write_message(self.process.stdin, {"id": request_id, **message})
            except (OSError, ValueError):
                pass   # the reply reader sees the end of the pipe and reports the crash
        return replies

    def cancel(self, request_id: int) -> None:
        """Stop a call whose reply nobody waits for any more."""
        self.forget(request_id)
        self.cancel_keep_waiting(request_id)

    def cancel_keep_waiting(self, request_id: int) -> None:
        """Ask the child to stop a call whose (partial or failed) reply is still wanted."""
        with self.lock:
            if self.cause is None:
                try:
                    assert self.process.stdin is not None
                    write_message(self.process.stdin, {"op": "cancel", "target": request_id})
                except (OSError, ValueError):
                    pass

    def forget(self, request_id: int) -> None:
        with self.lock:
            self.pending.pop(request_id, None)

    def _read_replies(self) -> None:
        assert self.process.stdout is not None
        try:
            while (message := read_message(self.process.stdout)) is not None:
                if "hello" in message:
                    self.hello.put(message)
                    continue
                with self.lock:
                    replies = self.pending.get(int(message.get("id", -1)))
                if replies is not None:
                    replies.put(message)
        except (OSError, ValueError):
            pass
        try:
            returncode = self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            returncode = self.process.wait()
        with self.lock:
            self.cause = signal_description(returncode)
            waiting, self.pending = list(self.pending.values()), {}
        for replies in [*waiting, self.hello]:
            replies.put({"crashed": self.cause})

    def _read_stderr(self, diagnostics: deque[str]) -> None:
        assert self.process.stderr is not None
        for raw in iter(self.process.stderr.readline, b""):
            diagnostics.append(raw.decode("utf-8", errors="replace").rstrip()[:500])

    def close(self, timeout: float = 5.0) -> None:
        with self.lock:
            try:
                assert self.process.stdin is not None
                write_message(self.process.stdin, {"op": "close"})
                self.process.stdin.close()
            except (OSError, ValueError):
                pass
        try:
            self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.kill()

    def kill(self) -> None:
        try:
            self.process.kill()
        except OSError:
            pass


