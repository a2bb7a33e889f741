"""How many threads an answer should use now: no more than the cores other processes leave idle.

Why: llama.cpp splits each token's work over its threads and waits for all of them at
every step. When another program keeps the cores busy, a thread that the OS parks for a
time slice stalls the others at the next barrier, hundreds of times per token: on the
2-core reference machine with two busy processes, two threads took several times longer
to the first token than one. So, unless the user fixed the thread count, each generation
uses the cores that were idle over the last half second (at least one).
"""
from __future__ import annotations

import threading
import time

import psutil

SAMPLE_S = 0.5


def threads_for(configured: int, physical: int, logical: int, others_busy: float) -> int:
    """`configured` when the user set it; else the physical cores, scaled down by the share others use."""
    if configured > 0:
        return configured
    idle_share = max(0.0, logical - others_busy) / max(logical, 1)
    return max(1, min(physical, round(physical * idle_share)))


class OtherLoad:
    """Cores kept busy by other processes, sampled on a daemon thread (this process's own use left out).
    Enclave's own GUI process counts as "other" for the engine process: while it indexes, answers use fewer
    threads, which costs little (one thread is never the slow case; an oversubscribed thread is)."""

    def __init__(self, interval: float = SAMPLE_S) -> None:
        self.interval = interval
        self.others_busy = 0.0
        self._me = psutil.Process()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> "OtherLoad":
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="enclave-cpu-share", daemon=True)
            self._thread.start()
        return self

    def _sample(self) -> tuple[float, float, float]:
        total = psutil.cpu_times()
        # niced work counts too: under cgroups (one per user or service) a niced process elsewhere still
        # takes its share from the answer; only this process's own time is left out
        busy = sum(total) - total.idle - getattr(total, "iowait", 0.0)
        mine = self._me.cpu_times()
        return time.monotonic(), busy, mine.user + mine.system

    def _run(self) -> None:
        last = self._sample()
        while not self._stop.wait(self.interval):
            now = self._sample()
            wall = now[0] - last[0]
            if wall > 0:
                self.others_busy = max(0.0, (now[1] - last[1]) - (now[2] - last[2])) / wall
            last = now

    def stop(self) -> None:
        self._stop.set()
