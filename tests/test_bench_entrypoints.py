"""Every benchmark under bench/ starts both ways the README gives: by path and with `-m`.

Why: a bench module named like a package (bench/agents.py once) shadowed `agents` when run by
path, and only `python -m bench.…` worked. Importing each script from outside the repository, with
only its own folder on sys.path (what `python bench/x.py` does), catches that without running it.
"""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BENCH_SCRIPTS = sorted(p for p in (ROOT / "bench").glob("*.py") if p.name != "__init__.py")
PACKAGES = {p.name for p in ROOT.iterdir() if (p / "__init__.py").is_file()}

# Exactly what `python bench/x.py` sets up: sys.path[0] is the script's folder; then import it
# under a name other than __main__, so its imports run and its benchmark does not.
_BY_PATH = """
import runpy, sys
script = sys.argv[1]
sys.path[0] = str(__import__("pathlib").Path(script).parent)
runpy.run_path(script, run_name="bench_import_check")
print("imported")
"""


def test_no_bench_module_is_named_like_a_package():
    clashing = {p.stem for p in BENCH_SCRIPTS} & PACKAGES
    assert not clashing, f"bench modules shadow project packages when run by path: {clashing}"


@pytest.mark.parametrize("script", BENCH_SCRIPTS, ids=lambda p: p.name)
def test_bench_imports_when_run_by_path(script: Path, tmp_path: Path):
    done = subprocess.run([sys.executable, "-c", _BY_PATH, str(script)], cwd=tmp_path,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and "imported" in done.stdout, done.stderr[-2000:]


def test_readme_lists_every_benchmark():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    runnable = [p for p in BENCH_SCRIPTS if 'if __name__ == "__main__"' in p.read_text(encoding="utf-8")]
    missing = [p.name for p in runnable if f"bench/{p.name}" not in readme and f"bench.{p.stem}" not in readme]
    assert not missing, f"README does not list: {missing}"
