"""Who wrote a document, as a title page or a list of references says it: the persons named right after its title.

Why: "Bash Reference Manual, Brian Fox and Chet Ramey" (a man page's SEE ALSO) and "Debian New Maintainers' Guide
Josip Rodin and Osamu Aoki" (a title page) credit their authors with no verb. "Who wrote X" needs a passage that
credits an author (predicate.PREDICATE_STOPWORDS), so such a byline was refused: "Who wrote the Bash Reference
Manual together with Chet Ramey?". A byline is the title itself, then the names: only persons (owners.py reads a
name as two or three capitalized words led by a listed first name, ended by a listed surname or all rare in
English), not "Case Western Reserve University" between them.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from agents.answers.quotes import Window

BYLINES = True
# "who wrote / authored / edited X [together with Y]?", "who are the authors / editors of X?"
_ASKS = re.compile(r"^\s*who\s+(?:wrote|authored|edited|compiled)\s+(?:the\s+)?(?P<a>.+?)(?:\s+(?:together\s+)?with\s+"
                   r".+)?\s*\?*\s*$|^\s*who\s+(?:is|are|was|were)\s+the\s+(?:authors?|editors?|writers?)\s+of\s+"
                   r"(?:the\s+)?(?P<b>.+?)\s*\?*\s*$", re.I)
_QUOTES = "'’‘`"
REACH = 160             # a title page's subtitle, edition and date come between the title and its authors
# what may stand between a title and its authors: a subtitle, an edition, a date ("Reference Documentation for Bash
# Edition 5.2, September 2022"); a lowercase word of prose ("is described in ...") means no byline follows
_GAP_WORDS = frozenset({"by", "and", "for", "of", "the", "a", "an", "edition", "version", "revised", "written",
                        "edited", "with", "to"})


def asked_title(question: str) -> str:
    """The title a "who wrote X" question asks about, of two words or more ("Bash Reference Manual"), else ''."""
    match = _ASKS.match(question)
    title = (match.group("a") or match.group("b") or "") if match else ""
    return title if len(title.split()) >= 2 and any(w[:1].isupper() for w in title.split()) else ""


def byline_names(question: str, text: str) -> list[str]:
    """The persons `text` names right after the title the question asks about, in text order, those the question
    already names left out; [] where the text gives no byline for it."""
    from agents.answers.owners import _NAME
    from rag.entities import normalize

    title = asked_title(question) if BYLINES else ""
    if not title:
        return []
    words = [re.sub(f"[{_QUOTES}]", f"[{_QUOTES}]", re.escape(w)) for w in title.split()]
    found: list[str] = []
    title_words = {w.lower() for w in re.findall(r"\w+", title)}
    for match in re.finditer(r"\s+".join(words), text, re.I):
        after, found_end = text[match.end():match.end() + REACH], 0
        for name in _NAME.finditer(after):
            between = after[found_end:name.start()] if found else after[:name.start()]
            if any(w not in _GAP_WORDS for w in re.findall(r"\b[a-z]+\b", between)):
                break           # prose, no byline
            person = _person_in(name.group(0), title_words)
            if found and "\n" in between and (between.rsplit("\n", 1)[1].strip() or not person or
                                             not name.group(0).startswith(person)):
                break           # a line that opens with no person's name: the byline has ended
            if person and normalize(person) not in normalize(question) and person not in found:
                found.append(person)
            found_end = name.end()
            if person and not name.group(0).endswith(person):
                break           # "Chet Ramey The Gnu Readline Library": another title begins after the name
        if found:
            return found
    return found


def _person_in(run: str, title_words: set[str]) -> str:
    """The person's name a run of capitalized words begins with ("Brian Fox" of "University Brian Fox", "Osamu Aoki"
    of "Osamu Aoki Debian", where the title begins again), else ''."""
    from agents.answers.owners import RARE, _is_person
    from agents.privacy.name_list import is_first_name
    from rag.text_stats import zipf

    words = run.split()
    while words and not (is_first_name(words[0]) or zipf(words[0].lower()) < RARE):
        words = words[1:]       # "University Brian Fox": an affiliation's last word before the name
    cut = next((i for i, w in enumerate(words) if w.lower() in title_words), len(words))
    for size in range(min(cut, 3), 1, -1):      # "Chet Ramey The Gnu Readline Library": the name is the first two
        if _is_person(" ".join(words[:size])):
            return " ".join(words[:size])
    return ""


def byline_answer(question: str, windows: Sequence[Window]) -> tuple[str, Window] | None:
    """The authors a byline in one of the windows' passages credits ("Brian Fox and Chet Ramey"), with the window
    run on to show them; None where no passage has a byline for the question's title."""
    from agents.answers.quotes import showing

    for window in windows:
        if names := byline_names(question, window.passage.text):
            answer = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
            return answer, showing(window, names[0])
    return None
