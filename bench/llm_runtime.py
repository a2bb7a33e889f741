"""Benchmark: raw llama-cpp-python in-process against Enclave's engine process, same prompts.

Prints, in one run: prompt-processing and generation tokens/s for both and their ratio
(target: the engine >= 0.95 of raw for generation: the pipe must cost no more), time to first
token for a ~300-token prompt, engine start (child process up, llama.cpp imported), model load,
and the time to answer again after the engine was killed (restart + load + first token).
With `--other-python PATH` (the python of a venv holding another llama-cpp-python build, e.g.
a native one: `ENCLAVE_NATIVE_BUILD=1 ENCLAVE_VENV=/tmp/native python3 dev.py run --version`),
the raw figures of that build are printed beside this one's, on the same prompts.
Greedy decoding makes every side produce the same tokens.

    .venv/bin/python -m bench.llm_runtime [--other-python /tmp/native/bin/python]
"""
from __future__ import annotations

import argparse
import json
import os
import signal
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))   # also runs by path: python bench/<name>.py

N_CTX = 4096
GEN_TOKENS = 128
ROUNDS = 3
TOPICS = ["the history of bridges", "how bees make honey", "the rules of chess", "why the sea is salty",
          "how trains work", "the life of a tree", "the water cycle"]


def measure_raw(model_path: str, prompts: list[list[int]], threads: int) -> dict[str, list[float]]:
    """Raw llama-cpp-python (this interpreter's build): prompt and generation tokens/s per prompt."""
    from llama_cpp import Llama

    started = time.perf_counter()
    llama = Llama(model_path=model_path, n_ctx=N_CTX, n_threads=threads, n_threads_batch=threads, n_batch=512,
                  verbose=False)
    load = time.perf_counter() - started
    pp, tg = [], []
    for tokens in prompts:
        llama.reset()
        start = time.perf_counter()
        first, produced = None, 0
        for chunk in llama.create_completion(prompt=tokens, max_tokens=GEN_TOKENS, temperature=0.0, top_p=0.9,
                                             repeat_penalty=1.1, stream=True):
            if chunk["choices"][0].get("finish_reason") is None:
                produced += 1
                first = first or time.perf_counter()
        end = time.perf_counter()
        pp.append(len(tokens) / (first - start))
        tg.append((produced - 1) / (end - first))
    import llama_cpp

    info = llama_cpp.llama_print_system_info().decode("utf-8", errors="replace")
    llama.close()
    return {"pp": pp, "tg": tg, "load": [load], "system_info": info}   # type: ignore[dict-item]


def prompt_messages(topic: str, target_tokens: int, count) -> list[dict]:
    filler = f"Here are some notes about {topic}. They mention facts, dates and places in some detail. "
    text = ""
    while count(text) < target_tokens - 40:
        text += filler
    return [{"role": "system", "content": "You are a helpful assistant."},
            {"role": "user", "content": text + f"\nWrite a long, detailed essay about {topic}."}]


