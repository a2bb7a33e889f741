"""Whether the retrieval expert may let the model write its answer sentence (the `answer_style` setting).

Why: the embedded SmolLM2-135M writes wrong figures with real citations but chooses
well among spans of the text, so by default it only chooses and the quote stands
for free questions. A larger model (a user's 1.5-4B GGUF, or their own inference
server) writes a faithful sentence far more often; it gets the same structure and
one more freedom: a one-sentence written answer, still shown only when its citation
and every number, date and name in it check out against the passage
(agents/experts/retrieval.py), else the quote is shown as before.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from agents.engine.gguf import GGUFError, GGUFInfo, read_gguf_info

AUTO, QUOTES, WRITE = "auto", "quotes", "write"
STYLES = (AUTO, QUOTES, WRITE)
WRITER_PARAMETERS = 1_000_000_000     # "auto" lets a model write from about 1B parameters on
# When a header names no tensor sizes: a 1B model is ~0.6 GB at 4 bits, ~1.1 GB at 8 bits; from 1 GB on a
# file holds at least ~1B weights at 8 bits or ~1.8B at 4 bits.
WRITER_FILE_BYTES = 1_000_000_000


def model_parameters(info: GGUFInfo) -> int:
    """The model's weight count from its header, or an estimate from the file size when the header has none."""
    if info.parameters:
        return info.parameters
    return WRITER_PARAMETERS if info.size_bytes >= WRITER_FILE_BYTES else 0


def is_large(info: GGUFInfo) -> bool:
    return model_parameters(info) >= WRITER_PARAMETERS


@lru_cache(maxsize=8)
def _file_is_large(path: str, size: int, mtime: float) -> bool:
    try:
        return is_large(read_gguf_info(path))
    except GGUFError:
        return False


def writes_answers(style: str, model: Any) -> bool:
    """Does the retrieval expert let `model` write (True) or only choose and quote (False)?"""
    if style == WRITE:
        return True
    if style == QUOTES:
        return False
    from agents.engine.openai_server import ServerModel

    if isinstance(model, ServerModel):        # the user's own server runs a model they chose to be larger
        return True
    info = getattr(model, "info", None)
    if isinstance(info, GGUFInfo):
        return is_large(info)
    path = getattr(getattr(model, "config", None), "path", None)
    if not path:
        return False
    try:
        stat = Path(path).stat()
    except OSError:
        return False
    return _file_is_large(str(path), stat.st_size, stat.st_mtime)
