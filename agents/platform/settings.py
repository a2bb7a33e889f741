"""Typed user settings stored as JSON in the data folder.

Loading never destroys the file: an unknown key is kept (and reported), an invalid
value is reported and replaced by its default in memory only. Saving is atomic
(write a temporary file, then rename) so a crash never leaves half a file.
"""
from __future__ import annotations

import json
import os
import sys
import tempfile
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any, get_args, get_origin, get_type_hints


def default_quick_query_hotkey(platform: str = sys.platform) -> str:
    """Ctrl+Alt+Space; on macOS Qt's Ctrl is ⌘ and ⌘⌥Space opens Finder's search, so ⌘⇧Space there."""
    return "Ctrl+Shift+Space" if platform == "darwin" else "Ctrl+Alt+Space"


@dataclass
class Settings:
    """Every user-adjustable setting, with its default."""

    # Local model
    model_path: str = ""            # empty: $ENCLAVE_MODEL, else the embedded SmolLM2
    context_size: int = 4096        # n_ctx given to llama.cpp
    threads: int = 0                # 0: the number of physical cores
    max_answer_tokens: int = 384
    temperature: float = 0.2
    answer_style: str = "auto"      # document answers: "quotes" (the model only chooses among spans of the text),
                                    # "write" (it may write one checked sentence), "auto" (write with a model
                                    # over ~1B parameters or your own server; agents/answers/style.py)
    # Your own inference server (OpenAI-compatible: llama-server, Ollama, vLLM, LM Studio) instead of the
    # local engine. Off when empty. Full context goes there: only for a server you trust (not the cloud).
    inference_server_url: str = ""
    inference_server_model: str = ""
    # Document library
    embedding_model: str = ""       # empty: the embedded all-MiniLM-L6-v2
    model_entity_extraction: bool = False
    watched_folders: list[str] = field(default_factory=list)
    # Cloud (off until the user configures it; the key lives in the OS keychain only)
    cloud_endpoint: str = ""
    cloud_model: str = ""
    cloud_timeout_s: float = 60.0   # the longest one cloud exchange may take, end to end
    cloud_model_detection: bool = False   # also ask the local model for names before sending (slower)
    cloud_offer: str = "offer"      # hard requests: "never" offer the cloud, "offer" after the local answer,
                                    # or "ask_first" before answering locally (only with an endpoint set)
    # Desktop
    close_to_tray: bool = True
    quick_query_hotkey: str = field(default_factory=default_quick_query_hotkey)
                                    # system-wide where the platform allows; empty: off
    theme: str = "system"           # "system" follows the desktop's light/dark scheme, or "light", "dark"


_BOUNDS: dict[str, tuple[float, float]] = {
    "context_size": (512, 131072),
    "threads": (0, 256),
    "max_answer_tokens": (16, 8192),
    "temperature": (0.0, 2.0),
    "cloud_timeout_s": (1.0, 600.0),
}


_CHOICES: dict[str, tuple[str, ...]] = {
    "cloud_offer": ("never", "offer", "ask_first"),
    "theme": ("system", "light", "dark"),
    "answer_style": ("auto", "quotes", "write"),
}


@dataclass
class LoadedSettings:
    settings: Settings
    problems: list[str]            # human-readable, one per key that was ignored


def _check_value(name: str, expected: Any, value: Any) -> str | None:
    """Return why `value` does not fit the field, or None when it fits."""
    origin = get_origin(expected)
    if origin is list:
        (item_type,) = get_args(expected)
        if not isinstance(value, list) or not all(isinstance(v, item_type) for v in value):
            return f"expected a list of {item_type.__name__}"
        return None
    if expected is float and isinstance(value, int) and not isinstance(value, bool):
        value = float(value)
    if expected is int and isinstance(value, bool) or not isinstance(value, expected):
        return f"expected {expected.__name__}, got {type(value).__name__} {value!r}"
    if name in _CHOICES and value not in _CHOICES[name]:
        return f"must be one of {', '.join(_CHOICES[name])}, got {value!r}"
    if name in _BOUNDS:
        low, high = _BOUNDS[name]
        if not low <= value <= high:
            return f"must be between {low:g} and {high:g}, got {value!r}"
    return None


def settings_from_dict(raw: dict[str, Any]) -> LoadedSettings:
    hints = get_type_hints(Settings)
    known = {f.name for f in fields(Settings)}
    values: dict[str, Any] = {}
    problems: list[str] = []
    for key, value in raw.items():
        if key not in known:
            problems.append(f"unknown setting '{key}' ignored (kept in the file)")
            continue
        why = _check_value(key, hints[key], value)
        if why:
            problems.append(f"setting '{key}' {why}; using the default")
            continue
        values[key] = float(value) if hints[key] is float else value
    return LoadedSettings(Settings(**values), problems)


def load_settings(path: Path) -> LoadedSettings:
    """Read settings; a missing file gives the defaults, a broken one gives defaults and a message."""
    if not path.exists():
        return LoadedSettings(Settings(), [])
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        return LoadedSettings(Settings(), [f"settings file {path} could not be read ({exc}); using defaults, file left as it is"])
    if not isinstance(raw, dict):
        return LoadedSettings(Settings(), [f"settings file {path} does not hold a JSON object; using defaults, file left as it is"])
    return settings_from_dict(raw)


def save_settings(path: Path, settings: Settings) -> None:
    """Write settings atomically, keeping keys this version does not know."""
    existing: dict[str, Any] = {}
    if path.exists():
        try:
            loaded = json.loads(path.read_text(encoding="utf-8"))
            existing = loaded if isinstance(loaded, dict) else {}
        except (OSError, UnicodeDecodeError, json.JSONDecodeError):
            existing = {}
    existing.update(asdict(settings))
    atomic_write_text(path, json.dumps(existing, indent=2, sort_keys=True) + "\n")


def atomic_write_text(path: Path, text: str) -> None:
    """Replace `path` with `text` so a reader sees either the old or the new file, never half."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
