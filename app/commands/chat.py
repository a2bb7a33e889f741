"""`enclave chat`: a conversation with the local model in the terminal."""
from __future__ import annotations

import argparse
import sys

from agents.cancel import CancelToken
from agents.core import Core
from agents.prompt_budget import Message
from app.commands.ask import SYSTEM_PROMPT


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("chat", help="talk with the local model in the terminal (Ctrl-D ends)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    core = Core()
    model = core.model()
    print("Loading the local model…", file=sys.stderr, flush=True)
    info = model.load()
    print(f"{info.name} ready. Ctrl-C stops an answer, Ctrl-D quits.", file=sys.stderr)
    history: list[Message] = [{"role": "system", "content": SYSTEM_PROMPT}]
    try:
        while True:
            try:
                question = input("you> ").strip()
            except EOFError:
                print()
                return 0
            if not question:
                continue
            history.append({"role": "user", "content": question})
            cancel = CancelToken()
            answer: list[str] = []
            try:
                for token in model.chat(history, max_tokens=core.settings.max_answer_tokens,
                                        temperature=core.settings.temperature, cancel=cancel):
                    answer.append(token)
                    sys.stdout.write(token)
                    sys.stdout.flush()
            except KeyboardInterrupt:
                cancel.cancel()
                print(" [stopped]", file=sys.stderr)
            print()
            history.append({"role": "assistant", "content": "".join(answer)})
    finally:
        core.close()
