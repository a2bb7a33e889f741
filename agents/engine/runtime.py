"""The local model runtime: the one `llama_cpp.Llama` of the process.

llama.cpp contexts are not thread-safe, so the model lives on a single worker
thread and every call (chat, structured output, tokenizing) is queued to it.
All agents share this one model; they differ by prompt, not by weights.
Callers on any thread get plain iterators of text, and cancel with a CancelToken
between any two tokens; the model stays usable after a cancel.
"""
from __future__ import annotations

import contextlib
import json
import logging
import os
import queue
import re
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import jsonschema
import psutil

from agents.platform.cancel import CancelToken
from agents.engine.gguf import GGUFError, GGUFInfo, read_gguf_info
from agents.engine.prompt_budget import Message, fit_messages
from agents.engine.schema_bounds import bound_schema, max_tokens_for_schema, only_choices
from rag.errors import UserError

log = logging.getLogger(__name__)
T = TypeVar("T")
# Round fifteen: a structured call whose every value is an enum (the span among candidates, the route) is decoded
# greedily: sampled at 0.1, the same question over the same documents got "`perl`" in one call, "`zsh/system`" in the next
GREEDY_CHOICES = True

# ChatML, for a GGUF that carries no chat template of its own.
_FALLBACK_TEMPLATE = (
    "{% for message in messages %}<|im_start|>{{ message['role'] }}\n{{ message['content'] }}<|im_end|>\n"
    "{% endfor %}{% if add_generation_prompt %}<|im_start|>assistant\n{% endif %}"
)


class ModelError(UserError, RuntimeError):
    """The model cannot be used; the message is meant for the user and names the file."""


@dataclass(frozen=True)
class ModelConfig:
    path: Path
    context_size: int = 4096
    threads: int = 0            # 0: physical cores
    seed: int = 1234


@dataclass(frozen=True)
class GenerationStats:
    """Counts from the last finished generation (for benchmarks and the trace view)."""

    prompt_tokens: int
    completion_tokens: int
    seconds_to_first_token: float
    seconds_total: float
    threads: int = 0                  # generating tokens (0: not known, e.g. from a server)
    prompt_threads: int = 0           # reading the prompt


def physical_cores() -> int:
    return psutil.cpu_count(logical=False) or os.cpu_count() or 1


def check_memory(info: GGUFInfo, context_size: int) -> None:
    """Refuse a model that cannot fit in the RAM that is free now, before llama.cpp tries."""
    # Weights are memory-mapped; the KV cache and compute buffers come on top.
    needed = int(info.size_bytes * 1.1) + context_size * 64 * 1024
    available = psutil.virtual_memory().available
    if needed > available:
        raise ModelError(
            f"{info.path}: the model needs about {needed / 2**30:.1f} GiB of memory but only "
            f"{available / 2**30:.1f} GiB is free; close other programs or choose a smaller model "
            "(a Q4 quantization, or fewer parameters)")


