"""Score an answer against a gold answer with no judge model.

- Gold-token recall: the content words of the gold answer found in the answer,
  after normalization (case, simple plurals, number words -> digits, dates in any
  common format -> one token per day, clock times -> 24-hour tokens). Correct when
  the recall is at least 0.5.
- Yes/no questions (gold starts with yes or no) are scored on the polarity: the
  first yes/no word of the answer must match.
- Null questions (the documents hold no answer) are correct when the answer says
  the documents do not contain it; on any other question such an answer is wrong.
"""
from __future__ import annotations

import re

from agents.answers.claims import normalized_tokens
from agents.answers.evidence import STOPWORDS

THRESHOLD = 0.5
_REFUSAL = re.compile(
    r"\b(?:do(?:es)? not (?:contain|say|mention|answer|include)|could not (?:find|confirm)|cannot (?:find|answer)|"
    r"can't (?:find|answer)|couldn't find|no (?:information|mention|record)|not (?:mentioned|found|in (?:the|your) "
    r"documents)|don't know|do not know|unable to (?:find|answer))\b", re.IGNORECASE)
_POLARITY = re.compile(r"\b(yes|no|not|never|didn't|did not|doesn't|does not|wasn't|was not)\b", re.IGNORECASE)


_QUOTED = re.compile(r'"[^"]*"|“[^”]*”')


def is_refusal(answer: str) -> bool:
    """Does the answer say the documents do not hold the answer? Read outside quotation marks: a quoted passage
    that says "not found" is the document's text, not the system refusing (it counted answered questions as
    refused)."""
    return bool(_REFUSAL.search(_QUOTED.sub(" ", answer)))


def polarity(text: str) -> str | None:
    """'yes' or 'no' from the first polarity word of a text (None when it has none)."""
    match = _POLARITY.search(text)
    if not match:
        return None
    return "yes" if match.group(1).lower() == "yes" else "no"


_NEGATED_WORD = re.compile(r"\b(non)-(?=\w)", re.I)


def text_tokens(text: str) -> set[str]:
    """normalized_tokens, with a word that "non-" negates kept whole, in the answer and the gold alike: "non-zero"
    states no zero (a "Non-zero status" answer scored as stating the gold "0"), "Non-maintainer upload" is one."""
    return normalized_tokens(_NEGATED_WORD.sub(r"\1", text))


def gold_tokens(gold: str) -> set[str]:
    return {t for t in text_tokens(gold) if t not in STOPWORDS}


def answer_tokens(answer: str) -> set[str]:
    """The answer's normalized words, and each pair of capitalized neighbours joined: "Wolfgang Schulz" also gives
    "wolfgangschulz". The answer shows a chat handle as the name it glues (rag/entities.py split_camel) while
    LiHua-World's gold writes the handle ("WolfgangSchulz"), so before, a right name scored 0. A gold written as two
    words ("Li Hua") is matched as before: a handle in a quote ("LiHua: Thanks") is not split into them."""
    words = re.findall(r"[^\W_]+|\S", answer)
    joined = {(a + b).lower() for a, b in zip(words, words[1:]) if a[:1].isupper() and b[:1].isupper()}
    return text_tokens(answer) | joined


def recall(answer: str, gold: str) -> float:
    """The share of the gold's content words in the answer."""
    wanted = gold_tokens(gold)
    if not wanted:
        return 0.0
    return len(wanted & answer_tokens(answer)) / len(wanted)


def is_yes_no(gold: str) -> bool:
    words = gold.strip().lower().split()
    return bool(words) and words[0].strip(",.!") in ("yes", "no")


def correct(answer: str, gold: str, kind: str) -> bool:
    """Is the answer right? `kind` is the question type (Single, Multi or Null)."""
    if kind == "Null":
        return is_refusal(answer)
    if is_refusal(answer):       # "not in your documents" is no answer, even when the closest passage it shows
        return False             # happens to hold the gold words
    if is_yes_no(gold):
        return polarity(answer) == polarity(gold)
    return recall(answer, gold) >= THRESHOLD


# --- Short gold spans (bench/realdocs.py): the answer line, then a short quote -----------------------------------
# a citation names its file ("[bashref.pdf p.91]", "[guide.html § 4.1 Files]"); brackets with no file name are the
# answer's own text ("[[ -o rcs ]]", "${names[0]}") and stay
_CITATION = re.compile(r"\[[^\[\]]*\.[A-Za-z0-9]{1,5}\b[^\[\]]*\]")
_QUOTED = re.compile(r"\"([^\"]+)\"|“([^”]+)”")
_QUOTE_LINE = re.compile(r"^(?:From .+?:|The documents say:)\s*[\"“]")


def answer_line(answer: str) -> str:
    """The line a user reads as the answer: the first line, its citation brackets removed; empty when the
    first line is the supporting quote itself ("From x.pdf p.3: "…"") - a quote is not an answer line."""
    first = answer.strip().split("\n", 1)[0].strip()
    if _QUOTE_LINE.match(first):
        return ""
    return " ".join(_CITATION.sub(" ", first).split())


def states(text: str, golds: list[str]) -> bool:
    """Does `text` state one of the gold spans? Every content token of one variant must be in it (a short
    span has few tokens: half of "make distclean" is "make", which is no answer); yes/no by polarity."""
    if not text.strip() or is_refusal(text):
        return False
    for gold in golds:
        if is_yes_no(gold):
            if polarity(text) == polarity(gold):
                return True
            continue
        wanted = gold_tokens(gold) or text_tokens(gold)
        if wanted and wanted <= text_tokens(text):
            return True
    return False


def quote_states(answer: str, golds: list[str], max_sentences: int = 2) -> bool:
    """Is a gold span findable in a quote of the answer that is at most `max_sentences` sentences long?
    The closest passage of a refusal does not count: it is shown as not an answer."""
    from agents.answers.evidence import split_sentences

    if is_refusal(answer):
        return False
    for match in _QUOTED.finditer(answer):
        quote = match.group(1) or match.group(2) or ""
        if len(split_sentences(quote)) <= max_sentences and states(quote, golds):
            return True
    return False
