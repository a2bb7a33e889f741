"""`enclave library`: the documents in the library and their status (no model, no torch)."""
from __future__ import annotations

import argparse
import json
import time

from agents.core import Core


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("library", help="list the documents in the library and their status")
    parser.add_argument("--json", action="store_true", help="one JSON object per document, one per line")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    core = Core()
    documents = core.library().documents()
    if args.json:
        for d in documents:
            print(json.dumps({"path": d.path, "status": d.status.value, "reason": d.reason, "pages": d.pages,
                              "chunks": d.chunks, "content_hash": d.content_hash, "indexed_at": d.indexed_at}))
        core.close()
        return 0
    if not documents:
        print("the library is empty; add documents with `enclave index PATH`")
    for d in documents:
        when = time.strftime("%Y-%m-%d %H:%M", time.localtime(d.indexed_at)) if d.indexed_at else ""
        detail = f"{d.chunks} chunks" + (f", {d.pages} pages" if d.pages else "")
        line = f"{d.status.value:<9} {d.path}"
        line += f"  ({detail}, {when})" if d.status.value == "indexed" else f"  {d.reason}" if d.reason else ""
        print(line)
    core.close()
    return 0
