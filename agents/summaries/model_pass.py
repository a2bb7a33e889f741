"""What the small model does in a summary: choose among candidate sentences, shorten one by deleting words,
and ask the question a sentence answers. Nothing it writes is used unchecked.

Why this shape: SmolLM2-135M invents terms when it writes freely, but it can pick from a
numbered list under a grammar (the reply can only be candidate numbers), and a shortened
sentence is accepted only when its words are the original's words in order with some left out
(`is_deletion`), so no value can be added. The callers run the claim check over the result too.
"""
from __future__ import annotations

import re
from collections.abc import Sequence

from agents.engine.model_api import ChatModel
from agents.experts.base import prompt
from agents.platform.cancel import CancelToken
from agents.summaries.units import Unit

_WORD = re.compile(r"[£$€¥]?\d+(?:[.,]\d+)*%?|[^\W\d_][\w'’-]*|\w+")     # "£2,070" is one word, never "£2"


def pick(model: ChatModel, title: str, candidates: Sequence[Unit], count: int, cancel: CancelToken) -> list[int]:
    """Positions (into `candidates`) of the `count` sentences the model chooses; distinct, in its order."""
    listing = "\n".join(f"{n}. {u.text}" for n, u in enumerate(candidates, 1))
    about = f' of "{title}"' if title else ""
    request = (f"Here are sentences from a document{about}.\n{listing}\n\n"
               f"Choose the {count} sentences that best summarize it: what the document is, what it is about, "
               f"and its main result or terms. Answer with their numbers.")
    schema = {"type": "object", "properties": {"numbers": {
        "type": "array", "items": {"type": "integer", "enum": list(range(1, len(candidates) + 1))},
        "minItems": count, "maxItems": count}}, "required": ["numbers"]}
    cancel.raise_if_cancelled()
    reply = model.structured(prompt(request), schema, cancel=cancel, max_tokens=12 + 4 * count)
    chosen: list[int] = []
    for number in reply.get("numbers", []) if isinstance(reply, dict) else []:
        if isinstance(number, int) and 1 <= number <= len(candidates) and number - 1 not in chosen:
            chosen.append(number - 1)
    return chosen


def words(text: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(text)]


def is_deletion(short: str, original: str) -> bool:
    """Are the words of `short` the words of `original`, in order, with some left out (none added)?"""
    source = iter(words(original))
    kept = words(short)
    return bool(kept) and all(any(w == s for s in source) for w in kept)


def shorten(model: ChatModel, sentence: str, cancel: CancelToken, *, min_share: float = 0.5) -> str | None:
    """The sentence with words the model deleted; None when the reply adds or changes a word, keeps less
    than `min_share` of it, or does not shorten it."""
    request = ("Shorten this sentence by deleting unneeded words. Do not add or change any word; keep every "
               f"number and name.\n\nSentence: {sentence}\n\nShortened sentence:")
    cancel.raise_if_cancelled()
    reply = model.chat_text(prompt(request), max_tokens=len(sentence) // 3 + 8, temperature=0.0, cancel=cancel)
    reply = reply.strip().strip('"').split("\n")[0].strip()
    original = len(words(sentence))
    kept = len(words(reply))
    if not is_deletion(reply, sentence) or kept >= original or kept < min_share * original:
        return None
    return reply if reply.endswith((".", "!", "?")) else reply.rstrip(",;:") + "."


def question_for(model: ChatModel, sentence: str, cancel: CancelToken) -> str:
    """One question the sentence answers, as the model words it ('' when the reply is not a question)."""
    request = f"Write one short question that this sentence answers.\n\nSentence: {sentence}\n\nQuestion:"
    cancel.raise_if_cancelled()
    reply = model.chat_text(prompt(request), max_tokens=40, temperature=0.0, cancel=cancel)
    line = reply.strip().split("\n")[0].strip().strip('"').strip()
    line = re.sub(r"^(?:question\s*:\s*|\d+[.)]\s*|-\s*)", "", line, flags=re.IGNORECASE)
    if not line.endswith("?") or not 3 <= len(line.split()) <= 25:
        return ""
    return line
