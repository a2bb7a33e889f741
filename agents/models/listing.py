"""The models list both front ends show: the active model, the downloaded ones, and the catalog with its fit.

One row per model: a catalog entry (downloaded or not), a downloaded file no catalog names (the user's
own download, or a catalog entry since removed), and the active model when it is a file elsewhere
(imported) or the embedded one.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from agents.models.catalog import Catalog, CatalogEntry
from agents.models.fit import TIGHT, Fit, Machine, judge, recommend
from agents.models.installed import downloaded_files, models_dir

EMBEDDED = "embedded"


@dataclass(frozen=True)
class ModelRow:
    """One model in the list, with what the user can do with it."""

    name: str                    # what `enclave models use/get/remove NAME` takes
    display_name: str
    kind: str                    # "catalog", "downloaded file", "embedded", "model file"
    entry: CatalogEntry | None   # the catalog's facts (None for a file no catalog names)
    fit: Fit | None
    path: str = ""               # the file on this computer ("" until downloaded)
    size_bytes: int = 0
    active: bool = False
    recommended: bool = False

    @property
    def downloaded(self) -> bool:
        return bool(self.path)

    def as_json(self) -> dict[str, object]:
        e = self.entry
        return {"name": self.name, "display_name": self.display_name, "kind": self.kind,
                "repo": e.repo if e else "", "file": e.file if e else Path(self.path).name,
                "size_bytes": e.size_bytes if e else self.size_bytes, "ram_bytes": e.ram_bytes if e else 0,
                "parameters": e.parameters if e else 0, "context_length": e.context_length if e else 0,
                "licence": e.licence if e else "", "accept_terms": e.accept_terms if e else False,
                "good_for": e.good_for if e else "",
                "fit": self.fit.verdict if self.fit else "", "tokens_per_s": round(self.fit.tokens_per_s, 1)
                if self.fit else None, "fit_reason": self.fit.reason if self.fit else "",
                "downloaded": self.downloaded, "path": self.path, "active": self.active,
                "recommended": self.recommended}


def _same(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except OSError:
        return False


def model_rows(home: Path, catalog: Catalog, machine: Machine, active: Path, embedded: Path) -> list[ModelRow]:
    """Active first, then downloaded, then the rest of the catalog (the recommended one marked)."""
    files = {p.name: p for p in downloaded_files(home)}
    rows: list[ModelRow] = []
    judged: list[tuple[CatalogEntry, Fit]] = []
    for entry in catalog.entries:
        path = files.pop(entry.file, None)
        fit = judge(entry, machine, downloaded=path is not None)
        judged.append((entry, fit))
        rows.append(ModelRow(entry.name, entry.display_name, "catalog", entry, fit, str(path or ""),
                             entry.size_bytes, bool(path) and _same(path, active)))
    for path in files.values():
        rows.append(ModelRow(path.stem, path.stem, "downloaded file", None, None, str(path), path.stat().st_size,
                             _same(path, active)))
    rows.append(ModelRow(EMBEDDED, "SmolLM2 135M Instruct (built in)", EMBEDDED, None, None, str(embedded),
                         embedded.stat().st_size if embedded.exists() else 0, _same(embedded, active)))
    if not any(r.active for r in rows):
        size = active.stat().st_size if active.exists() else 0
        rows.append(ModelRow(str(active), active.name, "model file", None, None, str(active), size, True))
    best = recommend(judged)
    rows = [replace(r, recommended=best is not None and r.entry is best) for r in rows]
    return sorted(rows, key=lambda r: (not r.active, not r.downloaded, r.kind == EMBEDDED,
                                       r.entry.parameters if r.entry else 0))


def worth_a_warning(row: ModelRow) -> str:
    """A line to show before downloading a model that does not fit well ("" when it fits)."""
    if row.fit is None or row.fit.verdict not in (TIGHT, "too large"):
        return ""
    return f"{row.display_name} is {row.fit.verdict} for this computer: {row.fit.reason}"


__all__ = ["EMBEDDED", "ModelRow", "model_rows", "models_dir", "worth_a_warning"]
