"""Did a table query honour every condition the question names? The words it could not map, if any.

Why: a computed figure carries the authority of an exact computation, so a dropped condition is worse
than no answer ("how many rows ... in region X" answered with the count of all 240 rows). A question's
conditions are the phrases after a condition word ("in region South", "for Travel", "with status open",
"above 500", "not ..."); each of their content words must be explained by the filled query — a column it
uses, its filter value, the group column, the sheet or file name — or by the vocabulary of asking about
a table ("rows", "total", "sheet"). What is left is a condition the query ignores: the question then gets
an explanation and the table's columns, not a number. The words before the first condition word name
what is counted ("how many invoices"), not a condition, so they are not checked.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from rag.text_stats import STOPWORDS

# A word that opens a condition: a place or set ("in", "for", "from"), a comparison, a negation.
_MARKER = re.compile(r"\b(?:in|for|from|where|with|without|whose|which|that|who|on|at|during|since|before|after|"
                     r"above|over|under|below|between|than|not|except|excluding|only|by|per|each|within)\b", re.I)
_WORD = re.compile(r"[^\W_]+", re.UNICODE)
# How one asks about a table: these words never carry a condition of their own.
TABLE_WORDS = frozenset("""
row rows entry entries record records line lines item items table tables sheet sheets spreadsheet spreadsheets
workbook csv xlsx xlsm tsv file column columns value values data total totals sum average mean avg count number
numbers amount many much maximum minimum max min highest lowest largest smallest biggest greatest latest earliest
cheapest least expensive most altogether add up list show all there listed contain contains containing has have
each every per group grouped category categories
""".split())


def column_words(text: str) -> list[str]:
    """The words of a column or value name: "amount_eur" -> amount, eur; "unitPrice" -> unit, price."""
    return [w.lower() for w in _WORD.findall(re.sub(r"(?<=[a-z])(?=[A-Z])", " ", text).replace("_", " "))]


def _explained(word: str, known: set[str], named: set[str]) -> bool:
    """Known as written, or a word the query names (a column, value, sheet or file word of 3+ letters) with a short
    ending: "euros" for a column "amount_eur", "pumps" for the value "Pump"."""
    word = word.lower()
    return word in known or any(len(k) >= 3 and word.startswith(k) and len(word) - len(k) <= 3 for k in named)


def condition_phrases(request: str) -> list[str]:
    """The request's phrases that state a condition: from each condition word to the next one."""
    cuts = [m.start() for m in _MARKER.finditer(request)]
    return [request[a:b].strip(" ?.!,;") for a, b in zip(cuts, [*cuts[1:], len(request)])]


def explained_words(call: Mapping[str, Any], file_name: str, sheet_names: Iterable[str] = ()) -> set[str]:
    """Every word the filled query accounts for."""
    used = [call.get(k, "") for k in ("column", "filter_column", "filter_value", "group_by", "sheet", "and_column",
                                     "and_value")]
    words = set(TABLE_WORDS) | set(STOPWORDS)
    for text in [*used, file_name, *sheet_names]:
        words.update(column_words(str(text)))
    return words


def unmapped(request: str, call: Mapping[str, Any], file_name: str, sheet_names: Sequence[str] = ()) -> str:
    """The part of the request's conditions the query does not honour ('' when every one is mapped)."""
    known = explained_words(call, file_name, sheet_names)
    named = known - TABLE_WORDS - STOPWORDS
    missing = []
    for phrase in condition_phrases(request):
        left = [w for w in _WORD.findall(phrase) if not _explained(w, known, named) and not _MARKER.fullmatch(w)]
        if left:
            missing.append(phrase)
    return "; ".join(missing)
