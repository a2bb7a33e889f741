"""The int8 embedding model: vectors agree with the torch model, every failure falls back in words,
and a library never keeps vectors of two kinds (a changed embedder re-embeds everything)."""
from __future__ import annotations

import logging
import shutil
from pathlib import Path

import numpy as np
import pytest

from rag.embedder import Embedder, _int8_name

pytestmark = pytest.mark.embedding

SENTENCES = [
    "The lighthouse of Port Elric is kept by Marguerite Okafor.",
    "Invoice 2024-117: 412 tonnes of cod, payable within 30 days.",
    "Li Hua asked Wolfgang to water the plants while she is in Lisbon.",
    "Expenses rows 2–19\nDate | Category | Amount\n2024-01-03 | Travel | 123.45",
    "Quarterly revenue grew by eleven percent, driven by the northern turbines.",
    "short",
]


def _float_cache(real_embedder, tmp_path: Path) -> tuple[Path, Path]:
    """A fresh cache holding only the float export (copied: exporting again needs torch and time)."""
    source = Embedder("", cache_dir=real_embedder._cache_dir, precision="float32")._onnx_file()
    cache = tmp_path / "cache"
    cache.mkdir()
    shutil.copyfile(source, cache / source.name)
    return cache, cache / source.name


def test_int8_vectors_agree_with_the_torch_model(real_embedder) -> None:
    from sentence_transformers import SentenceTransformer

    from rag.embedder import default_model_path

    assert real_embedder.backend == "onnxruntime" and real_embedder.identity.endswith("/int8")
    reference = SentenceTransformer(str(default_model_path()), device="cpu").encode(SENTENCES, normalize_embeddings=True)
    cosines = np.sum(real_embedder.encode(SENTENCES) * reference, axis=1)
    assert cosines.mean() >= 0.98 and cosines.min() >= 0.97, cosines
    # and the nearest neighbour of each real sentence among the others is the same as torch's
    # ("short" is left out: its neighbours are near ties)
    ours, reference = real_embedder.encode(SENTENCES[:5]), reference[:5]
    np.fill_diagonal(ours_sim := ours @ ours.T, -1)
    np.fill_diagonal(ref_sim := reference @ reference.T, -1)
    assert list(ours_sim.argmax(axis=1)) == list(ref_sim.argmax(axis=1))


def test_int8_file_is_made_once_from_the_float_export(real_embedder, tmp_path: Path) -> None:
    cache, float_file = _float_cache(real_embedder, tmp_path)
    embedder = Embedder("", cache_dir=cache)
    embedder.load()
    assert embedder.precision == "int8" and _int8_name(float_file).is_file()
    assert not [p for p in cache.iterdir() if ".tmp" in p.name]          # no partial file left behind
    # MatMul weights in int8 (the word-embedding table stays float): about two thirds of the float file
    assert _int8_name(float_file).stat().st_size < 0.75 * float_file.stat().st_size


def test_corrupt_int8_file_falls_back_to_the_float_model(real_embedder, tmp_path: Path, caplog) -> None:
    cache, float_file = _float_cache(real_embedder, tmp_path)
    _int8_name(float_file).write_bytes(b"not an onnx model")
    embedder = Embedder("", cache_dir=cache)
    with caplog.at_level(logging.WARNING, logger="rag.embedder"):
        embedder.load()
    assert embedder.backend == "onnxruntime" and embedder.precision == "float32"
    assert "int8 embedding model unavailable" in caplog.text
    assert not _int8_name(float_file).exists()                 # made again on the next start
    assert np.min(np.sum(embedder.encode(SENTENCES[:2]) * real_embedder.encode(SENTENCES[:2]), axis=1)) > 0.97


def test_failed_quantization_or_disagreeing_int8_keeps_the_float_model(real_embedder, tmp_path: Path, caplog,
                                                                       monkeypatch) -> None:
    import rag.onnx_int8 as int8

    cache, float_file = _float_cache(real_embedder, tmp_path)
    monkeypatch.setattr(int8, "MIN_AGREEMENT", 1.01)           # no int8 model can agree this well
    embedder = Embedder("", cache_dir=cache)
    with caplog.at_level(logging.WARNING, logger="rag.embedder"):
        embedder.load()
    assert embedder.precision == "float32" and "agree only" in caplog.text
    assert not _int8_name(float_file).exists()


