"""The answer to "What HEAD ...?" written as the text's own noun phrase with that head.

Why: "What infrastructure is used most of the time for program messages?" over "For program messages,
the gettext infrastructure is used most of the time"; "What format must user mailbox files use?" over
"User mailbox files ... must be stored in the standard UNIX mailbox format". The question's head noun
("infrastructure", "format") names no shape of span (no command, file or address: agents/answers/spans.py),
so no span finder knew what to look for, and the answer line was a name of the same passage ("GNOME
Translation Project") or a run of new words. In English the answer to a "what HEAD" question is the
modifier of that head where the text writes it: a determiner, the new words, the head. So: the one
noun phrase "the/a ... HEAD" of the best sentence whose modifiers say something the question does not.
"""
from __future__ import annotations

import re

from agents.answers.evidence import STOPWORDS, content_lemmas, lemma, split_sentences

# words between the determiner and the head ("the standard UNIX mailbox format"). The rule, measured after the
# continuation fix: realdocs dev 72 -> 72/108, dev2 109 -> 111/190 (102 -> 104/176 on the old set), LiHua dev
# 58 -> 58/120 (one answer reworded, still right); refusals unchanged
MAX_MODIFIERS = 3
# the head is the last noun of the compound before the verb: "What key length is preferred" asks for a length
_WHAT_HEAD = re.compile(r"^\s*(?:what|which)\s+(?:[a-z][a-z-]*\s+){0,2}?([a-z][a-z-]+)\s+(?:is|are|was|were|do|does|"
                        r"did|should|must|can|could|will|would|shall|may|has|have|had)\b", re.I)
# "a bug report whose severity must be set to wishlist": a relative clause, no modifier of the head
_RELATIVE = frozenset("whose which who whom that where when why how".split())
_NOT_A_HEAD = frozenset("is are was were do does did can could will would should must shall may might has have had "
                        "kind sort type".split())


def head_phrase_in(question: str, sentence: str, quote: str) -> str:
    """`head_phrase` in the best sentence, else in the other sentences of its quote, in text order ("The
    archiver speaks several languages." matched "the archiver's messages" best; the next sentence answers)."""
    for text in [sentence] + [s for s in split_sentences(quote) if s != sentence]:
        if found := head_phrase(question, text):
            return found
    return ""


def head_phrase(question: str, sentence: str) -> str:
    """The modifiers and head of the one noun phrase of `sentence` that ends on the head noun of a "what HEAD"
    question and whose modifiers hold a content word the question lacks ("gettext infrastructure"); '' where
    the question has no such head or the sentence no such phrase, or several."""
    match = _WHAT_HEAD.match(question)
    head = match.group(1).lower() if match else ""
    if not head or head in _NOT_A_HEAD or head in STOPWORDS:
        return ""
    asked = content_lemmas(question)
    pattern = re.compile(r"\b(?:the|a|an)\s+((?:[^\s,;:()\[\]]+\s+){1,%d}?)(%s(?:e?s)?)\b"
                         % (MAX_MODIFIERS, re.escape(head.rstrip("s"))), re.I)
    found: list[str] = []
    for phrase in pattern.finditer(sentence):
        words = phrase.group(1).split()
        if lemma(phrase.group(2).lower()) != lemma(head):
            continue
        new = [w for w in words if w.lower().strip("“”\"'‘’`") not in STOPWORDS and
               lemma(w.lower().strip("“”\"'‘’`")) not in asked and any(c.isalpha() for c in w)]
        if new and not any(w.lower() in STOPWORDS or w.lower() in _RELATIVE for w in words):
            found.append(f"{phrase.group(1)}{phrase.group(2)}".strip())
    return found[0] if len(set(found)) == 1 else ""
