"""The Library end to end: real PDFs, real embedder (ONNX), real chromadb and SQLite in temp folders."""
from __future__ import annotations

import os
import time
from pathlib import Path

import numpy as np
import pytest

from agents.platform.cancel import CancelToken, Cancelled
from rag.errors import LibraryError
from rag.library import Library
from rag.types import DocumentStatus
from tests.rag_docs import make_docx, make_image_only_pdf, make_pdf

pytestmark = pytest.mark.embedding

HANDBOOK = [
    "Welcome to the Harbor Lighthouse volunteer handbook. Volunteers keep the museum open on weekends.",
    "Lamp maintenance: the Fresnel lens is polished every Tuesday with a soft cotton cloth and distilled water.",
    "Emergency procedure: if a storm warning is issued, the keeper Margaret Olsen closes the gallery and calls the coast guard.",
]
GARDEN = [
    "The community garden plan lists twelve raised beds for tomatoes, beans and zucchini.",
    "Compost rules: kitchen scraps go into the green bins; meat and dairy are not allowed in the compost.",
    "Watering schedule: the drip irrigation runs at six in the morning from May until September.",
]


@pytest.fixture
def library(tmp_path: Path, real_embedder) -> Library:
    lib = Library(tmp_path / "library", embedder=real_embedder)
    yield lib
    lib.close()


@pytest.fixture
def docs(tmp_path: Path) -> Path:
    folder = tmp_path / "docs"
    (folder / "sub").mkdir(parents=True)
    make_pdf(folder / "handbook.pdf", HANDBOOK)
    make_pdf(folder / "sub" / "garden.pdf", GARDEN)
    (folder / "notes.md").write_text("# Trip notes\n\nThe ferry to Nordholm island leaves at 9:40 from pier 3.\n")
    return folder


def _index(library: Library, paths) -> dict[str, object]:
    return {p.record.path: p.record for p in library.index(paths) if p.record is not None}


def _consistent(library: Library) -> None:
    """SQLite and chromadb hold exactly the same chunks."""

    assert set(library.vectors.chunks.all_ids()) == library.store.all_chunk_ids()


@pytest.mark.parametrize("question, file, page", [
    ("How often is the Fresnel lens polished?", "handbook.pdf", 2),
    ("Who closes the gallery when a storm warning comes?", "handbook.pdf", 3),
    ("Can I put dairy into the compost bins?", "garden.pdf", 2),
    ("When does the irrigation water the beds?", "garden.pdf", 3),
    ("What time does the ferry to Nordholm leave?", "notes.md", None),
])
def test_search_puts_the_right_file_and_page_first(library: Library, docs: Path, question: str, file: str, page) -> None:
    records = _index(library, [docs])
    assert {r.status for r in records.values()} == {DocumentStatus.INDEXED}
    best = library.search(question, k=3)[0]
    assert (best.file_name, best.page_start) == (file, page)
    assert best.label == (f"{file} p.{page}" if page else f"{file} § Trip notes")     # no pages: named by its section
    assert best.text in library.document_pages(best.path)[(page or 1) - 1][1]


def test_library_records_pages_entities_and_signals(library: Library, docs: Path) -> None:
    _index(library, [docs])
    by_name = {Path(d.path).name: d for d in library.documents()}
    assert by_name["handbook.pdf"].pages == 3 and by_name["handbook.pdf"].chunks >= 3
    pages = library.document_pages(docs / "handbook.pdf")
    assert [n for n, _ in pages] == [1, 2, 3] and "Fresnel" in pages[1][1]
    assert {"Margaret Olsen", "Harbor Lighthouse"} <= library.entity_names()
    hits = library.search("Margaret Olsen", k=5)
    assert "graph" in hits[0].signals and hits[0].page_start == 3
    # A token only keyword search can know (no entity, meaningless to the embedder) is still returnable.
    (docs / "codes.txt").write_text("Locker combination for the boathouse: QX7731ZB.\n")
    _index(library, [docs])
    hit = library.search("QX7731ZB", k=3)[0]
    assert hit.file_name == "codes.txt" and "keyword" in hit.signals
    with pytest.raises(LibraryError, match="empty"):
        library.search("   ")


