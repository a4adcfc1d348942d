"""Read a measurements file into typed rows: all or nothing, every problem at once.

``read_measurements(data, filename)`` accepts

* CSV with a comma separator and a decimal point;
* the Swedish Excel dialect: semicolon (or tab) separator, decimal comma, thousands
  grouped with a space or no-break space (``1 234,5``), and the real minus sign ``−``;
* text in UTF-8 (with or without BOM), UTF-16 with a BOM (Excel's "Unicode text"), or
  Windows-1252 (tried when the bytes are not UTF-8);
* xlsx (the first worksheet; formulas are read as their last computed value);
* JSON in the format of Kolada's API (``{"values": [{"kpi", "municipality", "period",
  "values": [{"gender": "T", "value"}]}]}``), see :mod:`socinv.io.kolada`.

The format is recognised from the content first (an xlsx file is a zip archive), then
from the file name. Header names are matched case-insensitively, in Swedish or English:
``indikator``/``indicator``, ``period``, ``värde``/``value`` (required),
``jämförelsevärde``/``comparison_value``, ``antal``/``individuals``,
``kommentar``/``comment``, ``kommun``/``municipality`` (optional).

**Personnummer guard**: every cell of every column (headers, comments and unknown
columns included) is searched for a Swedish personal identity number; one found refuses
the whole file with a problem naming the row and column. No message ever echoes the
number: every piece of user text quoted in a message goes through
:func:`socinv.core.personnummer.redact`.

Each problem has a stable ``code`` (:class:`ProblemCode`), an English ``message`` and the
``params`` used in it, so that the web layer can translate. Row numbers are 1-based as a
spreadsheet shows them (the header is row 1 when it is on the first line); for JSON the
"row" is the 1-based position of the entry in the ``values`` list.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import difflib
import gc
import hashlib
import io
import math
import re
import tempfile
from array import array
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from itertools import chain, islice, repeat
from operator import add, lshift, mul, setitem
from typing import Any, BinaryIO, NamedTuple

from socinv.core.personnummer import _CANDIDATE, contains_personal_number, redact

__all__ = [
    "COLUMNS",
    "ImportProblem",
    "ImportResult",
    "MeasurementReader",
    "MeasurementRow",
    "ProblemCode",
    "iter_measurements",
    "normalise_period",
    "read_measurements",
]


class ProblemCode(StrEnum):
    # the file as a whole
    EMPTY_FILE = "empty_file"
    NO_DATA_ROWS = "no_data_rows"
    ENCODING = "encoding"
    UNSUPPORTED_FORMAT = "unsupported_format"
    UNREADABLE_FILE = "unreadable_file"  # a corrupt or truncated xlsx
    MALFORMED_CSV = "malformed_csv"
    INVALID_JSON = "invalid_json"
    INVALID_STRUCTURE = "invalid_structure"  # JSON that is not in Kolada's format
    # the header
    MISSING_COLUMN = "missing_column"
    UNKNOWN_COLUMN = "unknown_column"
    DUPLICATE_COLUMN = "duplicate_column"
    UNNAMED_COLUMN = "unnamed_column"  # data under an empty header cell
    # a cell
    MISSING_VALUE = "missing_value"
    NOT_A_NUMBER = "not_a_number"
    NOT_A_WHOLE_NUMBER = "not_a_whole_number"
    NEGATIVE_INDIVIDUALS = "negative_individuals"
    INVALID_PERIOD = "invalid_period"
    NO_TOTAL_VALUE = "no_total_value"  # Kolada: no gender "T" value
    # across rows
    DUPLICATE_MEASUREMENT = "duplicate_measurement"
    # the guard: refuses the whole file
    PERSONAL_NUMBER = "personal_number"
    TOO_MANY_PROBLEMS = "too_many_problems"  # the count of problems not listed
    # warnings (do not refuse the file)
    VALUE_MISSING_SKIPPED = "value_missing_skipped"  # Kolada: value null, entry skipped


@dataclass(frozen=True, slots=True)
class ImportProblem:
    """One problem. ``row`` is 1-based (``None`` for the whole file); ``column`` is the
    header as written in the file (or the canonical name of a missing column; for JSON
    the field). ``row_label`` is ``"row"`` or, for JSON, ``"entry"``."""

    code: ProblemCode
    message: str
    row: int | None = None
    column: str | None = None
    params: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)
    row_label: str = "row"

    def __str__(self) -> str:
        where = []
        if self.row is not None:
            where.append(f"{self.row_label} {self.row}")
        if self.column is not None:
            where.append(f"{'field' if self.row_label == 'entry' else 'column'} {self.column!r}")
        return f"{', '.join(where)}: {self.message}" if where else self.message


class MeasurementRow(NamedTuple):
    """One measurement. A named tuple: immutable, and cheap to make a million of."""

    indicator: str
    period: str  # "2026", "2026-Q1", "2026-03" or "2026-03-31"
    value: float
    comparison_value: float | None = None
    individuals: int | None = None
    comment: str = ""
    municipality: str | None = None  # Kolada / comparison data: the municipality code
    row: int | None = None  # where it came from in the file
    comparison_individuals: int | None = None  # the comparison group's size


@dataclass(frozen=True, slots=True)
class ImportResult:
    """``rows`` is empty whenever there is a problem (all or nothing). ``warnings`` do
    not stop the import. ``fingerprint`` is the SHA-256 of the bytes, so that storage can
    recognise a second upload of the same file."""

    rows: tuple[MeasurementRow, ...]
    problems: tuple[ImportProblem, ...]
    warnings: tuple[ImportProblem, ...] = ()
    format: str = ""  # "csv", "xlsx", "json" or "" when not recognised
    fingerprint: str = ""

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def refused_for_personal_number(self) -> bool:
        return any(p.code == ProblemCode.PERSONAL_NUMBER for p in self.problems)


# column name -> (accepted header names, required)
COLUMNS: dict[str, tuple[tuple[str, ...], bool]] = {
    "indicator": (("indikator", "indicator"), True),
    "period": (("period",), True),
    "value": (("värde", "value"), True),
    "comparison_value": (("jämförelsevärde", "comparison_value"), False),
    "individuals": (("antal", "individuals"), False),
    "comparison_individuals": (
        ("antal_i_jämförelsegruppen", "jämförelseantal", "comparison_individuals"),
        False,
    ),
    "comment": (("kommentar", "comment"), False),
    "municipality": (("kommun", "municipality"), False),
}
_HEADER_TO_COLUMN = {alias: name for name, (aliases, _) in COLUMNS.items() for alias in aliases}

_MAX_ECHO = 40
MAX_PROBLEMS = 1000  # of each kind (guard, others) listed; the rest are counted
_NBSP = "\u00a0"
_NNBSP = "\u202f"
_MINUS = "\u2212"
_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
_GROUPED = re.compile(r"[+-]?[0-9]{1,3}(?:[ \u00a0\u202f][0-9]{3})+(?:[.,][0-9]+)?")
_PERIOD_YEAR = re.compile(r"([0-9]{4})")
_PERIOD_QUARTER = re.compile(r"([0-9]{4})[- ]?[QqKk]([1-4])")
_PERIOD_MONTH = re.compile(r"([0-9]{4})-([0-9]{1,2})")
_PERIOD_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")


BLOCK_SIZE = 1 << 20  # bytes read at a time
BATCH_SIZE = 4096  # rows validated (and yielded) at a time


def read_measurements(data: bytes, filename: str = "") -> ImportResult:
    """Read a whole measurements file given as bytes (CSV, xlsx or Kolada JSON). Never
    raises for bad input: every problem is in the result. A thin wrapper around
    :class:`MeasurementReader`, which streams a file of any size in bounded memory."""
    reader = MeasurementReader(io.BytesIO(data), filename)
    rows = [row for batch in reader.batches() for row in batch]
    return reader.result(rows)


def iter_measurements(stream: BinaryIO, filename: str = "") -> MeasurementReader:
    """A streaming reader over a binary file object: ``for batch in r.batches(): ...``,
    then ``r.ok``, ``r.problems``, ``r.fingerprint``."""
    return MeasurementReader(stream, filename)


class MeasurementReader:
    """Read a measurements file from a binary file object, incrementally.

    :meth:`batches` yields lists of validated :class:`MeasurementRow` (at most
    ``batch_size`` rows each) while no problem has been found; the rows after the first
    problem are still checked (every problem is reported) but no longer yielded. When the
    iteration is over, :attr:`problems`, :attr:`warnings`, :attr:`format`,
    :attr:`fingerprint` (SHA-256 of every byte, computed while reading) and :attr:`rows`
    (how many rows were valid) are final. All or nothing is the caller's job: use the
    rows only when :attr:`ok` at the end (e.g. validate in a first pass, store in a
    second).

    Memory: CSV is read ``BLOCK_SIZE`` bytes at a time and validated ``batch_size`` rows
    at a time; xlsx through openpyxl's read-only mode; a Kolada JSON file (small by
    nature) is read whole. What grows with the file is the duplicate check only: 4 bytes
    per indicator and period (1 000 indicators × 1 000 months: 4 MB), independent of the
    number of rows, up to 32 MB; past that (tens of thousands of distinct indicators) a
    dict of about 100 bytes per (indicator, period) pair.
    """

    def __init__(self, stream: BinaryIO, filename: str = "", *, batch_size: int = BATCH_SIZE):
        self.stream = stream
        self.filename = filename
        self.batch_size = batch_size
        self.collector = _Collector()
        self.format = ""
        self.fingerprint = ""
        self.rows = 0
        self._hash = hashlib.sha256()
        self._finished = False

    # -- the outcome --
    @property
    def problems(self) -> tuple[ImportProblem, ...]:
        return self.collector.all_problems()

    @property
    def warnings(self) -> tuple[ImportProblem, ...]:
        return tuple(self.collector.warnings)

    @property
    def ok(self) -> bool:
        return not self.collector.guard and not self.collector.problems

    @property
    def refused_for_personal_number(self) -> bool:
        return bool(self.collector.guard)

    def result(self, rows: Iterable[MeasurementRow] = ()) -> ImportResult:
        problems = self.problems
        return ImportResult(
            () if problems else tuple(rows),
            problems,
            self.warnings,
            self.format,
            self.fingerprint,
        )

    # -- reading --
    def _read(self, size: int = BLOCK_SIZE) -> bytes:
        block = self.stream.read(size)
        if block:
            self._hash.update(block)
        return block

    def _drain(self) -> None:
        """Hash the rest of the file (after a problem that stops the reading)."""
        while self._read():
            pass

    def batches(self) -> Iterator[list[MeasurementRow]]:
        if self._finished:
            raise RuntimeError("a MeasurementReader reads its file once")
        self._finished = True
        try:
            first = self._read()
            more = len(first) == BLOCK_SIZE
            fmt = _detect_format(first, self.filename, more)
            if isinstance(fmt, ImportProblem):
                self.collector.problems.append(fmt)
                self._drain()
                return
            self.format = fmt
            if fmt == "xlsx":
                yield from self._xlsx(first)
            elif fmt == "json":
                yield from self._json(first)
            else:
                yield from self._csv(first)
        finally:
            self.fingerprint = self._hash.hexdigest()

    def _emit(self, batches: Iterable[list[MeasurementRow]]) -> Iterator[list[MeasurementRow]]:
        for batch in batches:
            if batch and self.ok:
                self.rows += len(batch)
                yield batch

    def _json(self, first: bytes) -> Iterator[list[MeasurementRow]]:
        chunks = [first]
        while block := self._read():
            chunks.append(block)
        data = b"".join(chunks)
        reader = self.collector
        text = _decode(data, reader)
        if text is None:
            return
        from socinv.io.kolada import read_kolada

        reader.row_label = "entry"
        try:
            rows = read_kolada(text, reader)
        except RecursionError:
            rows = []
            reader.add(ProblemCode.INVALID_STRUCTURE, "the JSON is nested too deeply")
        yield from self._emit([rows])

    # -- CSV --
    def _csv(self, first: bytes) -> Iterator[list[MeasurementRow]]:
        state = _ChunkState()
        chunks = self._text_chunks(first, state)
        head = next(chunks, None)
        if head is None:
            if not self.collector.problems:
                self.collector.add(ProblemCode.EMPTY_FILE, "the file is empty")
            return
        sep = _sniff_separator(head)
        table = _Table(self.collector, decimal_comma=sep != ",")

        # the lines of each chunk in turn, without a Python frame per line
        lines = chain.from_iterable(map(_lines, chain((head,), chunks)))
        parser = csv.reader(lines, delimiter=sep)
        size = self.batch_size
        number = 0
        try:
            while True:
                # no cyclic garbage is made here: the collector's passes over the many
                # young lists and strings only cost time (a quarter of it)
                collecting = gc.isenabled()
                gc.disable()
                try:
                    rows = list(islice(parser, size))
                    scan = state.hit
                    state.hit = state.current
                    out = table.batch(rows, number + 1, scan) if rows else []
                finally:
                    if collecting:
                        gc.enable()
                if not rows:
                    break
                yield from self._emit([out])
                number += len(rows)
        except csv.Error as exc:
            self.collector.add(
                ProblemCode.MALFORMED_CSV,
                f"the CSV cannot be read at line {parser.line_num}: {exc}",
                line=parser.line_num,
                detail=str(exc),
            )
            self._drain()
            return
        table.finish()

    def _text_chunks(self, first: bytes, state: _ChunkState) -> Iterator[str]:
        """The file's text in chunks that end at a line break (``\\n``), decoded, each
        with its personnummer flag set in ``state`` before it is yielded (a quick check
        of the bytes: a hit only means "look closer at these rows")."""
        reader = self.collector
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
                    reader.add(ProblemCode.ENCODING, _ENCODING_MESSAGE, encoding="utf-16")
                    self._drain()
                    return
                text = text_tail + text
                cut = len(text) if eof else text.rfind("\n") + 1
                text, text_tail = text[:cut], text[cut:]
                tail = b""
                if text:
                    flag = _may_hold_text(text)
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
                        reader.add(
                            ProblemCode.ENCODING,
                            _ENCODING_MESSAGE
                            + f" (the first bad byte is at position {offset + nul + 1})",
                            position=offset + nul + 1,
                        )
                        self._drain()
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
                            reader.add(
                                ProblemCode.ENCODING,
                                _ENCODING_MESSAGE
                                + f" (the first bad byte is at position {position})",
                                position=position,
                            )
                            self._drain()
                            return
                    if ascii_so_far and not piece.isascii():
                        ascii_so_far = False
                    offset += len(piece)
                    # a piece cut inside a very long line: this one and the next are
                    # searched closely (a number may straddle the cut)
                    flag = carry or _may_hold_bytes(piece)
                    carry = not eof and not piece.endswith(b"\n")
                    flag = flag or carry
                    state.hit = state.hit or flag
                    state.current = flag
                    if text:
                        yield text
            if eof:
                if text_tail:
                    flag = _may_hold_text(text_tail)
                    state.hit = state.hit or flag
                    state.current = flag
                    yield text_tail
                return
            block = self._read()

    # -- xlsx --
    def _xlsx(self, first: bytes) -> Iterator[list[MeasurementRow]]:
        stream = self.stream
        try:
            seekable = stream.seekable()
        except (AttributeError, ValueError):
            seekable = False
        if seekable:
            start = stream.tell() - len(first)
            self._drain()
            stream.seek(start)
            source: Any = stream
        else:
            source = tempfile.SpooledTemporaryFile(max_size=BLOCK_SIZE * 8)
            source.write(first)
            while block := self._read():
                source.write(block)
            source.seek(0)
        try:
            import openpyxl

            wb = openpyxl.load_workbook(source, read_only=True, data_only=True)
        except Exception as exc:  # noqa: BLE001 - any failure of a corrupt file is one problem
            self._unreadable(exc)
            return
        table = _Table(self.collector, decimal_comma=True)
        number = 0
        try:
            ws = wb.worksheets[0]
            rows_iter = ws.iter_rows(min_row=1, min_col=1, values_only=True)
            while True:
                rows = [
                    [_xlsx_text(c) for c in cells] for cells in islice(rows_iter, self.batch_size)
                ]
                if not rows:
                    break
                yield from self._emit([table.batch(rows, number + 1, True)])
                number += len(rows)
        except Exception as exc:  # noqa: BLE001
            self._unreadable(exc)
            return
        finally:
            wb.close()
        table.finish()

    def _unreadable(self, exc: Exception) -> None:
        self.collector.add(
            ProblemCode.UNREADABLE_FILE,
            "the xlsx file cannot be read: it is damaged, truncated or not an xlsx file "
            "(save it again from Excel or export it as CSV)",
            detail=type(exc).__name__,
        )


# Line breaks that str.splitlines() knows but a CSV file does not (newline=""
# splits only at \r, \n and \r\n).
_OTHER_BREAKS = "\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"


def _lines(text: str) -> Iterable[str]:
    """The lines of ``text`` as ``open(newline="")`` gives them (ends kept)."""
    for ch in _OTHER_BREAKS:
        if ch in text:
            return io.StringIO(text, newline="")
    return text.splitlines(True)


class _ChunkState:
    """Set by the chunk reader: ``current``, the flag of the chunk being parsed; ``hit``,
    whether any chunk since the last batch may hold a personal number."""

    __slots__ = ("current", "hit")

    def __init__(self) -> None:
        self.current = False
        self.hit = False


# -- problems ------------------------------------------------------------------------


def _echo(value: Any) -> str:
    """User text safe to quote in a message: personal numbers redacted, shortened."""
    text = redact(value if isinstance(value, str) else _cell_text(value))
    if len(text) > _MAX_ECHO:
        text = text[: _MAX_ECHO - 1] + "…"
    return text


class _Collector:
    """Collects problems (personal numbers first) and warnings."""

    def __init__(self) -> None:
        self.problems: list[ImportProblem] = []
        self.guard: list[ImportProblem] = []
        self.warnings: list[ImportProblem] = []
        self.row_label = "row"
        self.more = 0  # problems not listed (past MAX_PROBLEMS)

    def add(
        self,
        code: ProblemCode,
        message: str,
        row: int | None = None,
        column: str | None = None,
        **params: Any,
    ) -> None:
        if row is not None:
            params.setdefault("row", row)
        if column is not None:
            params.setdefault("column", column)
        target = self.guard if code == ProblemCode.PERSONAL_NUMBER else self.problems
        if len(target) >= MAX_PROBLEMS:
            self.more += 1  # a file bad on every row: the first ones are enough
            return
        target.append(ImportProblem(code, message, row, column, params, self.row_label))

    def warn(self, code: ProblemCode, message: str, row: int | None = None, **params) -> None:
        if row is not None:
            params.setdefault("row", row)
        self.warnings.append(ImportProblem(code, message, row, None, params, self.row_label))

    def personal_number(self, row: int | None, column: str | None) -> None:
        self.add(
            ProblemCode.PERSONAL_NUMBER,
            "contains a Swedish personal identity number (personnummer or "
            "samordningsnummer); the whole file is refused and nothing is stored. "
            "The system holds aggregated data only: remove it and import the file again",
            row,
            column,
        )

    def all_problems(self) -> tuple[ImportProblem, ...]:
        problems = self.guard + self.problems
        if self.more:
            problems.append(
                ImportProblem(
                    ProblemCode.TOO_MANY_PROBLEMS,
                    f"… and {self.more} more problems",
                    params={"more": self.more},
                )
            )
        return tuple(problems)

    def result(self, rows: list[MeasurementRow], fmt: str, fingerprint: str) -> ImportResult:
        problems = self.all_problems()
        return ImportResult(
            () if problems else tuple(rows), problems, tuple(self.warnings), fmt, fingerprint
        )


# -- format and encoding -------------------------------------------------------------


def _detect_format(data: bytes, filename: str, more: bool = False) -> str | ImportProblem:
    """The format from the file's first block (``more``: the file goes on after it)."""
    name = filename.lower()
    ext = name.rsplit(".", 1)[-1] if "." in name else ""
    if data.startswith(b"PK\x03\x04"):
        return "xlsx"
    if data.startswith(b"\xd0\xcf\x11\xe0") or ext == "xls":
        return ImportProblem(
            ProblemCode.UNSUPPORTED_FORMAT,
            "the old Excel format (.xls) is not supported: save the file as .xlsx or CSV",
            params={"format": "xls"},
        )
    if ext in ("xlsx", "xlsm"):
        if not more and not data.strip():
            return ImportProblem(ProblemCode.EMPTY_FILE, "the file is empty")
        return "xlsx"  # not a zip: the xlsx reader reports it as unreadable
    if ext == "json":
        return "json"
    head = data[:64].lstrip(b"\xef\xbb\xbf \t\r\n")
    if ext not in ("csv", "txt", "tsv") and head[:1] in (b"{", b"["):
        return "json"
    return "csv"


