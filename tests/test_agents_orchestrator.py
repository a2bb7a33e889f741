"""The orchestrator's event stream with the scripted model: routes, plans, memory, cancel, summaries."""
from __future__ import annotations

import pytest

from agents.platform.cancel import CancelToken
from agents.events import (Stopped, CitationMade, CloudExchange, ErrorEvent, ExpertStarted, FinalAnswer, PlanMade, Progress, Route,
                           RouteChosen, Token, ToolCalled)
from agents.platform.history import ConversationStore
from agents.orchestrator import Orchestrator
from agents.experts.summarizer import Summarizer
from tests.fakes import MemoryLibrary, ScriptedModel

LIBRARY = {
    "/d/report.pdf": ["Intro.", "The warranty lasts two years from delivery.", "Contact: Anna Berg, 12 March 2025."],
    "/d/notes.md": ["The rent is 900 euros per month."],
}


def make(model, tmp_path, library=None, **kwargs):
    store = ConversationStore(tmp_path / "history.sqlite3")
    return Orchestrator(model, MemoryLibrary(LIBRARY) if library is None else library, history=store, **kwargs), store


def final(events):
    answers = [e for e in events if isinstance(e, FinalAnswer)]
    assert len(answers) == 1, events
    return answers[0]


def test_document_question_gives_route_hits_tokens_citations_and_is_remembered(tmp_path):
    model = ScriptedModel()
    orchestrator, store = make(model, tmp_path)
    events = list(orchestrator.run("How long does the warranty last?"))
    route = events[0]
    assert isinstance(route, RouteChosen) and route.route == Route.DOCUMENTS and route.decided_by == "rule"
    answer = final(events)
    assert answer.text.startswith("Two years [report.pdf p.2]")
    assert answer.citations[0].label == "report.pdf p.2" and answer.citations[0].page == 2
    assert any(isinstance(e, Token) for e in events) and any(isinstance(e, CitationMade) for e in events)
    stored = store.messages(answer.conversation_id)
    assert [(m.role, m.route) for m in stored] == [("user", ""), ("assistant", "documents")]
    assert stored[1].citations[0].path == "/d/report.pdf"


def test_continue_a_conversation_gives_the_model_earlier_turns(tmp_path):
    model = ScriptedModel([{"route": "direct"}, "Hello Kim.", {"route": "direct"}, "Your name is Kim."])
    orchestrator, store = make(model, tmp_path)
    first = final(orchestrator.run("zebra my name is Kim"))
    second = final(orchestrator.run("zebra what is my name", conversation_id=first.conversation_id))
    assert second.conversation_id == first.conversation_id
    prompt = model.calls[-1]
    assert [m["role"] for m in prompt] == ["system", "user", "assistant", "user"]
    assert prompt[1]["content"] == "zebra my name is Kim" and prompt[2]["content"] == "Hello Kim."
    assert len(store.messages(first.conversation_id)) == 4
    events = list(orchestrator.run("hi", conversation_id="no-such-id"))
    assert isinstance(events[-1], ErrorEvent) and "no conversation 'no-such-id'" in events[-1].message


def test_tool_route_by_rule_needs_no_model(tmp_path):
    model = ScriptedModel()
    orchestrator, _ = make(model, tmp_path)
    events = list(orchestrator.run("what is 12*(3+4)?"))
    assert events[0] == RouteChosen(Route.TOOL, "contains the arithmetic '12*(3+4)'", "rule")
    assert ToolCalled("calculator", {"expression": "12*(3+4)"}) in events
    assert final(events).text == "12*(3+4) = 84"
    assert model.calls == []


def test_plan_runs_each_part_through_the_experts_and_composes_one_answer(tmp_path):
    model = ScriptedModel()
    orchestrator, _ = make(model, tmp_path)
    events = list(orchestrator.run("How much is the rent per month? And what is 900 * 12?"))
    assert events[0].route == Route.PLAN
    plan = next(e for e in events if isinstance(e, PlanMade))
    assert plan.steps == ("How much is the rent per month?", "And what is 900 * 12?")
    routes = [e.route for e in events if isinstance(e, RouteChosen)]
    assert routes == [Route.PLAN, Route.DOCUMENTS, Route.TOOL]
    answer = final(events)
    assert answer.text == ("1. How much is the rent per month? 900 euros [notes.md p.1]\n"
                           "From notes.md p.1: \"The rent is **900 euros** per month.\"\n"
                           "2. And what is 900 * 12? 900 * 12 = 10800")
    assert [c.label for c in answer.citations] == ["notes.md p.1"]
    # sub-answers are not streamed as tokens; only the composed answer is
    assert [e.text for e in events if isinstance(e, Token)] == [answer.text]


