"""The catalog (bundled + the user's own), the fit rules, and the check of a GGUF the user brings."""
from __future__ import annotations

import json
import struct
from pathlib import Path

import pytest

from agents.api import Enclave, UserError
from agents.models.catalog import CatalogError, bundled_catalog, entry_from_dict, load_catalog
from agents.models.fit import FITS, TIGHT, TOO_LARGE, Machine, judge, recommend
from agents.models.installed import check_model_file

GB = 10**9


def test_the_bundled_catalog_is_complete_and_consistent():
    entries = bundled_catalog()
    assert 6 <= len(entries) <= 10
    assert len({e.name for e in entries}) == len(entries)
    for e in entries:
        assert e.file.endswith(".gguf") and "q4_k_m" in e.file.lower(), e.name
        assert e.ram_bytes > e.size_bytes > 100_000_000 and e.parameters > e.size_bytes, e.name
        assert e.context_length >= 8192 and e.licence and e.good_for and "/" in e.repo
    licences = {e.name: e.accept_terms for e in entries}
    assert licences["llama-3.2-1b"] and licences["qwen2.5-3b"] and not licences["qwen2.5-1.5b"]


def _entry(**changes: object) -> dict:
    raw = {"name": "tiny-test", "display_name": "Tiny test", "good_for": "tests", "parameters": 5 * GB // 10,
           "size_bytes": GB, "ram_bytes": 3 * GB // 2, "context_length": 8192, "licence": "MIT",
           "accept_terms": False, "repo": "someone/Tiny-GGUF", "file": "tiny-Q4_K_M.gguf"}
    raw.update(changes)
    return raw


def test_the_users_catalog_is_merged_over_the_bundled_one(enclave_home: Path):
    enclave_home.mkdir(parents=True, exist_ok=True)
    mine = _entry(name="qwen2.5-0.5b", display_name="My Qwen mirror", repo="me/qwen-mirror")
    (enclave_home / "models.json").write_text(json.dumps({"models": [mine, _entry()]}))
    catalog = load_catalog(enclave_home)
    assert catalog.problems == ()
    assert catalog.find("qwen2.5-0.5b").repo == "me/qwen-mirror"
    assert catalog.find("tiny-test").source == "user"
    assert len(catalog.entries) == len(bundled_catalog()) + 1


def test_a_broken_user_catalog_is_reported_and_the_bundled_one_stays(enclave_home: Path):
    enclave_home.mkdir(parents=True, exist_ok=True)
    (enclave_home / "models.json").write_text(json.dumps({"models": [_entry(file="../../etc/passwd")]}))
    catalog = load_catalog(enclave_home)
    assert "must be a plain .gguf file name" in catalog.problems[0]
    assert len(catalog.entries) == len(bundled_catalog())
    (enclave_home / "models.json").write_text("{not json")
    assert "could not be read" in load_catalog(enclave_home).problems[0]


@pytest.mark.parametrize(("change", "message"), [
    ({"repo": "no-slash"}, "not of the form owner/name"),
    ({"size_bytes": -1}, "'size_bytes' must be a positive whole number"),
    ({"accept_terms": "yes"}, "'accept_terms' must be true or false"),
    ({"good_for": ""}, "'good_for' must be a non-empty string")])
def test_bad_entries_say_which_field(change: dict, message: str):
    with pytest.raises(CatalogError, match=message):
        entry_from_dict(_entry(**change), "user")


def _machine(free_ram: int = 16 * GB, free_disk: int = 100 * GB) -> Machine:
    return Machine(free_ram=free_ram, free_disk=free_disk, cores=2, reference_tps=50.0,
                   reference_bytes=100_000_000, measured=True)


def test_fit_follows_memory_disk_and_speed():
    entry = entry_from_dict(_entry(), "user")          # 1 GB file, 1.5 GB of RAM
    # 50 tok/s for 100 MB: 1 GB takes 0.68 + 0.32 x 10 = 3.88 times as long per token
    assert judge(entry, _machine()).tokens_per_s == pytest.approx(50 / 3.88)
    assert judge(entry, _machine()).verdict == FITS
    assert judge(entry, _machine(free_ram=2 * GB)).verdict == TIGHT            # 75% of the free memory
    assert judge(entry, _machine(free_ram=GB)).verdict == TOO_LARGE
    full = _machine(free_disk=GB)
    assert judge(entry, full).verdict == TOO_LARGE and "disk" in judge(entry, full).reason
    assert judge(entry, full, downloaded=True).verdict == FITS          # already here: no disk needed
    slow = entry_from_dict(_entry(size_bytes=10 * GB, ram_bytes=11 * GB), "user")      # 50 / 32.68 tok/s
    assert judge(slow, _machine()).verdict == TIGHT and "slow" in judge(slow, _machine()).reason


