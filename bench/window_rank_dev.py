"""How agents/answers/window_rank.py's weights were chosen: dev splits only, checked corpus by corpus.

    .venv/bin/python bench/window_rank_dev.py --lihua DIR --dump FILE     # features of every dev window (slow, once)
    .venv/bin/python bench/window_rank_dev.py --load FILE --fit           # leave-one-corpus-out, then all-corpus weights
    .venv/bin/python bench/window_rank_dev.py --load FILE --gaps          # the shipped weights under each MAX_GAP

For every answerable dev question of five corpora written by different hands (realdocs dev, dev2, gate dev,
gate2 dev: bench/realdocs.py; LiHua-World dev: bench/answers.py's index), search as the expert does, rank the sentence
windows by words (agents/answers/quotes.py) and describe the first window_rank.TOP of them with
window_rank.FEATURES. A window is right when its quote holds the gold answer (bench/refusal_dev.right).
The weights are a listwise logistic model (softmax over a question's windows, the right ones the target),
fitted with a small L2 penalty. Before the weights are taken, each corpus is held out in turn: fitted on the
other four, does the first window hold the answer more often than the word order's first window, on the held-out
corpus? Only if it does not lose on any held-out corpus are the all-corpus weights worth shipping. Test splits
are never read here.
"""
from __future__ import annotations

import argparse
import pickle
import sys
from pathlib import Path

import numpy as np

if str(Path(__file__).resolve().parent.parent) not in sys.path:
    sys.path.append(str(Path(__file__).resolve().parent.parent))

L2 = 0.01
STEPS = 3000
RATE = 0.5


def dump(args) -> None:
    from agents.answers.answer_types import answer_type
    from agents.answers.quotes import windows
    from agents.answers.window_rank import TOP, features
    from bench.realdocs_dev2 import DEV2
    from bench.realdocs_gate import GATE
    from bench.refusal_dev import corpus_rows, lihua_rows
    from rag.embedder import shared_embedder

    encode = shared_embedder().encode
    from bench.realdocs_gate2 import GATE2

    rows = corpus_rows("realdocs dev") + corpus_rows("dev2", DEV2) + corpus_rows("gate dev", GATE) + \
        corpus_rows("gate2 dev", GATE2)
    if args.lihua:
        rows += lihua_rows(Path(args.lihua))
    out = []
    for n, row in enumerate(rows):
        if row.absent:
            continue
        ranked = windows(row.question, row.passages)[:TOP]
        if not ranked:
            continue
        kind = answer_type(row.question)
        x = features(row.question, kind, ranked, encode)
        y = np.asarray([1.0 if row.right(w.quote) else 0.0 for w in ranked])
        out.append({"corpus": row.corpus, "question": row.question, "x": x, "y": y})
        if n % 50 == 0:
            print(f"  {n}/{len(rows)}", file=sys.stderr, flush=True)
    Path(args.dump).write_bytes(pickle.dumps(out))
    print(f"{len(out)} questions dumped to {args.dump}")


def fit(groups: list[dict], dims: int) -> np.ndarray:
    """Listwise logistic weights: maximize the log of the softmax mass on each question's right windows."""
    w = np.zeros(dims)
    usable = [g for g in groups if g["y"].any()]
    for _ in range(STEPS):
        grad = L2 * w
        for g in usable:
            s = g["x"] @ w
            p = np.exp(s - s.max())
            p /= p.sum()
            q = p * g["y"]
            q /= q.sum()
            grad -= (g["x"].T @ (q - p)) / len(usable)
        w -= RATE * grad
    return w


def first_right(groups: list[dict], w: np.ndarray | None) -> int:
    """Questions whose first window (by these weights; None: word order) holds the answer."""
    hits = 0
    for g in groups:
        i = 0 if w is None else int(np.argmax(g["x"] @ w))
        hits += int(g["y"][i] > 0)
    return hits


def report(groups: list[dict]) -> None:
    from agents.answers.window_rank import FEATURES

    corpora = sorted({g["corpus"] for g in groups})
    dims = groups[0]["x"].shape[1]
    print("held-out corpus       questions  any-of-top  word-order first  re-ranked first")
    for held in corpora:
        train = [g for g in groups if g["corpus"] != held]
        test = [g for g in groups if g["corpus"] == held]
        w = fit(train, dims)
        print(f"{held:20} {len(test):10} {sum(g['y'].any() for g in test):11} {first_right(test, None):17} "
              f"{first_right(test, w):16}")
    w = fit(groups, dims)
    print("all dev corpora:", first_right(groups, None), "->", first_right(groups, w), "of", len(groups))
    print("WEIGHTS = (" + ", ".join(f"{v:.3f}" for v in w) + ")")
    for name, v in zip(FEATURES, w):
        print(f"  {name:18} {v:+.3f}")


GAPS = (0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5, 9.0)


def gaps(groups: list[dict]) -> None:
    """Questions whose first window holds the answer, per corpus, when only windows within each gap of the best word
    score may move up (window_rank.MAX_GAP), with the shipped weights."""
    from agents.answers.window_rank import WEIGHTS

    w = np.asarray(WEIGHTS)
    corpora = sorted({g["corpus"] for g in groups})
    print("gap    " + "  ".join(f"{c:>12}" for c in corpora) + "    all")
    for gap in GAPS:
        hits = {c: 0 for c in corpora}
        for g in groups:
            scores = np.where(g["x"][:, 0] >= -gap, g["x"] @ w, -np.inf)     # column 0: score_gap
            hits[g["corpus"]] += int(g["y"][int(np.argmax(scores))] > 0)
        print(f"{gap:<6} " + "  ".join(f"{hits[c]:>12}" for c in corpora) + f"  {sum(hits.values()):>5}")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--lihua", help="LiHua-World: a folder as for bench/answers.py --index (corpus/ and index/)")
    parser.add_argument("--dump", help="write every dev window's features here")
    parser.add_argument("--load", help="read a --dump file")
    parser.add_argument("--fit", action="store_true", help="leave-one-corpus-out figures and the weights")
    parser.add_argument("--gaps", action="store_true", help="the shipped weights under each bound on the moved windows")
    args = parser.parse_args(argv)
    if args.dump:
        dump(args)
    if args.load and (args.fit or args.gaps):
        groups = pickle.loads(Path(args.load).read_bytes())
        if args.fit:
            report(groups)
        else:
            gaps(groups)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
