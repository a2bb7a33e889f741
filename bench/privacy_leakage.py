#!/usr/bin/env python3
"""Leakage of personal data through the privacy gateway, on PUPA (real requests with annotated personal data).

Splits (fixed here): the detector was developed on PUPA_TNB, so TNB can no longer be a
test set. PUPA_New is split by a hash of its conversation id: its dev half joins TNB for
development, its test half is what this benchmark reports by default (`--split test`).

For every request, run the detector + the local model's sketch exactly as the
gateway does and score the exact text that would be sent (every message content of
the request body). A gold personal-information unit leaks if it occurs in that text
(case-insensitive, whitespace-normalized, on word boundaries), or fuzzily
(rapidfuzz partial ratio >= 90 for units of 4+ characters); numbers compare digits
only. Gold units that do not occur in the query, and dataset placeholders, are
dropped (../shared/datasets/pupa/SOURCE.md). Prints figures; it is not a timed test.

    .venv/bin/python bench/privacy_leakage.py                 # PUPA_New test half, with the embedded model
    .venv/bin/python bench/privacy_leakage.py --no-model      # detector only (seconds)
    .venv/bin/python bench/privacy_leakage.py --split dev     # the development data: TNB + PUPA_New dev half

The sketch is measured by what it keeps of the task, not by its length: the share of
the redacted request's task words (its common English content words: verbs and
non-private nouns; placeholders and rare words excluded) that the sketch still carries,
and the share of sketches that merely copy the request (at least 80% of the sketch's
word pairs appear in the redacted request, so nothing was rewritten).
"""
from __future__ import annotations

import argparse
import csv
import hashlib
import json
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from rapidfuzz import fuzz  # noqa: E402

from agents.answers.evidence import content_terms  # noqa: E402
from agents.privacy.detect import Detector  # noqa: E402
from agents.privacy.gateway import build_body  # noqa: E402
from agents.privacy.pseudonymize import PLACEHOLDER_RX, PlaceholderMap  # noqa: E402
from agents.privacy.sketch import MAX_SKETCH_CHARS, make_sketch  # noqa: E402

DATA = ROOT.parent / "shared" / "datasets" / "pupa"
SPLITS = ("dev", "test")
COPY_SHARE = 0.8          # a sketch whose word pairs are at least this much the request's is a copy


def split_of(conversation_hash: str) -> str:
    """PUPA_New's half for a conversation: one bit of a SHA-1 of its id."""
    return SPLITS[hashlib.sha1(f"pupa-split:{conversation_hash}".encode()).digest()[0] & 1]


def load_rows(split: str, data: Path | None) -> tuple[str, list[dict[str, str]]]:
    """(what was read, its rows): a given file whole, or a split of the PUPA files."""
    if data is not None:
        return data.name, list(csv.DictReader(data.open(encoding="utf-8")))
    new = [r for r in csv.DictReader((DATA / "PUPA_New.csv").open(encoding="utf-8"))
           if split_of(r["conversation_hash"]) == split]
    if split == "test":
        return "PUPA_New.csv, test half (hash of conversation_hash)", new
    tnb = list(csv.DictReader((DATA / "PUPA_TNB.csv").open(encoding="utf-8")))
    return "PUPA_TNB.csv + PUPA_New.csv dev half (hash of conversation_hash)", tnb + new


def task_words(redacted: str) -> set[str]:
    """The task words of a redacted request: common English content words (verbs, everyday nouns),
    not placeholders and not rare words (names are rare words)."""
    from agents.answers.evidence import content_terms, stem
    from rag.text_stats import zipf as _zipf

    words = re.findall(r"[A-Za-z][a-z'-]+", PLACEHOLDER_RX.sub(" ", redacted))
    return {stem(w) for w in words if w.islower() and _zipf(w) >= 3.0} & content_terms(redacted)


def copies(sketch: str, redacted: str) -> bool:
    """Does the sketch merely copy the request (most of its word pairs are the request's)?"""
    def pairs(text: str) -> set[tuple[str, str]]:
        words = re.findall(r"\w+", text.lower())
        return set(zip(words, words[1:]))
    own = pairs(sketch)
    return bool(own) and len(own & pairs(redacted)) / len(own) >= COPY_SHARE


def norm(text: str) -> str:
    return " ".join(text.lower().replace("’", "'").split())


def is_number(unit: str) -> bool:
    return bool(re.fullmatch(r"[\d\s()+./#:-]+", unit)) and sum(c.isdigit() for c in unit) >= 3


def is_structured(unit: str) -> bool:
    """Identifiers (numbers, emails, URLs, ids) as opposed to names."""
    return sum(c.isdigit() for c in unit) >= 3 or "@" in unit or bool(re.search(r"\w\.(com|org|net|io)\b|https?://", unit))


def occurs(unit: str, text: str) -> bool:
    u, t = norm(unit), norm(text)
    if not u:
        return False
    return re.search(r"(?<!\w)" + re.escape(u) + r"(?!\w)", t) is not None


