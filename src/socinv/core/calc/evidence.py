"""Evidence grades (evidensgrad) and their haircuts (spec unit-costs.md "Evidence grades").

An outcome's ``evidence_grade`` (1 … 5, Nesta's Standards of Evidence) multiplies its
``q`` by ``1 − haircut[grade]``; the table is the spec's default or the calculation's own
``evidence_haircut`` (which a fund writes into each calculation it stores). The haircuts
are fixed numbers, never drawn.
"""

from __future__ import annotations

import dataclasses
import tomllib
from typing import Any

from .model import Outcome
from .problems import ProblemCode as Code
from .reader import Reader

GRADES = (1, 2, 3, 4, 5)
DEFAULT_HAIRCUT: dict[int, float] = {1: 0.40, 2: 0.30, 3: 0.20, 4: 0.10, 5: 0.00}


def haircut_table(r: Reader, top: dict[str, Any]) -> dict[int, float]:
    """The calculation's ``evidence_haircut`` (all five grades, each in [0, 1]) or the
    default; problems go to ``r``."""
    raw = top.get("evidence_haircut")
    if raw is None:
        return dict(DEFAULT_HAIRCUT)
    tbl = r.table(raw, "evidence_haircut", {str(g) for g in GRADES})
    if tbl is None:
        return dict(DEFAULT_HAIRCUT)
    table = dict(DEFAULT_HAIRCUT)
    for g in GRADES:
        if str(g) not in tbl:
            r.error(f"evidence_haircut.{g}", Code.HAIRCUT_GRADE_MISSING, grade=g)
            continue
        v = r.number(tbl, str(g), "evidence_haircut", kind="fraction")
        if v is not None:
            table[g] = v
    return table


def graded(
    r: Reader, raw_outcomes: list[Any], outcomes: list[Outcome | None], table: dict[int, float]
) -> list[Outcome | None]:
    """Each outcome with its grade and haircut (``outcomes`` in the order of ``raw_outcomes``)."""
    result: list[Outcome | None] = []
    for i, (raw, o) in enumerate(zip(raw_outcomes, outcomes, strict=True)):
        if o is None or not isinstance(raw, dict) or "evidence_grade" not in raw:
            result.append(o)
            continue
        g = r.integer(raw, "evidence_grade", f"outcomes[{i}]", minimum=1, maximum=5)
        if g is None:
            result.append(o)
            continue
        result.append(dataclasses.replace(o, evidence_grade=g, evidence_haircut=table[g]))
    return result


def haircut_line(table: dict[int, float]) -> str:
    """``evidence_haircut = { 1 = 0.4, … }``: the table as the calculation's TOML line."""
    return "evidence_haircut = { " + ", ".join(f"{g} = {table[g]!r}" for g in GRADES) + " }"


def with_haircut_table(text: str, table: dict[int, float]) -> str:
    """The calculation's TOML with the fund's haircut ``table`` written in, so that the
    stored calculation carries the haircuts it was computed with: only when an outcome has
    a grade and the calculation has no table of its own (its own wins); the line goes
    first, before any table header, so it is a top-level key. Text that is not TOML, or
    needs no table, is returned unchanged (the engine reports what is wrong with it)."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        return text
    outcomes = data.get("outcomes")
    graded_any = isinstance(outcomes, list) and any(
        isinstance(o, dict) and "evidence_grade" in o for o in outcomes
    )
    if not graded_any or "evidence_haircut" in data:
        return text
    return haircut_line(table) + "\n" + text


def project_grade(grades) -> int | None:
    """A project's evidence grade for the fund's evidence profile: the lowest grade of its
    graded outcomes (the weakest link of what the calculation counts on); None when no
    outcome has a grade."""
    given = [g for g in grades if g in GRADES]
    return min(given) if given else None


def evidence_profile(items) -> dict[int | None, int]:
    """Committed money per evidence grade from ``(grade, committed)`` pairs (a grade of
    :func:`project_grade`, None for ungraded): every grade 1 … 5 and None, in that order."""
    profile: dict[int | None, int] = {g: 0 for g in GRADES}
    profile[None] = 0
    for grade, committed in items:
        profile[grade if grade in GRADES else None] += committed
    return profile
