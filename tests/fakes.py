"""A scripted fake model for unit tests of agent logic (no llama.cpp, instant).

It satisfies agents.engine.model_api.ChatModel like the real LocalModel. Replies come
from a script: a list consumed in order, or a function of the messages.
Structured replies are validated against the (bounded) schema exactly as the
real runtime validates them, so a test cannot pass with output the real model
could never be allowed to produce.
"""
from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Sequence
from typing import Any

import jsonschema

from agents.platform.cancel import CancelToken
from agents.engine.prompt_budget import Message
from agents.engine.schema_bounds import bound_schema

Reply = str | dict | list | Callable[[Sequence[Message]], Any]


class ScriptedModel:
    def __init__(self, replies: Sequence[Reply] = (), *, default: Reply = "OK", context_size: int = 4096) -> None:
        self._replies = list(replies)
        self._default = default
        self._context_size = context_size
        self.calls: list[list[Message]] = []     # every prompt the fake received
        self.schemas: list[dict[str, Any]] = []   # every schema asked for

    @property
    def context_size(self) -> int:
        return self._context_size

    @property
    def loaded(self) -> bool:
        return True

    def load(self) -> None:
        return None

    def close(self) -> None:
        return None

    def _next(self, messages: Sequence[Message]) -> Any:
        self.calls.append([dict(m) for m in messages])  # type: ignore[misc]
        reply = self._replies.pop(0) if self._replies else self._default
        return reply(messages) if callable(reply) else reply

    def chat(self, messages: Sequence[Message], *, max_tokens: int = 384, temperature: float = 0.2,
             cancel: CancelToken | None = None) -> Iterator[str]:
        reply = self._next(messages)
        text = reply if isinstance(reply, str) else json.dumps(reply)
        for word in text.split(" ")[:max_tokens]:
            if cancel is not None and cancel.cancelled:
                return
            yield word + " "

    def chat_text(self, messages: Sequence[Message], **kwargs: Any) -> str:
        return "".join(self.chat(messages, **kwargs)).strip()

    def structured(self, messages: Sequence[Message], json_schema: dict[str, Any], *,
                   cancel: CancelToken | None = None, max_tokens: int | None = None) -> Any:
        self.schemas.append(json_schema)
        reply = self._next(messages)
        value = json.loads(reply) if isinstance(reply, str) else reply
        jsonschema.validate(value, bound_schema(json_schema))
        return value

    def count_tokens(self, text: str) -> int:
        return max(1, len(text) // 4)


class MemoryLibrary:
    """A tiny in-memory document library for agent unit tests (satisfies agents.documents.DocumentLibrary).

    Search ranks pages by shared words; the real rag Library is used in the end-to-end tests.
    """

    def __init__(self, documents: dict[str, Sequence[str]] | None = None) -> None:
        self.pages: dict[str, list[str]] = {path: list(pages) for path, pages in (documents or {}).items()}
        self.searches: list[str] = []

    def documents(self) -> list[Any]:
        from rag.types import DocumentRecord, DocumentStatus
        return [DocumentRecord(doc_id=str(i), path=path, status=DocumentStatus.INDEXED, pages=len(pages))
                for i, (path, pages) in enumerate(self.pages.items())]

    def search(self, query: str, k: int = 8) -> list[Any]:
        from rag.types import Passage
        self.searches.append(query)
        words = {w.strip("?.,!").lower() for w in query.split() if len(w) > 2}
        scored = []
        for doc_id, (path, pages) in enumerate(self.pages.items()):
            for number, text in enumerate(pages, 1):
                score = len(words & {w.strip("?.,!").lower() for w in text.split()})
                if score:
                    scored.append(Passage(f"{doc_id}-{number}", str(doc_id), path, number, number, 0, len(text),
                                          text, float(score), ("keyword",)))
        return sorted(scored, key=lambda p: -p.score)[:k]

    def document_pages(self, path: Any) -> list[tuple[int | None, str]]:
        return list(enumerate(self.pages[str(path)], 1))

    def entity_names(self) -> set[str]:
        return {w.strip("?.,!") for pages in self.pages.values() for t in pages for w in t.split() if w[:1].isupper()}
