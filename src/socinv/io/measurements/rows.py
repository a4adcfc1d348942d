"""The row validation: typed rows from text cells, a batch at a time.

Two paths give the same rows and problems: :func:`~.fast.fast_batch` works column by
column on a clean batch (the usual case) and gives up at the first thing it does not
handle; :meth:`Table.slow_batch` goes row by row and names every problem."""

from __future__ import annotations

from itertools import chain

from socinv.core.personnummer import contains_personal_number

from .cells import normalise_period, parse_number
from .duplicates import DuplicateIndex
from .fast import fast_batch
from .header import Header, column_label
from .problems import ProblemCode, ProblemCollector, echo
from .results import MeasurementRow, RowBatch

__all__ = ["Table"]


class Table:
    """The rows of one file, fed in batches of text cells; the first non-blank record
    is the header. Problems go to ``reader``."""

    def __init__(self, reader: ProblemCollector, decimal_comma: bool) -> None:
        self.reader = reader
        self.decimal_comma = decimal_comma
        self.header: Header | None = None
        self.data_rows = 0
        self.periods: dict[str, str] = {}  # raw text -> normalised period (valid ones)
        self.duplicates = DuplicateIndex()
        self.unnamed_reported: set[int] = set()

    def finish(self) -> None:
        if self.header is None:
            self.reader.add(ProblemCode.EMPTY_FILE)
        elif self.data_rows == 0:
            self.reader.add(ProblemCode.NO_DATA_ROWS)

    def batch(
        self, rows: list[list[str]], first: int, scan: bool
    ) -> list[MeasurementRow] | RowBatch:
        """Rows ``first``, ``first + 1``, … (spreadsheet numbering). ``scan`` false means
        the bytes of these rows cannot hold a personal number."""
        if self.header is None:
            for k, cells in enumerate(rows):
                if "".join(cells).strip():
                    self.header = Header(cells, first + k, self.reader)
                    rows, first = rows[k + 1 :], first + k + 1
                    break
            else:
                return []
            if not rows:
                return []
        if scan:
            # one search over the whole batch; a hit sends it row by row, cell by cell
            scan = contains_personal_number("\x1f".join(chain.from_iterable(rows)))
        if not scan and self.reader.clean:
            out = fast_batch(
                rows, first, self.header, self.periods, self.duplicates, self.decimal_comma
            )
            if out is not None:
                self.data_rows += len(out)
                return out
        return self.slow_batch(rows, first, scan)

    def slow_batch(self, rows: list[list[str]], first: int, scan: bool) -> list[MeasurementRow]:
        """Row by row. ``scan``: search every cell for a personal number. A row holding
        one is not checked further (the file is refused anyway)."""
        reader = self.reader
        header = self.header
        assert header is not None
        width = header.width
        i_ind, i_per, i_val, i_cmp = header.i_ind, header.i_per, header.i_val, header.i_cmp
        i_n, i_cn, i_com, i_mun = header.i_n, header.i_cn, header.i_com, header.i_mun
        has_ind, has_per, has_val = header.has_ind, header.has_per, header.has_val
        unnamed, unnamed_reported = header.unnamed, self.unnamed_reported
        periods = self.periods
        first_row = self.duplicates.first_row
        out: list[MeasurementRow] = []
        add = reader.add
        not_a_number = reader.not_a_number
        problems, guard = reader.problems, reader.guard
        BAD = ProblemCode
        number_of = parse_number
        decimal_comma = self.decimal_comma
        col = header.col
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
                        add(BAD.UNNAMED_COLUMN, number, column_label(i))
                        break
                cells = cells[:width]
                cells.append("")
            for i in unnamed:
                if i not in unnamed_reported and cells[i].strip():
                    unnamed_reported.add(i)
                    add(BAD.UNNAMED_COLUMN, number, column_label(i))
            ok = True

            indicator: str | None = cells[i_ind].strip()
            if not indicator:
                indicator = None
                if has_ind:
                    add(BAD.MISSING_VALUE, number, col(i_ind))
                    ok = False

            raw = cells[i_per]
            period = periods.get(raw)
            if period is None:
                if not raw.strip():
                    if has_per:
                        add(BAD.MISSING_VALUE, number, col(i_per))
                        ok = False
                else:
                    period = normalise_period(raw)
                    if period is None:
                        add(BAD.INVALID_PERIOD, number, col(i_per), text=echo(raw))
                        ok = False
                    else:
                        periods[raw] = period

            raw = cells[i_val]
            value = number_of(raw, decimal_comma) if raw else None
            if value is None:
                if not raw.strip():
                    if has_val:
                        add(BAD.MISSING_VALUE, number, col(i_val))
                        ok = False
                else:
                    not_a_number(raw, number, col(i_val), decimal_comma)
                    ok = False

            raw = cells[i_cmp]
            comparison = number_of(raw, decimal_comma) if raw else None
            if comparison is None and raw.strip():
                not_a_number(raw, number, col(i_cmp), decimal_comma)
                ok = False

            counts = []
            for i in (i_n, i_cn):
                raw = cells[i]
                count = None
                if raw:
                    v = number_of(raw, decimal_comma)
                    if v is None:
                        if raw.strip():
                            not_a_number(raw, number, col(i), decimal_comma)
                            ok = False
                    elif not v.is_integer() or v < 0:
                        code = (
                            BAD.NOT_A_WHOLE_NUMBER
                            if not v.is_integer()
                            else BAD.NEGATIVE_INDIVIDUALS
                        )
                        add(code, number, col(i), text=echo(raw))
                        ok = False
                    else:
                        count = int(v)
                counts.append(count)

            comment = cells[i_com].strip()
            municipality = cells[i_mun].strip() or None

            if indicator is not None and period is not None:
                key = (indicator, municipality) if i_mun < width else indicator
                earlier = first_row(key, period, number)
                if earlier is not None:
                    add(
                        BAD.DUPLICATE_MEASUREMENT,
                        number,
                        col(i_per),
                        indicator=echo(indicator),
                        period=period,
                        municipality=echo(municipality) if municipality else None,
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
