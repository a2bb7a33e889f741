"""The front door: everything the GUI and the CLI may use of the core, in one import.

`app/` imports this package and nothing else of agents/ or rag/ (tests/test_architecture.py
enforces it). It holds the `Enclave` object, the one error type, and the typed records and
events that flow out of it.
"""
from __future__ import annotations

from agents import __version__
from agents.answers.explain import answer_summary
from agents.answers.trace import TraceLine, describe
from agents.api.errors import Cancelled, UserError, user_message
from agents.api.front_door import Enclave
from agents.api.library_access import Watching
from agents.api.types import CloudStatus, LoadStage, ModelFacts
from agents.events import (Citation, CitationMade, CloudExchange, CloudOffer, ConsentRequest, ErrorEvent, Event,
                           ExpertFinished, ExpertStarted, FinalAnswer, PlanMade, Progress, RetrievalHits, Route,
                           RouteChosen, Stopped, Token, ToolCalled, ToolResult)
from agents.platform.cancel import CancelToken
from agents.platform.history import Conversation, StoredMessage
from agents.platform.keychain import ENV_KEY as CLOUD_KEY_ENV
from agents.platform.keychain import SERVER_ENV_KEY
from agents.platform.settings import Settings, settings_from_dict
from rag.loaders import SUPPORTED_SUFFIXES
from rag.types import DocumentRecord, DocumentStatus, IndexProgress, Passage

__all__ = [
    "__version__", "Enclave", "UserError", "Cancelled", "CancelToken", "user_message",
    "LoadStage", "ModelFacts", "CloudStatus", "Watching", "Settings", "settings_from_dict",
    "Conversation", "StoredMessage", "DocumentRecord", "DocumentStatus", "IndexProgress", "Passage",
    "SUPPORTED_SUFFIXES", "CLOUD_KEY_ENV", "SERVER_ENV_KEY", "answer_summary", "describe", "TraceLine",
    "Event", "Route", "Citation", "RouteChosen", "PlanMade", "ExpertStarted", "ExpertFinished", "ToolCalled",
    "ToolResult", "RetrievalHits", "Progress", "Token", "CitationMade", "ConsentRequest", "CloudExchange",
    "CloudOffer", "FinalAnswer", "ErrorEvent", "Stopped",
]
