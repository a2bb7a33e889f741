"""The embedded model's generation speed on this machine: the yardstick for every catalog estimate.

Measured once (a 48-token answer from SmolLM2-135M in its own engine process, a few seconds) and kept
in `<data folder>/model-speed.json` per CPU and core count, so the catalog opens at once afterwards.
Until it is measured, the design figure of the 2-core reference machine (55 tokens/s) stands in.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from agents.platform.settings import atomic_write_text

SPEED_FILE = "model-speed.json"
DESIGN_TPS = 55.0            # SmolLM2-135M Q4_1 on the 2-core reference machine (docs: DESIGN's costs)
PROMPT = [{"role": "user", "content": "Count from one to thirty in words, separated by commas."}]
TOKENS = 48


@dataclass(frozen=True)
class Reference:
    tokens_per_s: float
    model_bytes: int
    measured: bool


def _key() -> str:
    from agents.engine.diagnosis import cpu_name
    from agents.engine.runtime import physical_cores

    return f"{cpu_name()}|{physical_cores()} cores"


def cached(home: Path, model_path: Path) -> Reference | None:
    try:
        data = json.loads((home / SPEED_FILE).read_text(encoding="utf-8"))
        tps = float(data[_key()])
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return Reference(tps, model_path.stat().st_size, True)


def measure(home: Path, model_path: Path) -> Reference:
    """Generate a short answer with the embedded model in a fresh engine; cache and return its speed."""
    from agents.engine.client import EngineModel
    from agents.engine.runtime import ModelConfig

    model = EngineModel(ModelConfig(path=model_path, context_size=512), check_file=home / "engine-checks.json")
    try:
        model.load()
        model.chat_text(PROMPT, max_tokens=TOKENS, temperature=0.0)
        stats = model.last_stats
    finally:
        model.close()
    generating = (stats.seconds_total - stats.seconds_to_first_token) if stats else 0.0
    if stats is None or stats.completion_tokens < 2 or generating <= 0:
        return Reference(DESIGN_TPS, model_path.stat().st_size, False)
    tps = (stats.completion_tokens - 1) / generating
    path = home / SPEED_FILE
    try:
        data = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    except (OSError, ValueError):
        data = {}
    tps = max(tps, float(data.get(_key(), 0) or 0))   # a busy moment measures low: keep the best seen
    data[_key()] = round(tps, 2)
    atomic_write_text(path, json.dumps(data, indent=1, sort_keys=True) + "\n")
    return Reference(tps, model_path.stat().st_size, True)


def reference(home: Path, model_path: Path, *, allow_measure: bool) -> Reference:
    """The cached measurement, a new one if allowed, else the design figure."""
    found = cached(home, model_path)
    if found is not None:
        return found
    if allow_measure:
        return measure(home, model_path)
    return Reference(DESIGN_TPS, model_path.stat().st_size, False)
