"""Chunk and entity-name vectors in an embedded, persistent chromadb.

We always pass our own embeddings (never let chromadb embed: its default function
downloads a model). Cosine space, matching the normalized sentence vectors.
"""
from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path

import numpy as np

log = logging.getLogger(__name__)

_BATCH = 1000


class VectorCollection:
    """One named set of vectors (chunks, or entity names); the chromadb collection stays inside."""

    def __init__(self, collection) -> None:  # noqa: ANN001 - a chromadb Collection
        self._collection = collection

    def add(self, ids: Sequence[str], vectors: np.ndarray) -> None:
        for begin in range(0, len(ids), _BATCH):
            self._collection.upsert(ids=list(ids[begin:begin + _BATCH]),
                                    embeddings=vectors[begin:begin + _BATCH].tolist())

    def delete(self, ids: Sequence[str]) -> None:
        for begin in range(0, len(ids), _BATCH):
            self._collection.delete(ids=list(ids[begin:begin + _BATCH]))

    def all_ids(self) -> list[str]:
        return list(self._collection.get(include=[])["ids"])

    def vectors_of(self, ids: Sequence[str]) -> dict[str, np.ndarray]:
        """The stored vectors of these ids (ids without one are left out)."""
        if not ids:
            return {}
        got = self._collection.get(ids=list(ids), include=["embeddings"])
        return {i: np.asarray(v, dtype=np.float32) for i, v in zip(got["ids"], got["embeddings"]) if v is not None}

    def nearest(self, vector: np.ndarray, k: int) -> list[tuple[str, float]]:
        """(id, cosine similarity) best first."""
        count = self._collection.count()
        if count == 0 or k <= 0:
            return []
        try:
            result = self._collection.query(query_embeddings=[vector.tolist()], n_results=min(k, count),
                                            include=["distances"])
        except Exception as exc:  # noqa: BLE001 - chromadb's own errors have no stable base class
            # Another process is writing the index (its HNSW files are not on disk yet): this search
            # ranks by keyword and graph only, instead of failing; the next one sees the vectors.
            if "hnsw" not in str(exc).lower() and "nothing found on disk" not in str(exc).lower():
                raise
            log.warning("vector search skipped: the vector index is being written by another process")
            return []
        return [(i, 1.0 - float(d)) for i, d in zip(result["ids"][0], result["distances"][0])]


class VectorStore:
    """The library's vectors: `chunks` and `entities`, each a VectorCollection."""

    def __init__(self, folder: Path) -> None:
        import chromadb
        from chromadb.config import Settings as ChromaSettings

        folder.mkdir(parents=True, exist_ok=True)
        self._client = chromadb.PersistentClient(path=str(folder), settings=ChromaSettings(anonymized_telemetry=False))
        self.chunks = self._collection("chunks")
        self.entities = self._collection("entities")

    def _collection(self, name: str) -> VectorCollection:
        return VectorCollection(self._client.get_or_create_collection(
            name=name, embedding_function=None, metadata={"hnsw:space": "cosine"}))

    def close(self) -> None:
        # chromadb has no public close; dropping references lets its SQLite handles go.
        try:
            self._client.clear_system_cache()
        except Exception:  # noqa: BLE001 - best effort on shutdown
            log.debug("chromadb cache clear failed", exc_info=True)
