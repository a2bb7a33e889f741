"""Yes or no, read from the sentence that answers a yes/no question: its negations against the question's.

Why: SmolLM2-135M, asked to choose "yes" or "no" after reading the quote, answered "No." to "Can Bash
functions be recursive?" over "Functions may be recursive." and "Yes." to "Should GNU programs
support 16-bit machines?" over "We don't support 16-bit machines" - and changed its choice between
runs. In English a supporting sentence answers a yes/no question with "no" when it negates what the
question asks ("There is no maximum limit", "Aliases are not expanded when the shell is not
interactive" for "Are aliases expanded when the shell is not interactive?"): it holds more negations
than the question does. The sentence is the one the support check chose, so only its polarity is read.
"""
from __future__ import annotations

import re

_NEGATION = re.compile(r"\b(?:not|no|never|nor|none|neither|nobody|nothing|cannot|nowhere)\b(?!-)|n[’']t\b", re.I)
# an aside in parentheses ("it is OK (but not required) to use ...") does not change what the sentence states
_ASIDE = re.compile(r"\([^()]*\)")


def negations(text: str) -> int:
    """How many negations `text` holds outside parentheses ("not", "no", "don't"; "non-login" names a thing)."""
    return len(_NEGATION.findall(_ASIDE.sub(" ", text)))


def yes_or_no(question: str, sentence: str) -> str:
    """'no' when the sentence negates more than the question does, else 'yes'."""
    return "no" if negations(sentence) > negations(question) else "yes"
