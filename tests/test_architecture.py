"""The boundaries DESIGN.md draws: the core never imports Qt; app/ never imports the model or the stores."""
from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FORBIDDEN_IN_APP = {"llama_cpp", "chromadb", "sentence_transformers", "torch", "transformers", "onnxruntime"}


def _python_files(folder: str) -> list[Path]:
    return sorted((ROOT / folder).rglob("*.py"))


def test_core_packages_import_without_qt():
    code = (
        "import sys, pkgutil, importlib, agents, rag\n"
        "for pkg in (agents, rag):\n"
        "    for m in pkgutil.walk_packages(pkg.__path__, pkg.__name__ + '.'):\n"
        "        importlib.import_module(m.name)\n"
        "bad = sorted(n for n in sys.modules if n.startswith(('PySide6', 'PyQt', 'shiboken')))\n"
        "print(','.join(bad))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == "", f"the core imported Qt: {result.stdout}"


def test_core_source_never_imports_qt():
    for path in _python_files("agents") + _python_files("rag"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            for name in names:
                assert not name.startswith(("PySide6", "PyQt")), f"{path.relative_to(ROOT)} imports {name}"


def test_app_never_imports_model_or_stores():
    offenders = []
    for path in _python_files("app"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                names = [node.module or ""]
            else:
                continue
            offenders += [f"{path.relative_to(ROOT)}: {n}" for n in names if n.split(".")[0] in FORBIDDEN_IN_APP]
    assert offenders == []


def test_importing_the_packages_has_no_heavy_side_effects():
    code = ("import sys, agents, rag, app, agents.core, app.cli\n"
            "heavy = [m for m in ('torch', 'llama_cpp', 'chromadb', 'sentence_transformers', 'PySide6') if m in sys.modules]\n"
            "print(','.join(heavy))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == ""
