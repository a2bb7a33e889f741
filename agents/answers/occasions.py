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
