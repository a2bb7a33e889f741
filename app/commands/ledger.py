"""`enclave ledger`: every request that left this machine, with its exact payload."""
from __future__ import annotations

import argparse
import json
import sys

from agents.api import Enclave


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("ledger", help="show every request sent to the cloud (the audit ledger)")
    parser.add_argument("--last", type=int, default=0, metavar="N", help="only the last N requests")
    parser.add_argument("--json", action="store_true", help="one JSON object per request (for scripts)")
    parser.add_argument("--verify", action="store_true",
                        help="check the hash chain: exit 1 if a record was removed or altered")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    enclave = Enclave()
    if args.verify:
        return verify(enclave)
    entries = enclave.ledger_entries()
    if args.last > 0:
        entries = entries[-args.last:]
    if not entries:
        print("the ledger is empty: nothing has been sent to a cloud model")
        return 0
    for e in entries:
        if args.json:
            print(json.dumps(e.__dict__, ensure_ascii=False, sort_keys=True))
            continue
        print(f"{e.time}  {e.endpoint}  model={e.model}  outcome={e.outcome}  "
              f"sent={e.request_bytes} B  received={e.response_bytes} B  {e.seconds:.1f} s")
        print(f"  payload: {e.payload}")
    if not enclave.verify_ledger().intact:
        print("enclave: warning: the ledger's hash chain is broken (a record was removed or altered); "
              "see `enclave ledger --verify`", file=sys.stderr)
    return 0


def verify(enclave: Enclave) -> int:
    """Print whether the chain is intact; 0 when it is, 1 when a record was removed or altered."""
    check = enclave.verify_ledger()
    notes = []
    if check.unchained:
        notes.append(f"{check.unchained} written before the hash chain existed")
    if check.torn_lines:
        notes.append(f"{check.torn_lines} line(s) torn by an interrupted write, no complete record lost")
    detail = f" ({'; '.join(notes)})" if notes else ""
    if check.intact:
        print(f"ledger intact: {check.records} records verified{detail}")
        return 0
    print(f"enclave: the ledger was altered: {len(check.problems)} problem(s) in {check.records} records{detail}",
          file=sys.stderr)
    for problem in check.problems:
        print(f"  {problem}", file=sys.stderr)
    return 1
