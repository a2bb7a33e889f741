"""Routing: rules first, embedding nearest examples next, the model's constrained enum last."""
from __future__ import annotations

import re

import pytest

from agents.events import Route
from agents.routing.router import EXAMPLES, Router
from tests.fakes import MemoryLibrary, ScriptedModel

LIBRARY = MemoryLibrary({"/home/u/report.pdf": ["The budget is 40,000 euros."],
                         "/home/u/minutes-2024.md": ["The meeting decided to hire two engineers."]})


@pytest.mark.parametrize("request_text, route, by", [
    ("summarize report.pdf", Route.SUMMARIZE, "rule"),
    ("give me the key points of minutes-2024.md", Route.SUMMARIZE, "rule"),
    ("what is 12*(3+4)?", Route.TOOL, "rule"),
    ("what time is it?", Route.TOOL, "rule"),
    ("what's the date today", Route.TOOL, "rule"),
    ("list my documents", Route.TOOL, "rule"),
    ("open report.pdf at page 1", Route.TOOL, "rule"),
    ("which deadlines are in report.pdf?", Route.TOOL, "rule"),
    ("what does report.pdf say about the budget?", Route.DOCUMENTS, "rule"),
    ("what is the budget in the report? and who wrote the minutes?", Route.PLAN, "rule"),
    ("please ask the cloud about quantum error correction", Route.CLOUD, "rule"),
])
def test_explicit_cues_are_decided_by_rule_without_the_model(request_text, route, by):
    model = ScriptedModel()
    decision = Router(model, LIBRARY).decide(request_text)
    assert (decision.route, decision.decided_by) == (route, by)
    assert decision.reason
    assert model.calls == []   # no model call for a rule


@pytest.mark.parametrize("request_text", ["What time does Wolfgang propose for the grocery trip?",
                                          "What day do Anna and Tom plan to visit the exhibition?"])
def test_a_question_about_a_time_in_the_documents_is_not_a_clock_request(request_text):
    decision = Router(ScriptedModel([{"route": "documents"}]), LIBRARY).decide(request_text)
    assert decision.route != Route.TOOL


def test_a_chat_handle_in_the_question_is_a_name_from_the_documents():
    library = MemoryLibrary({"/d/chat.txt": ["Jennifer Moore: stretch before every run."]})
    decision = Router(ScriptedModel(), library).decide("What does JenniferMoore suggest to prevent injuries")
    assert (decision.route, decision.decided_by) == (Route.DOCUMENTS, "rule") and "Jennifer" in decision.reason


def test_rule_details_feed_the_expert():
    router = Router(ScriptedModel(), LIBRARY)
    summary = router.decide("summarize minutes-2024 as key points")
    assert summary.document == "/home/u/minutes-2024.md" and summary.mode == "key-points"
    assert router.decide("suggest follow-up questions about report.pdf").mode == "questions"
    assert router.decide("what is 15% of 80").tool_call == ("calculator", {"expression": "15% of 80"})
    assert router.decide("show page 1 of report.pdf").tool_call == ("open_document", {"file": "report.pdf", "page": 1})


def bag_of_words(texts):
    """A deterministic stand-in embedder: word-count vectors over a fixed vocabulary."""
    vocab = sorted({w for ts in EXAMPLES.values() for t in ts for w in re.findall(r"[a-z]+", t.lower())})
    return [[re.findall(r"[a-z]+", t.lower()).count(w) for w in vocab] for t in texts]


def test_nearest_examples_decide_when_no_rule_applies():
    model = ScriptedModel()
    router = Router(model, LIBRARY, embed=bag_of_words)
    decision = router.decide("what does the contract say about the notice period?")
    assert (decision.route, decision.decided_by) == (Route.DOCUMENTS, "embedding")
    assert "similarity" in decision.reason
    assert model.calls == []


def test_the_model_decides_with_a_constrained_enum_when_unsure():
    model = ScriptedModel([{"route": "documents"}])
    router = Router(model, LIBRARY, embed=lambda texts: [[1.0, 0.0] for _ in texts])  # every example ties
    decision = router.decide("zebra quantum pancake")
    assert (decision.route, decision.decided_by) == (Route.DOCUMENTS, "model")
    enum = model.schemas[0]["properties"]["route"]["enum"]
    assert enum == ["documents", "direct"]


