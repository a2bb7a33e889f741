"""The bundle ships the embedding model's ONNX export instead of torch: placing it where rag's
Embedder looks must make the real Embedder start on onnxruntime without exporting anything."""
from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parent.parent


def load_entry():
    spec = importlib.util.spec_from_file_location("enclave_packaging_entry", ROOT / "packaging" / "enclave_entry.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.mark.embedding
def test_seeded_export_starts_the_embedder_without_torch(real_embedder, tmp_path, monkeypatch):
    import rag.embedder as embedder_module

    entry = load_entry()
    shipped = real_embedder._onnx_file()            # what build.py's export_onnx.py ships
    assert shipped is not None and shipped.is_file()
    cache = tmp_path / "user-cache"
    target = entry.seed_embedding_cache(shipped, cache)
    assert target is not None and target.parent == cache and target.stat().st_size == shipped.stat().st_size
    assert entry.seed_embedding_cache(shipped, cache) == target      # a second start finds it in place

    def no_export(*_args):
        raise AssertionError("the bundle has no torch: the embedder must not export")
    monkeypatch.setattr(embedder_module, "_export_onnx", no_export)
    monkeypatch.setitem(sys.modules, "sentence_transformers", None)   # nor fall back to torch
    monkeypatch.setitem(sys.modules, "torch", None)
    fresh = embedder_module.Embedder("", cache_dir=cache)
    fresh.load()
    assert fresh.backend == "onnxruntime"
    texts = ["The lighthouse of Port Elric is kept by Marguerite Okafor.", "412 tonnes of cod"]
    assert np.allclose(fresh.encode(texts), real_embedder.encode(texts), atol=1e-5)


def test_nothing_ships_nothing_is_seeded(tmp_path):
    entry = load_entry()
    assert entry.seed_embedding_cache(tmp_path / "absent.onnx", tmp_path / "cache") is None
    assert not (tmp_path / "cache").exists()
