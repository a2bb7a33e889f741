"""Does the text that would leave still say what the user wants? The answerability check before consent.

Why: privacy bought by saying nothing sends the cloud a different question. The request's
task is its main verb and that verb's object ("write ... cover letter"), or, without such
a verb, the question it asks. When a word of the task is missing from the sketch (the
object was a name and became a placeholder, or a sentence was removed), the consent
dialog and the terminal prompt say so and offer to edit the text before it is sent.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from agents.privacy.names import REQUEST_VERBS
from agents.privacy.pseudonymize import PLACEHOLDER_RX
from rag.text_stats import STOPWORDS

# Verbs that carry a request but are too general to be the task when a stronger one occurs.
_WEAK_VERBS = frozenset({"help", "make", "give", "tell", "need", "want", "prepare", "provide", "check", "fix",
                         "review", "answer", "reply", "respond", "recommend", "plan", "design", "build", "develop",
                         "update", "complete", "fill", "send", "find", "modify", "continue", "change", "add"})
_OBJECT_STOP = {"to", "for", "about", "from", "with", "into", "in", "on", "at", "by", "as", "of", "that", "which",
                "so", "and", "or", "but", "because", "if", "when", "based", "using", "while"}
_SKIP = {"a", "an", "the", "my", "me", "our", "us", "your", "this", "that", "these", "those", "it", "some", "up",
         "out", "please", "kindly", "i", "we", "you", "him", "her", "them", "his", "their", "its"}
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*|[.!?:;\n]")
MESSAGE = "The redacted request no longer says what you want (missing: {words}). Edit it before sending?"


@dataclass(frozen=True)
class TaskCheck:
    """The request's task words and those the outbound text lost."""

    words: tuple[str, ...]        # the task as found in the request: verb and object, or the question's words
    missing: tuple[str, ...]      # task words not in the outbound text

    @property
    def answerable(self) -> bool:
        return not self.missing

    @property
    def message(self) -> str:
        """What the consent dialog and the terminal say; empty when the task is intact."""
        return "" if self.answerable else MESSAGE.format(words=", ".join(f'"{w}"' for w in self.missing))


def task_words(request: str) -> tuple[str, ...]:
    """The main verb and up to three words of its object, else the content words of the first question."""
    tokens = _WORD.findall(PLACEHOLDER_RX.sub(" ", request))
    lowered = [t.lower() for t in tokens]
    for verbs in (REQUEST_VERBS, _WEAK_VERBS):
        index = next((i for i, t in enumerate(lowered) if t in verbs), None)
        if index is not None:
            return (tokens[index].lower(), *_object_of(tokens, index))
    for sentence in re.findall(r"[^.!?\n]*\?", request):
        words = [w for w in _WORD.findall(sentence) if w.isalpha() and w.lower() not in STOPWORDS and len(w) > 2]
        if words:
            return tuple(dict.fromkeys(w.lower() for w in words[:5]))
    return ()


def _object_of(tokens: list[str], verb: int) -> list[str]:
    """The words after the verb up to a preposition or the end of the clause (determiners skipped)."""
    found: list[str] = []
    for token in tokens[verb + 1:verb + 8]:
        low = token.lower()
        if not token[0].isalpha() or low in _OBJECT_STOP or len(found) == 3:
            break
        if low not in _SKIP:
            found.append(token)
    return found


def check_task(request: str, outbound: str, people: Iterable[str] = ()) -> TaskCheck:
    """Which of the request's task words the outbound text no longer contains.

    `people`: values replaced by a typed person placeholder; "ask my boss <PERSON_1>" still says what is wanted.
    """
    words = task_words(request)
    present = {t.lower() for t in _WORD.findall(outbound)} | {w.lower() for p in people for w in p.split()}
    missing = tuple(w for w in words if w.lower() not in present)
    return TaskCheck(words, missing)