def test_the_recommendation_is_the_largest_that_fits_at_reading_pace():
    machine = _machine(free_ram=4 * GB)
    sizes = {"m1": (GB // 2, GB), "m2": (GB, 3 * GB // 2), "m3": (7 * GB // 2, 5 * GB // 2), "m4": (2 * GB, 7 * GB // 2)}
    entries = [entry_from_dict(_entry(name=name, parameters=(i + 1) * GB, size_bytes=size, ram_bytes=ram), "user")
               for i, (name, (size, ram)) in enumerate(sizes.items())]
    judged = [(e, judge(e, machine)) for e in entries]
    # m3 fits in memory but writes 50 / (0.68 + 0.32 x 35) = 4.2 tok/s; m4 needs 3.5 of the 4 GB (tight)
    assert [f.verdict for _, f in judged] == [FITS, FITS, FITS, TIGHT]
    assert judged[2][1].tokens_per_s == pytest.approx(50 / 11.88)
    assert recommend(judged).name == "m2"
    assert recommend([(e, f) for e, f in judged if e.name in ("m3", "m4")]).name == "m3"
    assert recommend([(e, f) for e, f in judged if e.name == "m4"]) is None


def _gguf(path: Path, metadata: dict[str, str]) -> Path:
    """A GGUF v3 file with string metadata and no tensors (enough for the header checks)."""
    def text(value: str) -> bytes:
        raw = value.encode()
        return struct.pack("<Q", len(raw)) + raw
    body = b"GGUF" + struct.pack("<IQQ", 3, 0, len(metadata))
    for key, value in metadata.items():
        body += text(key) + struct.pack("<I", 8) + text(value)
    path.write_bytes(body + b"\0" * 64)
    return path


def test_an_imported_file_is_checked_for_header_architecture_and_template(tmp_path: Path):
    from agents.engine.model_source import embedded_model_path

    assert check_model_file(embedded_model_path()).architecture == "llama"
    (tmp_path / "notes.gguf").write_text("just text")
    with pytest.raises(UserError, match="not a GGUF model"):
        check_model_file(tmp_path / "notes.gguf")
    future = _gguf(tmp_path / "future.gguf", {"general.architecture": "quantumformer9",
                                              "tokenizer.chat_template": "{{ messages }}"})
    with pytest.raises(UserError, match="architecture 'quantumformer9' is unknown to the llama.cpp bundled"):
        check_model_file(future)
    base = _gguf(tmp_path / "base.gguf", {"general.architecture": "qwen2"})
    with pytest.raises(UserError, match="no chat template .* probably a base model"):
        check_model_file(base)
    chat = _gguf(tmp_path / "chat.gguf", {"general.architecture": "qwen2", "tokenizer.chat_template": "{{ x }}"})
    assert check_model_file(chat).architecture == "qwen2"


def test_use_checks_the_file_before_switching(tmp_path: Path):
    from agents.engine.model_source import embedded_model_path

    enclave = Enclave()
    base = _gguf(tmp_path / "base.gguf", {"general.architecture": "llama"})
    with pytest.raises(UserError, match="no chat template"):
        enclave.use_model(str(base))
    assert enclave.settings.model_path == ""
    with pytest.raises(UserError, match="neither a model in `enclave models catalog` nor a GGUF file"):
        enclave.use_model(str(tmp_path / "missing.gguf"))
    facts = enclave.use_model(str(embedded_model_path()))
    assert Path(enclave.settings.model_path) == embedded_model_path().resolve() and facts.name
    enclave.use_model("embedded")
    assert enclave.settings.model_path == ""
    with pytest.raises(UserError, match="is the active model"):
        enclave.remove_model("embedded")
