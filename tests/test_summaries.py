"""Summaries (agents/summaries/, agents/experts/summarizer.py) with the scripted model: the facts a reader
needs are kept, every item carries its page, the model's wording is checked, and a refused wording
leaves a plainly labelled extractive summary. The real model and index run in tests/test_summaries_e2e.py."""
from __future__ import annotations

from agents.answers.claims import keep_supported
from agents.events import CitationMade, Progress, Stopped
from agents.experts.base import drain
from agents.experts.summarizer import Summarizer
from agents.orchestrator import Orchestrator
from agents.platform.cancel import CancelToken
from agents.summaries.model_pass import is_deletion
from agents.summaries.modes import KEY_SENTENCES, plain
from agents.summaries.questions import answered_in_document
from agents.summaries.units import document_units
from tests.answer_docs import CONTRACT, MEETING, contains_fact
from tests.fakes import MemoryLibrary, ScriptedModel

CONTRACT_PAGES = list(enumerate(CONTRACT, 1))
CONTRACT_FACTS = [("Margaret Okafor",), ("Daniel Reyes",), ("14 Larch Road",), ("1 April 2024",), ("£1,725",),
                  ("£2,070",), ("two (2) months",)]


def summary(pages, mode="short", model=None, **kwargs):
    model = model or ScriptedModel()
    return drain(Summarizer(model, **kwargs).run(pages, name="lease.pdf", path="/d/lease.pdf", mode=mode,
                                                 cancel=CancelToken()))


def test_a_markdown_paper_becomes_units_with_sections_and_unbroken_abbreviations():
    text = ("# Parsing with Graphs\n\n## Abstract\n\nWe parse graphs, e.g. trees and DAGs. Results improve by 3 "
            "points.\n\n## 1 Introduction\n\nParsing is old (Smith et al. 2001). It is hard.\n")
    title, units = document_units([(None, text)])
    assert title == "Parsing with Graphs"
    assert [(u.section, u.text, u.section_rank) for u in units] == [
        ("Abstract", "We parse graphs, e.g. trees and DAGs.", 0), ("Abstract", "Results improve by 3 points.", 1),
        ("1 Introduction", "Parsing is old (Smith et al. 2001).", 0), ("1 Introduction", "It is hard.", 1)]
    _, pdf_units = document_units(CONTRACT_PAGES)
    assert {u.page for u in pdf_units} == {1, 2, 3} and pdf_units[0].section == ""


def test_the_contract_summary_keeps_every_key_fact_in_four_sentences_with_pages():
    result = summary(CONTRACT_PAGES)
    shown = plain(result.text)
    missing = [f for f in CONTRACT_FACTS if not contains_fact(shown, f)]
    assert not missing, result.text
    assert keep_supported(shown, CONTRACT)[1] == []               # no sentence the claim check refuses
    assert len(result.citations) <= 4 and all(f"[p.{c.page}]" in result.text for c in result.citations)
    for citation in result.citations:                               # the snippet is on the cited page
        assert citation.snippet in CONTRACT[citation.page - 1]


def test_the_meeting_note_summary_keeps_the_decision_its_date_and_the_action_items():
    note = [(None, "# Project Falcon kickoff\n\n" + "\n\n".join(MEETING))]
    shown = plain(summary(note).text)
    for fact in ("12 March 2024", "€48,000", "Priya Natarajan will lead the design review",
                 "Tom Becker will order the test hardware"):
        assert fact in shown, shown


def test_key_points_are_three_to_seven_complete_sentences_each_with_its_page():
    result = summary(CONTRACT_PAGES, mode="key-points")
    bullets = result.text.splitlines()
    assert 3 <= len(bullets) <= 7 and len(result.citations) == len(bullets)
    for line, citation in zip(bullets, result.citations):
        assert line.startswith("- ") and line.endswith(f"[p.{citation.page}]")
        assert line[2:].rsplit(" [", 1)[0] in CONTRACT[citation.page - 1]     # a whole sentence of that page


