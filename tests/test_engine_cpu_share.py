"""Threads for an answer follow the cores other processes leave idle (agents/engine/cpu_share.py)."""
from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest

from agents.engine.client import EngineModel
from agents.engine.cpu_share import (
    BOUNDED_SPIN_COUNT,
    LONG_PROMPT_TOKENS,
    OtherLoad,
    bound_openmp_spinning,
    prompt_shares_cores_well,
    prompt_threads_for,
    threads_for,
)
from agents.engine.model_source import embedded_model_path
from agents.engine.runtime import LocalModel, ModelConfig, physical_cores


def test_threads_follow_the_idle_share_and_a_users_choice_wins():
    assert threads_for(3, physical=2, logical=2, others_busy=2.0) == 3          # set in Settings: kept
    assert threads_for(0, physical=2, logical=2, others_busy=0.1) == 2          # quiet: every core
    assert threads_for(0, physical=2, logical=2, others_busy=2.0) == 1          # both cores taken: one thread
    assert threads_for(0, physical=2, logical=2, others_busy=1.0) == 1
    assert threads_for(0, physical=4, logical=8, others_busy=4.0) == 2
    assert threads_for(0, physical=4, logical=8, others_busy=9.0) == 1          # never zero


def test_the_prompt_keeps_every_core_only_where_waiting_threads_yield():
    openmp = "CPU : AVX2 = 1 | OPENMP = 1 | REPACK = 1 |"
    environ: dict[str, str] = {}
    assert bound_openmp_spinning(environ) and environ == {"GOMP_SPINCOUNT": str(BOUNDED_SPIN_COUNT)}
    assert prompt_shares_cores_well(openmp, environ)
    assert not prompt_shares_cores_well("CPU : AVX2 = 1 | REPACK = 1 |", environ)     # ggml's own pool spins
    assert not prompt_shares_cores_well(openmp, {})                                     # libgomp's long default
    users = {"OMP_WAIT_POLICY": "ACTIVE"}
    assert not bound_openmp_spinning(users) and users == {"OMP_WAIT_POLICY": "ACTIVE"}  # the user's choice stays
    assert not prompt_shares_cores_well(openmp, users)
    assert prompt_shares_cores_well(openmp, {"OMP_WAIT_POLICY": "passive"})
    assert not prompt_shares_cores_well(openmp, {"GOMP_SPINCOUNT": "infinity"})
    long, short = LONG_PROMPT_TOKENS, LONG_PROMPT_TOKENS - 1
    assert prompt_threads_for(0, physical=2, generation_threads=1, shares_well=True, new_tokens=long) == 2
    assert prompt_threads_for(0, physical=2, generation_threads=1, shares_well=True, new_tokens=short) == 1
    assert prompt_threads_for(0, physical=2, generation_threads=1, shares_well=False, new_tokens=long) == 1
    assert prompt_threads_for(0, physical=2, generation_threads=2, shares_well=False, new_tokens=long) == 2  # quiet
    assert prompt_threads_for(3, physical=2, generation_threads=1, shares_well=True, new_tokens=long) == 3  # Settings


def hogs() -> list[subprocess.Popen]:
    return [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(os.cpu_count() or 1)]


def stop(processes: list[subprocess.Popen]) -> None:
    for process in processes:
        process.kill()
        process.wait()


def test_busy_processes_are_seen():
    sampler = OtherLoad(interval=0.2).start()
    busy = hogs()
    try:
        time.sleep(1.0)
        seen = sampler.others_busy
    finally:
        stop(busy)
        sampler.stop()
    assert seen >= 0.7 * (os.cpu_count() or 1), seen


@pytest.mark.model
def test_an_answer_uses_one_thread_while_every_core_is_busy():
    model = LocalModel(ModelConfig(path=embedded_model_path(), context_size=512))
    try:
        model.load()
        busy = hogs()
        try:
            time.sleep(1.2)
            assert model.chat_text([{"role": "user", "content": "Say hi."}], max_tokens=4)
            assert model.threads_in_use == 1
        finally:
            stop(busy)
    finally:
        model.close()


@pytest.mark.model
def test_in_the_engine_child_a_busy_machine_reads_a_long_prompt_on_every_core(tmp_path):
    """The real child process caps OpenMP's spin itself; under load a long prompt gets every core,
    a short chat turn and the generation one thread."""
    engine = EngineModel(ModelConfig(path=embedded_model_path(), context_size=2048),
                         check_file=tmp_path / "engine-checks.json")
    notes = " ".join(f"Note {n}: the ferry to the north pier leaves at {n} o'clock." for n in range(40))
    try:
        engine.load()
        openmp = "OPENMP = 1" in engine.facts().system_info
        busy = hogs()
        try:
            time.sleep(1.2)
            assert engine.chat_text([{"role": "user", "content": f"{notes} When does the ferry leave?"}],
                                    max_tokens=4)
            long = engine.last_stats
            assert engine.chat_text([{"role": "user", "content": "Say hi."}], max_tokens=4)
            short = engine.last_stats
        finally:
            stop(busy)
        assert long is not None and long.prompt_tokens >= LONG_PROMPT_TOKENS and long.threads == 1
        assert long.prompt_threads == (physical_cores() if openmp else 1)
        assert short is not None and (short.threads, short.prompt_threads) == (1, 1)
    finally:
        engine.close()
