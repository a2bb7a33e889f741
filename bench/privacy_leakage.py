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
    .venv/bin/python bench/privacy_leakage.py --split dev --source new   # only the PUPA_New dev half
    .venv/bin/python bench/privacy_leakage.py --split dev --source new-a # one of its two folds (new-a, new-b)

On dev the figures are also printed per source (PUPA_TNB, PUPA_New dev half, and that half's folds A and B): the test half is
PUPA_New only, and TNB's requests differ from it (longer, more formal), so a choice must hold on both.

What the sketch keeps is measured on the request itself: the share of its non-private
content words (stemmed, non-stopword words outside every gold unit and dataset placeholder)
that the outbound text still carries. The answerability check (agents/privacy/task.py) is
counted too: requests whose outbound text lost a word of the task.

    .venv/bin/python bench/privacy_leakage.py --score-report main.json   # score a saved run (e.g. of main)
"""
from __future__ import annotations

import argparse
import csv
import hashlib
import json
import os
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# the code under test: PYTHONPATH's checkout where one is given (another engineer's worktree), else this one
sys.path.insert(len(sys.path) if os.environ.get("PYTHONPATH") else 0, str(ROOT))

from rapidfuzz import fuzz  # noqa: E402

from agents.answers.evidence import content_terms  # noqa: E402
from agents.privacy.detect import Detector  # noqa: E402
from agents.privacy.gateway import build_body  # noqa: E402
from agents.privacy.pseudonymize import PLACEHOLDER_RX, PlaceholderMap  # noqa: E402
from agents.privacy.sketch import make_sketch  # noqa: E402
from agents.privacy.task import check_task  # noqa: E402

DATA = Path(os.environ.get("ENCLAVE_DATASETS") or ROOT.parent / "shared" / "datasets") / "pupa"   # as bench/lihua.py
SPLITS = ("dev", "test")
SOURCES = {"tnb": "PUPA_TNB", "new": "PUPA_New dev half", "new-a": "PUPA_New dev fold A", "new-b": "PUPA_New dev fold B"}
FOLDS = ("a", "b")


def fold_of(conversation_hash: str) -> str:
    """The PUPA_New dev half cut in two by another hash of the id: a rule chosen by looking at fold A's leaks
    must hold on fold B (the dev half leaked 2.1% and the test half of the same data set 5.9%)."""
    return FOLDS[hashlib.sha1(f"pupa-fold:{conversation_hash}".encode()).digest()[0] & 1]


def split_of(conversation_hash: str) -> str:
    """PUPA_New's half for a conversation: one bit of a SHA-1 of its id."""
    return SPLITS[hashlib.sha1(f"pupa-split:{conversation_hash}".encode()).digest()[0] & 1]


def load_rows(split: str, data: Path | None, source: str = "") -> tuple[str, list[dict[str, str]]]:
    """(what was read, its rows): a given file whole, or a split of the PUPA files. On dev each row is tagged
    with its source ("source": a value of SOURCES); `source` ("tnb", "new") keeps only that one."""
    if data is not None:
        return data.name, list(csv.DictReader(data.open(encoding="utf-8")))
    new = [r for r in csv.DictReader((DATA / "PUPA_New.csv").open(encoding="utf-8"))
           if split_of(r["conversation_hash"]) == split]
    if split == "test":
        return "PUPA_New.csv, test half (hash of conversation_hash)", new
    tnb = list(csv.DictReader((DATA / "PUPA_TNB.csv").open(encoding="utf-8")))
    for rows, key in ((tnb, "tnb"), (new, "new")):
        for row in rows:
            row["source"] = SOURCES[key]
    for row in new:
        row["fold"] = SOURCES["new-" + fold_of(row["conversation_hash"])]
    if source.startswith("new-"):
        new = [r for r in new if fold_of(r["conversation_hash"]) == source[-1]]
        for row in new:
            row["source"] = SOURCES[source]
            row.pop("fold", None)
    if source:
        return f"{SOURCES[source]} (dev)", tnb if source == "tnb" else new
    return "PUPA_TNB.csv + PUPA_New.csv dev half (hash of conversation_hash)", tnb + new


def content_kept(query: str, units: list[str], sent: str) -> tuple[int, int]:
    """(non-private content words of the query, how many of them the sent text carries)."""
    private = re.sub(r"<PRESIDIO_ANONYMIZED_\w+>", " ", query)
    for unit in sorted(units, key=len, reverse=True):
        private = re.sub(re.escape(unit), " ", private, flags=re.I)
    wanted = content_terms(private)
    return len(wanted), len(wanted & content_terms(sent))


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


def score(row: dict[str, str], sent_body: bytes, sketch: str, totals: dict[str, int],
          answerable: bool | None = None, by_source: dict[str, dict[str, int]] | None = None) -> list[str]:
    """Add one request's figures to `totals` (and to its source's in `by_source`); the gold units that leaked.
    `answerable`: the gateway's own task check (it knows which values became typed placeholders); else the
    words alone are compared."""
    query, units = row["user_query"], gold_units(row)
    sent = outbound_text(sent_body)
    leaked = [u for u in units if leaks(u, sent)]
    words, kept = content_kept(query, units, sketch)
    add = {"requests": 1, "units": len(units), "leaked": len(leaked), "requests_leaking": bool(leaked),
           "structured": sum(is_structured(u) for u in units), "structured_leaked": sum(is_structured(u) for u in leaked),
           "content": words, "content_kept": kept,
           "task_lost": not (check_task(query, sketch).answerable if answerable is None else answerable)}
    for key, value in add.items():
        totals[key] = totals.get(key, 0) + int(value)
        for part_name in (row.get("source"), row.get("fold")) if by_source is not None else ():
            if part_name:
                part = by_source.setdefault(part_name, {})
                part[key] = part.get(key, 0) + int(value)
    return leaked


def report(source: str, t: dict, what: str) -> None:
    pct = lambda a, b: 100.0 * a / b if b else 0.0  # noqa: E731
    print(f"{source}: {t['requests']} requests, {t['units']} gold units occurring in the queries")
    print(f"{what}: unit leakage {pct(t['leaked'], t['units']):.1f}% ({t['leaked']} of {t['units']}); "
          f"requests with any leaked unit {pct(t['requests_leaking'], t['requests']):.1f}%; "
          f"structured identifiers leaked {t['structured_leaked']} of {t['structured']}")
    print(f"non-private content words of the request kept: {pct(t['content_kept'], t['content']):.1f}% "
          f"({t['content_kept']} of {t['content']}); outbound text lost a task word: "
          f"{pct(t['task_lost'], t['requests']):.1f}% of requests")
    for name, part in t.get("by_source", {}).items():   # type: ignore[union-attr]
        print(f"  {name}: {part['requests']} requests; unit leakage {pct(part['leaked'], part['units']):.1f}% "
              f"({part['leaked']} of {part['units']}); requests leaking {pct(part['requests_leaking'], part['requests']):.1f}%; "
              f"structured {part['structured_leaked']} of {part['structured']}; content words kept "
              f"{pct(part['content_kept'], part['content']):.1f}% ({part['content_kept']} of {part['content']}); "
              f"task word lost {pct(part['task_lost'], part['requests']):.1f}%")
    if "removed" in t:
        print(f"local model removed sentences in {pct(t['from_model'], t['requests']):.1f}% of requests "
              f"({t['removed']} sentences); detector re-check redacted {t['rechecked']} more spans")


def score_report(path: Path, split: str, data: Path | None) -> int:
    """Score a saved --report (e.g. one written by an older Enclave) with today's measures."""
    source, rows = load_rows(split, data)
    saved = {r["hash"]: r["sent"] for r in json.loads(path.read_text())["requests"]}
    totals: dict = {}
    by_source: dict[str, dict[str, int]] = {}
    for row in rows:
        if row["conversation_hash"] in saved:
            sketch = saved[row["conversation_hash"]]
            score(row, build_body("cloud-model", sketch), sketch, totals, by_source=by_source)
    totals["by_source"] = by_source
    report(f"{source}, saved run {path.name}", totals, "what was sent")
    return 0


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=SPLITS, default="test")
    parser.add_argument("--data", type=Path, help="score this one CSV file instead of a split")
    parser.add_argument("--source", choices=sorted(SOURCES), default="", help="dev only: just PUPA_TNB or the PUPA_New dev half")
    parser.add_argument("--limit", type=int, default=0, help="only the first N requests")
    parser.add_argument("--no-model", action="store_true", help="no local model: the redacted request is sent")
    parser.add_argument("--model-names", action="store_true", help="also ask the local model for names")
    parser.add_argument("--report", type=Path, help="write per-request results as JSON here")
    parser.add_argument("--score-report", type=Path, help="score a saved --report instead of running")
    parser.add_argument("--model", type=Path, help="a GGUF model file (default: the embedded SmolLM2)")
    args = parser.parse_args(argv)
    if not (args.data or DATA / "PUPA_New.csv").exists():
        print(f"data set not found: {args.data or DATA}", file=sys.stderr)
        return 2
    if args.score_report:
        return score_report(args.score_report, args.split, args.data)
    if args.source and args.split != "dev":
        parser.error("--source picks a part of the dev split")
    source, rows = load_rows(args.split, args.data, args.source)
    if args.limit:
        rows = rows[:args.limit]
    model = None
    if not args.no_model or args.model_names:
        from agents.engine.model_source import embedded_model_path
        from agents.engine.runtime import LocalModel, ModelConfig
        model = LocalModel(ModelConfig(path=args.model or embedded_model_path(), context_size=4096))
        model.load()
    totals: dict = {"removed": 0, "rechecked": 0, "from_model": 0}
    by_source: dict[str, dict[str, int]] = {}
    details = []
    started = time.perf_counter()
    for n, row in enumerate(rows, 1):
        detector = Detector(model=model if args.model_names else None)
        sketch = make_sketch(row["user_query"], None if args.no_model else model, detector)
        leaked = score(row, build_body("cloud-model", sketch.text), sketch.text, totals, sketch.task.answerable, by_source)
        totals["removed"] += len(sketch.removed)
        totals["rechecked"] += sketch.rechecked
        totals["from_model"] += sketch.from_model
        details.append({"hash": row["conversation_hash"], "source": row.get("source", ""), "query": row["user_query"], "units": gold_units(row), "leaked": leaked,
                        "sent": sketch.text, "task_missing": list(sketch.task.missing)})
        if n % 20 == 0:
            print(f"  {n}/{len(rows)} requests, {time.perf_counter() - started:.0f} s", file=sys.stderr, flush=True)
    seconds = time.perf_counter() - started
    if len(by_source) > 1:
        totals["by_source"] = by_source
    report(source, totals, "what is sent" + (" (no local model)" if args.no_model else ""))
    print(f"time: {seconds:.0f} s ({seconds / max(1, totals.get('requests', 0)):.2f} s per request)")
    if args.report:
        args.report.write_text(json.dumps({"totals": totals, "requests": details}, indent=1, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
