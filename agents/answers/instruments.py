"""The means a text names as the subject of "is used to" for a "how do I VERB ...?" question.

Why: manuals say what a thing is for with the thing as the subject of a passive purpose clause: "The FUNCNEST variable
may be used to limit the depth of the function call stack", "The syntax `{varid}>&-`, for example `{myfd}>&-`, may
be used to close a file descriptor opened in this fashion". Asked "How do I close a file descriptor ...?", the
readings of a prescribed action found no obligation or imperative and took the next sentence's "must previously be
set". English puts the means first here, so the answer is that subject - its code-marked name where it has one -
when the verb after "used to" is the question's own.
"""
from __future__ import annotations

import re

from agents.answers.evidence import _WORD, lemma
from agents.answers.spans import _CODE_MARKED

_GOAL = re.compile(r"^\s*(?:how\s+(?:do|can|could|should|must|shall|would)\s+(?:i|we|you|one)\s+|"
                   r"what\s+(?:must|should|do|can)\s+(?:i|we|you|one)\s+(?:have\s+to\s+|need\s+to\s+)?do\s+to\s+)"
                   r"(?:(?:first|then|just|also)\s+)?([a-z][\w-]*)", re.I)
_USED_TO = re.compile(r"\s+(?:is|are|(?:can|may|could|should|might|must)\s+(?:also\s+)?be)\s+used\s+to\s+"
                      r"([a-z][\w-]*)", re.I)
_ASIDE = re.compile(r"\s*\([^()]*\)")
_LEAD = re.compile(r"^(?:.*?[,;:]\s+)?(?:the|a|an|this|these|each)\s+", re.I)
MAX_SUBJECT_WORDS = 6


def goal_verb(question: str) -> str:
    """The lemma of what the asker wants to do: "How do I close ..." -> "close"; '' for other questions."""
    match = _GOAL.match(question)
    return lemma(match.group(1).lower()) if match else ""


def instrument(question: str, sentence: str) -> str:
    """The subject `sentence` says "is used to" do the question's own verb, or ''."""
    verb = goal_verb(question)
    if not verb:
        return ""
    for match in _USED_TO.finditer(sentence):
        if lemma(match.group(1).lower()) != verb:
            continue
        subject = _ASIDE.sub("", sentence[:match.start()]).strip()     # "fc (see SHELL BUILTIN COMMANDS below)"
        codes = [c.strip() for c in _CODE_MARKED.findall(subject) if c.strip()]
        if codes:       # the code-marked name; of several, the one that shares a word with the question
            asked = {w.lower() for w in _WORD.findall(question)}
            return next((c for c in codes if {w.lower() for w in _WORD.findall(c)} & asked), codes[0])
        subject = _LEAD.sub("", subject, count=1)
        return subject if 0 < len(subject.split()) <= MAX_SUBJECT_WORDS else ""
    return ""
