"""`enclave ask "question"`: the orchestrator answers over the library, with its sources.

Tokens stream to stdout as they come; if checking the citations changed the
answer, the checked answer follows. `--trace` prints every event of the run to
stderr; `--continue` continues the last conversation; `--cloud` forces the cloud
route and asks for consent on the terminal (no terminal: nothing is sent).
"""
from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Iterator
from typing import TextIO

from agents.platform.cancel import CancelToken
from agents.core import Core
from agents.answers.explain import answer_summary
from agents.orchestrator import STOPPED
from agents.events import (CitationMade, CloudExchange, CloudOffer, ConsentRequest, ErrorEvent, Event, ExpertFinished,
                           ExpertStarted, FinalAnswer, PlanMade, Progress, RetrievalHits, Route, RouteChosen, Token,
                           ToolCalled, ToolResult)

SYSTEM_PROMPT = "You are Enclave, a helpful assistant that runs privately on the user's computer. Answer concisely."


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("ask", help="ask a question; answered from your documents when they help")
    parser.add_argument("question", help="the question, in quotes")
    parser.add_argument("--continue", dest="continue_", action="store_true",
                        help="continue the last conversation")
    parser.add_argument("--trace", action="store_true", help="print the agents' steps (route, experts, tools)")
    parser.add_argument("--cloud", action="store_true",
                        help="escalate to the configured cloud model (asks for consent first)")
    parser.add_argument("--cloud-if-hard", action="store_true",
                        help="if the request looks beyond the local model, ask the cloud with a redacted sketch "
                             "(still shows the exact text and asks before sending)")
    parser.add_argument("--in", dest="scope", action="append", metavar="PATH",
                        help="answer only from this indexed file or folder (repeatable)")
    parser.add_argument("--route", choices=[r.value for r in Route if r != Route.CLOUD],
                        help="skip routing and use this expert")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    core = Core()
    try:
        orchestrator = scoped_orchestrator(core, args.scope) if args.scope else core.orchestrator()
        conversation = None
        if args.continue_:
            conversation = core.history().last_conversation_id()
            if conversation is None:
                print("enclave: no earlier conversation; starting a new one", file=sys.stderr)
        route = Route.CLOUD if args.cloud else (Route(args.route) if args.route else None)
        cancel = CancelToken()
        events = orchestrator.run(args.question, conversation_id=conversation, route=route, cancel=cancel,
                                  consent=terminal_consent,
                                  accept_offer=lambda offer: accept_cloud_offer(offer, args.cloud_if_hard))
        return print_run(events, cancel, trace=args.trace)
    finally:
        core.close()


def scoped_orchestrator(core: Core, scope: list[str]):
    """An orchestrator whose library is hard-scoped to `scope` (nothing outside it is ever retrieved)."""
    return core.scoped_orchestrator(scope)


def print_run(events: Iterator[Event], cancel: CancelToken, *, trace: bool, out: TextIO | None = None,
              err: TextIO | None = None) -> int:
    """Print a run's answer (streamed) and its sources; 0 when an answer came, 1 otherwise."""
    out = out or sys.stdout
    err = err or sys.stderr
    streamed: list[str] = []
    answered = False
    stopped = False
    mid_line = False            # tokens were written without a final newline (keep stderr lines apart)
    try:
        for event in events:
            line = trace_line(event) if trace else None
            if mid_line and (line or isinstance(event, ErrorEvent)):
                out.write("\n")
                out.flush()
                mid_line = False
            if line:
                print(f"[trace] {line}", file=err, flush=True)
            if isinstance(event, Token):
                streamed.append(event.text)
                out.write(event.text)
                out.flush()
                mid_line = not event.text.endswith("\n")
            elif isinstance(event, ErrorEvent):
                stopped = stopped or event.message == STOPPED
                print(f"enclave: {event.message}", file=err, flush=True)
            elif isinstance(event, FinalAnswer):
                answered = True
                print_answer(event, "".join(streamed), out)
                if trace:
                    print(f"[trace] how: {answer_summary(event)}", file=err, flush=True)
                streamed = []
            elif isinstance(event, CloudOffer) and event.offered and not event.before_local:
                print(f"\n{event.reason}\nAsk the cloud with a redacted sketch? Run again with --cloud-if-hard "
                      "(you see the exact text before anything is sent).", file=err, flush=True)
    except KeyboardInterrupt:
        cancel.cancel()
        close = getattr(events, "close", None)
        if close is not None:
            close()
        raise
    if stopped:
        return 130
    return 0 if answered else 1


