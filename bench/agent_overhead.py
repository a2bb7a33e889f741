"""Benchmark: the agent layer over a library of 20 generated PDFs, with the embedded model.

Prints, in one run: time to first token and total time per document question;
the share of wall time spent outside llama.cpp (split into retrieval and the
agent layer itself; target for the agent layer: under 10%); prompt tokens per
question before compression (all retrieved passages, whole) and after (what the
model was actually given); and summarization speed (pages per minute) for a
50-page PDF. Figures, not a test. Run: .venv/bin/python -m bench.agent_overhead (or: python bench/agent_overhead.py)
"""
from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path



sys.path.insert(0, str(Path(__file__).resolve().parents[1]))   # also runs by path: python bench/<name>.py

from agents.answers.evidence import Evidence
from agents.events import FinalAnswer, RouteChosen, Token
from agents.experts.retrieval import build_prompt
from agents.engine.model_source import embedded_model_path
from agents.orchestrator import Orchestrator, library_embedder
from agents.engine.runtime import LocalModel, ModelConfig
from tests.rag_docs import make_pdf

PRODUCTS = ["Orion boiler", "Vega heat pump", "Lyra thermostat", "Atlas radiator", "Nova solar panel",
            "Juno water tank", "Helix fan", "Cobalt inverter", "Zephyr air filter", "Quartz meter",
            "Pioneer chimney", "Delta valve", "Sirius pump", "Comet sensor", "Titan furnace",
            "Aurora lamp", "Mistral ventilator", "Polar chiller", "Ember stove", "Summit humidifier"]
QUESTIONS = [("How long is the warranty for the Orion boiler?", "product-00.pdf", 2),
             ("What does the Vega heat pump cost?", "product-01.pdf", 3),
             ("Who is the service contact for the Lyra thermostat?", "product-02.pdf", 4),
             ("Where is the Titan furnace manufactured?", "product-14.pdf", 1),
             ("How long is the warranty for the Summit humidifier?", "product-19.pdf", 2)]


def product_pages(i: int, name: str) -> list[str]:
    filler = ("The product line was reviewed by the quality team this year. Customers reported steady "
              "performance in cold and warm seasons. The design follows the company's standard housing. ")
    return [f"Product sheet for the {name}. The {name} is manufactured in plant {i + 3} in Bergen. " + filler,
            f"Warranty. The warranty for the {name} lasts {i % 7 + 2} years from installation. " + filler,
            f"Pricing. The {name} costs {1000 + 37 * i} euros including installation. " + filler,
            f"Service. The service contact for the {name} is engineer number {500 + i}. " + filler]


class TimedModel:
    """The real model; counts the seconds spent inside llama.cpp calls."""

    def __init__(self, model: LocalModel) -> None:
        self.model = model
        self.inside = 0.0
        self.prompt_tokens: list[int] = []
        self.stats: list = []              # GenerationStats of each finished chat call

    @property
    def context_size(self) -> int:
        return self.model.context_size

    def chat(self, messages, **kwargs):
        iterator = self.model.chat(messages, **kwargs)
        while True:
            start = time.perf_counter()
            try:
                token = next(iterator)
            except StopIteration:
                self.inside += time.perf_counter() - start
                if self.model.last_stats:
                    self.prompt_tokens.append(self.model.last_stats.prompt_tokens)
                    self.stats.append(self.model.last_stats)
                return
            self.inside += time.perf_counter() - start
            yield token

    def chat_text(self, messages, **kwargs):
        return "".join(self.chat(messages, **kwargs))

    def structured(self, messages, schema, **kwargs):
        start = time.perf_counter()
        try:
            return self.model.structured(messages, schema, **kwargs)
        finally:
            self.inside += time.perf_counter() - start

    def count_tokens(self, text):
        start = time.perf_counter()
        try:
            return self.model.count_tokens(text)
        finally:
            self.inside += time.perf_counter() - start


class TimedLibrary:
    def __init__(self, library) -> None:
        self.library = library
        self.seconds = 0.0
        self.last_hits = []

    def __getattr__(self, name):
        return getattr(self.library, name)

    @property
    def embedder(self):
        return self.library.embedder

    def search(self, query, k=8):
        start = time.perf_counter()
        self.last_hits = self.library.search(query, k=k)
        self.seconds += time.perf_counter() - start
        return self.last_hits


