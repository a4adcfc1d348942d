"""An indicator's values in its unit's precision: the one rule for every place that shows
a baseline, a target, a measurement, a change or a comparison value (the follow-up page,
its report and workbook, the ex-post's hints, the decision memo).

The unit is free text (``Indicator.unit``); its kind decides how a value is shown:

========  =================================  ==========================================
kind      units                              shown
========  =================================  ==========================================
share     andel, share, proportion           a fraction in percent: 0.6 → ``60 %``,
                                             0.035 → ``3,5 %`` (at most one decimal)
percent   %, procent, percent                already in percent: 60 → ``60 %``
money     kr, kronor, sek                    whole kronor: ``4 800 000 kr``
count     antal, st, personer, deltagare …   a whole number: ``60``
number    anything else                      at most two decimals: ``60``, ``4,25``
========  =================================  ==========================================

A value gets no more decimals than it needs (``60 %``, not ``60,0 %``); a column of a
table (:func:`decimals` over its values) gets the same for every row. A change of a share
or a percent is in percentage points. The numbers themselves are written by
:mod:`socinv.l10n` (no-break spaces, decimal comma, a real minus).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext as _

from socinv.l10n import format_money, format_number, format_percent

SHARE_UNITS = frozenset({"andel", "share", "proportion", "andel (0–1)", "andel (0-1)"})
PERCENT_UNITS = frozenset({"%", "procent", "percent", "per cent", "andel (%)"})
MONEY_UNITS = frozenset({"kr", "kronor", "sek"})
COUNT_UNITS = frozenset(
    {
        "antal",
        "st",
        "st.",
        "styck",
        "stycken",
        "personer",
        "individer",
        "deltagare",
        "barn",
        "elever",
        "fall",
        "count",
        "number",
        "persons",
        "people",
        "participants",
        "households",
        "cases",
    }
)
# the most decimals a kind shows (a share's and a percent's are of the percent)
MAX_DECIMALS = {"share": 1, "percent": 1, "money": 0, "count": 0, "number": 2}
_EXACT = 10  # digits that count as the value's own (0.035 * 100 is 3.5, not 3.5000000000000004)


def kind(indicator_or_unit: Any) -> str:
    """``share``, ``percent``, ``money``, ``count`` or ``number`` for an indicator (or its
    unit as text)."""
    unit = getattr(indicator_or_unit, "unit", indicator_or_unit)
    unit = (unit or "").strip().casefold() if isinstance(unit, str) else ""
    if unit in SHARE_UNITS:
        return "share"
    if unit in PERCENT_UNITS:
        return "percent"
    if unit in MONEY_UNITS:
        return "money"
    if unit in COUNT_UNITS or unit.split(" ")[0] == "antal":
        return "count"
    return "number"


def _scaled(k: str, value: float) -> float:
    """The value as it is written: a share in percent."""
    return round(float(value) * 100, _EXACT) if k == "share" else float(value)


def decimals(k: str, values: Iterable[float | None]) -> int:
    """The fewest decimals (at most the kind's) that show every one of ``values``."""
    most = MAX_DECIMALS[k]
    need = 0
    for v in values:
        if v is None:
            continue
        x = round(_scaled(k, v), most)
        while need < most and round(x, need) != x:
            need += 1
    return need


def value_text(indicator_or_unit: Any, value: float | None, lang: str, places=None) -> str:
    """A baseline, target, measurement or comparison value as text in its unit's
    precision; ``places``: the decimals of its column (else its own); ``–`` for none."""
    if value is None or value == "":
        return "–"
    k = kind(indicator_or_unit)
    d = decimals(k, [value]) if places is None else min(int(places), MAX_DECIMALS[k])
    if k == "share":
        return format_percent(float(value), d, lang)
    if k == "percent":
        return format_percent(float(value) / 100, d, lang)
    if k == "money":
        return format_money(round(float(value)), lang)
    return format_number(round(float(value), d) if d else round(float(value)), d, lang)


def percent_text(fraction: float | None, lang: str) -> str:
    """A fraction computed from the values (a relative change) in percent, with a share's
    precision: 0.15 → ``15 %``, 0.257 → ``25,7 %``."""
    return value_text("andel", fraction, lang)


def change_number(indicator_or_unit: Any, change: float | None, lang: str) -> str:
    """A difference (against the baseline, or a difference-in-differences) as a number in
    its unit's precision, without the unit: a share's in percentage points."""
    if change is None:
        return "–"
    k = kind(indicator_or_unit)
    x = _scaled(k, change)
    d = decimals(k, [change])
    return format_number(round(x, d) if d else round(x), d, lang)


def change_text(indicator_or_unit: Any, change: float | None, lang: str) -> str:
    """A difference with its unit: ``8 procentenheter`` for a share or a percent,
    ``−200 000 kr`` for money, ``12`` for a count."""
    if change is None:
        return "–"
    k = kind(indicator_or_unit)
    if k == "money":
        return format_money(round(float(change)), lang)
    text = change_number(indicator_or_unit, change, lang)
    if k in ("share", "percent"):
        return _("%(value)s percentage points") % {"value": text}
    return text
