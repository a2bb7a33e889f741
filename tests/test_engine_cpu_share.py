"""Threads for an answer follow the cores other processes leave idle (agents/engine/cpu_share.py)."""
from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest

from agents.engine.cpu_share import OtherLoad, threads_for
from agents.engine.model_source import embedded_model_path
from agents.engine.runtime import LocalModel, ModelConfig


def test_threads_follow_the_idle_share_and_a_users_choice_wins():
    assert threads_for(3, physical=2, logical=2, others_busy=2.0) == 3          # set in Settings: kept
    assert threads_for(0, physical=2, logical=2, others_busy=0.1) == 2          # quiet: every core
    assert threads_for(0, physical=2, logical=2, others_busy=2.0) == 1          # both cores taken: one thread
    assert threads_for(0, physical=2, logical=2, others_busy=1.0) == 1
    assert threads_for(0, physical=4, logical=8, others_busy=4.0) == 2
    assert threads_for(0, physical=4, logical=8, others_busy=9.0) == 1          # never zero


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
