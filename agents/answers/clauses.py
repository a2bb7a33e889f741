"""A short answer for questions whose answer is a phrase, not a named thing, and the page furniture of
printed manuals that is never an answer.

Why: "What does the FUNCNEST variable control?", "What does pushd do with no arguments?", "What is
preferred over aliases?", "What should a program do when malloc fails?" ask for what the text says
*about* the question's subject - a predicate or a subject phrase, no date, name or command. The
answer line was then the whole quote ("The documents say: ..."). In English the answer is the part of
the best sentence the question does not already say: "With no arguments, pushd **exchanges the top
two elements of the directory stack**"; "For almost every purpose, **shell functions** are preferred
over aliases". So the answer is the longest run of the sentence's words, inside one clause, none of
which the question holds - verbatim from the document, so nothing is invented.

Printed manuals (Texinfo, DocBook PDFs) interleave their text with running heads ("Chapter 4: Program
Behavior for All Programs 9") and cross-references ("(see Section 4.3.1 [The Set Builtin], page 67)");
their page numbers and section numbers were chosen as "how many" answers. `without_furniture` removes
them before any span is looked for.
"""
from __future__ import annotations

import re

from agents.answers.evidence import STOPWORDS, content_lemmas, lemma
from agents.answers.polarity import negations

# "(see Section 4.3.1 [The Set Builtin], page 67)", "see Section 6.8 [Change Logs], page 48", "(see Chapter 5)"
_CROSS_REF = re.compile(r"\(?\b(?:see|See|cf\.)\s+(?:also\s+)?(?:Section|Chapter|Appendix|section|chapter)\s+"
                        r"[\dA-Z][\d.]*(?:\s*\[[^\]]{0,80}\])?(?:,?\s*page\s+\d+)?\)?")
# a running head: "Chapter 4: Program Behavior for All Programs 9" (the chapter's title in capitalized words and
# small function words, then the page number)
_RUNNING_HEAD = re.compile(r"\bChapter\s+\d+:\s+(?:(?:[A-Z][\w'’-]*|of|and|for|the|in|to|a|an|with|on|by)\s+)+\d+\b")
_CLAUSE_BREAK = re.compile(r"[,;:()\[\]“”\"]|\s[–—-]\s|\.\s")
_TOKEN = re.compile(r"\S+")
MAX_WORDS = 14
_ASKS_WHAT = re.compile(r"^\s*(?:and\s+)?(?:what|which)\b", re.I)


# an index's or table of contents' dot leader and page number: "non-ASCII characters . . . . . . 43"
_LEADER = re.compile(r"(?:\s?\.){4,}\s*\d+\b")


def without_furniture(text: str) -> str:
    """The text without running heads, cross-references and dot leaders with their page numbers (replaced by
    one space each)."""
    return _LEADER.sub(" ", _RUNNING_HEAD.sub(" ", _CROSS_REF.sub(" ", text)))


def _bare(token: str) -> str:
    return token.strip(".,;:!?()[]{}\"'‘’“”`").lower()


# "What did Tom Becker book for the dinner?": the question's own verb ("book") after its subject
_VERB_QUESTION = re.compile(r"^\s*what\s+(?:do|does|did|should|must|can|could|will|would|shall)\s+(.+?)\s+([a-z]+)"
                            r"(?:\s+(?:with|for|at|in|on|to|when|if|about|by|from|after|before|during)\b[^?]*)?\?*\s*$",
                            re.I)


def question_verb(question: str) -> str:
    """The lemma of the main verb of a "what did X VERB ..." question ('' for other shapes or a light verb)."""
    match = _VERB_QUESTION.match(question)
    verb = lemma(match.group(2).lower()) if match else ""
    return "" if verb in STOPWORDS or verb == "do" else verb


def answering_sentence(question: str, sentence: str, quote: str) -> str:
    """The sentence of the quote that holds the question's own verb ("Tom Becker booked the restaurant" for
    "What did Tom Becker book ...?"), else the window's best sentence."""
    verb = question_verb(question)
    if verb and verb not in content_lemmas(sentence):
        from agents.answers.evidence import split_sentences

        return next((s for s in split_sentences(quote) if verb in content_lemmas(s)), sentence)
    return sentence


def answer_clause(question: str, sentence: str, quote: str = "") -> str:
    """The longest run of words of the answering sentence (`answering_sentence`) inside one clause that holds
    no content word of the question, trimmed of function words at both ends and cut at MAX_WORDS; '' when no
    run has a content word."""
    if not _ASKS_WHAT.match(question):
        return ""           # "Explain ...", "Summarize ...": a request, not a question a phrase answers
    sentence = answering_sentence(question, sentence, quote or sentence)
    asked = content_lemmas(question) | {_bare(w) for w in question.split() if _bare(w) not in STOPWORDS}
    best: list[str] = []
    for clause in _CLAUSE_BREAK.split(without_furniture(sentence)):
        run: list[str] = []
        for token in _TOKEN.findall(clause) + [""]:
            word = _bare(token)
            if token and (word in STOPWORDS or (word not in asked and lemma(word) not in asked)) and not set(word) <= set("."):
                run.append(token)
                continue
            candidate = _trim(run)
            if _weight(candidate) > _weight(best):
                best = candidate
            run = []
    return " ".join(best[:MAX_WORDS]).strip(".,;:")


def _trim(words: list[str]) -> list[str]:
    """A run without function words at its ends ("are", "the", "to"); a leading negation stays ("not allowed")."""
    start, end = 0, len(words)
    while start < end and _bare(words[start]) in STOPWORDS and not negations(words[start]):
        start += 1
    while end > start and _bare(words[end - 1]) in STOPWORDS:
        end -= 1
    return words[start:end]


def _weight(words: list[str]) -> int:
    """Content words of a run (a run of page numbers or dots weighs nothing)."""
    return sum(1 for w in words if _bare(w) not in STOPWORDS and any(c.isalpha() for c in w))
