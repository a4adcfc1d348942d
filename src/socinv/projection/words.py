"""The projection's words (gettext), written once for the CLI, the page and the workbook."""

from __future__ import annotations

from django.utils.translation import gettext as _

from socinv.core.limits import (
    MAX_PROJECTION_DRAWS,
    MAX_PROJECTION_YEARS,
    MAX_SEED,
    MIN_PROJECTION_DRAWS,
    MIN_PROJECTION_YEARS,
    MIN_SEED,
)
from socinv.core.problems import Problem

BOUNDS = {
    "years": (MIN_PROJECTION_YEARS, MAX_PROJECTION_YEARS),
    "draws": (MIN_PROJECTION_DRAWS, MAX_PROJECTION_DRAWS),
    "seed": (MIN_SEED, MAX_SEED),
}


def field_label(field: str) -> str:
    return {
        "years": _("Years"),
        "draws": _("Draws"),
        "seed": _("Seed"),
        "as_of": _("As of"),
    }.get(field, field)


def problem_text(p: Problem) -> str:
    """One option's problem: "Years must be a whole number between 1 and 30 (got 31)."."""
    low, high = BOUNDS[p.field]
    return _("%(field)s must be a whole number between %(min)s and %(max)s (got %(got)s).") % {
        "field": field_label(p.field),
        "min": low,
        "max": high,
        "got": p.params.get("got"),
    }


def texts() -> dict[str, str]:
    """The headings and labels of the projection's tables and charts."""
    return {
        "title": _("Fund projection"),
        "year": _("Year"),
        "available": _("Available to commit"),
        "fund_money": _("Money in the fund"),
        "median": _("Median"),
        "mean": _("Expected value"),
        "p05": _("5th percentile"),
        "p95": _("95th percentile"),
        "band": _("5–95 % band"),
        "disbursements": _("Disbursements"),
        "contributions": _("Contributions (plan)"),
        "repayments": _("Repayments"),
        "repayments_by_board": _("Expected repayments per board and year"),
        "write_downs": _("Expected write-downs by bearer"),
        "central": _("Borne by the fund (central)"),
        "board": _("Borne by the board (repaid from its budget frame)"),
        "board_col": _("Board"),
        "project": _("Project"),
        "prob": _("Probability that the receivable is repaid"),
        "used_up": _("The money in the fund is used up in"),
        "not_used_up": _("The money in the fund is not used up within the projection."),
        "as_of": _("As of"),
        "draws": _("Draws"),
        "seed": _("Seed"),
        "total": _("Total"),
        "available_chart": _("Available to commit per year: median and 5–95 % band"),
        "fund_money_chart": _("Money in the fund per year: median and 5–95 % band"),
    }
