"""A scanned memo, read by OCR and asked about as a user would: its header block is not part of its first sentence.

Why: OCR joined every line with a single line break, which the answer finder reads as a line wrap inside a
sentence, so "Date: 3 February 2025" and "The lease was approved ... on 28 January 2025" were one sentence and "When
was the lease approved?" got the memo's date. A gap clearly wider than the page's usual line spacing is now a blank
line (a paragraph). Real image, real OCR models, real library and SmolLM2 through the front door.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from agents.answers.answer_types import candidates

LINES = [(60, "Harbour Works Ltd - Internal memo"), (150, "Date: 3 February 2025"),
         (240, "The new warehouse lease in Rotterdam was approved by Ingrid Vasquez,"),
         (300, "the head of operations, on 28 January 2025."),
         (360, "The lease runs for seven years at EUR 18,400 per month.")]


def memo_png(path: Path) -> Path:
    from PIL import Image, ImageDraw, ImageFont

    image = Image.new("RGB", (1500, 480), "white")
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=34)
    for top, line in LINES:
        draw.text((40, top), line, fill="black", font=font)
    image.save(path)
    return path


def test_a_date_is_no_length():
    """"How long ..." falls back to lengths ("79 characters") when no duration is written, never to a date."""
    assert candidates("duration", "Internal memo Date: 3 February 2025", "How long does the lease run?") == []
    assert candidates("duration", "Source lines should be under 79 characters.", "How long may lines be?") == [
        "under 79 characters"]


def test_a_weekday_is_no_place():
    """A mail's Date header abbreviates the weekday; "Tue" answers no "where" and no "who"."""
    assert candidates("place", "Date: Tue, 14 Oct 2025 09:12:00 +0200", "Where is the site visit?") == []
    assert candidates("person", "Sent: Fri, 3 Jan 2025", "Who sent it?") == []
    assert "Lisbon" in candidates("place", "We meet at the Lisbon plant on Thu, 23 Oct.", "Where do we meet?")


@pytest.mark.slow
def test_ocr_keeps_a_header_block_apart_and_wrapped_lines_together(tmp_path: Path) -> None:
    from rag.loaders import load_document

    text = load_document(memo_png(tmp_path / "memo.png")).pages[0][1]
    assert "Internal memo\n\nDate: 3 February 2025\n\nThe new warehouse" in text
    assert "Vasquez,\nthe head of operations" in text                       # evenly spaced lines: one sentence


@pytest.mark.model
@pytest.mark.embedding
@pytest.mark.slow
def test_when_the_scanned_lease_was_approved(real_model, real_embedder, tmp_path: Path) -> None:
    from agents.api import Enclave, FinalAnswer

    docs = tmp_path / "docs"
    docs.mkdir()
    memo_png(docs / "memo.png")
    with Enclave(model=real_model) as enclave:
        assert all(p.record.status.value == "indexed" for p in enclave.index([docs]) if p.record)
        answers = {q: [e for e in enclave.ask(q) if isinstance(e, FinalAnswer)][0].text.split("\n", 1)[0]
                   for q in ("When was the lease approved?", "How long does the lease run?",
                             "Who approved the warehouse lease?")}
        enclave.core._model = None       # the session's model is closed by its fixture
    assert answers["When was the lease approved?"].startswith("28 January 2025"), answers
    assert answers["How long does the lease run?"].lower().startswith("seven years"), answers
    assert answers["Who approved the warehouse lease?"].startswith("Ingrid Vasquez"), answers
