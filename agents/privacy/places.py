"""Place names from ISO 3166 (pycountry, offline): countries, their subdivisions, nationalities.

Why: people write "i live in florida" or "campaigns for india and singapore" without
capitals, so the proper-noun heuristics miss them; a location narrows down who a
person is. Subdivision names that are everyday words ("Central", "North") are left
out, and so are nationality words that are also language names ("Chinese", "French"),
since "translate into French" must still reach the cloud intact.
"""
from __future__ import annotations

from functools import lru_cache

from agents.privacy.names import KnownTerms

# Nationality adjectives that are not (mainly) the name of a language.
_DEMONYMS = ("american", "british", "indian", "canadian", "australian", "nigerian", "pakistani", "mexican",
             "brazilian", "egyptian", "kenyan", "ghanaian", "african", "european", "asian", "filipino", "iranian",
             "iraqi", "syrian", "afghan", "turkish", "ukrainian", "polish", "irish", "scottish", "welsh",
             "canadian", "singaporean", "malaysian", "indonesian", "vietnamese", "thai", "bangladeshi",
             "sri lankan", "nepali", "saudi", "emirati", "israeli", "palestinian", "moroccan", "algerian",
             "ethiopian", "somali", "sudanese", "colombian", "venezuelan", "peruvian", "chilean", "argentinian",
             "argentine", "cuban", "jamaican", "haitian", "new zealander", "kiwi", "texan", "californian")


# Subdivision names that are everyday English words (checked against wordfreq's most frequent ones).
_EVERYDAY = {"bar", "bay", "central", "centre", "coast", "eastern", "western", "northern", "southern", "lot", "male",
             "mary", "most", "paul", "pool", "reading", "rivers", "van", "capital", "islands", "island", "lakes",
             "upper", "lower", "interior", "littoral", "maritime", "plateau", "savanes", "special"}


@lru_cache(maxsize=1)
def place_terms() -> KnownTerms:
    """Built once per process (about 5,000 names)."""
    import pycountry

    names: set[str] = set(_DEMONYMS)
    for country in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            value = getattr(country, attr, None)
            if value:
                names.add(value)
    for sub in pycountry.subdivisions:
        name = sub.name.split(",")[0].strip()
        words = name.lower().split()
        if len(words) == 1 and (words[0] in _EVERYDAY or any(w in words[0] for w in ("north", "south", "east", "west"))):
            continue   # an everyday word ("Central", "Reading", "Most") would redact ordinary text
        if len(name) >= 4:
            names.add(name)
    names.update({"usa", "u.s.", "u.s.a.", "uk", "u.k.", "uae", "europe", "africa", "asia", "oceania",
                  "north america", "south america", "latin america", "middle east"})
    return KnownTerms(names, kind="PLACE", source="gazetteer", parts=False)
