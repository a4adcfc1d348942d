"""Kolada's identifiers and the rules of an indicator's link to a Kolada KPI (pure).

Kolada (kolada.se, run by RKA) publishes key performance indicators (KPIs, ids such as
``N00945`` or ``U00405``) per municipality (a four-digit code, ``0581`` Norrköping; a
leading zero is often lost in spreadsheets and typing, so ``581`` is read as ``0581``),
per year and gender (``T`` total, ``K`` women, ``M`` men). Municipality groups have ids
that start with ``G`` (``G124026``): Kolada's data for a group is the unweighted mean of
its members, and a group is never a municipality.

* :func:`municipality_code` and :func:`group_code`: a typed or read code, normalised, or
  ``None`` when it is not one;
* :func:`check_link`: an indicator's link (KPI, municipality, gender, the comparisons);
* :func:`baseline`: which of the linked series' values is the indicator's baseline.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from .problems import Problem

__all__ = [
    "GENDERS",
    "MAX_COMPARISONS",
    "baseline",
    "check_link",
    "group_code",
    "indicator_value",
    "kpi_code",
    "municipality_code",
    "source_text",
]

GENDERS = ("T", "K", "M")
MAX_COMPARISONS = 20  # municipalities compared with, per indicator

_KPI = re.compile(r"[NU][0-9]{5}")
_MUNICIPALITY = re.compile(r"[0-9]{1,4}")
_GROUP = re.compile(r"G[0-9]{1,10}")


def kpi_code(text: object) -> str | None:
    """A Kolada KPI id (``N00945``; ``n00945`` is read as ``N00945``), or ``None``."""
    if not isinstance(text, str):
        return None
    code = text.strip().upper()
    return code if _KPI.fullmatch(code) else None


def municipality_code(text: object) -> str | None:
    """A municipality's four-digit code (``581`` and ``0581`` are ``"0581"``; ``0`` and
    ``0000`` are the whole country, ``"0000"``), or ``None``: a group id (``G…``), an
    organisational unit, anything else is not a municipality."""
    if isinstance(text, bool):
        return None
    if isinstance(text, int):
        text = str(text)
    if not isinstance(text, str):
        return None
    code = text.strip()
    return code.zfill(4) if _MUNICIPALITY.fullmatch(code) else None


def group_code(text: object) -> str | None:
    """A Kolada municipality group's id (``G124026``; ``g124026`` read as such), or None."""
    if not isinstance(text, str):
        return None
    code = text.strip().upper()
    return code if _GROUP.fullmatch(code) else None


def check_link(
    *,
    kpi: str,
    municipality: str,
    gender: str,
    comparisons: Sequence[str] = (),
    group: str = "",
) -> list[Problem]:
    """An indicator's link to Kolada: a KPI id, the municipality whose value is the
    baseline (a group is refused), a gender, at most :data:`MAX_COMPARISONS` comparison
    municipalities (each a municipality, not the linked one, not twice) and at most one
    municipality group. Codes: ``kpi_invalid``, ``municipality_invalid``,
    ``municipality_is_group``, ``gender_invalid``, ``comparison_invalid``,
    ``comparison_is_own``, ``comparison_twice``, ``too_many_comparisons``,
    ``group_invalid``."""
    problems: list[Problem] = []
    if kpi_code(kpi) is None:
        problems.append(Problem("kpi_invalid", "kpi", {"text": kpi}))
    own = municipality_code(municipality)
    if own is None:
        code = "municipality_is_group" if group_code(municipality) else "municipality_invalid"
        problems.append(Problem(code, "municipality", {"text": municipality}))
    if gender not in GENDERS:
        problems.append(Problem("gender_invalid", "gender", {"text": gender}))
    seen: set[str] = set()
    for text in comparisons:
        code = municipality_code(text)
        if code is None:
            name = "comparison_is_group" if group_code(text) else "comparison_invalid"
            problems.append(Problem(name, "comparisons", {"text": text}))
        elif code == own:
            problems.append(Problem("comparison_is_own", "comparisons", {"text": code}))
        elif code in seen:
            problems.append(Problem("comparison_twice", "comparisons", {"text": code}))
        seen.add(code or text)
    if len(comparisons) > MAX_COMPARISONS:
        problems.append(Problem("too_many_comparisons", "comparisons", {"limit": MAX_COMPARISONS}))
    if group and group_code(group) is None:
        problems.append(Problem("group_invalid", "group", {"text": group}))
    return problems


def baseline(
    values: Iterable[tuple[str, float]], before_year: int | None = None
) -> tuple[str, float] | None:
    """The baseline among a linked series' ``(period, value)`` pairs (periods are years,
    as Kolada's): the latest year before ``before_year`` (the year of the project's first
    own measurement); when the series has none, its earliest year; with no
    ``before_year`` (nothing measured yet), its latest year, the state before the
    project. ``None`` for an empty series."""
    pairs = sorted(values, key=lambda pv: pv[0])
    if not pairs:
        return None
    if before_year is None:
        return pairs[-1]
    earlier = [pv for pv in pairs if pv[0][:4].isdigit() and int(pv[0][:4]) < before_year]
    return earlier[-1] if earlier else pairs[0]


def indicator_value(value: float, share: bool) -> float:
    """A Kolada figure in the indicator's unit: Kolada publishes shares in percent
    ("andel (%)", 83.1), an indicator measured as a share holds 0–1 (0.831)."""
    return value / 100.0 if share else value


def source_text(kpi: str, municipality: str, period: str, gender: str = "T") -> str:
    """The baseline's source as the indicator shows it: ``Kolada N00945, 0581, 2023``
    (the gender added when it is not the total: ``…, 2023, K``)."""
    text = f"Kolada {kpi}, {municipality}, {period}"
    return text if gender == "T" else f"{text}, {gender}"
