"""Does a catalog model fit this computer? "fits", "tight" or "too large", with an estimate of tokens per second.

No GPU is assumed. The rules, and why:
- memory: the model's RAM (file + KV cache + runtime) against the memory free now. Up to 70% of it
  "fits" (the rest is for the documents' embedding model, the GUI and the user's other programs),
  up to 100% is "tight" (it loads, the machine may swap), beyond that "too large";
- disk: a model not yet downloaded needs its file size plus a 512 MB margin on the models folder's
  disk, else "too large" (it cannot be stored);
- speed: generating a token reads every weight once, so its time grows with the file size; but a
  small model's time is mostly fixed overhead (30 thin layers of small operations in SmolLM2-135M).
  Time per token = t_ref * (F + (1 - F) * size / ref_size), t_ref the embedded SmolLM2's, measured on
  this machine (agents/models/speed.py; it includes the cores and their load). F = 0.68 was chosen by
  bench/speed_estimate.py on its dev shapes (synthetic Qwen2.5-0.5B and 1.5B shapes); on its test
  shapes (Llama-3.2-1B and 3B) it is off by 12% on average, plain scaling by size (F = 0) by 127%.
  Under 2 tokens/s (a sentence every ten seconds) an entry is at best "tight".
The recommended entry is the largest (most parameters) that fits and still writes at reading pace
(5 tokens/s, about four words a second); if none does, the largest that fits.
"""
from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from agents.models.catalog import CatalogEntry

FITS, TIGHT, TOO_LARGE = "fits", "tight", "too large"
COMFORTABLE_SHARE = 0.70
DISK_MARGIN = 512 * 2**20
SLOW_TPS = 2.0
FIXED_SHARE = 0.68         # of the embedded model's time per token that does not grow with size (see above)
READING_TPS = 5.0


@dataclass(frozen=True)
class Machine:
    """What this computer offers now."""

    free_ram: int          # bytes available without swapping
    free_disk: int         # bytes free where models are stored
    cores: int             # physical cores
    reference_tps: float   # the embedded model's measured generation speed here
    reference_bytes: int   # the embedded model's file size
    measured: bool         # False: reference_tps is the design figure, not measured here


@dataclass(frozen=True)
class Fit:
    verdict: str           # FITS, TIGHT or TOO_LARGE
    tokens_per_s: float
    reason: str            # one plain line: why this verdict


def estimate_tps(size_bytes: int, machine: Machine) -> float:
    ratio = FIXED_SHARE + (1 - FIXED_SHARE) * size_bytes / max(machine.reference_bytes, 1)
    return machine.reference_tps / ratio


def judge(entry: CatalogEntry, machine: Machine, *, downloaded: bool = False) -> Fit:
    tps = estimate_tps(entry.size_bytes, machine)
    gb = 1e9              # decimal, as the publishers give model sizes
    if not downloaded and entry.size_bytes + DISK_MARGIN > machine.free_disk:
        return Fit(TOO_LARGE, tps, f"needs {entry.size_bytes / gb:.1f} GB of disk, "
                                   f"{machine.free_disk / gb:.1f} GB free")
    if entry.ram_bytes > machine.free_ram:
        return Fit(TOO_LARGE, tps, f"needs {entry.ram_bytes / gb:.1f} GB of memory, "
                                   f"{machine.free_ram / gb:.1f} GB free")
    if entry.ram_bytes > COMFORTABLE_SHARE * machine.free_ram:
        return Fit(TIGHT, tps, f"uses most of the free memory ({entry.ram_bytes / gb:.1f} of "
                               f"{machine.free_ram / gb:.1f} GB)")
    if tps < SLOW_TPS:
        return Fit(TIGHT, tps, f"slow here: about {tps:.1f} tokens/s on {machine.cores} cores")
    return Fit(FITS, tps, f"{entry.ram_bytes / gb:.1f} of {machine.free_ram / gb:.1f} GB free memory, "
                          f"about {tps:.0f} tokens/s")


def recommend(fits: list[tuple[CatalogEntry, Fit]]) -> CatalogEntry | None:
    """The largest entry that fits and writes at reading pace, else the largest that fits."""
    fitting = [(e, f) for e, f in fits if f.verdict == FITS]
    brisk = [(e, f) for e, f in fitting if f.tokens_per_s >= READING_TPS]
    pool = brisk or fitting
    return max(pool, key=lambda pair: pair[0].parameters)[0] if pool else None


def free_disk(folder: Path) -> int:
    """Bytes free on the disk holding `folder` (its nearest existing parent)."""
    probe = folder
    while not probe.exists() and probe != probe.parent:
        probe = probe.parent
    return shutil.disk_usage(probe).free


def this_machine(models_dir: Path, reference_tps: float, reference_bytes: int, measured: bool) -> Machine:
    import psutil

    from agents.engine.runtime import physical_cores

    return Machine(free_ram=int(psutil.virtual_memory().available), free_disk=free_disk(models_dir),
                   cores=physical_cores(), reference_tps=reference_tps, reference_bytes=reference_bytes,
                   measured=measured)