def leaks(unit: str, outbound: str) -> bool:
    if is_number(unit):
        return re.sub(r"\D", "", unit) in re.sub(r"\D", "", outbound)
    if occurs(unit, outbound):
        return True
    return len(norm(unit)) >= 4 and fuzz.partial_ratio(norm(unit), norm(outbound)) >= 90


def gold_units(row: dict[str, str]) -> list[str]:
    units = {u.strip() for u in row["pii_units"].split("||")}
    return sorted(u for u in units if u and "PRESIDIO_ANONYMIZED" not in u.upper() and occurs(u, row["user_query"]))


def outbound_text(body: bytes) -> str:
    return "\n".join(m["content"] for m in json.loads(body)["messages"])


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=SPLITS, default="test")
    parser.add_argument("--data", type=Path, help="score this one CSV file instead of a split")
    parser.add_argument("--limit", type=int, default=0, help="only the first N requests")
    parser.add_argument("--no-model", action="store_true", help="score the redacted request (no sketch)")
    parser.add_argument("--model-names", action="store_true", help="also ask the local model for names")
    parser.add_argument("--report", type=Path, help="write per-request results as JSON here")
    parser.add_argument("--model", type=Path, help="a GGUF model file (default: the embedded SmolLM2)")
    args = parser.parse_args(argv)
    if not (args.data or DATA / "PUPA_New.csv").exists():
        print(f"data set not found: {args.data or DATA}", file=sys.stderr)
        return 2
    source, rows = load_rows(args.split, args.data)
    if args.limit:
        rows = rows[:args.limit]
    model = None
    if not args.no_model:
        from agents.engine.model_source import embedded_model_path
        from agents.engine.runtime import LocalModel, ModelConfig
        model = LocalModel(ModelConfig(path=args.model or embedded_model_path(), context_size=4096))
        model.load()
    totals = {"units": 0, "leaked": 0, "redaction_leaked": 0, "structured": 0, "structured_leaked": 0,
              "requests": 0, "requests_leaking": 0, "task_words": 0, "task_kept": 0, "copies": 0, "from_model": 0,
              "words": 0, "words_kept": 0}
    details = []
    started = time.perf_counter()
    for n, row in enumerate(rows, 1):
        query, units = row["user_query"], gold_units(row)
        detector = Detector(model=model if args.model_names else None)
        mapping = PlaceholderMap()
        redacted = mapping.pseudonymize(query, detector.detect(query))
        if model is not None:
            sketch = make_sketch(query, model, detector)
            text, from_model = sketch.text, sketch.from_model
        else:
            text, from_model = redacted, False
        sent = outbound_text(build_body("cloud-model", text))
        leaked = [u for u in units if leaks(u, sent)]
        totals["units"] += len(units)
        totals["leaked"] += len(leaked)
        totals["redaction_leaked"] += sum(leaks(u, redacted) for u in units)
        totals["structured"] += sum(is_structured(u) for u in units)
        totals["structured_leaked"] += sum(is_structured(u) for u in leaked)
        totals["requests"] += 1
        totals["requests_leaking"] += bool(leaked)
        wanted = task_words(redacted)
        totals["task_words"] += len(wanted)
        totals["task_kept"] += len(wanted & content_terms(text))
        totals["copies"] += copies(text, redacted)
        totals["from_model"] += from_model
        totals["words"] += len(query.split())
        totals["words_kept"] += len(PLACEHOLDER_RX.sub(" ", redacted).split())
        details.append({"hash": row["conversation_hash"], "units": units, "leaked": leaked, "sent": text})
        if n % 20 == 0:
            print(f"  {n}/{len(rows)} requests, {time.perf_counter() - started:.0f} s", file=sys.stderr, flush=True)
    seconds = time.perf_counter() - started
    t = totals
    pct = lambda a, b: 100.0 * a / b if b else 0.0  # noqa: E731
    print(f"{source}: {t['requests']} requests, {t['units']} gold units occurring in the queries")
    print(f"detector only (redacted request): unit leakage {pct(t['redaction_leaked'], t['units']):.1f}%, "
          f"request words kept {pct(t['words_kept'], t['words']):.1f}%")
    if model is not None:
        print(f"detector + sketch (what is sent):  unit leakage {pct(t['leaked'], t['units']):.1f}%")
    print(f"requests with any leaked unit: {pct(t['requests_leaking'], t['requests']):.1f}%")
    print(f"structured identifiers leaked: {t['structured_leaked']} of {t['structured']}")
    if model is not None:
        print(f"sketch: task words kept {pct(t['task_kept'], t['task_words']):.1f}% of the redacted request's; "
              f"sketches that merely copy the request {pct(t['copies'], t['requests']):.1f}%; "
              f"written by the model {pct(t['from_model'], t['requests']):.1f}% (<= {MAX_SKETCH_CHARS} chars)")
    print(f"time: {seconds:.0f} s ({seconds / max(1, t['requests']):.2f} s per request)")
    if args.report:
        args.report.write_text(json.dumps({"totals": totals, "requests": details}, indent=1, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
