"""The optional model entity extractor: scripted (logic) and real SmolLM2 (grammar-constrained path)."""
from __future__ import annotations

from pathlib import Path

import pytest

from rag.entities import Entity
from rag.library import Library
from rag.model_entities import ModelEntityExtractor
from tests.fakes import ScriptedModel

TEXT = "On Friday Dana Whitfield met the Orchid Society at Kew Gardens to plan the spring show."


def test_scripted_model_entities_are_kept_only_when_the_text_has_them() -> None:
    model = ScriptedModel([{"entities": [{"name": "Dana Whitfield", "type": "person"},
                                         {"name": "Orchid Society", "type": "org"},
                                         {"name": "Gerald Invented", "type": "person"}]}])
    found = ModelEntityExtractor(model)(TEXT)
    assert {(e.key, e.type) for e in found} == {("danawhitfield", "person"), ("orchidsociety", "org")}
    assert model.schemas and "entities" in model.schemas[0]["properties"]


def test_library_adds_model_entities_to_rule_entities(tmp_path: Path, real_embedder) -> None:
    calls = []

    def extractor(text: str) -> list[Entity]:
        calls.append(text)
        return [Entity("springshow", "spring show", "event")]

    note = tmp_path / "club.txt"
    note.write_text(TEXT)
    library = Library(tmp_path / "lib", embedder=real_embedder, model_extractor=extractor)
    list(library.index([note]))
    assert calls and "spring show" in library.store.entity_names(["event"])
    assert {"Dana Whitfield", "Kew Gardens"} <= library.entity_names()      # the rule entities stay
    library.close()


@pytest.mark.model
def test_real_model_extracts_grammar_constrained_entities(real_model) -> None:
    found = ModelEntityExtractor(real_model)(TEXT)
    assert isinstance(found, list)
    assert all(isinstance(e, Entity) and e.name.lower() in TEXT.lower() for e in found)
