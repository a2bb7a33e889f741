"""The installed llama.cpp is the portable build: no AMX and no AVX-512 instructions in its CPU kernels.

A wheel built here travels (pip's cache, the PyInstaller bundle) to other CPUs: an AVX-512
instruction dies with SIGILL on CPUs without it, and the AMX kernels crash on Intel Xeons that
have AMX (llama.cpp #20824). Checked on the machine code itself, where the platform allows.
"""
from __future__ import annotations

import importlib.util
import os
import platform
import re
import shutil
import subprocess
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(
    platform.system() != "Linux" or platform.machine() not in ("x86_64", "AMD64") or shutil.which("objdump") is None
    or bool(os.environ.get("CMAKE_ARGS")) or os.environ.get("ENCLAVE_NATIVE_BUILD") == "1",
    reason="checks the default portable x86-64 Linux build with binutils' objdump")

AMX = re.compile(r"\b(tdpb[su][su]d|tdpbf16ps|tileloadd|tileloaddt1|tilestored|ldtilecfg|sttilecfg|tilezero)\b")
AVX512 = re.compile(r"%zmm\d+|%k[1-7]\b")


def cpu_kernels() -> list[Path]:
    spec = importlib.util.find_spec("llama_cpp")
    assert spec is not None and spec.submodule_search_locations
    lib = Path(next(iter(spec.submodule_search_locations))) / "lib"
    found = sorted(p for p in lib.glob("libggml-cpu*.so*") if p.is_file() and not p.is_symlink())
    return found or sorted(p for p in lib.glob("libllama.so*") if p.is_file() and not p.is_symlink())


def test_the_cpu_kernels_use_avx2_but_no_amx_and_no_avx512():
    for library in cpu_kernels():
        code = subprocess.run(["objdump", "-d", "--no-show-raw-insn", str(library)], capture_output=True, text=True,
                              check=True).stdout
        assert "%ymm" in code, f"{library.name}: no AVX2 code at all (an unexpectedly slow build)"
        assert not AMX.search(code), f"{library.name} contains AMX instructions"
        assert not AVX512.search(code), f"{library.name} contains AVX-512 instructions"
