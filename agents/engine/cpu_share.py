"""How many threads an answer should use now: no more than the cores other processes leave idle.

Why: llama.cpp splits each token's work over its threads and waits for all of them at
every step. When another program keeps the cores busy, a thread that the OS parks for a
time slice stalls the others at the next barrier, hundreds of times per token: on the
2-core reference machine with two busy processes, two threads took several times longer
to the first token than one. So, unless the user fixed the thread count, each generation
uses the cores that were idle over the last half second (at least one).

A long prompt is the exception, where llama.cpp is built with OpenMP (the Linux wheels
are): its threads wait at a barrier by spinning, GNU libgomp's default for about 300,000
rounds, so a parked partner costs a whole time slice. The engine child caps that spin
(GOMP_SPINCOUNT, set before llama.cpp loads; a user's own setting is kept) and then a
busy machine still gives a long prompt every core: waiting threads sleep instead of
taking the CPU from their partner. A short one (a chat turn after the cached system
prompt) stays on the generating threads: there a few milliseconds of gain are smaller
than the occasional stall of a thread pair that another program keeps interrupting.
Measured on the 2-core reference machine with two busy processes (dev probes in the
engine alone, not the bench's questions): a 1,221-token prompt 8.8 -> 7.2 s; a 16-token
chat turn 107-117 -> 74-77 ms median but with stalls up to 0.2 s.
"""
from __future__ import annotations

import os
import threading
import time
from collections.abc import MutableMapping

import psutil

SAMPLE_S = 0.5
SPIN_COUNT_ENV, WAIT_POLICY_ENV = "GOMP_SPINCOUNT", "OMP_WAIT_POLICY"
BOUNDED_SPIN_COUNT = 10_000     # libgomp's default is 300,000; 1,000 to 30,000 measured alike on the dev probe
MOST_SPINS_THAT_SHARE = 100_000
# new tokens to read (after the cached prefix) worth every core on a busy machine: a wash at 142 tokens
# on the dev probe (0.93 -> 0.90 s mean, more spread), 19% faster at 1,221
LONG_PROMPT_TOKENS = 256


def bound_openmp_spinning(environ: MutableMapping[str, str] = os.environ) -> bool:
    """Cap OpenMP's spin-wait before llama.cpp (and libgomp) load; False when the user chose already."""
    if SPIN_COUNT_ENV in environ or WAIT_POLICY_ENV in environ:
        return False
    environ[SPIN_COUNT_ENV] = str(BOUNDED_SPIN_COUNT)
    return True


def prompt_shares_cores_well(system_info: str, environ: MutableMapping[str, str] = os.environ) -> bool:
    """True when llama.cpp uses OpenMP and its waiting threads spin only briefly (or sleep at once)."""
    if "OPENMP = 1" not in system_info:
        return False    # ggml's own thread pool spins at its barriers without limit
    if environ.get(WAIT_POLICY_ENV, "").strip().lower() == "passive":
        return True
    try:
        return int(environ.get(SPIN_COUNT_ENV, "")) <= MOST_SPINS_THAT_SHARE
    except ValueError:
        return False


def threads_for(configured: int, physical: int, logical: int, others_busy: float) -> int:
    """`configured` when the user set it; else the physical cores, scaled down by the share others use."""
    if configured > 0:
        return configured
    idle_share = max(0.0, logical - others_busy) / max(logical, 1)
    return max(1, min(physical, round(physical * idle_share)))


def prompt_threads_for(configured: int, physical: int, generation_threads: int, shares_well: bool,
                       new_tokens: int) -> int:
    """Threads for reading the prompt: every physical core for a long prompt where waiting threads
    yield; else as many as generate (on a quiet machine, that is every core anyway)."""
    if configured > 0:
        return configured
    return physical if shares_well and new_tokens >= LONG_PROMPT_TOKENS else generation_threads


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
