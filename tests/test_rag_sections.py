"""Section-aware chunks: a heading reaches the chunk, the keyword index, the vector and the citation.

Why: on a long HTML page or manual, the heading says what a passage is about ("… 500" means
little until it sits under "HISTSIZE"). Real files are generated here: an HTML page with h1–h3,
a PDF with bookmarks (reportlab + pypdf's outline), a PDF without bookmarks whose numbered heading
lines are read instead, a plain-text file with numbered headings and a Markdown file.
"""
from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from rag.chunking import chunk_pages, with_section
from rag.formats.sections import heading_at, html_text_and_headings, text_headings
from rag.formats.text import html_text
from tests.rag_docs import make_pdf

FILLER = " ".join(f"Sentence {i} talks about ordinary matters of the manual." for i in range(40))
HTML = f"""<html><head><title>Manual</title><style>p {{color: red}}</style></head><body>
<h1>Harbour Manual</h1><p>{FILLER}</p>
<h2 id="a">2.1 <code>Ferry</code> Timetables</h2><p>{FILLER}</p>
<p>The first boat leaves the quay at 06:15 every weekday.</p>
<h3>2.1.1 Winter Service</h3><p>In winter only three crossings run each day.</p>
<h2>2.2 Harbour Fees</h2><p>Mooring costs 14 euros per night for small yachts.</p>
</body></html>"""


def _count(text: str) -> int:          # a word-count stand-in for the tokenizer (pure chunking logic)
    return len(text.split()) + 2


def test_html_text_is_unchanged_and_headings_point_at_their_lines():
    text, headings = html_text_and_headings(HTML)
    assert text == html_text(HTML)                         # the same text as before: offsets stay valid
    titles = [t for _, t in headings]
    assert titles == ["Harbour Manual", "2.1 Ferry Timetables", "2.1.1 Winter Service", "2.2 Harbour Fees"]
    for offset, title in headings:
        assert text[offset:].startswith(title.split()[0])
    assert heading_at(headings, text.index("06:15")) == "2.1 Ferry Timetables"
    assert heading_at(headings, text.index("14 euros")) == "2.2 Harbour Fees"


def test_text_headings_numbered_markdown_and_underlined_but_not_contents_or_lists():
    text = ("Contents\n1.1 Getting started . . . . . 3\n    2.1 Indented entry 5\n\n"
            "1.1. Getting started\nRun the installer.\n1. Reads the input\n\n"
            "# Release notes\nNothing new.\n\nChanges\n=======\nA fix.\n\n2 Fees and charges\nTen euros.\n")
    titles = [t for _, t in text_headings(text)]
    assert titles == ["1.1. Getting started", "Release notes", "Changes", "2 Fees and charges"]


def test_chunks_do_not_cross_a_heading_and_carry_it_across_pages():
    pages = [(1, "Intro words here.\n\n3.1 Shell Syntax\nThe shell reads input. " + "More words. " * 30),
             (2, "Still about syntax on the next page.\n\n3.2 Quoting\nQuotes remove meaning.")]
    headings = {0: [(pages[0][1].index("3.1"), "3.1 Shell Syntax")], 1: [(pages[1][1].index("3.2"), "3.2 Quoting")]}
    chunks = chunk_pages(pages, _count, max_tokens=40, headings=headings)
    by_text = {c.text.split("\n")[0][:20]: c.section for c in chunks}
    assert by_text["Intro words here."] == ""
    assert any(c.section == "3.1 Shell Syntax" and c.page == 1 for c in chunks)
    assert next(c for c in chunks if c.text.startswith("Still about")).section == "3.1 Shell Syntax"
    assert next(c for c in chunks if "Quotes remove" in c.text).section == "3.2 Quoting"
    assert not any("Intro" in c.text and "Shell Syntax" in c.text for c in chunks)        # cut at the heading
    for c in chunks:                              # room is left for the title that is embedded with the text
        assert _count(with_section(c.section, c.text)) <= 40 + 2
    assert all(c.section == "" for c in chunk_pages(pages, _count, max_tokens=40))      # no headings known


def _pdf_with_outline(path: Path) -> Path:
    from pypdf import PdfReader, PdfWriter

    plain = make_pdf(path.with_name("plain.pdf"), [
        "Chapter 5 Shell Variables. " + FILLER,
        "HISTSIZE The maximum number of commands to remember on the history list is 500 by default.",
        "Chapter 6 Bash Features. " + FILLER])
    writer = PdfWriter()
    for page in PdfReader(str(plain)).pages:
        writer.add_page(page)
    chapter = writer.add_outline_item(title="5 Shell Variables", page_number=0)
    writer.add_outline_item(title="5.2 History Variables", page_number=1, parent=chapter)
    writer.add_outline_item(title="6 Bash Features", page_number=2)
    with open(path, "wb") as out:
        writer.write(out)
    return path


