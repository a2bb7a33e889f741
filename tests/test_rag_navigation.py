"""Navigation text stays out of the chunks; inline HTML code stays on its line, marked as code.

Why: in a printed manual the contents and index pages hold every keyword next to a page number, so
they were retrieved before the page that answers ("FUNCNEST . . . . 84" first for "What does the
FUNCNEST variable control?"), and running heads ("Chapter 5: Shell Variables 85") were glued into
every passage and quoted as answers. On HTML pages each inline element became a line of its own, so
`apt-get` was no longer recognisable as a command and sentences were cut in pieces. Real files are
generated here (a PDF with a contents page, running heads and an index; an HTML page).
"""
from __future__ import annotations

import re
from pathlib import Path

from rag.chunking import chunk_pages
from rag.formats.sections import html_text_and_headings
from rag.formats.text import html_text
from rag.navigation import leader_spans, navigation_spans, running_head_spans
from tests.rag_docs import make_pdf
from tests.test_rag_sections import library  # noqa: F401 - the real library fixture (real embedder, chromadb)

CONTENTS = ("Table of Contents\n1 Harbour Rules . . . . . . . . . . . . . . . 2\n1.1 Mooring Fees . . . . . . . . . . . 2\n"
            "1.2 Winter Service . . . . . . . . . . 3\n2 Ferry Timetables . . . . . . . . . . . 4\nIndex . . . . . . . . . 6")
INDEX = ("Index\nF\nferry timetables . . . . . . . . . . . 4\nfees, mooring . . . . . . . . . . . 2\nM\n"
         "mooring fees for yachts . . . . . . 2, 3\nW\nwinter crossings . . . . . . . . . . . . 3")
BODY = {
    2: "Mooring Fees\nMooring costs 14 euros per night for small yachts and 30 euros for ships longer than twenty metres.",
    3: "Winter Service\nIn winter only three crossings run each day, and the harbour office closes at noon.",
    4: "Ferry Timetables\nThe first ferry leaves the quay at 06:15 every weekday and the last one at 22:40.",
    5: "Harbour Police\nThe harbour police patrol the quays at night and answer calls on channel 16.",
}


def _count(text: str) -> int:          # a word-count stand-in for the tokenizer (pure chunking logic)
    return len(text.split()) + 2


def test_contents_and_index_lists_are_recognised_by_their_form_not_prose():
    assert leader_spans(CONTENTS) == [(0, len(CONTENTS))]             # a page that is mostly entries: all of it
    assert leader_spans(INDEX) == [(0, len(INDEX))]
    prose = ("See the fee table. . . . and then pay.\nThe office opens at 9.\n"
             "Section 3 Fees . . . . . . 12\nMooring costs 14 euros per night.")
    assert leader_spans(prose) == []                                  # one leader line inside prose is kept
    mixed = "Mooring costs 14 euros.\nNo dogs on the quay.\nOpen daily.\nSee also\nfees . . . . . 2\nX\nferry . . . . . 4"
    spans = leader_spans(mixed)
    assert [mixed[a:b] for a, b in spans] == ["fees . . . . . 2\nX\nferry . . . . . 4"]     # a run, its letter included


def test_running_heads_recur_on_pages_and_only_they_are_cut():
    pages = [(n, f"Chapter 1: Harbour Rules {n}\n{BODY[n]}\n{n}") for n in (2, 3, 4, 5)]
    spans = running_head_spans(pages)
    assert 0 not in spans                                           # the first page keeps its head and foot
    for index, (_, text) in list(enumerate(pages))[1:]:
        cut = [text[a:b] for a, b in spans[index]]
        assert cut[0].startswith("Chapter 1: Harbour Rules") and cut[-1].strip().isdigit()
    one_page = [(1, "Chapter 1: Harbour Rules 2\nMooring costs 14 euros.")]
    assert running_head_spans(one_page) == {}                       # a single page has no running head
    chunks = chunk_pages(pages, _count, max_tokens=60)
    assert [c.page for c in chunks if "Chapter 1" in c.text] == [2]
    assert next(c for c in chunks if "In winter" in c.text).text.startswith("Winter Service")
    for c in chunks:                                               # offsets still point into the page text
        full = "\n\n".join(t for _, t in pages)
        assert full[c.char_start:c.char_end] == c.text


def test_chunks_leave_out_a_contents_page_and_keep_the_text_around_an_index_run():
    text = "Mooring costs 14 euros per night.\nfees . . . . . 2\nferry . . . . . 4\nThe quay closes at 22:00."
    chunks = chunk_pages([(1, CONTENTS), (2, text)], _count, max_tokens=60)
    assert [c.text for c in chunks] == ["Mooring costs 14 euros per night.", "The quay closes at 22:00."]
    assert navigation_spans([(1, "Mooring costs 14 euros per night.")]) == {}


