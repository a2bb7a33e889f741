#!/usr/bin/env python3
"""Ablation of the privacy detector's rules, one at a time, on three dev folds and the hand-written sets.

Why: the third round's rules halved leakage on the dev split and leaked more on the unseen test half. A rule
that keeps content on one dev source and leaks on the other is shaped after that source; the two dev sources
(PUPA_TNB, the PUPA_New dev half) differ enough to be folds, and the PUPA_New dev half is cut in two by a
second hash (bench/privacy_leakage.py fold_of: folds A and B), so a rule fitted to the New requests it was built
on shows whether its gain holds on the other New fold (dev 2.1% leaked, test half 5.9%). For each rule this prints, per fold, units leaked
and non-private content words kept with that rule alone turned off (detector only, no local model: the model
only removes sentences of requests over 6,000 characters). Never run on the test half: there is no option for it.

    .venv/bin/python bench/privacy_ablation.py                    # every rule (about 40 s each)
    .venv/bin/python bench/privacy_ablation.py --rules none code  # some of them
    .venv/bin/python bench/privacy_ablation.py --folds "New dev A" "New dev B"   # some folds
"""
from __future__ import annotations

import argparse
import re
import os
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# the code under test: PYTHONPATH's checkout where one is given (another engineer's worktree), else this one
sys.path.insert(len(sys.path) if os.environ.get("PYTHONPATH") else 0, str(ROOT))

from agents.privacy import context, detect, names, roles  # noqa: E402
from agents.privacy.detect import Detector  # noqa: E402
from agents.privacy.gateway import build_body  # noqa: E402
from agents.privacy.sketch import make_sketch  # noqa: E402
from bench.privacy_leakage import gold_units, load_rows, score  # noqa: E402

FOLDS = {"PUPA_TNB": ("dev", None, "tnb"), "New dev A": ("dev", None, "new-a"), "New dev B": ("dev", None, "new-b"),
         "second set": ("dev", ROOT / "bench/data/privacy_second_set.csv", ""),
         "third set": ("dev", ROOT / "bench/data/privacy_third_set.csv", "")}


@contextmanager
def _without(module: object, name: str, value: object) -> Iterator[None]:
    old = getattr(module, name)
    setattr(module, name, value)
    try:
        yield
    finally:
        setattr(module, name, old)


def _rule_off(group: str, rule: str) -> Callable[[], object]:
    return lambda: _without(names, group, getattr(names, group) - {rule})


_NEVER = re.compile(r"(?!x)x")
ABLATIONS: dict[str, Callable[[], object]] = {
    "none": nullcontext,
    **{f"keep:{r}": _rule_off("ORDINARY_RULES", r) for r in sorted(names.ORDINARY_RULES)},
    **{f"find:{r}": _rule_off("LEAK_RULES", r) for r in sorted(names.LEAK_RULES)},
    "find:addressee": lambda: _without(context, "_RECIPIENT_CUE", _NEVER),
    "find:greeting": lambda: _without(roles, "_GREETING", _NEVER),
    "find:person-verb": lambda: _without(roles, "_PERSON_VERBS", _NEVER),
    "find:possessive": lambda: _without(roles, "_POSSESSIVE", _NEVER),
    "keep:no-propagate-common": lambda: _without(detect, "_propagates", lambda v: len(v.strip()) >= 3),
    **{f"propagate:{r}": (lambda r=r: _without(detect, "PROPAGATE_RULES", detect.PROPAGATE_RULES - {r}))
       for r in sorted(detect.PROPAGATE_RULES)},
}


def run_fold(split: str, data: Path | None, source: str) -> tuple[dict[str, int], list[set[int]]]:
    """The fold's figures, and per request the characters the detector redacts."""
    totals: dict[str, int] = {}
    covered = []
    for row in load_rows(split, data, source)[1]:
        detector = _Recording()
        sketch = make_sketch(row["user_query"], None, detector)
        score(row, build_body("cloud-model", sketch.text), sketch.text, totals, sketch.task.answerable)
        covered.append({i for s in detector.first for i in range(s.start, s.end)})
    return totals, covered


class _Recording(Detector):
    """The detector that keeps the spans of its first call (the request itself)."""

    first: list = []

    def detect(self, text, cancel=None, *, keep=()):   # type: ignore[no-untyped-def]
        spans = super().detect(text, cancel, keep=keep)
        if "first" not in self.__dict__:
            self.first = spans
        return spans


def exposure(split: str, data: Path | None, source: str, on: list[set[int]], off: list[set[int]]) -> dict[str, int]:
    """Words whose fate the rule decides, inside a gold unit or outside every unit: "kept" are redacted only with
    the rule off (a content rule's gain; inside a unit, a partial leak even where the unit's other words are
    still replaced), "found" only with it on (a detector's gain; outside every unit, its cost)."""
    counts = dict.fromkeys(("kept private", "kept ordinary", "found private", "found ordinary"), 0)
    for row, with_rule, without in zip(load_rows(split, data, source)[1], on, off):
        query = row["user_query"]
        units = [m.span() for u in gold_units(row) for m in re.finditer(re.escape(u), query, re.I)]
        for w in re.finditer(r"\w+", query):
            inside = any(a < w.end() and w.start() < b for a, b in units)
            where = "private" if inside else "ordinary"
            span = range(*w.span())
            counts[f"kept {where}"] += bool((without - with_rule).intersection(span))
            counts[f"found {where}"] += bool((with_rule - without).intersection(span))
            if inside and (without - with_rule).intersection(span):
                SHOWN.append(w.group())
    return counts


SHOWN: list[str] = []


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rules", nargs="*", default=list(ABLATIONS), help=f"of: {' '.join(ABLATIONS)}")
    parser.add_argument("--show", action="store_true", help="print the private words each rule keeps (dev folds only)")
    parser.add_argument("--folds", nargs="*", default=list(FOLDS), help=f"of: {', '.join(FOLDS)}")
    args = parser.parse_args(argv)
    for fold in set(FOLDS) - set(args.folds):
        del FOLDS[fold]
    print("| rule turned off | " + " | ".join(f"{f}: leaked, content kept; words kept private/ordinary; found private/ordinary"
                                            for f in FOLDS) + " |")
    print("|---" * (len(FOLDS) + 1) + "|")
    base = {fold: run_fold(*where)[1] for fold, where in FOLDS.items()}
    for rule in args.rules:
        started = time.perf_counter()
        cells = []
        for fold, where in FOLDS.items():
            with ABLATIONS[rule]():   # type: ignore[attr-defined]
                t, covered = run_fold(*where)
            SHOWN.clear()
            c = exposure(*where, base[fold], covered)
            cells.append(f"{t['leaked']}/{t['units']}, {t['content_kept']} ({100 * t['content_kept'] / t['content']:.2f}%); "
                         f"{c['kept private']}/{c['kept ordinary']}; {c['found private']}/{c['found ordinary']}")
            if args.show and SHOWN and fold in ("PUPA_TNB", "New dev A", "New dev B"):
                print(f"  {rule} keeps on {fold}: {', '.join(SHOWN)}", file=sys.stderr)
        print(f"| {rule} | " + " | ".join(cells) + f" |  <!-- {time.perf_counter() - started:.0f} s -->", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
