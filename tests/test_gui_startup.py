"""Start-up of the real `enclave` app (offscreen): no heavy imports before the window, model loads behind it,
a second launch activates the first."""
from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ENCLAVE = [sys.executable, "-m", "app.main"]
HEAVY = ("torch", "chromadb", "sentence_transformers", "llama_cpp", "transformers")

pytestmark = [pytest.mark.gui]


def app_env(home: Path, **extra: str) -> dict[str, str]:
    env = dict(os.environ, ENCLAVE_HOME=str(home), QT_QPA_PLATFORM="offscreen", ENCLAVE_GUI_TIMINGS="1",
               ENCLAVE_LAUNCH_T0=repr(time.time()))
    env.update(extra)
    return env


def timings(output: str) -> dict[str, float]:
    return {line.split()[1]: float(line.split()[2]) for line in output.splitlines() if line.startswith("enclave-timing ")}


def test_building_the_window_imports_nothing_heavy(enclave_home):
    code = ("import sys\n"
            "from PySide6.QtWidgets import QApplication\n"
            "app = QApplication([])\n"
            "from app.gui.application import EnclaveApp\n"
            "enclave = EnclaveApp()\n"
            "enclave.window.show()\n"
            f"print(','.join(m for m in {HEAVY!r} if m in sys.modules))\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120,
                            env=app_env(enclave_home))
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == ""


@pytest.mark.model
def test_enclave_opens_the_window_then_loads_the_embedded_model(enclave_home):
    result = subprocess.run(ENCLAVE, capture_output=True, text=True, cwd=ROOT, timeout=300,
                            env=app_env(enclave_home, ENCLAVE_GUI_QUIT_WHEN_READY="1"))
    assert result.returncode == 0, result.stderr[-2000:]
    marks = timings(result.stdout)
    assert marks["window-shown"] < marks["model-ready"]
    assert "Traceback" not in result.stderr


def test_second_launch_brings_the_first_to_the_front(enclave_home):
    first = subprocess.Popen(ENCLAVE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT,
                             env=app_env(enclave_home, ENCLAVE_GUI_SCRIPT_TIMEOUT="60"))
    try:
        line = first.stdout.readline()
        assert line.startswith("enclave-timing window-shown"), line
        second = subprocess.run(ENCLAVE, capture_output=True, text=True, cwd=ROOT, timeout=60,
                                env=app_env(enclave_home))
        assert second.returncode == 0
        assert "already running" in second.stderr
        deadline = time.time() + 30
        seen = ""
        while time.time() < deadline and "activated-by-second-launch" not in seen:
            seen += first.stdout.readline()
        assert "activated-by-second-launch" in seen
    finally:
        first.terminate()
        first.wait(30)


def test_missing_display_or_xcb_libraries_get_a_clear_message(enclave_home):
    from app.gui.platform_check import display_problem
    found = lambda name: f"lib{name}.so"  # noqa: E731
    assert display_problem({"DISPLAY": ":0"}, "linux", found) is None
    assert display_problem({"QT_QPA_PLATFORM": "offscreen"}, "linux", lambda n: None) is None
    assert display_problem({}, "darwin", lambda n: None) is None
    assert "no graphical display" in display_problem({}, "linux", found)
    message = display_problem({"DISPLAY": ":0"}, "linux", lambda n: None if n == "xcb-cursor" else found(n))
    assert message.endswith("sudo apt install libxcb-cursor0")
    env = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY")}
    result = subprocess.run(ENCLAVE, capture_output=True, text=True, cwd=ROOT, timeout=120,
                            env={**env, "ENCLAVE_HOME": str(enclave_home)})
    assert result.returncode == 1 and "no graphical display" in result.stderr and "Traceback" not in result.stderr
