"""The front door: everything the GUI and the CLI may use of the core, in one import.

`app/` imports this package and nothing else of agents/ or rag/ (tests/test_architecture.py
enforces it). It holds the `Enclave` object, the one error type, and the typed records and
events that flow out of it.
"""
from __future__ import annotations

from agents import __version__
from agents.answers.explain import answer_summary
from agents.answers.trace import TraceLine, describe
from agents.api.configuration import (cloud_key_source, data_folder, embedded_model_path, forget_cloud_key,
                                      keychain_status, read_model_facts, read_settings, settings_problems,
                                      store_cloud_key)
from agents.api.errors import Cancelled, UserError, user_message
from agents.api.front_door import Enclave
from agents.api.library_access import Watching
from agents.api.models_access import ModelCatalog
from agents.api.types import CloudStatus, LoadStage, ModelFacts
from agents.engine.launcher import prepare as prepare_engine_launcher
from agents.events import (Citation, CitationMade, CloudExchange, CloudOffer, ConsentRequest, ErrorEvent, Event,
                           ExpertFinished, ExpertStarted, FinalAnswer, PlanMade, Progress, QueryRewritten, RetrievalHits,
                           Route, RouteChosen, Stopped, Token, ToolCalled, ToolResult)
from agents.platform.cancel import CancelToken
from agents.models.activity import NetworkRecord
from agents.models.download import DownloadProgress
from agents.models.listing import ModelRow
from agents.platform.history import Conversation, StoredMessage
from agents.platform.keychain import ENV_KEY as CLOUD_KEY_ENV
from agents.platform.keychain import SERVER_ENV_KEY
from agents.platform.settings import Settings
from rag.loaders import SUPPORTED_SUFFIXES
from rag.types import DocumentRecord, DocumentStatus, IndexProgress, Passage

__all__ = [
    "__version__", "Enclave", "UserError", "Cancelled", "CancelToken", "user_message",
    "LoadStage", "ModelFacts", "CloudStatus", "Watching", "Settings",
    "ModelCatalog", "ModelRow", "DownloadProgress", "NetworkRecord",
    "Conversation", "StoredMessage", "DocumentRecord", "DocumentStatus", "IndexProgress", "Passage",
    "SUPPORTED_SUFFIXES", "prepare_engine_launcher", "data_folder", "read_settings", "read_model_facts", "embedded_model_path", "settings_problems",
    "keychain_status", "cloud_key_source", "store_cloud_key", "forget_cloud_key", "CLOUD_KEY_ENV", "SERVER_ENV_KEY", "answer_summary", "describe", "TraceLine",
    "Event", "Route", "Citation", "RouteChosen", "PlanMade", "ExpertStarted", "ExpertFinished", "ToolCalled",
    "ToolResult", "RetrievalHits", "Progress", "Token", "CitationMade", "ConsentRequest", "CloudExchange",
    "CloudOffer", "FinalAnswer", "ErrorEvent", "Stopped", "QueryRewritten",
]
