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


class VectorStore:
    def __init__(self, folder: Path) -> None:
        import chromadb
        from chromadb.config import Settings as ChromaSettings

        folder.mkdir(parents=True, exist_ok=True)
        self._client = chromadb.PersistentClient(path=str(folder), settings=ChromaSettings(anonymized_telemetry=False))
        self.chunks = self._collection("chunks")
        self.entities = self._collection("entities")

    def _collection(self, name: str):
        return self._client.get_or_create_collection(name=name, embedding_function=None, metadata={"hnsw:space": "cosine"})

    @staticmethod
    def add(collection, ids: Sequence[str], vectors: np.ndarray) -> None:
        for begin in range(0, len(ids), _BATCH):
            collection.upsert(ids=list(ids[begin:begin + _BATCH]), embeddings=vectors[begin:begin + _BATCH].tolist())

    @staticmethod
    def delete(collection, ids: Sequence[str]) -> None:
        for begin in range(0, len(ids), _BATCH):
            collection.delete(ids=list(ids[begin:begin + _BATCH]))

    @staticmethod
    def all_ids(collection) -> list[str]:
        return list(collection.get(include=[])["ids"])

    @staticmethod
    def nearest(collection, vector: np.ndarray, k: int) -> list[tuple[str, float]]:
        """(id, cosine similarity) best first."""
        count = collection.count()
        if count == 0 or k <= 0:
            return []
        try:
            result = collection.query(query_embeddings=[vector.tolist()], n_results=min(k, count), include=["distances"])
        except Exception as exc:  # noqa: BLE001 - chromadb's own errors have no stable base class
            # Another process is writing the index (its HNSW files are not on disk yet): this search
            # ranks by keyword and graph only, instead of failing; the next one sees the vectors.
            if "hnsw" not in str(exc).lower() and "nothing found on disk" not in str(exc).lower():
                raise
            log.warning("vector search skipped: the vector index is being written by another process")
            return []
        return [(i, 1.0 - float(d)) for i, d in zip(result["ids"][0], result["distances"][0])]

    def close(self) -> None:
        # chromadb has no public close; dropping references lets its SQLite handles go.
        try:
            self._client.clear_system_cache()
        except Exception:  # noqa: BLE001 - best effort on shutdown
            log.debug("chromadb cache clear failed", exc_info=True)