def test_corrupt_float_export_falls_back_to_torch(real_embedder, tmp_path: Path, caplog) -> None:
    cache, float_file = _float_cache(real_embedder, tmp_path)
    float_file.write_bytes(b"\x00" * 64)
    embedder = Embedder("", cache_dir=cache, precision="float32")
    with caplog.at_level(logging.WARNING, logger="rag.embedder"):
        embedder.load()
    assert embedder.backend == "torch" and embedder.identity.endswith("/float32")
    assert "ONNX backend unavailable" in caplog.text and not float_file.exists()


def test_a_changed_embedder_re_embeds_the_whole_library(real_embedder, tmp_path: Path) -> None:
    from rag.library import Library
    from rag.types import DocumentStatus

    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.txt").write_text("The Fresnel lens of the lighthouse is polished every Tuesday by Marguerite Okafor.")
    (docs / "b.txt").write_text("The harbour office opens at nine; berth 12 is reserved for the ferry to Lisbon.")
    float_embedder = Embedder("", cache_dir=real_embedder._cache_dir, precision="float32")
    library = Library(tmp_path / "lib", embedder=float_embedder)
    list(library.index([docs]))
    assert library.queue.made_by() == float_embedder.identity
    library.close()

    reopened = Library(tmp_path / "lib", embedder=real_embedder)            # int8 now
    assert {d.status for d in reopened.documents()} == {DocumentStatus.INDEXED}
    list(reopened.index([docs]))                                           # nothing changed on disk
    assert reopened.queue.made_by() == real_embedder.identity and reopened.queue.count() == 0
    ids = reopened.store.all_chunk_ids()
    stored = reopened.vectors.chunks.vectors_of(sorted(ids))
    texts = {r[0]: r[1] for r in reopened.store.rows("SELECT chunk_id, text FROM chunks")}
    fresh = real_embedder.encode([texts[i] for i in stored])
    assert len(stored) == len(ids)
    assert np.allclose(np.asarray(list(stored.values())), fresh, atol=1e-4)  # every vector is of the int8 kind
    assert not reopened.store.entities_without_vectors()
    assert reopened.search("Who polishes the lens?", k=1)[0].path.endswith("a.txt")
    reopened.close()


def test_an_unrecorded_library_of_the_same_kind_is_not_re_embedded(real_embedder, tmp_path: Path) -> None:
    from rag.embed_queue import match_embedder
    from rag.library import Library

    (tmp_path / "a.txt").write_text("The Fresnel lens is polished every Tuesday.")
    float_embedder = Embedder("", cache_dir=real_embedder._cache_dir, precision="float32")
    library = Library(tmp_path / "lib", embedder=float_embedder)
    list(library.index([tmp_path / "a.txt"]))
    library.queue._db.execute("DELETE FROM meta")                         # as a library from before this version
    assert match_embedder(library.queue, library.store, float_embedder) is False
    assert library.queue.count() == 0 and library.queue.made_by() == float_embedder.identity
    library.queue._db.execute("DELETE FROM meta")
    assert match_embedder(library.queue, library.store, real_embedder) is True       # float vectors, int8 now
    assert library.queue.count() == library.store.counts()["chunks"]
    library.close()


def test_nothing_to_embed_does_not_start_the_embedder(real_embedder, tmp_path: Path) -> None:
    from rag.embed_queue import match_embedder
    from rag.library import Library

    (tmp_path / "a.txt").write_text("The Fresnel lens is polished every Tuesday.")
    library = Library(tmp_path / "lib", embedder=real_embedder)
    list(library.index([tmp_path / "a.txt"]))
    idle = Embedder("", cache_dir=real_embedder._cache_dir)            # not loaded: it would take seconds
    assert match_embedder(library.queue, library.store, idle) is False and idle.backend == ""
    library.close()
