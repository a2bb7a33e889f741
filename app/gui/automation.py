"""Scripted runs of the real app, driven by environment variables (screenshot script, benchmark).

    ENCLAVE_GUI_TIMINGS=1        print "enclave-timing <what> <seconds since launch>" lines
    ENCLAVE_GUI_INDEX=PATH       index a file or folder once the model is ready
    ENCLAVE_GUI_ASK=QUESTION     then ask it in the main window
    ENCLAVE_GUI_SCREENSHOT=PNG   when done, save the main window to PNG and quit
    ENCLAVE_GUI_QUIT_WHEN_READY=1  quit once the model is ready (start-up timing)
Nothing happens when none is set.
"""
from __future__ import annotations

import os
import sys
import time
from typing import Any

from PySide6.QtCore import QTimer


def attach(enclave: Any, launched: float, instance: Any = None) -> None:
    env = os.environ
    timings = env.get("ENCLAVE_GUI_TIMINGS") == "1"
    index_path = env.get("ENCLAVE_GUI_INDEX", "")
    question = env.get("ENCLAVE_GUI_ASK", "")
    shot = env.get("ENCLAVE_GUI_SCREENSHOT", "")
    quit_ready = env.get("ENCLAVE_GUI_QUIT_WHEN_READY") == "1"
    if not (timings or index_path or question or shot or quit_ready):
        return

    def mark(what: str) -> None:
        if timings:
            print(f"enclave-timing {what} {time.time() - launched:.3f}", flush=True)

    def finish(code: int = 0) -> None:
        if shot:
            enclave.window.grab().save(shot, "PNG")
            mark("screenshot-saved")
        enclave.quit()
        if code:
            sys.exit(code)

    QTimer.singleShot(0, lambda: mark("window-shown"))
    if instance is not None:
        instance.activated.connect(lambda: mark("activated-by-second-launch"))
    controller, window = enclave.controller, enclave.window

    def ask() -> None:
        if not question:
            QTimer.singleShot(300, finish)
            return
        def answered(_answer: Any) -> None:
            mark("answer-done")
            window.side_tabs.setCurrentWidget(window.sources)
            window.chat.trace_toggle.setChecked(True)
            QTimer.singleShot(500, finish)
        window.session.answered.connect(answered)
        window.session.submit(question)

    def after_index(running: bool) -> None:
        if not running and not enclave.indexer.queue:
            mark("index-done")
            enclave.indexer.running_changed.disconnect(after_index)
            ask()

    def ready() -> None:
        mark("model-ready")
        if quit_ready:
            QTimer.singleShot(0, finish)
        elif index_path:
            enclave.indexer.running_changed.connect(after_index)
            enclave.indexer.add([index_path])
            window.side_tabs.setCurrentWidget(window.library)
        else:
            ask()

    controller.model_ready.connect(ready)
    controller.stage.connect(lambda stage: mark("library-ready") if stage.library_ready else None)
    limit = float(env.get("ENCLAVE_GUI_SCRIPT_TIMEOUT", "600"))
    QTimer.singleShot(int(limit * 1000), lambda: (mark("timeout"), finish(3)))
