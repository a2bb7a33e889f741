"""Answer accuracy on LiHua-World: the whole orchestrator against a naive RAG baseline, same model.

    .venv/bin/python bench/answers.py --index DIR [--split test] [--limit N] [--model PATH] [--report FILE]
    .venv/bin/python bench/answers.py --generated [--model PATH]   # the generated contract + meeting note
    add --answer-style write to let the model write (what "auto" does for a model of ~1B+ parameters)

Indexes the 442 chat logs with the real Library (or reuses DIR/index from an earlier
run of this benchmark or of bench/lihua_retrieval.py --keep DIR), then asks every
question of one split (bench/lihua.py: a hash of the question id; tune on dev,
report test) twice:
- enclave: Orchestrator.run(question), exactly what `enclave ask` does;
- naive:   the top-3 vector passages (no keywords, no graph, no checking) in one
           prompt to the same model, as MiniRAG's NaiveRAG baseline.
Scoring needs no judge model (bench/answer_scoring.py): gold-token recall >= 0.5,
yes/no polarity, "says it does not know" on Null questions. Also prints the share of
shown answers with a number, date or name that the passages they cite do not contain,
and the median seconds per question. `--limit N` takes a fixed prefix of the split's
hashed order, so a shorter run is the same sample every time.
"""
from __future__ import annotations

import argparse
import json
import statistics
import os
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# the code under test: PYTHONPATH's checkout where one is given (another engineer's worktree), else this one
sys.path.insert(len(sys.path) if os.environ.get("PYTHONPATH") else 0, str(ROOT))

from bench import lihua  # noqa: E402
from bench.answer_scoring import correct, is_refusal  # noqa: E402

NAIVE_K = 3
NAIVE_PASSAGE_TOKENS = 220
NAIVE_PROMPT = "Answer the question using the context.\n\nContext:\n{context}\n\nQuestion: {question}"


def naive_answer(model, library, question: str) -> tuple[str, list]:
    """Top-k vector passages, each cut to a token budget, then one free answer from the model."""
    from agents.experts.base import prompt

    retriever = library.retriever
    vector = retriever.vector_ranking(library.embedder.encode([question])[0], NAIVE_K)
    chunks = library.store.chunks_by_rowid(r for r, _ in vector)
    texts = []
    for rowid, _ in vector:
        if rowid in chunks:
            words = chunks[rowid].text.split()
            while words and model.count_tokens(" ".join(words)) > NAIVE_PASSAGE_TOKENS:
                words = words[: int(len(words) * 0.85)]
            texts.append(" ".join(words))
    messages = prompt(NAIVE_PROMPT.format(context="\n\n".join(texts), question=question))
    return model.chat_text(messages, max_tokens=120, temperature=0.1).strip(), texts


def enclave_answer(orchestrator, question: str) -> tuple[str, list]:
    from agents.events import ErrorEvent, FinalAnswer

    for event in orchestrator.run(question):
        if isinstance(event, FinalAnswer):
            return event.text, list(event.citations)
        if isinstance(event, ErrorEvent):
            return f"[error] {event.message}", []
    return "", []


