"""The header row: which column is which, in Swedish or English.

Header names are matched case-insensitively (spaces and hyphens read as ``_``):
``indikator``/``indicator``, ``period``, ``värde``/``value`` (required),
``jämförelsevärde``/``comparison_value``, ``antal``/``individuals``,
``antal_i_jämförelsegruppen``/``comparison_individuals``, ``kommentar``/``comment``,
``kommun``/``municipality`` (optional)."""

from __future__ import annotations

import difflib
import re
from typing import Any

from socinv.core.personnummer import contains_personal_number

from .cells import cell_text
from .problems import ProblemCode, ProblemCollector, echo

__all__ = ["COLUMNS", "MAX_SUGGESTED", "Header", "column_label"]

MAX_SUGGESTED = 100  # characters: a longer unknown header gets no "did you mean"

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


def column_label(i: int) -> str:
    """The spreadsheet letter of a 0-based column index: 0 -> A, 26 -> AA."""
    label = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        label = chr(65 + r) + label
    return f"column {label}"


def _normalise_header(h: str) -> str:
    return re.sub(r"[\s\-]+", "_", h.replace("\ufeff", "").strip().lower())


class Header:
    """The header of a table, mapped: ``index`` (column name -> position), ``shown``
    (position -> name as written), and for each column its position (``i_ind``,
    ``i_per``, …; ``width``, one past the last cell, when the column is absent).
    Reports unknown, duplicated and missing columns, and a personal number in a header
    cell, to ``reader`` (``row`` is the header's row in the file)."""

    def __init__(self, cells: list[Any], row: int, reader: ProblemCollector) -> None:
        index: dict[str, int] = {}
        shown: dict[int, str] = {}
        accepted = sorted(_HEADER_TO_COLUMN)
        for i, raw in enumerate(cells):
            text = cell_text(raw).replace("\ufeff", "").strip()
            if contains_personal_number(text):
                reader.personal_number(row, column_label(i))
                shown[i] = column_label(i)
                continue
            if not text:
                continue
            shown[i] = text
            name = _HEADER_TO_COLUMN.get(_normalise_header(text))
            if name is None:
                # difflib is quadratic in the length: no suggestion for a long header
                close = (
                    difflib.get_close_matches(_normalise_header(text), accepted, n=1)
                    if len(text) <= MAX_SUGGESTED
                    else []
                )
                reader.add(
                    ProblemCode.UNKNOWN_COLUMN,
                    row,
                    echo(text),
                    suggestion=close[0] if close else None,
                    accepted=accepted,
                )
            elif name in index:
                reader.add(
                    ProblemCode.DUPLICATE_COLUMN,
                    row,
                    echo(text),
                    first=echo(shown[index[name]]),
                    name=name,
                )
            else:
                index[name] = i
        for name, (aliases, required) in COLUMNS.items():
            if required and name not in index:
                reader.add(ProblemCode.MISSING_COLUMN, None, name, swedish=aliases[0])
        self.cells = cells
        self.width = width = len(cells)
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
        """Column ``i`` as a problem names it: its header, or its letter."""
        return self.shown.get(i) or column_label(i)
