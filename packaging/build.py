#!/usr/bin/env python3
"""Build the self-contained Enclave app for this operating system, in one command.

    python3 packaging/build.py            # Linux: dist/enclave/ + dist/enclave-<v>-linux-<arch>.tar.xz
                                          # macOS: dist/Enclave.app + dist/Enclave-<v>-macos-<arch>.dmg
                                          # Windows: dist\\enclave\\ + the Inno Setup installer (if iscc is found)
    python3 packaging/build.py --clean    # forget PyInstaller's cache first

Only the standard library is used here (like dev.py): the project's virtual environment
(.venv, or $ENCLAVE_VENV) is created or completed with the `packaging` extra when needed, and
PyInstaller, the icon renderer and the models come from there. Output goes to build/ and dist/.
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import lzma
import os
import platform
import shutil
import subprocess
import sys
import tarfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
import bundle_rules  # noqa: E402
import size_report  # noqa: E402

DIST = ROOT / "dist"
BUILD = ROOT / "build"
ICONS = BUILD / "icons"


def venv_python() -> Path:
    venv = Path(os.environ.get("ENCLAVE_VENV", ROOT / ".venv"))
    return venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def ensure_build_env() -> Path:
    """The venv's python, with the app and PyInstaller installed (via dev.py's installer)."""
    python = venv_python()
    if python.exists() and subprocess.run([str(python), "-c", "import PyInstaller, PIL, app"],
                                          capture_output=True, cwd=ROOT).returncode == 0:
        return python
    spec = importlib.util.spec_from_file_location("enclave_dev", ROOT / "dev.py")
    dev = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    spec.loader.exec_module(dev)
    dev.ensure_env("packaging")
    return python


def release_name(version: str, system: str | None = None, machine: str | None = None) -> str:
    """`enclave-0.1.0-linux-x86_64`: the name of the release artifact and its top folder."""
    system = (system or platform.system()).lower().replace("darwin", "macos")
    machine = (machine or platform.machine()).lower().replace("amd64", "x86_64").replace("aarch64", "arm64")
    return f"enclave-{version}-{system}-{machine}"


def run(cmd: list[str], **kwargs) -> None:
    print("[build] " + " ".join(cmd), flush=True)
    subprocess.run(cmd, check=True, cwd=ROOT, **kwargs)


def make_linux_tarball(bundle: Path, version: str, out_dir: Path, icons: Path) -> Path:
    """The release tarball (.tar.xz): the app folder, install/uninstall scripts, the .desktop entry, icons.

    xz, not gzip: the libraries compress a quarter better (measured on the bundle: 328 MiB with
    gzip -6, under 300 with xz -6). The system's `xz` runs on every core when it is there."""
    name = release_name(version)
    plain = out_dir / f"{name}.tar"
    linux = HERE / "linux"
    with tarfile.open(plain, "w") as tar:
        tar.add(bundle, arcname=f"{name}/enclave")
        for script in ("install.sh", "uninstall.sh"):
            tar.add(linux / script, arcname=f"{name}/{script}")
        tar.add(linux / "enclave.desktop", arcname=f"{name}/enclave.desktop")
        tar.add(HERE / "README.md", arcname=f"{name}/README.md")
        for icon in sorted(icons.glob("enclave*.png")) + [icons / "enclave.svg"]:
            tar.add(icon, arcname=f"{name}/icons/{icon.name}")
    tarball = plain.with_name(plain.name + ".xz")
    tarball.unlink(missing_ok=True)
    if shutil.which("xz"):
        run(["xz", "-6", "-T0", str(plain)])                 # replaces NAME.tar by NAME.tar.xz
    else:
        with plain.open("rb") as source, lzma.open(tarball, "wb", preset=6) as target:
            shutil.copyfileobj(source, target, 1 << 20)
        plain.unlink()
    return tarball


def package(version: str, python: Path) -> list[Path]:
    """Wrap the PyInstaller output into this platform's release artifact(s)."""
    if sys.platform.startswith("linux"):
        return [make_linux_tarball(DIST / "enclave", version, DIST, ICONS)]
    if sys.platform == "darwin":
        dmg = DIST / f"{release_name(version).replace('enclave-', 'Enclave-', 1)}.dmg"
        run(["bash", str(HERE / "macos" / "make_dmg.sh"), str(DIST / "Enclave.app"), str(dmg), version])
        return [dmg]
    iscc = shutil.which("iscc") or shutil.which("ISCC.exe")
    if not iscc:
        print("[build] Inno Setup's iscc is not on PATH: skipping the installer (dist\\enclave is built)")
        return []
    run([iscc, f"/DAppVersion={version}", f"/DRoot={ROOT}", str(HERE / "windows" / "enclave.iss")])
    return sorted(DIST.glob(f"Enclave-{version}-setup*.exe"))


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description="Build the Enclave desktop bundle for this OS.")
    parser.add_argument("--clean", action="store_true", help="discard PyInstaller's cache first")
    args = parser.parse_args(argv)
    started = time.monotonic()
    version = bundle_rules.project_version(ROOT / "pyproject.toml")
    python = ensure_build_env()
    run([str(python), "-P", str(HERE / "icons.py"), str(ICONS)])     # -P: packaging/ must not shadow modules
    embedding = ROOT / bundle_rules.SHIPPED_EMBEDDING_BUILD_DIR    # tokenizer + int8 ONNX, checked
    if args.clean or not (embedding / "onnx").is_dir():
        run([str(python), "-P", str(HERE / "export_onnx.py"), str(embedding)])
    pyinstaller = [str(python), "-m", "PyInstaller", str(HERE / "enclave.spec"), "--noconfirm",
                   "--distpath", str(DIST), "--workpath", str(BUILD / "pyinstaller"), "--log-level", "WARN"]
    run(pyinstaller + (["--clean"] if args.clean else []))
    bundled = time.monotonic()
    artifacts = package(version, python)
    finished = time.monotonic()
    bundle = DIST / ("Enclave.app" if sys.platform == "darwin" else "enclave")
    parts = size_report.parts(bundle)
    report = {
        "version": version,
        "bundle": str(bundle.relative_to(ROOT)),
        "bundle_bytes": sum(parts.values()),
        "artifacts": {str(p.relative_to(ROOT)): p.stat().st_size for p in artifacts},
        "parts": parts,
        "seconds_to_bundle": round(bundled - started, 1),   # icons, ONNX export, PyInstaller
        "total_seconds": round(finished - started, 1),
    }
    (DIST / "build-report.json").write_text(json.dumps(report, indent=2) + "\n")
    print("[build] the biggest parts of the bundle:\n" + size_report.report(parts))
    print(f"[build] bundle {report['bundle']}: {report['bundle_bytes'] / 2**20:.0f} MiB on disk")
    for path, size in report["artifacts"].items():
        print(f"[build] artifact {path}: {size / 2**20:.0f} MiB")
    print(f"[build] done in {report['total_seconds']:.0f} s (bundle ready after {report['seconds_to_bundle']:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