def unsupported_shown(answer: str, sources: list[str]) -> bool:
    """An answer shown as fact (not a refusal) with a claim its sources lack (its citation labels are no claims)."""
    from agents.answers.claims import unsupported
    from agents.answers.evidence import split_sentences

    if is_refusal(answer) or not answer.strip():
        return False
    from bench.cited import without_labels

    return any(unsupported(s, sources) for s in split_sentences(without_labels(answer)) if "\"" not in s and "“" not in s)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index", type=Path, help="work folder: corpus/ and index/ (made if absent)")
    parser.add_argument("--generated", action="store_true",
                        help="ask the questions of tests/answer_docs.py about its generated documents instead")
    parser.add_argument("--split", choices=lihua.SPLITS, default="test")
    parser.add_argument("--limit", type=int, default=0, help="only the first N questions of the split's fixed order")
    parser.add_argument("--model", type=Path, help="a GGUF file (default: the embedded SmolLM2-135M)")
    parser.add_argument("--systems", default="enclave,naive")
    parser.add_argument("--answer-style", choices=("auto", "quotes", "write"), default="auto",
                        help="Enclave's answer_style setting (auto: write only with a model of ~1B+ parameters)")
    parser.add_argument("--report", type=Path, help="write every answer and its score as JSON here")
    parser.add_argument("--tables", type=Path, help="print the tables of an earlier --report (first --limit rows)")
    args = parser.parse_args(argv)

    from agents.engine.model_source import embedded_model_path
    from agents.orchestrator import Orchestrator, library_embedder
    from agents.engine.runtime import LocalModel, ModelConfig
    from agents.platform.settings import Settings
    from rag.library import Library

    if args.tables:
        rows = json.loads(args.tables.read_text(encoding="utf-8"))
        return print_tables(rows[: args.limit or None], f"{args.tables.name}, split {args.split}")
    if args.generated:
        return generated(args)
    if args.index is None:
        parser.error("--index DIR is needed for LiHua-World (or use --generated)")
    corpus = args.index / "corpus"
    lihua.unpack(corpus)
    library = Library(args.index / "index")
    if not any(r.status.value == "indexed" for r in library.documents()):
        print("indexing the corpus (once)...", file=sys.stderr, flush=True)
        list(library.index([corpus]))
    model_path = args.model or embedded_model_path()
    model = LocalModel(ModelConfig(path=model_path, context_size=4096))
    model.load()
    orchestrator = Orchestrator(model, library, settings=Settings(answer_style=args.answer_style),
                                embed=library_embedder(library))
    questions = lihua.questions(args.split)
    if args.limit:
        questions = questions[: args.limit]
    systems = args.systems.split(",")
    right: dict[str, dict[str, list[int]]] = {s: defaultdict(list) for s in systems}
    claims_bad: dict[str, list[int]] = {s: [] for s in systems}
    seconds: dict[str, list[float]] = {s: [] for s in systems}
    rows = []
    library.search("warm up", k=3)
    for n, q in enumerate(questions, 1):
        row = {"id": q.qid, "type": q.type, "question": q.text, "gold": q.answer}
        for system in systems:
            t0 = time.perf_counter()
            if system == "naive":
                text, sources = naive_answer(model, library, q.text)
            else:
                text, citations = enclave_answer(orchestrator, q.text)
                sources = [_cited_text(library, c) for c in citations]
            seconds[system].append(time.perf_counter() - t0)
            ok = correct(text, q.answer, q.type)
            right[system][q.type].append(int(ok))
            claims_bad[system].append(int(unsupported_shown(text, sources)))
            row[system] = {"answer": text, "correct": ok, "seconds": round(seconds[system][-1], 2),
                           "unsupported": bool(claims_bad[system][-1])}
        rows.append(row)
        if args.report:      # after every question, so a long run that is stopped still leaves its answers
            args.report.write_text(json.dumps(rows, indent=1, ensure_ascii=False))
        print(f"  {n}/{len(questions)} " + " ".join(f"{s}={int(row[s]['correct'])}" for s in systems),
              file=sys.stderr, flush=True)
    print(f"LiHua-World answer accuracy, split={args.split} ({len(questions)} questions"
          f"{', fixed prefix of the hashed order' if args.limit else ''}), model {Path(model_path).name}")
    print("correct: gold-token recall >= 0.5 (dates normalized), yes/no by polarity, Null: says it does not know")
    print(f"{'system':<9}{'all':>14}{'Single':>14}{'Multi':>14}{'Null':>14}{'unsupported':>13}{'s/question':>12}")
    for system in systems:
        cells = []
        every = [x for xs in right[system].values() for x in xs]
        for values in (every, right[system]["Single"], right[system]["Multi"], right[system]["Null"]):
            cells.append(f"{sum(values)}/{len(values)} {100 * sum(values) / max(1, len(values)):4.0f}%")
        bad = claims_bad[system]
        print(f"{system:<9}" + "".join(f"{c:>14}" for c in cells)
              + f"{100 * sum(bad) / max(1, len(bad)):12.0f}%{statistics.median(seconds[system]):11.1f}s")
    model.close()
    library.close()
    return 0


