"""Is a request a follow-up that needs the turn before it? Then the standalone question it stands for.

Why: a complete question ("When does the tenancy begin?") must be searched on its own words — gluing it
to the previous question made the search find the previous question's passage and answer its fact
("£1,725" for the tenancy's start). Only a request that depends on the turn before is rewritten:
- an ellipsis: "And the tenant?", "What about Project Eagle?", "for the landlord?", a short fragment
  with no question word ("The deposit?") — the previous question with the new part put in place of its
  matching part (a name for a name, "the X" for the last "the Y", a "for ..." phrase for its "for ...");
- a bare question word ("When?", "And what time?", "How much?"): the previous question asked again with that
  question word in place of its own ("Who will we meet at the plant?" -> "What time will we meet at the plant?";
  "Does Bash read .bashrc?" -> "When does Bash read .bashrc?");
- a pronoun without its noun: "What was its budget?", "How long does it last?", "When did she sign?" —
  the pronoun replaced by what it points to: a name the previous answer gave ("Project Falcon"), else a
  name in the previous question, else that question's first "the ..." phrase ("the tenancy").
Rules, not the model: a 135M model rewrites a question into another question about something else.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from agents.engine.prompt_budget import Message

_ELLIPSIS = re.compile(r"^\s*(?:and|but|or|also|so)?\s*(?:what|how) about\s+|^\s*(?:and|but|also)\s+|"
                       r"^\s*(?:same|the same) (?:for|with)\s+", re.I)
_QUESTION_WORD = re.compile(r"^\s*(?:what|when|where|who|whom|whose|which|how|why|is|are|was|were|do|does|did|can|"
                            r"could|will|would|has|have|had|should|tell|show|find|list|give|summari[sz]e|write)\b",
                            re.I)
_WH = r"(?:what|which|when|where|who|whom|whose|why|how)"
# "What time?", "And when?", "How much?", "Which one?": a question word and at most one more word, no verb.
_BARE_WH = re.compile(rf"^\s*(?:and|but|so|also)?\s*({_WH}(?:\s+(?!(?:is|are|was|were|do|does|did|it|that|this)\b)"
                      r"[a-z]+)?)\s*\?\s*$", re.I)
# The previous question's own question phrase ("who", "how much", "what time") and what follows it.
_LEADING_WH = re.compile(rf"^\s*(?:and|but|so|also)?\s*{_WH}(?:\s+(?:much|many|long|often|old|far|time|day|date|"
                         r"year|one|kind|sort|type))?\b\s*", re.I)
_LEADING_AUX = re.compile(r"^\s*(?:and|but|so|also)?\s*(?=(?:is|are|was|were|do|does|did|can|could|will|would|has|"
                          r"have|had|should|must)\b)", re.I)
_PREPOSITION = ("for", "of", "in", "on", "at", "by", "from", "to", "with", "about", "during", "under", "after",
                "before")
_DETERMINER = re.compile(r"\b(?:the|a|an|my|our|your|this|that)\s+", re.I)
# Pronouns that need a noun from elsewhere; "it" as in "is it allowed to ..." or "what time is it" does not.
_POSSESSIVE = re.compile(r"\b(its|their|his|her)\s+([A-Za-z][\w-]*)", re.I)
_PRONOUN = re.compile(r"\b(it|they|them|he|she|him|her)\b", re.I)
_DEMONSTRATIVE = re.compile(r"\b(that|this)\b(?=\s*(?:[?.!,]|$|\s+(?:is|was|are|were|mean|means|say|says|cost|"
                            r"costs|happen|happened|start|starts|end|ends|begin|begins|take|takes|last|lasts)\b))",
                            re.I)
_EXPLETIVE = re.compile(r"\b(?:is|was|isn't|wasn't) it\s+(?:possible|allowed|true|necessary|required|permitted|ok|"
                        r"okay|legal|likely|important|safe|worth)\b|\bit(?:'s| is| was)\s+(?:possible|allowed|true|"
                        r"necessary|required|permitted|ok|okay|legal|likely|important|safe|worth)\b|"
                        r"\b(?:time|day|date|year) is it\b", re.I)
_NAME = re.compile(r"(?<![\w'])(?:[A-Z][\w&'-]*(?:\s+(?:of\s+|de\s+|van\s+)?[A-Z][\w&'-]*)*)")
_PERSON_PRONOUNS = {"he", "she", "him", "his", "her"}
_MAX_CHAIN = 3          # follow-ups of follow-ups resolved this far back
_LABEL = re.compile(r"\s*\[[^\[\]]*\]")


@dataclass(frozen=True)
class Standalone:
    """The question to route and search, and — when it was rewritten — why."""

    query: str
    rewritten: bool = False
    reason: str = ""


def standalone(request: str, turns: Sequence[Message], _depth: int = 0) -> Standalone:
    """`request` itself when it stands on its own (or there is no turn before), else its completed form."""
    users = [i for i, t in enumerate(turns) if t["role"] == "user"]
    previous = turns[users[-1]]["content"] if users else ""
    if not previous.strip():
        return Standalone(request)
    if _depth < _MAX_CHAIN:     # "When?" after "What time?" after "Who will we meet?": the one before, completed
        previous = standalone(previous, turns[:users[-1]], _depth + 1).query
    answer = next((t["content"] for t in reversed(turns) if t["role"] == "assistant"), "")
    bare = _BARE_WH.match(request)
    asked_again = _ask_again(previous, bare.group(1)) if bare else ""
    if asked_again:
        return Standalone(asked_again, True, f"“{request}” asks about the question before: “{asked_again}”")
    fragment = _ellipsis(request)
    if fragment is not None:
        query = _complete(previous, fragment)
        return Standalone(query, True, f"“{request}” leaves out what it asks; completed from the question "
                                       f"before: “{query}”")
    dangling = _dangling(request)
    if dangling:
        referent = _referent(previous, answer, person=dangling.lower() in _PERSON_PRONOUNS)
        if referent:
            query = _replace_pronouns(re.sub(r"^\s*(?:and|but|so|also)\s+", "", request, flags=re.I), referent)
            query = query[0].upper() + query[1:]
            return Standalone(query, True, f"“{dangling}” points to {referent} from the turn before: “{query}”")
    return Standalone(request)


def _ask_again(previous: str, wh: str) -> str:
    """The previous question with `wh` as its question phrase ('' when it starts with neither one nor a verb)."""
    base = previous.strip().rstrip("?.! ")
    match = _LEADING_WH.match(base) or _LEADING_AUX.match(base)
    if match is None or match.end() >= len(base):
        return ""
    rest = base[match.end():]
    if match.re is _LEADING_AUX:
        rest = rest[0].lower() + rest[1:]
    wh = wh.strip()
    return f"{wh[0].upper()}{wh[1:].lower()} {rest}?"


def _ellipsis(request: str) -> str | None:
    """The new part of an elliptical follow-up ("the tenant" of "And the tenant?"), or None."""
    text = request.strip()
    match = _ELLIPSIS.match(text)
    if match and not _QUESTION_WORD.match(text[match.end():]):
        return text[match.end():].strip(" ?.!")
    words = text.strip(" ?.!").split()
    if text.endswith("?") and 0 < len(words) <= 4 and not _QUESTION_WORD.match(text):
        return " ".join(words)
    return None


def _complete(previous: str, fragment: str) -> str:
    """The previous question with `fragment` in place of its matching part."""
    base = previous.strip().rstrip("?.! ")
    first = fragment.split()[0].lower() if fragment.split() else ""
    if first in _PREPOSITION:
        cut = base.lower().rfind(f" {first} ")
        return f"{base[:cut]} {fragment}?" if cut >= 0 else f"{base} {fragment}?"
    if _NAME.fullmatch(fragment) and first not in ("the", "a", "an"):
        names = [m for m in _NAME.finditer(base) if m.start() > 0]
        if names:
            last = names[-1]
            return f"{base[:last.start()]}{fragment}{base[last.end():]}?"
    phrases = list(_DETERMINER.finditer(base))
    if phrases:
        start = phrases[-1].start()
        stop = _phrase_end(base, phrases[-1].end())
        if _DETERMINER.match(fragment) is not None:
            fragment = fragment[0].lower() + fragment[1:]
        elif not _NAME.fullmatch(fragment):
            fragment = f"{phrases[-1].group(0).strip()} {fragment}"
        return f"{base[:start]}{fragment}{base[stop:]}?"
    return f"{base} {fragment}?"


def _phrase_end(text: str, start: int) -> int:
    """Where a noun phrase starting at `start` ends: at the next preposition or verb-like word, or the end."""
    stop = re.compile(r"\s+(?:" + "|".join(_PREPOSITION) + r"|is|are|was|were|will|would|can|did|does|do|has|have|"
                      r"had|begin|begins|end|ends|start|starts|and|or)\b", re.I)
    match = stop.search(text, start)
    return match.start() if match else len(text)


def _dangling(request: str) -> str:
    """The first pronoun of `request` whose noun is not in the request itself ('' when none)."""
    if _EXPLETIVE.search(request):
        request = _EXPLETIVE.sub(" ", request)
    found = [m for m in (*_POSSESSIVE.finditer(request), *_PRONOUN.finditer(request),
                         *_DEMONSTRATIVE.finditer(request))]
    if not found:
        return ""
    first = min(found, key=lambda m: m.start())
    before = request[:first.start()]
    named_before = any(m.start() > 0 for m in _NAME.finditer(before)) or _DETERMINER.search(before) is not None
    return "" if named_before else first.group(1)


def _answer_line(answer: str) -> str:
    line = answer.strip().split("\n", 1)[0]
    return _LABEL.sub("", line).strip(" .\"")


def _referent(previous: str, answer: str, *, person: bool) -> str:
    """What a pronoun in the next question points to: a name the answer gave, a name in the question, or
    the question's first "the ..." phrase."""
    line = _answer_line(answer)
    if line and len(line.split()) <= 5 and _NAME.fullmatch(line) and not line.lower().startswith(
            ("your documents", "no ", "i ", "from ")):
        return line
    names = [m.group(0) for m in _NAME.finditer(previous) if m.start() > 0]
    if names:
        return names[0]
    if person:
        return ""
    phrase = _DETERMINER.search(previous)
    if phrase is None:
        return ""
    return previous[phrase.start():_phrase_end(previous, phrase.end())].strip(" ?.!")


def _replace_pronouns(request: str, referent: str) -> str:
    """'What was its budget?' -> 'What was the budget of Project Falcon?'; 'does it last' -> 'does X last'."""
    match = _POSSESSIVE.search(request)
    if match:
        stop = _phrase_end(request, match.start(2))
        noun = request[match.start(2):stop].rstrip(" ?.!")
        stop = match.start(2) + len(noun)
        return f"{request[:match.start()]}the {noun} of {referent}{request[stop:]}"
    text = request
    if text == request:
        text = _PRONOUN.sub(referent, request, count=1)
    if text == request:
        text = _DEMONSTRATIVE.sub(referent, request, count=1)
    return text
