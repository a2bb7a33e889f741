"""How well does the catalog's tokens/s estimate (agents/models/fit.py) predict larger models on this machine?

No larger GGUF can be downloaded here, so the bench writes synthetic ones: llama-architecture models
with the real shapes of catalog models (width, layers, heads, feed-forward), SmolLM2's tokenizer copied
from the embedded file, and random Q4_0 weights with a sane scale. Generation speed depends on the
shapes and the bytes read per token, not on what the weights say, so their speed stands for the real
models' (Q4_0 instead of Q4_K_M: ~6% fewer bytes, similar kernels). Each model and the embedded
SmolLM2 are timed the same way, interleaved (the machine is shared): single-token evaluations after
a short prompt, with llama.cpp directly.

The estimate: time per token = t_ref * (f + (1 - f) * size / ref_size): a share f of the embedded
model's per-token time is fixed overhead that does not grow with the file. f = 0 is plain scaling by
file size. f is chosen on the DEV shapes only; the TEST shapes report the error.

    python bench/speed_estimate.py [--tokens 24] [--keep /tmp/synthetic-gguf]
"""
from __future__ import annotations

import argparse
import os
import struct
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))   # also runs by path: python bench/<name>.py

# name: (width, layers, feed-forward, heads, kv heads) — the published shapes of these models
DEV = {"qwen2.5-0.5b-shape": (896, 24, 4864, 14, 2), "qwen2.5-1.5b-shape": (1536, 28, 8960, 12, 2)}
TEST = {"llama-3.2-1b-shape": (2048, 16, 8192, 32, 8), "llama-3.2-3b-shape": (3072, 28, 8192, 24, 8)}
Q4_0, F32 = 2, 0
SCALE = struct.pack("<e", 0.002)


def tokenizer_spans(path: Path) -> tuple[list[bytes], int]:
    """The raw bytes of every tokenizer.* key/value in a GGUF header, and the vocabulary size."""
    data = path.read_bytes()[: 64 << 20]
    pos = 24
    count = struct.unpack_from("<Q", data, 16)[0]
    sizes = {0: 1, 1: 1, 2: 2, 3: 2, 4: 4, 5: 4, 6: 4, 7: 1, 10: 8, 11: 8, 12: 8}
    spans, vocab = [], 0

    def skip(kind: int, at: int) -> int:
        if kind in sizes:
            return at + sizes[kind]
        if kind == 8:
            return at + 8 + struct.unpack_from("<Q", data, at)[0]
        item, n = struct.unpack_from("<IQ", data, at)
        at += 12
        if item in sizes:
            return at + n * sizes[item]
        for _ in range(n):
            at = skip(item, at)
        return at

    for _ in range(count):
        start = pos
        length = struct.unpack_from("<Q", data, pos)[0]
        key = data[pos + 8: pos + 8 + length].decode()
        pos += 8 + length
        kind = struct.unpack_from("<I", data, pos)[0]
        end = skip(kind, pos + 4)
        if key.startswith("tokenizer.") and key != "tokenizer.chat_template":
            spans.append(data[start:end])
            if key == "tokenizer.ggml.tokens":
                vocab = struct.unpack_from("<Q", data, pos + 8)[0]
        pos = end
    return spans, vocab


def _kv(key: str, kind: int, value: bytes) -> bytes:
    raw = key.encode()
    return struct.pack("<Q", len(raw)) + raw + struct.pack("<I", kind) + value


