"""The file's format and text: format detection, decoding (whole or in chunks), the CSV
separator, and the quick byte check that tells which chunks may hold a personal number."""

from __future__ import annotations

import codecs
import io
from collections.abc import Callable, Iterable, Iterator

from .problems import ImportProblem, ProblemCode, ProblemCollector

__all__ = [
    "BLOCK_SIZE",
    "ChunkState",
    "csv_lines",
    "decode",
    "detect_format",
    "may_hold_bytes",
    "may_hold_text",
    "sniff_separator",
    "text_chunks",
]

BLOCK_SIZE = 1 << 20  # bytes read at a time


def detect_format(data: bytes, filename: str, more: bool = False) -> str | ImportProblem:
    """The format from the file's first block (``more``: the file goes on after it)."""
    name = filename.lower()
    ext = name.rsplit(".", 1)[-1] if "." in name else ""
    if data.startswith(b"PK\x03\x04"):
        return "xlsx"
    if data.startswith(b"\xd0\xcf\x11\xe0") or ext == "xls":
        return ImportProblem(ProblemCode.UNSUPPORTED_FORMAT, params={"format": "xls"})
    if ext in ("xlsx", "xlsm"):
        if not more and not data.strip():
            return ImportProblem(ProblemCode.EMPTY_FILE)
        return "xlsx"  # not a zip: the xlsx reader reports it as unreadable
    if ext == "json":
        return "json"
    head = data[:64].lstrip(b"\xef\xbb\xbf \t\r\n")
    if ext not in ("csv", "txt", "tsv") and head[:1] in (b"{", b"["):
        return "json"
    return "csv"


