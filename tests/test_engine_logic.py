"""Engine logic without a model: build flags, CPU diagnosis, crash descriptions, the wire format."""
from __future__ import annotations

import importlib.util
import io
import signal
from pathlib import Path

import pytest

from agents.engine.diagnosis import (SelfCheckRecord, build_features, crash_advice, describe_build,
                                     missing_features, signal_description)
from agents.engine.protocol import read_message, write_message

ROOT = Path(__file__).resolve().parent.parent
PORTABLE_INFO = "CPU : SSE3 = 1 | SSSE3 = 1 | AVX = 1 | AVX2 = 1 | F16C = 1 | FMA = 1 | BMI2 = 1 | AVX512 = 0 | LLAMAFILE = 1 | REPACK = 1 |"
AMX_INFO = PORTABLE_INFO.replace("AVX512 = 0", "AVX512 = 1 | AVX512_VNNI = 1 | AMX_INT8 = 1")


def dev_module():
    spec = importlib.util.spec_from_file_location("enclave_dev", ROOT / "dev.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_default_build_is_portable_and_never_amx(monkeypatch):
    dev = dev_module()
    monkeypatch.delenv("CMAKE_ARGS", raising=False)
    monkeypatch.delenv("ENCLAVE_NATIVE_BUILD", raising=False)
    monkeypatch.setattr(dev.platform, "machine", lambda: "x86_64")
    flags = dev.llama_cmake_args()
    assert "-DGGML_NATIVE=OFF" in flags and "-DGGML_AVX2=ON" in flags and "-DLLAVA_BUILD=OFF" in flags
    assert "-DGGML_AVX512=OFF" in flags and "-DGGML_AMX_INT8=OFF" in flags and "AMX_INT8=ON" not in flags
    monkeypatch.setattr(dev.platform, "machine", lambda: "arm64")
    assert dev.llama_cmake_args() == "-DLLAVA_BUILD=OFF -DGGML_NATIVE=OFF"
    monkeypatch.setenv("ENCLAVE_NATIVE_BUILD", "1")
    assert "-DGGML_NATIVE=ON" in dev.llama_cmake_args()
    monkeypatch.setenv("CMAKE_ARGS", "-DGGML_CUDA=ON")
    assert dev.llama_cmake_args() == "-DGGML_CUDA=ON"


def test_wheels_built_with_other_flags_never_mix(monkeypatch, tmp_path):
    dev = dev_module()
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    portable = dev.wheel_cache_dir("-DGGML_NATIVE=OFF")
    native = dev.wheel_cache_dir("-DGGML_NATIVE=ON")
    assert portable != native and portable.parent == native.parent == tmp_path / "enclave" / "llama-wheels"


def test_build_features_and_what_this_cpu_lacks():
    assert {"AVX2", "FMA", "LLAMAFILE"} <= build_features(PORTABLE_INFO) and "AVX512" not in build_features(PORTABLE_INFO)
    old_cpu = {"sse", "sse2", "pni", "ssse3", "avx"}
    assert missing_features(PORTABLE_INFO, old_cpu) == ["AVX2", "BMI2", "F16C", "FMA"]
    assert missing_features(PORTABLE_INFO, None) == []
    assert describe_build(PORTABLE_INFO) == "AVX, AVX2, FMA, F16C"


def test_crash_advice_names_the_cause():
    haswell = {"pni", "ssse3", "avx", "avx2", "f16c", "fma", "bmi2"}
    assert "AVX2" in crash_advice(PORTABLE_INFO, {"pni", "ssse3", "avx"}, "m") and "dev.py" in crash_advice(
        PORTABLE_INFO, {"pni", "ssse3", "avx"}, "m")
    sapphire = haswell | {"avx512f", "avx512_vnni", "amx_int8"}
    assert "AMX" in crash_advice(AMX_INFO, sapphire, "m") and "#20824" in crash_advice(AMX_INFO, sapphire, "m")
    assert "may be damaged" in crash_advice(PORTABLE_INFO, haswell, "Qwen 3B")


def test_signal_descriptions():
    assert signal_description(-signal.SIGSEGV).startswith("SIGSEGV (segmentation fault")
    assert signal_description(-signal.SIGKILL).startswith("SIGKILL")
    assert signal_description(3) == "exit code 3"


def test_the_self_check_is_remembered_per_model_and_build(tmp_path):
    model = tmp_path / "m.gguf"
    model.write_bytes(b"GGUF")
    record = SelfCheckRecord(tmp_path / "checks.json")
    key = SelfCheckRecord.key(model, PORTABLE_INFO, "0.3.36")
    assert not record.passed(key)
    record.remember(key, "m")
    assert record.passed(key) and not record.passed(SelfCheckRecord.key(model, AMX_INFO, "0.3.36"))
    (tmp_path / "checks.json").write_text("{broken")
    assert not record.passed(key)          # a damaged record only means the check runs again


def test_the_wire_keeps_document_text_as_data():
    buffer = io.BytesIO()
    text = 'line one\n{"op": "crash"}\n<|im_end|> ünïcode'
    write_message(buffer, {"id": 1, "token": text})
    buffer.seek(0)
    assert read_message(buffer) == {"id": 1, "token": text}
    assert read_message(buffer) is None
    with pytest.raises(ValueError):
        read_message(io.BytesIO(b"[1, 2]\n"))
