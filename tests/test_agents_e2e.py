"""End to end on the real pieces: embedded SmolLM2 (llama.cpp), the real rag Library
(chromadb + SQLite in a temp folder, all-MiniLM-L6-v2), PDFs generated with reportlab."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from agents.platform.cancel import CancelToken
from agents.events import FinalAnswer, Stopped, Progress, Route, RouteChosen, Token, ToolCalled, ToolResult
from agents.experts.tools import use_tool
from agents.orchestrator import Orchestrator, library_embedder
from agents.answers.claims import unsupported
from agents.experts.summarizer import Summarizer
from agents.tools.builtin import ToolContext, builtin_tools
from tests.test_agents_tools import drain
from tests.answer_docs import contains_fact
from tests.rag_docs import make_pdf

pytestmark = [pytest.mark.model, pytest.mark.embedding, pytest.mark.slow]
ROOT = Path(__file__).resolve().parent.parent

REPORT = ["Annual report of Nordlicht Heating. This report covers the year 2024 and our products.",
          "Warranty terms. The warranty for the Orion boiler lasts seven years from the date of installation. "
          "Repairs are free during the warranty.",
          "Sales grew by twelve percent in the northern region. The new factory opens in Tromso next spring."]
MINUTES = ["Board meeting minutes, 3 June 2024. Present: Lena Fischer, Omar Haddad.",
           "The board approved the hiring of Lena Fischer as head of research. Her salary budget is 95,000 euros "
           "per year.",
           "Action item: Omar Haddad must send the budget plan before 15 July 2024."]


@pytest.fixture(scope="module")
def documents(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("docs")
    make_pdf(folder / "report.pdf", REPORT)
    make_pdf(folder / "minutes.pdf", MINUTES)
    return folder


@pytest.fixture(scope="module")
def library(documents: Path, real_embedder, tmp_path_factory: pytest.TempPathFactory):
    from rag.library import Library

    lib = Library(tmp_path_factory.mktemp("library"), embedder=real_embedder)
    list(lib.index([documents]))
    assert [r.status.value for r in lib.documents()] == ["indexed", "indexed"]
    yield lib
    lib.close()


class Recording:
    """The real model, recording each prompt's size (rendered by the model's own chat template)."""

    def __init__(self, model) -> None:
        self.model = model
        self.prompts: list[tuple[int, int]] = []    # (prompt tokens, max_tokens)

    @property
    def context_size(self) -> int:
        return self.model.context_size

    def _record(self, messages, max_tokens) -> None:
        self.prompts.append((self.model.count_tokens(self.model.render(messages)), max_tokens))

    def chat(self, messages, *, max_tokens=384, temperature=0.2, cancel=None):
        self._record(messages, max_tokens)
        return self.model.chat(messages, max_tokens=max_tokens, temperature=temperature, cancel=cancel)

    def chat_text(self, messages, **kwargs):
        return "".join(self.chat(messages, **kwargs))

    def structured(self, messages, json_schema, *, cancel=None, max_tokens=None):
        self._record(messages, max_tokens or 0)
        return self.model.structured(messages, json_schema, cancel=cancel, max_tokens=max_tokens)

    def count_tokens(self, text):
        return self.model.count_tokens(text)


@pytest.mark.parametrize("question, source, fact", [
    ("How long does the warranty for the Orion boiler last?", ("report.pdf", 2), ("seven years",)),
    ("What is the salary budget for the head of research?", ("minutes.pdf", 2), ("95,000 euros", "95,000")),
])
def test_document_answer_states_the_fact_and_names_the_right_file_and_page(real_model, library, question, source,
                                                                          fact):
    model = Recording(real_model)
    orchestrator = Orchestrator(model, library, embed=library_embedder(library))
    events = list(orchestrator.run(question))
    route = next(e for e in events if isinstance(e, RouteChosen))
    assert route.route == Route.DOCUMENTS and route.decided_by in ("rule", "embedding")
    answer = next(e for e in events if isinstance(e, FinalAnswer))
    assert contains_fact(answer.text.split("\nFrom ", 1)[0], fact), answer.text   # the fact, not only a citation
    first = answer.citations[0]
    assert (Path(first.path).name, first.page) == source
    assert f"[{source[0]} p.{source[1]}]" in answer.text
    # every citation in the answer names a passage the model was given
    assert all(Path(c.path).name in ("report.pdf", "minutes.pdf") for c in answer.citations)
    assert all(tokens < 600 for tokens, _ in model.prompts)


def test_summarize_a_100_page_pdf_within_the_context(real_model, tmp_path):
    topics = ["solar panels", "wind farms", "battery storage", "grid pricing", "heat pumps"]
    pages = [f"Chapter {n}. This page explains {topics[n % 5]} for the town of Elmstead. "
             f"The council measured {n * 7} units in district {n % 9}. Residents asked for clearer reports on "
             f"{topics[(n + 2) % 5]}." for n in range(1, 101)]
    pdf = make_pdf(tmp_path / "energy-plan.pdf", pages)
    model = Recording(real_model)
    orchestrator = Orchestrator(model, None, summarizer=Summarizer(model, strategy="shorten", shortlist=60))
    events = list(orchestrator.summarize(pdf, mode="key-points"))
    answer = events[-1]
    assert isinstance(answer, FinalAnswer), answer
    assert answer.text.strip() and answer.citations[0].path.endswith("energy-plan.pdf")
    progress = [e for e in events if isinstance(e, Progress)]
    assert progress[0].label == "reading 100 page(s)" and progress[-1].done == progress[-1].total
    assert all(tokens + limit <= real_model.context_size for tokens, limit in model.prompts)
    assert len(model.prompts) <= 7                 # one shortening per key point, at most
    for line, citation in zip(answer.text.replace("Key sentences from the document:\n", "").splitlines(),
                              answer.citations):   # each point checked against its own page
        assert not unsupported(line.rsplit(" [", 1)[0].lstrip("- "), [pages[citation.page - 1]]), line


def test_cancel_stops_a_real_run_within_one_token(real_model):
    orchestrator = Orchestrator(real_model, None)
    cancel = CancelToken()
    events = []
    for event in orchestrator.run("Write a long story about a lighthouse keeper.", route=Route.DIRECT,
                                  cancel=cancel):
        events.append(event)
        if isinstance(event, Token):
            cancel.cancel()
    assert sum(isinstance(e, Token) for e in events) == 1
    assert events[-1] == Stopped()
    # the model is free again at once
    assert real_model.chat_text([{"role": "user", "content": "Say yes."}], max_tokens=4)


def test_the_model_fills_a_valid_tool_call_through_the_grammar(real_model, library):
    registry = builtin_tools(ToolContext(library))
    events, result = drain(use_tool(real_model, registry, "Multiply 17 by 23 with the calculator.",
                                    library=library, cancel=CancelToken()))
    calls = [e for e in events if isinstance(e, ToolCalled)]
    assert calls and all(c.name in registry.names() for c in calls)
    assert len([e for e in events if isinstance(e, ToolResult)]) == len(calls) <= 3
    assert result.text


def test_cli_ask_prints_the_answer_then_its_sources(documents, real_embedder, enclave_home, capsys):
    from agents.core import Core
    from app.cli import run_cli

    core = Core()
    list(core.library().index([documents]))
    core.close()
    assert run_cli(["ask", "--trace", "How long does the warranty for the Orion boiler last?"]) == 0
    out, err = capsys.readouterr()
    assert "[trace] Route: documents" in err and "[trace] Retrieval:" in err
    assert contains_fact(out.split("\nSources:\n", 1)[0].split("\nFrom ", 1)[0], ("seven years",)), out
    sources = out.split("\nSources:\n", 1)[1]
    assert f"{documents / 'report.pdf'}:2  [report.pdf p.2]" in sources
    assert run_cli(["ask", "--continue", "what is 12*(3+4)?"]) == 0
    out, _ = capsys.readouterr()
    assert out.strip() == "12*(3+4) = 84"
    history = Core().history()
    conversation = history.conversations()
    assert len(conversation) == 1 and len(history.messages(conversation[0].id)) == 4


def test_cli_summarize_a_file_with_a_progress_bar(tmp_path):
    pdf = make_pdf(tmp_path / "minutes.pdf", MINUTES)
    result = subprocess.run([sys.executable, "-m", "app.main", "summarize", str(pdf), "--mode", "short"],
                            capture_output=True, text=True, timeout=240, cwd=ROOT, env=dict(os.environ))
    assert result.returncode == 0, result.stderr
    assert "] 3/3 done" in result.stderr
    answer, sources = result.stdout.split("\nSources:\n")
    assert answer.strip() and str(pdf) in sources
