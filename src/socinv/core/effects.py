"""Simple effect estimates for follow-up: change against the baseline, a status against
the target, and difference-in-differences against a comparison group.

Pure standard library. These are deliberately simple estimates that a project leader
can redo by hand; they are not a substitute for an evaluation design.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import StrEnum
from statistics import NormalDist

__all__ = [
    "DidEstimate",
    "Status",
    "change_against_baseline",
    "difference_in_differences",
    "progress",
    "status",
]


class Status(StrEnum):
    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    OFF_TRACK = "off_track"


_DIRECTIONS = ("higher", "lower")


def change_against_baseline(baseline: float, actual: float) -> tuple[float, float | None]:
    """``(absolute, relative)`` change from ``baseline`` to ``actual``.

    absolute = actual − baseline; relative = absolute / |baseline|, so that its sign
    always follows the direction of the change (also for a negative baseline), and
    ``None`` when the baseline is 0 (no relative change from nothing).
    Example: 40 → 30 gives (−10, −0.25).
    """
    absolute = actual - baseline
    relative = None if baseline == 0 else absolute / abs(baseline)
    return absolute, relative


def _sign(direction: str) -> int:
    if direction not in _DIRECTIONS:
        raise ValueError(f'direction must be "higher" or "lower", got {direction!r}')
    return 1 if direction == "higher" else -1


def progress(baseline: float, target: float, actual: float, direction: str) -> float | None:
    """The share of the way from ``baseline`` to ``target`` that ``actual`` has come:
    (actual − baseline) / (target − baseline). 0 = still at the baseline, 1 = target
    reached, above 1 = beyond it, negative = moved the wrong way.

    ``None`` when the target asks for no improvement in ``direction`` (target equal to
    the baseline, or on the worse side of it: a "hold the level" target); then only
    whether the target is met is meaningful, see :func:`status`.
    """
    s = _sign(direction)
    needed = (target - baseline) * s
    if needed <= 0:
        return None
    return (actual - baseline) * s / needed


def status(
    baseline: float,
    target: float,
    actual: float,
    direction: str,
    on_track_share: float = 0.9,
    at_risk_share: float = 0.5,
) -> Status:
    """On track, at risk or off track against the target.

    Rule: with p = :func:`progress` (the share of the way from baseline to target),

    * p ≥ ``on_track_share`` (default 0.9): on track;
    * p ≥ ``at_risk_share`` (default 0.5): at risk;
    * otherwise (also when the value moved the wrong way): off track.

    ``direction`` says which way is better: ``"higher"`` or ``"lower"``. When the target
    asks for no improvement (equal to the baseline or on its worse side, a "hold the
    level" target) the status is on track when ``actual`` is at least as good as the
    target and off track otherwise.

    The thresholds apply to the share of the whole way; for an interim period pass the
    interim target (e.g. the straight line from baseline to target at that date).
    """
    if not 0 <= at_risk_share <= on_track_share:
        raise ValueError("need 0 <= at_risk_share <= on_track_share")
    p = progress(baseline, target, actual, direction)
    if p is None:
        met = (actual - target) * _sign(direction) >= 0
        return Status.ON_TRACK if met else Status.OFF_TRACK
    # a tiny tolerance so that 0.9 computed as 0.8999999999999999 is still on track
    eps = 1e-12
    if p + eps >= on_track_share:
        return Status.ON_TRACK
    if p + eps >= at_risk_share:
        return Status.AT_RISK
    return Status.OFF_TRACK


@dataclass(frozen=True, slots=True)
class DidEstimate:
    """A difference-in-differences estimate; ``low``/``high``/``standard_error`` are
    ``None`` when no interval could be computed (group sizes unknown, or not
    proportions)."""

    estimate: float
    standard_error: float | None = None
    low: float | None = None
    high: float | None = None
    confidence: float = 0.95

    @property
    def has_interval(self) -> bool:
        return self.low is not None


def _sizes(n: int | tuple[int, int] | None, name: str) -> tuple[int, int] | None:
    if n is None:
        return None
    before, after = (n, n) if isinstance(n, int) else n
    for v in (before, after):
        if isinstance(v, bool) or not isinstance(v, int) or v <= 0:
            raise ValueError(f"{name} must be a positive whole number (or a pair), got {n!r}")
    return before, after


def difference_in_differences(
    treat_before: float,
    treat_after: float,
    comp_before: float,
    comp_after: float,
    n_treat: int | tuple[int, int] | None = None,
    n_comp: int | tuple[int, int] | None = None,
    proportions: bool = True,
    confidence: float = 0.95,
) -> DidEstimate:
    """Difference-in-differences: the change in the project group minus the change in
    the comparison group,

        DiD = (treat_after − treat_before) − (comp_after − comp_before).

    Interval (only when ``proportions`` is true, every value is a proportion in 0…1 and
    both group sizes are known): each of the four values is treated as an independent
    sample proportion p with n individuals, whose variance is p(1 − p)/n (the normal
    approximation of the binomial). The variance of the sum is the sum of the variances:

        Var(DiD) = Σ p_i (1 − p_i) / n_i   over the four groups,
        SE = √Var,   interval = DiD ± z · SE,   z = 1.96 for 95 %.

    ``n_treat`` / ``n_comp`` is the number of individuals behind the project /
    comparison group's values, one number for both periods or a pair (before, after).

    Assumes the four samples are independent. When the same individuals are measured
    before and after (a panel), the true variance is usually smaller, so the interval is
    then conservative (wider than needed). The normal approximation is poor for small
    groups or proportions near 0 or 1 (rule of thumb: n·p and n·(1 − p) at least 5).
    """
    values = (treat_before, treat_after, comp_before, comp_after)
    for v in values:
        if not math.isfinite(v):
            raise ValueError(f"values must be finite numbers, got {v!r}")
    estimate = (treat_after - treat_before) - (comp_after - comp_before)
    nt, nc = _sizes(n_treat, "n_treat"), _sizes(n_comp, "n_comp")
    if not proportions or nt is None or nc is None:
        return DidEstimate(estimate, confidence=confidence)
    if not 0 < confidence < 1:
        raise ValueError(f"confidence must be between 0 and 1, got {confidence!r}")
    for v in values:
        if not 0.0 <= v <= 1.0:
            raise ValueError(f"proportions must be between 0 and 1, got {v!r}")
    sizes = (nt[0], nt[1], nc[0], nc[1])
    variance = sum(p * (1 - p) / n for p, n in zip(values, sizes, strict=True))
    se = math.sqrt(variance)
    z = NormalDist().inv_cdf(0.5 + confidence / 2)
    return DidEstimate(estimate, se, estimate - z * se, estimate + z * se, confidence)
