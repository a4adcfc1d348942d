"""The sentences for a measurements file's problems: one English template per code (a
gettext msgid with ``%(name)s`` placeholders, Swedish in the catalogue), for the codes of
:class:`socinv.io.measurements.ProblemCode` and those the follow-up import adds (an
unknown indicator, a period already reported, the same file twice …).

:func:`describe` words a problem's code and params in a language (with a sentence of
:data:`DETAILS` for each detail the reader found: a suggested column name, the first bad
byte's position …; its numbers worded by :func:`socinv.l10n.format_params`), :func:`where` says where it is ("row 3, column “Kommentar”"). The
web pages, the API, the command line and the reader's own ``str()`` all read them from
here, so each code (and each detail) has one wording.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from . import format_params
from .catalogue import gettext_noop, language, translator

MESSAGES: dict[str, str] = {
    # the file as a whole
    "empty_file": gettext_noop("The file is empty."),
    "no_data_rows": gettext_noop("The file has no data rows."),
    "encoding": gettext_noop(
        "The file's character encoding cannot be read: save it as UTF-8 or Windows-1252."
    ),
    "unsupported_format": gettext_noop(
        "The file format is not supported: use CSV, xlsx or JSON from Kolada."
    ),
    "unreadable_file": gettext_noop("The file cannot be read (a corrupt or truncated xlsx file?)."),
    "malformed_csv": gettext_noop("The CSV file cannot be read."),
    "invalid_json": gettext_noop("The file is not valid JSON."),
    "invalid_structure": gettext_noop("The JSON file is not in Kolada's format."),
    # a zip-based file (xlsx) refused before it is read (socinv.io.zipguard)
    "zip_invalid": gettext_noop("The file is not a readable xlsx (zip) file."),
    "zip_too_large": gettext_noop(
        "The file unpacks to more than %(limit_bytes)s (%(size_bytes)s found): it was not read."
    ),
    "zip_ratio": gettext_noop(
        "The part “%(member)s” of the file unpacks to %(ratio)s times its packed size "
        "(at most %(limit)s times): the file looks like a zip bomb and was not read."
    ),
    "cell_too_long": gettext_noop(
        "The cell holds more than %(limit)s characters, more than Excel allows: "
        "the file was not read further."
    ),
    "row_too_wide": gettext_noop(
        "A row of the sheet has more than %(limit)s cells, more than Excel allows: "
        "the file was not read."
    ),
    # the header
    "missing_column": gettext_noop("The required column is missing."),
    "unknown_column": gettext_noop("Unknown column."),
    "duplicate_column": gettext_noop("The column appears twice."),
    "unnamed_column": gettext_noop("There is a value in a column without a header."),
    # a cell
    "missing_value": gettext_noop("The value is missing."),
    "not_a_number": gettext_noop("“%(text)s” is not a number."),
    "not_a_whole_number": gettext_noop(
        "The number of individuals must be a whole number, not “%(text)s”."
    ),
    "negative_individuals": gettext_noop(
        "The number of individuals must not be negative (“%(text)s”)."
    ),
    "invalid_period": gettext_noop(
        "“%(text)s” is not a period: write a year (2026), a quarter (2026-Q1), "
        "a month (2026-03) or a date (2026-03-31)."
    ),
    "no_total_value": gettext_noop("The Kolada entry has no total value (gender T)."),
    "invalid_gender": gettext_noop("“%(text)s” is not a Kolada gender: use T, K or M."),
    # across rows
    "duplicate_measurement": gettext_noop(
        "The indicator “%(indicator)s” has the period %(period)s twice in the file."
    ),
    # the guard
    "personal_number": gettext_noop(
        "Contains a Swedish personal identity number (personnummer or samordningsnummer). "
        "The whole file is refused and nothing is stored: the system holds aggregated "
        "data only. Remove it and import the file again."
    ),
    "too_many_problems": gettext_noop("… and %(more)s more problems."),
    "comment_too_long": gettext_noop(
        "The comment may be at most %(limit)s characters (it has %(length)s)."
    ),
    # warnings
    "value_missing_skipped": gettext_noop(
        "Kolada has no value for “%(indicator)s”, %(period)s: the entry is skipped."
    ),
    "value_deleted_skipped": gettext_noop(
        "Kolada has marked the value for “%(indicator)s”, %(period)s as deleted: it is skipped."
    ),
    "group_skipped": gettext_noop(
        "“%(group)s” is a Kolada municipality group, not a municipality: the entry is skipped."
    ),
    # the project's checks (socinv.followup)
    "unknown_indicator": gettext_noop(
        "The project has no indicator called “%(indicator)s”. The project's indicators: %(known)s."
    ),
    "already_reported": gettext_noop(
        "“%(indicator)s” already has a measurement for the period %(period)s."
    ),
    "already_imported": gettext_noop(
        "This file has already been imported on %(date)s by %(user)s. Nothing has been stored."
    ),
    "file_changed": gettext_noop(
        "The file changed while it was being imported. Nothing has been stored: try again."
    ),
    "nothing_stored": gettext_noop(
        "The file holds no measurement to store (every entry was skipped or left out): "
        "nothing has been stored, and the file is not recorded as imported."
    ),
    "kpi_not_linked": gettext_noop(
        "No indicator of the project is linked to the Kolada KPI “%(kpi)s”. Linked KPIs: %(known)s."
    ),
    "no_baseline_value": gettext_noop(
        "The file has no value of %(kpi)s for the municipality %(municipality)s (gender "
        "%(gender)s): the baseline is not set."
    ),
    "comparison_missing": gettext_noop(
        "The file has no value of %(kpi)s for the comparison %(place)s."
    ),
    "nothing_to_store": gettext_noop(
        "The file holds no value for the project's linked indicators: nothing has been "
        "stored, and the file is not recorded as imported."
    ),
    "not_a_municipality": gettext_noop(
        "“%(text)s” is not a municipality code (four digits, e.g. 0581; a group id G… "
        "is not a municipality)."
    ),
    "several_municipalities": gettext_noop(
        "The file has values for several municipalities (%(municipalities)s) for the same "
        "indicator and period: choose one municipality."
    ),
}

# A detail the reader found (a param present and not empty) adds a sentence to the code's
# one: (code, param) -> the sentence, in this order. One wording per (code, detail).
DETAILS: dict[tuple[str, str], str] = {
    ("unsupported_format", "format"): gettext_noop(
        "The file is in the old Excel format (.%(format)s): save it as .xlsx or CSV."
    ),
    ("encoding", "encoding"): gettext_noop(
        "The file is marked as %(encoding)s but cannot be read as such."
    ),
    ("encoding", "position"): gettext_noop("The first bad byte is at position %(position)s."),
    ("malformed_csv", "line"): gettext_noop("The error is on line %(line)s: %(detail)s."),
    ("invalid_json", "line"): gettext_noop(
        "The error is on line %(line)s, column %(column_number)s: %(detail)s."
    ),
    ("invalid_structure", "expected"): gettext_noop("Expected: %(expected)s."),
    ("invalid_structure", "nested"): gettext_noop("It is nested too deeply."),
    ("no_data_rows", "field"): gettext_noop("The list “%(field)s” has no entries."),
    ("missing_column", "swedish"): gettext_noop("Add a column “%(swedish)s”."),
    ("unknown_column", "suggestion"): gettext_noop("Did you mean “%(suggestion)s”?"),
    ("unknown_column", "accepted"): gettext_noop("The accepted columns: %(accepted)s."),
    ("duplicate_column", "first"): gettext_noop(
        "The column “%(first)s” is the same column (%(name)s)."
    ),
    ("not_a_number", "decimal_point"): gettext_noop("This file uses a decimal point."),
    ("duplicate_measurement", "municipality"): gettext_noop("The municipality: %(municipality)s."),
    ("duplicate_measurement", "first_row"): gettext_noop("The first is on row %(first_row)s."),
    ("duplicate_measurement", "first_entry"): gettext_noop(
        "The first is in entry %(first_entry)s."
    ),
}

ROW = gettext_noop("row")
ENTRY = gettext_noop("entry")  # a Kolada JSON file's "row"
COLUMN = gettext_noop("column “%(column)s”")


def describe(code: str, params: Mapping[str, Any], lang: str | None = "en") -> str:
    """The sentence for the problem ``code`` with ``params`` in ``lang`` ("sv" or "en"),
    followed by one of :data:`DETAILS` for each detail present; the code itself when it
    has no template."""
    english = MESSAGES.get(code)
    if english is None:
        return code
    gettext = translator(lang).gettext
    values = format_params(
        {
            k: ", ".join(map(str, v)) if isinstance(v, list | tuple) else v
            for k, v in params.items()
        },
        language(lang),
    )
    sentences = [_word(english, values, gettext)]
    for (of, name), detail in DETAILS.items():
        if of == code and params.get(name):
            sentences.append(_word(detail, values, gettext))
    return " ".join(sentences)


def _word(english: str, values: Mapping[str, Any], gettext) -> str:
    for text in (gettext(english), english):  # a broken translation: English
        try:
            return text % values
        except (KeyError, TypeError, ValueError):
            continue
    return english  # params missing: the template, never a crash


def where(row: int | None, column: str | None, row_label: str = "row", lang: str | None = "en"):
    """Where a problem is: "row 3, column “Kommentar”" ("entry 3" in a Kolada file); ""
    for the whole file."""
    gettext = translator(lang).gettext
    parts = []
    if row is not None:
        parts.append(f"{gettext(ENTRY if row_label == 'entry' else ROW)} {row}")
    if column is not None:
        parts.append(gettext(COLUMN) % {"column": column})
    return ", ".join(parts)
