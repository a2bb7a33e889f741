"""When and how often, as manuals and procedures say it: an occasion, not a date.

Why: "When does Bash execute PROMPT_COMMAND?" is answered by "just before printing each primary prompt",
"When should items be added to the NEWS file?" by "in each new release", "How often does Bash check the
window size?" by "after each external command". None of these holds a date or a number of days, so a rule
that wants a candidate of the question's kind refused them. English marks the difference in the question:
a "when" question in the present or with a modal ("when does / is ... executed / should / must") asks for
the recurring condition or event; one in the past or the future ("when was / did / will") asks for a point
in time, and "when is the meeting?" (a copula and a noun) for a date. Only the first kind, and "how often",
take an occasion clause as their candidate (agents/answers/support.py).
"""
from __future__ import annotations

import re

# "when does/do/should/must/can ...", and a present passive "when is/are ... <participle>" ("when is it recommended to")
_HABITUAL = re.compile(r"^\s*when\s+(?:does|do|should|must|can|may|shall|would)\b", re.I)
_PRESENT_PASSIVE = re.compile(r"^\s*when\s+(?:is|are)\b.*\b\w+(?:ed|en|wn|un|ead|ent)\b", re.I)
_OFTEN = re.compile(r"^\s*how\s+often\b", re.I)
# an event or a recurrence: "before printing each prompt", "after each external command", "whenever it
# changes", "each time the shell starts", "in each new release", "on every boot", "as soon as"
# a "when" clause inside a sentence ("Log files should be removed when the package is purged"): tried in round five
WHEN_CLAUSE = "|(?<=[a-z,] )when"
# "each value" alone is an object ("Bash executes each value"), not an occasion: "each" and "every" need a preposition
_OCCASION = re.compile(r"\b(?:before|after|until|upon|during|whenever|once|as soon as|each time|every time%s)\s+"
                       r"(?!(?:that|this|these|those|it|which)\b)[a-z]\w*|"
                       r"\b(?:in|on|at|with|for)\s+(?:each|every)\s+(?!(?:of|one|other)\b)[a-z]\w*|"
                       r"\bat (?:the )?(?:beginning|end|start) of\b|\bat boot\b|\binterval|\b(?:periodically|regularly)\b"
                       % WHEN_CLAUSE, re.I)


# "when is the release scheduled / planned / expected / due": a scheduled event, asked for its date; so is "the next X"
_SCHEDULED = re.compile(r"\b(?:scheduled|planned|expected|due|held|arranged|set|announced|next)\b", re.I)


def asks_occasion(question: str) -> bool:
    """Does the question ask for a recurring event or condition rather than a date?"""
    if _OFTEN.match(question):
        return True
    return bool(_HABITUAL.match(question) or _PRESENT_PASSIVE.match(question)) and not _SCHEDULED.search(question)


def occasions(text: str) -> list[str]:
    """The occasion phrases of `text` ("before printing each primary prompt" starts one), in text order."""
    return [m.group(0) for m in _OCCASION.finditer(text)]


_CLAUSE_STOP = re.compile(r"[,;:.!?](?:\s|$)|\s[–—-]\s|\s(?:which|because|so that|unless|if)\s")
MAX_OCCASION_WORDS = 10
_DANGLING = frozenset("and or but the a an to of in on at for with by from as that its their your is are".split())
# the conjunctions and prepositions an occasion phrase opens with ("interval" alone names none)
_OPENS = re.compile(r"(?:before|after|until|upon|during|whenever|once|as soon as|each time|every time|when|in|on|"
                    r"at|with|for)\b|(?:periodically|regularly)$", re.I)


# "when are you free for ...?": "when" before an auxiliary asks a question, it states no occasion
_ASKING = re.compile(r"when(?:ever)?\s+(?:am|are|is|was|were|do|does|did|will|would|can|could|shall|should|have|has)"
                     r"\s+(?:i|you|we|they|he|she|it)\b", re.I)


def occasion_phrases(text: str, question: str = "") -> list[str]:
    """The occasions of `text` each to the end of its clause ("after each external (non-builtin) command"), at most
    MAX_OCCASION_WORDS words, in text order; without those that restate the question ("when checkwinsize is
    enabled" for "How often ... when checkwinsize is enabled?"): those are its condition, not its answer."""
    from agents.answers.evidence import content_lemmas

    asked = content_lemmas(question)
    out: list[str] = []
    for match in _OCCASION.finditer(text):
        if not _OPENS.match(match.group(0)) or _ASKING.match(text, match.start()):
            continue
        rest = text[match.start():]
        end = _CLAUSE_STOP.search(rest)
        words = (rest[:end.start()] if end else rest).split()[:MAX_OCCASION_WORDS]
        while words and words[-1].lower() in _DANGLING:
            words.pop()
        phrase = " ".join(words)
        if phrase.count("(") != phrase.count(")"):
            phrase = phrase.split("(")[0].strip()       # a cut aside: the words before it
        own = content_lemmas(phrase)
        if len(phrase.split()) < 2 and not phrase.lower().endswith("ly") or (own and own <= asked):
            continue
        if phrase not in out and not any(phrase in o for o in out):
            out.append(phrase)
    return out


def occasion_answer(question: str, sentence: str) -> str:
    """For a present "when" or a "how often" question, the one occasion its best sentence gives ('' where it gives
    none or several): the short answer where no date or number is, instead of the quote alone."""
    if not asks_occasion(question):
        return ""
    found = occasion_phrases(sentence, question)
    return found[0] if len(found) == 1 else ""
