"""What plain `enclave` starts: the desktop app when it is installed, else the terminal chat."""
from __future__ import annotations

import importlib.util


def launch_default() -> int:
    if importlib.util.find_spec("app.gui") is not None:
        from app.gui.application import run_gui
        return run_gui()
    from app.cli import run_cli
    return run_cli(["chat"])
