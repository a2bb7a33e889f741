"""Benchmark: the cloud path end to end, with a recording cloud stand-in on 127.0.0.1, on PUPA requests.

For a fixed subset of the PUPA_New test half (the split of bench/privacy_leakage.py; rows in file
order; `--limit`; `--split dev` for development), the real cloud expert runs with the embedded model:
detector + sketch, consent (granted), the request to a recording OpenAI-compatible server
(tests/cloud_server.py; it answers with a draft that repeats the sketch, placeholders included), then
the local finish. Printed, for what reached the server and for what the user gets:
- leakage of the bytes that reached the server: gold personal-data units found in them (the measure
  of bench/privacy_leakage.py), structured identifiers among them, requests leaking anything,
- share of the request's non-private content words that reached the server,
- share of the cloud reply's content words (placeholders aside) that the final answer keeps, and the
  share of answers keeping >= 90% of them,
- share of final answers with every placeholder restored (no <KIND_N> left), and of local
  rewrites accepted by the finish check (the others show the restored reply itself).

    .venv/bin/python -m bench.cloud_finish [--limit 20] [--split test]
"""
from __future__ import annotations

import argparse
import json
import os
import re
import time
from pathlib import Path
import sys

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))   # also runs by path: python bench/<name>.py

PLACEHOLDER = re.compile(r"<[A-Z]+_\d+>")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=20)
    parser.add_argument("--split", choices=("dev", "test"), default="test")
    args = parser.parse_args()

    import tempfile

    os.environ.setdefault("ENCLAVE_HOME", tempfile.mkdtemp(prefix="enclave-bench-"))
    os.environ["ENCLAVE_CLOUD_API_KEY"] = "bench-key-not-secret"
    from agents.answers.evidence import content_terms
    from agents.engine.client import EngineModel
    from agents.engine.model_source import embedded_model_path
    from agents.engine.runtime import ModelConfig
    from agents.events import FinalAnswer
    from agents.experts.cloud import run_cloud_expert
    from agents.platform.cancel import CancelToken
    from agents.platform.paths import data_paths
    from agents.platform.settings import Settings
    from agents.privacy.finish import FROM_CLOUD
    from bench.privacy_leakage import content_kept, gold_units, is_structured, leaks, load_rows
    from tests.cloud_server import CloudServer, echo_reply

    source, rows = load_rows(args.split, None)
    rows = rows[: args.limit]
    server = CloudServer().start()
    model = EngineModel(ModelConfig(path=embedded_model_path(), context_size=4096))
    model.load()
    settings = Settings(cloud_endpoint=server.base_url, cloud_model="stand-in", max_answer_tokens=200)
    t = dict.fromkeys(("restored", "accepted", "kept90", "units", "leaked", "structured", "structured_leaked",
                       "leaking", "content", "content_sent", "reply_words", "reply_kept"), 0)
    started = time.perf_counter()
    for done, row in enumerate(rows, 1):
        before = len(server.received)
        events = list(run_cloud_expert(row["user_query"], [], core_model=model, library=None, settings=settings,
                                       paths=data_paths().ensure(), consent=lambda request: True,
                                       cancel=CancelToken()))
        final = next(e for e in events if isinstance(e, FinalAnswer))
        bodies = [r.body for r in server.received[before:]]
        sent = b"\n".join(bodies).decode("utf-8", errors="replace")
        sketch = json.loads(bodies[-1])["messages"][-1]["content"] if bodies else ""
        units = gold_units(row)
        leaked = [u for u in units if leaks(u, sent)]
        words, kept = content_kept(row["user_query"], units, sketch)
        body = final.text.removeprefix(FROM_CLOUD).strip()
        finished = [e for e in events if type(e).__name__ == "ExpertFinished" and e.expert == "cloud"]
        reply = [e.summary for e in finished]
        wanted = content_terms(PLACEHOLDER.sub(" ", echo_reply({"messages": [{"role": "user", "content": sketch}]})))
        share = len(wanted & content_terms(body)) / len(wanted) if wanted else 1.0
        for key, value in (("restored", not PLACEHOLDER.search(final.text)),
                           ("accepted", any("kept the cloud's content" in s for s in reply)),
                           ("kept90", share >= 0.9), ("units", len(units)), ("leaked", len(leaked)),
                           ("structured", sum(map(is_structured, units))),
                           ("structured_leaked", sum(map(is_structured, leaked))), ("leaking", bool(leaked)),
                           ("content", words), ("content_sent", kept), ("reply_words", len(wanted)),
                           ("reply_kept", len(wanted & content_terms(body)))):
            t[key] += int(value)
        print(f"[{done}/{len(rows)}] reply content kept {share:.0%}, leaked {len(leaked)}/{len(units)}, "
              f"{time.perf_counter() - started:.0f} s", flush=True)
    server.stop()
    model.close()
    n = len(rows)
    pct = lambda a, b: 100.0 * a / b if b else 0.0  # noqa: E731
    print(f"{source}: first {n} requests, {(time.perf_counter() - started) / n:.1f} s per request")
    print(f"sent: unit leakage {pct(t['leaked'], t['units']):.1f}% ({t['leaked']} of {t['units']}), structured "
          f"identifiers {t['structured_leaked']} of {t['structured']}, requests leaking {pct(t['leaking'], n):.1f}%; "
          f"non-private content words sent {pct(t['content_sent'], t['content']):.1f}%")
    print(f"final answer keeps {pct(t['reply_kept'], t['reply_words']):.1f}% of the cloud reply's content words "
          f"(>= 90% in {pct(t['kept90'], n):.1f}% of answers); every placeholder restored {pct(t['restored'], n):.1f}%; "
          f"local rewrite accepted {pct(t['accepted'], n):.1f}% (else the restored reply is shown)")


if __name__ == "__main__":
    main()
