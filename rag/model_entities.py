"""Optional entity extraction by the local model (setting `model_entity_extraction`).

One grammar-constrained call per chunk through `ChatModel.structured`, so even a
135M model returns valid JSON. It is slow (a model call per chunk), which is why the
rule extractor is the default and this only adds what the rules missed.
"""
from __future__ import annotations

from typing import Any

from rag.entities import DATE, EVENT, NAME, ORG, PERSON, PLACE, WORK, Entity, normalize

_TYPES = [PERSON, ORG, PLACE, DATE, EVENT, WORK]
SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "entities": {
            "type": "array",
            "maxItems": 12,
            "items": {
                "type": "object",
                "properties": {"name": {"type": "string", "maxLength": 60}, "type": {"type": "string", "enum": _TYPES}},
                "required": ["name", "type"],
            },
        }
    },
    "required": ["entities"],
}
_SYSTEM = ("You extract named entities from text. List the people, organizations, places, dates, events and "
           "titles of works that the text names. Use the exact spelling from the text. Answer in JSON.")


class ModelEntityExtractor:
    """Callable text -> entities, using any ChatModel (the real LocalModel or a scripted fake)."""

    def __init__(self, model: Any, max_chars: int = 1500) -> None:
        self.model = model
        self.max_chars = max_chars

    def __call__(self, text: str) -> list[Entity]:
        if not getattr(self.model, "loaded", True):
            self.model.load()           # Core hands over the shared model unloaded; this runs off any UI thread
        value = self.model.structured(
            [{"role": "system", "content": _SYSTEM}, {"role": "user", "content": text[: self.max_chars]}], SCHEMA)
        out: dict[str, Entity] = {}
        lowered = text.lower()
        for item in value.get("entities", []):
            name = " ".join(str(item.get("name", "")).split())
            key = normalize(name)
            # A small model invents names; keep only those the text really contains.
            if len(key) < 2 or name.lower() not in lowered:
                continue
            kind = item.get("type") if item.get("type") in _TYPES else NAME
            out.setdefault(key, Entity(key, name, kind))
        return list(out.values())
