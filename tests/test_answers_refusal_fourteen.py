"""Round fourteen of "not in your documents": a value of the wrong kind no longer answers an absent fact.

"Who wrote X" needs a passage that credits an author; a code-marked variable or path names no company; a verb that
opens a sentence names no one; an e-mail address, an organisation or a person's full name is no city; a footnote's
marker glued to a word is no amount; "when was X held" needs a passage that names X. Each case fails with its switch
off (predicate.PREDICATE_STOPWORDS, spans.NAMES_NO_CODE, actors.INFLECTED, value_fit.REGION_HEADS,
value_fit.FOOTNOTE_MARKS, predicate.LIGHT_PASSIVE_SUBJECT).
"""
from __future__ import annotations

import pytest

from agents.answers import actors, predicate, spans, value_fit
from agents.answers.answer_types import AMOUNT, PERSON_T, PLACE_T, TERM, candidates
from tests.rag_docs import final_answer, support_decision, text_library

EDITOR = ("The zsh line editor\nThe zsh line editor is described in the ZLE chapter; Peter Stephenson answers "
          "questions about the line editor on the zsh mailing list.")
SCRIPT = ("Securing the network\nA sample script is this one: # Script-name: interface-secure # Modifies some default "
          "behaviour to secure an interface against spoofing # Contributed by Dariusz Puchalak. IFACE=$1")
FILES = ("Startup files\nDuring development zsh reads `$ZDOTDIR/.zshenv`, then `${TMPPREFIX}*` and the "
         "`GCONV_PATH` variable.")
AUTHORS = "AUTHORS\nBrian Fox, Free Software Foundation bfox@gnu.org, Chet Ramey chet.ramey@case.edu"
CERTIFICATION = ("The certification costs make it unlikely that Debian will get an 1The Linux Standard Base is a "
                 "specification for binary packages.")


def test_who_wrote_needs_a_passage_that_credits_an_author(monkeypatch):
    assert predicate.asked_verb("Who wrote the zsh line editor?") == "write"
    assert support_decision("Who wrote the zsh line editor?", EDITOR, path="/d/zsh.html").window is None
    assert support_decision("Who wrote the interface-secure script?", SCRIPT, path="/d/harden.html").window is not None
    monkeypatch.setattr(predicate, "PREDICATE_STOPWORDS", False)
    assert support_decision("Who wrote the zsh line editor?", EDITOR, path="/d/zsh.html").window is not None


def test_a_variable_or_a_path_names_no_company(monkeypatch):
    question = "Which company sponsors zsh development?"
    assert spans.is_code_shaped("${TMPPREFIX}*") and spans.is_code_shaped("GCONV_PATH")
    assert spans.is_code_shaped(".changes") and not spans.is_code_shaped("unstable")
    assert not spans.literal_name("company", "readonly") and spans.literal_name("distribution", "unstable")
    assert candidates(TERM, "Packages are uploaded into `unstable`.", "Which distribution are packages uploaded to?",
                      "") == ["unstable"]
    assert support_decision(question, FILES, path="/d/zsh.html").window is None
    monkeypatch.setattr(spans, "NAMES_NO_CODE", False)
    assert support_decision(question, FILES, path="/d/zsh.html").window is not None


def test_a_document_title_or_a_navigation_link_names_no_company_and_no_author(monkeypatch):
    header = "Debian New Maintainers' Guide 1 / 57 Chapter 1"
    assert candidates(TERM, header, "Which company pays Debian maintainers?", header) == []
    manual = "The GNU Emacs Lisp Reference Manual explains the conventions. [Top] [Contents] [Index]"
    assert candidates(PERSON_T, manual, "Who wrote the Bash manual?", manual) == []
    assert not spans.names_a_document("Free Software Foundation")
    monkeypatch.setattr(spans, "NAMES_NO_REFERENCE", False)
    assert candidates(TERM, header, "Which company pays Debian maintainers?", header)


def test_a_verb_opening_a_sentence_names_no_one(monkeypatch):
    assert not actors.names_someone("Executed") and not actors.names_someone("Modifies")
    assert all(actors.names_someone(name) for name in ("Rose", "Jones", "Williams", "Debian", "Chet Ramey"))
    monkeypatch.setattr(actors, "INFLECTED", False)
    assert actors.names_someone("Executed")


def test_a_mail_address_an_organisation_or_a_person_is_no_city(monkeypatch):
    question = "In which city is the Free Software Foundation's office?"
    found = candidates(PLACE_T, AUTHORS, question, AUTHORS)
    assert found == []      # Chet Ramey is in no name list, but his address spells his name
    assert "Paris" in candidates(PLACE_T, "The office moved to Paris in 2019.", question, "")
    monkeypatch.setattr(value_fit, "REGION_HEADS", False)
    assert any("@" in span for span in candidates(PLACE_T, AUTHORS, question, AUTHORS))


def test_a_footnote_marker_is_no_amount(monkeypatch):
    question = "How much does it cost to get a package accepted as a GNU package?"
    monkeypatch.setattr(value_fit, "MONEY_NEEDS_CURRENCY", False)     # the marker alone (round fifteen's rule apart)
    assert value_fit.footnote_marked("1The") and value_fit.footnote_marked("⁴Despite")
    assert not value_fit.footnote_marked("10Gbps") and not value_fit.footnote_marked("3D")
    assert candidates(AMOUNT, CERTIFICATION, question, CERTIFICATION) == []
    assert candidates(AMOUNT, "The certification costs $2,500 a year.", question, "") == ["$2,500"]
    monkeypatch.setattr(value_fit, "FOOTNOTE_MARKS", False)
    assert candidates(AMOUNT, CERTIFICATION, question, CERTIFICATION) == ["1The"]


def test_when_was_x_held_needs_a_passage_about_x(monkeypatch):
    question = "When was the first GNU Coding Standards meeting held?"
    updated = "GNU Coding Standards\nThe GNU coding standards, last updated August 17, 2021, are described here."
    held = "Meetings\nThe first GNU Coding Standards meeting was held on 3 May 2019 in Boston."
    assert predicate.owner_terms(question) == ("meet",)
    assert support_decision(question, updated, path="/d/standards.pdf").window is None
    assert support_decision(question, held, path="/d/standards.pdf").window is not None
    monkeypatch.setattr(predicate, "LIGHT_PASSIVE_SUBJECT", False)
    assert support_decision(question, updated, path="/d/standards.pdf").window is not None


@pytest.fixture(scope="module")
def shells(tmp_path_factory, real_embedder):
    yield from text_library(tmp_path_factory, real_embedder, "shells", {"zsh.txt": EDITOR, "harden.txt": SCRIPT})


@pytest.mark.model
@pytest.mark.embedding
@pytest.mark.slow
def test_the_real_model_refuses_an_author_the_documents_do_not_name_and_names_one_they_do(real_model, shells):
    assert final_answer(real_model, shells, "Who wrote the zsh line editor?").startswith(
        "Your documents do not contain this")
    answer = final_answer(real_model, shells, "Who wrote the interface-secure script?")
    assert "Dariusz Puchalak" in answer.split("\n", 1)[0]
