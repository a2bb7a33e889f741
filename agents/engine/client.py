"""`EngineModel`: the local model behind a process boundary, with LocalModel's API.

llama.cpp runs in a child process (agents/engine/worker.py). If that process dies (a native
crash, out of memory, killed), the call in flight raises `EngineCrashed` with a clear
message, and the next call starts a fresh child by itself: the app, the history and the
library are untouched. A crash while loading or self-checking a model is retried once; a
second one makes the engine `EngineUnusable` with the cause and what to do, instead of
crashing forever. The child's stderr is kept in a small ring buffer (`diagnostics()`);
requests and replies never go to any log.
"""
from __future__ import annotations

import itertools
import queue
import threading
from collections import deque
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from agents.engine.diagnosis import (
    SelfCheckRecord,
    cpu_flags,
    crash_advice,
)
from agents.engine.gguf import GGUFError, GGUFInfo, read_gguf_info
from agents.engine.prompt_budget import Message
from agents.engine.runtime import GenerationStats, ModelConfig, ModelError
from agents.engine.session import (
    EngineBug,
    EngineCrashed,
    EngineFacts,
    EngineUnusable,
    Session,
    worker_command,
)
from agents.platform.cancel import CancelToken

__all__ = ["EngineBug", "EngineCrashed", "EngineFacts", "EngineModel", "EngineUnusable", "worker_command"]
POLL_S = 0.05                 # how often a waiting stream looks at its CancelToken
DIAGNOSTIC_LINES = 200
LOAD_ATTEMPTS = 2


