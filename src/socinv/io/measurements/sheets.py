"""A look at an xlsx's sheets before openpyxl parses them: openpyxl builds each row whole
(a dict per cell), so one row of a million cells (1.5 MB packed) takes half a gigabyte.
:func:`widest_row` counts the cells of each row of every worksheet, streaming the XML a
block at a time with no parser, so that such a file is refused unparsed."""

from __future__ import annotations

import re
import zipfile
from typing import BinaryIO

from socinv.core.limits import MAX_ROW_CELLS

__all__ = ["MAX_ROW_CELLS", "widest_row"]

BLOCK = 64 * 1024
_ROW = re.compile(rb"<(?:\w{1,16}:)?row\b")  # a row's start tag (not </row>, <rowBreaks>)
_CELLS = (b"<c ", b"<c>", b"<c/>")  # a cell's start tag
_PREFIXED = re.compile(rb"<\w{1,16}:c[\s>/]")  # <x:c …>, as some writers spell it


def _cells(data: bytes) -> int:
    count = sum(data.count(tag) for tag in _CELLS)
    if b":c" in data:
        count += len(_PREFIXED.findall(data))
    return count


def _widest(stream: BinaryIO) -> int:
    widest = current = 0
    tail = b""
    while block := stream.read(BLOCK):
        data = tail + block
        cut = data.rfind(b"<")  # no tag is cut in two: the last one waits for more
        if cut <= 0:
            cut = len(data)
        data, tail = data[:cut], data[cut:]
        pieces = _ROW.split(data)
        current += _cells(pieces[0])
        for piece in pieces[1:]:
            widest = max(widest, current)
            current = _cells(piece)
    return max(widest, current + _cells(tail))


def widest_row(source: BinaryIO) -> int:
    """The most cells any row of any worksheet of the xlsx ``source`` (a seekable file
    already passed by :func:`socinv.io.zipguard.check_zip`) has, possibly overcounted by
    odd text; the position of ``source`` is restored."""
    start = source.tell()
    try:
        with zipfile.ZipFile(source) as archive:
            widest = 0
            for member in archive.infolist():
                if member.filename.startswith("xl/worksheets/") and member.filename.endswith(
                    ".xml"
                ):
                    with archive.open(member) as stream:
                        widest = max(widest, _widest(stream))
            return widest
    finally:
        source.seek(start)
