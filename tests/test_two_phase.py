"""Two-phase indexing on a real 5 MB text file: searchable by keyword and graph as soon as its text
is committed, vectors afterwards; stopping mid-embedding (as a crash would) loses nothing."""
from __future__ import annotations

import random
from pathlib import Path

import pytest

from rag.chunking import chunk_pages
from rag.library import Library
from rag.types import DocumentStatus

pytestmark = [pytest.mark.embedding, pytest.mark.slow]


def make_big_text(path: Path, megabytes: float = 5.0) -> Path:
    rnd = random.Random(7)
    words = "harbour tide ship sailor cargo anchor storm lighthouse captain crew voyage map compass rope deck".split()
    paragraphs, size = [], 0
    while size < megabytes * 2**20:
        text = f"Entry {len(paragraphs)}. " + " ".join(rnd.choice(words) for _ in range(60)) + "."
        paragraphs.append(text)
        size += len(text) + 2
    paragraphs.insert(len(paragraphs) - 10, "The password of the old vault is zebracorn.")
    path.write_text("\n\n".join(paragraphs))
    return path


def test_chunking_from_one_tokenization_equals_counting_each_piece(real_embedder, tmp_path: Path) -> None:
    text = make_big_text(tmp_path / "t.txt", 0.2).read_text()
    odd = ("Résumé of naïve café owners. " * 50 + "\n" + "x" * 3000 + " https://example.org/" + "a/b" * 400 + "\n\n") * 3
    for pages in ([(None, text)], [(1, odd), (2, "short page"), (3, text[:20000])]):
        assert chunk_pages(pages, real_embedder.count_tokens, 254, real_embedder.token_offsets) == \
            chunk_pages(pages, real_embedder.count_tokens, 254)


def test_a_5_mb_file_is_searchable_before_it_is_embedded(real_embedder, tmp_path: Path) -> None:
    big = make_big_text(tmp_path / "big.txt")
    folder = tmp_path / "lib"
    library = Library(folder, embedder=real_embedder)
    steps = library.index([big])
    record = next(p.record for p in steps if p.record is not None)
    assert record.status == DocumentStatus.INDEXED and record.reason == "searchable, embedding 0%"
    assert record.chunks > 3000
    assert library.vectors.chunks.all_ids() == []
    hits = library.search("zebracorn vault password", k=3)
    assert hits[0].file_name == "big.txt" and "zebracorn" in hits[0].text and "vector" not in hits[0].signals
    embedding: list[str] = []
    for progress in steps:                         # two batches of vectors, then stop as a crash would
        if progress.detail.startswith("embedding"):
            embedding.append(progress.detail)
            if len(embedding) == 2:
                break
    steps.close()
    library.close()
    assert embedding[1].startswith("embedding ") and "(512 of" in embedding[1]

    reopened = Library(folder, embedder=real_embedder)
    try:
        (record,) = reopened.documents()
        assert record.status == DocumentStatus.INDEXED and record.reason.startswith("searchable, embedding ")
        assert 0 < int(record.reason.split()[-1].rstrip("%")) < 100
        waiting = reopened.queue.count()
        assert waiting == record.chunks - 512
        assert len(reopened.vectors.chunks.all_ids()) == 512
        more = reopened.embed_pending()
        next(more)                                  # the restart continues where embedding stopped
        more.close()
        assert reopened.queue.count() == waiting - 256
        assert reopened.search("zebracorn", k=1)[0].file_name == "big.txt"
    finally:
        reopened.close()
