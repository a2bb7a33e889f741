"""Benchmark: does the local hardness estimate flag the requests that need a large model?

Held-out request set (none of it is in resources/hardness_exemplars.json):
- LiHua-World questions (questions about the user's own chats: the local model with the documents),
- PUPA_New requests (real requests, privacy-heavy, most of them long-form writing or translation:
  beyond a 135M model),
- general-knowledge / writing / code requests and small-talk / simple requests written for this
  benchmark (below).
Labels: hard = PUPA + HARD_REQUESTS; not hard = LiHua + EASY_REQUESTS. Every request is judged as if asked by a
user whose library holds the LiHua-World chats (the names the rule extractor finds there). Fixed split by a hash of
the text: dev (even first byte of SHA-1) chooses the threshold (best F1 with precision >= 0.8),
test (odd) is reported. The decision measured is the one made *before* answering locally (the
"ask first" setting); after a local answer, a supported documents answer is never offered the
cloud, which can only lower false offers on document questions.

Second part, `--routes` (issue 22, documents first): which route the router gives each request, for the
same user. A question about facts must never reach the model alone (route "direct"): the LiHua questions
and the written requests that ask for facts. Small talk and writing tasks (hand-labelled below, in
CHAT_OR_WRITING) may. The simulated library answers the router's rules like a library of the LiHua chats
(their names; one indexed document) but its keyword search finds nothing, so what is measured is the rules
and the examples' vote; a request that reaches the model stage takes its first choice (documents). Same
dev/test split; nothing is tuned here, the test split is reported.

    .venv/bin/python -m bench.routing [--limit N] [--routes]
"""
from __future__ import annotations

import argparse
import csv
import hashlib
import json
import statistics
import time
from pathlib import Path
import sys

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))   # also runs by path: python bench/<name>.py

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "datasets"

HARD_REQUESTS = [
    "Explain how the immune system remembers a virus after vaccination.", "Why did the Roman Empire fall?",
    "Write a wedding speech for my best friend who loves sailing.", "Draft a resignation letter that stays on good terms.",
    "Explain the difference between stocks and bonds for a beginner.", "How do black holes form?",
    "Write a Python script that renames all photos in a folder by their date taken.",
    "Why does my JavaScript fetch call fail with a CORS error?", "Explain recursion with an example in Java.",
    "Write a haiku sequence about the four seasons with a twist ending.", "What are the main arguments for and "
    "against nuclear power?", "Summarize the history of the printing press and its effects on Europe.",
    "Create a lesson plan for teaching fractions to ten-year-olds.", "Explain how a mortgage amortization "
    "schedule works.", "Write a product description for a handmade leather wallet.", "How does GPS determine "
    "my position?", "Compare Kant's and Mill's views on morality.", "Write an SQL query that finds customers "
    "who ordered in January but not in February.", "Explain what inflation is and why central banks raise "
    "interest rates.", "Draft a LinkedIn post announcing my new job as a nurse.", "What causes the northern lights?",
    "Write a short mystery story set on a train.", "Explain the rules of cricket.", "How do I negotiate a higher "
    "salary?", "Refactor this function to avoid the nested loops: for a in xs: for b in ys: if a == b: out.append(a)",
    "Explain the causes of the 2008 financial crisis.", "Write a cover letter for a junior accountant role.",
    "What is CRISPR and how is it used?", "Write a bedtime story about a brave little turtle.",
    "Explain Docker containers versus virtual machines.", "Plan a 5-day itinerary for Rome on a budget.",
    "Translate this paragraph into Italian and keep the formal tone of a business letter.",
    "Explain how neural networks learn with backpropagation.", "Write a persuasive essay on school uniforms.",
    "What is the theory of relativity in simple terms?", "Debug: my C program segfaults when I free a pointer twice.",
    "Outline a marketing strategy for a new coffee shop.", "Explain the water cycle in detail for a science report.",
    "Write a eulogy for my grandfather who was a carpenter.", "Why is the sky blue? Explain the physics.",
]
EASY_REQUESTS = [
    "hi!", "good evening", "thank you so much", "ok, got it", "what is 12 plus 30?", "what's the date today?",
    "how are you doing?", "bye for now", "what is the capital of Spain?", "say hello in German",
    "what is 100 divided by 4?", "is it Monday today?", "cheers", "nice, thanks", "what's 9 times 9?",
    "how many minutes are in an hour?", "what is the plural of child?", "good night", "who are you?",
    "what does 'merci' mean?", "what is half of 50?", "that's all, thanks", "hello again", "what year is it?",
    "give me a word that rhymes with cat", "what is 2 to the power of 5?", "sorry, wrong question",
    "spell the word 'rhythm'", "great job", "what colour do you get from blue and yellow?",
    "how many legs does a spider have?", "what is the freezing point of water in Celsius?",
    "which day comes after Friday?", "what is 15 minus 7?", "how do you say yes in French?", "yes please",
    "no thanks", "what time is it now?", "one more question", "good morning to you",
]


