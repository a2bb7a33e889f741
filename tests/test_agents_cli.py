"""`enclave ask / summarize` output: streamed answer, checked answer, sources, trace, consent on the terminal."""
from __future__ import annotations

import io

import pytest

from agents.platform.cancel import CancelToken
from agents.api import Enclave
from agents.events import (Citation, ConsentRequest, ErrorEvent, FinalAnswer, Progress, Route, RouteChosen, Stopped, Token,
                           ToolCalled)
from app.cli import run_cli
from app.commands import ask
from app.commands.summarize import with_progress_bar
from tests.fakes import ScriptedModel

CITE = Citation("report.pdf p.2", "/d/report.pdf", 2, "The warranty lasts seven years.")


def run_events(events, trace=False):
    out, err = io.StringIO(), io.StringIO()
    code = ask.print_run(iter(events), CancelToken(), trace=trace, out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def test_streamed_answer_then_sources():
    code, out, err = run_events([RouteChosen(Route.DOCUMENTS, "mentions report.pdf", "rule"),
                                 Token("Seven years "), Token("[report.pdf p.2]."),
                                 FinalAnswer("Seven years [report.pdf p.2].", (CITE,), Route.DOCUMENTS)], trace=True)
    assert code == 0
    assert out == "Seven years [report.pdf p.2].\n\nSources:\n  /d/report.pdf:2  [report.pdf p.2]\n"
    assert err == ("[trace] Route: documents — mentions report.pdf (decided by rule)\n"
                   "[trace] how: Answered from report.pdf p.2.\n")


def test_a_changed_answer_is_printed_as_the_checked_answer():
    code, out, _ = run_events([Token("Ten years [fake.pdf p.9]."),
                               FinalAnswer("The documents do not answer this directly.", (), Route.DOCUMENTS)])
    assert code == 0
    assert out == "Ten years [fake.pdf p.9].\n\nChecked answer:\nThe documents do not answer this directly.\n"


def test_errors_and_stops_set_the_exit_code():
    code, out, err = run_events([Token("Once"), Stopped()])
    assert code == 130 and err == "enclave: Stopped.\n" and out == "Once\n"
    code, _, err = run_events([ErrorEvent("no indexed document is called 'x.pdf'")])
    assert code == 1 and "x.pdf" in err


def test_trace_lines_cover_tool_calls_and_progress():
    assert ask.trace_line(ToolCalled("calculator", {"expression": "2+2"})) == \
        "Tool call: calculator(expression='2+2')"
    assert ask.trace_line(Progress(1, 4, "reading p.1")) == "Progress: 1/4 reading p.1"
    assert ask.trace_line(Token("x")) is None


def test_progress_bar_is_drawn_on_stderr(capsys):
    events = [Progress(0, 2, "reading pp.1-5"), Progress(1, 2, "writing"), Progress(2, 2, "done"),
              FinalAnswer("ok", (), Route.SUMMARIZE)]
    assert list(with_progress_bar(iter(events), width=10)) == events
    err = capsys.readouterr().err
    assert "\r[..........] 0/2 reading pp.1-5" in err and "\r[##########] 2/2 done" in err


def test_consent_without_a_terminal_shows_the_bytes_and_denies(monkeypatch, capsys):
    monkeypatch.setattr("sys.stdin", io.StringIO("y\n"))
    request = ConsentRequest("https://api.example.com/v1/chat/completions", "gpt-x", b'{"messages": ["sketch"]}',
                             "sketch", ())
    assert ask.terminal_consent(request) is False
    err = capsys.readouterr().err
    assert "https://api.example.com/v1/chat/completions" in err and '{"messages": ["sketch"]}' in err
    assert "no terminal to ask for consent; nothing was sent" in err


def test_consent_on_a_terminal_needs_yes(monkeypatch):
    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    request = ConsentRequest("https://x", "m", b"{}", "", ())
    monkeypatch.setattr("sys.stdin", Tty("y\n"))
    assert ask.terminal_consent(request) is True
    monkeypatch.setattr("sys.stdin", Tty("\n"))
    assert ask.terminal_consent(request) is False


@pytest.fixture
def scripted_core(monkeypatch):
    model = ScriptedModel(default="A local answer.")
    monkeypatch.setattr(ask, "Enclave", lambda: Enclave(model=model))
    return model


def test_ask_cloud_without_an_endpoint_answers_locally(scripted_core, capsys):
    assert run_cli(["ask", "--cloud", "--trace", "explain entropy"]) == 0
    out, err = capsys.readouterr()
    assert out.strip() == "A local answer."
    assert "[trace] Route: cloud — requested by the user (decided by user)" in err and "answering locally" in err


def test_ask_continue_with_no_history_starts_a_new_conversation(scripted_core, capsys):
    assert run_cli(["ask", "--continue", "--route", "direct", "write a haiku about rain"]) == 0
    out, err = capsys.readouterr()
    assert "no earlier conversation; starting a new one" in err and out.strip() == "A local answer."
    assert run_cli(["ask", "--continue", "--route", "direct", "write another one"]) == 0
    enclave = Enclave()
    assert len(enclave.messages(enclave.last_conversation_id())) == 4
    assert scripted_core.calls[-1][1]["content"] == "write a haiku about rain"     # the earlier turn went to the model


def test_citations_added_by_the_check_do_not_repeat_the_answer():
    code, out, _ = run_events([Token("Seven years."), FinalAnswer("Seven years [report.pdf p.2].", (CITE,),
                                                                  Route.DOCUMENTS)])
    assert out == "Seven years.\n\nSources:\n  /d/report.pdf:2  [report.pdf p.2]\n"
