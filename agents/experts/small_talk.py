"""Is the model's reply to small talk sensible? If not, a fixed friendly reply is shown instead.

Why: SmolLM2-135M answers "Say hello." with "Sender, a helpful AI in helping with your message.",
"cheers" with "I'm sorry for your loss.", "what is your name?" with a made-up list. The check is on the
reply, not a list of greetings; a reply is kept only when it
- answers rather than echoes: it adds words of its own ("hello." to "hello" is an echo);
- is short and whole: one paragraph, at most two sentences and 40 words, ending like a sentence;
- asserts nothing: no digits, and no capitalized word inside a sentence that the request, "I" or the
  assistant's own name do not explain (an invented name, title or "Sender");
- speaks as the assistant to the user (I, me, my, you, your, we, or the name the user gave);
- apologizes or condoles only when the request speaks of a mistake or a loss.
A wrong "no" costs little: the fixed reply (`fixed_reply`: thanks are answered with "You're welcome", a
goodbye with a goodbye, anything else with a greeting) is always a fine answer to small talk.
"""
from __future__ import annotations

import re

FRIENDLY = ("Hello! I'm Enclave, your private assistant on this computer. Ask me about your documents, or give "
            "me something to write or rephrase.")
WELCOME = "You're welcome! Ask me anything else about your documents whenever you like."
GOODBYE = "Goodbye! Your documents and our conversations stay on this computer."
_THANKS = re.compile(r"\b(?:thanks?|thank you|thx|ty|cheers|appreciated?)\b", re.I)
_BYE = re.compile(r"\b(?:bye|goodbye|see you|see ya|good ?night|farewell|that's all)\b", re.I)
_WORD = re.compile(r"[^\W_][\w']*", re.UNICODE)
_SENTENCE_END = re.compile(r"[.!?…](?:\s|$)")
_PERSONS = re.compile(r"\b(?:i|i'm|i'll|i've|i'd|me|my|you|your|you're|we|us|our)\b", re.I)
_SORRY = re.compile(r"\b(?:sorry|apolog\w*|condolences?|loss|forgive)\b", re.I)
_TROUBLE = re.compile(r"\b(?:sorry|apolog\w*|mistake|wrong|error|lost|loss|died|death|sad|problem|fail\w*|bad)\b", re.I)
OWN_NAMES = {"I", "I'm", "I'll", "I've", "I'd", "Enclave"}
MAX_WORDS = 40


def fixed_reply(request: str) -> str:
    """The friendly reply that fits the small talk: thanks, a goodbye, or anything else (a greeting)."""
    if _BYE.search(request):
        return GOODBYE
    return WELCOME if _THANKS.search(request) else FRIENDLY


def not_sensible(request: str, reply: str) -> str:
    """Why `reply` is not a sensible answer to the small talk `request` ('' when it is)."""
    text = reply.strip()
    words = _WORD.findall(text)
    if not words:
        return "the reply is empty"
    asked = {w.lower() for w in _WORD.findall(request)}
    if {w.lower() for w in words} <= asked:
        return "the reply only repeats the request"
    if "\n" in text or len(words) > MAX_WORDS or len(_SENTENCE_END.findall(text + " ")) > 2 \
            or not text.endswith((".", "!", "?", "…")):
        return "the reply is not one or two whole sentences"
    if any(ch.isdigit() for ch in text):
        return "the reply states a number"
    for sentence in re.split(r"(?<=[.!?…])\s+", text):
        inner = _WORD.findall(sentence)[1:]
        invented = [w for w in inner if w[0].isupper() and w not in OWN_NAMES and w.lower() not in asked]
        if invented:
            return f"the reply names {invented[0]!r}, which the request does not"
    if not _PERSONS.search(text) and not any(w[0].isupper() and w.lower() in asked for w in words[1:]):
        return "the reply does not speak to the user"             # by a pronoun or by the name they gave
    if _SORRY.search(text) and not _TROUBLE.search(request):
        return "the reply apologizes for nothing the request said"
    return ""
