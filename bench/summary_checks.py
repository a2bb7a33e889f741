"""The parts of bench/summaries.py that are not the ACLSum report: the misstatement check, the weight
search on train, the fact checklists of the generated documents, and the long-document timings."""
from __future__ import annotations

import os
import random
import sys
import tempfile
import time
from dataclasses import asdict
from pathlib import Path

# the facts a summary of each generated document must keep (tests/answer_docs.py): name -> spellings
CONTRACT_FACTS = {"landlord": ("Margaret Okafor",), "tenant": ("Daniel Reyes",), "property": ("14 Larch Road",),
                  "start date": ("1 April 2024",), "rent": ("£1,725",), "deposit": ("£2,070",),
                  "notice": ("two (2) months", "2 months", "two months")}
MEETING_FACTS = {"meeting date": ("12 March 2024",), "decision": ("€48,000",),
                 "action: design review": ("will lead the design review",),
                 "action: test hardware": ("will order the test hardware",)}


def misstated(text: str, document: str) -> bool:
    """Does a sentence of the summary state a number, name or relation the document does not?"""
    from agents.answers.claims import keep_supported

    return bool(text.strip()) and bool(keep_supported(text, [document])[1])


def _prepared(paper, embed, cache: Path):
    """A paper's candidate sentences, their similarity (MiniLM vectors cached on disk) and features."""
    import numpy as np

    from agents.summaries.salience import features, similarity_matrix
    from agents.summaries.units import document_units, selectable

    title, units = document_units([(None, paper.markdown())])
    pool = [u for u in units if selectable(u)]
    file = cache / f"{paper.pid}-{len(pool)}.npy"
    if not file.exists():
        np.save(file, np.asarray(embed([u.text for u in pool]), dtype=np.float32))
    vectors = np.load(file)
    similarity = similarity_matrix(pool, lambda _texts: vectors)
    return title, pool, similarity, features(pool, similarity, title)


def _checklists_kept(embed):
    """A test of (weights, tuning): do the extractive short summaries of the generated contract and meeting
    note keep every checklist fact? (The product requirement the search on train must respect.)"""
    from agents.experts.base import drain
    from agents.experts.summarizer import Summarizer
    from agents.platform.cancel import CancelToken
    from agents.summaries.modes import plain
    from tests.answer_docs import CONTRACT, MEETING, contains_fact

    docs = ((list(enumerate(CONTRACT, 1)), CONTRACT_FACTS),
            ([(None, "# Project Falcon kickoff\n\n" + "\n\n".join(MEETING))], MEETING_FACTS))

    def kept(weights, tuning) -> bool:
        for pages, facts in docs:
            result = drain(Summarizer(None, embed=embed, weights=weights, tuning=tuning).run(  # type: ignore[arg-type]
                pages, name="doc", mode="short", cancel=CancelToken(), emit_tokens=False))
            if not all(contains_fact(plain(result.text), spellings) for spellings in facts.values()):
                return False
        return True

    return kept


def tune(train: list) -> int:
    """Coordinate search of the salience weights, then the budgets, maximizing ROUGE-1 + ROUGE-L on train,
    among the settings whose short summaries keep the generated documents' checklist facts."""
    from agents.platform.cancel import CancelToken
    from agents.summaries import compose
    from agents.summaries.modes import plain, render
    from agents.summaries.salience import DEFAULT_WEIGHTS, FEATURES, scores
    from rouge_score import rouge_scorer

    from rag.embedder import shared_embedder

    embedder = shared_embedder()
    cache = Path(tempfile.gettempdir()) / "enclave-aclsum-vectors"
    cache.mkdir(exist_ok=True)
    prepared = []
    for n, paper in enumerate(train, 1):
        prepared.append(_prepared(paper, embedder.encode, cache))
        print(f"\r  prepared {n}/{len(train)}", end="", file=sys.stderr, flush=True)
    rouge = rouge_scorer.RougeScorer(["rouge1", "rougeL"], use_stemmer=False)     # the reported figures' kind

    def value(weights, tuning) -> float:
        total = 0.0
        for paper, (title, pool, similarity, rows) in zip(train, prepared):
            scored = compose.Scored(title, pool, scores(rows, weights), similarity)
            text = plain(render("short", compose.short(scored, tuning, "extractive", None, CancelToken()).items))
            got = rouge.score(paper.gold, text)
            total += 100 * (got["rouge1"].fmeasure + got["rougeL"].fmeasure)
        return total / (2 * len(train))

    kept = _checklists_kept(embedder.encode)
    weights, tuning = DEFAULT_WEIGHTS, compose.Tuning()
    best = value(weights, tuning)
    print(f"start keeps the checklists: {kept(weights, tuning)}", file=sys.stderr)
    print(f"start: mean(R-1, R-L) {best:.2f}", file=sys.stderr)
    for _round in range(2):
        for name in FEATURES:
            for v in (-1.0, 0.0, 0.5, 1.0, 2.0, 3.0):
                trial = weights.replace(**{name: v})
                got = value(trial, tuning)
                if got > best + 1e-9 and kept(trial, tuning):
                    best, weights = got, trial
                    print(f"  {name}={v}: {best:.2f}", file=sys.stderr)
        for knob, values in (("short_words", (55, 65, 75, 85, 100, 120)), ("diversity", (0.0, 0.15, 0.3, 0.5, 0.7)),
                             ("fact_gain", (0.0, 0.1, 0.25, 0.5, 1.0)), ("short_items", (4, 5, 6))):
            for v in values:
                trial = compose.Tuning(**{**asdict(tuning), knob: v})
                got = value(weights, trial)
                if got > best + 1e-9 and kept(weights, trial):
                    best, tuning = got, trial
                    print(f"  {knob}={v}: {best:.2f}", file=sys.stderr)
    print(f"best on train ({len(train)} papers): mean(R-1, R-L) {best:.2f}\n{weights}\n{tuning}")
    return 0


