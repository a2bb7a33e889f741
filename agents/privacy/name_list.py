"""First names and surnames from a real list, read once on first use from resources/person_names.txt (93 KB).

Why: everyday words that are also first names ("Harry", "Mike", "Max", "John") pass every rarity test, and a
name written in lowercase ("larry zhang") has no capital to give it away. A list gathered from many locales
says which words are names in any request; a hand-written list would only know the names someone thought of.
The list comes from Faker's per-locale person data (MIT), extracted once with `--build`, so the app needs
neither Faker (25 MB installed) nor anything beyond this text file at run time.
"""
from __future__ import annotations

import importlib
import sys
from functools import lru_cache
from importlib import resources

FILE = "person_names.txt"
# Latin-script locales (plus romanized surnames the English lists carry); a name in another script is
# caught by its script instead (agents/privacy/names.py).
LOCALES = ("en_US", "en_GB", "en_IN", "en_CA", "en_AU", "de_DE", "fr_FR", "es_ES", "es_MX", "it_IT", "pt_BR",
           "nl_NL", "pl_PL", "tr_TR", "vi_VN", "id_ID", "fil_PH", "sw")


@lru_cache(maxsize=1)
def _lists() -> tuple[frozenset[str], frozenset[str]]:
    """(first names, surnames) from the shipped file: a "# first" section, then a "# last" one."""
    first: set[str] = set()
    last: set[str] = set()
    target = first
    for line in resources.files("resources").joinpath(FILE).read_text("utf-8").splitlines():
        if line.startswith("#"):
            target = last if line.strip() == "# last" else first if line.strip() == "# first" else target
        elif line.strip():
            target.add(line.strip())
    return frozenset(first), frozenset(last)


def is_first_name(word: str) -> bool:
    return word.lower() in _lists()[0]


def is_surname(word: str) -> bool:
    return word.lower() in _lists()[1]


def build() -> str:
    """The file's text, from an installed Faker (a development tool only: `pip install faker`)."""
    first: set[str] = set()
    last: set[str] = set()
    for locale in LOCALES:
        try:
            provider = importlib.import_module(f"faker.providers.person.{locale}").Provider
        except (ImportError, AttributeError):
            continue
        for attr in ("first_names", "first_names_male", "first_names_female"):
            first.update(n.lower() for n in _single_words(getattr(provider, attr, ())))
        last.update(n.lower() for n in _single_words(getattr(provider, "last_names", ())))
    head = ("# First names and surnames (lowercase, one a line), for agents/privacy/name_list.py. Generated from "
            "Faker's\n# person providers (MIT licence) of 18 Latin-script locales by: python -m "
            "agents.privacy.name_list --build\n")
    return head + "\n".join(["# first", *sorted(first), "# last", *sorted(last)]) + "\n"


def _single_words(value: object) -> list[str]:
    """Faker stores names as a tuple or as a {name: weight} dict; single words only."""
    names = list(value) if isinstance(value, (tuple, list, dict)) else []
    return [n for n in names if isinstance(n, str) and n.isalpha()]


if __name__ == "__main__" and sys.argv[1:] == ["--build"]:
    sys.stdout.write(build())
