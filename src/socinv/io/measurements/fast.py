"""The fast path: a clean batch validated column by column (the usual case, and about
three times quicker than row by row; see benchmarks/bench_import.py).

:func:`fast_batch` gives up (returns ``None``, having recorded nothing but caches) at the
first thing it does not handle, and the batch then goes row by row
(:meth:`socinv.io.measurements.rows.Table.slow_batch`), which names every problem. The
two must give the same rows and problems: tests/property/test_measurement_paths.py
checks that."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from .cells import normalise_period
from .duplicates import DuplicateIndex
from .header import Header
from .results import RowBatch

__all__ = ["fast_batch"]

_strip = str.strip
# The row-by-row path reads a count through a float, exact up to 2**53: larger ones
# (absurd as counts of people) are left to it, so that both give the same number.
_EXACT_COUNT = 2**53


def fast_batch(
    rows: list[list[str]],
    first: int,
    header: Header,
    periods: dict[str, str],
    duplicates: DuplicateIndex,
    decimal_comma: bool,
) -> RowBatch | None:
    """Rows ``first``, ``first + 1``, … (none blank, none holding a personal number, no
    problem in the file so far) as a :class:`RowBatch`, or ``None``. ``periods`` caches
    the normalised period of each valid text."""
    width = header.width
    if header.unnamed or len(rows[0]) != width or len(set(map(len, rows))) != 1:
        return None
    cols = list(zip(*rows, strict=False))
    comma = decimal_comma

    indicators = list(map(_strip, cols[header.i_ind]))
    if "" in indicators:
        return None

    raw = cols[header.i_per]
    normalised = list(map(periods.get, raw))
    if None in normalised:
        for text in set(raw).difference(periods):
            p = normalise_period(text) if text.strip() else None
            if p is None:
                return None
            periods[text] = p
        normalised = list(map(periods.get, raw))

    values = _floats(cols[header.i_val], comma, optional=False)
    if values is None:
        return None
    n = len(rows)
    optional: list[list | None] = []
    for i, parse in (
        (header.i_cmp, _optional_floats),
        (header.i_n, _counts),
        (header.i_cn, _counts),
    ):
        column = None
        if i < width:
            column = parse(cols[i], comma)
            if column is None:
                return None
        optional.append(column)
    comparisons, individuals, comparison_individuals = optional
    comments = list(map(_strip, cols[header.i_com])) if header.i_com < width else None
    if header.i_mun < width:
        towns: Iterable[str | None] = [t.strip() or None for t in cols[header.i_mun]]
        keys: list[Any] = list(zip(indicators, towns, strict=False))
    else:
        towns = None
        keys = indicators

    # duplicates, within the batch and against earlier rows
    if not duplicates.claim(keys, normalised, first):
        return None
    return RowBatch(
        (
            indicators,
            normalised,
            values,
            comparisons,
            individuals,
            comments,
            towns,
            range(first, first + n),
            comparison_individuals,
        ),
        n,
    )


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


def _optional_floats(cells: Sequence[str], comma: bool) -> list[float | None] | None:
    return _floats(cells, comma, optional=True)


def _counts(cells: Sequence[str], comma: bool) -> list[int | None] | None:
    """Whole, non-negative numbers (``None`` for an empty cell), or ``None`` when any
    cell needs a closer look (``comma``: the dialect, which whole numbers ignore)."""
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
    if present and (min(present) < 0 or max(present) > _EXACT_COUNT):
        return None
    return values
