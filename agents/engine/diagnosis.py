"""What the engine knows about this CPU and this llama.cpp build, and what to say when it crashes.

A llama.cpp compiled for other CPU features than the machine has (an AVX-512 build on an
AVX2-only CPU, AMX kernels on a Sapphire Rapids Xeon, llama.cpp #20824) dies in native code.
The engine child contains the damage; this module turns it into words a user can act on,
and remembers which (model, build, CPU) combinations already passed the first-run self-check.
"""
from __future__ import annotations

import hashlib
import json
import os
import platform
import re
import subprocess
from pathlib import Path

from agents.platform.settings import atomic_write_text

# llama.cpp's feature name -> the Linux /proc/cpuinfo flag that must be present for it.
_CPU_FLAG_FOR = {
    "SSE3": "pni", "SSSE3": "ssse3", "AVX": "avx", "AVX2": "avx2", "F16C": "f16c", "FMA": "fma",
    "BMI2": "bmi2", "AVX_VNNI": "avx_vnni", "AVX512": "avx512f", "AVX512_VBMI": "avx512vbmi",
    "AVX512_VNNI": "avx512_vnni", "AVX512_BF16": "avx512_bf16", "AMX_INT8": "amx_int8",
}
REBUILD_PORTABLE = ("rebuild it portably: delete the folder ~/.cache/enclave/llama-wheels and .venv, "
                    "then run `python3 dev.py run` (it builds for any x86-64 CPU since 2015, without AMX)")
REBUILD_NATIVE = "or build it for this CPU: `ENCLAVE_NATIVE_BUILD=1 python3 dev.py run` after deleting .venv"


def build_features(system_info: str) -> set[str]:
    """The features llama.cpp was compiled with, from `llama_print_system_info()` ("AVX2 = 1 | ...")."""
    return {name for name, value in re.findall(r"([A-Z][A-Z0-9_]*) = (\d+)", system_info) if value != "0"}


def cpu_flags() -> set[str] | None:
    """This CPU's feature flags (lower case, Linux names), or None where the OS does not tell."""
    try:
        text = Path("/proc/cpuinfo").read_text(encoding="utf-8", errors="replace")
    except OSError:
        text = ""
    for line in text.splitlines():
        if line.startswith(("flags", "Features")):
            return set(line.partition(":")[2].split())
    if platform.system() == "Darwin":
        try:
            out = subprocess.run(["sysctl", "-n", "machdep.cpu.features", "machdep.cpu.leaf7_features"],
                                 capture_output=True, text=True, timeout=5).stdout
        except (OSError, subprocess.SubprocessError):
            return None
        flags = {word.lower().replace(".", "_") for word in out.split()}
        return (flags | {"pni" if "sse3" in flags else ""}) - {""} if flags else None
    return None


def cpu_name() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8", errors="replace").splitlines():
            if line.startswith("model name"):
                return line.partition(":")[2].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def missing_features(system_info: str, flags: set[str] | None) -> list[str]:
    """llama.cpp features this build uses that this CPU lacks (empty when unknown or none)."""
    if flags is None:
        return []
    return sorted(f for f in build_features(system_info) if f in _CPU_FLAG_FOR and _CPU_FLAG_FOR[f] not in flags)


def crash_advice(system_info: str, flags: set[str] | None, model_name: str) -> str:
    """What a user should do after the engine crashed while loading or first running a model."""
    built = build_features(system_info)
    missing = missing_features(system_info, flags)
    if missing:
        return (f"This llama.cpp build uses {', '.join(missing)}, which this CPU ({cpu_name()}) does not have; "
                f"{REBUILD_PORTABLE}.")
    if built & {"AMX_INT8", "AMX_BF16", "AMX_TILE"}:
        return (f"This llama.cpp build contains AMX kernels, which crash on some Intel CPUs (llama.cpp #20824); "
                f"{REBUILD_PORTABLE}.")
    return (f"The model file '{model_name}' may be damaged or use an architecture this llama.cpp does not "
            "support: choose another GGUF file in Settings (or $ENCLAVE_MODEL), and run `enclave doctor`; "
            f"if every model crashes, {REBUILD_PORTABLE}, {REBUILD_NATIVE}.")


def describe_build(system_info: str) -> str:
    """A one-line summary of the SIMD features a build uses, for doctor and crash messages."""
    wanted = [f for f in ("AVX", "AVX2", "FMA", "F16C", "AVX512", "AVX_VNNI", "AMX_INT8", "NEON", "ARM_FMA",
                          "DOTPROD", "SVE", "METAL") if f in build_features(system_info)]
    return ", ".join(wanted) if wanted else "no SIMD extensions"


class SelfCheckRecord:
    """Which (model file, llama.cpp build, CPU) combinations already generated tokens in the child.

    Kept in the data folder, so the check costs a few tokens once per model and machine.
    """

    def __init__(self, path: Path | None) -> None:
        self.path = path

    @staticmethod
    def key(model_path: Path, system_info: str, llama_version: str) -> str:
        try:
            stat = model_path.stat()
            identity = f"{model_path.resolve()}|{stat.st_size}|{int(stat.st_mtime)}"
        except OSError:
            identity = str(model_path)
        parts = [identity, system_info, llama_version, cpu_name(), platform.machine()]
        return hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()[:24]

    def _load(self) -> dict[str, str]:
        if self.path is None or not self.path.exists():
            return {}
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}

    def passed(self, key: str) -> bool:
        return key in self._load()

    def remember(self, key: str, model_name: str) -> None:
        if self.path is None:
            return
        data = self._load()
        data[key] = model_name
        try:
            atomic_write_text(self.path, json.dumps(data, indent=1, sort_keys=True) + "\n")
        except OSError:
            pass   # the check simply runs again next time


def signal_description(returncode: int | None) -> str:
    """'SIGSEGV (segmentation fault)', 'exit code 3', ... for a finished child process."""
    if returncode is None:
        return "no exit status"
    if returncode < 0:
        import signal as signal_module

        try:
            sig = signal_module.Signals(-returncode)
        except ValueError:
            return f"signal {-returncode}"
        text = signal_module.strsignal(sig) if hasattr(signal_module, "strsignal") else None
        return f"{sig.name} ({text.lower()})" if text else sig.name
    if os.name == "nt" and returncode & 0xC0000000 == 0xC0000000:
        return f"Windows exception 0x{returncode & 0xFFFFFFFF:08X}"
    return f"exit code {returncode}"
