"""Find the sentences of the retrieved passages that answer a question, and how well they cover it.

Why: on LiHua-World the top passages hold the answer far more often than the small
model states it (an oracle picking the best sentence of the top 3 passages is right
69% of the time). A window (a sentence and the one after it: in a chat or a Q&A the
answer often follows the line that matches the question) is scored by the question's
content words it contains, each weighted by how rare the word is in English (a name
or "tenancy" says more than "time"), with a small preference for higher-ranked
passages. The window's *coverage* (weighted share of the question's words it holds)
decides whether the documents answer the question at all, and so does its *unexplained*
weight: the summed weight of the question's words the window lacks. A question about
something the documents never say ("what flavour of bread did X enjoy at the bakery's
event") still matches the passage about the event (names, place), but leaves its own
distinctive words ("flavour", "enjoy") unexplained; a share hides that in a long question,
an absolute amount does not.
The ranking also counts each word by how few of the passages found hold it (LOCAL): a word every
passage holds ("HISTCONTROL" over a manual's list of variables) cannot tell their sentences apart, and
the definition line that repeats the common words outranked the sentence holding the rarer asked value
("ignoreboth"). Coverage and unexplained weight stay on the English weights alone (the refusal rules'
thresholds were chosen on them).
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from agents.answers.evidence import content_lemmas, lemma, split_sentences
from rag.entities import split_camel
from rag.types import Passage

RANK_PENALTY = 0.04      # score lost per passage rank (chosen on the LiHua dev split)
WINDOW_AFTER = 1         # sentences after the matching one that belong to its quote
MAX_QUOTE_CHARS = 320
MAX_PASSAGES = 6
# Share of a window's score that weighs each question word by how few of the passages found hold it (_local_weights).
# Dev splits, answer line (0 = off): real documents 59/93 at 0, 61 at 0.15 and 0.2, 63 at 0.25 and 0.35, 62 at 0.5
# (wrongly refused 6/93 up to 0.35, 9/93 at 0.5); LiHua-World dev 57/120 at 0, 54, 57, 57, 56, 55.
LOCAL = 0.25
# A passage's section heading counts toward the question words a window covers (coverage, unexplained weight), not
# toward its score: a user names the topic the way the heading does ("a simple build system") while the answering
# sentence only says what to run. Dev, answerable refused before -> after (absent refused unchanged on every corpus):
# dev2 13 -> 11 of 190, gate2 8 -> 7 of 35, realdocs 3 -> 3, gate 3 -> 3, LiHua 31 -> 31 (chats have no headings).
HEADING_COVERS = True


@dataclass(frozen=True)
class Window:
    passage: Passage
    rank: int
    sentence: str          # the sentence that matches the question best
    quote: str             # that sentence and the next, cut to MAX_QUOTE_CHARS
    score: float
    coverage: float        # weighted share of the question's content words found in the quote
    attributes: float      # share of the question's lowercase content words (what is asked about, not who) in the quote
    unexplained: float = 0.0   # summed weight of the question's content words the quote lacks

    @property
    def label(self) -> str:
        return self.passage.label


# A shell or language operator the question names ("What gets stripped when I write <<- instead of <<?", "What is |&
# short for?") is its most telling term, but held no word: the windows' coverage left it out and the sentence that
# defines the operator covered too little to answer. It counts as a term of the rarest weight, matched whole.
OPERATOR_TERMS = True
_OPERATOR = re.compile(r"(?<![^\s`\"'(])[<>|&!=]{2,3}-?(?=[\s`\"')?,.;:]|$)")
OPERATOR_WEIGHT = 6.0


def operators(text: str) -> set[str]:
    """The operators written in `text` as tokens of their own ("<<-", "|&", "&&")."""
    return set(_OPERATOR.findall(text)) if OPERATOR_TERMS else set()


def term_weights(question: str) -> dict[str, float]:
    """Content term -> weight: rarer English words weigh more (wordfreq Zipf scale, 1..~5)."""
    from agents.answers.evidence import _WORD, STOPWORDS
    from rag.text_stats import zipf as _zipf

    weights: dict[str, float] = dict.fromkeys(operators(question), OPERATOR_WEIGHT)
    for word in _WORD.findall(split_camel(question)):
        if word.lower() in STOPWORDS or len(word) < 2:
            continue
        term = lemma(word)
        weights[term] = max(weights.get(term, 0.0), max(1.0, 7.0 - _zipf(word.lower())))
    return weights


def attribute_terms(question: str) -> set[str]:
    """The question's lowercase content words: the thing asked about ("parking fee", "notice period"),
    as opposed to the names it is asked about."""
    from agents.answers.evidence import _WORD, STOPWORDS

    return {lemma(w) for w in _WORD.findall(question) if w.islower() and w not in STOPWORDS and len(w) > 1}


def _terms(text: str, with_operators: bool = False) -> set[str]:
    """The text's content lemmas (a chat handle "LiHua" is the name "Li Hua"), and its operators where the question
    names one (looking for them in every sentence of every question cost a quarter of the windows' time)."""
    return content_lemmas(split_camel(text)) | (operators(text) if with_operators else set())


def _names_operators(weights: dict[str, float]) -> bool:
    return OPERATOR_TERMS and any(_OPERATOR.fullmatch(term) for term in weights)


def _weight(weights: dict[str, float], terms: set[str]) -> float:
    return sum(w for t, w in weights.items() if t in terms)


def _covered(weights: dict[str, float], text: str) -> float:
    return _weight(weights, _terms(text, _names_operators(weights)))


def windows(question: str, passages: Sequence[Passage], *, limit: int = MAX_PASSAGES) -> list[Window]:
    """Every sentence window of the top passages, best first."""
    weights = term_weights(question)
    total = sum(weights.values()) or 1.0
    ops = _names_operators(weights)
    lower = attribute_terms(question)
    local = _local_weights(weights, passages[:limit])
    local_total = sum(local.values()) or 1.0
    out: list[Window] = []
    for rank, passage in enumerate(passages[:limit]):
        sentences = split_sentences(passage.text)
        heading = _terms(passage.section, ops) if HEADING_COVERS and passage.section else set()
        for i, sentence in enumerate(sentences):
            quote = " ".join(sentences[i:i + 1 + WINDOW_AFTER])
            if len(quote) > MAX_QUOTE_CHARS:
                quote = quote[:MAX_QUOTE_CHARS].rsplit(" ", 1)[0] + " …"
            own, held = _terms(sentence, ops), _terms(quote, ops)      # each text lemmatized once per window
            near = _weight(weights, held | heading)
            score = (1 - LOCAL) * (_matched(weights, own, held) / total - RANK_PENALTY * rank) + \
                LOCAL * _matched(local, own, held) / local_total
            shared = len(lower & held) / len(lower) if lower else 1.0
            out.append(Window(passage, rank, sentence, quote, score, near / total, shared, total - near))
    out.sort(key=lambda w: w.score, reverse=True)
    return out


def uncut(window: Window, rest: str = "") -> str:
    """The window's sentence and the next as its passage has them: the shown quote is cut at MAX_QUOTE_CHARS, and
    a phrase the cut falls in ("you should submit a bug against …") loses its end, often the part that answers.
    `rest`: the words of the document that end the passage's last sentence (the passage ends inside it)."""
    sentences = split_sentences(window.passage.text)
    if window.sentence not in sentences:
        return window.quote
    i = sentences.index(window.sentence)
    tail = rest if rest and i + 1 + WINDOW_AFTER >= len(sentences) else ""
    return " ".join(sentences[i:i + 1 + WINDOW_AFTER]) + tail


MAX_REST_CHARS = 300
_SENTENCE_END = re.compile(r"[.!?](?:[\"'”’)\]]*)(?=\s|$)|\n\s*\n")


def sentence_rest(document: str, passage: str) -> str:
    """The words of `document` that end the sentence `passage` stops inside ("... you should instead submit a bug"
    + " against wnpp and title it RFA: ..."): a chunk boundary can fall mid-sentence. '' where the passage ends its
    sentence or is not found."""
    tail = passage.rstrip()
    if not tail or tail[-1] in ".!?:\"'”’)]" or len(tail) < 40:
        return ""
    at = document.find(tail[-60:])
    if at < 0:
        return ""
    after = document[at + 60:at + 60 + MAX_REST_CHARS]
    end = _SENTENCE_END.search(after)
    if not end:
        return ""
    return (" " if after[:1].isspace() else "") + " ".join(after[:end.end()].split())


def lines_after(document: str, passage: str, count: int = 3) -> str:
    """The text of `document` right after `passage`, to the end of the `count`-th line after it: a chunk may end
    on the sentence that announces a line ("put the following line in your `sources.list`"), the line in the next
    chunk. '' where the passage is not found."""
    tail = passage.rstrip()[-60:]
    at = document.find(tail) if len(tail) >= 20 else -1
    if at < 0:
        return ""
    return "\n".join(document[at + len(tail):at + len(tail) + MAX_REST_CHARS].split("\n")[:count + 1])


def showing(window: Window, span: str, rest: str = "") -> Window:
    """The window, its quote run on to the end of the sentence that holds `span` where the cut quote lacks it: the
    answer is shown in its quote."""
    if not span or span in window.quote:
        return window
    whole = uncut(window, rest)
    at = whole.find(span)
    if at < 0:          # a sentence elsewhere in the passage: it and the next are the quote
        sentences = split_sentences(window.passage.text)
        i = next((n for n, s in enumerate(sentences) if span in s), -1)
        if i < 0:
            return window
        quote = " ".join(sentences[i:i + 1 + WINDOW_AFTER])
        return replace(window, sentence=sentences[i], quote=quote if len(quote) <= MAX_QUOTE_CHARS else sentences[i])
    ends = [i + len(s) for s in split_sentences(whole) if (i := whole.find(s)) >= 0 and i + len(s) >= at + len(span)]
    return replace(window, quote=whole[:min(ends)] if ends else whole)


def _matched(weights: dict[str, float], sentence: set[str], quote: set[str]) -> float:
    """The sentence's question weight, and half of what the line after it adds (both as lemma sets)."""
    own = _weight(weights, sentence)
    return own + 0.5 * (_weight(weights, quote) - own)


def _local_weights(weights: dict[str, float], passages: Sequence[Passage]) -> dict[str, float]:
    """Each weight times the share of the passages found that lack the word: a word every passage holds
    ("Bash" in a Bash manual) cannot tell their sentences apart."""
    held = [_terms(p.text, _names_operators(weights)) for p in passages]
    n = len(held) or 1
    return {t: w * (1 - sum(t in h for h in held) / n) for t, w in weights.items()}


def coverage_in_passage(question: str, passage: Passage) -> float:
    """Weighted share of the question's content words anywhere in the passage."""
    weights = term_weights(question)
    return _covered(weights, passage.text) / (sum(weights.values()) or 1.0)