def print_tables(rows: list[dict], what: str) -> int:
    """Accuracy by question type, unsupported claims and median seconds, from report rows (the answers are
    scored again with the current bench/answer_scoring.py, so an older report reads the same as a new one)."""
    systems = [s for s in ("enclave", "naive") if rows and s in rows[0]]
    for row in rows:
        for system in systems:
            row[system]["correct"] = correct(row[system]["answer"], row["gold"], row["type"])
    print(f"{what}: {len(rows)} questions")
    print(f"{'system':<9}{'all':>14}{'Single':>14}{'Multi':>14}{'Null':>14}{'unsupported':>13}{'s/question':>12}")
    for system in systems:
        cells = []
        for kind in (None, "Single", "Multi", "Null"):
            values = [int(r[system]["correct"]) for r in rows if kind is None or r["type"] == kind]
            cells.append(f"{sum(values)}/{len(values)} {100 * sum(values) / max(1, len(values)):4.0f}%")
        bad = [int(r[system].get("unsupported", False)) for r in rows]
        seconds = statistics.median(r[system].get("seconds", 0.0) for r in rows)
        print(f"{system:<9}" + "".join(f"{c:>14}" for c in cells)
              + f"{100 * sum(bad) / max(1, len(bad)):12.0f}%{seconds:11.1f}s")
    return 0


def generated(args) -> int:
    """Accuracy and unsupported claims on the generated documents (facts known, two absent things)."""
    import tempfile

    from agents.engine.model_source import embedded_model_path
    from agents.orchestrator import Orchestrator, library_embedder
    from agents.engine.runtime import LocalModel, ModelConfig
    from agents.platform.settings import Settings
    from rag.library import Library
    from tests.answer_docs import QUESTIONS, contains_fact, make_documents

    work = Path(tempfile.mkdtemp(prefix="answers-generated-"))
    library = Library(work / "index")
    list(library.index([make_documents(work / "docs")]))
    model = LocalModel(ModelConfig(path=args.model or embedded_model_path(), context_size=4096))
    model.load()
    orchestrator = Orchestrator(model, library, settings=Settings(answer_style=args.answer_style),
                                embed=library_embedder(library))
    systems = args.systems.split(",")
    totals = {s: [0, 0, 0] for s in systems}      # right, unsupported shown, asked
    for question, fact in QUESTIONS:
        for system in systems:
            if system == "naive":
                text, sources = naive_answer(model, library, question)
            else:
                text, citations = enclave_answer(orchestrator, question)
                sources = [_cited_text(library, c) for c in citations]
            shown = text.split("\nFrom ", 1)[0]
            right = is_refusal(text) if fact is None else (contains_fact(shown, fact) and not is_refusal(text))
            bad = unsupported_shown(shown, sources)
            totals[system][0] += right
            totals[system][1] += bad
            totals[system][2] += 1
            print(f"  [{system}] {question} -> {' '.join(text.split())[:110]} ({'right' if right else 'WRONG'}"
                  f"{', unsupported claim' if bad else ''})", file=sys.stderr, flush=True)
    print(f"generated documents (tests/answer_docs.py): {len(QUESTIONS)} questions, "
          f"{sum(f is None for _, f in QUESTIONS)} about absent things; model {Path(args.model or embedded_model_path()).name}, "
          f"answer_style {args.answer_style}")
    for system, (right, bad, asked) in totals.items():
        print(f"{system:<9} right {right}/{asked}; shown answers with an unsupported claim {bad}/{asked}")
    model.close()
    library.close()
    return 0


def _cited_text(library, citation) -> str:
    """The text of the cited page or section - what the claim check compares with (bench/cited.py)."""
    from bench.cited import cited_text

    return cited_text(library, citation)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
