"""Make the embedding model folder the bundle ships: tokenizer and configs + the int8 ONNX model, no weights.

    python packaging/export_onnx.py OUT_FOLDER      (with the project's virtual environment)

rag's Embedder runs all-MiniLM-L6-v2 through onnxruntime. From source it exports the model's
weights to ONNX on first use (torch + transformers) and quantizes that to int8 (rag.onnx_int8,
checked against the float model). Here that is done once, with rag's own code, and OUT_FOLDER
gets what the app runs and nothing else: the model folder's tokenizer and config files plus the
int8 file as `onnx/model_int8.onnx` (rag.embedder.READY_ONNX). The weights (model.safetensors,
87 MiB) and the float export (87 MiB) stay out, and so do torch and transformers. The folder is
checked by loading it with rag's Embedder: the same vectors as the int8 model made from source.
"""
from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path


ROOT = Path(__file__).resolve().parent.parent
MIN_COSINE = 0.999      # the shipped folder's vectors against the int8 model made from source, per probe


def export(out_dir: Path, cache: Path | None = None) -> Path:
    """Write the ready model folder to `out_dir` (replaced whole); `cache` may hold earlier exports."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))     # this checkout's rag, also when the venv does not install it
    import numpy as np

    from rag.embedder import READY_ONNX, WEIGHT_FILES, Embedder, default_model_path
    from rag.onnx_int8 import PROBES

    with tempfile.TemporaryDirectory(prefix="enclave-onnx-") as scratch:
        embedder = Embedder("", cache_dir=cache or Path(scratch))
        embedder.load()
        if embedder.backend != "onnxruntime" or embedder.precision != "int8":
            raise RuntimeError(f"rag's Embedder did not make the int8 ONNX model ({embedder.backend!r}, "
                               f"{embedder.precision!r}; see the warning above)")
        stage = out_dir.with_name(out_dir.name + ".partial")
        shutil.rmtree(stage, ignore_errors=True)
        shutil.copytree(default_model_path(), stage, ignore=shutil.ignore_patterns(*WEIGHT_FILES, "onnx", "*.onnx", ".gitattributes"))
        (stage / READY_ONNX["int8"]).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(embedder._onnx_file(), stage / READY_ONNX["int8"])
        shipped = Embedder(str(stage), cache_dir=None)
        shipped.load()
        cosines = np.sum(shipped.encode(PROBES) * embedder.encode(PROBES), axis=1)
        if shipped.precision != "int8" or shipped._weights() is not None or cosines.min() < MIN_COSINE:
            raise RuntimeError(f"the shipped model folder does not reproduce the int8 model (cosines {cosines})")
    shutil.rmtree(out_dir, ignore_errors=True)
    stage.rename(out_dir)
    return out_dir


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    out = export(Path(argv[0]))
    size = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
    print(f"embedding model {out} ({size / 2**20:.0f} MiB: tokenizer, configs, {out / 'onnx'}/*.onnx)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
