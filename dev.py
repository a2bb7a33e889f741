#!/usr/bin/env python3
"""Set up Enclave's virtual environment, then run the app or the tests.

    python3 dev.py run    # install what is needed, start Enclave on the embedded model
    python3 dev.py test   # install what is needed, run the whole test suite

Only the standard library is used here, so this works on a fresh machine with
nothing but Python 3.11+. The environment is re-installed only when
pyproject.toml changes; pip's wheel cache keeps the compiled llama-cpp-python.
"""
from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = Path(os.environ.get("ENCLAVE_VENV", ROOT / ".venv"))
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PY = BIN / ("python.exe" if os.name == "nt" else "python")


def _stamp(extras: str) -> str:
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    return f"{digest}:{extras}"


def ensure_env(extras: str) -> None:
    """Create the venv and install the project (editable) when it is missing or stale."""
    if not PY.exists():
        print(f"[dev] creating virtual environment in {VENV}", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    stamp_file = VENV / ".enclave-installed"
    wanted = _stamp(extras)
    if stamp_file.exists():
        digest, _, installed = stamp_file.read_text().partition(":")
        if digest == wanted.partition(":")[0] and (not extras or extras == installed):
            return
    env = dict(os.environ)
    # Enclave never uses llama.cpp's multimodal tools; skipping them halves the build.
    env.setdefault("CMAKE_ARGS", "-DLLAVA_BUILD=OFF")
    print("[dev] installing Enclave and its dependencies (the first build of "
          "llama-cpp-python compiles llama.cpp: 8-15 minutes on 2 cores)", flush=True)
    subprocess.run([str(PY), "-m", "pip", "install", "--quiet", "--upgrade", "pip"], check=True, env=env)
    target = f".[{extras}]" if extras else "."
    subprocess.run([str(PY), "-m", "pip", "install", "--quiet", "-e", target], check=True, env=env, cwd=ROOT)
    stamp_file.write_text(wanted)


def main(argv: list[str]) -> int:
    command = argv[0] if argv else "run"
    rest = argv[1:]
    if command == "run":
        ensure_env("")
        return subprocess.call([str(BIN / "enclave"), *rest])
    if command == "test":
        ensure_env("test")
        env = dict(os.environ)
        env.setdefault("QT_QPA_PLATFORM", "offscreen")
        return subprocess.call([str(PY), "-m", "pytest", *rest], cwd=ROOT, env=env)
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
