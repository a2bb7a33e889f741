"""`enclave library`: the documents in the library and their status (no model, no torch).

`--check` compares SQLite, the keyword index, the graph and the vectors (read-only, safe
beside a running app); `--repair` fixes what it finds and redoes interrupted documents.
"""
from __future__ import annotations

import argparse
import json
import sys
import time

from agents.api import Enclave


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("library", help="list the documents in the library and their status")
    parser.add_argument("--json", action="store_true", help="one JSON object per document, one per line")
    parser.add_argument("--check", action="store_true",
                        help="check that the index's stores agree (exit 1 if not); changes nothing")
    parser.add_argument("--repair", action="store_true",
                        help="with --check: fix what disagrees and finish interrupted documents")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    enclave = Enclave()
    if args.check or args.repair:
        try:
            return check(enclave, repair=args.repair)
        finally:
            enclave.close()
    documents = enclave.documents()
    if args.json:
        for d in documents:
            print(json.dumps({"path": d.path, "status": d.status.value, "reason": d.reason, "pages": d.pages,
                              "chunks": d.chunks, "content_hash": d.content_hash, "indexed_at": d.indexed_at}))
        enclave.close()
        return 0
    if not documents:
        print("the library is empty; add documents with `enclave index PATH`")
    for d in documents:
        when = time.strftime("%Y-%m-%d %H:%M", time.localtime(d.indexed_at)) if d.indexed_at else ""
        detail = f"{d.chunks} chunks" + (f", {d.pages} pages" if d.pages else "")
        line = f"{d.status.value:<9} {d.path}"
        line += f"  ({detail}, {when})" if d.status.value == "indexed" else f"  {d.reason}" if d.reason else ""
        print(line)
    enclave.close()
    return 0


def check(enclave: Enclave, *, repair: bool) -> int:
    """Print what disagrees; with repair, fix it and resume interrupted documents. 0 when consistent."""
    from app.commands.index import report, waiting

    findings = enclave.check_library()
    notice = enclave.read_only_notice()
    if notice and not repair:
        print(f"note: {notice.split(';')[0]}: vectors of the document in flight may "
              "show as extra until it commits", file=sys.stderr)
    for line in findings.lines() or ["the index is consistent: SQLite, keyword index, graph and vectors agree"]:
        print(line)
    if not repair:
        if not findings.consistent:
            print("run `enclave library --check --repair` to fix it", file=sys.stderr)
        return 0 if findings.consistent else 1
    counts: dict[str, int] = {}
    for progress in enclave.repair_library(on_wait=waiting):
        report(progress, True, counts)
    after = enclave.check_library()
    print("repaired: " + ("the index is consistent" if after.consistent else "; ".join(after.lines())))
    return 0 if after.consistent and not after.unfinished else 1
