"""The engine's problems as the calculation editor words them: the field named as the form
shows it ("Effekt 1, Benämning: måste fyllas i"), values in the form's units (percent,
calendar years, stakeholders by name), and the engine's path kept only as a detail.

The engine (:mod:`socinv.core.calc`) decides what is wrong; here only the sentence changes.
A code without an editor's sentence keeps the engine's (:func:`socinv.l10n.messages.describe`).
"""

from __future__ import annotations

import re
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from socinv.core.calc.problems import ProblemCode as P
from socinv.l10n.messages import Described

from .units import is_percent, show_number, show_percent

# sentences that name the form's fields and units instead of the file's keys
SENTENCES = {
    P.REQUIRED: gettext_noop("must be filled in"),
    P.EMPTY: gettext_noop("must be filled in"),
    P.NOT_INTEGER: gettext_noop("must be a whole number, got %(got)s"),  # got: 2,5
    P.NOT_FRACTION: gettext_noop("must be between 0 and 100 %%, got %(got)s"),
    P.NOT_RATE: gettext_noop("must be greater than −100 %%, got %(got)s"),
    P.EFFECT_MISSING: gettext_noop(
        "give the baseline rate and the relative effect, or the changed cases per participant"
    ),
    P.CASES_AND_PAIR: gettext_noop(
        "give either the baseline rate and the relative effect, or the changed cases per "
        "participant, not both"
    ),
    P.COST_AMOUNT_MISSING: gettext_noop(
        "give an amount per year, an amount per participant, or both"
    ),
    P.YEARS_MISSING: gettext_noop("give the years of the cost, e.g. 2026, 2027"),
    P.YEARS_NOT_LIST: gettext_noop("give the years of the cost, e.g. 2026, 2027"),
    P.YEAR_OUTSIDE_HORIZON: gettext_noop(
        "%(year)s is outside the years of the calculation (%(first)s–%(last)s)"
    ),
    P.YEAR_TWICE: gettext_noop("%(year)s is listed twice"),
    P.TOO_MANY_COHORTS: gettext_noop(
        "has %(cohorts)s cohorts but the calculation has %(horizon)s years (%(first)s–%(last)s)"
    ),
    P.NO_STAKEHOLDERS: gettext_noop("choose at least one stakeholder"),
    P.UNDECLARED_STAKEHOLDER: gettext_noop(
        "%(name)s is not among the calculation's stakeholders: tick it under Stakeholders"
    ),
    P.NOT_MUNICIPAL: gettext_noop(
        "%(name)s is not a municipal board; choose the board that repays"
    ),
    P.MUNICIPAL_NOT_PUBLIC: gettext_noop(
        "%(name)s is municipal but not public; the public perspective leaves it out"
    ),
    P.SD_NEGATIVE: gettext_noop("must not be negative, got %(sd)s"),
    P.MIN_ABOVE_MAX: gettext_noop(
        "the minimum (%(min)s) must not be greater than the maximum (%(max)s)"
    ),
    P.TRIANGULAR_ORDER: gettext_noop(
        "must have low ≤ most likely ≤ high, got %(low)s, %(mode)s, %(high)s"
    ),
    P.UNIFORM_ORDER: gettext_noop("must have low ≤ high, got %(low)s and %(high)s"),
    P.SAVINGS_ONLY: gettext_noop("applies only to repayment out of realised savings"),
    P.DEPRECIATION_ONLY: gettext_noop("applies only to repayment by a fixed plan"),
}
_VALUE_PARAMS = ("got", "sd", "min", "max", "low", "mode", "high")


def _value(path: str, value: Any, lang: str) -> str:
    if isinstance(value, str):
        return repr(value)
    if is_percent(path):
        return f"{show_percent(value, lang)}\u00a0%"
    return show_number(value, lang)


def message(problem: Described, data: dict, names: dict[str, str], lang: str) -> str:
    """The editor's sentence for one problem (already worded by the engine's catalogue in
    ``problem.message``); ``names``: stakeholder key → name."""
    try:
        code = P(problem.code)
    except ValueError:
        return problem.message
    if code not in SENTENCES:
        return problem.message
    raw = dict(problem.params or {})
    params: dict[str, Any] = {}
    for key in _VALUE_PARAMS:
        if key in raw:
            params[key] = _value(problem.path, raw[key], lang)
    start = data.get("start_year") if isinstance(data.get("start_year"), int) else None
    horizon = data.get("horizon") if isinstance(data.get("horizon"), int) else None
    if start is not None and horizon is not None:
        params["first"] = str(start)
        params["last"] = str(start + horizon - 1)
        params["horizon"] = str(horizon)
    if "year" in raw:
        year = raw["year"]
        params["year"] = str(year + start) if start is not None and isinstance(year, int) else year
    if "cohorts" in raw:
        params["cohorts"] = raw["cohorts"]
    if "id" in raw:
        params["name"] = names.get(raw["id"], raw["id"])
    try:
        return _(SENTENCES[code]) % params
    except (KeyError, TypeError, ValueError):  # a param the engine did not give: its sentence
        return problem.message


_TOKEN = re.compile(r"\[\d+\]|[^.\[\]]+")


def where(path: str, labels: dict[str, str]) -> str:
    """The field as the form names it: the labels of the path's groups and of the field,
    ``outcomes[0].label`` → "Effekt 1, Benämning"; the path itself when none is known."""
    parts, prefix = [], ""
    for token in _TOKEN.findall(path or ""):
        prefix = prefix + token if token.startswith("[") or not prefix else f"{prefix}.{token}"
        if prefix in labels:
            parts.append(str(labels[prefix]))
    return ", ".join(parts) if parts else path
