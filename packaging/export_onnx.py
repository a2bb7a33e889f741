"""Export the embedded all-MiniLM-L6-v2 to ONNX at build time, so the bundle can leave torch out.

    python packaging/export_onnx.py OUT_FILE      (with the project's virtual environment)

rag's Embedder runs the model through onnxruntime and exports the ONNX file itself on first use,
which needs torch + transformers (about 900 MB in a bundle). Exporting once here, with rag's
own code, and shipping the file lets the bundled app skip that step: `enclave_entry.py` puts it
where the Embedder looks. What ships is the int8 model the Embedder makes from the export
(rag.onnx_int8; the bundle leaves the quantizer out). It is checked by embedding a sentence.
"""
from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path


ROOT = Path(__file__).resolve().parent.parent


def export(out_file: Path) -> Path:
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))     # this checkout's rag, also when the venv does not install it
    from rag.embedder import Embedder

    with tempfile.TemporaryDirectory(prefix="enclave-onnx-") as cache:
        embedder = Embedder("", cache_dir=Path(cache))
        embedder.load()
        if embedder.backend != "onnxruntime":
            raise RuntimeError(f"rag's Embedder did not produce an ONNX model (backend: {embedder.backend!r})")
        vector = embedder.encode(["The lighthouse of Port Elric."])
        if vector.shape[0] != 1 or abs(float((vector ** 2).sum()) - 1.0) > 1e-3:
            raise RuntimeError("the exported model does not produce unit-length sentence vectors")
        if embedder.precision != "int8":
            raise RuntimeError("the int8 model could not be made (see the warning above); the bundle would re-embed slower")
        exported = embedder._onnx_file()         # the int8 model the app runs (the bundle has no quantizer)
        out_file.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(exported, out_file)
    return out_file


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    out = export(Path(argv[0]))
    print(f"onnx    {out} ({out.stat().st_size / 2**20:.0f} MiB)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
