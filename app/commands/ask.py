"""`enclave ask "question"`: stream the local model's answer to stdout (Ctrl-C cancels)."""
from __future__ import annotations

import argparse
import sys

from agents.cancel import CancelToken
from agents.core import Core

SYSTEM_PROMPT = "You are Enclave, a helpful assistant that runs privately on the user's computer. Answer concisely."


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("ask", help="ask the local model a question")
    parser.add_argument("question", help="the question, in quotes")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    core = Core()
    model = core.model()
    cancel = CancelToken()
    messages = [{"role": "system", "content": SYSTEM_PROMPT}, {"role": "user", "content": args.question}]
    try:
        for token in model.chat(messages, max_tokens=core.settings.max_answer_tokens,
                                temperature=core.settings.temperature, cancel=cancel):
            sys.stdout.write(token)
            sys.stdout.flush()
    except KeyboardInterrupt:
        cancel.cancel()
        print("\n[cancelled]", file=sys.stderr)
        return 130
    finally:
        core.close()
    sys.stdout.write("\n")
    return 0
