"""Korean personal names in Hangul text: a common surname syllable and a two-syllable given name.

Why: a Korean request has no capitals, and its names ("김승일", "이영빈님") are not in any English list. Most
Korean full names are three syllables starting with one of a few dozen surnames; a three-syllable word that
starts so, that Korean text (wordfreq's Korean list) rarely uses, and that is not a common two-syllable word
with an ending ("모델이", "문장을") is a name. Words like "이야기" or
"정보" are common Korean and stay.
"""
from __future__ import annotations

import math
import re
from collections.abc import Iterator
from functools import lru_cache

from agents.privacy.spans import Span

_SURNAMES = set("김이박최정강조윤장임한오서신권황안송류유전홍고문양손배백허남심노하곽성차주우구민진나엄원천방공현함변염여추도소석선설마길연위표명기반왕금옥육인맹제모탁국어은편용예경봉")
_PARTICLES = ("에게서", "에게", "께서", "한테", "님", "씨", "은", "는", "이", "가", "을", "를", "의", "과", "와", "도", "께")
_HANGUL_WORD = re.compile(r"[\uac00-\ud7a3]+")
KOREAN_NAME_LIMIT = 3.5   # a three-syllable word rarer than this in Korean (zipf) is a name


@lru_cache(maxsize=1)
def _korean() -> dict[str, float]:
    """wordfreq's Korean list; empty where it is not installed (then the rule is off: without it every
    surname-initial word would look rare)."""
    from wordfreq import get_frequency_dict   # the list itself: zipf_frequency would need MeCab for Korean
    try:
        return get_frequency_dict("ko")
    except LookupError:
        return {}


def _rare(word: str) -> bool:
    freq = _korean().get(word, 0.0)
    return freq <= 0 or math.log10(freq) + 9 < KOREAN_NAME_LIMIT


def find_korean_names(text: str) -> Iterator[Span]:
    """Spans of probable Korean full names (a particle or honorific after the name is left outside)."""
    if not _HANGUL_WORD.search(text) or not _korean():
        return
    for m in _HANGUL_WORD.finditer(text):
        word = m.group()
        stems = [word] + [word[:-len(p)] for p in _PARTICLES if word.endswith(p)]
        for stem in stems:
            if len(stem) == 3 and stem[0] in _SURNAMES and _rare(stem) and _rare(stem[:2]) and _rare(stem[1:]):
                yield Span(m.start(), m.start() + 3, "PERSON", "hangul")
                break
