"""Fit a conversation into the model's context window.

Why: a prompt that overflows n_ctx makes llama.cpp fail or silently forget the
start. We drop the oldest turns first (the system prompt and the newest message
stay), then shorten the longest remaining message from its middle.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import TypedDict

ELLIPSIS = "\n[…]\n"


class Message(TypedDict):
    role: str      # "system", "user" or "assistant"
    content: str


def fit_messages(messages: list[Message], budget: int, count: Callable[[list[Message]], int]) -> list[Message]:
    """Return messages whose rendered prompt counts at most `budget` tokens."""
    if not messages:
        return messages
    fitted = list(messages)
    total = count(fitted)
    # 1. Drop the oldest turns, keeping the system prompt and the last message.
    while total > budget:
        droppable = [i for i, m in enumerate(fitted[:-1]) if m["role"] != "system"]
        if not droppable:
            break
        del fitted[droppable[0]]
        total = count(fitted)
    # 2. Shorten the longest message, keeping its head and tail (questions often sit at the end).
    for _ in range(12):
        if total <= budget:
            return fitted
        longest = max(range(len(fitted)), key=lambda i: len(fitted[i]["content"]))
        content = fitted[longest]["content"]
        if len(content) < 16:
            break
        keep = max(8, int(len(content) * (budget / total) * 0.9) - len(ELLIPSIS))
        head = keep * 2 // 3
        shortened = content[:head] + ELLIPSIS + content[len(content) - (keep - head):]
        fitted[longest] = Message(role=fitted[longest]["role"], content=shortened)
        total = count(fitted)
    if total > budget:
        raise ValueError(f"the prompt cannot be shortened to fit {budget} tokens")
    return fitted
