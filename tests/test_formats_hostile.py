"""Hostile files are contained: zip bombs refused before opening, PDF bombs capped by pypdf, and a
time/memory budget on the loader process so one bad file fails with a reason and the rest is indexed."""
from __future__ import annotations

import threading
from pathlib import Path

import pytest

from agents.platform.cancel import CancelToken, Cancelled
from rag.formats.sandbox import SandboxedLoader
from rag.loaders import LoadError, load_document
from tests.formats_docs import make_docx_bomb, make_pdf_bomb, text_png
from tests.rag_docs import make_docx


def test_pypdf_has_the_decompression_caps() -> None:
    import pypdf.filters as filters

    assert filters.ZLIB_MAX_OUTPUT_LENGTH <= 100 * 2**20
    assert filters.MAX_DECLARED_STREAM_LENGTH <= 100 * 2**20


def test_docx_zip_bomb_is_refused_before_it_is_opened(tmp_path: Path) -> None:
    bomb = make_docx_bomb(tmp_path / "bomb.docx", inflated_mib=64)
    assert bomb.stat().st_size < 200 * 1024
    with pytest.raises(LoadError, match="zip bomb"):
        load_document(bomb)
    good = make_docx(tmp_path / "good.docx", ["A normal letter about the lease."])
    assert "lease" in load_document(good).pages[0][1]


def test_total_inflated_size_is_bounded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import rag.formats.zipguard as zipguard

    doc = make_docx(tmp_path / "big.docx", ["word " * 2000])
    monkeypatch.setattr(zipguard, "MAX_TOTAL_BYTES", 10_000)
    with pytest.raises(LoadError, match="would inflate to"):
        load_document(doc)


def test_pdf_with_a_huge_compressed_stream(tmp_path: Path) -> None:
    bomb = make_pdf_bomb(tmp_path / "bomb.pdf")
    assert bomb.stat().st_size < 2 * 2**20
    with pytest.raises(LoadError, match="safety limit"):
        load_document(bomb)
    mixed = make_pdf_bomb(tmp_path / "mixed.pdf", text_page="The first page holds the real contract text.")
    doc = load_document(mixed)
    assert "contract" in doc.pages[0][1]
    assert doc.notes == ["page 2: skipped, content would inflate past the safety limit"]


def test_the_loader_process_stops_a_file_over_its_memory_budget(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_bytes(b"plain words over and over again\n" * (2 * 2**20))      # 64 MiB of text
    small = tmp_path / "small.txt"
    small.write_text("A small note about the garden.")
    loader = SandboxedLoader(memory_mib=60)
    try:
        with pytest.raises(LoadError, match="more than 60 MiB of memory"):
            loader.load(big)
        assert "garden" in loader.load(small).pages[0][1]     # a fresh process reads the next file
    finally:
        loader.close()


def test_cancel_stops_ocr_mid_file(tmp_path: Path) -> None:
    from PIL import Image

    frames = [Image.open(text_png(tmp_path / f"f{i}.png", [f"Page {i} of the scanned letter"])) for i in range(8)]
    tiff = tmp_path / "scan.tiff"
    frames[0].save(tiff, save_all=True, append_images=frames[1:])
    cancel = CancelToken()
    loader = SandboxedLoader()
    seen: list[str] = []
    try:
        steps = loader.steps(tiff, cancel)
        with pytest.raises(Cancelled):
            for message in steps:
                seen.append(message)
                cancel.cancel()
        assert seen == ["OCR page 1 of 8"]
        assert loader._process is None          # the half-done loader process was stopped
    finally:
        loader.close()


def test_a_parser_bug_fails_one_file_with_its_type(tmp_path: Path) -> None:
    pptx = tmp_path / "fake.pptx"
    make_docx(pptx, ["not a presentation"])       # a valid zip, the wrong package
    loader = SandboxedLoader()
    try:
        with pytest.raises(LoadError, match="PowerPoint file is damaged"):
            loader.load(pptx)
    finally:
        loader.close()


def test_progress_thread_safety_of_the_loader(tmp_path: Path) -> None:
    """Two threads share one loader (the GUI's indexer and a summary): calls are serialized, not mixed."""
    files = []
    for i in range(4):
        path = tmp_path / f"n{i}.txt"
        path.write_text(f"note number {i}")
        files.append(path)
    loader = SandboxedLoader()
    results: dict[int, str] = {}

    def read(i: int) -> None:
        results[i] = loader.load(files[i]).pages[0][1]

    threads = [threading.Thread(target=read, args=(i,)) for i in range(4)]
    try:
        for t in threads:
            t.start()
        for t in threads:
            t.join(60)
        assert results == {i: f"note number {i}" for i in range(4)}
    finally:
        loader.close()
