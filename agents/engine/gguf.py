"""Read a GGUF file's header without loading the model.

Why: llama.cpp answers a bad file with a bare "failed to load model". Reading the
header ourselves lets Enclave say exactly what is wrong (missing, not a GGUF,
truncated, unsupported version) and show the model's facts (architecture,
quantization, context length) in `enclave models` and the settings dialog.
"""
from __future__ import annotations

import re
import struct
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO
from rag.errors import UserError

GGUF_MAGIC = b"GGUF"

# GGUF metadata value types -> struct format for the fixed-size ones.
_SCALARS = {0: "<B", 1: "<b", 2: "<H", 3: "<h", 4: "<I", 5: "<i", 6: "<f", 7: "<?", 10: "<Q", 11: "<q", 12: "<d"}
_STRING, _ARRAY = 8, 9

# ggml tensor type id -> (elements per block, bytes per block).
_TENSOR_BLOCKS = {
    0: (1, 4), 1: (1, 2), 2: (32, 18), 3: (32, 20), 6: (32, 22), 7: (32, 24), 8: (32, 34), 9: (32, 36),
    10: (256, 84), 11: (256, 110), 12: (256, 144), 13: (256, 176), 14: (256, 210), 15: (256, 292),
    16: (256, 66), 17: (256, 74), 18: (256, 98), 19: (256, 50), 20: (32, 18), 21: (256, 110),
    22: (256, 82), 23: (256, 136), 24: (1, 1), 25: (1, 2), 26: (1, 4), 27: (1, 8), 28: (1, 8),
    29: (256, 56), 30: (1, 2), 34: (256, 54), 35: (256, 66), 39: (32, 17),
}

# llama_ftype (general.file_type) -> the quantization name users know.
FILE_TYPES = {
    0: "F32", 1: "F16", 2: "Q4_0", 3: "Q4_1", 7: "Q8_0", 8: "Q5_0", 9: "Q5_1", 10: "Q2_K", 11: "Q3_K_S",
    12: "Q3_K_M", 13: "Q3_K_L", 14: "Q4_K_S", 15: "Q4_K_M", 16: "Q5_K_S", 17: "Q5_K_M", 18: "Q6_K",
    19: "IQ2_XXS", 20: "IQ2_XS", 21: "Q2_K_S", 22: "IQ3_XS", 23: "IQ3_XXS", 24: "IQ1_S", 25: "IQ4_NL",
    26: "IQ3_S", 27: "IQ3_M", 28: "IQ2_S", 29: "IQ2_M", 30: "IQ4_XS", 31: "IQ1_M", 32: "BF16",
    36: "TQ1_0", 37: "TQ2_0", 38: "MXFP4_MOE",
}


class GGUFError(UserError, ValueError):
    """The file is not a usable GGUF model; the message says why, naming the file."""


@dataclass(frozen=True)
class GGUFInfo:
    """The facts about a model file that a user (and the runtime) care about."""

    path: Path
    size_bytes: int
    version: int
    tensor_count: int
    metadata: dict[str, Any] = field(repr=False)
    parameters: int = 0            # weights in all tensors (what "135M" or "3B" in a model's name counts)

    @property
    def architecture(self) -> str:
        return str(self.metadata.get("general.architecture", "unknown"))

    @property
    def name(self) -> str:
        """A readable name: the file's own spelling when it names the model with care ("SmolLM2-135M-Instruct"),
        else the metadata's general.name (which converters often mangle: "Smollm2 135M 8k Lc100K Mix1 Ep2")."""
        stem = re.sub(r"[.-](?:i?q\d\w*|f16|f32|bf16|fp16)$", "", self.path.stem, flags=re.IGNORECASE)
        basename = re.sub(r"[^a-z0-9]", "", str(self.metadata.get("general.basename", "")).lower())
        squashed = re.sub(r"[^a-z0-9]", "", stem.lower())
        if basename and basename in squashed and stem != stem.lower():
            return re.sub(r"[-_]+", " ", stem).strip()
        return str(self.metadata.get("general.name", stem))

    @property
    def quantization(self) -> str:
        file_type = self.metadata.get("general.file_type")
        if file_type is None:
            return "unknown"
        return FILE_TYPES.get(int(file_type), f"type {file_type}")

    @property
    def context_length(self) -> int | None:
        value = self.metadata.get(f"{self.architecture}.context_length")
        return int(value) if value is not None else None

    @property
    def chat_template(self) -> str | None:
        value = self.metadata.get("tokenizer.chat_template")
        return str(value) if value else None