@pytest.fixture
def library(tmp_path: Path, real_embedder):
    from rag.library import Library

    lib = Library(tmp_path / "library", embedder=real_embedder)
    yield lib
    lib.close()


def test_headings_reach_chunks_search_and_citations(library, tmp_path: Path):
    from agents.answers.citations import citation_for

    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "harbour.html").write_text(HTML, encoding="utf-8")
    _pdf_with_outline(docs / "bash-manual.pdf")
    make_pdf(docs / "plain-manual.pdf", ["Preface words.\n4.3 Backup Rotation\nKeep seven daily copies of the archive."])
    (docs / "faq.txt").write_text("FAQ\n\n1.1. What is a berth?\nA berth is a place where a boat is moored.\n"
                                  "\n1.2. How long may I stay?\nVisitors may stay 9 nights at most.\n", encoding="utf-8")
    records = {Path(p.record.path).name: p.record for p in library.index([docs]) if p.record}
    assert all(r.status.value == "indexed" for r in records.values()), records

    fees = library.search("How much does mooring cost per night?", k=3)[0]
    assert (fees.file_name, fees.section) == ("harbour.html", "2.2 Harbour Fees")
    assert fees.label == "harbour.html § 2.2 Harbour Fees"
    assert citation_for(fees).label == "harbour.html § 2.2 Harbour Fees"

    history = library.search("How many commands does the history list remember?", k=3)[0]
    assert (history.file_name, history.page_start, history.section) == ("bash-manual.pdf", 2, "5.2 History Variables")
    assert history.label == "bash-manual.pdf p.2"                 # a page is named by its number

    rotation = next(p for p in library.search("backup rotation daily copies", k=3) if p.file_name == "plain-manual.pdf")
    assert rotation.section == "4.3 Backup Rotation"
    stay = library.search("How long may visitors stay?", k=3)[0]
    assert stay.label == "faq.txt § 1.2. How long may I stay?"

    winter = library.store.keyword_search("Winter Service", 5)      # the title is keyword-indexed with the chunk
    assert winter and library.store.chunks_by_rowid([winter[0][0]])[winter[0][0]].section == "2.1.1 Winter Service"
    assert library.check().consistent                    # the consistency check knows what the keyword index holds


def test_a_library_from_before_sections_opens_and_keeps_working(tmp_path: Path, real_embedder):
    from rag.library import Library

    folder = tmp_path / "library"
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "harbour.html").write_text(HTML, encoding="utf-8")
    library = Library(folder, embedder=real_embedder)
    list(library.index([docs]))
    library.close()
    db = sqlite3.connect(folder / "library.sqlite3")
    db.execute("ALTER TABLE chunks DROP COLUMN section")         # what a library of the previous version holds
    db.commit()
    db.close()
    reopened = Library(folder, embedder=real_embedder)
    try:
        hit = reopened.search("mooring costs per night", k=1)[0]
        assert hit.file_name == "harbour.html" and hit.section == ""       # old chunks: no section, still found
        (docs / "harbour.html").write_text(HTML.replace("14 euros", "16 euros"), encoding="utf-8")
        list(reopened.index([docs]))                                       # indexed again: now with sections
        assert reopened.search("mooring costs per night", k=1)[0].section == "2.2 Harbour Fees"
    finally:
        reopened.close()


def test_a_pdf_page_whose_words_pypdf_glued_is_read_again_with_pdfium(tmp_path: Path):
    """Some real PDFs come out of pypdf as "ThecurrentDebianGNU/Linuxrelease,11,contains…" (the Debian FAQ
    does); such a page is read again with PDFium, a page with ordinary words is left alone."""
    from rag.formats.pdf import _respaced, glued

    words = "The mooring fee for small yachts is fourteen euros per night in the inner harbour basin"
    pdf = make_pdf(tmp_path / "fees.pdf", [words + ". " + words + "."])
    assert glued(words.replace(" ", "") + " " + " ".join(["x" * 30] * 25)) and not glued(words * 3)
    pages = _respaced(pdf, [(1, " ".join([words.replace(" ", "")] * 25))])
    assert pages[0][0] == 1 and "fourteen euros per night" in " ".join(pages[0][1].split())
    ordinary = [(1, words * 3)]
    assert _respaced(pdf, ordinary) == ordinary


