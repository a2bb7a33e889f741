"""A library's furniture: lines at the start or end of several documents are read out of their passages.

Why: a manual split into HTML pages ends each page with its generator and version lines, and an absent fact ("When
was job control added to zsh?") was answered with the footer's release date. The rule runs on a real index of
generated HTML pages here, through the library's search, and on the real model's answer.
"""
from __future__ import annotations

import pytest

from rag import retrieval
from rag.boilerplate import repeated_lines, without_repeated
from tests.rag_docs import final_answer, text_library

FOOTER = "This document was generated on February 5, 2023 using texi2any.\nZsh version 5.9, released on May 14, 2022."
TOPICS = {
    "jobs": ("Jobs", "If the MONITOR option is set, an interactive shell associates a job with each pipeline. "
                     "The jobs command lists the job table."),
    "signals": ("Signals", "The INT and QUIT signals for an invoked command are ignored if the command is followed "
                           "by an ampersand and the MONITOR option is not active."),
    "files": ("Files", "Commands are first read from /etc/zshenv; this cannot be overridden. Subsequent behaviour is "
                       "modified by the RCS and GLOBAL_RCS options."),
    "grammar": ("Shell Grammar", "A simple command is a sequence of optional parameter assignments followed by "
                                 "blank-separated words."),
}


def _rows(texts: dict[str, list[str]]) -> list[tuple[str, str, str]]:
    """(chunk id, document id, text) of each document's first and last chunk, as the store gives them."""
    return [(f"{doc}-{i}", doc, text) for doc, chunks in texts.items() for i, text in enumerate(chunks)
            if i in (0, len(chunks) - 1)]


def test_a_line_at_the_end_of_three_documents_is_furniture_and_read_out_of_their_edges_only():
    docs = {name: [f"{title}\n{body}", f"{body}\n{FOOTER}"] for name, (title, body) in TOPICS.items()}
    repeated = repeated_lines(_rows(docs))
    assert "Zsh version 5.9, released on May 14, 2022." in repeated.edges
    last = repeated.of("jobs-1")
    assert without_repeated(f"More about Jobs.\n{FOOTER}", last) == "More about Jobs."
    assert without_repeated(FOOTER, last) == ""                  # furniture through and through: nothing to read
    assert repeated.of("jobs-5") == frozenset()                  # no edge chunk: nothing is read out


def test_a_line_in_two_documents_or_in_their_middle_or_with_an_address_is_content():
    two = {"a": ["Intro.", f"End.\n{FOOTER}"], "b": ["Intro.", f"End.\n{FOOTER}"]}
    assert repeated_lines(_rows(two)).edges == frozenset()
    command = "$ debuild -- clean the tree"
    middle = {d: ["Intro.", f"Run it:\n{command}", "End."] for d in "abcd"}
    assert repeated_lines(_rows(middle)).edges == frozenset()
    signed = {d: ["Hello.", "Margaret Holloway, landlord, margaret@example.org"] for d in "abcd"}
    assert repeated_lines(_rows(signed)).edges == frozenset()


def test_copies_of_one_text_and_lines_that_differ_in_a_number_are_content():
    notice = "The tenant must give two months notice in writing before leaving the flat."
    copies = {f"notice.{suffix}": [notice] for suffix in ("png", "jpg", "tiff")}
    assert repeated_lines(_rows(copies)).edges == frozenset()
    logs = {f"log{n}": [f"Harbour log {n}\nThe ship number {n * 31} docked at the quay today, unloading grain."]
            for n in range(5)}
    assert repeated_lines(_rows(logs)).edges == frozenset()


def _pages() -> dict[str, str]:
    footer = "".join(f"<p>{line}</p>" for line in FOOTER.split("\n"))
    return {f"zsh-{name}.html": f"<html><body><h1>{title}</h1><p>{body}</p>{footer}</body></html>"
            for name, (title, body) in TOPICS.items()}


@pytest.fixture(scope="module")
def manual(tmp_path_factory, real_embedder):
    yield from text_library(tmp_path_factory, real_embedder, "furniture", _pages())


@pytest.mark.embedding
def test_the_library_reads_passages_without_the_footer_and_search_still_finds_it(manual, monkeypatch):
    passages = manual.search("Zsh version 5.9 released", k=4)
    assert passages and all("released on May 14" not in p.text for p in passages)
    assert any("job" in p.text for p in manual.search("job table", k=4))
    monkeypatch.setattr(retrieval, "FURNITURE", False)
    assert any("released on May 14" in p.text for p in manual.search("Zsh version 5.9 released", k=4))


@pytest.mark.model
@pytest.mark.embedding
@pytest.mark.slow
def test_the_real_model_refuses_to_date_an_event_by_the_footer(real_model, manual):
    answer = final_answer(real_model, manual, "When was job control added to zsh?")
    assert answer.startswith("Your documents do not contain this"), answer       # no date in any page but the footer
