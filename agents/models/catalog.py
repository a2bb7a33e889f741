"""The model catalog: the hand-reviewed list in resources/models.json, with the user's own list merged over it.

Why a file and not code: a user (or an administrator) adds a model by writing one JSON entry in
`<data folder>/models.json`, no release needed. A broken user file is reported, never fatal: the
bundled catalog still shows.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from rag.errors import UserError

USER_CATALOG = "models.json"
_REPO = re.compile(r"^[A-Za-z0-9][\w.-]*/[\w.-]+$")
_FILE = re.compile(r"^[\w.+-]+\.gguf$", re.IGNORECASE)


class CatalogError(UserError, ValueError):
    """A catalog entry cannot be used; the message names the entry and the field."""


@dataclass(frozen=True)
class CatalogEntry:
    """One downloadable model; sizes are for display and fit (the download takes the repository's own)."""

    name: str                # short, for the command line: "qwen2.5-1.5b"
    display_name: str
    good_for: str
    parameters: int
    size_bytes: int
    ram_bytes: int
    context_length: int
    licence: str
    accept_terms: bool       # the user must accept the licence before Enclave downloads it
    repo: str                # "Qwen/Qwen2.5-1.5B-Instruct-GGUF"
    file: str                # "qwen2.5-1.5b-instruct-q4_k_m.gguf"
    source: str = "bundled"  # "bundled" or "user"

    @property
    def page(self) -> str:
        """The publisher's page, where a gated model's licence is accepted."""
        return f"https://huggingface.co/{self.repo}"


_INTS = ("parameters", "size_bytes", "ram_bytes", "context_length")
_TEXTS = ("name", "display_name", "good_for", "licence", "repo", "file")


def entry_from_dict(raw: Any, source: str) -> CatalogEntry:
    """Check one entry's fields; raise CatalogError saying which one is wrong."""
    if not isinstance(raw, dict):
        raise CatalogError(f"a {source} catalog entry is not a JSON object")
    label = str(raw.get("name") or "an entry without a name")
    for key in _TEXTS:
        if not isinstance(raw.get(key), str) or not raw[key].strip():
            raise CatalogError(f"catalog entry '{label}': '{key}' must be a non-empty string")
    for key in _INTS:
        value = raw.get(key)
        if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
            raise CatalogError(f"catalog entry '{label}': '{key}' must be a positive whole number")
    if not isinstance(raw.get("accept_terms", False), bool):
        raise CatalogError(f"catalog entry '{label}': 'accept_terms' must be true or false")
    if not _REPO.match(raw["repo"]) or ".." in raw["repo"]:
        raise CatalogError(f"catalog entry '{label}': repo '{raw['repo']}' is not of the form owner/name")
    if not _FILE.match(raw["file"]) or ".." in raw["file"]:
        raise CatalogError(f"catalog entry '{label}': file '{raw['file']}' must be a plain .gguf file name")
    values = {key: raw[key].strip() if key in _TEXTS else raw[key] for key in (*_TEXTS, *_INTS)}
    return CatalogEntry(**values, accept_terms=bool(raw.get("accept_terms", False)), source=source)


def _entries(data: Any, source: str) -> list[CatalogEntry]:
    items = data.get("models") if isinstance(data, dict) else None
    if not isinstance(items, list):
        raise CatalogError(f"the {source} catalog must be a JSON object with a \"models\" list")
    return [entry_from_dict(item, source) for item in items]


def bundled_catalog() -> list[CatalogEntry]:
    text = resources.files("resources").joinpath(USER_CATALOG).read_text("utf-8")
    return _entries(json.loads(text), "bundled")


def user_catalog(path: Path) -> tuple[list[CatalogEntry], list[str]]:
    """The user's own entries and what was wrong with the file (a missing file is no problem)."""
    if not path.exists():
        return [], []
    try:
        return _entries(json.loads(path.read_text(encoding="utf-8")), "user"), []
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        return [], [f"your model catalog {path} could not be read ({exc}); showing the built-in one"]
    except CatalogError as exc:
        return [], [f"your model catalog {path}: {exc}; showing the built-in one"]


@dataclass(frozen=True)
class Catalog:
    entries: tuple[CatalogEntry, ...]
    problems: tuple[str, ...] = ()

    def find(self, name: str) -> CatalogEntry | None:
        wanted = name.strip().lower()
        return next((e for e in self.entries if e.name.lower() == wanted), None)


def load_catalog(home: Path) -> Catalog:
    """The bundled entries with the user's (`<home>/models.json`) merged over them by name."""
    merged = {e.name.lower(): e for e in bundled_catalog()}
    extra, problems = user_catalog(home / USER_CATALOG)
    for entry in extra:
        merged[entry.name.lower()] = entry
    return Catalog(tuple(merged.values()), tuple(problems))
