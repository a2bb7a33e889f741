"""The benches' "unsupported value" column compares an answer with the section it cites (bench/cited.py).

Why: a citation of an HTML or text file names a section, not a page. The column compared such an
answer with the whole document, so a value taken from another section passed; and it read the
citation's own label ("§ 8.1. What programs does …") as claims, so supported answers were flagged
(39 of 40 flags on the real-document test split were wrong). A real library is built here from an
HTML page and a text file generated in the test.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from agents.events import Citation
from bench.answers import _cited_text, unsupported_shown
from bench.cited import without_labels

FILLER = " ".join(f"Sentence {i} talks about ordinary matters of the harbour." for i in range(30))
HTML = f"""<html><body><h1>Harbour Manual</h1><p>{FILLER}</p>
<h2>2.1 Ferry Timetables</h2><p>The ferry ticket costs 30 euros for a car.</p><p>{FILLER}</p>
<h2>2.2 Harbour Fees</h2><p>Mooring costs 14 euros per night for small yachts.</p>
<h2>2.3 Winter Service</h2><p>In winter only three crossings run each day.</p></body></html>"""
FAQ = ("FAQ\n\n8.1. What programs does the harbour provide for managing its berths?\n"
       "The harbour office uses the berth planner, version 7, to assign berths.\n\n"
       "8.2. Who runs the office?\nThe office is run by the harbour master.\n")


@pytest.fixture
def library(tmp_path: Path, real_embedder):
    from rag.library import Library

    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "harbour.html").write_text(HTML, encoding="utf-8")
    (docs / "faq.txt").write_text(FAQ, encoding="utf-8")
    lib = Library(tmp_path / "library", embedder=real_embedder)
    assert all(p.record.status.value == "indexed" for p in lib.index([docs]) if p.record)
    lib.docs = docs
    yield lib
    lib.close()


def test_a_section_citation_is_compared_with_that_section_only(library):
    fees = library.search("How much does mooring cost per night?", k=1)[0]
    assert fees.label == "harbour.html § 2.2 Harbour Fees"
    citation = Citation(label=fees.label, path=fees.path, page=None, snippet=fees.text)
    cited = _cited_text(library, citation)
    assert "14 euros" in cited and "30 euros" not in cited and "three crossings" not in cited
    assert not unsupported_shown(f"14 euros [{fees.label}]", [cited])
    assert unsupported_shown(f"30 euros [{fees.label}]", [cited])       # a value from another section
    whole = _cited_text(library, Citation(label="harbour.html", path=fees.path, page=None, snippet=""))
    assert "30 euros" in whole and "14 euros" in whole                 # no section named: the document


def test_a_citation_label_is_not_read_as_a_claim(library):
    hit = library.search("Which program assigns berths?", k=1)[0]
    assert hit.label.startswith("faq.txt § 8.1. What programs does the harbour provide")
    answer = f'The berth planner [{hit.label}]\nFrom {hit.label}: "{hit.text}"'
    cited = _cited_text(library, Citation(label=hit.label, path=hit.path, page=None, snippet=hit.text))
    assert "version 7" in cited and "harbour master" not in cited
    assert without_labels(answer).split("\n")[0].strip() == "The berth planner"
    assert not unsupported_shown(answer, [cited])
