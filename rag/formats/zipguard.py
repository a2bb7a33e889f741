"""Refuse zip-based files (DOCX, XLSX, PPTX) that would inflate beyond a sane size.

The 200 MiB file limit bounds only the compressed bytes: a 40 KiB DOCX can hold a
part that inflates to gigabytes, and python-docx/openpyxl/python-pptx read parts
whole. The zip's central directory states every member's uncompressed size, so
the check costs nothing and runs before any library opens the file. Sizes stated
falsely are caught by the loader process's memory budget (rag.formats.sandbox).
"""
from __future__ import annotations

import zipfile
from pathlib import Path

from rag.formats.base import LoadError

MAX_TOTAL_BYTES = 512 * 2**20      # all members together, uncompressed
MAX_MEMBER_BYTES = 256 * 2**20     # any one member
MAX_RATIO = 200                    # uncompressed / compressed, for members over 1 MiB
MAX_MEMBERS = 20_000


def check_zip(path: Path, kind: str) -> None:
    """Raise LoadError when `path` is not a zip or would inflate past the limits."""
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise LoadError(f"the {kind} file is damaged or not really a {kind} file ({exc.__class__.__name__})") from None
    if len(members) > MAX_MEMBERS:
        raise LoadError(f"the {kind} file has {len(members)} parts (the limit is {MAX_MEMBERS}); it was not opened")
    total = 0
    for member in members:
        size = member.file_size
        total += size
        if size > MAX_MEMBER_BYTES:
            raise LoadError(f"the {kind} file would inflate to {size / 2**20:.0f} MiB in one part "
                            f"(the limit is {MAX_MEMBER_BYTES // 2**20} MiB); it looks like a zip bomb and was not opened")
        if size > 2**20 and size > MAX_RATIO * max(member.compress_size, 1):
            raise LoadError(f"the {kind} file's part {member.filename!r} is compressed {size // max(member.compress_size, 1)}:1 "
                            f"(the limit is {MAX_RATIO}:1); it looks like a zip bomb and was not opened")
    if total > MAX_TOTAL_BYTES:
        raise LoadError(f"the {kind} file would inflate to {total / 2**20:.0f} MiB "
                        f"(the limit is {MAX_TOTAL_BYTES // 2**20} MiB); it was not opened")
