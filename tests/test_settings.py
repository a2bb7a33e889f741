"""Settings load with defaults, report bad values, and never destroy the user's file."""
from __future__ import annotations

import json
from pathlib import Path

from agents.platform.settings import Settings, load_settings, save_settings


def test_missing_file_gives_defaults(tmp_path: Path):
    loaded = load_settings(tmp_path / "settings.json")
    assert loaded.settings == Settings() and loaded.problems == []


def test_valid_values_are_used(tmp_path: Path):
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"context_size": 2048, "temperature": 1, "watched_folders": ["/docs"]}))
    loaded = load_settings(path)
    assert loaded.settings.context_size == 2048
    assert loaded.settings.temperature == 1.0 and isinstance(loaded.settings.temperature, float)
    assert loaded.settings.watched_folders == ["/docs"]
    assert loaded.problems == []


def test_invalid_and_unknown_values_fall_back_and_are_reported(tmp_path: Path):
    path = tmp_path / "settings.json"
    original = json.dumps({"context_size": "big", "threads": -3, "close_to_tray": 1, "colour": "teal"})
    path.write_text(original)
    loaded = load_settings(path)
    assert loaded.settings == Settings()
    text = "\n".join(loaded.problems)
    assert "'context_size' expected int, got str 'big'" in text
    assert "'threads' must be between 0 and 256, got -3" in text
    assert "'close_to_tray' expected bool" in text
    assert "unknown setting 'colour' ignored (kept in the file)" in text
    assert path.read_text() == original  # loading never rewrites the file


def test_broken_json_is_reported_and_left_alone(tmp_path: Path):
    path = tmp_path / "settings.json"
    path.write_text("{ not json")
    loaded = load_settings(path)
    assert loaded.settings == Settings()
    assert "could not be read" in loaded.problems[0]
    assert path.read_text() == "{ not json"


def test_save_is_atomic_and_keeps_unknown_keys(tmp_path: Path):
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"future_option": 7}))
    settings = Settings(context_size=8192)
    save_settings(path, settings)
    saved = json.loads(path.read_text())
    assert saved["future_option"] == 7 and saved["context_size"] == 8192
    assert [p.name for p in tmp_path.iterdir()] == ["settings.json"]  # no temp files left behind
    assert load_settings(path).settings.context_size == 8192