def test_plan_without_visible_parts_asks_the_model_for_at_most_three_steps(tmp_path):
    model = ScriptedModel([{"steps": ["What is 2+2?", "What is 3*3?"]}])
    orchestrator, _ = make(model, tmp_path)
    answer = final(orchestrator.run("do the sums", route=Route.PLAN))
    assert answer.text == "1. What is 2+2? 2+2 = 4\n2. What is 3*3? 3*3 = 9"
    assert model.schemas[0]["properties"]["steps"]["maxItems"] == 3


def test_cancel_stops_within_one_token(tmp_path):
    long_answer = " ".join(f"word{i}" for i in range(200))
    model = ScriptedModel([{"route": "direct"}, long_answer])
    orchestrator, store = make(model, tmp_path)
    cancel = CancelToken()
    tokens = []
    events = []
    for event in orchestrator.run("tell me a long story about a zebra", cancel=cancel):
        events.append(event)
        if isinstance(event, Token):
            tokens.append(event)
            cancel.cancel()
    assert len(tokens) == 1
    assert isinstance(events[-1], Stopped)
    assert not any(isinstance(e, FinalAnswer) for e in events)


def test_cloud_route_without_configuration_says_so_and_answers_locally(tmp_path):
    model = ScriptedModel(default="Local answer.")
    orchestrator, _ = make(model, tmp_path, library=MemoryLibrary())
    events = list(orchestrator.run("explain entropy", route=Route.CLOUD))
    assert any(isinstance(e, ErrorEvent) and "answering locally" in e.message for e in events)
    assert any(isinstance(e, CloudExchange) and not e.sent for e in events)
    answer = final(events)
    assert answer.route == Route.CLOUD and answer.text == "Local answer."


def test_summarize_route_reports_progress_and_bounds_the_work(tmp_path):
    pages = [f"Page {n} discusses topic {n} in detail. It has several remarks about item {n}." for n in range(1, 301)]
    library = MemoryLibrary({"/d/huge.pdf": pages})
    model = ScriptedModel(default="A note.", context_size=2048)
    orchestrator, _ = make(model, tmp_path, library=library, summarizer=Summarizer(model, shortlist=50))
    events = list(orchestrator.run("summarize huge.pdf as key points"))
    assert events[0].route == Route.SUMMARIZE
    started = next(e for e in events if isinstance(e, ExpertStarted))
    assert started.task == "key-points summary of huge.pdf"
    progress = [e for e in events if isinstance(e, Progress)]
    assert progress[0] == Progress(0, 3, "reading 300 page(s)") and progress[-1] == Progress(3, 3, "done")
    assert model.calls == []                       # the extractive choice needs no model call
    answer = final(events)
    bullets = answer.text.splitlines()
    assert 3 <= len(bullets) <= 7 and len(answer.citations) == len(bullets)
    for line, citation in zip(bullets, answer.citations):     # each point is a sentence of its cited page
        assert citation.path == "/d/huge.pdf" and line.endswith(f"[p.{citation.page}]")
        assert citation.snippet in pages[citation.page - 1] and citation.snippet in line


def test_summarize_errors_are_user_messages(tmp_path):
    orchestrator, _ = make(ScriptedModel(), tmp_path, library=MemoryLibrary({"/d/empty.pdf": ["", "  "]}))
    events = list(orchestrator.summarize("empty.pdf"))
    assert isinstance(events[-1], ErrorEvent) and "has no text to summarize" in events[-1].message
    events = list(orchestrator.summarize("missing.pdf"))
    assert "no indexed document is called 'missing.pdf'" in events[-1].message
    with pytest.raises(Exception, match="unknown summary mode 'poem'"):
        list(Summarizer(ScriptedModel()).run([(1, "text")], name="x", mode="poem", cancel=CancelToken()))