# Written requests that are small talk or a writing task (the model alone may answer them); the rest of the
# written requests and every LiHua question ask for facts.
CHAT_OR_WRITING = {
    "hi!", "good evening", "thank you so much", "ok, got it", "how are you doing?", "bye for now", "cheers",
    "nice, thanks", "good night", "who are you?", "that's all, thanks", "hello again", "sorry, wrong question",
    "great job", "yes please", "no thanks", "one more question", "good morning to you", "say hello in German",
    "give me a word that rhymes with cat", "spell the word 'rhythm'",
    "Write a wedding speech for my best friend who loves sailing.", "Draft a resignation letter that stays on good terms.",
    "Write a Python script that renames all photos in a folder by their date taken.",
    "Write a haiku sequence about the four seasons with a twist ending.",
    "Create a lesson plan for teaching fractions to ten-year-olds.", "Write a product description for a handmade "
    "leather wallet.", "Write an SQL query that finds customers who ordered in January but not in February.",
    "Draft a LinkedIn post announcing my new job as a nurse.", "Write a short mystery story set on a train.",
    "Refactor this function to avoid the nested loops: for a in xs: for b in ys: if a == b: out.append(a)",
    "Write a cover letter for a junior accountant role.", "Write a bedtime story about a brave little turtle.",
    "Plan a 5-day itinerary for Rome on a budget.", "Translate this paragraph into Italian and keep the formal tone "
    "of a business letter.", "Write a persuasive essay on school uniforms.", "Outline a marketing strategy for a new "
    "coffee shop.", "Write a eulogy for my grandfather who was a carpenter.",
}


def is_dev(text: str) -> bool:
    return hashlib.sha1(text.encode("utf-8")).digest()[0] % 2 == 0


def load_requests(limit: int | None) -> list[tuple[str, bool, str]]:
    """(text, hard?, source) for every request of the benchmark."""
    items: list[tuple[str, bool, str]] = []
    questions = json.loads((DATA / "lihua-world" / "query_set.json").read_text(encoding="utf-8"))
    items += [(q["question"], False, "lihua") for q in questions.values()]
    with (DATA / "pupa" / "PUPA_New.csv").open(encoding="utf-8") as handle:
        items += [(row["user_query"], True, "pupa") for row in csv.DictReader(handle) if row["user_query"].strip()]
    items += [(t, True, "written-hard") for t in HARD_REQUESTS] + [(t, False, "written-easy") for t in EASY_REQUESTS]
    if limit:
        by_source: dict[str, list] = {}
        for item in items:
            by_source.setdefault(item[2], []).append(item)
        items = [i for group in by_source.values() for i in group[:limit]]
    return items


def library_names() -> set[str]:
    """The names a user's library of the LiHua-World chats would hold (the rule extractor, as indexing runs it):
    the requests are judged as if asked by that user. No embedding needed."""
    import tempfile

    from bench.lihua import unpack
    from rag.entities import NAME_TYPES, extract

    names: set[str] = set()
    with tempfile.TemporaryDirectory(prefix="enclave-lihua-") as folder:
        for file in unpack(Path(folder) / "corpus"):
            text = file.read_text(encoding="utf-8", errors="replace")
            for start in range(0, len(text), 2000):
                names.update(e.name for e in extract(text[start:start + 2000]) if e.type in NAME_TYPES)
    return names


def scores(flags: list[bool], labels: list[bool]) -> tuple[float, float]:
    tp = sum(f and y for f, y in zip(flags, labels))
    fp = sum(f and not y for f, y in zip(flags, labels))
    fn = sum(not f and y for f, y in zip(flags, labels))
    return (tp / (tp + fp) if tp + fp else 0.0), (tp / (tp + fn) if tp + fn else 0.0)


def choose_threshold(hardness: list[float], labels: list[bool]) -> float:
    best, best_f1 = 0.5, -1.0
    for step in range(10, 96, 5):
        t = step / 100
        p, r = scores([h >= t for h in hardness], labels)
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        if p >= 0.8 and f1 > best_f1:
            best, best_f1 = t, f1
    return best


class _LihuaLibrary:
    """What the router asks a library, answered like a library of the LiHua chats (see the module docstring)."""

    def __init__(self, names: set[str]) -> None:
        from rag.types import DocumentRecord, DocumentStatus

        self.names = names
        self.records = [DocumentRecord("lihua", "/library/lihua-world-chats.txt", DocumentStatus.INDEXED, pages=1)]

    def documents(self) -> list:
        return self.records

    def entity_names(self) -> set[str]:
        return self.names

    def search(self, query: str, k: int = 8) -> list:
        return []


class _FirstChoice:
    """The model stage's stand-in: it takes the first offered route (what the router does when the model fails)."""

    def structured(self, messages, schema, cancel=None) -> dict:
        return {"route": schema["properties"]["route"]["enum"][0]}