def write_model(path: Path, shape: tuple[int, int, int, int, int], reference: Path) -> int:
    """A llama-architecture GGUF of this shape with random Q4_0 weights; returns its size in bytes."""
    import numpy as np

    width, layers, ff, heads, kv_heads = shape
    spans, vocab = tokenizer_spans(reference)
    head = width // heads
    u32 = lambda v: struct.pack("<I", v)  # noqa: E731
    kvs = [_kv("general.architecture", 8, struct.pack("<Q", 5) + b"llama"), _kv("general.file_type", 4, u32(2)),
           _kv("llama.context_length", 4, u32(4096)), _kv("llama.embedding_length", 4, u32(width)),
           _kv("llama.block_count", 4, u32(layers)), _kv("llama.feed_forward_length", 4, u32(ff)),
           _kv("llama.attention.head_count", 4, u32(heads)), _kv("llama.attention.head_count_kv", 4, u32(kv_heads)),
           _kv("llama.rope.dimension_count", 4, u32(head)),
           _kv("llama.attention.layer_norm_rms_epsilon", 6, struct.pack("<f", 1e-5)), *spans]
    tensors = [("token_embd.weight", (width, vocab), Q4_0), ("output_norm.weight", (width,), F32),
               ("output.weight", (width, vocab), Q4_0)]
    for i in range(layers):
        tensors += [(f"blk.{i}.attn_norm.weight", (width,), F32), (f"blk.{i}.attn_q.weight", (width, width), Q4_0),
                    (f"blk.{i}.attn_k.weight", (width, kv_heads * head), Q4_0),
                    (f"blk.{i}.attn_v.weight", (width, kv_heads * head), Q4_0),
                    (f"blk.{i}.attn_output.weight", (width, width), Q4_0),
                    (f"blk.{i}.ffn_norm.weight", (width,), F32), (f"blk.{i}.ffn_gate.weight", (width, ff), Q4_0),
                    (f"blk.{i}.ffn_up.weight", (width, ff), Q4_0), (f"blk.{i}.ffn_down.weight", (ff, width), Q4_0)]
    nbytes = [int(np.prod(d)) // 32 * 18 if t == Q4_0 else int(np.prod(d)) * 4 for _, d, t in tensors]
    infos, offset = b"", 0
    for (name, dims, kind), size in zip(tensors, nbytes):
        raw = name.encode()
        infos += struct.pack("<Q", len(raw)) + raw + struct.pack("<I", len(dims)) + b"".join(
            struct.pack("<Q", d) for d in dims) + struct.pack("<IQ", kind, offset)
        offset += -(-size // 32) * 32
    header = b"GGUF" + struct.pack("<IQQ", 3, len(tensors), len(kvs)) + b"".join(kvs) + infos
    rng = np.random.default_rng(0)
    with path.open("wb") as out:
        out.write(header + b"\0" * (-len(header) % 32))
        for (_, _, kind), size in zip(tensors, nbytes):
            if kind == F32:
                block = np.ones(size // 4, dtype="<f4").tobytes()
            else:
                blocks = rng.integers(0, 256, size=(size // 18, 18), dtype=np.uint8)
                blocks[:, :2] = np.frombuffer(SCALE, dtype=np.uint8)
                block = blocks.tobytes()
            out.write(block + b"\0" * (-len(block) % 32))
    return path.stat().st_size


def seconds_per_token(path: Path, tokens: int, threads: int = 0) -> float:
    from llama_cpp import Llama

    from agents.engine.runtime import physical_cores

    llm = Llama(model_path=str(path), n_ctx=256, n_threads=threads or physical_cores(), verbose=False)
    try:
        llm.eval(llm.tokenize(b"The quick brown fox jumps over the lazy dog."))
        token = llm.tokenize(b" the", add_bos=False)[0]
        started = time.perf_counter()
        for _ in range(tokens):
            llm.eval([token])
        return (time.perf_counter() - started) / tokens
    finally:
        llm.close()


def predicted(t_ref: float, ref_bytes: int, size: int, share: float) -> float:
    return t_ref * (share + (1 - share) * size / ref_bytes)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tokens", type=int, default=24)
    parser.add_argument("--threads", type=int, default=0, help="llama.cpp threads (default: the physical cores)")
    parser.add_argument("--keep", type=Path, help="keep the synthetic files in this folder (reused if present)")
    args = parser.parse_args()
    from agents.engine.model_source import embedded_model_path

    reference = embedded_model_path()
    ref_bytes = reference.stat().st_size
    folder = args.keep or Path(tempfile.mkdtemp(prefix="enclave-speed-"))
    folder.mkdir(parents=True, exist_ok=True)
    rows: dict[str, tuple[int, float, float]] = {}
    for name, shape in {**DEV, **TEST}.items():
        path = folder / f"{name}.gguf"
        size = path.stat().st_size if path.exists() else write_model(path, shape, reference)
        t_ref = seconds_per_token(reference, args.tokens, args.threads)
        t_model = seconds_per_token(path, args.tokens, args.threads)
        rows[name] = (size, t_ref, t_model)
        print(f"{name:<20} {size / 2**20:7.0f} MiB  {1 / t_model:5.1f} tok/s  (SmolLM2-135M beside it: "
              f"{1 / t_ref:5.1f} tok/s)  load {os.getloadavg()[0]:.1f}", flush=True)
        if args.keep is None:
            path.unlink()

    def error(share: float, names: dict) -> float:
        errs = [abs(predicted(rows[n][1], ref_bytes, rows[n][0], share) / rows[n][2] - 1) for n in names]
        return sum(errs) / len(errs)

    best = min((s / 100 for s in range(0, 96)), key=lambda s: error(s, DEV))
    print(f"\nfixed share f chosen on the dev shapes: {best:.2f} (mean error there {error(best, DEV):.0%})")
    for share, label in ((0.0, "plain scaling by file size (f = 0)"), (best, f"f = {best:.2f}")):
        print(f"test shapes, {label}: mean |predicted/measured - 1| = {error(share, TEST):.0%}")
        for n in TEST:
            size, t_ref, t_model = rows[n]
            print(f"  {n:<20} predicted {1 / predicted(t_ref, ref_bytes, size, share):5.1f} tok/s, "
                  f"measured {1 / t_model:5.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