def test_summarize_a_file_outside_the_library_uses_the_loaders(tmp_path):
    note = tmp_path / "memo.txt"
    note.write_text("The office moves to Lyon in May. Everyone packs on Friday.", encoding="utf-8")
    model = ScriptedModel(["The office moves to Paris."])
    orchestrator, _ = make(model, tmp_path, library=MemoryLibrary())
    answer = final(orchestrator.summarize(note, mode="short"))
    assert answer.text == "The office moves to Lyon in May. [1] Everyone packs on Friday. [2]"
    assert [c.snippet for c in answer.citations] == ["The office moves to Lyon in May.", "Everyone packs on Friday."]


def test_empty_request_is_refused(tmp_path):
    orchestrator, _ = make(ScriptedModel(), tmp_path)
    assert list(orchestrator.run("   ")) == [ErrorEvent("The question is empty; type what you want to know.")]


def test_model_failures_in_routing_and_planning_fall_back(tmp_path):
    from agents.engine.runtime import ModelError

    def fail(messages):
        raise ModelError("the local model did not produce valid structured output twice in a row")

    model = ScriptedModel([fail, "An answer."])
    orchestrator, _ = make(model, tmp_path)
    events = list(orchestrator.run("zebra pancake", route=Route.PLAN))
    assert next(e for e in events if isinstance(e, PlanMade)).steps == ("zebra pancake",)
    routes = [e for e in events if isinstance(e, RouteChosen)]
    assert routes[1].route == Route.DOCUMENTS       # a step with content words is never the model's alone
    orchestrator, _ = make(ScriptedModel([fail, fail]), tmp_path)
    routes = [e for e in orchestrator.run("zebra pancake") if isinstance(e, RouteChosen)]
    assert routes[0].route == Route.DOCUMENTS and "could not decide" in routes[0].reason


def test_a_fragment_the_model_made_a_step_of_goes_to_the_documents_not_to_small_talk(tmp_path):
    """dev2: "What severity must an ITP bug report have?" was planned into "severity", answered as small talk."""
    model = ScriptedModel([{"steps": ["severity"]}])
    library = MemoryLibrary({"/d/bugs.md": ["The severity of an ITP bug must be set to wishlist."]})
    orchestrator, _ = make(model, tmp_path, library=library)
    events = list(orchestrator.run("What severity must an ITP bug report have?", route=Route.PLAN))
    routes = [e.route for e in events if isinstance(e, RouteChosen)]
    assert routes == [Route.PLAN, Route.DOCUMENTS]
    assert "wishlist" in final(events).text.split("\n")[0]


def test_the_summarize_tool_runs_the_summarizer_and_reports_its_errors(tmp_path):
    library = MemoryLibrary({"/d/report.pdf": ["The warranty lasts two years."], "/d/blank.pdf": [" "]})
    orchestrator, _ = make(ScriptedModel(default="Two-year warranty."), tmp_path, library=library)
    tools = orchestrator.tools(CancelToken())
    assert tools.call("summarize_document", {"file": "report.pdf"}) == "The warranty lasts two years. [p.1]"
    with pytest.raises(Exception, match="summarize_document: blank.pdf has no text to summarize"):
        tools.call("summarize_document", {"file": "blank.pdf"})


def test_fragments_the_model_cut_from_one_question_are_no_plan(tmp_path):
    """"Of the two forms &> word and >& word, which one is preferred?" was planned into "word?" and "& word?", each
    answered from an unrelated passage: a step of fewer than three words is no question, the request is the step."""
    question = "Of the two forms &> word and >& word, which one is preferred?"
    model = ScriptedModel([{"steps": ["word?", "& word?"]}])
    library = MemoryLibrary({"/d/shell.md": ["Of the two forms &> word and >& word, the first is preferred."]})
    orchestrator, _ = make(model, tmp_path, library=library)
    events = list(orchestrator.run(question, route=Route.PLAN))
    assert next(e for e in events if isinstance(e, PlanMade)).steps == (question,)
    assert "first is preferred" in final(events).text