def test_changed_files_are_replaced_and_removed_files_leave(library: Library, docs: Path) -> None:
    _index(library, [docs])
    first = {Path(d.path).name: d for d in library.documents()}
    again = _index(library, [docs])            # unchanged: nothing re-embedded, same records
    assert {Path(p).name: r.indexed_at for p, r in again.items()}["handbook.pdf"] == first["handbook.pdf"].indexed_at
    notes = docs / "notes.md"
    notes.write_text("# Trip notes\n\nThe ferry was cancelled; we take the seaplane from Lindholm harbour instead.\n")
    os.utime(notes, ns=(time.time_ns(), time.time_ns() + 10**9))
    _index(library, [docs])
    assert "ferry" in library.document_pages(notes)[0][1] and "9:40" not in library.document_pages(notes)[0][1]
    assert not any("9:40" in p.text for p in library.search("ferry Nordholm 9:40 pier", k=10))
    _consistent(library)
    (docs / "sub" / "garden.pdf").unlink()
    _index(library, [docs])
    assert "garden.pdf" not in {Path(d.path).name for d in library.documents()}
    assert not any(p.file_name == "garden.pdf" for p in library.search("compost dairy", k=10))
    _consistent(library)
    assert library.forget(docs / "notes.md") is True and library.forget(docs / "notes.md") is False
    _consistent(library)
    with pytest.raises(LibraryError, match="not in the library"):
        library.document_pages(docs / "notes.md")


def test_bad_inputs_fail_with_reasons_and_the_rest_is_indexed(library: Library, docs: Path, tmp_path: Path) -> None:
    _index(library, [docs / "handbook.pdf"])
    bad = docs / "bad"
    bad.mkdir()
    (bad / "zero.txt").write_bytes(b"")
    (bad / "corrupt.pdf").write_bytes(b"%PDF-1.7\nthis is not a pdf body\x00\xff" * 50)
    make_pdf(bad / "locked.pdf", ["top secret"], encrypt="pw")
    make_image_only_pdf(bad / "scan.pdf")
    (bad / "binary.txt").write_bytes(os.urandom(5000))
    (bad / "latin1.txt").write_bytes("Réunion à Genève chez François, jeudi.".encode("latin-1"))
    (bad / "utf16.txt").write_bytes("Besprechung in Köln am Freitag.".encode("utf-16"))
    make_docx(bad / "minutes.docx", ["Minutes: the board approved the new kayak shed."])
    records = {Path(p).name: r for p, r in _index(library, [docs, tmp_path / "nope.pdf"]).items()}
    reasons = {name: r.reason for name, r in records.items() if r.status == DocumentStatus.FAILED}
    assert "empty" in reasons["zero.txt"]
    assert "damaged" in reasons["corrupt.pdf"]
    assert "encrypted" in reasons["locked.pdf"]
    assert "no text was found in the PDF, not even by OCR" in reasons["scan.pdf"]
    assert "binary" in reasons["binary.txt"]
    assert "no such file" in reasons["nope.pdf"]
    for name in ("latin1.txt", "utf16.txt", "minutes.docx", "garden.pdf", "notes.md"):
        assert records[name].status == DocumentStatus.INDEXED, name
    statuses = {Path(d.path).name: d.status for d in library.documents()}
    assert statuses["handbook.pdf"] == DocumentStatus.INDEXED          # nothing already indexed is lost
    assert library.search("Genève François", k=1)[0].file_name == "latin1.txt"
    assert library.search("kayak shed board", k=1)[0].file_name == "minutes.docx"
    _consistent(library)


