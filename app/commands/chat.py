"""`enclave chat`: a conversation in the terminal, through the orchestrator and its memory."""
from __future__ import annotations

import argparse
import sys

from agents.api import CancelToken, Enclave, FinalAnswer
from app.commands.ask import print_run


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("chat", help="talk with Enclave in the terminal (Ctrl-D ends)")
    parser.add_argument("--continue", dest="continue_", action="store_true", help="continue the last conversation")
    parser.add_argument("--trace", action="store_true", help="print the agents' steps")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    enclave = Enclave()
    print("Loading the local model…", file=sys.stderr, flush=True)
    name = enclave.load_model()
    conversation = enclave.last_conversation_id() if args.continue_ else None
    print(f"{name} ready. Ctrl-C stops an answer, Ctrl-D quits.", file=sys.stderr)
    try:
        while True:
            try:
                question = input("you> ").strip()
            except EOFError:
                print()
                return 0
            if not question:
                continue
            cancel = CancelToken()
            finals: list[FinalAnswer] = []

            def keep(events):  # noqa: ANN001, ANN202 - remembers the conversation id of the answer
                for event in events:
                    if isinstance(event, FinalAnswer):
                        finals.append(event)
                    yield event

            try:
                print_run(keep(enclave.ask(question, conversation_id=conversation, cancel=cancel)), cancel,
                          trace=args.trace)
            except KeyboardInterrupt:
                print(" [stopped]", file=sys.stderr)
            if finals and finals[-1].conversation_id:
                conversation = finals[-1].conversation_id
    finally:
        enclave.close()
