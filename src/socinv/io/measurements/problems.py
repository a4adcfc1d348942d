"""What can be wrong with a measurements file, and the collector that gathers it.

Each problem has a stable ``code`` (:class:`ProblemCode`) and its ``params`` (every detail
its sentence shows), never a sentence: :mod:`socinv.l10n.measurements` words them, one
wording per code. User text quoted in a param always goes through :func:`echo` (personal
numbers redacted, shortened)."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from socinv.core.personnummer import redact
from socinv.l10n.measurements import describe, where

from .cells import cell_text

__all__ = ["MAX_PROBLEMS", "ImportProblem", "ProblemCode", "ProblemCollector", "echo"]

MAX_ECHO = 40
MAX_PROBLEMS = 1000  # of each kind (guard, others) listed; the rest are counted


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
    # an xlsx refused before parsing (socinv.io.zipguard; its zip_invalid is UNREADABLE_FILE)
    ZIP_TOO_LARGE = "zip_too_large"
    CELL_TOO_LONG = "cell_too_long"  # longer than Excel allows: refused unread
    ROW_TOO_WIDE = "row_too_wide"  # more cells in a row than Excel allows: refused unparsed
    ZIP_RATIO = "zip_ratio"
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
    INVALID_GENDER = "invalid_gender"  # Kolada: a gender other than T, K, M
    # across rows
    DUPLICATE_MEASUREMENT = "duplicate_measurement"
    # the guard: refuses the whole file
    PERSONAL_NUMBER = "personal_number"
    TOO_MANY_PROBLEMS = "too_many_problems"  # the count of problems not listed
    # warnings (do not refuse the file)
    VALUE_MISSING_SKIPPED = "value_missing_skipped"  # Kolada: value null, entry skipped
    VALUE_DELETED_SKIPPED = "value_deleted_skipped"  # Kolada: "isdeleted": true, skipped
    GROUP_SKIPPED = "group_skipped"  # Kolada: a municipality group is no municipality


@dataclass(frozen=True, slots=True)
class ImportProblem:
    """One problem. ``row`` is 1-based (``None`` for the whole file); ``column`` is the
    header as written in the file (or the canonical name of a missing column; for JSON
    the field). ``row_label`` is ``"row"`` or, for JSON, ``"entry"``."""

    code: ProblemCode
    row: int | None = None
    column: str | None = None
    params: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)
    row_label: str = "row"

    def __str__(self) -> str:
        """``where: sentence`` in English (logs, tests)."""
        sentence = describe(self.code, self.params, "en")
        at = where(self.row, self.column, self.row_label, "en")
        return f"{at}: {sentence}" if at else sentence


def echo(value: Any) -> str:
    """User text safe to quote in a message: personal numbers redacted, shortened."""
    text = value if isinstance(value, str) else cell_text(value)
    # redact only what can be shown (the guard scans whole cells elsewhere): a header of
    # megabytes is not scanned once more here
    text = redact(text[: MAX_ECHO * 2])
    if len(text) > MAX_ECHO:
        text = text[: MAX_ECHO - 1] + "…"
    return text


class ProblemCollector:
    """Collects the problems of one file (personal numbers first) and its warnings.
    ``guard`` holds the personal-number problems, ``problems`` the others (at most
    ``MAX_PROBLEMS`` of each; ``more`` counts the rest)."""

    def __init__(self) -> None:
        self.problems: list[ImportProblem] = []
        self.guard: list[ImportProblem] = []
        self.warnings: list[ImportProblem] = []
        self.row_label = "row"
        self.more = 0  # problems not listed (past MAX_PROBLEMS)

    @property
    def clean(self) -> bool:
        """No problem (of either kind) so far."""
        return not self.problems and not self.guard

    def add(
        self,
        code: ProblemCode,
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
        target.append(ImportProblem(code, row, column, params, self.row_label))

    def warn(self, code: ProblemCode, row: int | None = None, **params: Any) -> None:
        if row is not None:
            params.setdefault("row", row)
        self.warnings.append(ImportProblem(code, row, None, params, self.row_label))

    def personal_number(self, row: int | None, column: str | None) -> None:
        self.add(ProblemCode.PERSONAL_NUMBER, row, column)

    def not_a_number(self, raw: Any, row: int, column: str, decimal_comma: bool) -> None:
        if decimal_comma:
            self.add(ProblemCode.NOT_A_NUMBER, row, column, text=echo(raw))
        else:  # the hint: 1,5 is not a number in this file
            self.add(ProblemCode.NOT_A_NUMBER, row, column, text=echo(raw), decimal_point=True)

    def all_problems(self) -> tuple[ImportProblem, ...]:
        problems = self.guard + self.problems
        if self.more:
            problems.append(
                ImportProblem(ProblemCode.TOO_MANY_PROBLEMS, params={"more": self.more})
            )
        return tuple(problems)
