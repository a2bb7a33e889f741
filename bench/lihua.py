"""LiHua-World for the benchmarks: the corpus, its questions and their fixed dev/test split.

Why a split written here: every tunable of rag/ and agents/ is chosen on the dev
questions only, and every figure the benchmarks report is measured on the test
questions only. A question's split is a hash of its id (the key in query_set.json),
so it never changes with the order of the file or with --limit.
"""
from __future__ import annotations

import hashlib
import json
import os
import zipfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# The data sets folder: ../shared/datasets beside the checkout, or ENCLAVE_DATASETS.
DATASETS = Path(os.environ.get("ENCLAVE_DATASETS") or ROOT.parent / "shared" / "datasets")
DATA = DATASETS / "lihua-world"
SPLITS = ("dev", "test")


@dataclass(frozen=True)
class Question:
    qid: str
    text: str
    answer: str
    evidence: tuple[str, ...]      # time stamps of the chat logs that hold the answer
    type: str                      # Single, Multi or Null

    @property
    def order(self) -> bytes:
        """A fixed pseudo-random order inside a split (--limit takes a prefix of it)."""
        return hashlib.sha1(f"lihua-order:{self.qid}".encode()).digest()


def split_of(qid: str) -> str:
    """'dev' or 'test' for a question id: one bit of a SHA-1 of the id."""
    return SPLITS[hashlib.sha1(f"lihua-split:{qid}".encode()).digest()[0] & 1]


def questions(split: str | None = None, *, data: Path = DATA) -> list[Question]:
    """The questions of one split (or all), in the split's fixed order."""
    raw = json.loads((data / "query_set.json").read_text(encoding="utf-8"))
    out = [Question(qid, q["question"], q["answer"], tuple(s.strip() for s in q["evidence"].split("<and>") if s.strip()),
                    q["type"]) for qid, q in raw.items()]
    if split is not None:
        out = [q for q in out if split_of(q.qid) == split]
    return sorted(out, key=lambda q: q.order)


def unpack(corpus: Path, *, data: Path = DATA) -> list[Path]:
    """The chat logs, unzipped into `corpus` once."""
    if not corpus.exists():
        with zipfile.ZipFile(data / "LiHuaWorld.zip") as archive:
            archive.extractall(corpus)
    return sorted(corpus.rglob("*.txt"))


def evidence_files(corpus: Path) -> dict[str, str]:
    """Time stamp ("20260121_10:00") -> file path, from each file's first line."""
    out = {}
    for file in corpus.rglob("*.txt"):
        first = file.read_text(encoding="utf-8", errors="replace").split("\n", 1)[0]
        if first.startswith("Time:"):
            out[first.split(":", 1)[1].strip()] = str(file.resolve())
    return out
