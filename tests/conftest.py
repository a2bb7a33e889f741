"""Shared fixtures: every test gets its own ENCLAVE_HOME; the real model is loaded once."""
from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")


@pytest.fixture(autouse=True)
def enclave_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point ENCLAVE_HOME at a temporary folder so no test touches real user data."""
    home = tmp_path / "enclave-home"
    monkeypatch.setenv("ENCLAVE_HOME", str(home))
    monkeypatch.delenv("ENCLAVE_MODEL", raising=False)
    return home


@pytest.fixture(scope="session")
def real_model(tmp_path_factory: pytest.TempPathFactory) -> Iterator["object"]:
    """The embedded SmolLM2 through llama.cpp in its engine process (as the app runs it), loaded once."""
    from agents.engine.client import EngineModel
    from agents.engine.model_source import embedded_model_path
    from agents.engine.runtime import ModelConfig

    model = EngineModel(ModelConfig(path=embedded_model_path(), context_size=4096),
                        check_file=tmp_path_factory.mktemp("engine") / "engine-checks.json")
    model.load()
    yield model
    model.close()


@pytest.fixture(autouse=True)
def network_guard(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator["object"]:
    """Fail any test, or any Python subprocess it starts, that connects or resolves beyond loopback."""
    from tests.network_guard import NetworkGuard

    guard = NetworkGuard().install(monkeypatch, log=tmp_path / "network-guard.log")
    try:
        yield guard
    finally:
        guard.uninstall()
    blocked = guard.blocked + guard.subprocess_refusals()
    if blocked:
        pytest.fail(f"the test tried to open network connections to {sorted(set(blocked))}")



@pytest.fixture(scope="session")
def real_embedder(tmp_path_factory: pytest.TempPathFactory) -> Iterator["object"]:
    """The embedded all-MiniLM-L6-v2, loaded once per session (ONNX exported once into a session folder).

    It is also registered as the process's shared embedder, so `Core().library()` in a test
    (the CLI path) reuses it instead of loading a second copy.
    """
    import rag.embedder as embedder_module

    embedder = embedder_module.Embedder("", cache_dir=tmp_path_factory.mktemp("embedding-cache"))
    embedder.load()
    previous = embedder_module._SHARED.get("")
    embedder_module._SHARED[""] = embedder
    yield embedder
    if previous is None:
        embedder_module._SHARED.pop("", None)
    else:
        embedder_module._SHARED[""] = previous
