"""Loaders, chunking and the rule entity extractor (real files, real tokenizer; no embedding model)."""
from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from rag.chunking import chunk_pages, join_pages
from rag.entities import extract, normalize
from rag.loaders import LoadError, load_document
from tests.rag_docs import make_docx, make_image_only_pdf, make_pdf


@pytest.fixture(scope="module")
def count_tokens():
    from rag.embedder import Embedder

    return Embedder("").count_tokens      # the model's own tokenizer; the model itself is not started


def test_pdf_pages_keep_their_numbers(tmp_path: Path) -> None:
    pdf = make_pdf(tmp_path / "r.pdf", ["Alpha page about turbines.", "Beta page about violins.", "Gamma page."])
    doc = load_document(pdf)
    assert [n for n, _ in doc.pages] == [1, 2, 3]
    assert "violins" in doc.pages[1][1] and "violins" not in doc.pages[0][1]


@pytest.mark.parametrize("make, reason", [
    (lambda p: p.write_bytes(b""), r"empty \(0 bytes\)"),
    (lambda p: p.write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog >>\ngarbage\x00\x01\x02" * 20), "damaged"),
    (lambda p: make_image_only_pdf(p), "no text was found"),
    (lambda p: make_pdf(p, ["secret text"], encrypt="hunter2"), "encrypted"),
])
def test_bad_pdfs_fail_with_a_specific_reason(tmp_path: Path, make, reason: str) -> None:
    path = tmp_path / "bad.pdf"
    make(path)
    with pytest.raises(LoadError, match=reason):
        load_document(path)


def test_huge_pdf_is_refused_by_size(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import rag.formats.pdf as pdf
    import rag.loaders as loaders

    path = make_pdf(tmp_path / "big.pdf", ["page"] * 30)
    monkeypatch.setattr(pdf, "MAX_PDF_PAGES", 20)
    with pytest.raises(LoadError, match="too many pages"):
        load_document(path)
    monkeypatch.setattr(loaders, "MAX_FILE_BYTES", 100)
    with pytest.raises(LoadError, match="too large"):
        load_document(path)


def test_text_encodings_and_binary(tmp_path: Path) -> None:
    latin = tmp_path / "latin.txt"
    latin.write_bytes("Café crème à Zürich, señor Müller".encode("latin-1"))
    assert "Zürich" in load_document(latin).pages[0][1]
    utf16 = tmp_path / "u16.txt"
    utf16.write_bytes("Grüße aus Köln\nzweite Zeile".encode("utf-16"))
    assert "Köln" in load_document(utf16).pages[0][1]
    utf16_nobom = tmp_path / "u16le.txt"
    utf16_nobom.write_bytes("plain words in utf sixteen".encode("utf-16-le"))
    assert load_document(utf16_nobom).pages[0][1] == "plain words in utf sixteen"
    binary = tmp_path / "fake.txt"
    binary.write_bytes(os.urandom(4096))
    with pytest.raises(LoadError, match="binary"):
        load_document(binary)
    blank = tmp_path / "blank.md"
    blank.write_text("   \n\n  \t\n")
    with pytest.raises(LoadError, match="no text"):
        load_document(blank)


def test_html_visible_text_and_docx(tmp_path: Path) -> None:
    html = tmp_path / "p.html"
    html.write_text("<html><head><title>t</title><style>.x{color:red}</style></head><body><h1>Budget</h1>"
                    "<script>var hidden = 1;</script><p>The budget is 42 euros.</p></body></html>")
    text = load_document(html).pages[0][1]
    assert "Budget" in text and "42 euros" in text and "hidden" not in text and "color" not in text
    docx_file = make_docx(tmp_path / "d.docx", ["First paragraph about otters.", "Second about beavers."])
    text = load_document(docx_file).pages[0][1]
    assert "otters" in text and "beavers" in text
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(LoadError, match="damaged"):
        load_document(broken)


def test_unreadable_and_vanished(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(LoadError, match="disappeared"):
        load_document(tmp_path / "gone.txt")
    locked = tmp_path / "locked.txt"
    locked.write_text("private")
    if os.geteuid() != 0:       # root reads anything; then the OS error is simulated below
        locked.chmod(0)
        with pytest.raises(LoadError, match="permission denied"):
            load_document(locked)
        locked.chmod(0o600)

    def denied(self):
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "read_bytes", denied)
    with pytest.raises(LoadError, match="permission denied"):
        load_document(locked)


def test_chunks_respect_the_token_limit_and_offsets(count_tokens) -> None:
    sentence = "Li Hua met Wolfgang at the Grand Cinema to watch a long film about dragons. "
    pages = [(1, (sentence * 12 + "\n\n") * 4), (2, "Short second page."), (3, "x" * 3000)]
    chunks = chunk_pages(pages, count_tokens, max_tokens=120)
    full, _ = join_pages(pages)
    assert all(count_tokens(c.text) <= 120 for c in chunks)
    assert all(full[c.char_start:c.char_end] == c.text for c in chunks)
    assert {c.page for c in chunks} == {1, 2, 3}
    assert all(c.text.rstrip().endswith(".") for c in chunks if c.page == 1)     # sentence boundaries kept
    assert "".join(c.text for c in chunks if c.page == 3) == "x" * 3000          # nothing lost in a giant word


def test_entity_normalization_and_structure() -> None:
    assert normalize("Li Hua") == normalize("LiHua") == normalize("Li Hua's") == normalize("li hua’s") == "lihua"
    text = ('Time: 20260121_13:00\nWolfgang: Hey Li Hua! Want to watch "Overwatch 3" on Thursday at the Grand Cinema?\n'
            "LiHua: Sounds great. Adam Smith said the University of Westminster is nice.")
    found = {e.key: e for e in extract(text)}
    assert found["wolfgang"].type == "person" and found["lihua"].type == "person"
    assert found["overwatch3"].type == "work"
    assert found["date20260121"].type == "date" and found["weekdaythursday"].type == "date"
    assert {"grandcinema", "adamsmith", "universityofwestminster"} <= set(found)
    assert not {"hey", "sounds", "soundsgreat", "want", "time"} & set(found)


def test_dates_in_text_queries_and_headers_meet_in_the_same_nodes() -> None:
    from rag.entities import calendar_keys

    header = dict(calendar_keys("Time: 20260106_13:00"))
    assert {"date20260106", "day0106", "monthjanuary"} <= set(header)
    for question in ("What does Li Hua report on January 6th?", "what happened on 6 Jan", "the 6th of january", "on 20260106"):
        assert "day0106" in dict(calendar_keys(question)), question
    found = {e.key for e in extract("See you Sept 5th, Monday! Friday Dana Whitfield arrives.")}
    assert {"day0905", "weekdaymonday", "weekdayfriday", "danawhitfield"} <= found and "sept" not in found


def test_entity_extraction_runs_thousands_of_chunks_per_second() -> None:
    chunk = ("AdamSmith: Hi Li Hua, the Maple Street gym opens on Monday with Jennifer Moore as coach.\n"
             "LiHua: Great! I'll tell Wolfgang and the Riverside Book Club about it. See you in March.\n") * 4
    extract(chunk)
    started = time.process_time()         # CPU time: other processes on the machine do not count
    for i in range(1000):
        extract(chunk + str(i))
    assert time.process_time() - started < 1.0
