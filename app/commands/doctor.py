"""`enclave doctor`: check the environment and say how to fix what is wrong."""
from __future__ import annotations

import argparse

from agents.api import Enclave


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("doctor", help="check the model, embedding model, keychain, CPU and disk")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    enclave = Enclave()
    for problem in enclave.settings_problems:
        print(f"[warn] settings: {problem}")
    failures = 0
    for check in enclave.doctor():
        mark = "ok  " if check.ok else ("warn" if check.warning else "FAIL")
        print(f"[{mark}] {check.name}: {check.detail}", flush=True)
        if not check.ok:
            failures += 0 if check.warning else 1
            if check.fix:
                print(f"       fix: {check.fix}")
    enclave.close()
    return 1 if failures else 0