class EngineModel:
    """The local model in a child process; every public method is safe from any thread.

    Construct, then `load()` (slow: off the GUI thread). Same API as `LocalModel`.
    """

    def __init__(self, config: ModelConfig, *, check_file: Path | None = None) -> None:
        self.config = config
        self.info: GGUFInfo | None = None
        self.last_stats: GenerationStats | None = None
        self.crashes = 0               # child deaths seen, for doctor and tests
        self._record = SelfCheckRecord(check_file)
        self._diagnostics: deque[str] = deque(maxlen=DIAGNOSTIC_LINES)
        self._ids = itertools.count(1)
        self._state_lock = threading.RLock()
        self._session: Session | None = None
        self._unusable: str | None = None
        self._closed = False

    # -- lifecycle ---------------------------------------------------------------
    @property
    def loaded(self) -> bool:
        session = self._session
        return session is not None and session.alive and session.loaded

    @property
    def context_size(self) -> int:
        return self.config.context_size

    @property
    def pid(self) -> int | None:
        session = self._session
        return session.process.pid if session is not None and session.alive else None

    def load(self) -> GGUFInfo:
        """Start the child if needed and load the model there (with the first-run self-check)."""
        self._ready()
        assert self.info is not None
        return self.info

    def facts(self) -> EngineFacts:
        """The build and CPU facts of the child (starts it, loads nothing)."""
        with self._state_lock:
            session = self._session if self._session is not None and self._session.alive else None
            if session is None:
                session = self._spawn()
            assert session.facts is not None
            return session.facts

    def self_check(self) -> str:
        """Generate a few tokens in the child now (doctor); raises EngineCrashed with advice on a crash."""
        self._ready()
        try:
            return str(self._call("selfcheck"))
        except EngineCrashed as exc:
            raise EngineCrashed(f"{exc}. {self._advice()}", exc.diagnostics) from None

    def diagnostics(self) -> str:
        """The child's recent stderr (llama.cpp's messages), for the user to copy into a bug report."""
        return "\n".join(self._diagnostics)

    def close(self) -> None:
        with self._state_lock:
            self._closed = True
            if self._session is not None:
                self._session.close()
                self._session = None

    # -- the model API -------------------------------------------------------------
    def count_tokens(self, text: str) -> int:
        return int(self._call("count_tokens", text=text))

    def render(self, messages: Sequence[Message]) -> str:
        return str(self._call("render", messages=[dict(m) for m in messages]))

    def chat(self, messages: Sequence[Message], *, max_tokens: int = 384, temperature: float = 0.2,
             cancel: CancelToken | None = None) -> Iterator[str]:
        """Stream the reply; stops within one token when `cancel` is set."""
        return self._stream({"op": "chat", "messages": [dict(m) for m in messages], "max_tokens": max_tokens,
                             "temperature": temperature}, cancel)

    def chat_text(self, messages: Sequence[Message], **kwargs: Any) -> str:
        return "".join(self.chat(messages, **kwargs))

    def structured(self, messages: Sequence[Message], json_schema: dict[str, Any], *,
                   cancel: CancelToken | None = None, max_tokens: int | None = None) -> Any:
        """A value valid against `json_schema` (grammar-constrained and validated in the child)."""
        return self._call("structured", cancel=cancel, messages=[dict(m) for m in messages], schema=json_schema,
                          max_tokens=max_tokens)

    # -- plumbing --------------------------------------------------------------------
    def _ready(self) -> Session:
        """A live child with the model loaded: started, loaded and self-checked as needed."""
        with self._state_lock:
            if self._closed:
                raise ModelError("the model engine has been shut down")
            if self._unusable is not None:
                raise EngineUnusable(self._unusable, self.diagnostics())
            if self._session is not None and self._session.alive and self._session.loaded:
                return self._session
            if self.info is None:
                try:
                    self.info = read_gguf_info(self.config.path)   # specific file errors without a child
                except GGUFError as exc:
                    raise ModelError(str(exc)) from None
            last: EngineCrashed | None = None
            for _attempt in range(LOAD_ATTEMPTS):
                try:
                    return self._start_and_load()
                except EngineCrashed as exc:
                    last = exc
            assert last is not None
            self._unusable = (f"The model engine crashed {LOAD_ATTEMPTS} times while loading "
                              f"'{self.info.name}' ({last}). {self._advice()}")
            raise EngineUnusable(self._unusable, self.diagnostics())

    def _start_and_load(self) -> Session:
        session = self._session if self._session is not None and self._session.alive else self._spawn()
        config = {"path": str(self.config.path), "context_size": self.config.context_size,
                  "threads": self.config.threads, "seed": self.config.seed}
        self._wait(session, session.send(next(self._ids), {"op": "load", "config": config}), None)
        assert session.facts is not None
        key = SelfCheckRecord.key(self.config.path, session.facts.system_info, session.facts.llama_cpp_version)
        if not self._record.passed(key):
            self._wait(session, session.send(next(self._ids), {"op": "selfcheck"}), None)
            self._record.remember(key, self.info.name if self.info else self.config.path.name)
        session.loaded = True
        return session

    def _spawn(self) -> Session:
        if self._session is not None:
            self._session.kill()
        self._session = Session(self._diagnostics)
        try:
            self._session.wait_hello()
        except EngineCrashed:
            self.crashes += 1
            raise
        return self._session

    def _advice(self) -> str:
        session = self._session
        facts = session.facts if session is not None else None
        name = self.info.name if self.info is not None else self.config.path.name
        return crash_advice(facts.system_info if facts else "", cpu_flags(), name)

    def _call(self, op: str, *, cancel: CancelToken | None = None, **fields: Any) -> Any:
        session = self._ready()
        request_id = next(self._ids)
        return self._wait(session, session.send(request_id, {"op": op, **fields}), cancel, request_id)

    def _wait(self, session: Session, replies: queue.Queue[dict[str, Any]], cancel: CancelToken | None,
              request_id: int | None = None) -> Any:
        cancel_sent = False
        while True:
            try:
                message = replies.get(timeout=POLL_S)
            except queue.Empty:
                if cancel is not None and cancel.cancelled and not cancel_sent and request_id is not None:
                    cancel_sent = True
                    session.cancel_keep_waiting(request_id)   # the child answers within a token
                continue
            if "result" in message:
                return message["result"]
            self._raise_reply(message)

    def _finish_cancelled(self, session: Session, request_id: int, replies: queue.Queue[dict[str, Any]]) -> None:
        """After a cancel, take the child's last word (within a token) so the stats are this call's."""
        session.cancel_keep_waiting(request_id)
        try:
            while True:
                message = replies.get(timeout=5.0)
                if "token" in message:
                    continue
                self._take_stats(message)
                return
        except queue.Empty:
            return
        finally:
            session.forget(request_id)

    def _take_stats(self, message: dict[str, Any]) -> None:
        stats = (message.get("result") or {}).get("stats") if isinstance(message.get("result"), dict) else None
        if stats:
            self.last_stats = GenerationStats(int(stats[0]), int(stats[1]), float(stats[2]), float(stats[3]),
                                              *(int(count) for count in stats[4:6]))

    def _raise_reply(self, message: dict[str, Any]) -> None:
        if "crashed" in message:
            self.crashes += 1
            raise EngineCrashed(f"the model process stopped unexpectedly ({message['crashed']}); "
                                "it restarts by itself, so you can ask again", self.diagnostics())
        error = message.get("error") or {}
        if error.get("kind") == "model":
            raise ModelError(str(error.get("message", "the model failed")))
        raise EngineBug(f"the model engine failed: {error.get('type', 'error')}: {error.get('message', '')}")

    def _stream(self, request: dict[str, Any], cancel: CancelToken | None) -> Iterator[str]:
        session = self._ready()
        request_id = next(self._ids)
        replies = session.send(request_id, request)
        finished = False
        try:
            while True:
                if cancel is not None and cancel.cancelled:
                    finished = True
                    self._finish_cancelled(session, request_id, replies)
                    return
                try:
                    message = replies.get(timeout=POLL_S)
                except queue.Empty:
                    continue
                if "token" in message:
                    yield message["token"]
                elif "result" in message:
                    finished = True
                    self._take_stats(message)
                    return
                else:
                    finished = True
                    self._raise_reply(message)
        finally:
            if not finished:
                session.cancel(request_id)   # the consumer left early: free the child
            else:
                session.forget(request_id)

