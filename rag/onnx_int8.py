"""int8 weights for the exported embedding model: the same vectors, about 1.8x less CPU per chunk.

onnxruntime's dynamic quantization stores the MatMul weights as int8 with one scale per
output channel and quantizes activations on the fly. Per channel matters: one scale per
tensor (the default) drops all-MiniLM-L6-v2's agreement with the float model to ~0.94
cosine, per channel keeps it at ~0.996 (measured on chunks of bench/ingest.py's text).
The file is made once, atomically, next to the float export; `agreement` is checked when it
is made, and a file that disagrees is thrown away (the Embedder then keeps the float model).
"""
from __future__ import annotations

import logging
import os
from pathlib import Path

import numpy as np

MIN_AGREEMENT = 0.98      # mean cosine with the float model's vectors on PROBES, or the int8 file is refused

PROBES = (
    "The lighthouse of Port Elric is kept by Marguerite Okafor.",
    "Invoice 2024-117: 412 tonnes of cod delivered on 3 March, payable within 30 days.",
    "Can we move Friday's meeting to 3 pm? Li Hua wants to discuss the rent.",
    "Sheet Expenses rows 2–19\nDate | Category | Amount | Note\n2024-01-03 | Travel | 123.45 | taxi",
    "word " * 300,
)


def quantize(float_file: Path, target: Path) -> None:
    """Write the int8 model of `float_file` to `target` (temp file + rename: never a half file)."""
    from onnxruntime.quantization import QuantType, quantize_dynamic

    partial = target.with_name(f"{target.name}.tmp{os.getpid()}")
    hush = _RootNotes()        # the quantizer advises pre-processing on the root logger: not the user's concern
    logging.getLogger().addFilter(hush)
    try:
        quantize_dynamic(str(float_file), str(partial), weight_type=QuantType.QInt8, per_channel=True,
                         op_types_to_quantize=["MatMul"])
        os.replace(partial, target)
    finally:
        logging.getLogger().removeFilter(hush)
        partial.unlink(missing_ok=True)


class _RootNotes(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return record.levelno >= logging.ERROR


def agreement(reference: np.ndarray, vectors: np.ndarray) -> float:
    """Mean cosine of two sets of unit vectors, row by row."""
    return float(np.mean(np.sum(reference * vectors, axis=1)))
