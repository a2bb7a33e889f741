"""How agents/answers/window_rank.py's weights were chosen: dev splits only, checked corpus by corpus.

    .venv/bin/python bench/window_rank_dev.py --lihua DIR --dump FILE     # features of every dev window (slow, once)
    .venv/bin/python bench/window_rank_dev.py --load FILE --fit           # leave-one-corpus-out, then all-corpus weights
    .venv/bin/python bench/window_rank_dev.py --load FILE --gaps          # the shipped weights under each MAX_GAP
    .venv/bin/python bench/window_rank_dev.py --load FILE --refeature --fit  # after a feature was added or changed
    .venv/bin/python bench/window_rank_dev.py --load FILE --likelihood L  # a second stage by the model (not shipped)
    .venv/bin/python bench/window_rank_dev.py --load FILE --answerable A  # fitted to windows the readings answer from

For every answerable dev question of six corpora written by different hands (realdocs dev, dev2, gate dev,
gate2 dev, gate3 dev: bench/realdocs.py; LiHua-World dev: bench/answers.py's index; gate3 joined in round 11, the
shipped weights were fitted on the other five), search as the expert does, rank the sentence
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
    from bench.realdocs_gate3 import GATE3

    rows = corpus_rows("realdocs dev") + corpus_rows("dev2", DEV2) + corpus_rows("gate dev", GATE) + \
        corpus_rows("gate2 dev", GATE2) + corpus_rows("gate3 dev", GATE3)
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
        out.append({"corpus": row.corpus, "question": row.question, "kind": kind, "ranked": ranked, "x": x, "y": y})
        if n % 50 == 0:
            print(f"  {n}/{len(rows)}", file=sys.stderr, flush=True)
    Path(args.dump).write_bytes(pickle.dumps(out))
    print(f"{len(out)} questions dumped to {args.dump}")


def refeature(groups: list[dict]) -> list[dict]:
    """The dumped windows described again with the current window_rank.FEATURES (a feature added or changed: no new
    search needed)."""
    from agents.answers.window_rank import features
    from rag.embedder import shared_embedder

    encode = shared_embedder().encode
    return [{**g, "x": features(g["question"], g["kind"], g["ranked"], encode)} for g in groups]


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


def first_right_within(groups: list[dict], w: np.ndarray, gap: float) -> int:
    """Questions whose first window holds the answer when only windows within `gap` of the best word score may move
    up (window_rank.MAX_GAP; feature column 0 is that score gap), ordered by the weights `w`."""
    return sum(int(g["y"][int(np.argmax(np.where(g["x"][:, 0] >= -gap, g["x"] @ w, -np.inf)))] > 0) for g in groups)


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


LIKELIHOOD_TOPS = (2, 3, 4)
LIKELIHOOD_WEIGHTS = (0.0, 0.25, 0.5, 1.0, 2.0, 4.0, 8.0)


def likelihoods(groups: list[dict]) -> list[dict]:
    """Each question's first max(LIKELIHOOD_TOPS) windows by the shipped weights, with how likely the question is after
    each (bench/question_likelihood.py, the embedded model in this process): a second stage, measured, not shipped."""
    from agents.answers.window_rank import WEIGHTS
    from agents.engine.runtime import physical_cores
    from bench.question_likelihood import question_likelihood

    out = []
    for n, g in enumerate(groups):
        scores = g["x"] @ np.asarray(WEIGHTS)
        top = [int(i) for i in np.argsort(-scores, kind="stable")[:max(LIKELIHOOD_TOPS)]]
        read = question_likelihood([g["ranked"][i].quote for i in top], g["question"], physical_cores())
        out.append({"corpus": g["corpus"], "y": g["y"][top], "score": scores[top], "likelihood": np.asarray(read)})
        if n % 50 == 0:
            print(f"  {n}/{len(groups)}", file=sys.stderr, flush=True)
    return out


def likelihood_right(rows: list[dict], top: int, weight: float) -> int:
    """Questions whose first window holds the answer when the first `top` are ordered by score + weight * likelihood."""
    return sum(int(r["y"][int(np.argmax(r["score"][:top] + weight * r["likelihood"][:top]))] > 0) for r in rows)


def likelihood_report(rows: list[dict]) -> None:
    """Every (top, weight) on all dev corpora, then each corpus held out: the best pair on the other five, applied to it."""
    corpora = sorted({r["corpus"] for r in rows})
    pairs = [(t, w) for t in LIKELIHOOD_TOPS for w in LIKELIHOOD_WEIGHTS]
    print("top  weight  " + "  ".join(f"{c:>12}" for c in corpora) + "    all")
    for t, w in pairs:
        per = [likelihood_right([r for r in rows if r["corpus"] == c], t, w) for c in corpora]
        print(f"{t:<4} {w:<7} " + "  ".join(f"{v:>12}" for v in per) + f"  {sum(per):>5}")
    print("held-out corpus      questions  without  with (pair chosen on the other corpora)")
    for held in corpora:
        train = [r for r in rows if r["corpus"] != held]
        test = [r for r in rows if r["corpus"] == held]
        t, w = max(pairs, key=lambda p: (likelihood_right(train, *p), -p[0]))
        print(f"{held:20} {len(test):9} {likelihood_right(test, 1, 0.0):8}  {likelihood_right(test, t, w):4} "
              f"(top {t}, weight {w})")
    t, w = max(pairs, key=lambda p: (likelihood_right(rows, *p), -p[0]))
    print(f"all dev corpora: top {t}, weight {w}: {likelihood_right(rows, 1, 0.0)} -> {likelihood_right(rows, t, w)} "
          f"of {len(rows)}")


def answerable(groups: list[dict]) -> list[dict]:
    """Each dumped window labelled by what the answer line needs: do the expert's readings (agents/experts/retrieval
    `_answer`, the embedded model in this process where it chooses), given this window first, state the gold?"""
    from agents.engine.model_source import embedded_model_path
    from agents.engine.runtime import LocalModel, ModelConfig
    from agents.experts import retrieval
    from agents.platform.cancel import CancelToken
    from bench import lihua, realdocs, realdocs_data
    from bench.answer_scoring import states
    from bench.refusal_dev import right

    checks = {q.text: (lambda span, q=q: states(span, list(q.gold)))
              for name in ("realdocs", "dev2", "gate", "gate2", "gate3")
              for q in realdocs_data.questions("dev", realdocs.CORPORA[name])}
    for q in lihua.questions("dev"):
        checks.setdefault(q.text, lambda span, q=q: right(q.text, span, q.answer, q.type))
    model = LocalModel(ModelConfig(path=embedded_model_path(), context_size=4096))
    model.load()
    out = []
    for n, g in enumerate(groups):
        labels = []
        for i, window in enumerate(g["ranked"]):
            first = [window] + [w for j, w in enumerate(g["ranked"]) if j != i]
            span = retrieval._answer(model, g["question"], g["kind"], first, CancelToken(), False, {})[0]
            labels.append(1.0 if span and checks[g["question"]](span) else 0.0)
        out.append({**g, "y": np.asarray(labels)})
        if n % 50 == 0:
            print(f"  {n}/{len(groups)}", file=sys.stderr, flush=True)
    model.close()
    return out


def answerable_report(groups: list[dict]) -> None:
    """Held out corpus by corpus: first window answerable by word order, by the shipped weights, and by weights fitted
    to the answerable label on the other corpora."""
    from agents.answers.window_rank import MAX_GAP, WEIGHTS

    print("held-out corpus       questions  any-of-top  word-order first  shipped first  refitted first")
    for held in sorted({g["corpus"] for g in groups}):
        test = [g for g in groups if g["corpus"] == held]
        w = fit([g for g in groups if g["corpus"] != held], test[0]["x"].shape[1])
        print(f"{held:20} {len(test):10} {sum(g['y'].any() for g in test):11} {first_right(test, None):17} "
              f"{first_right_within(test, np.asarray(WEIGHTS), MAX_GAP):14} {first_right_within(test, w, MAX_GAP):15}")


GAPS = (0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5, 9.0)


def gaps(groups: list[dict]) -> None:
    """Questions whose first window holds the answer, per corpus, when only windows within each gap of the best word
    score may move up (window_rank.MAX_GAP), with the shipped weights."""
    from agents.answers.window_rank import WEIGHTS

    w = np.asarray(WEIGHTS)
    corpora = sorted({g["corpus"] for g in groups})
    print("gap    " + "  ".join(f"{c:>12}" for c in corpora) + "    all")
    for gap in GAPS:
        hits = {c: first_right_within([g for g in groups if g["corpus"] == c], w, gap) for c in corpora}
        print(f"{gap:<6} " + "  ".join(f"{hits[c]:>12}" for c in corpora) + f"  {sum(hits.values()):>5}")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--lihua", help="LiHua-World: a folder as for bench/answers.py --index (corpus/ and index/)")
    parser.add_argument("--dump", help="write every dev window's features here")
    parser.add_argument("--load", help="read a --dump file")
    parser.add_argument("--fit", action="store_true", help="leave-one-corpus-out figures and the weights")
    parser.add_argument("--likelihood", help="with --load: read the question's likelihood for each question's first "
                        "windows, save them to this file (or load it when it exists) and report each top/weight")
    parser.add_argument("--answerable", help="with --load: label each window by whether the readings state the gold "
                        "from it, save to this file (or load it when it exists) and fit to that label")
    parser.add_argument("--refeature", action="store_true", help="with --load: describe the dumped windows again with "
                        "the current features first")
    parser.add_argument("--gaps", action="store_true", help="the shipped weights under each bound on the moved windows")
    args = parser.parse_args(argv)
    if args.dump:
        dump(args)
    if args.load and (args.fit or args.gaps or args.likelihood or args.answerable):
        groups = pickle.loads(Path(args.load).read_bytes())
        if args.refeature:
            groups = refeature(groups)
        if args.answerable:
            saved = Path(args.answerable)
            groups = pickle.loads(saved.read_bytes()) if saved.exists() else answerable(groups)
            saved.write_bytes(pickle.dumps(groups))
            answerable_report(groups)
        elif args.likelihood:
            saved = Path(args.likelihood)
            rows = pickle.loads(saved.read_bytes()) if saved.exists() else likelihoods(groups)
            saved.write_bytes(pickle.dumps(rows))
            likelihood_report(rows)
        elif args.fit:
            report(groups)
        else:
            gaps(groups)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
