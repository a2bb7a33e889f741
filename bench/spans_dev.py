"""How a short answer span is chosen among several: dev splits only, the real SmolLM2.

    .venv/bin/python bench/spans_dev.py [--lihua DIR] [--realdocs] [--limit N]

Runs the retrieval expert (agents/experts/retrieval.answer_from_documents) on the dev questions that
have an answer, once per way of choosing a span among several candidates (retrieval.CHOOSE):
- nearest: the candidate nearest to the question's words in the best sentence, no model call;
- model:   the model's grammar-constrained choice whenever there is more than one candidate;
- auto:    the nearest when it is at most half as far as the next, else the model.
- likelihood, pmi: where the model would choose, the span likeliest as the continuation of "passage, question,
  answer:" under the embedded model instead (bench/question_likelihood.py; pmi: set against the span's likelihood
  with no passage). Measured in round 11 (--realdocs --lihua DIR --limit 60): answer line states the gold,
  real documents dev auto 48, likelihood 47, pmi 47 of 60; LiHua dev 16, 15, 14 of 60. Not shipped.
It prints, per corpus, the share of answerable questions whose answer line (the first line, before the
quote) states the gold answer, and how many answer lines were short spans rather than the quote.
The expert keeps the better one.
The test splits are never read here.
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# the code under test: PYTHONPATH's checkout where one is given (another engineer's worktree), else this one
sys.path.insert(len(sys.path) if os.environ.get("PYTHONPATH") else 0, str(ROOT))

from bench import lihua  # noqa: E402
from bench.answer_scoring import answer_line, correct, is_refusal, states  # noqa: E402


def _questions(args) -> list[tuple[str, object, str, object]]:
    """(corpus, library, question, does-this-line-state-the-gold) for the answerable dev questions."""
    from rag.library import Library

    out = []
    if args.lihua:
        lihua.unpack(args.lihua / "corpus")
        library = Library(args.lihua / "index")
        chosen = [q for q in lihua.questions("dev") if q.type != "Null"][: args.limit or None]
        out += [("LiHua dev", library, q.text, lambda line, q=q: correct(line, q.answer, q.type)) for q in chosen]
    if args.realdocs:
        from bench import realdocs_data
        from bench.refusal_dev import realdocs_library

        _, library = realdocs_library()
        chosen = [q for q in realdocs_data.questions("dev") if not q.absent][: args.limit or None]
        out += [("real documents dev", library, q.text,
                 lambda line, q=q: states(line, list(q.gold))) for q in chosen]
    return out


SCORED = ("likelihood", "pmi")
LEAD = "Passage: {passage}\nQuestion: {question}\nAnswer:"
BARE = "Answer:"


def scored_choice(grammar_choice, pmi: bool):
    """A stand-in for the expert's `_choose`: the span likeliest as the answer under the embedded model (with `pmi`,
    less its likelihood after no passage); yes/no stays the grammar's."""
    from agents.engine.runtime import physical_cores
    from bench.question_likelihood import continuation_likelihood

    def choose(model, question, quoted, options, cancel) -> str:
        if set(options) == {"yes", "no"}:
            return grammar_choice(model, question, quoted, options, cancel)
        passage = " ".join(" ".join(w.quote.split()) for w in quoted)
        spans = [" " + " ".join(o.split()) for o in options]
        scores = continuation_likelihood(LEAD.format(passage=passage, question=question), spans, physical_cores())
        if pmi:
            scores = [s - bare for s, bare in zip(scores, continuation_likelihood(BARE, spans, physical_cores()))]
        return options[max(range(len(options)), key=lambda i: scores[i])]
    return choose


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lihua", type=Path, help="LiHua-World work folder with corpus/ and index/")
    parser.add_argument("--realdocs", action="store_true",
                        help="the real-document dev split (bench/realdocs.py's library, indexed there once)")
    parser.add_argument("--limit", type=int, default=0, help="the first N answerable questions of each dev split")
    parser.add_argument("--model", type=Path, help="a GGUF file (default: the embedded SmolLM2-135M)")
    parser.add_argument("--choices", default="nearest,auto,model",
                        help="which ways of choosing to run (also: likelihood, pmi)")
    args = parser.parse_args(argv)

    from agents.engine.model_source import embedded_model_path
    from agents.engine.runtime import LocalModel, ModelConfig
    from agents.experts import retrieval
    from agents.platform.cancel import CancelToken

    questions = _questions(args)
    if not questions:
        parser.error("give --lihua DIR and/or --realdocs")
    model = LocalModel(ModelConfig(path=args.model or embedded_model_path(), context_size=4096))
    model.load()
    print(f"{'choice':<11}{'corpus':<22}{'answer line states the gold':>30}{'short spans':>14}")
    grammar_choice = retrieval._choose
    for choice in args.choices.split(","):
        retrieval.CHOOSE = choice if choice not in SCORED else retrieval.AUTO
        retrieval._choose = scored_choice(grammar_choice, choice == "pmi") if choice in SCORED else grammar_choice
        cells: dict[str, list[int]] = {}
        for corpus, library, question, check in questions:
            run = retrieval.answer_from_documents(model, library, question, cancel=CancelToken(), emit_tokens=False)
            while True:
                try:
                    next(run)
                except StopIteration as done:
                    text = done.value.text
                    break
            line = answer_line(text)        # the first line without its citation; "" for a quote
            short = bool(line) and not is_refusal(line)
            cell = cells.setdefault(corpus, [0, 0, 0])
            cell[0] += bool(short and check(line))
            cell[1] += short
            cell[2] += 1
        for corpus, (right, short, total) in sorted(cells.items()):
            print(f"{choice:<11}{corpus:<22}{f'{right}/{total} {100 * right / max(1, total):.0f}%':>30}{short:>14}")
    retrieval.CHOOSE, retrieval._choose = retrieval.AUTO, grammar_choice
    model.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
