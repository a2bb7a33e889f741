"""Runs the checks in tests/on_screen/ in a real X server (Xvfb, Qt's xcb platform): positions on screen,
scrolling, xdotool clicks. The offscreen platform cannot show what a user's pointer meets."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
pytestmark = [pytest.mark.gui, pytest.mark.slow]


def run_on_screen(module: str, screen: str = "1366x768", timeout: int = 900) -> None:
    """pytest on one tests/on_screen module under xvfb-run; its report is this test's failure message."""
    assert shutil.which("xvfb-run"), "xvfb-run is missing; install the packages listed in .ci/run"
    env = dict(os.environ, QT_QPA_PLATFORM="xcb")
    command = ["xvfb-run", "-a", "-s", f"-screen 0 {screen}x24", sys.executable, "-m", "pytest", "-q", "-x",
               "-p", "no:cacheprovider", "-o", "addopts=--strict-markers", str(ROOT / "tests" / "on_screen" / module)]
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout)
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-3000:]
    assert " passed" in result.stdout and " skipped" not in result.stdout, result.stdout[-2000:]


def test_stop_scrolling_popup_and_pane_widths_on_a_1366x768_screen():
    run_on_screen("checks_layout.py")


@pytest.mark.model
@pytest.mark.embedding
def test_one_chat_through_the_real_core_with_stop_clicked_on_screen():
    run_on_screen("checks_conversation.py")


def test_model_manager_download_cancel_resume_use_by_pointer():
    run_on_screen("checks_models.py")