def _decode(data: bytes, reader: _Collector) -> str | None:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            reader.add(ProblemCode.ENCODING, _ENCODING_MESSAGE, encoding="utf-16")
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
            reader.add(
                ProblemCode.ENCODING,
                _ENCODING_MESSAGE + f" (the first bad byte is at position {exc.start + 1})",
                position=exc.start + 1,
            )
            return None
    if "\x00" in text:
        reader.add(ProblemCode.ENCODING, _ENCODING_MESSAGE, position=text.index("\x00") + 1)
        return None
    return text


_ENCODING_MESSAGE = (
    "the file is not text in UTF-8, UTF-16 or Windows-1252; save it as CSV (UTF-8), xlsx or JSON"
)


# -- cells -----------------------------------------------------------------------------


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    return str(value)


def _xlsx_text(value: Any) -> str:
    """A spreadsheet cell as text: numbers exactly (``repr``), a date at midnight as an
    ISO date (so that it reads as a period)."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, dt.datetime) and value.time() == dt.time(0, 0):
        return value.date().isoformat()
    if isinstance(value, float) and not value.is_integer():
        return repr(value)
    return _cell_text(value)


def parse_number(value: Any, decimal_comma: bool) -> float | None:
    """A finite float, or ``None`` when ``value`` is not a number. Text may use a
    decimal point, or a decimal comma when ``decimal_comma``; thousands may be grouped
    with a space or no-break space; ``−`` is a minus sign."""
    if type(value) is str:
        # fast path: what float() accepts, less its extras (nan, inf, 1_000)
        s = value
        if "," in s:
            if not decimal_comma or "." in s:
                return None
            s = s.replace(",", ".")
        try:
            v = float(s)
        except ValueError:
            return _parse_number_text(value, decimal_comma)
        if v - v == 0 and "_" not in s:  # finite
            return v
        return None
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        v = float(value)
        return v if math.isfinite(v) else None
    return None


def _parse_number_text(value: str, decimal_comma: bool) -> float | None:
    s = value.strip().replace(_MINUS, "-")
    if " " in s or _NBSP in s or _NNBSP in s:
        if not _GROUPED.fullmatch(s):
            return None
        s = s.replace(" ", "").replace(_NBSP, "").replace(_NNBSP, "")
    if "," in s:
        if not decimal_comma or "." in s:
            return None
        s = s.replace(",", ".")
    if _NUMBER.fullmatch(s):
        return float(s)
    return None


def normalise_period(value: Any) -> str | None:
    """``"2026"``, ``"2026-Q1"`` (also ``2026Q1``, ``2026 K1``), ``"2026-03"`` or an ISO
    date ``"2026-03-31"``; a year as a number, or a date (from a spreadsheet). ``None``
    when it is none of them. Years 1900–2200."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        if isinstance(value, float) and not value.is_integer():
            return None
        return str(int(value)) if 1900 <= value <= 2200 else None
    if isinstance(value, dt.datetime):
        if value.time() != dt.time(0, 0):
            return None
        value = value.date()
    if isinstance(value, dt.date):
        return value.isoformat() if 1900 <= value.year <= 2200 else None
    if not isinstance(value, str):
        return None
    s = value.strip()
    if m := _PERIOD_YEAR.fullmatch(s):
        year = int(m.group(1))
        return s if 1900 <= year <= 2200 else None
    if m := _PERIOD_QUARTER.fullmatch(s):
        year = int(m.group(1))
        return f"{year}-Q{m.group(2)}" if 1900 <= year <= 2200 else None
    if m := _PERIOD_MONTH.fullmatch(s):
        year, month = int(m.group(1)), int(m.group(2))
        return f"{year}-{month:02d}" if 1900 <= year <= 2200 and 1 <= month <= 12 else None
    if m := _PERIOD_DATE.fullmatch(s):
        try:
            d = dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            return None
        return d.isoformat() if 1900 <= d.year <= 2200 else None
    return None


