"""The screenshot script: the real app under Xvfb (xcb platform) indexes a PDF, answers, and saves a PNG."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

ROOT = Path(__file__).resolve().parent.parent
pytestmark = [pytest.mark.gui, pytest.mark.model, pytest.mark.embedding, pytest.mark.slow]


def test_screenshot_script_saves_the_running_app(tmp_path):
    out = tmp_path / "shot.png"
    result = subprocess.run([sys.executable, str(ROOT / "packaging" / "screenshot.py"), str(out)],
                            capture_output=True, text=True, cwd=ROOT, timeout=600)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-3000:]
    marks = [line.split()[1] for line in result.stdout.splitlines() if line.startswith("enclave-timing ")]
    assert marks[:2] == ["window-shown", "model-ready"]
    assert {"index-done", "answer-done", "screenshot-saved"} <= set(marks)
    image = QImage(str(out))
    assert (image.width(), image.height()) == (1280, 800)
    assert 20_000 < out.stat().st_size < 300_000