def route_figures(embedder, names: set[str], limit: int | None) -> None:
    """Part two: how often a question about facts reaches the model alone, and small talk/writing does."""
    from agents.events import Route
    from agents.routing.router import EXAMPLES, Router

    items = [(t, t not in CHAT_OR_WRITING, s) for t, _, s in load_requests(limit) if s != "pupa"]
    texts = [t for t, _, _ in items] + [e for group in EXAMPLES.values() for e in group]
    vectors = {t: list(map(float, v)) for t, v in zip(texts, embedder.encode(texts))}
    router = Router(_FirstChoice(), _LihuaLibrary(names),  # type: ignore[arg-type]
                    embed=lambda batch: [vectors.get(t) or list(map(float, embedder.encode([t])[0])) for t in batch])
    decisions = [router.decide(t) for t, _, _ in items]
    for name, dev in (("dev", True), ("TEST", False)):
        rows = [i for i, (t, _, _) in enumerate(items) if is_dev(t) == dev]
        facts = [i for i in rows if items[i][1]]
        lihua = [i for i in facts if items[i][2] == "lihua"]
        chat = [i for i in rows if not items[i][1]]
        alone = [i for i in facts if decisions[i].route == Route.DIRECT]
        print(f"{name:5} routes: questions about facts answered by the model alone {len(alone)}/{len(facts)} "
              f"(LiHua {sum(decisions[i].route == Route.DIRECT for i in lihua)}/{len(lihua)}); to the documents "
              f"{sum(decisions[i].route == Route.DOCUMENTS for i in facts)}/{len(facts)}; small talk and writing "
              f"to the model {sum(decisions[i].route == Route.DIRECT for i in chat)}/{len(chat)}")
        for i in alone[:8]:
            print(f"      model alone: {items[i][0][:70]!r} — {decisions[i].reason}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=0, help="at most N requests per source (quick runs)")
    parser.add_argument("--routes", action="store_true", help="only part two: the routes of facts and small talk")
    args = parser.parse_args()
    if args.routes:
        from rag.embedder import Embedder

        embedder = Embedder("")
        embedder.load()
        route_figures(embedder, library_names(), args.limit or None)
        return

    from agents.routing.hardness import HardnessEstimator
    from rag.embedder import Embedder

    items = load_requests(args.limit or None)
    embedder = Embedder("")
    embedder.load()
    started = time.perf_counter()
    texts = [t for t, _, _ in items]
    vectors = {t: list(map(float, v)) for t, v in zip(texts, embedder.encode(texts))}
    embed_seconds = time.perf_counter() - started
    cached = HardnessEstimator(lambda batch: [vectors.get(t) or list(map(float, embedder.encode([t])[0]))
                                              for t in batch])
    names = library_names()
    hardness = [cached.estimate(t, known_names=names).score for t in texts]

    dev = [i for i, (t, _, _) in enumerate(items) if is_dev(t)]
    test = [i for i, (t, _, _) in enumerate(items) if not is_dev(t)]
    threshold = choose_threshold([hardness[i] for i in dev], [items[i][1] for i in dev])
    print(f"requests: {len(items)} ({len(dev)} dev, {len(test)} test); exemplars: {len(cached.exemplars.texts)}; "
          f"names in the simulated library: {len(names)}; "
          f"threshold chosen on dev: {threshold:.2f} (shipped: {cached.exemplars.threshold:.2f})")
    for name, rows in (("dev", dev), ("TEST", test)):
        for t_name, t in (("chosen", threshold), ("shipped", cached.exemplars.threshold)):
            flags = [hardness[i] >= t for i in rows]
            p, r = scores(flags, [items[i][1] for i in rows])
            docs = [f for f, i in zip(flags, rows) if items[i][2] == "lihua"]
            easy = [f for f, i in zip(flags, rows) if items[i][2] == "written-easy"]
            pupa = [f for f, i in zip(flags, rows) if items[i][2] == "pupa"]
            print(f"{name:5} threshold {t:.2f} ({t_name}): precision {p:.3f}  recall {r:.3f}  | document questions "
                  f"flagged {sum(docs) / max(1, len(docs)):.1%} of {len(docs)}; easy flagged "
                  f"{sum(easy) / max(1, len(easy)):.1%} of {len(easy)}; PUPA flagged {sum(pupa) / max(1, len(pupa)):.1%}")

    live = HardnessEstimator(lambda batch: [list(map(float, v)) for v in embedder.encode(list(batch))])
    live.estimate("warm up")
    timings = []
    for i in test[:60]:
        start = time.perf_counter()
        live.estimate(items[i][0], known_names=names)
        timings.append((time.perf_counter() - start) * 1000)
    print(f"added latency per request (embed the request + vote), median of {len(timings)}: "
          f"{statistics.median(timings):.1f} ms (p95 {sorted(timings)[int(len(timings) * 0.95) - 1]:.1f} ms); "
          f"bulk embedding of the set {embed_seconds:.1f} s")


    route_figures(embedder, names, args.limit or None)


if __name__ == "__main__":
    main()