def test_a_pdf_page_where_only_its_tight_lines_lost_their_spaces_is_read_again(tmp_path: Path):
    """The Debian Reference comes out of pypdf with one word in seventeen glued to its neighbours, where a justified
    line is tight ("Hereareafewbasicmethodstogaintherootshellprompt"); the page's mean word length stays ordinary,
    so the mean alone missed it. Long words English knows ("internationalization") are no sign of it."""
    from rag.formats.pdf import _respaced, glued

    words = "The mooring fee for small yachts is fourteen euros per night in the inner harbour basin"
    tight = "Small boats pay less. Themooringfeeforsmallyachts is set yearly. Fourteeneurospernightintheinner " \
            "harbour, and moreforthelargerboatsinthebasin. " + " ".join([words] * 3)
    assert glued(tight)
    assert not glued("Internationalization and internationalization of the internationalization team. " + words)
    pdf = make_pdf(tmp_path / "fees.pdf", [words + ". " + words + "."])
    pages = _respaced(pdf, [(1, tight)])
    assert "fourteen euros per night" in " ".join(pages[0][1].split())


@pytest.mark.skipif(not Path("/usr/share/doc/debian/FAQ/debian-faq.en.pdf.gz").is_file(),
                    reason="the debian-faq package is not installed")
def test_the_debian_faq_pdf_reads_with_spaces_between_its_words(tmp_path: Path):
    import gzip

    from rag.loaders import load_document

    pdf = tmp_path / "debian-faq.en.pdf"
    pdf.write_bytes(gzip.decompress(Path("/usr/share/doc/debian/FAQ/debian-faq.en.pdf.gz").read_bytes()))
    document = load_document(pdf)
    text = " ".join(" ".join(t.split()) for _, t in document.pages)
    assert "The Debian Project was created by Ian Murdock in 1993" in text
    assert document.headings                                      # its bookmarks name the sections


def test_a_numbered_line_of_prose_is_no_heading_and_a_wrapped_title_is_joined():
    """Footnotes and wrapped sentences start lines with numbers too ("3 Data with exposed filesystem structure
    should be", "4.9. However, you may ... You"); a title that wraps ("... binaries (for" / "use by all users)")
    is one heading."""
    text = ("3.4. /bin : Essential user command binaries (for\nuse by all users)\nCommands for everyone.\n\n"
            "3.4.1. Purpose\n/bin contains commands.\n"
            "3 Data with exposed filesystem structure should be\nstored in /srv.\n"
            "18 Originally, binaries were kept in /etc.\n"
            "listed in the standard, section\n4.9. However, you may create directories below them. You\nmust not.\n"
            "8.4.6 Letting Readline Type For You\nCompletion.\n"
            "2.11. I run the stable release. Can I switch to the newer one or\nthe older? If so, how?\nYes.\n")
    titles = [t for _, t in text_headings(text)]
    assert titles == ["3.4. /bin : Essential user command binaries (for use by all users)", "3.4.1. Purpose",
                      "8.4.6 Letting Readline Type For You",
                      "2.11. I run the stable release. Can I switch to the newer one or the older? If so, how?"]


def test_a_recurring_subsection_title_carries_its_parent_and_the_citation_names_the_subsection():
    from rag.chunking import with_parents
    from rag.types import Passage

    headings = {0: [(0, "3.4. /bin : Essential binaries"), (40, "3.4.1. Purpose"), (90, "3.4.2. Requirements")],
                1: [(0, "3.5. /boot : Boot loader files"), (50, "3.5.1. Purpose"), (99, "3.5.2. History Variables")]}
    titled = [t for found in with_parents(headings).values() for _, t in found]
    assert titled == ["3.4. /bin : Essential binaries", "3.4. /bin : Essential binaries › 3.4.1. Purpose",
                      "3.4.2. Requirements", "3.5. /boot : Boot loader files",
                      "3.5. /boot : Boot loader files › 3.5.1. Purpose", "3.5.2. History Variables"]
    passage = Passage("c", "d", "/x/fhs.html", None, None, 0, 9, "text", 1.0, section=titled[4])
    assert passage.label == "fhs.html § 3.5.1. Purpose"


def test_a_heading_line_travels_as_the_chunk_title_not_as_its_first_words():
    """The title is embedded, keyword-indexed and cited with every chunk of its section; left in the text it
    glued itself to the first sentence, and its words were read as the answer ("Uploading", "Rationale")."""
    body = ("5.6.2. Uploading to ftp-master\nTo upload a package, use ftp.upload.debian.org.\n\n"
            "1.1. Scope\n==========\nThis manual describes the policy.\n")
    headings = {0: [(0, "5.6.2. Uploading to ftp-master"), (body.index("1.1."), "1.1. Scope")]}
    chunks = chunk_pages([(None, body)], _count, max_tokens=40, headings=headings)
    assert [(c.section, c.text) for c in chunks] == [
        ("5.6.2. Uploading to ftp-master", "To upload a package, use ftp.upload.debian.org."),
        ("1.1. Scope", "This manual describes the policy.")]
    assert with_section(chunks[0].section, chunks[0].text).startswith("5.6.2. Uploading to ftp-master\nTo upload")
