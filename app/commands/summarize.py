"""`enclave summarize FILE`: a map-reduce summary of one document, with a progress bar."""
from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator

from agents.platform.cancel import CancelToken
from agents.core import Core
from agents.events import Event, Progress, Token
from app.commands.ask import print_run


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("summarize", help="summarize a document (indexed or any readable file)")
    parser.add_argument("file", help="a file name from the library, or a path")
    parser.add_argument("--mode", choices=["short", "key-points", "questions"], default="short",
                        help="short summary (default), key points, or suggested follow-up questions")
    parser.add_argument("--trace", action="store_true", help="print the agents' steps")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    core = Core()
    try:
        cancel = CancelToken()
        events = core.orchestrator().summarize(args.file, mode=args.mode, cancel=cancel)
        return print_run(with_progress_bar(events), cancel, trace=args.trace)
    finally:
        core.close()


def with_progress_bar(events: Iterator[Event], width: int = 30) -> Iterator[Event]:
    """Draw Progress events as one bar on stderr, and pass every event on."""
    drawn = False           # a bar is on the current line
    streamed = False        # other output (the answer's tokens) came since the last bar
    for event in events:
        if isinstance(event, Progress) and event.total:
            filled = width * event.done // event.total
            bar = "#" * filled + "." * (width - filled)
            end = "\n" if event.done >= event.total else ""
            start = "\n" if streamed else "\r"
            sys.stderr.write(f"{start}[{bar}] {event.done}/{event.total} {event.label[:40]:<40}{end}")
            sys.stderr.flush()
            drawn, streamed = event.done < event.total, False
        elif not isinstance(event, Progress):
            if drawn:
                sys.stderr.write("\n")
                drawn = False
            streamed = streamed or isinstance(event, Token)
        yield event
