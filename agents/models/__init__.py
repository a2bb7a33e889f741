"""Models beyond the embedded one: the catalog, the fit for this computer, verified resumable downloads,
imported GGUF files, and the network activity list (see docs/architecture.md)."""
