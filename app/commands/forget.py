"""`enclave forget PATH`: remove a document (chunks, entities' mentions, vectors) from the library."""
from __future__ import annotations

import argparse
import sys

from agents.api import Enclave
from app.commands.index import waiting


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("forget", help="remove documents from the library (the files are not touched)")
    parser.add_argument("paths", nargs="+", metavar="PATH")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    enclave = Enclave()
    missing = 0
    for path in args.paths:
        if enclave.forget(path, on_wait=waiting):
            print(f"forgotten: {path}")
        else:
            missing += 1
            print(f"enclave: not in the library: {path}", file=sys.stderr)
    enclave.close()
    return 1 if missing else 0
