"""`enclave ask "question"`: the orchestrator answers over the library, with its sources.

Tokens stream to stdout as they come; if checking the citations changed the
answer, the checked answer follows. `--trace` prints every event of the run to
stderr; `--continue` continues the last conversation; `--cloud` forces the cloud
route and asks for consent on the terminal (no terminal: nothing is sent); the
prompt shows what was replaced and why, warns when the redacted text lost the
task, and lets the user type the text to send instead (re-checked, then asked again).
"""
from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Iterator
from typing import TextIO

from agents.api import (CancelToken, CloudOffer, ConsentRequest, EditedSketch, Enclave, ErrorEvent, Event, FinalAnswer,
                        Route, Stopped, Token, answer_summary, describe)


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
    with Enclave() as enclave:
        conversation = None
        if args.continue_:
            conversation = enclave.last_conversation_id()
            if conversation is None:
                print("enclave: no earlier conversation; starting a new one", file=sys.stderr)
        route = Route.CLOUD if args.cloud else (Route(args.route) if args.route else None)
        cancel = CancelToken()
        events = enclave.ask(args.question, conversation_id=conversation, route=route, scope=args.scope or (),
                             cancel=cancel, consent=terminal_consent,
                             accept_offer=lambda offer: accept_cloud_offer(offer, args.cloud_if_hard))
        return print_run(events, cancel, trace=args.trace)


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
            if mid_line and (line or isinstance(event, ErrorEvent | Stopped)):
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
            elif isinstance(event, Stopped):
                stopped = True
                print(f"enclave: {event.message}", file=err, flush=True)
            elif isinstance(event, ErrorEvent):
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
    """One line per event for --trace (the same words as the GUI's "How I answered" details)."""
    line = describe(event)
    return None if line is None or isinstance(event, ErrorEvent | Stopped) else str(line)


def terminal_consent(request: ConsentRequest) -> bool | EditedSketch:
    """Show exactly what would leave, what was replaced and why, and ask y/N/e; without a terminal the answer is no.

    "e" reads a replacement text (one line); the core re-checks it and asks again before anything is sent.
    """
    err = sys.stderr
    print(f"\nEnclave wants to send this request to {request.endpoint} (model {request.model}):", file=err)
    print(request.body.decode("utf-8", errors="replace"), file=err)
    if request.replacements:
        print("Replaced (stays on this computer):", file=err)
        for r in request.replacements:
            print(f"  {r.value} -> {r.shown}  ({r.reason})", file=err)
    for note in (request.edit_note, request.task_note):
        if note:
            print(f"enclave: {note}", file=err)
    if not sys.stdin.isatty():
        print("enclave: no terminal to ask for consent; nothing was sent", file=err)
        return False
    try:
        reply = input("Send it? [y/N, e = edit the text] ").strip().lower()
        if reply in ("e", "edit"):
            print(f"Text to send (one line; it is checked again before anything is sent):\n  {request.sketch}", file=err)
            edited = input("> ").strip()
            return EditedSketch(edited) if edited else False
    except EOFError:
        return False
    return reply in ("y", "yes")


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