def test_html_inline_code_is_marked_and_inline_elements_stay_on_their_line():
    html = ("<html><body><h2>2.1 Using <code>apt-get</code></h2>"
            "<p>Run <code>apt-get update</code> before you install, then <b>reboot</b> the machine.</p>"
            "<p>Edit <tt>/etc/fstab</tt> and set <var>n</var> to 3.</p><pre>$ ls\n<code>a\nb</code></pre></body></html>")
    text = html_text(html)
    assert "Run `apt-get update` before you install, then reboot the machine." in text.split("\n")
    assert "Edit `/etc/fstab` and set `n` to 3." in text.split("\n")
    assert "$ ls\na\nb" in text                                      # a <pre> block is left as it is
    same, headings = html_text_and_headings(html)
    assert same == text and [t for _, t in headings] == ["2.1 Using apt-get"]      # a title stays plain


def test_a_manual_pdf_is_searched_without_its_contents_index_or_running_heads(library, tmp_path: Path):  # noqa: F811
    docs = tmp_path / "docs"
    docs.mkdir()
    pages = [CONTENTS] + [f"Chapter 1: Harbour Rules {n}\n{BODY[n]}\n{n}" for n in (2, 3, 4, 5)] + [INDEX]
    make_pdf(docs / "harbour-manual.pdf", pages)
    records = [p.record for p in library.index([docs]) if p.record]
    assert [r.status.value for r in records] == ["indexed"]
    rowids = library.store.chunks_of_documents([records[0].doc_id])
    texts = [c.text for c in library.store.chunks_by_rowid(rowids).values()]
    assert texts and not any(re.search(r"(\. ){4}", t) for t in texts), texts
    assert sum("Chapter 1: Harbour Rules" in t for t in texts) == 1        # kept once, on its first page
    fees = library.search("What are the mooring fees for yachts?", k=3)[0]
    assert fees.page_start == 2 and "14 euros" in fees.text
    winter = library.search("How many winter crossings run each day?", k=3)[0]      # page 3: its head cut
    assert winter.page_start == 3 and winter.text.startswith("Winter Service")
    assert "harbour police" in " ".join(library.document_pages(str(docs / "harbour-manual.pdf"))[4][1].lower().split())


def test_a_document_indexed_under_older_chunking_rules_is_read_again(library, tmp_path: Path):  # noqa: F811
    """Its file did not change, but its chunks still hold the contents page: the next index run reads it again."""
    from rag.chunking import CHUNKING

    docs = tmp_path / "docs"
    docs.mkdir()
    make_pdf(docs / "harbour-manual.pdf", [CONTENTS] + [BODY[n] for n in (2, 3, 4, 5)])
    first = [p.record for p in library.index([docs]) if p.record][0]
    assert first.content_hash.endswith(f"+{CHUNKING}")
    with library.store.transaction() as db:          # as a library indexed before the rules changed left it
        db.execute("UPDATE documents SET content_hash=?", (first.content_hash.split("+")[0],))
    again = [p.record for p in library.index([docs]) if p.record][0]
    assert again.content_hash == first.content_hash and again.indexed_at > first.indexed_at
    unchanged = [p.record for p in library.index([docs]) if p.record][0]
    assert unchanged.indexed_at == again.indexed_at                # current rules, same file: not read again


def test_a_contents_list_without_page_numbers_is_navigation_when_it_repeats_the_headings():
    """An HTML page's or a text manual's contents list has no page numbers, but it repeats the document's own
    headings line by line; it held every keyword of the page and was retrieved before the section that answers."""
    body = ("Debian Policy\n\n  * 1.1. Scope\n\n  * 1.2. New versions of this document\n\n* 2. The Archive\n\n"
            "  * 2.1. The DFSG\n\n1.1. Scope\n==========\nThis manual describes the policy.\n\n"
            "1.2. New versions of this document\n==================================\nIt is revised often.\n\n"
            "2.1. The DFSG\n=============\nFree software only.\n")
    headings = {0: [(body.index("1.1. Scope\n="), "1.1. Scope"),
                    (body.index("1.2. New versions of this document\n="), "1.2. New versions of this document"),
                    (body.index("2.1. The DFSG\n="), "2.1. The DFSG")]}
    spans = navigation_spans([(None, body)], headings)[0]
    assert [body[a:b] for a, b in spans] == [body[body.index("  * 1.1."):body.index("2.1. The DFSG\n\n1.1.") + 13]]
    chunks = chunk_pages([(None, body)], _count, max_tokens=60, headings=headings)
    assert "New versions" not in " ".join(c.text for c in chunks if c.section != "1.2. New versions of this document")
    assert navigation_spans([(None, body)]) == {}                       # no headings known: nothing is cut