class _Reader:
    def __init__(self, handle: BinaryIO, path: Path, size: int) -> None:
        self.handle, self.path, self.size = handle, path, size

    def read(self, n: int) -> bytes:
        data = self.handle.read(n)
        if len(data) != n:
            raise GGUFError(f"{self.path}: the file is truncated (header ends early at byte {self.handle.tell()}); download it again")
        return data

    def unpack(self, fmt: str) -> Any:
        return struct.unpack(fmt, self.read(struct.calcsize(fmt)))[0]

    def string(self) -> str:
        length = self.unpack("<Q")
        if length > self.size:
            raise GGUFError(f"{self.path}: the header is corrupt (a string claims {length} bytes); download it again")
        return self.read(length).decode("utf-8", errors="replace")

    def value(self, value_type: int) -> Any:
        if value_type in _SCALARS:
            return self.unpack(_SCALARS[value_type])
        if value_type == _STRING:
            return self.string()
        if value_type == _ARRAY:
            item_type, count = self.unpack("<I"), self.unpack("<Q")
            if item_type in _SCALARS:
                width = struct.calcsize(_SCALARS[item_type])
                if count * width > self.size:
                    raise GGUFError(f"{self.path}: the header is corrupt (an array claims {count} items); download it again")
                self.handle.seek(count * width, 1)  # large arrays (token scores) are skipped, not kept
            else:
                if count > self.size:
                    raise GGUFError(f"{self.path}: the header is corrupt (an array claims {count} items); download it again")
                for _ in range(count):
                    self.value(item_type)
            return f"<array of {count}>"
        raise GGUFError(f"{self.path}: the header is corrupt (unknown value type {value_type}); download it again")


def read_gguf_info(path: str | Path) -> GGUFInfo:
    """Parse and sanity-check a GGUF file; raise GGUFError with a specific reason."""
    path = Path(path).expanduser()
    if not path.exists():
        raise GGUFError(f"{path}: model file not found; check the path in settings or $ENCLAVE_MODEL")
    if path.is_dir():
        raise GGUFError(f"{path}: is a folder, not a GGUF model file")
    size = path.stat().st_size
    if size == 0:
        raise GGUFError(f"{path}: the model file is empty (0 bytes); download it again")
    try:
        handle = path.open("rb")
    except OSError as exc:
        raise GGUFError(f"{path}: cannot be read ({exc.strerror})") from exc
    with handle:
        reader = _Reader(handle, path, size)
        magic = handle.read(4)
        if magic != GGUF_MAGIC:
            raise GGUFError(f"{path}: not a GGUF model (starts with {magic!r}, expected b'GGUF'); "
                            "Enclave runs llama.cpp models in GGUF format")
        version = reader.unpack("<I")
        if version not in (2, 3):
            raise GGUFError(f"{path}: GGUF version {version} is not supported (expected 2 or 3)")
        tensor_count, kv_count = reader.unpack("<Q"), reader.unpack("<Q")
        if tensor_count > size or kv_count > size:
            raise GGUFError(f"{path}: the header is corrupt (implausible counts); download it again")
        metadata: dict[str, Any] = {}
        for _ in range(kv_count):
            key = reader.string()
            metadata[key] = reader.value(reader.unpack("<I"))
        needed = parameters = 0
        tensor_ends: list[int] = []
        for _ in range(tensor_count):
            reader.string()
            n_dims = reader.unpack("<I")
            if n_dims > 8:
                raise GGUFError(f"{path}: the header is corrupt (a tensor with {n_dims} dimensions); download it again")
            elements = 1
            for _ in range(n_dims):
                elements *= reader.unpack("<Q")
            parameters += elements
            tensor_type, offset = reader.unpack("<I"), reader.unpack("<Q")
            block, nbytes = _TENSOR_BLOCKS.get(tensor_type, (1, 0))
            tensor_ends.append(offset + (elements // block) * nbytes)
        alignment = int(metadata.get("general.alignment", 32)) or 32
        data_start = -(-handle.tell() // alignment) * alignment
        needed = data_start + max(tensor_ends, default=0)
    if needed > size:
        raise GGUFError(f"{path}: the file is truncated ({size:,} bytes, the model needs {needed:,}); download it again")
    return GGUFInfo(path=path, size_bytes=size, version=version, tensor_count=tensor_count, metadata=metadata,
                    parameters=parameters)
