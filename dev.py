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
import platform
import re
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = Path(os.environ.get("ENCLAVE_VENV", ROOT / ".venv"))
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PY = BIN / ("python.exe" if os.name == "nt" else "python")


# llama.cpp build flags. The default is portable: no tuning to the CPU that compiles it, and
# no AMX kernels (they segfault on Intel CPUs with AMX, llama.cpp #20824). On x86-64 the
# baseline is x86-64-v3 (AVX2, FMA, F16C, BMI2: every x86-64 CPU since 2013-2015); the engine's
# self-check names the missing features on an older CPU. ENCLAVE_NATIVE_BUILD=1 opts into a
# build tuned to this machine; CMAKE_ARGS, when set, is used exactly as given.
PORTABLE_X86_64 = ("-DGGML_NATIVE=OFF -DGGML_SSE42=ON -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON "
                   "-DGGML_F16C=ON -DGGML_BMI2=ON -DGGML_AVX512=OFF -DGGML_AVX_VNNI=OFF "
                   "-DGGML_AMX_TILE=OFF -DGGML_AMX_INT8=OFF -DGGML_AMX_BF16=OFF")
SKIP_MULTIMODAL = "-DLLAVA_BUILD=OFF"  # Enclave never uses llama.cpp's multimodal tools


def llama_cmake_args() -> str:
    """The CMake flags llama-cpp-python is compiled with (see PORTABLE_X86_64)."""
    if os.environ.get("CMAKE_ARGS"):
        return os.environ["CMAKE_ARGS"]
    if os.environ.get("ENCLAVE_NATIVE_BUILD") == "1":
        return f"{SKIP_MULTIMODAL} -DGGML_NATIVE=ON"
    if platform.machine().lower() in ("x86_64", "amd64"):
        return f"{SKIP_MULTIMODAL} {PORTABLE_X86_64}"
    return f"{SKIP_MULTIMODAL} -DGGML_NATIVE=OFF"  # ARM64, macOS: the compiler's baseline


def llama_version() -> str:
    """The llama-cpp-python version pinned in pyproject.toml."""
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    match = re.search(r'"llama-cpp-python==([^"]+)"', text)
    if not match:
        raise SystemExit("[dev] pyproject.toml must pin llama-cpp-python==VERSION")
    return match.group(1)


def wheel_cache_dir(cmake_args: str) -> Path:
    """Our own wheel folder, keyed by version and build flags.

    pip's wheel cache keys a built sdist by its download link only, so a wheel built once with
    other flags (say, tuned to this CPU) would be reused silently; this folder cannot mix them up.
    """
    base = os.environ.get("XDG_CACHE_HOME") or (os.environ.get("LOCALAPPDATA") if os.name == "nt" else None)
    root = Path(base) if base else Path.home() / ".cache"
    key = f"{llama_version()}|{cmake_args}|{sys.version_info[:2]}|{platform.machine()}|{sys.platform}"
    return root / "enclave" / "llama-wheels" / hashlib.sha256(key.encode()).hexdigest()[:16]


def ensure_llama_wheel(env: dict[str, str]) -> Path:
    """Build (once per flag set) and return the llama-cpp-python wheel."""
    cmake_args = llama_cmake_args()
    folder = wheel_cache_dir(cmake_args)
    wheels = sorted(folder.glob("llama_cpp_python-*.whl"))
    if wheels:
        return wheels[-1]
    folder.mkdir(parents=True, exist_ok=True)
    print(f"[dev] compiling llama.cpp (llama-cpp-python {llama_version()}; {cmake_args}); "
          "8-15 minutes on 2 cores, once per machine", flush=True)
    build_env = dict(env, CMAKE_ARGS=cmake_args)
    subprocess.run([str(PY), "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-cache-dir",
                    "--no-binary", "llama-cpp-python", "-w", str(folder),
                    f"llama-cpp-python=={llama_version()}"], check=True, env=build_env)
    (folder / "CMAKE_ARGS").write_text(cmake_args + "\n", encoding="utf-8")
    wheels = sorted(folder.glob("llama_cpp_python-*.whl"))
    if not wheels:
        raise SystemExit(f"[dev] pip built no llama-cpp-python wheel in {folder}")
    return wheels[-1]


def _stamp(extras: str) -> str:
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes() + llama_cmake_args().encode()).hexdigest()
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
    print("[dev] installing Enclave and its dependencies", flush=True)
    subprocess.run([str(PY), "-m", "pip", "install", "--quiet", "--upgrade", "pip"], check=True, env=env)
    wheel = ensure_llama_wheel(env)
    subprocess.run([str(PY), "-m", "pip", "install", "--quiet", "--force-reinstall", "--no-deps", str(wheel)],
                   check=True, env=env)
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
