"""Time from "Download" to the first token of an answer from the new model, through the front door.

The steps the GUI's Download then Use buttons run (Enclave.download_model: checksum from the
repository's metadata, transfer, SHA-256, one engine run; use_model; load_active_model; then ask),
against the stand-in hub on 127.0.0.1 (tests/hub_server.py: the embedded SmolLM2 GGUF, 94 MiB, for
every catalog repository). Loopback is far faster than a real line, so `--mbps` can throttle it.
A timing, not a quality figure: nothing is tuned on it, so it has no dev/test split. Prints the load
average beside the figures (the machine is shared).

    python bench/model_switch.py [--model qwen2.5-0.5b] [--mbps 0]
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))   # also runs by path: python bench/<name>.py


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default="qwen2.5-0.5b", help="a catalog name (any maps to the stand-in file)")
    parser.add_argument("--mbps", type=float, default=0.0, help="throttle the stand-in to this many MiB/s (0: none)")
    args = parser.parse_args()
    os.environ["ENCLAVE_HOME"] = tempfile.mkdtemp(prefix="enclave-bench-")
    from agents.api import Enclave, Route, Token
    from tests.hub_server import start_hub

    server, hub = start_hub()
    hub.state.bytes_per_s = args.mbps * 2**20
    os.environ["HF_ENDPOINT"] = hub.url
    enclave = Enclave()
    enclave.model_catalog()                   # the catalog is open before the click (speed measured)
    marks: list[tuple[str, float]] = []
    start = time.perf_counter()
    for event in enclave.download_model(args.model, accept_licence=True):
        if event.stage in ("verifying", "checking", "done"):
            marks.append((event.stage, time.perf_counter() - start))
    enclave.use_model(args.model)
    enclave.load_active_model()
    marks.append(("used and loaded", time.perf_counter() - start))
    first = None
    for event in enclave.ask("What is the capital of France?", route=Route.DIRECT):
        if isinstance(event, Token) and first is None:
            first = time.perf_counter() - start
    marks.append(("first token of the answer", first or float("nan")))
    enclave.close()
    server.shutdown()
    load = os.getloadavg()
    print(f"stand-in download of {hub.state.blob.stat().st_size / 2**20:.1f} MiB "
          f"({'unthrottled loopback' if not args.mbps else f'{args.mbps:g} MiB/s'}); load average "
          f"{load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    previous = 0.0
    for label, at in marks:
        print(f"  {label:<28} at {at:6.1f} s  (+{at - previous:.1f} s)")
        previous = at
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
