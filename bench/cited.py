"""What an answer's citation points at, for the benches' "unsupported value" column.

Why: the column asks whether a value shown as the answer is in the passage it cites. A citation of
a PDF names a page; one of an HTML or text file names a section ("bash.html § Shell Variables",
page None). Comparing a section citation with the whole document hides a value taken from the wrong
section, so the cited section's text is used: the span of that document's chunks that carry the
section's title (the run of them that holds the cited snippet). And the citation labels themselves
("[guide.txt § 8.1. What programs does Debian …]") are not claims of the answer: their section
numbers and title words were read as values the sources lack.
"""
from __future__ import annotations

import re

_SECTION = " § "
_LABEL = re.compile(r"\[[^\[\]\n]{1,160}\]")                      # "[report.pdf p.3]" after an answer
_FROM = re.compile(r"^From [^\n\"“]{1,200}?:\s*(?=[\"“])", re.MULTILINE)   # 'From guide.html § Fees: "…"'


def without_labels(answer: str) -> str:
    """The answer's text with its citation labels taken out (they name places, they claim nothing)."""
    return _FROM.sub("", _LABEL.sub(" ", answer))


def cited_text(library, citation) -> str:
    """The text of the cited page, or of the cited section of a page-less document (else the document)."""
    try:
        pages = library.document_pages(citation.path)
    except Exception:  # noqa: BLE001 - a citation of a cloud reply or a summary names no page
        return citation.snippet
    if citation.page is not None:
        return "\n".join(text for number, text in pages if number == citation.page) or citation.snippet
    whole = "\n".join(text for _, text in pages)
    title = _section_title(citation.label)
    if not title:
        return whole
    return section_text(library, citation.path, title, citation.snippet) or whole


def _section_title(label: str) -> str:
    """The section named by a label, as far as the label spells it ("§ 2.1 Installing the sys…" -> its start)."""
    if _SECTION not in label:
        return ""
    return label.split(_SECTION, 1)[1].strip().rstrip("…").rstrip()


def section_text(library, path: str, title: str, snippet: str = "") -> str:
    """The text of the section whose title starts with `title`: from its first chunk to its last, in the
    document's text. A title used by several sections: the run of chunks whose text holds the snippet."""
    from rag.chunking import join_pages

    from rag.library_files import canonical

    record = library.store.document(canonical(path)) or library.store.document(str(path))
    if record is None:
        return ""
    rowids = library.store.chunks_of_documents([record.doc_id])
    chunks = sorted(library.store.chunks_by_rowid(rowids).values(), key=lambda c: c.char_start)
    runs: list[list] = []
    inside_before = False
    for chunk in chunks:
        inside = chunk.section.startswith(title)
        if inside and inside_before and runs[-1][-1].section == chunk.section:
            runs[-1].append(chunk)
        elif inside:
            runs.append([chunk])
        inside_before = inside
    if not runs:
        return ""
    probe = " ".join(snippet.replace("…", " ").split()[:8])
    chosen = next((run for run in runs if probe and probe in " ".join(" ".join(c.text for c in run).split())), runs[0])
    full, _ = join_pages(library.document_pages(path))
    return full[chosen[0].char_start:chosen[-1].char_end]
