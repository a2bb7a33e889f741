"""The engine child process: owns llama.cpp and answers requests from the pipe.

Started by `agents.engine.client.EngineModel` as `python -m agents.engine.worker` (or, in
the frozen app, as `enclave --enclave-engine-worker`). Requests arrive on stdin, replies
leave on a private copy of stdout; fd 1 itself is pointed at stderr, so anything llama.cpp
prints can never corrupt the protocol. stderr goes to the parent's bounded diagnostic
buffer. Requests run one at a time on one thread (llama.cpp contexts are not thread-safe);
`cancel` is handled as it arrives, between any two tokens. The child exits when its stdin
closes, so it never outlives the app.
"""
from __future__ import annotations

import ctypes
import os
import queue
import signal
import sys
import threading
from pathlib import Path
from typing import Any, BinaryIO

from agents.engine.cpu_share import bound_openmp_spinning
from agents.engine.protocol import read_message, write_message
from agents.platform.cancel import CancelToken

WORKER_FLAG = "--enclave-engine-worker"   # the frozen app's way to start this module
TEST_HOOKS_ENV = "ENCLAVE_ENGINE_TEST_HOOKS"   # "1" enables the crash hooks (tests only)
CRASH_FILE_ENV = "ENCLAVE_ENGINE_CRASH_FILE"   # tests: "load", "selfcheck" or "token:N", + " always"


class EngineServer:
    """Serves one parent over a pair of byte streams."""

    def __init__(self, out: BinaryIO) -> None:
        self._out = out
        self._write_lock = threading.Lock()
        self._model: Any = None
        self._cancels: dict[int, CancelToken] = {}
        self._work: queue.Queue[dict[str, Any] | None] = queue.Queue()
        self._hooks = os.environ.get(TEST_HOOKS_ENV) == "1"

    # -- wire ------------------------------------------------------------------
    def send(self, message: dict[str, Any]) -> None:
        with self._write_lock:
            write_message(self._out, message)

    def hello(self) -> None:
        import llama_cpp

        info = llama_cpp.llama_print_system_info().decode("utf-8", errors="replace")
        self.send({"hello": {"pid": os.getpid(), "llama_cpp": llama_cpp.__version__, "system_info": info}})

    def serve(self, requests: BinaryIO) -> None:
        """Read requests until the parent closes the pipe; the work runs on another thread."""
        runner = threading.Thread(target=self._run_requests, name="enclave-llama-requests", daemon=True)
        runner.start()
        try:
            while True:
                message = read_message(requests)
                if message is None or message.get("op") == "close":
                    break
                if message.get("op") == "cancel":
                    token = self._cancels.get(int(message.get("target", -1)))
                    if token is not None:
                        token.cancel()
                    continue
                if "id" in message:
                    self._cancels[int(message["id"])] = CancelToken()
                self._work.put(message)
        finally:
            for token in list(self._cancels.values()):
                token.cancel()
            self._work.put(None)
            runner.join(timeout=10)

    # -- requests ----------------------------------------------------------------
    def _run_requests(self) -> None:
        while (message := self._work.get()) is not None:
            request_id = int(message["id"])
            try:
                result = self._handle(message, self._cancels[request_id], request_id)
                self.send({"id": request_id, "result": result})
            except Exception as exc:  # noqa: BLE001 - every failure goes back to the parent, typed
                from agents.engine.runtime import ModelError

                kind = "model" if isinstance(exc, ModelError) else "internal"
                self.send({"id": request_id, "error": {"kind": kind, "type": type(exc).__name__, "message": str(exc)}})
            finally:
                self._cancels.pop(request_id, None)
        if self._model is not None:
            self._model.close()

    def _handle(self, message: dict[str, Any], cancel: CancelToken, request_id: int) -> Any:
        op = message["op"]
        if op == "load":
            return self._load(message["config"])
        if op == "crash":
            self._crash(str(message.get("how", "segv")))
        model = self._require_model()
        if op == "count_tokens":
            return model.count_tokens(message["text"])
        if op == "render":
            return model.render(message["messages"])
        if op == "chat":
            return self._chat(model, message, cancel, request_id)
        if op == "structured":
            return model.structured(message["messages"], message["schema"], cancel=cancel,
                                    max_tokens=message.get("max_tokens"))
        if op == "selfcheck":
            self._maybe_crash("selfcheck")
            return model.chat_text([{"role": "user", "content": "Say OK."}], max_tokens=4, temperature=0.0)
        raise ValueError(f"unknown engine operation {op!r}")

    def _load(self, config: dict[str, Any]) -> dict[str, Any]:
        from agents.engine.runtime import LocalModel, ModelConfig

        self._maybe_crash("load")
        if self._model is None:
            self._model = LocalModel(ModelConfig(path=Path(config["path"]), context_size=int(config["context_size"]),
                                                 threads=int(config["threads"]), seed=int(config["seed"])),
                                     quiet=False)
        info = self._model.load()
        return {"name": info.name, "context_size": self._model.context_size}

    def _chat(self, model: Any, message: dict[str, Any], cancel: CancelToken, request_id: int) -> dict[str, Any]:
        sent = 0
        for piece in model.chat(message["messages"], max_tokens=int(message["max_tokens"]),
                                temperature=float(message["temperature"]), cancel=cancel):
            self.send({"id": request_id, "token": piece})
            sent += 1
            self._maybe_crash(f"token:{sent}")
        stats = model.last_stats
        return {"stats": None if stats is None else [stats.prompt_tokens, stats.completion_tokens,
                                                     stats.seconds_to_first_token, stats.seconds_total,
                                                     stats.threads, stats.prompt_threads]}

    def _require_model(self) -> Any:
        if self._model is None:
            raise ValueError("the engine was asked to work before `load`")
        return self._model

    # -- test hooks ----------------------------------------------------------------
    def _maybe_crash(self, point: str) -> None:
        """Tests make the child die at a chosen point, like a native crash would."""
        path = os.environ.get(CRASH_FILE_ENV)
        if not self._hooks or not path:
            return
        try:
            planned = Path(path).read_text(encoding="utf-8").split()
        except OSError:
            return
        if not planned or planned[0] != point:
            return
        if "always" not in planned[1:]:
            Path(path).unlink(missing_ok=True)
        self._crash("segv")

    def _crash(self, how: str) -> None:
        if not self._hooks:
            raise ValueError("crash hooks are for tests only")
        sys.stderr.write(f"engine test hook: crashing ({how})\n")
        sys.stderr.flush()
        if how == "abort":
            os.abort()
        if how == "exit":
            os._exit(3)
        ctypes.string_at(0)   # a real segmentation fault, as a native bug would cause


def main() -> int:
    # Ctrl-C in a terminal reaches the whole process group: the parent cancels the answer;
    # the engine must not die of it (that would look like a crash).
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    bound_openmp_spinning()  # before llama.cpp (and its OpenMP runtime) load: see agents/engine/cpu_share.py
    protocol_out = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)            # native code printing to stdout lands in the diagnostic stream
    sys.stdout = sys.stderr
    server = EngineServer(protocol_out)
    server.hello()
    server.serve(sys.stdin.buffer)
    return 0


if __name__ == "__main__":
    sys.exit(main())
