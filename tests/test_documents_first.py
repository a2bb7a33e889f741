"""Documents first: a question about facts goes through retrieval; the embedded model never answers one from
its own weights; small talk gets a sensible reply or a fixed friendly one.

The symptoms: with only an FAQ indexed, "who created ..." was routed to the model alone ("closest to the
direct examples, similarity 0.44 vs 0.19") and answered with an invented person; "Say hello." got
"Sender, a helpful AI in helping with your message.".
"""
from __future__ import annotations

from pathlib import Path

import pytest

from agents.events import FinalAnswer, Route, RouteChosen
from agents.experts.direct import GENERAL, NO_FACTS, DirectExpert
from agents.experts.base import ExpertContext, drain
from agents.experts.small_talk import FRIENDLY, GOODBYE, WELCOME, not_sensible
from agents.platform.cancel import CancelToken
from agents.platform.settings import Settings
from agents.routing.intent import CHAT, QUESTION, WRITING, request_kind
from agents.routing.router import EXAMPLES, Router
from tests.fakes import MemoryLibrary, ScriptedModel
from tests.test_engine_server import llama_server  # noqa: F401 - fixture: a real server on 127.0.0.1

LIBRARY = MemoryLibrary({"/home/u/faq.pdf": ["The program stores its settings in a plain text file."]})


@pytest.mark.parametrize("text, kind", [
    ("Who created the software?", QUESTION), ("What is the capital of Italy?", QUESTION),
    ("explain how photosynthesis works", QUESTION), ("Is it allowed to keep pets?", QUESTION),
    ("Could you tell me who the landlord is?", QUESTION),
    ("write a haiku about autumn", WRITING), ("Can you rephrase this: the cat sat.", WRITING),
    ("translate 'good morning' into French", WRITING), ("Say hello.", CHAT), ("tell me a joke", WRITING),
    ("hello", CHAT), ("who are you?", CHAT), ("thanks, that helps", CHAT), ("how are you doing?", CHAT),
])
def test_the_kind_of_a_request_is_read_from_its_form(text, kind):
    assert request_kind(text) == kind


def _direct_voting_embed(request: str):
    """An embedder under which the request is closest to the direct examples (as in the reported trace)."""
    direct = set(EXAMPLES[Route.DIRECT])
    return lambda texts: [[1.0, 0.0] if t in direct or t == request else [0.0, 1.0] for t in texts]


@pytest.mark.parametrize("question", ["Who created the software?", "What is the capital of Italy?"])
def test_a_factual_question_is_never_routed_to_the_model_alone(question):
    model = ScriptedModel()
    decision = Router(model, LIBRARY, embed=_direct_voting_embed(question)).decide(question)
    assert decision.route == Route.DOCUMENTS and "overruled" in decision.reason
    # ... while small talk and writing may still go to the model
    for chat in ("hello", "write a haiku about autumn"):
        assert Router(model, LIBRARY, embed=_direct_voting_embed(chat)).decide(chat).route == Route.DIRECT
    assert model.calls == []


def test_with_nothing_indexed_only_a_larger_model_answers_facts():
    empty = MemoryLibrary()
    small = Router(ScriptedModel(), empty, general_knowledge=False).decide("Who created the software?")
    assert small.route == Route.DOCUMENTS and "none are indexed" in small.reason
    large = Router(ScriptedModel(), empty, general_knowledge=True).decide("Who created the software?")
    assert large.route == Route.DIRECT and "general knowledge" in large.reason


def _run(expert: DirectExpert, request: str):
    return drain(expert.run(ExpertContext(request, Settings(), CancelToken())))


def test_the_embedded_model_is_not_asked_a_factual_question_even_when_forced():
    model = ScriptedModel(default="Linus Torvalds created it in 1991.")
    result = _run(DirectExpert(model, general_knowledge=False), "Who created the software?")
    assert result.text == NO_FACTS and not result.supported and model.calls == []
    large = _run(DirectExpert(model, general_knowledge=True), "Who created the software?")
    assert large.text.startswith(GENERAL) and "Linus Torvalds" in large.text and not large.supported


def test_small_talk_that_makes_no_sense_gets_the_fixed_reply():
    model = ScriptedModel(["Sender, a helpful AI in helping with your message.", "Hello! How can I help you today?"])
    assert _run(DirectExpert(model, general_knowledge=False), "hello there").text == FRIENDLY
    assert _run(DirectExpert(model, general_knowledge=False), "hello there").text == "Hello! How can I help you today?"


def test_the_fixed_reply_fits_thanks_and_goodbyes():
    model = ScriptedModel(default="Sender, a helpful AI in helping with your message.")
    assert _run(DirectExpert(model, general_knowledge=False), "Thanks, that helps!").text == WELCOME
    assert _run(DirectExpert(model, general_knowledge=False), "ok bye for now").text == GOODBYE


@pytest.mark.parametrize("request_text, reply", [   # replies SmolLM2-135M gave (recorded 2026-12-06)
    ("Say hello.", "Sender, a helpful AI in helping with your message."), ("cheers", "I'm sorry for your loss."),
    ("hello", "hello."), ("bye for now", "no, no."), ("what is your name?", "Your Name: Enclave\nMy Appearances: "
                                                                           "Enchanted Adventures"),
    ("great job", "I'm sorry for your loss. I hope this doesn't have any negative impacts on you.\n\nJust a reminder."),
])
def test_the_check_refuses_the_small_models_nonsense(request_text, reply):
    assert not_sensible(request_text, reply)


