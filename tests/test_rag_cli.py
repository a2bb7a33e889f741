"""`enclave index / library / search / forget` through the real CLI parser and Core."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from app.cli import run_cli
from tests.rag_docs import make_pdf

pytestmark = pytest.mark.embedding
ROOT = Path(__file__).resolve().parent.parent


def test_cli_index_library_search_forget(tmp_path: Path, real_embedder, capsys: pytest.CaptureFixture[str]) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    make_pdf(docs / "manual.pdf", ["Chapter one: unpacking the espresso machine.",
                                   "Descaling: run citric acid through the boiler once a month."])
    (docs / "empty.txt").write_bytes(b"")
    assert run_cli(["index", str(docs)]) == 0
    err = capsys.readouterr().err
    assert "failed: " in err and "empty.txt" in err and "empty (0 bytes)" in err and "1 indexed" in err

    assert run_cli(["library", "--json"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert {(Path(r["path"]).name, r["status"]) for r in rows} == {("manual.pdf", "indexed"), ("empty.txt", "failed")}
    assert next(r for r in rows if r["status"] == "failed")["reason"]

    assert run_cli(["search", "how do I descale the boiler", "--json", "-k", "2"]) == 0
    hits = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert Path(hits[0]["path"]).name == "manual.pdf" and hits[0]["page"] == 2 and "citric" in hits[0]["text"]
    assert run_cli(["search", "descaling"]) == 0
    assert "manual.pdf:2" in capsys.readouterr().out

    assert run_cli(["forget", str(docs / "manual.pdf")]) == 0
    assert run_cli(["forget", str(docs / "manual.pdf")]) == 1
    assert "not in the library" in capsys.readouterr().err
    assert run_cli(["search", "  "]) == 1
    assert "empty" in capsys.readouterr().err


def test_library_command_does_not_import_torch_or_chromadb(tmp_path: Path) -> None:
    code = ("import sys; from app.cli import run_cli; run_cli(['library']); "
            "print(sorted(m for m in ('torch', 'chromadb', 'sentence_transformers', 'onnxruntime') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip().splitlines()[-1] == "[]"
    assert "library is empty" in out.stdout