def measure_engine(engine, messages_list: list[list[dict]]) -> dict[str, list[float]]:
    from agents.engine.runtime import ModelConfig  # noqa: F401 - engine already configured

    pp, tg, ttft = [], [], []
    for messages in messages_list:
        engine.chat_text([{"role": "user", "content": "x"}], max_tokens=1)   # a different prompt: no KV reuse
        start = time.perf_counter()
        first, produced = None, 0
        for _ in engine.chat(messages, max_tokens=GEN_TOKENS, temperature=0.0):
            produced += 1
            first = first or time.perf_counter()
        end = time.perf_counter()
        stats = engine.last_stats
        pp.append(stats.prompt_tokens / (first - start))
        tg.append((stats.completion_tokens - 1) / (end - first))
        ttft.append(first - start)
    return {"pp": pp, "tg": tg, "ttft": ttft}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--other-python", help="python of a venv with another llama-cpp-python build (e.g. native)")
    parser.add_argument("--raw-only", action="store_true", help=argparse.SUPPRESS)   # used with --other-python
    parser.add_argument("--model", help=argparse.SUPPRESS)
    parser.add_argument("--prompts", help=argparse.SUPPRESS)
    parser.add_argument("--threads", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.raw_only:
        prompts = json.loads(Path(args.prompts).read_text())
        print(json.dumps(measure_raw(args.model, prompts, args.threads)))
        return

    from agents.engine.client import EngineModel
    from agents.engine.model_source import embedded_model_path
    from agents.engine.runtime import LocalModel, ModelConfig, physical_cores

    path = embedded_model_path()
    threads = physical_cores()
    config = ModelConfig(path=path, context_size=N_CTX, threads=threads)
    tokenizer = LocalModel(ModelConfig(path=path, context_size=N_CTX))
    tokenizer.load()
    messages_list = [prompt_messages(topic, 300, tokenizer.count_tokens) for topic in TOPICS[: ROUNDS * 2]]
    prompts = [tokenizer._prompt_tokens(m, GEN_TOKENS) for m in messages_list]
    tokenizer.close()

    raw = measure_raw(str(path), prompts, threads)

    started = time.perf_counter()
    engine = EngineModel(config)
    engine.facts()
    engine_start = time.perf_counter() - started
    started = time.perf_counter()
    engine.load()
    engine_load = time.perf_counter() - started
    enc = measure_engine(engine, messages_list)

    restarts = []
    for _ in range(3):
        os.kill(engine.pid, signal.SIGKILL)
        time.sleep(0.2)
        started = time.perf_counter()
        next(iter(engine.chat([{"role": "user", "content": "Say hello."}], max_tokens=4, temperature=0.0)))
        restarts.append(time.perf_counter() - started)
    engine.close()

    med = statistics.median
    n_prompt = statistics.mean(len(p) for p in prompts)
    print(f"model: {path.name}  threads: {threads}  n_ctx: {N_CTX}  prompts ~{n_prompt:.0f} tokens, "
          f"{GEN_TOKENS} generated, {len(prompts)} runs each (medians)")
    print(f"build: {raw['system_info'].strip()}")
    print(f"{'':22}{'raw in-process':>15}{'engine process':>16}{'ratio':>8}")
    for label, key in (("prompt tokens/s", "pp"), ("generation tokens/s", "tg")):
        print(f"{label:22}{med(raw[key]):15.1f}{med(enc[key]):16.1f}{med(enc[key]) / med(raw[key]):8.3f}")
    print(f"time to first token, ~300-token prompt (engine): {med(enc['ttft']) * 1000:.0f} ms")
    print(f"engine start (child up, llama.cpp imported): {engine_start * 1000:.0f} ms; model load in the child "
          f"(with the first-run self-check): {engine_load * 1000:.0f} ms; raw in-process load {raw['load'][0] * 1000:.0f} ms")
    print(f"answer again after SIGKILL (restart + load + first token), median of {len(restarts)}: "
          f"{med(restarts) * 1000:.0f} ms")
    if args.other_python:
        prompt_file = Path(os.environ.get("TMPDIR", "/tmp")) / f"enclave-bench-prompts-{os.getpid()}.json"
        prompt_file.write_text(json.dumps(prompts))
        try:
            out = subprocess.run([args.other_python, str(Path(__file__).resolve()), "--raw-only", "--model", str(path),
                                  "--prompts", str(prompt_file), "--threads", str(threads)],
                                 capture_output=True, text=True, check=True, cwd="/").stdout
        finally:
            prompt_file.unlink(missing_ok=True)
        other = json.loads(out.strip().splitlines()[-1])
        print(f"other build: {other['system_info'].strip()}")
        print(f"{'raw, same prompts':22}{'this build':>15}{'other build':>16}{'ratio':>8}")
        for label, key in (("prompt tokens/s", "pp"), ("generation tokens/s", "tg")):
            print(f"{label:22}{med(raw[key]):15.1f}{med(other[key]):16.1f}{med(raw[key]) / med(other[key]):8.3f}")


if __name__ == "__main__":
    sys.exit(main())