def test_a_path_that_vanishes_mid_index_fails_and_cancel_resumes(library: Library, tmp_path: Path) -> None:
    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(8):
        (folder / f"n{i}.txt").write_text(f"Note number {i} about the lighthouse keeper's log entry {i * 17}.\n")
    progress = library.index([folder])
    first = next(progress)
    (folder / "n7.txt").unlink()
    records = {Path(p.record.path).name: p.record for p in [first, *progress] if p.record}
    assert records["n7.txt"].status == DocumentStatus.FAILED and "disappeared" in records["n7.txt"].reason
    library.forget(folder / "n7.txt")
    for i in range(8, 14):
        (folder / f"n{i}.txt").write_text(f"Later note {i}: the keeper counted {i} ships.\n")
    cancel = CancelToken()
    seen = 0
    with pytest.raises(Cancelled):
        for p in library.index([folder], cancel=cancel):
            seen += 1
            if seen == 3:
                cancel.cancel()
    statuses = {Path(d.path).name: d.status for d in library.documents()}
    assert DocumentStatus.INDEXING not in statuses.values()
    _index(library, [folder])
    assert all(d.status == DocumentStatus.INDEXED for d in library.documents())
    assert len(library.documents()) == 13
    _consistent(library)


def test_a_crash_between_the_stores_is_repaired_on_restart(tmp_path: Path, real_embedder, docs: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    from rag.store import Store

    folder = tmp_path / "crashlib"
    library = Library(folder, embedder=real_embedder)
    _index(library, [docs / "notes.md"])

    def crash(*args, **kwargs):
        raise SystemExit("power cut")       # after the chunks were queued for embedding, before SQLite committed

    monkeypatch.setattr(Store, "replace_document", crash)
    with pytest.raises(SystemExit):
        _index(library, [docs / "handbook.pdf"])
    stray = set(library.queue.next(10_000)) - library.store.all_chunk_ids()
    assert stray                            # the crash really left queued chunks SQLite does not know
    assert set(library.vectors.chunks.all_ids()) == library.store.all_chunk_ids()
    library.close()
    monkeypatch.undo()
    reopened = Library(folder, embedder=real_embedder)
    record = {Path(d.path).name: d for d in reopened.documents()}["handbook.pdf"]
    assert record.status == DocumentStatus.PENDING and "interrupted" in record.reason
    _consistent(reopened)                   # stray vectors deleted on start-up
    assert {r.status for r in _index(reopened, [docs]).values()} == {DocumentStatus.INDEXED}
    assert reopened.search("Fresnel lens polishing", k=1)[0].page_start == 2
    _consistent(reopened)
    reopened.close()


def test_onnx_vectors_match_sentence_transformers(real_embedder) -> None:
    from sentence_transformers import SentenceTransformer

    from rag.embedder import Embedder, default_model_path

    float_embedder = Embedder("", cache_dir=real_embedder._cache_dir, precision="float32")   # the same export
    float_embedder.load()
    assert float_embedder.backend == "onnxruntime" and float_embedder.identity.endswith("/float32")
    texts = ["short", "The Fresnel lens is polished every Tuesday. " * 3, "word " * 400]    # last one is truncated
    reference = SentenceTransformer(str(default_model_path()), device="cpu").encode(texts, normalize_embeddings=True)
    ours = float_embedder.encode(texts)
    assert ours.shape == reference.shape
    assert np.min(np.sum(ours * reference, axis=1)) > 0.999


def test_watcher_indexes_new_changed_and_deleted_files(library: Library, tmp_path: Path) -> None:
    from rag.watcher import LibraryWatcher

    folder = tmp_path / "watched"
    folder.mkdir()
    seen = []
    watcher = LibraryWatcher(library, [folder], debounce=0.3, on_progress=seen.append)
    watcher.start()
    try:
        note = folder / "idea.md"
        note.write_text("Idea: paint the lighthouse door blue.")
        note.write_text("Idea: paint the lighthouse door bright red.")     # two quick writes, one re-index
        _wait(lambda: any(Path(d.path).name == "idea.md" and d.status == DocumentStatus.INDEXED for d in library.documents()))
        assert "bright red" in library.document_pages(note)[0][1]
        note.unlink()
        _wait(lambda: not library.documents())
    finally:
        watcher.stop()
    assert any(p.record and p.record.status == DocumentStatus.INDEXED for p in seen)
    with pytest.raises(LibraryError, match="not a folder"):
        LibraryWatcher(library, [tmp_path / "missing"])


def _wait(condition, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError("condition not reached in time")