def test_a_shortened_sentence_is_kept_only_when_it_deletes_words_and_passes_the_check():
    first = "This agreement is made between Margaret Okafor (the Landlord) and Daniel Reyes (the Tenant) for the flat"
    assert is_deletion("The monthly rent is £1,725.", CONTRACT[0]) and not is_deletion("The rent is £1,800.", CONTRACT[0])
    assert not is_deletion("The monthly rent is £1.", CONTRACT[0])      # a value is one word: no digit is deleted
    swap = "This agreement is made between Margaret Okafor (the Tenant) for the flat at 14 Larch Road, Bristol."
    assert is_deletion(swap, CONTRACT[0]) and first in CONTRACT[0]     # deleting words can swap a role ...
    model = ScriptedModel(default=lambda messages: swap if "Margaret" in messages[-1]["content"]
                          else messages[-1]["content"].split("Sentence: ")[1].split(", ")[0] + ".")
    result = summary(CONTRACT_PAGES, model=model, strategy="shorten")
    assert "Margaret Okafor (the Tenant)" not in result.text            # ... and the role check refuses it
    assert "is made between Margaret Okafor (the Landlord) and Daniel Reyes (the Tenant)" in result.text
    assert "The Tenant pays a security deposit of £2,070. [p.2]" in result.text      # a clean deletion is kept
    assert not result.text.startswith(KEY_SENTENCES)


def test_when_every_model_wording_is_refused_the_summary_says_it_is_key_sentences():
    model = ScriptedModel(default="The landlord is John Smith and the rent is $99 per week.")
    result = summary(CONTRACT_PAGES, model=model, strategy="shorten")
    assert result.text.startswith(KEY_SENTENCES + "\n")
    assert "No summary could be checked" not in result.text and "John Smith" not in result.text
    body = plain(result.text)
    assert body and keep_supported(body, CONTRACT)[1] == [] and contains_fact(body, ("£1,725",))


def test_the_model_picks_among_candidates_under_a_grammar():
    model = ScriptedModel([{"numbers": [2, 1, 3, 4]}])
    result = summary(CONTRACT_PAGES, model=model, strategy="model")
    schema = model.schemas[0]["properties"]["numbers"]
    assert schema["items"]["enum"][0] == 1 and schema["minItems"] == schema["maxItems"]
    assert result.citations and all(c.snippet in " ".join(CONTRACT) for c in result.citations)


def test_questions_are_shown_only_when_the_document_answers_them():
    def ask(messages):
        sentence = messages[-1]["content"].split("Sentence: ")[1]
        if "rent" in sentence:
            return "What is the monthly rent?"
        if "deposit of" in sentence:
            return "What is the parking fee for the garage?"          # not what the sentence answers
        return "Who pays for the broadband?"
    result = summary(CONTRACT_PAGES, mode="questions", model=ScriptedModel(default=ask))
    assert result.text == "- What is the monthly rent? [p.1]"
    check = answered_in_document(document_units(CONTRACT_PAGES)[1])
    units = document_units(CONTRACT_PAGES)[1]
    assert check("When does the tenancy begin?", next(u for u in units if "begins" in u.text))
    assert not check("When does the tenancy begin?", next(u for u in units if "Pets" in u.text))
    assert not check("What is the answer to this question?", next(u for u in units if "begins" in u.text))
    assert not check("What is the purpose of a tenancy agreement?", units[0])     # asks what no sentence says


def test_a_long_document_is_pre_selected_and_reports_progress_and_stops(tmp_path):
    pages = [f"Section {n} reviews the budget of unit {n}. The audit of unit {n} found {n} open issues." for n in
             range(1, 401)]
    library = MemoryLibrary({"/d/audit.pdf": pages})
    orchestrator = Orchestrator(ScriptedModel(), library, summarizer=Summarizer(ScriptedModel(), shortlist=40))
    events = list(orchestrator.summarize("audit.pdf", mode="key-points"))
    assert [e for e in events if isinstance(e, Progress)][-1] == Progress(3, 3, "done")
    assert len([e for e in events if isinstance(e, CitationMade)]) >= 3
    cancel = CancelToken()
    cancel.cancel()
    stopped = list(orchestrator.summarize("audit.pdf", cancel=cancel))
    assert isinstance(stopped[-1], Stopped)
