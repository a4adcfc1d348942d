"""The streaming reader: a file object in, batches of validated rows out."""

from __future__ import annotations

import csv
import gc
import hashlib
import io
import tempfile
from collections.abc import Iterable, Iterator
from itertools import chain, islice
from typing import Any, BinaryIO

from socinv.core.limits import MAX_CELL_CHARS, MAX_XLSX_COLUMNS
from socinv.io.zipguard import ZIP_INVALID, check_zip

from .cells import xlsx_text
from .formats import (
    BLOCK_SIZE,
    ChunkState,
    csv_lines,
    decode,
    detect_format,
    sniff_separator,
    text_chunks,
)
from .header import column_label
from .kolada import read_kolada
from .problems import ImportProblem, ProblemCode, ProblemCollector
from .results import ImportResult, MeasurementRow
from .rows import Table
from .sheets import MAX_ROW_CELLS, widest_row

__all__ = ["BATCH_SIZE", "MeasurementReader", "iter_measurements", "read_measurements"]

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
        self.collector = ProblemCollector()
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
        return self.collector.clean

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
            fmt = detect_format(first, self.filename, more)
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

    def _emit(self, batches: Iterable[Any]) -> Iterator[list[MeasurementRow]]:
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
        text = decode(data, reader)
        if text is None:
            return
        reader.row_label = "entry"
        try:
            rows = read_kolada(text, reader)
        except RecursionError:
            rows = []
            reader.add(ProblemCode.INVALID_STRUCTURE, nested=True)
        # the good entries go on to the project's checks even when others are bad (every
        # problem of a Kolada file is reported at once); a personnummer stops everything
        if rows and not self.refused_for_personal_number:
            self.rows += len(rows)
            yield rows

    # -- CSV --
    def _csv(self, first: bytes) -> Iterator[list[MeasurementRow]]:
        state = ChunkState()
        chunks = text_chunks(first, self._read, self.collector, state)
        head = next(chunks, None)
        if head is None:
            if not self.collector.problems:
                self.collector.add(ProblemCode.EMPTY_FILE)
            return
        sep = sniff_separator(head)
        table = Table(self.collector, decimal_comma=sep != ",")

        # the lines of each chunk in turn, without a Python frame per line
        lines = chain.from_iterable(map(csv_lines, chain((head,), chunks)))
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
                line=parser.line_num,
                detail=str(exc),
            )
            self._drain()
            return
        table.finish()

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
        start = source.tell()
        refused = check_zip(source)
        if refused:  # a zip bomb is never parsed
            for problem in refused:
                if problem.code == ZIP_INVALID:  # a corrupt or truncated xlsx
                    self.collector.add(ProblemCode.UNREADABLE_FILE, **problem.params)
                else:
                    self.collector.add(ProblemCode(problem.code), **problem.params)
            return
        if widest_row(source) > MAX_ROW_CELLS:  # openpyxl would build the row whole
            self.collector.add(ProblemCode.ROW_TOO_WIDE, limit=MAX_ROW_CELLS)
            return
        try:
            import openpyxl

            wb = openpyxl.load_workbook(source, read_only=True, data_only=True)
        except Exception as exc:  # noqa: BLE001 - any failure of a corrupt file is one problem
            self._unreadable(exc)
            return
        table = Table(self.collector, decimal_comma=True)
        number = 0
        try:
            ws = wb.worksheets[0]
            max_col = None  # the sheet's declared width (openpyxl pads each row to it)
            if not ws.max_column or ws.max_column > MAX_XLSX_COLUMNS:
                # none, or absurd (A1:XFD1048576 in a small file): not trusted
                ws.reset_dimensions()
                max_col = MAX_XLSX_COLUMNS
            rows_iter = ws.iter_rows(min_row=1, min_col=1, max_col=max_col, values_only=True)
            while True:
                rows = [
                    [xlsx_text(c) for c in cells] for cells in islice(rows_iter, self.batch_size)
                ]
                if not rows:
                    break
                if max(map(len, chain.from_iterable(rows)), default=0) > MAX_CELL_CHARS:
                    self._too_long(rows, number + 1)
                    return
                yield from self._emit([table.batch(rows, number + 1, True)])
                number += len(rows)
        except Exception as exc:  # noqa: BLE001
            self._unreadable(exc)
            return
        finally:
            wb.close()
        table.finish()

    def _too_long(self, rows: list[list[str]], first: int) -> None:
        """A cell longer than Excel allows: refuse the file without checking it further
        (the personnummer guard and the header's checks would each scan it whole)."""
        for number, row in enumerate(rows, first):
            for i, text in enumerate(row):
                if len(text) > MAX_CELL_CHARS:
                    self.collector.add(
                        ProblemCode.CELL_TOO_LONG, number, column_label(i), limit=MAX_CELL_CHARS
                    )
                    return

    def _unreadable(self, exc: Exception) -> None:
        self.collector.add(ProblemCode.UNREADABLE_FILE, detail=type(exc).__name__)
