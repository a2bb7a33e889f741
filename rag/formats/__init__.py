"""One module per file format; `rag.loaders` picks the right one and runs it under a budget."""
