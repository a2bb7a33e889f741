"""Yes or no, read from the sentence that answers a yes/no question: its negations against the question's.

Why: SmolLM2-135M, asked to choose "yes" or "no" after reading the quote, answered "No." to "Can Bash
functions be recursive?" over "Functions may be recursive." and "Yes." to "Should GNU programs
support 16-bit machines?" over "We don't support 16-bit machines" - and changed its choice between
runs. In English a supporting sentence answers a yes/no question with "no" when its main clauses
negate what the question asks ("There is no maximum limit"; "Aliases are not expanded when ..." for
"Are aliases expanded when ...?"): they hold more negations than the question's own main clauses.
A negation inside a condition or time clause ("as long as you don't damage the walls", "when a shell
that is not a login shell starts"), an aside in parentheses ("OK (but not required)"), or a clause
that holds none of the question's words ("Not really, just ...") does not answer the question.
"""
from __future__ import annotations

import re

from agents.answers.evidence import content_lemmas

# ... and the words that say "not possible / not allowed" in one ("The following are disabled in restricted mode:
# changing directories with cd" answers "Can a restricted user change directory?" with no)
_NEGATION = re.compile(r"\b(?:not|no|never|nor|none|neither|nobody|nothing|cannot|nowhere|disabled|forbidden|"
                       r"prohibited|disallowed|unable|impossible)\b(?!-)|n[’']t\b", re.I)
_ASIDE = re.compile(r"\([^()]*\)")
_SUBORDINATE = r"(?:if|unless|when|whenever|while|as long as|provided|although|though|because|since|until|" \
               r"before|after|once|whether)"
_CLAUSES = re.compile(rf"[,;:!?]|\.\s|(?=\b{_SUBORDINATE}\b)", re.I)
_LEADS = re.compile(rf"^\s*(?:and\s+|but\s+)?{_SUBORDINATE}\b", re.I)


def negations(text: str) -> int:
    """How many negations `text` holds outside parentheses ("not", "no", "don't"; "non-login" names a thing)."""
    return len(_NEGATION.findall(_ASIDE.sub(" ", text)))


def main_clauses(text: str) -> list[str]:
    """The clauses of `text` that are no condition or time clause and no aside."""
    return [c for c in _CLAUSES.split(_ASIDE.sub(" ", text)) if c.strip() and not _LEADS.match(c)]


# Round sixteen: "Should the link be absolute?" over "the link should be relative": the text says the opposite word,
# a "no" with no negation in it (dev2). Pairs of opposites of technical and administrative prose (as lemmas), both ways.
ANTONYMS = True
_OPPOSITES = (("absolute", "relative"), ("require", "optional"), ("mandatory", "optional"), ("allow", "forbid"),
              ("permit", "forbid"), ("enable", "disable"), ("public", "private"), ("static", "dynamic"),
              ("local", "remote"), ("synchronous", "asynchronous"), ("uppercase", "lowercase"), ("true", "false"),
              ("internal", "external"), ("visible", "hide"), ("include", "exclude"), ("increase", "decrease"))
_OPPOSITE: dict[str, set[str]] = {}
for _one, _other in _OPPOSITES:
    _OPPOSITE.setdefault(_one, set()).add(_other)
    _OPPOSITE.setdefault(_other, set()).add(_one)


def opposites(asked: set[str], clause: set[str]) -> int:
    """How many of the question's words the clause answers with their opposite (and never with the word itself)."""
    return sum(1 for word in asked if ANTONYMS and _OPPOSITE.get(word, set()) & clause and word not in clause)


def yes_or_no(question: str, sentence: str) -> str:
    """'no' when the sentence's main clauses about the question's words negate more than the question's
    main clauses do (a negation, or the opposite of a word the question asks with), else 'yes'."""
    asked = content_lemmas(question)
    clauses = main_clauses(sentence)
    about = [c for c in clauses if content_lemmas(c) & asked] or clauses
    said = sum(negations(c) + opposites(asked, content_lemmas(c)) for c in about)
    return "no" if said > sum(negations(c) for c in main_clauses(question)) else "yes"
