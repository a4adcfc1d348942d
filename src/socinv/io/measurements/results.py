"""What a read gives: measurement rows, batches of them, the result of a whole file."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import repeat
from typing import Any, NamedTuple

from .problems import ImportProblem, ProblemCode

__all__ = ["ImportResult", "MeasurementRow", "RowBatch"]


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


_DEFAULTS = (None, None, None, None, None, "", None, None, None)
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