@pytest.mark.parametrize("request_text, reply", [
    ("Say hi to me", "Hello, I'm Enclave. How can I assist you today?"),
    ("hi!", "hi! I'm here to help with any questions or problems you have."),
    ("my name is Kim", "Hello Kim."), ("how are you doing?", "I'm fine, thank you. How can I help you?"),
])
def test_the_check_keeps_a_sensible_reply(request_text, reply):
    assert not_sensible(request_text, reply) == ""


# -- the real model, the real index ----------------------------------------------------------------------------

@pytest.fixture
def indexed(tmp_path: Path, real_embedder):
    from rag.library import Library
    from tests.answer_docs import make_documents

    library = Library(tmp_path / "index", embedder=real_embedder)
    list(library.index([make_documents(tmp_path / "docs")]))
    yield library
    library.close()


def _ask(model, library, request: str, **kwargs) -> tuple[RouteChosen, FinalAnswer]:
    from agents.orchestrator import Orchestrator, library_embedder

    events = list(Orchestrator(model, library, embed=library_embedder(library)).run(request, **kwargs))
    return next(e for e in events if isinstance(e, RouteChosen)), next(e for e in events if isinstance(e, FinalAnswer))


@pytest.mark.model
@pytest.mark.embedding
@pytest.mark.slow
def test_factual_questions_the_documents_do_not_answer_are_not_answered_by_the_model(real_model, indexed):
    for question in ("What is the capital of Italy?", "Who created the software?", "Who wrote Hamlet?"):
        route, answer = _ask(real_model, indexed, question)
        assert route.route == Route.DOCUMENTS, (question, route)
        assert not answer.supported and answer.text.startswith("Your documents do not contain this"), answer.text
    route, answer = _ask(real_model, indexed, "Who created the software?", route=Route.DIRECT)
    assert answer.text == NO_FACTS


@pytest.mark.model
def test_with_nothing_indexed_the_embedded_model_says_so(real_model, tmp_path):
    from agents.experts.retrieval import NO_DOCUMENTS
    from rag.library import Library

    library = Library(tmp_path / "empty")
    try:
        route, answer = _ask(real_model, library, "Who created the software?")
        assert route.route == Route.DOCUMENTS and answer.text == NO_DOCUMENTS
        route, answer = _ask(real_model, library, "Say hello.")
        assert route.route == Route.DIRECT and "Sender" not in answer.text
        assert answer.text == FRIENDLY or not not_sensible("Say hello.", answer.text)
    finally:
        library.close()


@pytest.mark.model
def test_your_own_server_may_answer_from_general_knowledge_labelled(llama_server: str, tmp_path):
    """The user's own OpenAI-compatible server (a real one on 127.0.0.1) runs a model they chose: it may answer a
    question about facts from its own knowledge, labelled so; here no documents are indexed."""
    from agents.engine.openai_server import ServerConfig, ServerModel
    from rag.library import Library

    library = Library(tmp_path / "empty")
    try:
        model = ServerModel(ServerConfig(url=llama_server, model="smollm2", context_size=2048))
        route, answer = _ask(model, library, "What is the capital of France?")
        assert route.route == Route.DIRECT and answer.text.startswith(GENERAL), answer.text
        assert len(answer.text) > len(GENERAL)
    finally:
        library.close()


def test_a_writing_task_and_plain_small_talk_go_to_the_model_by_rule():
    """Recognized from their form, they need no vote (the vote sent "Write a cover letter ..." to the documents)."""
    documents_vote = lambda texts: [[1.0, 0.0] if t not in EXAMPLES[Route.DIRECT] else [0.0, 1.0] for t in texts]
    for request in ("Write a cover letter for a junior accountant role.", "ok, thanks!", "Hello there"):
        decision = Router(ScriptedModel(), LIBRARY, embed=documents_vote).decide(request)
        assert (decision.route, decision.decided_by) == (Route.DIRECT, "rule"), request


@pytest.mark.parametrize("question", ["What severity must an ITP bug report have?",
                                      "Which priority should a new package get?"])
def test_one_factual_question_is_never_planned_by_the_examples_vote(question, real_embedder):
    """The real embedder put "What severity must an ITP bug report have?" nearest the plan examples (0.46 vs
    0.26); the model then split it into fragments ("severity") that were answered as small talk."""
    library = MemoryLibrary({"/d/guide.html": ["Packages are uploaded to the archive by their maintainers."]})
    model = ScriptedModel()
    decision = Router(model, library, embed=real_embedder.encode).decide(question)
    assert decision.route == Route.DOCUMENTS, decision.reason
    # a request of several tasks may still be planned by the vote
    tasks = "compare the two offers and tell me which is cheaper"
    assert Router(model, library, embed=real_embedder.encode).decide(tasks).route == Route.PLAN
    assert model.calls == []


@pytest.mark.parametrize("keywords", ["program settings file", "settings stored plain text file"])
def test_search_keywords_the_documents_hold_go_to_the_documents(keywords):
    """Keywords typed as into a search box are not put as a question; the examples' vote called such a request
    small talk and the model alone replied (free text about the program's settings). One passage holds most of
    the words: it is a search of the documents."""
    model = ScriptedModel()
    decision = Router(model, LIBRARY, embed=_direct_voting_embed(keywords)).decide(keywords)
    assert decision.route == Route.DOCUMENTS and "faq.pdf" in decision.reason
    assert model.calls == []
    # words the documents do not hold stay with the vote (small talk is still small talk)
    chat = "lovely weather today"
    assert Router(model, LIBRARY, embed=_direct_voting_embed(chat)).decide(chat).route == Route.DIRECT
