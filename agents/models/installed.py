"""The models on this computer: the downloaded files in `<data folder>/models/`, and the check that a GGUF
the user brings (a file chosen or dropped on the window) can run here.

Why check before switching: llama.cpp answers a file it cannot run with a bare "failed to load
model" in the engine process; here the user learns which of the three things is wrong — the file
is not a GGUF (or is truncated), its architecture is unknown to the bundled llama.cpp (a newer
model than this build), or it has no chat template (a base model, not an instruct one).
"""
from __future__ import annotations

import importlib.util
from functools import lru_cache
from pathlib import Path

from agents.engine.gguf import GGUFError, GGUFInfo, read_gguf_info

MODELS_FOLDER = "models"


class ModelFileError(GGUFError):
    """The file is a model Enclave cannot run; the message says why and what to do."""


def models_dir(home: Path) -> Path:
    return home / MODELS_FOLDER


def downloaded_files(home: Path) -> list[Path]:
    """Complete model files in the models folder (partial downloads end in .part and are not listed)."""
    folder = models_dir(home)
    return sorted(p for p in folder.glob("*.gguf") if p.is_file()) if folder.is_dir() else []


@lru_cache(maxsize=1)
def _llama_library() -> bytes:
    """The bundled llama.cpp library's bytes (its architecture names are C strings in it); b"" if not found."""
    spec = importlib.util.find_spec("llama_cpp")
    for folder in (spec.submodule_search_locations or []) if spec else []:
        for name in ("libllama.so", "libllama.dylib", "llama.dll"):
            candidate = Path(folder) / "lib" / name
            if candidate.exists():
                return candidate.read_bytes()
    return b""


def architecture_known(architecture: str) -> bool | None:
    """Does the bundled llama.cpp know this architecture? None when its library cannot be read (not checked).

    The names are NUL-terminated strings in the library; the linker may share a name's bytes with the
    end of a longer one ("rwkv6qwen2" holds "qwen2"), so only the end is matched.
    """
    library = _llama_library()
    if not library:
        return None
    return architecture.encode("utf-8") + b"\0" in library and len(architecture) >= 2


def check_model_file(path: str | Path) -> GGUFInfo:
    """Header, architecture and chat template; raise ModelFileError (or GGUFError) with the reason."""
    path = Path(path).expanduser()
    if path.suffix.lower() == ".part":
        raise ModelFileError(f"{path}: is an unfinished download; finish it with `enclave models get`")
    info = read_gguf_info(path)
    if architecture_known(info.architecture) is False:
        raise ModelFileError(f"{path}: its architecture '{info.architecture}' is unknown to the llama.cpp bundled "
                             "with this Enclave (a newer model than this build); update Enclave or choose another "
                             "model")
    if not info.chat_template:
        raise ModelFileError(f"{path}: has no chat template in its metadata, so it is probably a base model, not "
                             "an instruct (chat) model; choose the '-Instruct' GGUF of this model")
    return info


def remove_download(home: Path, file: str) -> list[Path]:
    """Delete a downloaded model and any partial download of it; returns what was removed."""
    folder = models_dir(home)
    removed = []
    for path in (folder / file, folder / f"{file}.part", folder / f"{file}.part.json"):
        if path.exists():
            path.unlink()
            removed.append(path)
    return removed
