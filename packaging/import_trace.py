#!/usr/bin/env python3
"""Which parts of the built bundle the app never imports: runs the smoke test from source and traces imports.

    python3 packaging/import_trace.py [--bundle dist/enclave] [--skip-gui]   (run with the project's venv python)

The smoke test's steps (doctor, index, ask, the window, "Open with") run on this checkout with the
venv's Python, through packaging/enclave_entry.py as the bundle runs them. A `sitecustomize` put on
PYTHONPATH records every module each Python process asks for (the app, the engine child, the loader
processes), at the moment it is asked, so a process that is killed still counts. Then each part
of the bundle (size_report.parts) is matched with the top-level modules imported: a package folder
nobody imported is a candidate to exclude, to be confirmed by rebuilding and re-running the smoke
test (data folders and `.libs` folders of shared libraries are never imported by name; they are
listed apart). Standard library only.
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
import size_report  # noqa: E402
import smoke_test  # noqa: E402

SITECUSTOMIZE = '''import os, sys
class _ImportTrace:
    """Notes each module name the first time a process asks for it (then lets the real finders work)."""
    def __init__(self, path):
        self.file = open(path, "a", buffering=1, encoding="utf-8")
    def find_spec(self, name, path=None, target=None):
        self.file.write(name + "\\n")
        return None
sys.meta_path.insert(0, _ImportTrace(os.path.join(os.environ["ENCLAVE_IMPORT_TRACE"], f"{os.getpid()}.txt")))
'''


def traced_launcher(folder: Path, trace: Path) -> Path:
    """A stand-in `enclave` binary that runs this checkout's entry point with the import trace on."""
    (folder / "site").mkdir(parents=True)
    (folder / "site" / "sitecustomize.py").write_text(SITECUSTOMIZE)
    launcher = folder / "bundle" / "enclave"
    launcher.parent.mkdir()
    launcher.write_text(f"#!/bin/sh\nexport ENCLAVE_IMPORT_TRACE='{trace}' PYTHONPATH='{folder / 'site'}:{ROOT}'\n"
                        f"exec '{sys.executable}' '{HERE / 'enclave_entry.py'}' \"$@\"\n")
    launcher.chmod(0o755)
    return launcher


def imported_modules(trace: Path) -> set[str]:
    return {line for f in trace.glob("*.txt") for line in f.read_text().split()}


def unused_python_code(pyz_toc: Path, imported: set[str], min_bytes: int = 256 * 1024) -> dict[str, int]:
    """Source bytes of the archived Python modules nobody imported, per package and subpackage."""
    import ast
    from collections import Counter

    entries = ast.literal_eval(pyz_toc.read_text())[1]         # (name, source path, kind)
    unused: Counter = Counter()
    for name, source, _kind in entries:
        if name not in imported and Path(source).is_file():
            unused[".".join(name.split(".")[:2])] += Path(source).stat().st_size
    return {name: size for name, size in unused.most_common() if size >= min_bytes}


def never_imported(parts: dict[str, int], imported: set[str]) -> dict[str, int]:
    """Parts of the bundle whose module name no process asked for (launchers and metadata left out)."""
    out = {}
    for name, size in parts.items():
        module = name.rstrip("/").split(".")[0] if name.endswith("/") or name.endswith((".so", ".pyd")) else None
        if module and module not in imported and not name.startswith("("):
            out[name] = size
    return out


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bundle", type=Path, default=ROOT / "dist" / "enclave", help="the built app folder")
    parser.add_argument("--skip-gui", action="store_true", help="CLI steps only (no Xvfb)")
    parser.add_argument("--pyz-toc", type=Path, default=ROOT / "build" / "pyinstaller" / "enclave" / "PYZ-00.toc",
                        help="PyInstaller's list of the archived Python modules (from the same build)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="enclave-trace-") as scratch:
        trace = Path(scratch) / "trace"
        trace.mkdir()
        launcher = traced_launcher(Path(scratch), trace)
        smoke_test.main(["--bundle", str(launcher.parent), "--out", str(Path(scratch) / "out"), "--warm"]
                        + (["--skip-gui"] if args.skip_gui else []))
        imported = imported_modules(trace)
        processes = len(list(trace.glob("*.txt")))
    unused = never_imported(size_report.parts(args.bundle), {name.split(".")[0] for name in imported})
    print(f"\n{len(imported)} modules imported by {processes} processes; bundle parts never imported:")
    for name, size in unused.items():
        kind = "shared libraries or data" if name.endswith(".libs/") or "." in name.rstrip("/") else "package"
        print(f"  {name:40s} {size / size_report.MIB:7.1f} MiB  ({kind})")
    print(f"  {'total':40s} {sum(unused.values()) / size_report.MIB:7.1f} MiB")
    if args.pyz_toc.is_file():
        print("Python code in the archive never imported (source MiB, packages and subpackages of 0.25 MiB or more):")
        for name, size in unused_python_code(args.pyz_toc, imported).items():
            print(f"  {name:40s} {size / size_report.MIB:7.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
