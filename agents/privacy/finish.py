"""Finishing a cloud answer locally without making it worse.

The cloud's reply comes back with placeholders, which are restored deterministically
(agents/privacy/pseudonymize.py). The small local model may then rewrite it with the user's
private specifics, but its rewrite is kept only when it keeps the reply's content (at least
KEEP_SHARE of the reply's content words) and invents nothing: every number and name in the
rewrite must occur in the request, the documents or the reply. Otherwise the user gets the
cloud's reply with the private values restored. Either way the answer says what came from
the cloud.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from agents.answers.evidence import content_terms
from rag.text_stats import zipf

KEEP_SHARE = 0.9
COMMON_ZIPF = 4.5     # words at least this frequent in English (wordfreq) are not names
FROM_CLOUD = "From the cloud model, which saw only a redacted sketch; your details were filled in on this computer:"
_NUMBER = re.compile(r"\d[\d,.:/-]*\d|\d")
_NAME = re.compile(r"\b[A-Z][a-z]+(?:\s+[A-Z][a-z]+)+\b")


@dataclass(frozen=True)
class FinishCheck:
    accepted: bool
    kept: float                     # share of the reply's content words the rewrite kept
    invented: tuple[str, ...]       # numbers and names found nowhere in the sources


def _norm_number(value: str) -> str:
    return re.sub(r"[,\s]", "", value).rstrip(".")


def invented_facts(text: str, sources: Sequence[str]) -> tuple[str, ...]:
    """Numbers and multi-word names in `text` that none of `sources` contains."""
    joined = " ".join(sources)
    numbers = {_norm_number(n) for n in _NUMBER.findall(joined)}
    lowered = joined.lower()
    invented = [n for n in _NUMBER.findall(text) if _norm_number(n) not in numbers]
    for name in _NAME.findall(text):
        # "Dear Northwind Traders": a common word is not a name; only unseen uncommon words count.
        unseen = [w for w in name.split() if w.lower() not in lowered and zipf(w.lower()) < COMMON_ZIPF]
        if unseen:
            invented.append(name)
    return tuple(dict.fromkeys(invented))


def check_finish(rewrite: str, reply: str, sources: Sequence[str]) -> FinishCheck:
    wanted = content_terms(reply)
    kept = len(wanted & content_terms(rewrite)) / len(wanted) if wanted else 1.0
    invented = invented_facts(rewrite, [reply, *sources])
    return FinishCheck(bool(rewrite.strip()) and kept >= KEEP_SHARE and not invented, round(kept, 3), invented)


def finished_answer(rewrite: str, reply: str, sources: Sequence[str]) -> tuple[str, FinishCheck]:
    """The text to show: the checked rewrite, else the restored reply; labelled as the cloud's."""
    check = check_finish(rewrite, reply, sources)
    body = rewrite.strip() if check.accepted else reply.strip()
    return f"{FROM_CLOUD}\n\n{body}", check
