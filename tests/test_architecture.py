"""The boundaries docs/architecture.md draws: the core never imports Qt; app/ reaches the core only through its
front door (agents.api); modules stay small."""
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


def _imports(path: Path) -> list[str]:
    names: list[str] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            names.append(node.module or "")
    return names


def test_app_reaches_the_core_only_through_the_front_door():
    """app/ may import agents.api (the Enclave object, its errors, events and records) and nothing else of
    agents/ or rag/, so the core can change behind that one surface."""
    offenders = [f"{path.relative_to(ROOT)}: {name}" for path in _python_files("app") for name in _imports(path)
                 if name.split(".")[0] in ("agents", "rag") and name != "agents.api"]
    assert offenders == []


def test_no_event_is_dispatched_by_its_class_name():
    """Events are told apart with isinstance, never by `type(event).__name__` strings."""
    import re
    offenders = [str(path.relative_to(ROOT)) for path in _python_files("app") + _python_files("agents")
                 if re.search(r"type\(\w+\)\.__name__\s*(==|in\b)", path.read_text(encoding="utf-8"))]
    assert offenders == []


def test_modules_stay_small():
    """A newcomer reads a module in one sitting: median under 150 lines, none over 400."""
    sizes = {path: len(path.read_text(encoding="utf-8").splitlines())
             for folder in ("app", "agents", "rag") for path in _python_files(folder)}
    too_big = {str(p.relative_to(ROOT)): n for p, n in sizes.items() if n > 400}
    ordered = sorted(sizes.values())
    assert too_big == {}
    assert ordered[len(ordered) // 2] < 150


def test_the_code_cites_only_documents_the_project_has():
    """A document named in the code ("see DESIGN.md", "docs/architecture.md") must exist: in the repository,
    its docs/ folder, or at the relative path written (the data sets beside it)."""
    import re
    missing = []
    for path in _python_files("app") + _python_files("agents") + _python_files("rag") + _python_files("bench"):
        for name in re.findall(r"(?<![\w/.])((?:\.\./|docs/)[\w/.-]+\.md|[A-Z][A-Z_]+\.md)\b",
                               path.read_text(encoding="utf-8")):
            if not ((ROOT / name).exists() or (ROOT / "docs" / name).exists()):
                missing.append(f"{path.relative_to(ROOT)}: {name}")
    assert missing == []


def _module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def import_graph(root: Path = ROOT) -> dict[str, set[str]]:
    """Which project module imports which, from the source (ast), for agents/, rag/ and app/.

    Every import statement counts: at module level, inside functions and methods, and under
    `if TYPE_CHECKING:`. Why: the cycles this test was written against (base -> router -> planner ->
    tables -> base; library -> attachments/reconcile -> library; loaders -> mail -> loaders) ran
    through imports inside functions and a TYPE_CHECKING import; a deferred import hides a circle from
    the interpreter, not from the reader, and the layers stay readable only if arrows run one way.
    `from a.b import c` is an arrow to the module a.b.c when that is a module, else to a.b; the
    packages' own __init__ modules count as modules.
    """
    files = {_module_name(p, root): p for folder in ("agents", "rag", "app") for p in (root / folder).rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for module, path in files.items():
        package = module if path.name == "__init__.py" else module.rpartition(".")[0]
        targets: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    anchor = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                    base = ".".join(anchor + ([base] if base else []))
                names = [f"{base}.{a.name}" for a in node.names] + [base]
            else:
                continue
            for name in names:
                while name and name not in files:
                    name = name.rpartition(".")[0]
                if name and name != module:
                    targets.add(name)
        graph[module] = targets
    return graph


def import_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected groups of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_no_import_cycles():
    """Arrows between the project's modules run one way: no module reaches itself through its imports."""
    cycles = import_cycles(import_graph())
    assert cycles == [], "import cycles: " + "; ".join(" <-> ".join(c) for c in cycles)


def test_the_cycle_detector_sees_imports_inside_functions(tmp_path):
    """The detector must fail on the kind of circle the project had: one arrow deferred into a function."""
    (tmp_path / "rag").mkdir()
    (tmp_path / "agents").mkdir()
    (tmp_path / "app").mkdir()
    for package in ("rag", "agents", "app"):
        (tmp_path / package / "__init__.py").write_text("")
    (tmp_path / "rag" / "loaders.py").write_text("from rag.formats.mail import load\n")
    (tmp_path / "rag" / "formats").mkdir()
    (tmp_path / "rag" / "formats" / "__init__.py").write_text("")
    (tmp_path / "rag" / "formats" / "mail.py").write_text(
        "def load():\n    from rag.loaders import SUPPORTED\n    return SUPPORTED\n")
    (tmp_path / "agents" / "a.py").write_text("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n"
                                              "    from agents.b import B\n")
    (tmp_path / "agents" / "b.py").write_text("from . import a\n")
    assert import_cycles(import_graph(tmp_path)) == [["agents.a", "agents.b"], ["rag.formats.mail", "rag.loaders"]]


def test_platform_is_the_ground():
    """agents/platform/ (settings, paths, keychain, history, cancel) imports nothing else of agents/ but the
    plain event records (agents/events.py, which imports no agent): every layer may stand on it, so it may
    stand on none of them (the doctor, which checks them all, lives in agents/api/)."""
    graph = import_graph()
    offenders = [f"{m} -> {t}" for m, targets in graph.items() if m.startswith("agents.platform")
                 for t in targets if t.startswith("agents.") and not t.startswith(("agents.platform", "agents.events"))]
    assert offenders == []
