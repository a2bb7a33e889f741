"""Enclave's PySide6 desktop app.

Thin by design: widgets render the core's dataclasses and start background jobs;
every call into the core (model, library, orchestrator) runs on a worker thread.
Nothing here imports llama_cpp, chromadb, sentence_transformers or torch.
"""
