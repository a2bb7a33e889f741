"""Benchmark: the cloud path's local finish, end to end, with a recording cloud stand-in on 127.0.0.1.

For a fixed subset of PUPA_TNB requests (ordered by a hash of the conversation id; `--limit`),
the real cloud expert runs with the embedded model: detector + sketch, consent (granted), the
request to a recording OpenAI-compatible server (tests/cloud_server.py; it answers with a draft
that repeats the sketch, placeholders included), then the local finish. Printed:
- share of final answers with every placeholder restored (no <KIND_N> left),
- share of local rewrites accepted by the finish check (kept >= 90% of the reply's content words
  and invented no number or name); the others show the restored reply itself,
- share of final answers that keep >= 90% of the reply's content words,
- leakage of the bytes that reached the server: share of gold personal-data units found in them.

    .venv/bin/python -m bench.cloud_finish [--limit 30]
"""
from __future__ import annotations

import argparse
import csv
import hashlib
import json
import os
import re
import time
from pathlib import Path
import sys

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))   # also runs by path: python bench/<name>.py

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "datasets" / "pupa" / "PUPA_TNB.csv"
PLACEHOLDER = re.compile(r"<[A-Z]+_\d+>")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=30)
    args = parser.parse_args()

    import tempfile

    os.environ.setdefault("ENCLAVE_HOME", tempfile.mkdtemp(prefix="enclave-bench-"))
    os.environ["ENCLAVE_CLOUD_API_KEY"] = "bench-key-not-secret"
    from agents.platform.cancel import CancelToken
    from agents.engine.client import EngineModel
    from agents.answers.evidence import content_terms
    from agents.events import FinalAnswer
    from agents.experts.cloud import run_cloud_expert
    from agents.engine.model_source import embedded_model_path
    from agents.platform.paths import data_paths
    from agents.privacy.finish import FROM_CLOUD
    from agents.engine.runtime import ModelConfig
    from agents.platform.settings import Settings
    from tests.cloud_server import CloudServer

    with DATA.open(encoding="utf-8") as handle:
        rows = sorted(csv.DictReader(handle), key=lambda r: hashlib.sha1(r["conversation_hash"].encode()).hexdigest())
    rows = rows[: args.limit]
    server = CloudServer().start()
    model = EngineModel(ModelConfig(path=embedded_model_path(), context_size=4096))
    model.load()
    settings = Settings(cloud_endpoint=server.base_url, cloud_model="stand-in", max_answer_tokens=200)
    restored = accepted = kept90 = units = leaked = 0
    started = time.perf_counter()
    for row in rows:
        before = len(server.received)
        events = list(run_cloud_expert(row["user_query"], [], core_model=model, library=None, settings=settings,
                                       paths=data_paths().ensure(), consent=lambda request: True,
                                       cancel=CancelToken()))
        final = next(e for e in events if isinstance(e, FinalAnswer))
        bodies = [r.body for r in server.received[before:]]
        sent = b"".join(bodies).decode("utf-8", errors="replace").lower()
        sketch = json.loads(bodies[-1])["messages"][-1]["content"] if bodies else ""
        restored += not PLACEHOLDER.search(final.text)
        finished = [e for e in events if type(e).__name__ == "ExpertFinished" and e.expert == "cloud"]
        accepted += any("kept the cloud's content" in e.summary for e in finished)
        body = final.text.removeprefix(FROM_CLOUD).strip()
        draft_words = content_terms(PLACEHOLDER.sub(" ", "Draft: " + sketch))   # the reply's own words
        kept90 += (len(draft_words & content_terms(body)) / len(draft_words) if draft_words else 1.0) >= 0.9
        for unit in {u.strip().lower() for u in row["pii_units"].split("||") if u.strip()}:
            units += 1
            leaked += unit in sent
        done = rows.index(row) + 1
        print(f"[{done}/{len(rows)}] restored {restored}/{done}, rewrites kept {accepted}/{done}, "
              f">=90% kept {kept90}/{done}, leaked {leaked}/{units} units", flush=True)
    server.stop()
    model.close()
    n = len(rows)
    print(f"PUPA_TNB subset: {n} requests (fixed hash order), {(time.perf_counter() - started) / n:.1f} s per request")
    print(f"every placeholder restored in the final answer: {restored / n:.1%}")
    print(f"local rewrite accepted by the finish check: {accepted / n:.1%} (else the restored cloud reply is shown)")
    print(f"final answers keeping >= 90% of the cloud reply's content words: {kept90 / n:.1%}")
    print(f"leakage of the bytes sent: {leaked}/{units} gold units = {leaked / max(1, units):.1%}")


if __name__ == "__main__":
    main()
