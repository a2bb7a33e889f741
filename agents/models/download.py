"""The verified, resumable transfer of one model file into the models folder.

The bytes go to `<file>.part` beside the final name, with `<file>.part.json` recording which
file (size and SHA-256) they belong to. A cancel, a crash or a lost connection keeps them: the
next try asks the server for the rest (HTTP Range), a connection lost mid-file is retried at
once a few times. Only a file whose SHA-256 matches the repository's is moved (atomically, one
rename on the same disk) to its final name; anything else never looks like a model.
"""
from __future__ import annotations

import hashlib
import http.client
import json
import os
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from agents.models.fit import free_disk
from agents.models.hub import DownloadCancelled, DownloadError, RemoteFile, open_url
from agents.platform.cancel import CancelToken

CHUNK = 1 << 16
RETRIES = 3
SPACE_MARGIN = 64 * 2**20
PROGRESS_EVERY_S = 0.25


@dataclass(frozen=True)
class DownloadProgress:
    """One step of a download, for a progress bar: bytes, speed and time left."""

    name: str
    stage: str                 # "metadata", "downloading", "verifying", "checking", "done"
    done_bytes: int = 0
    total_bytes: int = 0
    bytes_per_s: float = 0.0
    seconds_left: float | None = None
    resumed_from: int = 0      # bytes already there when this try started
    path: str = ""             # the installed file, once "done"

    @property
    def fraction(self) -> float:
        return self.done_bytes / self.total_bytes if self.total_bytes else 0.0


def part_paths(folder: Path, file: str) -> tuple[Path, Path]:
    return folder / f"{file}.part", folder / f"{file}.part.json"


def _resume_point(remote: RemoteFile, part: Path, sidecar: Path) -> int:
    """Bytes of `part` that belong to this very file (0 when it is another file's or version's)."""
    try:
        note = json.loads(sidecar.read_text(encoding="utf-8"))
        same = note.get("sha256") == remote.sha256 and note.get("size") == remote.size
    except (OSError, ValueError, AttributeError):
        same = False
    have = part.stat().st_size if part.exists() else 0
    if not same or have > remote.size:
        part.unlink(missing_ok=True)
        sidecar.write_text(json.dumps({"repo": remote.repo, "file": remote.file, "sha256": remote.sha256,
                                       "size": remote.size}), encoding="utf-8")
        return 0
    return have


def _hash_existing(part: Path, have: int) -> "hashlib._Hash":
    digest = hashlib.sha256()
    if have:
        with part.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
    return digest


class _Meter:
    """Speed over the last few seconds and time left, for the progress events."""

    def __init__(self, name: str, total: int, start: int) -> None:
        self.name, self.total, self.start = name, total, start
        self.samples: list[tuple[float, int]] = [(time.monotonic(), start)]
        self.last_emit = 0.0

    def event(self, done: int, force: bool = False) -> DownloadProgress | None:
        now = time.monotonic()
        if not force and now - self.last_emit < PROGRESS_EVERY_S:
            return None
        self.last_emit = now
        self.samples = [s for s in self.samples if now - s[0] <= 5.0] + [(now, done)]
        t0, b0 = self.samples[0]
        speed = (done - b0) / (now - t0) if now > t0 else 0.0
        left = (self.total - done) / speed if speed > 0 else None
        return DownloadProgress(self.name, "downloading", done, self.total, speed, left, self.start)


def transfer(name: str, remote: RemoteFile, folder: Path, cancel: CancelToken | None = None,
             free_bytes: Callable[[Path], int] = free_disk, hosts: list[str] | None = None
             ) -> Iterator[DownloadProgress]:
    """Download `remote` into `folder`, yielding progress; the last event is "verified" with the final path.
    `hosts` collects every host the bytes came from (the hub redirects to its file storage)."""
    folder.mkdir(parents=True, exist_ok=True)
    part, sidecar = part_paths(folder, remote.file)
    have = _resume_point(remote, part, sidecar)
    needed, free = remote.size - have, free_bytes(folder)
    if needed + SPACE_MARGIN > free:
        raise DownloadError("no space", f"not enough free disk space in {folder}: the download needs "
                                        f"{(needed + SPACE_MARGIN) / 2**20:,.0f} MiB, {free / 2**20:,.0f} MiB "
                                        "is free; free some space and try again")
    digest = _hash_existing(part, have)
    meter = _Meter(name, remote.size, have)
    yield DownloadProgress(name, "downloading", have, remote.size, 0.0, None, have)
    failures = 0
    while have < remote.size:
        try:
            have, digest = yield from _receive(remote, part, have, digest, meter, cancel, hosts)
        except DownloadError as exc:
            if exc.outcome != "connection lost" or failures >= RETRIES:
                raise
            failures += 1
            time.sleep(min(2.0 ** failures / 4, 2.0))
            have = part.stat().st_size if part.exists() else 0     # what reached the disk before the loss
            digest = _hash_existing(part, have)
    yield DownloadProgress(name, "verifying", have, remote.size)
    if digest.hexdigest() != remote.sha256:
        part.unlink(missing_ok=True)
        sidecar.unlink(missing_ok=True)
        raise DownloadError("checksum mismatch", f"the downloaded {remote.file} does not match the SHA-256 the "
                                                 "repository publishes; it was deleted (a damaged transfer or a "
                                                 "tampered mirror). Try again")
    final = folder / remote.file
    os.replace(part, final)
    sidecar.unlink(missing_ok=True)
    yield DownloadProgress(name, "verified", have, remote.size, path=str(final))


def _receive(remote: RemoteFile, part: Path, have: int, digest: "hashlib._Hash", meter: _Meter,
             cancel: CancelToken | None, hosts: list[str] | None) -> Iterator[DownloadProgress]:
    """One HTTP request for the rest of the file; returns (bytes now held, digest)."""
    headers = {"Range": f"bytes={have}-"} if have else {}
    response = open_url(remote.url, remote.repo, remote.file, headers)
    with response:
        if hosts is not None:
            hosts.append(urlsplit(response.geturl()).hostname or "")
        if have and response.status != 206:        # the server ignored the range: start over
            have, digest = 0, hashlib.sha256()
        with part.open("r+b" if have else "wb") as out:
            out.seek(have)
            out.truncate()
            while have < remote.size:
                if cancel is not None and cancel.cancelled:
                    out.flush()
                    raise DownloadCancelled(f"download cancelled; the {have / 2**20:,.0f} MiB received "
                                                     "are kept and the next try resumes from there")
                try:
                    block = response.read(CHUNK)
                except (OSError, ValueError, http.client.HTTPException) as exc:
                    raise DownloadError("connection lost", f"the connection was lost after {have / 2**20:,.0f} "
                                                           f"MiB ({type(exc).__name__}); try again to resume") from None
                if not block:
                    raise DownloadError("connection lost", f"the server closed the connection after "
                                                           f"{have / 2**20:,.0f} MiB; try again to resume")
                out.write(block)
                digest.update(block)
                have += len(block)
                event = meter.event(have)
                if event is not None:
                    yield event
            out.flush()
            os.fsync(out.fileno())
    final = meter.event(have, force=True)
    if final is not None:
        yield final
    return have, digest
