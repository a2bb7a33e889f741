"""Enclave's document library: ingestion, chunking, entities, graph, vectors, retrieval.

Never imports Qt. Paths and settings are passed in by the caller.
"""
