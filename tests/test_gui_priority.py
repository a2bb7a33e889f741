"""What the user waits for (an answer, a preview) runs at normal priority; background jobs run lower."""
from __future__ import annotations

import os
import sys
import threading

import pytest

from app.gui.jobs import BACKGROUND_NICE, JobRunner, StreamJob
from tests.gui_fakes import QT_WARNINGS_FAIL, FakeCore, make_app  # noqa: F401 - fixture

pytestmark = [*QT_WARNINGS_FAIL,
              pytest.mark.skipif(not sys.platform.startswith("linux"), reason="per-thread nice values are Linux's")]


def nice_of_a_job(qtbot, runner: JobRunner, urgent: bool) -> int:
    seen: list[int] = []
    job = StreamJob("probe", lambda flag: [os.getpriority(os.PRIO_PROCESS, threading.get_native_id())], urgent=urgent)
    job.item.connect(seen.append)
    with qtbot.waitSignal(job.succeeded, timeout=5000):
        runner.start(job)
    return seen[0]


def test_urgent_jobs_keep_normal_priority_and_background_jobs_are_lowered(qtbot):
    runner = JobRunner()
    base = os.getpriority(os.PRIO_PROCESS, 0)
    assert nice_of_a_job(qtbot, runner, urgent=False) == min(19, max(base, BACKGROUND_NICE))
    assert nice_of_a_job(qtbot, runner, urgent=True) == base


def test_the_answer_and_the_preview_are_urgent_indexing_is_not(qtbot, make_app, tmp_path, monkeypatch):
    started: list[tuple[str, bool]] = []
    enclave = make_app(FakeCore())
    original = enclave.controller.runner.start
    monkeypatch.setattr(enclave.controller.runner, "start",
                        lambda job: (started.append((job.objectName(), job.urgent)), original(job))[1])
    window = enclave.window
    window.chat.input.setPlainText("a question")
    window.chat.send_button.click()
    qtbot.waitUntil(lambda: not window.session.busy, timeout=10_000)
    (tmp_path / "a.txt").write_text("text")
    enclave.indexer.add([str(tmp_path / "a.txt")])
    qtbot.waitUntil(lambda: not enclave.indexer.running and any(n == "indexing documents" for n, _ in started), timeout=10_000)
    from agents.events import Citation
    with qtbot.waitSignal(window.preview.shown, timeout=10_000):
        window.show_preview(Citation("a.txt", str(tmp_path / "a.txt"), None, "text"))
    kinds = dict(started)
    assert kinds["answering"] is True and kinds["showing the source"] is True
    assert kinds["indexing documents"] is False
