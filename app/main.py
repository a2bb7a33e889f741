"""`enclave` entry point: no arguments opens the desktop app, anything else is the CLI."""
from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if os.name == "posix":
        os.umask(0o077)      # every file Enclave creates (index, chats, ledger) is private to the user
    if not args:
        from app.launch import launch_default
        return launch_default()
    from app.cli import run_cli
    return run_cli(args)


if __name__ == "__main__":
    sys.exit(main())
