"""What kind of request is this: a question about facts, a writing task, or small talk?

Why: a question about facts goes through the user's documents first, always; the embedded 135M model
never answers one from its own weights (asked who created a program, it invented a person). Only small
talk ("hello", "who are you?", "thanks") and writing tasks ("write a haiku", "rephrase this", "translate
...") may go to the model alone. The test is on the request's form, not a list of requests:
- a writing task starts (after "please", "can you", ...) with a verb that asks for text to be made or
  changed, or is "tell me a joke/story/poem";
- a question about facts asks something (a question word first, or a question mark) about anything
  but the assistant or the conversation itself — it has a content word that is not a pronoun or
  filler: "who are you?" has none, "who created the software?" has one;
- everything else (greetings, thanks, "ok") is small talk.
"""
from __future__ import annotations

import re

from rag.text_stats import STOPWORDS

QUESTION, WRITING, CHAT = "question", "writing", "chat"

_POLITE = re.compile(r"^\s*(?:(?:hey|hi|hello|ok|okay|so|well|please)\b[,!]?\s*)*(?:(?:can|could|would|will) you"
                     r"(?: please)?|please|i (?:want|need|would like) you to|i'd like you to)?\s*", re.I)
_WRITE = re.compile(r"^(?:write|rewrite|re-write|rephrase|paraphrase|reword|translate|draft|compose|correct|proofread|"
                    r"shorten|lengthen|simplify|polish|improve|edit|fix the (?:grammar|spelling)|make (?:this|it|the "
                    r"text)|turn (?:this|it)|put (?:this|it)|"
                    r"give me (?:a|an|some|another|\d+) (?:synonyms?|antonyms?|words?|rhymes?|names?|titles?|slogans?|"
                    r"example sentences?|ideas?)|suggest (?:a|an|some) (?:title|name|slogan|word)|"
                    r"tell me (?:a|another)(?: \w+)? (?:joke|story|poem|riddle))\b", re.I)
_ASKS = re.compile(r"^(?:what|when|where|who|whom|whose|which|how|why|is|are|was|were|do|does|did|can|could|will|"
                   r"would|has|have|had|should|shall|may|might|must|tell me|show me|find|list|explain|describe|"
                   r"define|name|give me|summari[sz]e|sum up)\b|\?\s*$", re.I)
# Words that talk about the conversation, not about the world: "who are you", "how are you doing today".
# A question word or an auxiliary first: the request is put as one question ("What severity must ... have?").
_INTERROGATIVE = re.compile(r"^(?:what|when|where|who|whom|whose|which|how|why|is|are|was|were|do|does|did|can|"
                            r"could|will|would|has|have|had|should|shall|may|might|must)\b", re.I)
_SMALL_TALK_WORDS = frozenset("""
you your yours yourself i me my mine myself we us our today tonight now there here doing going up new
fine good well ok okay thanks thank please hello hi hey bye goodbye again sorry great nice cool help
name called real human bot assistant enclave feeling work works working think mean meant understand
""".split())
_WORD = re.compile(r"[^\W\d_][\w'-]*|\d+", re.UNICODE)


def asks(request: str) -> bool:
    """Is it put as a question or a request for information (a question word first, or a question mark)?"""
    return bool(_ASKS.search(_POLITE.sub("", request.strip(), count=1)) or _ASKS.search(request.strip()))


def one_question(request: str) -> bool:
    """Is it a single question (a question word first, at most one question mark, no "then")? Not a task list."""
    text = _POLITE.sub("", request.strip(), count=1)
    return bool(_INTERROGATIVE.match(text)) and request.count("?") <= 1 and \
        not re.search(r"\b(?:then|after that|and also)\b|;", text, re.I)


def request_kind(request: str) -> str:
    """QUESTION (facts: the documents answer), WRITING (a text to make or change) or CHAT (small talk)."""
    text = _POLITE.sub("", request.strip(), count=1)
    if _WRITE.match(text):
        return WRITING
    if not asks(request):
        return CHAT
    return QUESTION if content_words(text) else CHAT


def content_words(text: str) -> list[str]:
    """The words that say what a question is about (not pronouns, filler or conversation words)."""
    words = [w.lower().strip("'") for w in _WORD.findall(text)]
    return [w for w in words if w not in STOPWORDS and w not in _SMALL_TALK_WORDS and len(w) > 1
            and w.split("'")[0] not in _SMALL_TALK_WORDS]


def is_factual_question(request: str) -> bool:
    return request_kind(request) == QUESTION
