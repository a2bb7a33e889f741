"""The one system prompt and how a request becomes chat messages.

Why here, below the experts: the router, the table tool and every expert build prompts the same
way, so the shared system-prompt prefix stays stable and llama.cpp reuses its KV cache across
calls. Living low keeps routing and tools from importing the experts (no import cycle).
"""
from __future__ import annotations

from collections.abc import Sequence

from agents.engine.prompt_budget import Message

SYSTEM_PROMPT = "You are Enclave, a helpful assistant that runs privately on the user's computer. Answer concisely."


def prompt(user: str, history: Sequence[Message] = ()) -> list[Message]:
    """System prompt, earlier turns, then this request."""
    return [Message(role="system", content=SYSTEM_PROMPT), *history, Message(role="user", content=user)]
