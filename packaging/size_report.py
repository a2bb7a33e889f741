#!/usr/bin/env python3
"""Where the bundle's bytes go: its biggest parts and the totals, optionally beside an older bundle.

    python3 packaging/size_report.py dist/enclave                      # the 15 biggest parts + totals
    python3 packaging/size_report.py dist/enclave --before old/enclave # before/after, as a Markdown table

A part is one top-level entry of the app's library folder (PyInstaller's `_internal`: a package
folder such as `PySide6/`, or one loose library such as `libpython3.11.so.1.0`); the launchers
beside it and all the `*.dist-info` folders are one part each. Sizes are bytes of regular files
(symbolic links are not counted twice), in MiB. build.py prints this after every build.
Standard library only, like build.py.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

MIB = 2 ** 20
LAUNCHERS = "(launcher + its Python code archive)"
METADATA = "(*.dist-info metadata)"


def _bytes(path: Path) -> int:
    if path.is_symlink():
        return 0
    if path.is_file():
        return path.stat().st_size
    return sum(p.lstat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


def library_folder(bundle: Path) -> Path:
    """The folder holding the app's packages: `_internal` (Linux, Windows), `Contents/Frameworks` (macOS)."""
    for candidate in (bundle / "_internal", bundle / "Contents" / "Frameworks"):
        if candidate.is_dir():
            return candidate
    return bundle


def parts(bundle: Path) -> dict[str, int]:
    """Bytes per part of `bundle`, biggest first."""
    library = library_folder(bundle)
    sizes: dict[str, int] = {}
    for entry in library.iterdir():
        name = METADATA if entry.name.endswith(".dist-info") else entry.name + ("/" if entry.is_dir() else "")
        sizes[name] = sizes.get(name, 0) + _bytes(entry)
    outside = sum(_bytes(p) for p in bundle.rglob("*") if p.is_file() and library not in p.parents)
    if outside:
        sizes[LAUNCHERS] = outside
    return dict(sorted(sizes.items(), key=lambda item: (-item[1], item[0])))


def report(sizes: dict[str, int], top: int = 15) -> str:
    """The `top` biggest parts, the rest in one line, and the total."""
    total = sum(sizes.values())
    lines = [f"{'part':44s} {'MiB':>8s} {'share':>6s}"]
    for name, size in list(sizes.items())[:top]:
        lines.append(f"{name:44s} {size / MIB:8.1f} {100 * size / max(total, 1):5.1f}%")
    rest = list(sizes.values())[top:]
    if rest:
        lines.append(f"{f'({len(rest)} smaller parts)':44s} {sum(rest) / MIB:8.1f} {100 * sum(rest) / max(total, 1):5.1f}%")
    lines.append(f"{'total unpacked':44s} {total / MIB:8.1f}")
    return "\n".join(lines)


def compare(before: dict[str, int], after: dict[str, int], top: int = 15) -> str:
    """A Markdown table: the parts that are biggest in either bundle, before and after, and the totals."""
    names = sorted(set(list(before)[:top]) | set(list(after)[:top]),
                   key=lambda n: -max(before.get(n, 0), after.get(n, 0)))
    rows = ["| part | before MiB | after MiB |", "|---|---:|---:|"]
    for name in names:
        rows.append(f"| {name} | {before.get(name, 0) / MIB:.1f} | {after.get(name, 0) / MIB:.1f} |")
    shown = set(names)
    rest_before = sum(v for k, v in before.items() if k not in shown)
    rest_after = sum(v for k, v in after.items() if k not in shown)
    rows.append(f"| everything else | {rest_before / MIB:.1f} | {rest_after / MIB:.1f} |")
    rows.append(f"| **total unpacked** | **{sum(before.values()) / MIB:.1f}** | **{sum(after.values()) / MIB:.1f}** |")
    return "\n".join(rows)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("bundle", type=Path, help="the built app folder (dist/enclave, dist/Enclave.app)")
    parser.add_argument("--before", type=Path, help="an older build of the bundle to compare with")
    parser.add_argument("--top", type=int, default=15, help="how many parts to name (default 15)")
    args = parser.parse_args(argv)
    for folder in filter(None, (args.bundle, args.before)):
        if not folder.is_dir():
            print(f"size_report: {folder} is not a built app folder", file=sys.stderr)
            return 2
    after = parts(args.bundle)
    print(compare(parts(args.before), after, args.top) if args.before else report(after, args.top))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