def decode(data: bytes, reader: ProblemCollector) -> str | None:
    """A whole file's text (UTF-16 with a BOM, UTF-8, else Windows-1252), or ``None``
    with the problem reported."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            reader.add(ProblemCode.ENCODING, encoding="utf-16")
            return None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        if b"\x00" in data:
            text = None
        else:
            try:
                text = data.decode("cp1252")
            except UnicodeDecodeError:
                text = None
        if text is None:
            reader.add(ProblemCode.ENCODING, position=exc.start + 1)
            return None
    if "\x00" in text:
        reader.add(ProblemCode.ENCODING, position=data.index(b"\x00") + 1)
        return None
    return text


class ChunkState:
    """Set by the chunk reader: ``current``, the flag of the chunk being parsed; ``hit``,
    whether any chunk since the last batch may hold a personal number."""

    __slots__ = ("current", "hit")

    def __init__(self) -> None:
        self.current = False
        self.hit = False


def text_chunks(
    first: bytes, read: Callable[[], bytes], reader: ProblemCollector, state: ChunkState
) -> Iterator[str]:
    """The file's text in chunks that end at a line break (``\\n``), decoded, each with
    its personnummer flag set in ``state`` before it is yielded (a quick check of the
    bytes: a hit only means "look closer at these rows"). ``first`` is the first block,
    ``read()`` gives the next (``b""`` at the end). An encoding problem is reported in
    ``reader``; the rest of the file is then read (for its fingerprint) and nothing more
    is yielded."""
    utf16 = first.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
    decoder = codecs.getincrementaldecoder("utf-16" if utf16 else "utf-8-sig")()
    ascii_so_far = True
    encoding = "utf-16" if utf16 else "utf-8"
    offset = 0  # bytes decoded so far
    tail = b""
    block = first
    text_tail = ""
    carry = False
    while True:
        eof = len(block) == 0
        data = tail + block if tail else block
        if utf16:
            try:
                text = decoder.decode(data, final=eof)
            except UnicodeDecodeError:
                reader.add(ProblemCode.ENCODING, encoding="utf-16")
                _drain(read)
                return
            text = text_tail + text
            cut = len(text) if eof else text.rfind("\n") + 1
            text, text_tail = text[:cut], text[cut:]
            tail = b""
            if text:
                flag = may_hold_text(text)
                state.hit = state.hit or flag
                state.current = flag
                yield text
        else:
            cut = len(data) if eof else data.rfind(b"\n") + 1
            if cut == 0 and len(data) > BLOCK_SIZE * 4:
                cut = len(data)  # a very long line: decode it in pieces
            piece, tail = data[:cut], data[cut:]
            if piece:
                nul = piece.find(b"\x00")
                if nul >= 0:
                    reader.add(ProblemCode.ENCODING, position=offset + nul + 1)
                    _drain(read)
                    return
                try:
                    text = decoder.decode(piece, final=eof)
                except UnicodeDecodeError as exc:
                    error: UnicodeDecodeError | None = exc
                    if encoding == "utf-8" and ascii_so_far:
                        # not UTF-8: Windows-1252, which reads ASCII the same way
                        encoding = "cp1252"
                        decoder = codecs.getincrementaldecoder("cp1252")()
                        try:
                            text = decoder.decode(piece, final=eof)
                            error = None
                        except UnicodeDecodeError as exc2:
                            error = exc2
                    if error is not None:
                        position = offset + error.start + 1
                        reader.add(ProblemCode.ENCODING, position=position)
                        _drain(read)
                        return
                if ascii_so_far and not piece.isascii():
                    ascii_so_far = False
                offset += len(piece)
                # a piece cut inside a very long line: this one and the next are
                # searched closely (a number may straddle the cut)
                flag = carry or may_hold_bytes(piece)
                carry = not eof and not piece.endswith(b"\n")
                flag = flag or carry
                state.hit = state.hit or flag
                state.current = flag
                if text:
                    yield text
        if eof:
            if text_tail:
                flag = may_hold_text(text_tail)
                state.hit = state.hit or flag
                state.current = flag
                yield text_tail
            return
        block = read()


def _drain(read: Callable[[], bytes]) -> None:
    """Read the rest of the file (so that its fingerprint covers every byte)."""
    while read():
        pass


# Line breaks that str.splitlines() knows but a CSV file does not (newline=""
# splits only at \r, \n and \r\n).
_OTHER_BREAKS = "\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"


def csv_lines(text: str) -> Iterable[str]:
    """The lines of ``text`` as ``open(newline="")`` gives them (ends kept)."""
    for ch in _OTHER_BREAKS:
        if ch in text:
            return io.StringIO(text, newline="")
    return text.splitlines(True)


def sniff_separator(text: str) -> str:
    """The separator of the header line: the most frequent of ``;``, ``,`` and tab
    outside quotes (a comma when there is none)."""
    line = ""
    for candidate in io.StringIO(text):
        if candidate.strip():
            line = candidate
            break
    counts = {";": 0, ",": 0, "\t": 0}
    quoted = False
    for ch in line:
        if ch == '"':
            quoted = not quoted
        elif not quoted and ch in counts:
            counts[ch] += 1
    best = max(counts, key=lambda k: (counts[k], k == ","))
    return best if counts[best] else ","


# Every personal number, in UTF-8 or Windows-1252, has six ASCII digits followed by a
# separator (- + or an en dash, which starts with 0xE2 in UTF-8 and is 0x96 in
# Windows-1252) or by four more digits. Mapping digits to "0", those separators to "-"
# and every other byte to "." makes that a plain substring search, which is far
# quicker than a regular expression over the text. A hit only means "look closer".
# Quotes are dropped first: a CSV reader appends what follows a closing quote to the
# cell, so the bytes "811218"9876 are the cell 8112189876.
_SHAPE = bytes(
    ord("0") if 48 <= b <= 57 else ord("-") if b in (0x2B, 0x2D, 0x96, 0xE2) else ord(".")
    for b in range(256)
)


def may_hold_bytes(data: bytes) -> bool:
    """Whether ``data`` (UTF-8 or Windows-1252) may hold a personal number."""
    shape = data.translate(_SHAPE, b'"')
    return b"000000-" in shape or b"0000000000" in shape


def may_hold_text(text: str) -> bool:
    """Whether ``text`` may hold a personal number (the byte check on its UTF-8)."""
    return may_hold_bytes(text.encode("utf-8", "surrogatepass"))
