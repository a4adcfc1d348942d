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
import hashlib
import io
import math
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, NamedTuple

from socinv.core.personnummer import contains_personal_number, redact

__all__ = [
    "COLUMNS",
    "ImportProblem",
    "ImportResult",
    "MeasurementRow",
    "ProblemCode",
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
    "comment": (("kommentar", "comment"), False),
    "municipality": (("kommun", "municipality"), False),
}
_HEADER_TO_COLUMN = {alias: name for name, (aliases, _) in COLUMNS.items() for alias in aliases}

_MAX_ECHO = 40
_NBSP = "\u00a0"
_NNBSP = "\u202f"
_MINUS = "\u2212"
_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
_GROUPED = re.compile(r"[+-]?[0-9]{1,3}(?:[ \u00a0\u202f][0-9]{3})+(?:[.,][0-9]+)?")
_PERIOD_YEAR = re.compile(r"([0-9]{4})")
_PERIOD_QUARTER = re.compile(r"([0-9]{4})[- ]?[QqKk]([1-4])")
_PERIOD_MONTH = re.compile(r"([0-9]{4})-([0-9]{1,2})")
_PERIOD_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")


def read_measurements(data: bytes, filename: str = "") -> ImportResult:
    """Read a measurements file (CSV, xlsx or Kolada JSON). Never raises for bad input:
    every problem is in the result."""
    fingerprint = hashlib.sha256(data).hexdigest()
    fmt = _detect_format(data, filename)
    if isinstance(fmt, ImportProblem):
        return ImportResult((), (fmt,), (), "", fingerprint)
    reader = _Collector()
    if fmt == "xlsx":
        rows = _read_xlsx(data, reader)
    else:
        text = _decode(data, reader)
        if text is None:
            rows = []
        elif fmt == "json":
            from socinv.io.kolada import read_kolada

            try:
                rows = read_kolada(text, reader)
            except RecursionError:
                rows = []
                reader.add(ProblemCode.INVALID_STRUCTURE, "the JSON is nested too deeply")
        else:
            rows = _read_csv(text, data, reader)
    return reader.result(rows, fmt, fingerprint)


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
        problem = ImportProblem(code, message, row, column, params, self.row_label)
        (self.guard if code == ProblemCode.PERSONAL_NUMBER else self.problems).append(problem)

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

    def result(self, rows: list[MeasurementRow], fmt: str, fingerprint: str) -> ImportResult:
        problems = tuple(self.guard + self.problems)
        return ImportResult(
            () if problems else tuple(rows), problems, tuple(self.warnings), fmt, fingerprint
        )


# -- format and encoding -------------------------------------------------------------


def _detect_format(data: bytes, filename: str) -> str | ImportProblem:
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
        if not data.strip():
            return ImportProblem(ProblemCode.EMPTY_FILE, "the file is empty")
        return "xlsx"  # not a zip: _read_xlsx reports it as unreadable
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


