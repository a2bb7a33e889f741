"""The `enclave` command line: a thin parser over the core, one module per command.

Each module in app/commands/ defines `register(subparsers)` and sets `func` on its
parser. Errors the user can act on reach stderr as one plain line (see
agents.api.user_message); anything else is a bug and keeps its traceback.
"""
from __future__ import annotations

import argparse
import importlib
import logging
import os
import pkgutil
import sys

from agents.api import __version__, user_message
from app import commands


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="enclave", description="Enclave: a private assistant for your documents, running on this machine.")
    parser.add_argument("--version", action="version", version=f"enclave {__version__}")
    parser.add_argument("--verbose", action="store_true", help="log debug details to stderr")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module_info in sorted(pkgutil.iter_modules(commands.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"app.commands.{module_info.name}")
        module.register(subparsers)
    return parser


def run_cli(argv: list[str]) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.DEBUG if args.verbose else logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return int(args.func(args) or 0)
    except KeyboardInterrupt:
        print("\ncancelled", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader went away (`enclave library --json | head`): stop quietly, as Unix tools do.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141
    except Exception as exc:
        message = user_message(exc)
        if message is None:
            raise
        print(f"enclave: {message}", file=sys.stderr)
        return 1
