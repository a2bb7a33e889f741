"""Entry point of the bundled app: `enclave` opens the window, `enclave COMMAND ...` is the CLI.

One addition for desktop integration: `enclave FILE...` (what "Open with Enclave" runs, from the
.desktop entry, the Windows file association or macOS's Finder) opens the window and summarizes
each file, the same as dropping it on the window. Anything else goes to `app.main.main` unchanged.
"""
from __future__ import annotations

import multiprocessing
import os
import sys
from pathlib import Path

ENGINE_WORKER_FLAG = "--enclave-engine-worker"   # = agents.engine.worker.WORKER_FLAG (kept import-free here)


def files_to_open(args: list[str], command_names: set[str]) -> list[str]:
    """The arguments as files to open, or [] when they are a CLI command line."""
    if not args or args[0] in command_names or any(a.startswith("-") for a in args):
        return []
    paths = [Path(a) for a in args]
    if not all(p.is_file() for p in paths):
        return []
    return [str(p.resolve()) for p in paths]


def command_names() -> set[str]:
    import pkgutil

    from app import commands
    return {m.name for m in pkgutil.iter_modules(commands.__path__)}


def open_in_window(paths: list[str]) -> int:
    """Start the desktop app and hand it the files once its main window exists."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from app.gui.application import run_gui
    from app.gui.main_window import MainWindow

    app = QApplication.instance() or QApplication(sys.argv[:1])
    tries = [0]

    def deliver() -> None:
        windows = [w for w in app.topLevelWidgets() if isinstance(w, MainWindow)]
        if windows:
            for path in paths:
                windows[0].summarize_requested.emit(path)
        elif tries[0] < 100:
            tries[0] += 1
            QTimer.singleShot(100, deliver)

    QTimer.singleShot(0, deliver)
    return run_gui(sys.argv[:1])


def main() -> int:
    args = sys.argv[1:]
    if args[:1] == [ENGINE_WORKER_FLAG]:
        # The model engine's child process (agents/engine/client.py starts the frozen app this way).
        from agents.engine.worker import main as engine_main
        return engine_main()
    # A windowed launcher (Windows' Enclave.exe, the macOS app) has no console: give prints a sink.
    if sys.stdout is None or sys.stderr is None:
        sink = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 - lives as long as the process
        sys.stdout = sys.stdout or sink
        sys.stderr = sys.stderr or sink
    paths = files_to_open(args, command_names()) if args else []
    if paths:
        return open_in_window(paths)
    from app.main import main as enclave_main
    return enclave_main(args)


if __name__ == "__main__":
    multiprocessing.freeze_support()
    sys.exit(main())