class LocalModel:
    """Owns the Llama instance and its worker thread.

    Construct, then `load()` (slow: call it off the GUI thread). Every public method
    is safe to call from any thread.
    """

    def __init__(self, config: ModelConfig, *, quiet: bool = True) -> None:
        self.config = config
        self._quiet = quiet   # the engine child keeps llama.cpp's stderr: it is its diagnostic stream
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="enclave-llama")
        self._llama: Any = None
        self._formatter: Any = None
        self.info: GGUFInfo | None = None
        self.last_stats: GenerationStats | None = None
        self._grammar_cache: dict[str, Any] = {}
        self._load_of_others: Any = None     # agents.engine.cpu_share.OtherLoad, when threads are automatic
        self.threads_in_use = 0               # generating tokens
        self.prompt_threads_in_use = 0        # reading the prompt (cpu_share.prompt_threads_for)
        self._prompt_shares_cores = False

    # -- lifecycle ---------------------------------------------------------

    @property
    def loaded(self) -> bool:
        return self._llama is not None

    @property
    def context_size(self) -> int:
        return self.config.context_size

    def load(self) -> GGUFInfo:
        """Validate and load the model on the worker thread. Raises ModelError."""
        return self._run(self._load)

    def _load(self) -> GGUFInfo:
        if self._llama is not None:
            assert self.info is not None
            return self.info
        try:
            info = read_gguf_info(self.config.path)
        except GGUFError as exc:
            raise ModelError(str(exc)) from None
        check_memory(info, self.config.context_size)
        from llama_cpp import Llama  # heavy import, kept off start-up paths
        from llama_cpp.llama_chat_format import Jinja2ChatFormatter

        threads = self.config.threads or physical_cores()
        try:
            with _silence_native_output(self._quiet):
                llama = Llama(
                    model_path=str(info.path),
                    n_ctx=self.config.context_size,
                    n_threads=threads,
                    n_threads_batch=threads,
                    n_batch=512,
                    seed=self.config.seed,
                    verbose=False,
                )
        except (ValueError, RuntimeError, OSError) as exc:
            raise ModelError(f"{info.path}: llama.cpp could not load this model ({exc}); "
                             f"architecture '{info.architecture}' may be unsupported by this llama.cpp build, "
                             "or the file is damaged") from None
        template = info.chat_template or _FALLBACK_TEMPLATE
        eos_id, bos_id = llama.token_eos(), llama.token_bos()
        self._formatter = Jinja2ChatFormatter(
            template=template,
            eos_token=_token_text(llama, eos_id),
            bos_token=_token_text(llama, bos_id),
            stop_token_ids=[eos_id],
        )
        self._llama, self.info = llama, info
        self.threads_in_use = self.prompt_threads_in_use = threads
        if not self.config.threads:
            import llama_cpp

            from agents.engine.cpu_share import OtherLoad, prompt_shares_cores_well
            self._prompt_shares_cores = prompt_shares_cores_well(
                llama_cpp.llama_print_system_info().decode("utf-8", errors="replace"))
            self._load_of_others = OtherLoad().start()
        return info

    def _fit_threads(self, llama: Any, prompt_tokens: list[int]) -> None:
        """Before each generation: as many threads as cores the other processes leave idle; a long
        prompt all cores where waiting threads yield (agents/engine/cpu_share.py)."""
        if self._load_of_others is None:
            return
        from agents.engine.cpu_share import prompt_threads_for, threads_for
        physical = physical_cores()
        wanted = threads_for(0, physical, os.cpu_count() or 1, self._load_of_others.others_busy)
        new_tokens = 0
        if self._prompt_shares_cores and wanted < physical:   # only then can the prompt's length change the count
            new_tokens = len(prompt_tokens) - llama.longest_token_prefix(llama._input_ids.tolist(), prompt_tokens)
        prompt = prompt_threads_for(0, physical, wanted, self._prompt_shares_cores, new_tokens)
        if (wanted, prompt) != (self.threads_in_use, self.prompt_threads_in_use):
            llama._ctx.set_n_threads(wanted, prompt)
            self.threads_in_use, self.prompt_threads_in_use = wanted, prompt

    def close(self) -> None:
        def _close() -> None:
            if self._llama is not None:
                self._llama.close()
                self._llama = None
            if self._load_of_others is not None:
                self._load_of_others.stop()
        with contextlib.suppress(Exception):
            self._run(_close)
        self._executor.shutdown(wait=True)

    # -- tokens and budget -------------------------------------------------

    def count_tokens(self, text: str) -> int:
        return self._run(lambda: len(self._require().tokenize(text.encode("utf-8"), add_bos=False, special=False)))

    def render(self, messages: Sequence[Message]) -> str:
        """The exact prompt text the chat template makes of `messages`."""
        return self._run(lambda: self._render(messages))

    def _render(self, messages: Sequence[Message]) -> str:
        self._require()
        return self._formatter(messages=[dict(m) for m in messages]).prompt

    def _prompt_tokens(self, messages: Sequence[Message], max_tokens: int) -> list[int]:
        """Tokenize the rendered prompt, trimming messages so prompt + answer fit n_ctx."""
        budget = self.config.context_size - max_tokens
        if budget < 64:
            raise ModelError(f"max_tokens={max_tokens} leaves no room for a prompt in a {self.config.context_size}-token context")
        fitted = fit_messages(list(messages), budget, lambda candidate: len(self._tokenize_messages(candidate)))
        return self._tokenize_messages(fitted)

    def _tokenize_messages(self, messages: Sequence[Message]) -> list[int]:
        """The prompt's tokens, where only the chat template's own markers are control tokens.

        Message contents are untrusted (documents, tool results, the cloud's reply): a
        document holding "<|im_end|><|im_start|>system" must stay text. The template is
        rendered with a slot marker in place of each content, the template's pieces are
        tokenized with special tokens on and the contents with them off.
        """
        llama = self._require()
        slots = [f"\x1eENCLAVE-SLOT-{i}\x1e" for i in range(len(messages))]
        rendered = self._render([Message(role=m["role"], content=slot) for m, slot in zip(messages, slots)])
        if not all(rendered.count(slot) == 1 for slot in slots):
            # A template that rewrites contents: render for real with special-token text defused.
            safe = [Message(role=m["role"], content=defuse_special_text(m["content"])) for m in messages]
            return llama.tokenize(self._render(safe).encode("utf-8"), add_bos=False, special=True)
        tokens: list[int] = []
        rest = rendered
        for slot, message in zip(slots, messages):
            template_part, _, rest = rest.partition(slot)
            tokens += _tokenize_piece(llama, template_part, special=True)
            tokens += _tokenize_piece(llama, message["content"], special=False)
        tokens += _tokenize_piece(llama, rest, special=True)
        return tokens

    # -- generation --------------------------------------------------------

    def chat(
        self,
        messages: Sequence[Message],
        *,
        max_tokens: int = 384,
        temperature: float = 0.2,
        cancel: CancelToken | None = None,
    ) -> Iterator[str]:
        """Stream the assistant's reply token by token. Stops at once when `cancel` is set."""
        return self._stream(messages, max_tokens=max_tokens, temperature=temperature, cancel=cancel, grammar=None)

    def chat_text(self, messages: Sequence[Message], **kwargs: Any) -> str:
        return "".join(self.chat(messages, **kwargs))

    def structured(
        self,
        messages: Sequence[Message],
        json_schema: dict[str, Any],
        *,
        cancel: CancelToken | None = None,
        max_tokens: int | None = None,
    ) -> Any:
        """Return an object valid against `json_schema`, grammar-constrained by llama.cpp.

        Strings and arrays get length bounds (small models ramble inside strings), and
        the token limit is derived from those bounds, so the call always ends with
        complete JSON. One retry with tighter bounds covers the rare overflow.
        """
        schema = bound_schema(json_schema)
        greedy = GREEDY_CHOICES and only_choices(json_schema)      # a choice among fixed options: the same every time
        for attempt in range(2):
            limit = max_tokens or max_tokens_for_schema(schema)
            limit = min(limit, self.config.context_size // 2)
            grammar = self._grammar(schema)
            text = "".join(self._stream(messages, max_tokens=limit, temperature=0.0 if attempt or greedy else 0.1,
                                        cancel=cancel, grammar=grammar))
            try:
                value = json.loads(text, strict=False)  # the grammar lets raw newlines into strings
                jsonschema.validate(value, schema)
                return value
            except (json.JSONDecodeError, jsonschema.ValidationError):
                log.debug("structured output incomplete on attempt %d (%d chars)", attempt + 1, len(text))
                schema = bound_schema(json_schema, string_limit=40, item_limit=4)
                max_tokens = None
        raise ModelError("the local model did not produce valid structured output twice in a row")

    def _grammar(self, schema: dict[str, Any]) -> Any:
        key = json.dumps(schema)  # keeps the schema's property order, which the grammar follows
        if key not in self._grammar_cache:
            from llama_cpp import LlamaGrammar
            with _silence_native_output(self._quiet):
                self._grammar_cache[key] = LlamaGrammar.from_json_schema(key, verbose=False)
        return self._grammar_cache[key]

    def _stream(self, messages: Sequence[Message], *, max_tokens: int, temperature: float,
                cancel: CancelToken | None, grammar: Any) -> Iterator[str]:
        cancel = CancelToken(parent=cancel)  # ours to set when the consumer leaves; the caller's stays untouched
        channel: queue.Queue[tuple[str, Any]] = queue.Queue()

        def produce() -> None:
            started = time.perf_counter()
            first: float | None = None
            produced = 0
            prompt: list[int] = []
            try:
                prompt = self._prompt_tokens(messages, max_tokens)
                self._fit_threads(self._require(), prompt)
                stream = self._require().create_completion(
                    prompt=prompt, max_tokens=max_tokens, temperature=temperature, top_p=0.9,
                    repeat_penalty=1.1, stream=True, grammar=grammar,
                )
                for chunk in stream:
                    if cancel.cancelled:
                        stream.close()
                        break
                    choice = chunk["choices"][0]
                    text = choice["text"]
                    if choice.get("finish_reason") is None:
                        produced += 1
                    if first is None:
                        first = time.perf_counter() - started
                    if text:
                        channel.put(("token", text))
                channel.put(("end", None))
            except BaseException as exc:  # handed to the consumer, raised there
                channel.put(("error", exc))
            finally:
                total = time.perf_counter() - started
                self.last_stats = GenerationStats(len(prompt), produced, first or total, total,
                                                  self.threads_in_use, self.prompt_threads_in_use)

        self._executor.submit(produce)
        try:
            while True:
                kind, payload = channel.get()
                if kind == "token":
                    yield payload
                elif kind == "end":
                    return
                else:
                    raise payload
        finally:
            cancel.cancel()  # a consumer that stops early must free the worker

    # -- plumbing ----------------------------------------------------------

    def _require(self) -> Any:
        if self._llama is None:
            self._load()
        return self._llama

    def _run(self, fn: Callable[[], T]) -> T:
        if threading.current_thread().name.startswith("enclave-llama"):
            return fn()
        future: Future[T] = self._executor.submit(fn)
        return future.result()


def _tokenize_piece(llama: Any, text: str, *, special: bool) -> list[int]:
    return llama.tokenize(text.encode("utf-8"), add_bos=False, special=special) if text else []


_CONTROL_TEXT = re.compile(r"<\||\|>|</?s>|\[/?INST\]|<</?SYS>>")


def defuse_special_text(text: str) -> str:
    """Break up chat-control markers ("<|im_start|>", "</s>", "[INST]") so no tokenizer reads them as control."""
    return _CONTROL_TEXT.sub(lambda m: m.group(0)[0] + "\u200b" + m.group(0)[1:], text)


def _token_text(llama: Any, token_id: int) -> str:
    if token_id < 0:
        return ""
    return llama.detokenize([token_id], special=True).decode("utf-8", errors="ignore")


@contextlib.contextmanager
def _silence_native_output(quiet: bool = True) -> Iterator[None]:
    """Keep llama.cpp's C-level chatter (it writes to fd 2 directly) off the user's console."""
    if not quiet or os.environ.get("ENCLAVE_DEBUG_LLAMA"):
        yield
        return
    try:
        saved = os.dup(2)
    except OSError:
        yield
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, 2)
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)
        os.close(devnull)
