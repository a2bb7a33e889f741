"""The GUI tests' fakes have the real core's surface, so the real front door (agents.api.Enclave) runs over them.

Why: a fake that drifts from the real thing lets a GUI test pass against calls the real core
does not have (the old GUI facade probed for `list_conversations`, which never existed).
"""
from __future__ import annotations

import inspect

import pytest

from agents.core import Core
from agents.orchestrator import Orchestrator
from rag.library import Library
from tests.gui_fakes import FakeCore, FakeLibrary, FakeOrchestrator


def _public_methods(cls: type) -> dict[str, inspect.Signature]:
    return {name: inspect.signature(member) for name, member in inspect.getmembers(cls, inspect.isfunction)
            if not name.startswith("_")}


def _parameters(signature: inspect.Signature) -> list[tuple[str, object]]:
    return [(p.name, p.kind) for p in signature.parameters.values()]


@pytest.mark.parametrize(("fake", "real", "needed"), [
    (FakeCore, Core, None),
    (FakeOrchestrator, Orchestrator, {"run", "summarize"}),
    (FakeLibrary, Library, {"index", "forget", "documents", "search", "pending", "resume"}),
], ids=["core", "orchestrator", "library"])
def test_fake_has_the_real_signatures(fake: type, real: type, needed: set[str] | None):
    real_methods, fake_methods = _public_methods(real), _public_methods(fake)
    wanted = needed if needed is not None else set(real_methods)
    missing = sorted(wanted - set(fake_methods))
    assert missing == [], f"{fake.__name__} lacks {missing} of {real.__name__}"
    different = {name: (str(fake_methods[name]), str(real_methods[name])) for name in wanted
                 if _parameters(fake_methods[name]) != _parameters(real_methods[name])}
    assert different == {}


def test_the_front_door_uses_only_what_the_fake_core_has():
    """Every `self.core.<name>` the front door calls exists on both the real Core and the fake."""
    import ast
    from pathlib import Path

    used: set[str] = set()
    for path in (Path(__file__).resolve().parents[1] / "agents" / "api").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Attribute) \
                    and node.value.attr == "core" and isinstance(node.value.value, ast.Name):
                used.add(node.attr)
    fake = FakeCore.__dict__.keys() | set(vars(FakeCore(answer="x")))
    real_instance_fields = {"settings", "settings_problems", "paths", "origin"}
    assert used - (set(dir(Core)) | real_instance_fields) == set()
    assert used - fake == set()
