"""`enclave models`: the active model and its facts, read from the GGUF header (no load)."""
from __future__ import annotations

import argparse

from agents.core import Core
from agents.gguf import read_gguf_info


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("models", help="show the active local model")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    core = Core()
    choice = core.model_choice()
    info = read_gguf_info(choice.path)
    rows = [
        ("model", info.name),
        ("file", str(info.path)),
        ("source", choice.origin),
        ("architecture", info.architecture),
        ("quantization", info.quantization),
        ("size", f"{info.size_bytes / 2**20:.1f} MiB"),
        ("trained context", f"{info.context_length} tokens" if info.context_length else "unknown"),
        ("context in use", f"{core.settings.context_size} tokens"),
        ("chat template", "from the GGUF metadata" if info.chat_template else "none in the file (ChatML fallback)"),
    ]
    width = max(len(k) for k, _ in rows)
    for key, value in rows:
        print(f"{key:<{width}}  {value}")
    return 0