def _table_rows(
    records: Iterable[tuple[int, list[str]]],
    reader: _Collector,
    decimal_comma: bool,
    scan_all: bool,
) -> list[MeasurementRow]:
    """Typed rows from (row number, text cells) records; the first non-blank record is
    the header.

    ``scan_all`` false means the caller has already found that no personal number can be
    in the file, so the per-cell search is skipped. A row holding a personal number is
    not checked further (the file is refused anyway).
    """
    it: Iterator[tuple[int, list[str]]] = iter(records)
    header_row = None
    for number, cells in it:
        if "".join(cells).strip():
            header_row = (number, cells)
            break
    if header_row is None:
        reader.add(ProblemCode.EMPTY_FILE, "the file is empty")
        return []
    hnum, header = header_row
    index, shown = _map_header(header, hnum, reader, scan_all)
    width = len(header)
    # a missing column reads the blank sentinel cell appended at position ``width``
    i_ind = index.get("indicator", width)
    i_per = index.get("period", width)
    i_val = index.get("value", width)
    i_cmp = index.get("comparison_value", width)
    i_n = index.get("individuals", width)
    i_com = index.get("comment", width)
    i_mun = index.get("municipality", width)
    has_ind, has_per, has_val = "indicator" in index, "period" in index, "value" in index
    unnamed = [i for i in range(width) if i not in shown]
    unnamed_reported: set[int] = set()
    seen: dict[tuple[str, str, str | None], int] = {}
    periods: dict[str, str | None] = {}
    rows: list[MeasurementRow] = []
    append = rows.append
    data_rows = 0
    add = reader.add
    problems, guard = reader.problems, reader.guard  # the collector's own lists
    BAD = ProblemCode
    number_of = parse_number
    comma = "," if decimal_comma else ""  # replaced by "." before float()

    def col(i: int) -> str:
        return shown.get(i) or _column_label(i)

    for number, cells in it:
        n = len(cells)
        if not (n and cells[0].strip()) and not "".join(cells).strip():
            continue  # a blank row
        data_rows += 1
        if scan_all:
            hits = [i for i, c in enumerate(cells) if contains_personal_number(c)]
            if hits:
                for i in hits:
                    reader.personal_number(number, col(i))
                continue
        if n == width:
            cells.append("")
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
                period = periods[raw] = normalise_period(raw)
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

        raw = cells[i_val]
        # the fast path of parse_number, inline: this line runs once per row
        try:
            value = float(raw.replace(comma, ".") if comma and comma in raw else raw)
            if value - value != 0 or "_" in raw:
                value = None  # nan, inf, 1_000
        except ValueError:
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

        raw = cells[i_n]
        individuals = None
        if raw:
            v = number_of(raw, decimal_comma)
            if v is None:
                if raw.strip():
                    _not_a_number(reader, raw, number, col(i_n), decimal_comma)
                    ok = False
            elif not v.is_integer():
                add(
                    BAD.NOT_A_WHOLE_NUMBER,
                    f"the number of individuals must be a whole number, got {_echo(raw)!r}",
                    number,
                    col(i_n),
                    text=_echo(raw),
                )
                ok = False
            elif v < 0:
                add(
                    BAD.NEGATIVE_INDIVIDUALS,
                    f"the number of individuals must not be negative, got {_echo(raw)!r}",
                    number,
                    col(i_n),
                    text=_echo(raw),
                )
                ok = False
            else:
                individuals = int(v)

        comment = cells[i_com].strip()
        municipality = cells[i_mun].strip() or None

        if indicator is not None and period is not None:
            key = (indicator, period, municipality)
            first = seen.get(key)
            if first is not None:
                where = f" for municipality {_echo(municipality)!r}" if municipality else ""
                add(
                    BAD.DUPLICATE_MEASUREMENT,
                    f"indicator {_echo(indicator)!r}, period {period!r}{where} is already "
                    f"on row {first}",
                    number,
                    col(i_per),
                    indicator=_echo(indicator),
                    period=period,
                    first_row=first,
                )
                ok = False
            else:
                seen[key] = number
        if ok and not problems and not guard:
            append(
                MeasurementRow(
                    indicator, period, value, comparison, individuals, comment, municipality, number
                )
            )
    if data_rows == 0:
        reader.add(ProblemCode.NO_DATA_ROWS, "the file has a header but no data rows")
    return rows


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


def _read_csv(text: str, data: bytes, reader: _Collector) -> list[MeasurementRow]:
    if not text.strip():
        reader.add(ProblemCode.EMPTY_FILE, "the file is empty")
        return []
    sep = _sniff_separator(text)
    # A quick look at the bytes first: when no personal number can be in the file (the
    # usual case) the per-cell search is skipped.
    scan = _may_hold_personal_number(data, text)

    parser = csv.reader(io.StringIO(text, newline=""), delimiter=sep)
    try:
        return _table_rows(enumerate(parser, 1), reader, decimal_comma=sep != ",", scan_all=scan)
    except csv.Error as exc:
        reader.add(
            ProblemCode.MALFORMED_CSV,
            f"the CSV cannot be read at line {parser.line_num}: {exc}",
            line=parser.line_num,
            detail=str(exc),
        )
        return []


# Every personal number, in UTF-8 or Windows-1252, has six ASCII digits followed by a
# separator (- + or an en dash, which starts with 0xE2 in UTF-8 and is 0x96 in
# Windows-1252) or by four more digits. Mapping digits to "0", those separators to "-"
# and every other byte to "." makes that a plain substring search, which is far
# quicker than a regular expression over the text. A hit only means "look closer".
_SHAPE = bytes(
    ord("0") if 48 <= b <= 57 else ord("-") if b in (0x2B, 0x2D, 0x96, 0xE2) else ord(".")
    for b in range(256)
)


def _may_hold_personal_number(data: bytes, text: str) -> bool:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return contains_personal_number(text)
    shape = data.translate(_SHAPE)
    if b"000000-" not in shape and b"0000000000" not in shape:
        return False
    return contains_personal_number(text)


# -- xlsx ------------------------------------------------------------------------------


def _read_xlsx(data: bytes, reader: _Collector) -> list[MeasurementRow]:
    try:
        import openpyxl

        wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            ws = wb.worksheets[0]
            records = [
                (n, [_xlsx_text(c) for c in cells])
                for n, cells in enumerate(ws.iter_rows(min_row=1, min_col=1, values_only=True), 1)
            ]
        finally:
            wb.close()
    except Exception as exc:  # noqa: BLE001 - any failure of a corrupt file is one problem
        reader.add(
            ProblemCode.UNREADABLE_FILE,
            "the xlsx file cannot be read: it is damaged, truncated or not an xlsx file "
            "(save it again from Excel or export it as CSV)",
            detail=type(exc).__name__,
        )
        return []
    return _table_rows(records, reader, decimal_comma=True, scan_all=True)
