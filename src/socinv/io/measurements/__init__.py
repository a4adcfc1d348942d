"""Read a measurements file into typed rows: all or nothing, every problem at once.

``read_measurements(data, filename)`` accepts

* CSV with a comma separator and a decimal point;
* the Swedish Excel dialect: semicolon (or tab) separator, decimal comma, thousands
  grouped with a space or no-break space (``1 234,5``), and the real minus sign ``−``;
* text in UTF-8 (with or without BOM), UTF-16 with a BOM (Excel's "Unicode text"), or
  Windows-1252 (tried when the bytes are not UTF-8);
* xlsx (the first worksheet; formulas are read as their last computed value);
* JSON in the format of Kolada's API (``{"values": [{"kpi", "municipality", "period",
  "values": [{"gender": "T", "value"}]}]}``), see :mod:`socinv.io.measurements.kolada`.

The format is recognised from the content first (an xlsx file is a zip archive), then
from the file name. Header names are matched case-insensitively, in Swedish or English
(:mod:`.header`).

**Personnummer guard**: every cell of every column (headers, comments and unknown
columns included) is searched for a Swedish personal identity number; one found refuses
the whole file with a problem naming the row and column. No problem ever echoes the
number: every piece of user text quoted in a param goes through
:func:`socinv.core.personnummer.redact`.

Each problem has a stable ``code`` (:class:`ProblemCode`) and ``params`` (every detail:
the quoted text, a suggested column name, a byte position …), never a sentence: the
words are :mod:`socinv.l10n.measurements`' (``str()`` of a problem is its English). Row
numbers are 1-based as a spreadsheet shows them (the header is row 1 when it is on the
first line); for JSON the "row" is the 1-based position of the entry in the ``values``
list.

The modules, each importing only those before it (and the core):
:mod:`.cells` (one cell: number, period, text), :mod:`.problems` (codes, the
collector), :mod:`.results` (rows and results), :mod:`.formats` (format, decoding, the
CSV dialect), :mod:`.header`, :mod:`.duplicates`, :mod:`.fast` (the column-by-column
fast path), :mod:`.rows` (the row-by-row validation), :mod:`.kolada`, :mod:`.reader`
(the streaming reader).
"""

from __future__ import annotations

from .cells import normalise_period, parse_number
from .header import COLUMNS
from .kolada import KoladaFile, KoladaValue, read_kolada_file
from .problems import ImportProblem, ProblemCode
from .reader import MeasurementReader, iter_measurements, read_measurements
from .results import ImportResult, MeasurementRow

__all__ = [
    "COLUMNS",
    "ImportProblem",
    "ImportResult",
    "KoladaFile",
    "KoladaValue",
    "MeasurementReader",
    "MeasurementRow",
    "ProblemCode",
    "iter_measurements",
    "normalise_period",
    "parse_number",
    "read_kolada_file",
    "read_measurements",
]