def main(argv: list[str]) -> int:
    from rag.library import Library

    only = argv[0] if argv else ""      # "questions" or "summary" runs one half

    work = Path(tempfile.mkdtemp(prefix="enclave-bench-agents-"))
    docs = work / "docs"
    docs.mkdir()
    for i, name in enumerate(PRODUCTS):
        make_pdf(docs / f"product-{i:02d}.pdf", product_pages(i, name))
    started = time.perf_counter()
    library = Library(work / "library")
    list(library.index([docs]))
    library.search("warm-up", k=1)
    print(f"library: {len(library.documents())} PDFs indexed in {time.perf_counter() - started:.1f} s")

    raw = LocalModel(ModelConfig(path=embedded_model_path(), context_size=4096))
    started = time.perf_counter()
    raw.load()
    print(f"model: {raw.info.name if raw.info else '?'} loaded in {time.perf_counter() - started:.1f} s")
    model = TimedModel(raw)
    timed_library = TimedLibrary(library)
    orchestrator = Orchestrator(model, timed_library, embed=library_embedder(library))
    list(orchestrator.run("warm up the router and the KV cache: what is the warranty?"))

    rows = []
    for question, expected_file, expected_page in ([] if only == "summary" else QUESTIONS):
        model.inside, timed_library.seconds, model.prompt_tokens = 0.0, 0.0, []
        start = time.perf_counter()
        first = None
        route = answer = None
        for event in orchestrator.run(question):
            if isinstance(event, Token) and first is None:
                first = time.perf_counter() - start
            elif isinstance(event, RouteChosen):
                route = event
            elif isinstance(event, FinalAnswer):
                answer = event
        total = time.perf_counter() - start
        hits = timed_library.last_hits
        full = [Evidence(p, " ".join(p.text.split())) for p in hits]
        before = raw.count_tokens(raw.render(build_prompt(question, full))) if full else 0
        after = model.prompt_tokens[-1] if model.prompt_tokens else 0
        cited = answer.citations[0] if answer and answer.citations else None
        right = bool(cited and Path(cited.path).name == expected_file and cited.page == expected_page)
        rows.append((question, route, first or total, total, model.inside, timed_library.seconds, before, after,
                     right))
        print(f"  {question} -> {cited.label if cited else 'no citation'}: {answer.text[:120] if answer else ''!r}",
              flush=True)

    if rows:
        print_questions(rows, raw)
    if only != "questions":
        summarize_bench(orchestrator, model, raw, work)
    raw.close()
    library.close()
    return 0


def print_questions(rows: list, raw: LocalModel) -> None:
    print("\nDocument questions (library of 20 PDFs, embedded SmolLM2-135M, "
          f"{raw.config.threads or 'all'} threads):")
    print(f"{'question':52} {'route':>14} {'TTFT s':>7} {'total s':>7} {'llama%':>7} {'search%':>7} "
          f"{'agent%':>7} {'tok before':>10} {'tok after':>9} {'source ok':>9}")
    for q, route, ttft, total, inside, search, before, after, right in rows:
        agent = total - inside - search
        print(f"{q[:52]:52} {route.route.value + '/' + route.decided_by:>14} {ttft:7.2f} {total:7.2f} "
              f"{100 * inside / total:6.1f}% {100 * search / total:6.1f}% {100 * agent / total:6.1f}% "
              f"{before:10d} {after:9d} {str(right):>9}")
    totals = [r[3] for r in rows]
    inside = sum(r[4] for r in rows)
    search = sum(r[5] for r in rows)
    wall = sum(totals)
    print(f"\nmedian time to first token {statistics.median(r[2] for r in rows):.2f} s, "
          f"median total {statistics.median(totals):.2f} s")
    print(f"wall time outside llama.cpp: {100 * (wall - inside) / wall:.1f}% "
          f"(retrieval {100 * search / wall:.1f}%, agent layer {100 * (wall - inside - search) / wall:.1f}%)")
    print(f"prompt tokens per question: before compression mean {statistics.mean(r[6] for r in rows):.0f}, "
          f"after mean {statistics.mean(r[7] for r in rows):.0f}")
    print(f"right file and page cited first: {sum(r[8] for r in rows)}/{len(rows)}")

def summarize_bench(orchestrator: Orchestrator, model: TimedModel, raw: LocalModel, work: Path) -> None:
    # Fuller pages (~160 words each): the figure must hold for real documents, not slides.
    pages = [f"Section {n}. " + " ".join(product_pages((n + k) % 20, PRODUCTS[(n + k) % 20])[k % 4]
                                         for k in range(4)) for n in range(1, 51)]
    plan = work / "plan-50.pdf"
    make_pdf(plan, pages)
    model.inside, model.prompt_tokens, model.stats = 0.0, [], []
    start = time.perf_counter()
    events = list(orchestrator.summarize(plan, mode="short"))
    seconds = time.perf_counter() - start
    final = events[-1]
    words = sum(len(p.split()) for p in pages)
    print(f"\nsummarize 50-page PDF ({words} words, {raw.count_tokens(' '.join(pages))} tokens): "
          f"{seconds:.1f} s = {50 / seconds * 60:.0f} pages/min "
          f"(llama.cpp {100 * model.inside / seconds:.0f}% of it); summary: "
          f"{getattr(final, 'text', final)!s:.160}")
    print(f"  {len(model.prompt_tokens)} model calls, {sum(model.prompt_tokens)} prompt tokens in all; "
          f"load average during the run {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    prompt = sum(st.prompt_tokens for st in model.stats)
    generated = sum(st.completion_tokens for st in model.stats)
    prefill = sum(st.seconds_to_first_token for st in model.stats)
    decode = sum(st.seconds_total - st.seconds_to_first_token for st in model.stats)
    projected = prompt / 100 + generated / 55
    print(f"  measured here: {prompt / prefill:.0f} prompt tok/s, {generated / max(decode, 1e-9):.0f} generated tok/s "
          f"({generated} generated); at the reference machine's 100 / 55 tok/s this is {projected:.0f} s = "
          f"{50 / projected * 60:.0f} pages/min")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