# -- header ----------------------------------------------------------------------------


def _normalise_header(h: str) -> str:
    return re.sub(r"[\s\-]+", "_", h.replace("\ufeff", "").strip().lower())


def _map_header(
    header: list[Any], row: int, reader: _Collector, scan: bool
) -> tuple[dict[str, int], dict[int, str]]:
    """(column name -> index, index -> name as written). Reports unknown, duplicated and
    missing columns."""
    index: dict[str, int] = {}
    shown: dict[int, str] = {}
    accepted = sorted(_HEADER_TO_COLUMN)
    for i, raw in enumerate(header):
        text = _cell_text(raw).replace("\ufeff", "").strip()
        if scan and contains_personal_number(text):
            reader.personal_number(row, _column_label(i))
            shown[i] = _column_label(i)
            continue
        if not text:
            continue
        shown[i] = text
        name = _HEADER_TO_COLUMN.get(_normalise_header(text))
        if name is None:
            close = difflib.get_close_matches(_normalise_header(text), accepted, n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            reader.add(
                ProblemCode.UNKNOWN_COLUMN,
                f"unknown column {_echo(text)!r}{hint}; accepted: {', '.join(accepted)}",
                row,
                _echo(text),
                suggestion=close[0] if close else None,
                accepted=accepted,
            )
        elif name in index:
            reader.add(
                ProblemCode.DUPLICATE_COLUMN,
                f"column {_echo(text)!r} repeats {shown[index[name]]!r} (both are {name!r})",
                row,
                _echo(text),
                first=shown[index[name]],
                name=name,
            )
        else:
            index[name] = i
    for name, (aliases, required) in COLUMNS.items():
        if required and name not in index:
            reader.add(
                ProblemCode.MISSING_COLUMN,
                f"the required column {aliases[0]!r} ({name!r}) is missing",
                None,
                name,
                swedish=aliases[0],
            )
    return index, shown


def _column_label(i: int) -> str:
    """The spreadsheet letter of a 0-based column index: 0 -> A, 26 -> AA."""
    label = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        label = chr(65 + r) + label
    return f"column {label}"


# -- rows ------------------------------------------------------------------------------

_SLOT_BUDGET = 32 * 1024 * 1024
_strip = str.strip
_new_row = tuple.__new__


class RowBatch:
    """Validated rows held column by column (as the fast path makes them); iterating
    gives :class:`MeasurementRow` tuples, made on demand."""

    __slots__ = ("columns", "n")

    def __init__(self, columns: tuple[Sequence[Any] | None, ...], n: int) -> None:
        self.columns = columns  # in MeasurementRow's order; None: the column is absent
        self.n = n

    def __len__(self) -> int:
        return self.n

    def __iter__(self) -> Iterator[MeasurementRow]:
        n = self.n
        columns = [
            repeat(default, n) if c is None else c
            for c, default in zip(self.columns, _DEFAULTS, strict=True)
        ]
        return map(_new_row, repeat(MeasurementRow, n), zip(*columns, strict=False))


_DEFAULTS = (None, None, None, None, None, "", None, None, None)


class _Table:
    """Typed rows from text cells, a batch at a time; the first non-blank record is the
    header. Two paths give the same rows and problems: :meth:`_fast` works column by
    column on a clean batch (the usual case) and gives up (returns ``None``) at the first
    thing it does not handle; :meth:`_slow` goes row by row and names every problem.
    """

    def __init__(self, reader: _Collector, decimal_comma: bool) -> None:
        self.reader = reader
        self.decimal_comma = decimal_comma
        self.header: list[str] | None = None
        self.data_rows = 0
        self.periods: dict[str, str] = {}  # raw text -> normalised period (valid ones)
        self.period_index: dict[str, int] = {}  # normalised period -> dense index
        self.indicator_index: dict[Any, int] = {}  # indicator (, municipality) -> index
        self.stride = 64  # period slots per indicator (see _slots)
        self.firsts = array("I")  # the slots, or:
        self.seen: dict[int, int] | None = None  # (indicator << 17 | period) -> first row
        self.unnamed_reported: set[int] = set()

    # -- the header --
    def _set_header(self, number: int, header: list[str], scan: bool) -> None:
        reader = self.reader
        index, shown = _map_header(header, number, reader, scan)
        self.header = header
        self.width = width = len(header)
        self.shown = shown
        self.index = index
        self.i_ind = index.get("indicator", width)
        self.i_per = index.get("period", width)
        self.i_val = index.get("value", width)
        self.i_cmp = index.get("comparison_value", width)
        self.i_n = index.get("individuals", width)
        self.i_cn = index.get("comparison_individuals", width)
        self.i_com = index.get("comment", width)
        self.i_mun = index.get("municipality", width)
        self.has_ind = "indicator" in index
        self.has_per = "period" in index
        self.has_val = "value" in index
        self.unnamed = [i for i in range(width) if i not in shown]

    def col(self, i: int) -> str:
        return self.shown.get(i) or _column_label(i)

    def finish(self) -> None:
        if self.header is None:
            self.reader.add(ProblemCode.EMPTY_FILE, "the file is empty")
        elif self.data_rows == 0:
            self.reader.add(ProblemCode.NO_DATA_ROWS, "the file has a header but no data rows")

    # -- a batch --
    def batch(self, rows: list[list[str]], first: int, scan: bool) -> list[MeasurementRow]:
        """Rows ``first``, ``first + 1``, … (spreadsheet numbering). ``scan`` false means
        the bytes of these rows cannot hold a personal number."""
        if self.header is None:
            for k, cells in enumerate(rows):
                if "".join(cells).strip():
                    self._set_header(first + k, cells, True)
                    rows, first = rows[k + 1 :], first + k + 1
                    break
            else:
                return []
            if not rows:
                return []
        if scan:
            # one search over the whole batch; a hit sends it row by row, cell by cell
            scan = _CANDIDATE.search("\x1f".join(chain.from_iterable(rows))) is not None
        if not scan and not self.reader.problems and not self.reader.guard:
            out = self._fast(rows, first)
            if out is not None:
                return out
        return self._slow(rows, first, scan)

    def _indicator_id(self, key: Any) -> int:
        i = self.indicator_index.get(key)
        if i is None:
            i = self.indicator_index[key] = len(self.indicator_index)
            if self.seen is None:
                if (i + 1) * self.stride * 4 > _SLOT_BUDGET:
                    self._grow(self.stride * 2)  # switches to the dict
                else:
                    self.firsts.frombytes(bytes(4 * self.stride))
        return i

    def _period_id(self, period: str) -> int:
        p = self.period_index.get(period)
        if p is None:
            p = self.period_index[period] = len(self.period_index)
        return p

    def _fast(self, rows: list[list[str]], first: int) -> list[MeasurementRow] | None:
        width = self.width
        if self.unnamed or len(rows[0]) != width or len(set(map(len, rows))) != 1:
            return None
        cols = list(zip(*rows, strict=False))
        comma = self.decimal_comma

        indicators = list(map(_strip, cols[self.i_ind]))
        if "" in indicators:
            return None

        raw = cols[self.i_per]
        periods = list(map(self.periods.get, raw))
        if None in periods:
            for text in set(raw).difference(self.periods):
                p = normalise_period(text) if text.strip() else None
                if p is None:
                    return None
                self.periods[text] = p
            periods = list(map(self.periods.get, raw))

        values = _floats(cols[self.i_val], comma, optional=False)
        if values is None:
            return None
        n = len(rows)
        if self.i_cmp < width:
            comparisons = _floats(cols[self.i_cmp], comma, optional=True)
            if comparisons is None:
                return None
        else:
            comparisons = None
        if self.i_n < width:
            individuals = _counts(cols[self.i_n])
            if individuals is None:
                return None
        else:
            individuals = None
        if self.i_cn < width:
            comparison_individuals = _counts(cols[self.i_cn])
            if comparison_individuals is None:
                return None
        else:
            comparison_individuals = None
        comments = list(map(_strip, cols[self.i_com])) if self.i_com < width else None
        if self.i_mun < width:
            towns: Iterable[str | None] = [t.strip() or None for t in cols[self.i_mun]]
            keys: list[Any] = list(zip(indicators, towns, strict=False))
        else:
            towns = None
            keys = indicators

        # duplicates, within the batch and against earlier rows
        index = self.indicator_index
        ids = list(map(index.get, keys))
        if None in ids:
            for k in set(keys).difference(index):
                self._indicator_id(k)
            ids = list(map(index.get, keys))
        pindex = self.period_index
        pids = list(map(pindex.get, periods))
        if None in pids:
            for p in set(periods).difference(pindex):
                self._period_id(p)
            pids = list(map(pindex.get, periods))
        flat = self._slots(ids, pids)
        if len(set(flat)) != n:
            return None
        numbers = range(first, first + n)
        seen = self.seen
        if seen is None:
            firsts = self.firsts
            if any(map(firsts.__getitem__, flat)):
                return None
            deque(map(setitem, repeat(firsts, n), flat, numbers), maxlen=0)
        else:
            if not seen.keys().isdisjoint(flat):
                return None
            seen.update(zip(flat, numbers, strict=False))
        self.data_rows += n
        return RowBatch(
            (
                indicators,
                periods,
                values,
                comparisons,
                individuals,
                comments,
                towns,
                numbers,
                comparison_individuals,
            ),
            n,
        )

    # -- the duplicate check --
    # Each (indicator, period) pair has a slot holding the row where it was first seen
    # (0: not yet). The slots are one flat array, ``stride`` period slots per indicator
    # (4 bytes each, so 1 000 indicators × 1 024 periods take 4 MB), grown by doubling
    # the stride. Past ``_SLOT_BUDGET`` bytes (a file with very many indicators AND
    # periods) the pairs go into a dict instead (about 100 bytes per pair: that file's
    # memory then grows with its rows).

    def _slots(self, ids: list[int], pids: list[int]) -> list[int]:
        if self.seen is None:
            top = max(pids)
            if top >= self.stride:
                self._grow(top)
        if self.seen is None:
            s = self.stride
            return list(map(add, map(mul, ids, repeat(s)), pids))
        return list(map(add, map(lshift, ids, repeat(17)), pids))

    def _grow(self, top: int) -> None:
        s = self.stride
        new = s
        while new <= top:
            new *= 2
        n_ind = len(self.firsts) // s  # the indicators that have slots
        if n_ind * new * 4 > _SLOT_BUDGET:
            seen: dict[int, int] = {}
            firsts = self.firsts
            for i in range(n_ind):
                for p in range(s):
                    row = firsts[i * s + p]
                    if row:
                        seen[(i << 17) | p] = row
            self.seen = seen
            self.firsts = array("I")
            return
        old = self.firsts
        firsts = array("I", bytes(4 * n_ind * new))
        for i in range(n_ind):
            firsts[i * new : i * new + s] = old[i * s : (i + 1) * s]
        self.firsts = firsts
        self.stride = new

    def _first_row(self, key: Any, period: str, number: int) -> int | None:
        """The row where (key, period) was first seen, or ``None`` (and remember this)."""
        (slot,) = self._slots([self._indicator_id(key)], [self._period_id(period)])
        if self.seen is None:
            earlier = self.firsts[slot]
            if earlier:
                return earlier
            self.firsts[slot] = number
            return None
        earlier = self.seen.get(slot)
        if earlier:
            return earlier
        self.seen[slot] = number
        return None

    def _slow(self, rows: list[list[str]], first: int, scan: bool) -> list[MeasurementRow]:
        """Row by row. ``scan``: search every cell for a personal number. A row holding
        one is not checked further (the file is refused anyway)."""
        reader = self.reader
        width = self.width
        i_ind, i_per, i_val, i_cmp = self.i_ind, self.i_per, self.i_val, self.i_cmp
        i_n, i_cn, i_com, i_mun = self.i_n, self.i_cn, self.i_com, self.i_mun
        has_ind, has_per, has_val = self.has_ind, self.has_per, self.has_val
        unnamed, unnamed_reported = self.unnamed, self.unnamed_reported
        periods = self.periods
        out: list[MeasurementRow] = []
        add = reader.add
        problems, guard = reader.problems, reader.guard
        BAD = ProblemCode
        number_of = parse_number
        decimal_comma = self.decimal_comma
        col = self.col
        for number, cells in enumerate(rows, first):
            n = len(cells)
            if not (n and cells[0].strip()) and not "".join(cells).strip():
                continue  # a blank row
            self.data_rows += 1
            if scan:
                hits = [i for i, c in enumerate(cells) if contains_personal_number(c)]
                if hits:
                    for i in hits:
                        reader.personal_number(number, col(i))
                    continue
            if n == width:
                cells = cells + [""]
            elif n < width:
                cells = cells + [""] * (width - n + 1)
            else:
                for i in range(width, n):
                    if cells[i].strip():
                        add(
                            BAD.UNNAMED_COLUMN,
                            "has a value in a column without a header",
                            number,
                            _column_label(i),
                        )
                        break
                cells = cells[:width]
                cells.append("")
            for i in unnamed:
                if i not in unnamed_reported and cells[i].strip():
                    unnamed_reported.add(i)
                    add(
                        BAD.UNNAMED_COLUMN,
                        "has a value in a column without a header",
                        number,
                        _column_label(i),
                    )
            ok = True

            indicator: str | None = cells[i_ind].strip()
            if not indicator:
                indicator = None
                if has_ind:
                    add(BAD.MISSING_VALUE, "the indicator is empty", number, col(i_ind))
                    ok = False

            raw = cells[i_per]
            period = periods.get(raw)
            if period is None:
                if not raw.strip():
                    if has_per:
                        add(BAD.MISSING_VALUE, "the period is empty", number, col(i_per))
                        ok = False
                else:
                    period = normalise_period(raw)
                    if period is None:
                        add(
                            BAD.INVALID_PERIOD,
                            f"{_echo(raw)!r} is not a period: write a year (2026), a quarter "
                            "(2026-Q1), a month (2026-03) or a date (2026-03-31)",
                            number,
                            col(i_per),
                            text=_echo(raw),
                        )
                        ok = False
                    else:
                        periods[raw] = period

            raw = cells[i_val]
            value = number_of(raw, decimal_comma) if raw else None
            if value is None:
                if not raw.strip():
                    if has_val:
                        add(BAD.MISSING_VALUE, "the value is empty", number, col(i_val))
                        ok = False
                else:
                    _not_a_number(reader, raw, number, col(i_val), decimal_comma)
                    ok = False

            raw = cells[i_cmp]
            comparison = number_of(raw, decimal_comma) if raw else None
            if comparison is None and raw.strip():
                _not_a_number(reader, raw, number, col(i_cmp), decimal_comma)
                ok = False

            counts = []
            for i in (i_n, i_cn):
                raw = cells[i]
                count = None
                if raw:
                    v = number_of(raw, decimal_comma)
                    if v is None:
                        if raw.strip():
                            _not_a_number(reader, raw, number, col(i), decimal_comma)
                            ok = False
                    elif not v.is_integer():
                        add(
                            BAD.NOT_A_WHOLE_NUMBER,
                            f"the number of individuals must be a whole number, got {_echo(raw)!r}",
                            number,
                            col(i),
                            text=_echo(raw),
                        )
                        ok = False
                    elif v < 0:
                        add(
                            BAD.NEGATIVE_INDIVIDUALS,
                            f"the number of individuals must not be negative, got {_echo(raw)!r}",
                            number,
                            col(i),
                            text=_echo(raw),
                        )
                        ok = False
                    else:
                        count = int(v)
                counts.append(count)

            comment = cells[i_com].strip()
            municipality = cells[i_mun].strip() or None

            if indicator is not None and period is not None:
                key = (indicator, municipality) if i_mun < width else indicator
                earlier = self._first_row(key, period, number)
                if earlier is not None:
                    where = f" for municipality {_echo(municipality)!r}" if municipality else ""
                    add(
                        BAD.DUPLICATE_MEASUREMENT,
                        f"indicator {_echo(indicator)!r}, period {period!r}{where} is already "
                        f"on row {earlier}",
                        number,
                        col(i_per),
                        indicator=_echo(indicator),
                        period=period,
                        first_row=earlier,
                    )
                    ok = False
            if ok and not problems and not guard:
                out.append(
                    MeasurementRow(
                        indicator,
                        period,
                        value,
                        comparison,
                        counts[0],
                        comment,
                        municipality,
                        number,
                        counts[1],
                    )
                )
        return out


def _floats(cells: Sequence[str], comma: bool, optional: bool) -> list[float | None] | None:
    """The cells as finite floats (``None`` for an empty cell when ``optional``), or
    ``None`` when any cell needs a closer look (the slow path names the problem)."""
    joined = "\n".join(cells)  # one string: a few C calls instead of one per cell
    if "_" in joined:
        return None
    if comma and "," in joined:
        n = len(cells)
        cells = joined.replace(",", ".").split("\n")
        if len(cells) != n:  # a cell held a line break
            return None
    try:
        if optional and "" in cells:
            values = [float(c) if c else None for c in cells]
            total = sum(v for v in values if v is not None)
        else:
            values = list(map(float, cells))
            total = sum(values)
    except ValueError:
        return None
    if total - total != 0:  # nan or inf somewhere (or an overflowing sum)
        return None
    return values


def _counts(cells: Sequence[str]) -> list[int | None] | None:
    """Whole, non-negative numbers (``None`` for an empty cell), or ``None`` when any
    cell needs a closer look."""
    if "_" in "".join(cells):
        return None
    try:
        if "" in cells:
            values = [int(c) if c else None for c in cells]
            present = [v for v in values if v is not None]
        else:
            values = present = list(map(int, cells))
    except ValueError:
        return None
    if present and min(present) < 0:
        return None
    return values


def _not_a_number(
    reader: _Collector, raw: Any, number: int, column: str, decimal_comma: bool
) -> None:
    hint = "" if decimal_comma else " (this file uses a decimal point)"
    reader.add(
        ProblemCode.NOT_A_NUMBER,
        f"{_echo(raw)!r} is not a number{hint}",
        number,
        column,
        text=_echo(raw),
    )


# -- CSV -------------------------------------------------------------------------------


def _sniff_separator(text: str) -> str:
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
_SHAPE = bytes(
    ord("0") if 48 <= b <= 57 else ord("-") if b in (0x2B, 0x2D, 0x96, 0xE2) else ord(".")
    for b in range(256)
)


def _may_hold_bytes(data: bytes) -> bool:
    shape = data.translate(_SHAPE)
    return b"000000-" in shape or b"0000000000" in shape


def _may_hold_text(text: str) -> bool:
    return _CANDIDATE.search(text) is not None
