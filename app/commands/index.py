"""`enclave index PATH...`: add files and folders to the library (progress on stderr).

`--watch` keeps the folders indexed as they change until Ctrl-C.
"""
from __future__ import annotations

import argparse
import sys
import threading

from agents.api import Cancelled, CancelToken, Enclave, IndexProgress


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("index", help="index files and folders into the document library")
    parser.add_argument("paths", nargs="+", metavar="PATH", help="files or folders (folders are indexed recursively)")
    parser.add_argument("--watch", action="store_true", help="keep watching the folders and re-index changes until Ctrl-C")
    parser.add_argument("--quiet", action="store_true", help="no progress bar; only the summary")
    parser.set_defaults(func=run)


def _bar(done: int, total: int, current: str, width: int = 28) -> str:
    filled = int(width * done / total) if total else width
    name = current.replace("\\", "/").rsplit("/", 1)[-1][:40]
    return f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} {name:<40}"


def report(progress: IndexProgress, quiet: bool, counts: dict[str, int]) -> None:
    """Print one progress step to stderr; failures get their own line with the reason."""
    record = progress.record
    if record is not None:
        counts[record.status.value] = counts.get(record.status.value, 0) + 1
        if record.status.value == "failed":
            clear = f"\r{' ' * 80}\r" if not quiet and sys.stderr.isatty() else ""
            print(f"{clear}failed: {record.path}: {record.reason}", file=sys.stderr)
        elif record.reason:           # indexed with a remark: "pages 3, 7: no text found"
            clear = f"\r{' ' * 80}\r" if not quiet and sys.stderr.isatty() else ""
            print(f"{clear}note: {record.path}: {record.reason}", file=sys.stderr)
    if not quiet and sys.stderr.isatty():
        name = f"{progress.current} ({progress.detail})" if progress.detail else progress.current
        print(_bar(progress.done, progress.total, name), end="", file=sys.stderr, flush=True)


def waiting(pid: int | None) -> None:
    """Told once when another process is writing the library: this one waits its turn."""
    who = f"Enclave (pid {pid})" if pid else "another Enclave process"
    print(f"the library is being indexed by {who}; waiting for it to finish (Ctrl-C to stop)", file=sys.stderr)


def run(args: argparse.Namespace) -> int:
    enclave = Enclave()
    cancel = CancelToken()
    counts: dict[str, int] = {}
    try:
        for progress in enclave.index(args.paths, cancel=cancel, on_wait=waiting):
            report(progress, args.quiet, counts)
    except (KeyboardInterrupt, Cancelled):
        print("\nindexing cancelled; finished documents are kept, run the command again to resume", file=sys.stderr)
        enclave.close()
        return 130
    if not args.quiet and sys.stderr.isatty():
        print(file=sys.stderr)
    summary = ", ".join(f"{n} {status}" for status, n in sorted(counts.items())) or "nothing to index"
    print(f"indexed: {summary}", file=sys.stderr)
    if args.watch:
        _watch(enclave, args)
    enclave.close()
    return 1 if counts.get("failed") and not counts.get("indexed") else 0


def _watch(enclave: Enclave, args: argparse.Namespace) -> None:
    from pathlib import Path


    folders = [p for p in args.paths if Path(p).is_dir()]
    if not folders:
        print("--watch needs at least one folder", file=sys.stderr)
        return
    watcher = enclave.watch(folders, on_progress=lambda p: p.record and print(
        f"{p.record.status.value}: {p.record.path}{' (' + p.record.reason + ')' if p.record.reason else ''}", file=sys.stderr))
    print(f"watching {', '.join(folders)} (Ctrl-C to stop)", file=sys.stderr)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        pass
    finally:
        if watcher is not None:
            watcher.stop()
