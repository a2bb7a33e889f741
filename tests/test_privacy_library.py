"""The user's own entity graph as a detector: names from a real indexed PDF never reach the cloud."""
from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest

from agents.platform.cancel import CancelToken
from agents.events import ConsentRequest
from agents.experts.cloud import run_cloud_expert
from agents.platform.paths import data_paths
from agents.privacy.sketch import SELECT_SYSTEM
from agents.platform.settings import Settings
from rag.library import Library
from tests.cloud_server import CloudServer, cloud_server  # noqa: F401
from tests.fakes import ScriptedModel
from tests.rag_docs import make_pdf

# Everyday words only: no capital, pattern or rarity rule can tell this company is private.
REQUEST = "please remind harbour light bakery that the march order is still unpaid"


def copying_model() -> ScriptedModel:
    def reply(messages: Sequence[dict]) -> dict | str:
        if messages[0]["content"] == SELECT_SYSTEM:
            return {"remove": []}
        return "Reminder drafted."
    return ScriptedModel(default=reply)


@pytest.fixture
def library(tmp_path: Path, real_embedder) -> Library:
    pdf = make_pdf(tmp_path / "orders.pdf", [
        "Supplier contract between Harbour Light Bakery and Quinta Verde Imports.",
        "Orders are approved by Marisol Quintero. Payment is due within thirty days."])
    lib = Library(tmp_path / "library", embedder=real_embedder)
    list(lib.index([pdf]))
    yield lib
    lib.close()


def send(server: CloudServer, library: Library | None) -> bytes:
    settings = Settings(cloud_endpoint=server.base_url, cloud_model="m", cloud_timeout_s=3.0)
    passages = library.search(REQUEST, k=4) if library is not None else []
    asked: list[ConsentRequest] = []
    list(run_cloud_expert(REQUEST, passages, core_model=copying_model(), library=library, settings=settings,
                          paths=data_paths().ensure(), consent=lambda r: asked.append(r) or True,
                          cancel=CancelToken()))
    return asked[0].body


@pytest.mark.embedding
def test_library_names_stay_local(library: Library, cloud_server: CloudServer,
                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ENCLAVE_CLOUD_API_KEY", "sk-test")
    assert any("harbour light bakery" == n.lower() for n in library.entity_names())
    # Without the library the everyday-word company name goes out: the check below can fail.
    assert b"harbour light bakery" in send(cloud_server, None)
    body = send(cloud_server, library)
    assert body == cloud_server.received[-1].body
    assert b"harbour" not in body.lower() and b"quinta" not in body.lower() and b"marisol" not in body.lower()
    assert b"unpaid" in body
