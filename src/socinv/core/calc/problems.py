"""The calculation's input problems: where (a field's path), what (a stable code) and the
values the sentence needs. The core never words a problem: ``socinv.l10n.messages`` holds
one English template per code (a gettext msgid, translated to Swedish by the catalogue).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class ProblemCode(StrEnum):
    """Why an input is refused (or, for ``MUNICIPAL_NOT_PUBLIC``, ``STALE_UNIT_COST`` and
    ``BEARER_DIFFERS``, warned about).

    The params each code carries are named in its template in ``socinv.l10n.messages``;
    ``got`` is always the value as read from the file, ``type`` a type code ("boolean",
    "integer", "number", "string", "list", "table" or Python's type name).
    """

    # reading the file
    FILE_NOT_FOUND = "file_not_found"
    NOT_UTF8 = "not_utf8"
    UNREADABLE = "unreadable"  # reason
    TOML_SYNTAX = "toml_syntax"  # line, column, detail
    TOML_SYNTAX_UNLOCATED = "toml_syntax_unlocated"  # detail
    FILE_TOO_LARGE = "file_too_large"  # max_bytes, size_bytes (at least)
    TOO_DEEP = "too_deep"  # line, maximum (levels of arrays and inline tables)
    TOO_DEEP_UNLOCATED = "too_deep_unlocated"  # maximum (the parser itself ran out of depth)
    INTEGER_TOO_LONG = "integer_too_long"  # max_digits (Python's limit on an integer's digits)
    # tables and keys
    NOT_TABLE = "not_table"  # type
    UNKNOWN_KEY = "unknown_key"  # key, allowed
    UNKNOWN_KEY_SUGGESTION = "unknown_key_suggestion"  # key, suggestion, allowed
    NOT_TABLE_LIST = "not_table_list"  # key, type
    REQUIRED = "required"
    # scalars
    NOT_STRING = "not_string"  # type
    EMPTY = "empty"
    NOT_BOOLEAN = "not_boolean"  # got
    NOT_INTEGER = "not_integer"  # got
    TOO_SMALL = "too_small"  # minimum, got
    TOO_LARGE = "too_large"  # maximum, got
    NOT_NUMBER = "not_number"  # got
    NOT_FINITE = "not_finite"  # got
    NOT_FRACTION = "not_fraction"  # got
    NEGATIVE = "negative"  # got
    NOT_RATE = "not_rate"  # got
    # uncertain values
    DIST_REQUIRED = "dist_required"
    DIST_UNKNOWN = "dist_unknown"  # got
    SD_NEGATIVE = "sd_negative"  # sd
    MIN_ABOVE_MAX = "min_above_max"  # min, max
    TRIANGULAR_ORDER = "triangular_order"  # low, mode, high
    UNIFORM_ORDER = "uniform_order"  # low, high
    # the calculation
    NOT_INTEGER_LIST = "not_integer_list"  # type
    TOO_MANY_COHORTS = "too_many_cohorts"  # cohorts, horizon, last
    NO_STAKEHOLDERS = "no_stakeholders"
    DUPLICATE_STAKEHOLDER = "duplicate_stakeholder"  # id, index
    UNDECLARED_STAKEHOLDER = "undeclared_stakeholder"  # id
    MUNICIPAL_NOT_PUBLIC = "municipal_not_public"  # id (a warning)
    COST_AMOUNT_MISSING = "cost_amount_missing"
    YEAR_AND_YEARS = "year_and_years"
    YEARS_MISSING = "years_missing"
    YEAR_OUTSIDE_HORIZON = "year_outside_horizon"  # year, last
    YEARS_NOT_LIST = "years_not_list"  # got
    YEAR_TWICE = "year_twice"  # year
    CASES_AND_PAIR = "cases_and_pair"
    EFFECT_MISSING = "effect_missing"
    NO_VALUES = "no_values"
    KIND_UNKNOWN = "kind_unknown"  # got
    NOT_MUNICIPAL = "not_municipal"  # id
    METHOD_UNKNOWN = "method_unknown"  # got
    SAVINGS_ONLY = "savings_only"
    DEPRECIATION_ONLY = "depreciation_only"
    # the unit-cost catalogue and references to it (spec unit-costs.md)
    NO_CATALOGUE = "no_catalogue"  # id
    UNKNOWN_UNIT_COST = "unknown_unit_cost"  # id
    UNKNOWN_UNIT_COST_SUGGESTION = "unknown_unit_cost_suggestion"  # id, suggestions
    INDEX_YEAR_MISSING = "index_year_missing"  # id, year
    NO_INDEX = "no_index"  # id, unit_year, price_year
    DUPLICATE_UNIT_COST = "duplicate_unit_cost"  # id, index
    BAD_UNIT_COST_ID = "bad_unit_cost_id"  # got
    BAD_INDEX_YEAR = "bad_index_year"  # got
    INDEX_NOT_POSITIVE = "index_not_positive"  # got
    TOO_MANY_UNIT_COSTS = "too_many_unit_costs"  # maximum, got
    NOT_DATE = "not_date"  # got
    STALE_UNIT_COST = "stale_unit_cost"  # id, unit_year, price_year, years (a warning)
    BEARER_DIFFERS = "bearer_differs"  # id, bearer, stakeholder (a warning)
    # evidence grades
    HAIRCUT_GRADE_MISSING = "haircut_grade_missing"  # grade
    # the run and its result
    RESULT_NOT_FINITE = "result_not_finite"  # path: the result's field (perspectives.public.npv)


@dataclass(frozen=True)
class Problem:
    """One problem with the input: ``path`` names the field (``outcomes[1].relative_effect``,
    "" for the whole file), ``code`` what is wrong, ``params`` the values its sentence needs.
    Word it with ``socinv.l10n.messages.describe(problem, lang)``."""

    path: str
    code: ProblemCode
    params: dict[str, Any] = field(default_factory=dict, hash=False)

    def __str__(self) -> str:  # for logs and tracebacks; people read socinv.l10n's sentence
        what = f"{self.code} {self.params}" if self.params else str(self.code)
        return f"{self.path}: {what}" if self.path else what


class InputError(ValueError):
    """The input is invalid; ``problems`` lists the problems found (at most
    ``limits.MAX_CALC_PROBLEMS_KEPT`` of them), ``total`` how many there were."""

    def __init__(self, problems: list[Problem], source: str = "<input>", total: int | None = None):
        self.problems = problems
        self.source = source
        self.total = max(len(problems), total or 0)
        super().__init__("\n".join(self.lines()))

    def lines(self, describe: Callable[[Problem], str] = str) -> list[str]:
        """``source: problem`` for each problem, worded by ``describe``
        (``socinv.l10n.messages.located`` for a sentence)."""
        return [f"{self.source}: {describe(p)}" for p in self.problems]