def print_answer(answer: FinalAnswer, streamed: str, out: TextIO) -> None:
    if not streamed.strip():
        out.write(answer.text + "\n")
    elif _words(streamed) != _words(answer.text) or not _labels(streamed) <= _labels(answer.text):
        # the check changed the words or removed an invented citation: show what was kept
        out.write("\n\nChecked answer:\n" + answer.text + "\n")
    else:
        out.write("\n")
    if answer.citations:
        out.write("\nSources:\n")
        for citation in answer.citations:
            page = f":{citation.page}" if citation.page is not None else ""
            out.write(f"  {citation.path}{page}  [{citation.label}]\n")
    out.flush()


def _labels(text: str) -> set[str]:
    """The bracketed citation labels in an answer."""
    return set(re.findall(r"\[([^\[\]]*)\]", text))


def _words(text: str) -> list[str]:
    """The words of an answer without its [citations] and punctuation."""
    return re.findall(r"\w+", re.sub(r"\[[^\[\]]*\]", " ", text))


def trace_line(event: Event) -> str | None:
    """One line per event for --trace (tokens are left out: they are the answer itself)."""
    if isinstance(event, RouteChosen):
        return f"route: {event.route.value} (by {event.decided_by}): {event.reason}"
    if isinstance(event, PlanMade):
        return "plan: " + " | ".join(event.steps)
    if isinstance(event, ExpertStarted):
        return f"expert {event.expert} started: {event.task}"
    if isinstance(event, ExpertFinished):
        return f"expert {event.expert} finished: {event.summary}"
    if isinstance(event, ToolCalled):
        return f"tool call: {event.name}({event.arguments})"
    if isinstance(event, ToolResult):
        return f"tool result: {event.name} {'ok' if event.ok else 'error'}: {event.result[:200]}"
    if isinstance(event, RetrievalHits):
        hits = ", ".join(f"{p.label} ({p.score:.3f})" for p in event.passages[:8]) or "none"
        return f"retrieval: {len(event.passages)} passages: {hits}"
    if isinstance(event, Progress):
        return f"progress: {event.done}/{event.total} {event.label}"
    if isinstance(event, CitationMade):
        return f"citation: {event.citation.label}"
    if isinstance(event, ConsentRequest):
        return f"consent asked for {event.endpoint}"
    if isinstance(event, CloudExchange):
        return f"cloud: {event.endpoint} sent={event.sent} {event.outcome}"
    if isinstance(event, CloudOffer):
        return f"cloud offer ({'made' if event.offered else 'not made'}, hardness {event.score:.2f}): {event.reason}"
    return None


def terminal_consent(request: ConsentRequest) -> bool:
    """Show exactly what would leave the machine and ask y/N; without a terminal the answer is no."""
    err = sys.stderr
    print(f"\nEnclave wants to send this request to {request.endpoint} (model {request.model}):", file=err)
    print(request.body.decode("utf-8", errors="replace"), file=err)
    if not sys.stdin.isatty():
        print("enclave: no terminal to ask for consent; nothing was sent", file=err)
        return False
    try:
        reply = input("Send it? [y/N] ")
    except EOFError:
        return False
    return reply.strip().lower() in ("y", "yes")


def accept_cloud_offer(offer: CloudOffer, cloud_if_hard: bool) -> bool:
    """--cloud-if-hard accepts; with "ask first", a terminal is asked; otherwise the offer is printed."""
    if cloud_if_hard:
        return True
    if not offer.before_local or not sys.stdin.isatty():
        return False
    print(f"{offer.reason}\nAsk the cloud with a redacted sketch instead of answering locally? [y/N] ",
          end="", file=sys.stderr, flush=True)
    try:
        return input().strip().lower() in ("y", "yes")
    except EOFError:
        return False
