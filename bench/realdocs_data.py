"""The questions of bench/realdocs.py and where their answers are (bench/realdocs_questions.json).

Every question was written by reading the documents (never from Enclave's output). A record:
  id, doc (bench/realdocs_docs.py), kind (who, which, what, how many, how long, how much, when,
  where, yes/no, what must I do), question, absent (true: no indexed document answers it);
  for answerable questions: gold (acceptable short spans), file, page (PDF) or section (HTML,
  text), evidence (words of the source that state the answer; the gold itself when absent), and
  also: the same text in another format ({file, page|section}) where the document has two.
`locate` finds a question's evidence in a document's extracted text; `check` verifies them all.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

QUESTIONS_FILE = Path(__file__).with_name("realdocs_questions.json")
KINDS = ("who", "which", "what", "how many", "how long", "how much", "how often", "how", "when", "where", "yes/no",
         "what must I do")
_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "\u00ad": None, "\xa0": " ",
                         "−": "-", "–": "-", "—": "-"})


@dataclass(frozen=True)
class Place:
    file: str
    page: int | None = None
    section: str | None = None


@dataclass(frozen=True)
class Question:
    qid: str
    doc: str
    kind: str
    text: str
    absent: bool
    gold: tuple[str, ...] = ()
    places: tuple[Place, ...] = ()        # the named page/section first, then the same text in another format
    evidence: str = ""
    extra: dict = field(default_factory=dict, compare=False)


def load(path: Path = QUESTIONS_FILE) -> list[Question]:
    out = []
    for row in json.loads(path.read_text(encoding="utf-8")):
        places = ()
        if not row.get("absent"):
            places = (Place(row["file"], row.get("page"), row.get("section")),) + tuple(
                Place(p["file"], p.get("page"), p.get("section")) for p in row.get("also", ()))
        out.append(Question(row["id"], row["doc"], row["kind"], row["question"], bool(row.get("absent")),
                            tuple(row.get("gold", ())), places, row.get("evidence") or (row.get("gold") or [""])[0]))
    return out


def questions(split: str, corpus=None) -> list[Question]:
    """The split's questions of a corpus (bench/realdocs_docs.Corpus; default the four Debian packages) in the
    file's order (answerable and absent ones mixed as written)."""
    from bench.realdocs_docs import REALDOCS

    corpus = corpus or REALDOCS
    return [q for q in load(corpus.questions_file) if q.doc in corpus.splits[split]]


def normalized(text: str) -> tuple[str, list[int]]:
    """Text compared without case, whitespace, backticks, curly quotes or line-end hyphens; with each kept
    character's offset in the original (so a match maps back to a place)."""
    chars: list[str] = []
    offsets: list[int] = []
    source = text.translate(_QUOTES)
    skip = {m.start() for m in re.finditer(r"-(?=[ \t]*\n)", source)}
    for i, ch in enumerate(source):
        if ch.isspace() or ch == "`" or i in skip:      # backticks: inline code marks (rag/formats/text.py)
            continue
        chars.append(ch.lower())
        offsets.append(i)
    return "".join(chars), offsets


def locate(text: str, phrase: str) -> tuple[int, int] | None:
    """(start, end) of `phrase` in `text` compared as `normalized` does; None when it is not there."""
    haystack, offsets = normalized(text)
    needle, _ = normalized(phrase)
    at = haystack.find(needle) if needle else -1
    if at < 0:
        return None
    return offsets[at], offsets[at + len(needle) - 1] + 1