def _summaries(paths: list[Path], modes: tuple[str, ...]) -> dict[tuple[str, str], tuple[str, float]]:
    from agents.api import Enclave, FinalAnswer

    out = {}
    with Enclave() as enclave:
        for path in paths:
            for mode in modes:
                t0 = time.perf_counter()
                text = next((e.text for e in enclave.summarize(path, mode=mode) if isinstance(e, FinalAnswer)), "")
                out[(path.name, mode)] = (text, time.perf_counter() - t0)
    return out


def checklist_report() -> int:
    """Short summary and key points of the generated contract and meeting note: which facts each keeps."""
    from agents.summaries.modes import plain
    from tests.answer_docs import CONTRACT, MEETING, contains_fact, make_documents

    with tempfile.TemporaryDirectory() as home:
        os.environ["ENCLAVE_HOME"] = home
        folder = make_documents(Path(home) / "docs")
        docs = {"rental_contract.pdf": (CONTRACT_FACTS, " ".join(CONTRACT)),
                "falcon_kickoff.md": (MEETING_FACTS, " ".join(MEETING))}
        got = _summaries([folder / name for name in docs], ("short", "key-points"))
    print("\nGenerated documents: the facts each summary keeps")
    for (name, mode), (text, seconds) in got.items():
        facts, source = docs[name]
        kept = [fact for fact, spellings in facts.items() if contains_fact(plain(text), spellings)]
        lost = [fact for fact in facts if fact not in kept]
        print(f"{name} {mode}: {len(kept)}/{len(facts)} facts kept{' (lost: ' + ', '.join(lost) + ')' if lost else ''}; "
              f"misstated: {'yes' if misstated(plain(text), source) else 'no'}; {seconds:.1f}s")
        print("   " + text.replace("\n", "\n   "))
    return 0


def long_pdf(path: Path, pages: int = 300, seed: int = 7) -> Path:
    """A generated report of `pages` pages of varied prose with figures, names and dates."""
    from tests.rag_docs import make_pdf

    rng = random.Random(seed)
    subjects = ["The harbour authority", "The survey team", "Councillor Ada Brennan", "The review board",
                "The ferry operator", "The finance office", "Inspector Tomas Vidal", "The port engineers"]
    verbs = ["reported", "estimated", "recommended", "approved", "measured", "questioned", "recorded", "proposed"]
    objects = ["repairs to the north quay", "a new tide gauge", "dredging of the channel", "a fare increase",
               "the winter timetable", "storm damage to pier {n}", "a budget of £{k},000", "{n} berths for visitors"]
    months = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October"]
    text_pages = []
    for page in range(1, pages + 1):
        sentences = []
        for _ in range(12):
            obj = rng.choice(objects).format(n=rng.randint(2, 40), k=rng.randint(10, 900))
            sentences.append(f"{rng.choice(subjects)} {rng.choice(verbs)} {obj} on {rng.randint(1, 28)} "
                             f"{rng.choice(months)} {rng.choice((2021, 2022, 2023))}.")
        text_pages.append(f"Harbour report, part {page}. " + " ".join(sentences))
    return make_pdf(path, text_pages)


def long_report(split_papers: list) -> int:
    """Seconds for a 300-page PDF (indexing included, and the summary alone) and the split's largest paper."""
    from agents.api import Enclave, FinalAnswer, Progress
    from bench.summaries import _write

    with tempfile.TemporaryDirectory() as home:
        os.environ["ENCLAVE_HOME"] = home
        pdf = long_pdf(Path(home) / "harbour-report.pdf")
        largest = max(split_papers, key=lambda p: len(p.markdown()))
        paper = _write(Path(home), largest)
        with Enclave() as enclave:
            enclave.load_model()
            for path in (pdf, paper):
                for index_first in (True, False):
                    t0 = time.perf_counter()
                    events = list(enclave.summarize(path, mode="short", index_first=index_first))
                    seconds = time.perf_counter() - t0
                    text = next((e.text for e in events if isinstance(e, FinalAnswer)), "(no summary)")
                    steps = sum(isinstance(e, Progress) for e in events)
                    print(f"{path.name} ({'indexing first' if index_first else 'already indexed'}): "
                          f"{seconds:.1f}s, {steps} progress events (load average {os.getloadavg()[0]:.2f})")
                    print("   " + text[:400])
    return 0


__all__ = ["checklist_report", "long_report", "misstated", "tune"]
