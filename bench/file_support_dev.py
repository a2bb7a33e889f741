"""How much a passage's document should lift it (rag/retrieval.py `file_support`), on three DEV corpora only.

    .venv/bin/python bench/file_support_dev.py --lihua /tmp/as-lihua     # an index folder of bench/lihua_retrieval.py

Why: fusion adds to each passage a share of its document's other fused passages. As a *sum*
(the rule before), a long manual, with many weakly matching chunks, lifted every chunk of it
above the short document that answers: on the second real-document corpus (bench/realdocs_dev2.py)
the gold section was in the top 5 for 78% of the questions with the sum, 98% with none or the mean.
This prints retrieval hit@1/@5 of the gold file and page/section on the realdocs dev split and the
dev2 corpus, and recall@1/3/5/10 of the evidence files on LiHua-World dev, for the sum rule at its
old weight and for the mean rule at several weights; the weight was chosen where no corpus loses.
Dev splits only: never the realdocs test split, never LiHua test. Rankings are computed once per
question; only the fusion varies.
"""
from __future__ import annotations

import argparse
import dataclasses
import os
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# the code under test: PYTHONPATH's checkout where one is given (another engineer's worktree), else this one
sys.path.insert(len(sys.path) if os.environ.get("PYTHONPATH") else 0, str(ROOT))

WEIGHTS = (0.0, 0.1, 0.2, 0.3, 0.5)


def sum_rule(retriever, rankings: dict, weight: float = 0.1) -> list[int]:
    """The rule before: a share of the *sum* of the document's other fused chunk scores."""
    plain = dataclasses.replace(retriever.config, file_support=0.0)
    fused = type(retriever)(retriever.store, None, None, plain).fuse(rankings)
    docs = {r: c.doc_id for r, c in retriever.store.chunks_by_rowid([r for r, _, _ in fused]).items()}
    per_doc: dict[str, float] = defaultdict(float)
    for rowid, score, _ in fused:
        per_doc[docs.get(rowid, "")] += score
    lifted = {r: s + weight * (per_doc[docs.get(r, "")] - s) for r, s, _ in fused}
    return sorted(lifted, key=lifted.get, reverse=True)


def mean_rule(retriever, rankings: dict, weight: float) -> list[int]:
    config = dataclasses.replace(retriever.config, file_support=weight)
    return [r for r, _, _ in type(retriever)(retriever.store, None, None, config).fuse(rankings)]


VARIANTS = [("sum 0.1 (before)", lambda rt, rk: sum_rule(rt, rk))] + \
           [(f"mean {w}", lambda rt, rk, w=w: mean_rule(rt, rk, w)) for w in WEIGHTS]


def realdocs_figures(corpus) -> dict[str, str]:
    """hit@1 and hit@5 of each variant on a real-document corpus's dev questions."""
    from bench import realdocs, realdocs_data, realdocs_docs
    from bench.realdocs_places import Places

    docs = realdocs_docs.prepare(corpus=corpus)
    enclave = realdocs.open_enclave(docs, corpus)
    library = enclave.core.library()
    places = Places(library, docs)
    rows = [(q, library.retriever.rankings(q.text, 5)) for q in realdocs_data.questions("dev", corpus) if not q.absent]
    out = {}
    for name, rule in VARIANTS:
        ranks = [places.ranks(q, library.retriever.passages([(r, 0.0, ()) for r in rule(library.retriever, rk)[:5]]))
                 for q, rk in rows]
        out[name] = f"{sum(r == 1 for r in ranks)}/{sum(0 < r <= 5 for r in ranks)} of {len(ranks)}"
    enclave.close()
    return out


def lihua_figures(folder: Path) -> dict[str, str]:
    from bench import lihua
    from bench.lihua_retrieval import recalls, scored_questions
    from rag.library import Library

    library = Library(folder / "index")
    cases = scored_questions("dev", lihua.evidence_files(folder / "corpus"))
    rows = [library.retriever.rankings(q, 10) for q, _ in cases]
    golds = [g for _, g in cases]
    out = {name: " ".join(f"{x:.1f}" for x in recalls(library.store, [rule(library.retriever, rk) for rk in rows], golds))
           for name, rule in VARIANTS}
    library.close()
    return out


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lihua", type=Path, required=True, help="a LiHua-World folder with corpus/ and index/")
    args = parser.parse_args(argv)
    from bench.realdocs_docs import REALDOCS
    from bench.realdocs_dev2 import DEV2

    columns = {"realdocs dev hit@1/@5": realdocs_figures(REALDOCS), "dev2 hit@1/@5": realdocs_figures(DEV2),
               "LiHua dev R@1/3/5/10": lihua_figures(args.lihua)}
    print(f"{'file support':<18}" + "".join(f"{c:>26}" for c in columns))
    for name, _ in VARIANTS:
        print(f"{name:<18}" + "".join(f"{figures[name]:>26}" for figures in columns.values()))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
