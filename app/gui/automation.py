"""Scripted runs of the real app, driven by environment variables (screenshot script, benchmark).

    ENCLAVE_GUI_TIMINGS=1        print "enclave-timing <what> <seconds since launch>" lines
    ENCLAVE_GUI_INDEX=PATH       index a file or folder once the model is ready
    ENCLAVE_GUI_ASK=QUESTION     then ask it in the main window
    ENCLAVE_GUI_SCREENSHOT=PNG   when done, save the main window to PNG and quit
    ENCLAVE_GUI_SCREENSHOT_DARK=PNG  then switch to the dark look and save it again
    ENCLAVE_GUI_PREVIEW=1        after the answer, open its first source in the preview pane
    ENCLAVE_GUI_POPUP_SHOT=PNG   after the window's screenshot, ask the same question in the tray popup and save it
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
    dark_shot = env.get("ENCLAVE_GUI_SCREENSHOT_DARK", "")
    preview = env.get("ENCLAVE_GUI_PREVIEW") == "1"
    popup_shot = env.get("ENCLAVE_GUI_POPUP_SHOT", "")
    if not (timings or index_path or question or shot or quit_ready):
        return

    def mark(what: str) -> None:
        if timings:
            print(f"enclave-timing {what} {time.time() - launched:.3f}", flush=True)

    def fits() -> None:
        """One line per control that must be on screen: inside the window and not squeezed to nothing."""
        window = enclave.window
        for name, widget in (("send-button", window.chat.send_button), ("question-box", window.chat.input),
                             ("status-bar", window.statusBar()), ("cloud-switch", window.chat.cloud_button),
                             ("preview-pane", window.preview), ("chat-list", window.conversations)):
            rect = widget.rect().translated(widget.mapTo(window, widget.rect().topLeft()))
            inside = widget.isVisible() and window.rect().contains(rect) and rect.width() > 40 and rect.height() > 10
            print(f"enclave-fit {name} {'ok' if inside else 'cut'} {rect.x()},{rect.y()},{rect.width()}x{rect.height()} "
                  f"in {window.width()}x{window.height()}", flush=True)

    def finish(code: int = 0) -> None:
        if shot:
            fits()
            enclave.window.grab().save(shot, "PNG")
            mark("screenshot-saved")
        if popup_shot and not code:
            shoot_popup(lambda: finish_dark(code))
            return
        finish_dark(code)

    def shoot_popup(then: Any) -> None:
        """The tray popup answering the same question, saved as it shows it."""
        popup = enclave.popup

        def answered(_answer: Any) -> None:
            def save() -> None:
                popup.grab().save(popup_shot, "PNG")
                mark("popup-screenshot-saved")
                popup.hide()
                then()
            QTimer.singleShot(500, save)
        popup.session.answered.connect(answered)
        popup.popup()
        popup.session.submit(question)

    def finish_dark(code: int) -> None:
        if dark_shot and not code:
            enclave.theme.set_choice("dark")
            QTimer.singleShot(400, lambda: (enclave.window.grab().save(dark_shot, "PNG"), mark("dark-screenshot-saved"),
                                            enclave.quit()))
            return
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
        def answered(answer: Any) -> None:
            mark("answer-done")
            if preview and answer.citations:
                window.preview.shown.connect(lambda _p: (mark("preview-shown"), QTimer.singleShot(500, finish)))
                window.show_preview(answer.citations[0])
                return
            window.side_tabs.setCurrentWidget(window.sources)
            window.chat.trace_toggle.setChecked(True)
            QTimer.singleShot(500, finish)
        window.session.answered.connect(answered)
        window.session.submit(question)

    def after_index(running: bool) -> None:
        if not running and not enclave.indexer.queue:
            mark("index-done")
            enclave.indexer.running_changed.disconnect(after_index)
            ask_when_library_ready()

    def ask_when_library_ready() -> None:
        """Ask once the library's embedding model is warm too: a question sent while it still loads was seen to get
        an answer without a citation under load, and the screenshot then showed no preview."""
        if controller.last_stage is not None and controller.last_stage.library_ready:
            ask()
            return

        def on_stage(stage: Any) -> None:
            if stage.library_ready:
                controller.stage.disconnect(on_stage)
                ask()
        controller.stage.connect(on_stage)

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
