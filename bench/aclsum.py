"""ACLSum papers as a user would have them, and the scores of a summary against their human summaries.

A paper becomes a Markdown file: its title, then the abstract, introduction and conclusion as
sections, with the data set's tokenization undone (no space before , . ; : ) %, none after ( ).
The gold summary is the paper's three aspect sentences (challenge, approach, outcome) in that order.
ROUGE is Google's `rouge-score` package: ROUGE-1, ROUGE-2 and ROUGE-L (summary-level LCS over the
whole text, `rougeL`, not `rougeLsum`) F1, with and without the Porter stemmer.
"""
from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from pathlib import Path

# ../shared/datasets beside the checkout, or ENCLAVE_DATASETS (as bench/lihua.py)
DATA = Path(os.environ.get("ENCLAVE_DATASETS") or Path(__file__).resolve().parents[2] / "shared" / "datasets") / "aclsum"
SPLITS = ("train", "val")          # the test split is held out elsewhere: never fetched here
SECTIONS = (("abstract", "Abstract"), ("introduction", "Introduction"), ("conclusion", "Conclusion"))
ROUGE_TYPES = ("rouge1", "rouge2", "rougeL")


@dataclass(frozen=True)
class Paper:
    pid: str
    title: str
    sections: dict[str, list[str]]      # detokenized sentences per section
    gold: str

    def markdown(self) -> str:
        parts = [f"# {self.title}"]
        for key, heading in SECTIONS:
            if self.sections.get(key):
                parts.append(f"## {heading}\n\n" + " ".join(self.sections[key]))
        return "\n\n".join(parts) + "\n"

    def lead(self, n: int = 3) -> str:
        """The first n sentences of the paper's text (its abstract's first sentences)."""
        return " ".join([s for key, _ in SECTIONS for s in self.sections.get(key, [])][:n])

    @property
    def abstract(self) -> str:
        return " ".join(self.sections.get("abstract", []))

    @property
    def text(self) -> str:
        return " ".join(s for key, _ in SECTIONS for s in self.sections.get(key, []))


def detokenize(sentence: str) -> str:
    """'word , word ( x ) .' -> 'word, word (x).'"""
    text = " ".join(sentence.split())
    text = re.sub(r" ([,.;:)\]%?!])", r"\1", text)
    text = re.sub(r"([(\[]) ", r"\1", text)
    text = re.sub(r" (n't|'s|'re|'ve|'ll|'d|'m)\b", r"\1", text)
    text = text.replace("`` ", "\u201c").replace(" ''", "\u201d").replace("``", "\u201c").replace("''", "\u201d")
    return text


def papers(split: str, data: Path = DATA) -> list[Paper]:
    """The split's papers in the file's fixed order."""
    if split not in SPLITS:
        raise ValueError(f"split must be one of {SPLITS} (the test split is held out)")
    out = []
    with open(data / f"{'train' if split == 'train' else 'val'}.jsonl", encoding="utf-8") as handle:
        for line in handle:
            row = json.loads(line)
            sections = {k: [detokenize(s) for s in row["sentences"].get(k, [])] for k, _ in SECTIONS}
            gold = " ".join(row["summary"][a] for a in ("challenge", "approach", "outcome"))
            out.append(Paper(str(row["id"]), detokenize(row["title"]), sections, gold))
    return out


class Rouge:
    """F1 of ROUGE-1/2/L, with and without stemming, averaged over the texts scored (x100)."""

    def __init__(self) -> None:
        from rouge_score import rouge_scorer

        self.scorers = {stem: rouge_scorer.RougeScorer(list(ROUGE_TYPES), use_stemmer=stem) for stem in (False, True)}

    def score(self, reference: str, summary: str) -> dict[str, float]:
        out = {}
        for stem, scorer in self.scorers.items():
            for key, value in scorer.score(reference, summary).items():
                out[f"{key}{'+stem' if stem else ''}"] = 100 * value.fmeasure
        return out


def mean_scores(rows: list[dict[str, float]]) -> dict[str, float]:
    return {k: sum(r[k] for r in rows) / len(rows) for k in rows[0]} if rows else {}
