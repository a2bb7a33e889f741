#!/usr/bin/env python3
"""Start the real Enclave app under Xvfb, index a generated PDF, ask about it, and save a PNG of the window.

    .venv/bin/python packaging/screenshot.py docs/screenshot.png [--screen 1366x768] [--dark docs/dark.png] [--preview]
        [--popup docs/popup.png]

Needs Xvfb and the xcb libraries Qt uses (Debian: xvfb xauth libxcb-cursor0 libxkbcommon-x11-0 ...,
see .ci/run). Uses a temporary data folder, so the user's library is never touched.
Exit status 0 means the PNG was written by the app itself.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
QUESTION = "When does the Harbor Lights festival open?"
PAGES = [
    ("Harbor Lights 2026 — programme", "This booklet describes the Harbor Lights festival organised by the "
     "Lindqvist Foundation. The festival gathers lantern makers from twelve coastal towns."),
    ("Dates and tickets", "The Harbor Lights festival opens on Friday 14 August 2026 at 7 pm on Pier 3. "
     "Tickets cost 18 euros; children under twelve enter free."),
    ("Volunteers", "Volunteers meet every Tuesday in the boathouse. Contact the coordinator, Mira Okafor."),
]


def make_pdf(path: Path) -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas
    pdf = canvas.Canvas(str(path), pagesize=A4)
    for title, body in PAGES:
        pdf.setFont("Helvetica-Bold", 16)
        pdf.drawString(72, 770, title)
        pdf.setFont("Helvetica", 11)
        text = pdf.beginText(72, 740)
        line = ""
        for word in body.split():
            if len(line) + len(word) > 85:
                text.textLine(line)
                line = ""
            line += word + " "
        text.textLine(line)
        pdf.drawText(text)
        pdf.showPage()
    pdf.save()


def main(argv: list[str]) -> int:
    import argparse
    parser = argparse.ArgumentParser(description="screenshots of the running app under Xvfb")
    parser.add_argument("out", nargs="?", default=str(ROOT / "docs" / "screenshot-light.png"))
    parser.add_argument("--screen", default="1440x900", help="the virtual screen, WIDTHxHEIGHT")
    parser.add_argument("--dark", default="", help="also save the dark look to this PNG")
    parser.add_argument("--preview", action="store_true", help="show the answer's first source in the preview pane")
    parser.add_argument("--popup", default="", help="also save the tray popup answering the question to this PNG")
    args = parser.parse_args(argv)
    out = Path(args.out).resolve()
    if shutil.which("xvfb-run") is None:
        print("xvfb-run is missing; install the packages listed in .ci/run", file=sys.stderr)
        return 2
    enclave = Path(sys.executable).with_name("enclave")
    command = [str(enclave)] if enclave.exists() else [sys.executable, "-m", "app.main"]
    with tempfile.TemporaryDirectory(prefix="enclave-shot-") as tmp:
        docs = Path(tmp) / "documents"
        docs.mkdir()
        make_pdf(docs / "harbor-lights-programme.pdf")
        home = Path(tmp) / "home"
        home.mkdir()
        (home / "settings.json").write_text('{"theme": "light"}\n')      # the light look first, whatever the desktop
        env = dict(os.environ, ENCLAVE_HOME=str(home), QT_QPA_PLATFORM="xcb",
                   ENCLAVE_GUI_INDEX=str(docs), ENCLAVE_GUI_ASK=QUESTION, ENCLAVE_GUI_SCREENSHOT=str(out),
                   ENCLAVE_GUI_TIMINGS="1", ENCLAVE_GUI_SCRIPT_TIMEOUT=os.environ.get("ENCLAVE_SHOT_TIMEOUT", "400"),
                   ENCLAVE_LAUNCH_T0=repr(time.time()))
        if args.dark:
            env["ENCLAVE_GUI_SCREENSHOT_DARK"] = str(Path(args.dark).resolve())
        if args.preview:
            env["ENCLAVE_GUI_PREVIEW"] = "1"
        if args.popup:
            env["ENCLAVE_GUI_POPUP_SHOT"] = str(Path(args.popup).resolve())
        env.pop("ENCLAVE_MODEL", None)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.unlink(missing_ok=True)
        result = subprocess.run(["xvfb-run", "-a", "-s", f"-screen 0 {args.screen}x24", *command], env=env, cwd=ROOT,
                                capture_output=True, text=True, timeout=600)
        sys.stdout.write(result.stdout)
        if result.returncode != 0 or not out.exists():
            sys.stderr.write(result.stderr[-4000:])
            print(f"screenshot failed (exit {result.returncode})", file=sys.stderr)
            return 1
    print(f"saved {out} ({out.stat().st_size:,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