def test_without_documents_and_without_a_cue_the_answer_is_direct_without_the_model():
    model = ScriptedModel()
    decision = Router(model, MemoryLibrary()).decide("zebra quantum pancake")
    assert (decision.route, decision.decided_by) == (Route.DIRECT, "rule")
    assert model.calls == []


def test_a_value_outside_the_enum_is_impossible():
    model = ScriptedModel([{"route": "teleport"}])
    with pytest.raises(Exception, match="teleport"):
        Router(model, LIBRARY).decide("zebra quantum pancake")


def test_allowed_routes_limit_sub_questions():
    model = ScriptedModel([{"route": "documents"}])
    decision = Router(model, LIBRARY).decide("who is it? and when?", allow=(Route.DIRECT, Route.DOCUMENTS))
    assert decision.route == Route.DOCUMENTS and decision.decided_by == "model"


def test_a_name_from_the_users_documents_routes_to_the_documents():
    library = MemoryLibrary({"/d/minutes.md": ["Lena Fischer joins Nordlicht Heating in May."]})
    model = ScriptedModel()
    decision = Router(model, library).decide("when does lena fischer start?")
    assert (decision.route, decision.decided_by) == (Route.DOCUMENTS, "rule")
    assert "Fischer" in decision.reason and model.calls == []


@pytest.mark.parametrize("request_text, is_plan", [
    ("What is the budget in the report? Who wrote the minutes?", True),
    ("find the deadline in my notes and then compute the days left", True),
    ("What is the budget? Please answer briefly", False),
    ("Is it cold? Yes", False),
])
def test_only_requests_with_real_parts_are_planned(request_text, is_plan):
    model = ScriptedModel(default={"route": "direct"})
    assert (Router(model, LIBRARY).decide(request_text).route == Route.PLAN) == is_plan


def test_an_empty_library_never_loads_the_embedder():
    def embed(texts):
        raise AssertionError("the embedder must not be loaded for an empty library")

    decision = Router(ScriptedModel(), MemoryLibrary(), embed=embed).decide("what does the contract say?")
    assert decision.route == Route.DOCUMENTS and "none are indexed" in decision.reason     # never the model alone
    assert Router(ScriptedModel(), MemoryLibrary(), embed=embed).decide("write a haiku").route == Route.DIRECT


@pytest.mark.parametrize("request_text", ["What is the parking fee in my rental contract?",
                                          "when does our lease end?", "Which insurer covers my car?"])
def test_questions_about_the_users_own_things_go_to_the_documents_even_with_an_empty_library(request_text):
    model = ScriptedModel()
    decision = Router(model, MemoryLibrary()).decide(request_text)
    assert (decision.route, decision.decided_by) == (Route.DOCUMENTS, "rule") and model.calls == []
    assert Router(model, MemoryLibrary()).decide("what is my name?").route != Route.DOCUMENTS


def test_a_question_whose_words_are_in_one_passage_goes_to_the_documents():
    library = MemoryLibrary({"/d/lease.pdf": ["The tenancy begins on 1 April 2024 and runs for twelve months."]})
    model = ScriptedModel()
    decision = Router(model, library).decide("When does the tenancy begin?")
    assert (decision.route, decision.decided_by) == (Route.DOCUMENTS, "rule") and "lease.pdf" in decision.reason
    assert model.calls == []


@pytest.mark.parametrize("request_text, is_sum", [
    ("12*(3+4)", True), ("calculate 17 x 23", True), ("what's 2^10?", True), ("how much is 15% of 80", True),
    ("what did Anna say on 12/03?", False), ("summarise pages 3-4 of the contract", False),
])
def test_arithmetic_needs_an_arithmetic_request(request_text, is_sum):
    decision = Router(ScriptedModel(default={"route": "direct"}), MemoryLibrary()).decide(request_text)
    assert (decision.tool_call is not None and decision.tool_call[0] == "calculator") == is_sum
