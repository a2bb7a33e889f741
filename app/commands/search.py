"""`enclave search "query"`: ranked passages from the library, each with file:page and score."""
from __future__ import annotations

import argparse
import json
import sys

from agents.api import Enclave


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("search", help="search the library; prints ranked passages with file and page")
    parser.add_argument("query", help="what to look for, in quotes")
    parser.add_argument("-k", type=int, default=5, help="how many passages (default 5)")
    parser.add_argument("--json", action="store_true", help="one JSON object per passage, one per line")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    enclave = Enclave()
    notice = enclave.read_only_notice()
    if notice:
        print(f"enclave: {notice}", file=sys.stderr)
    passages = enclave.search(args.query, k=args.k)
    if args.json:
        for p in passages:
            print(json.dumps({"path": p.path, "page": p.page_start, "page_end": p.page_end, "score": round(p.score, 6),
                              "signals": list(p.signals), "char_start": p.char_start, "char_end": p.char_end,
                              "text": p.text}))
    elif not passages:
        print("no passages found (is anything indexed? see `enclave library`)")
    for rank, p in enumerate(passages if not args.json else [], start=1):
        where = f"{p.path}:{p.page_start}" if p.page_start is not None else p.path
        snippet = " ".join(p.text.split())
        print(f"{rank}. {where}  score {p.score:.4f}  [{'+'.join(p.signals)}]")
        print(f"   {snippet[:240]}{'...' if len(snippet) > 240 else ''}")
    enclave.close()
    return 0
