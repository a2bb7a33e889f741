"""`enclave summarize FILE`: a map-reduce summary of one document, with a progress bar."""
from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator

from agents.api import CancelToken, Enclave, Event, IndexProgress, Progress, Token
from app.commands.ask import print_run


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("summarize", help="summarize a document (indexed or any readable file)")
    parser.add_argument("file", help="a file name from the library, or a path")
    parser.add_argument("--mode", choices=["short", "key-points", "questions"], default="short",
                        help="short summary (default), key points, or suggested follow-up questions")
    parser.add_argument("--trace", action="store_true", help="print the agents' steps")
    parser.add_argument("--no-index", dest="index_first", action="store_false",
                        help="do not add a file that is not in the library yet (by default it is indexed first, "
                             "so you can ask about it afterwards)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    with Enclave() as enclave:
        cancel = CancelToken()
        events = enclave.summarize(args.file, mode=args.mode, cancel=cancel, index_first=args.index_first)
        return print_run(with_progress_bar(indexing_lines(events)), cancel, trace=args.trace)


def indexing_lines(events: Iterator[Event | IndexProgress]) -> Iterator[Event]:
    """Say once that the file is being added to the library; pass the summary's own events on."""
    told = False
    for event in events:
        if isinstance(event, IndexProgress):
            if not told and event.current:
                print(f"adding {event.current} to the library first (--no-index skips this)", file=sys.stderr)
                told = True
            if event.record is not None and event.record.status.value == "failed":
                print(f"enclave: could not index it: {event.record.reason}", file=sys.stderr)
            continue
        yield event


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
