"""Benchmark: raw llama-cpp-python against Enclave's runtime on the same prompts.

Prints prompt-processing and generation tokens/s for both, their ratio (target:
Enclave >= 0.95 of raw), time to first token for a 300-token prompt, and model
load time. Greedy decoding makes both produce the same tokens, so the numbers
compare like with like. Run: .venv/bin/python -m bench.llm_runtime
"""
from __future__ import annotations

import statistics
import time

from agents.model_source import embedded_model_path
from agents.runtime import LocalModel, ModelConfig, physical_cores

N_CTX = 4096
GEN_TOKENS = 128
ROUNDS = 3
TOPICS = ["the history of bridges", "how bees make honey", "the rules of chess", "why the sea is salty",
          "how trains work", "the life of a tree", "the water cycle"]


def long_prompt(topic: str, target_tokens: int, count) -> list[dict]:
    filler = f"Here are some notes about {topic}. " 
    text = ""
    while count(text) < target_tokens - 40:
        text += filler + "They mention facts, dates and places in some detail. "
    return [{"role": "system", "content": "You are a helpful assistant."},
            {"role": "user", "content": text + f"\nWrite a long, detailed essay about {topic}."}]


def time_raw(llama, tokens: list[int]) -> tuple[float, float, int]:
    """Return (seconds to first token, seconds for the rest, generated tokens) for raw llama-cpp-python."""
    llama.reset()
    start = time.perf_counter()
    first = None
    produced = 0
    for chunk in llama.create_completion(prompt=tokens, max_tokens=GEN_TOKENS, temperature=0.0, top_p=0.9,
                                         repeat_penalty=1.1, stream=True):
        if chunk["choices"][0].get("finish_reason") is None:
            produced += 1
            if first is None:
                first = time.perf_counter()
    end = time.perf_counter()
    return first - start, end - first, produced


def time_enclave(model: LocalModel, messages: list[dict]) -> tuple[float, float, int]:
    model._run(lambda: model._llama.reset())  # same cold KV cache as the raw run
    start = time.perf_counter()
    first = None
    produced = 0
    for _ in model.chat(messages, max_tokens=GEN_TOKENS, temperature=0.0):
        produced += 1
        if first is None:
            first = time.perf_counter()
    end = time.perf_counter()
    return first - start, end - first, model.last_stats.completion_tokens


def main() -> None:
    from llama_cpp import Llama

    path = embedded_model_path()
    threads = physical_cores()
    t0 = time.perf_counter()
    raw = Llama(model_path=str(path), n_ctx=N_CTX, n_threads=threads, n_threads_batch=threads, n_batch=512,
                verbose=False)
    raw_load = time.perf_counter() - t0
    model = LocalModel(ModelConfig(path=path, context_size=N_CTX))
    t0 = time.perf_counter()
    model.load()
    enclave_load = time.perf_counter() - t0

    def count(text: str) -> int:
        return len(raw.tokenize(text.encode(), add_bos=False))

    rows = {"raw": {"pp": [], "tg": []}, "enclave": {"pp": [], "tg": []}}
    ttft_300 = []
    for round_no in range(ROUNDS):
        for topic in TOPICS[round_no::ROUNDS][:2]:
            messages = long_prompt(topic, 300, count)
            tokens = raw.tokenize(model.render(messages).encode(), add_bos=False, special=True)
            n_prompt = len(tokens)
            ttf, rest, n = time_raw(raw, tokens)
            rows["raw"]["pp"].append(n_prompt / ttf)
            rows["raw"]["tg"].append((n - 1) / rest)
            ttf, rest, n = time_enclave(model, messages)
            rows["enclave"]["pp"].append(n_prompt / ttf)
            rows["enclave"]["tg"].append((n - 1) / rest)
            ttft_300.append(ttf)

    med = {k: {m: statistics.median(v) for m, v in d.items()} for k, d in rows.items()}
    print(f"model: {path.name}  threads: {threads}  n_ctx: {N_CTX}  prompt ~{n_prompt} tokens, "
          f"{GEN_TOKENS} generated, {len(ttft_300)} runs each (medians)")
    print(f"{'':22}{'raw llama-cpp':>15}{'enclave':>12}{'ratio':>8}")
    for label, key in (("prompt tokens/s", "pp"), ("generation tokens/s", "tg")):
        raw_v, enc_v = med["raw"][key], med["enclave"][key]
        print(f"{label:22}{raw_v:15.1f}{enc_v:12.1f}{enc_v / raw_v:8.3f}")
    print(f"time to first token, 300-token prompt (enclave): {statistics.median(ttft_300) * 1000:.0f} ms")
    print(f"model load: raw {raw_load * 1000:.0f} ms, enclave (header check + load) {enclave_load * 1000:.0f} ms")
    model.close()
    raw.close()


if __name__ == "__main__":
    main()
