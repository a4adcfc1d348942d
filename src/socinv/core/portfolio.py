"""The portfolio's risk spread against the fund's policy (riskspridning).

Pure: standard library only. Money is integer öre. The spread is the net committed money
per risk class (``""`` for projects not yet classed); the policy gives, per class, the
lowest and highest share of all committed money. A fund either *steers* the spread (a
share outside its bounds is a breach) or only *observes* it. Every page, report and
export that shows the spread and its bounds reads them from here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from .problems import Problem

RISK_CLASSES: tuple[str, ...] = ("low", "medium", "high")
UNCLASSED = ""
# Shares are fractions computed from integer öre; a share equal to a bound up to float
# rounding is inside it.
EPSILON = 1e-9


@dataclass(frozen=True, slots=True)
class Bound:
    min_share: float
    max_share: float


@dataclass(frozen=True, slots=True)
class ClassShare:
    """One risk class: its committed money, its share, the policy's bound for it, and
    whether the share is outside the bound (always False when the fund only observes)."""

    risk_class: str
    amount_ore: int
    share: float | None  # None when nothing is committed at all
    bound: Bound | None
    outside: bool


def share_of(amount_ore: int, total_ore: int) -> float | None:
    return amount_ore / total_ore if total_ore > 0 else None


def is_outside(share: float | None, bound: Bound | None) -> bool:
    """Whether ``share`` breaks ``bound`` (never without a share or a bound)."""
    if share is None or bound is None:
        return False
    return not (bound.min_share - EPSILON <= share <= bound.max_share + EPSILON)


def spread_with(spread: Mapping[str, int], risk_class: str, amount_ore: int) -> dict[str, int]:
    """The spread after committing ``amount_ore`` more to a project of ``risk_class``."""
    after = dict(spread)
    after[risk_class] = after.get(risk_class, 0) + amount_ore
    return after


def class_shares(
    spread: Mapping[str, int], bounds: Mapping[str, Bound], *, steered: bool
) -> list[ClassShare]:
    """One row per risk class in the policy's order (low, medium, high), then the
    unclassed money when there is any."""
    total = sum(spread.values())
    rows = []
    for key in (*RISK_CLASSES, UNCLASSED):
        amount = spread.get(key, 0)
        if key == UNCLASSED and not amount:
            continue
        share = share_of(amount, total)
        bound = bounds.get(key)
        rows.append(ClassShare(key, amount, share, bound, steered and is_outside(share, bound)))
    return rows


def check_risk_policy(
    spread: Mapping[str, int], bounds: Mapping[str, Bound], *, steered: bool = True
) -> list[Problem]:
    """Every risk class whose share is outside its bound, as a problem (none when the
    fund only observes its spread). Codes: ``risk_share_above_max``,
    ``risk_share_below_min``; params: ``risk_class``, ``share``, ``min_share``,
    ``max_share``."""
    problems = []
    for row in class_shares(spread, bounds, steered=steered):
        if not row.outside:
            continue
        assert row.bound is not None and row.share is not None
        above = row.share > row.bound.max_share
        problems.append(
            Problem(
                "risk_share_above_max" if above else "risk_share_below_min",
                row.risk_class,
                {
                    "risk_class": row.risk_class,
                    "share": row.share,
                    "min_share": row.bound.min_share,
                    "max_share": row.bound.max_share,
                },
            )
        )
    return problems
