"""`enclave network`: every connection Enclave made — model downloads and cloud requests — oldest first.

Enclave connects to nothing by itself; these are the only two kinds, each started by the user.
"""
from __future__ import annotations

import argparse
import json
from dataclasses import asdict

from agents.api import Enclave


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("network", help="list every connection Enclave made (model downloads, cloud "
                                                   "requests)")
    parser.add_argument("--json", action="store_true", help="one JSON object per connection (for scripts)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    records = Enclave().network_activity()
    if args.json:
        for record in records:
            print(json.dumps(asdict(record), ensure_ascii=False, sort_keys=True))
        return 0
    if not records:
        print("no connections: Enclave has downloaded nothing and sent nothing to a cloud model")
        return 0
    for r in records:
        print(f"{r.time}  {r.kind:<14}  {r.host}  {r.what}  {r.size_bytes / 2**20:,.1f} MiB  {r.seconds:.1f} s  {r.result}")
    return 0
