"""The guard of every zip-based upload (xlsx): refuse a zip bomb before it is parsed.

:func:`check_zip` returns the problems of a zip file (``socinv.core.problems.Problem``;
worded in :mod:`socinv.l10n.measurements`): ``zip_invalid`` (not a zip, or a member
that cannot be read or whose content differs from what the directory declares),
``zip_too_large`` (its members together hold more than ``MAX_UNCOMPRESSED_BYTES``), and
``zip_ratio`` (one member is more than ``MAX_COMPRESSION_RATIO`` times its compressed
size; a member of at most ``RATIO_FREE_BYTES`` uncompressed, which cannot exhaust
anything, is free: 32 KB of one repeated character is an honest cell). It trusts nothing the zip declares: after the declared sizes pass, every member is
decompressed once, a block at a time, counting the bytes and stopping at the limits, and
must decompress to exactly its declared size (Python's :mod:`zipfile`, which the readers
use, stops at the declared size and checks the CRC, so what passed here is all a reader
can get). Memory: one block (64 KB) and the zip's directory; time: at most the limit's
bytes decompressed (about half a second for 100 MB).
"""

from __future__ import annotations

import os
import zipfile
import zlib
from typing import BinaryIO

from socinv.core.limits import MAX_COMPRESSION_RATIO, MAX_UNCOMPRESSED_BYTES, RATIO_FREE_BYTES
from socinv.core.problems import Problem

__all__ = ["ZIP_INVALID", "ZIP_RATIO", "ZIP_TOO_LARGE", "check_zip"]

ZIP_INVALID = "zip_invalid"
ZIP_TOO_LARGE = "zip_too_large"
ZIP_RATIO = "zip_ratio"
BLOCK = 64 * 1024
# what a corrupt, truncated, encrypted or lying zip raises while it is read
_UNREADABLE = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    NotImplementedError,
    EOFError,
    OSError,
    ValueError,
    RuntimeError,
    zlib.error,
)


def check_zip(
    file: BinaryIO | str | os.PathLike,
    *,
    max_uncompressed: int = MAX_UNCOMPRESSED_BYTES,
    max_ratio: int = MAX_COMPRESSION_RATIO,
) -> list[Problem]:
    """The problems of the zip ``file`` (a path, or a seekable binary file object whose
    position is restored), ``[]`` when it may be parsed. At most one problem: the first
    reason found (a bomb is refused as soon as it shows)."""
    start = None if isinstance(file, str | os.PathLike) else file.tell()
    try:
        with zipfile.ZipFile(file) as archive:
            members = archive.infolist()
            problem = _declared(members, max_uncompressed, max_ratio)
            if problem is None:
                problem = _actual(archive, members, max_uncompressed, max_ratio)
    except _UNREADABLE as exc:
        problem = Problem(ZIP_INVALID, "file", {"detail": type(exc).__name__})
    finally:
        if start is not None:
            file.seek(start)
    return [] if problem is None else [problem]


def _too_large(size: int, limit: int) -> Problem:
    # sizes in bytes: socinv.l10n words them ("100 MB", "100,5 MB") in the reader's language
    return Problem(ZIP_TOO_LARGE, "file", {"size_bytes": size, "limit_bytes": limit})


def _ratio(member: zipfile.ZipInfo, size: int, limit: int) -> Problem:
    ratio = size // max(member.compress_size, 1)
    return Problem(
        ZIP_RATIO,
        "file",
        {"member": member.filename[:80], "ratio": ratio, "limit": limit},
    )


def _cap(member: zipfile.ZipInfo, max_ratio: int) -> int:
    """The most ``member`` may unpack to without being a bomb."""
    return max(max_ratio * member.compress_size, RATIO_FREE_BYTES)


def _declared(members, max_uncompressed: int, max_ratio: int) -> Problem | None:
    total = sum(member.file_size for member in members)
    if total > max_uncompressed:
        return _too_large(total, max_uncompressed)
    for member in members:
        if member.file_size > _cap(member, max_ratio):
            return _ratio(member, member.file_size, max_ratio)
    return None


def _actual(archive: zipfile.ZipFile, members, max_uncompressed: int, max_ratio: int):
    total = 0
    for member in members:
        if member.is_dir():
            continue
        size = 0
        cap = _cap(member, max_ratio)
        with archive.open(member) as stream:
            while block := stream.read(BLOCK):
                size += len(block)
                total += len(block)
                if total > max_uncompressed:
                    return _too_large(total, max_uncompressed)
                if size > cap:
                    return _ratio(member, size, max_ratio)
        if size != member.file_size:
            return Problem(ZIP_INVALID, "file", {"detail": "size"})
    return None
