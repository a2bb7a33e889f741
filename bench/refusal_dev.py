"""How the retrieval expert's "not in your documents" threshold was chosen: LiHua-World dev split only.

    .venv/bin/python bench/refusal_dev.py --index DIR     # DIR as for bench/answers.py (corpus/ and index/)

For every dev question: search, rank the sentence windows (agents/answers/quotes.py)
and read the best window's coverage, attribute share and unexplained weight. A
question is refused by the expert's other rules (coverage, attributes) or when the
unexplained weight is above a threshold (not for yes/no questions). For each threshold the table prints the Null
questions refused and what it costs: answerable questions refused whose best quote
holds the gold answer, and those where a quote of the top 3 windows holds it (a proxy
for "the expert could have answered it", with no model run). The expert takes the
threshold with the most Null refused minus top-3-answerable refused (the highest on a
tie: fewer refusals). The test split is never read here.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import lihua  # noqa: E402
from bench.answer_scoring import correct  # noqa: E402


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index", type=Path, required=True, help="work folder with corpus/ and index/")
    args = parser.parse_args(argv)

    from agents.answers.answer_types import FREE, YES_NO, answer_type
    from agents.answers.quotes import windows
    from agents.experts.retrieval import MIN_ATTRIBUTES, MIN_COVERAGE
    from rag.library import Library

    lihua.unpack(args.index / "corpus")
    library = Library(args.index / "index")
    rows = []       # (Null?, refused by the other rules?, unexplained, best quote right, a top-3 quote right)
    for q in lihua.questions("dev"):
        ranked = windows(q.text, library.search(q.text, k=8))
        if not ranked:
            rows.append((q.type == "Null", True, 0.0, False, False))
            continue
        best = ranked[0]
        other = best.coverage < MIN_COVERAGE or (answer_type(q.text) not in (FREE, YES_NO)
                                                  and best.attributes < MIN_ATTRIBUTES)
        right = q.type != "Null" and correct(best.quote, q.answer, q.type)
        right3 = q.type != "Null" and any(correct(w.quote, q.answer, q.type) for w in ranked[:3])
        # a yes/no question joins two events in its own words ("did X arrive after he told Y ...") and is
        # answered by "no" as well as "yes": the rule is for the questions that ask for a detail
        unexplained = 0.0 if answer_type(q.text) == YES_NO else best.unexplained
        rows.append((q.type == "Null", other, unexplained, right, right3))
    library.close()
    nulls = sum(r[0] for r in rows)
    print(f"LiHua-World dev: {len(rows)} questions, {nulls} Null; "
          f"{sum(r[3] for r in rows)} with a right best quote, {sum(r[4] for r in rows)} with a right top-3 quote")
    print(f"{'max unexplained':>16}{'Null refused':>14}{'best right lost':>17}{'top-3 right lost':>18}{'score':>7}")
    best_score, chosen = None, None
    for threshold in [None] + [t / 4 for t in range(24, 81)]:
        def refused(r) -> bool:
            return r[1] or (threshold is not None and r[2] > threshold)
        null = sum(refused(r) for r in rows if r[0])
        lost = sum(refused(r) for r in rows if r[3])
        lost3 = sum(refused(r) for r in rows if r[4])
        score = null - lost3
        if threshold is not None and (best_score is None or score >= best_score):
            best_score, chosen = score, threshold
        name = "off" if threshold is None else f"{threshold:.2f}"
        print(f"{name:>16}{null:>9}/{nulls:<4}{lost:>17}{lost3:>18}{score:>7}")
    print(f"chosen: {chosen} (most Null refused minus top-3-right lost; highest threshold on a tie)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
