"""The limits of a run and of its result (spec "Errors"): ``--draws`` 1 … 10 000 000,
``--seed`` 0 … 2^32 − 1, and every number of the result finite (a finite but huge
amount can still overflow to infinity, and infinity minus infinity is NaN; neither is
JSON nor a figure anyone can decide on)."""

from __future__ import annotations

import math
from typing import Any

from socinv.core.limits import MAX_DRAWS, MAX_SEED, MIN_DRAWS, MIN_SEED

from .problems import Problem
from .problems import ProblemCode as Code


def check_run(draws: Any, seed: Any) -> list[Problem]:
    """The problems of the run's options (``draws`` None: no Monte Carlo run)."""
    problems = []
    for path, value, low, high in (
        ("--draws", draws, MIN_DRAWS, MAX_DRAWS),
        ("--seed", seed, MIN_SEED, MAX_SEED),
    ):
        if value is None and path == "--draws":
            continue
        if isinstance(value, bool) or not isinstance(value, int):
            problems.append(Problem(path, Code.NOT_INTEGER, {"got": value}))
        elif value < low:
            problems.append(Problem(path, Code.TOO_SMALL, {"minimum": low, "got": value}))
        elif value > high:
            problems.append(Problem(path, Code.TOO_LARGE, {"maximum": high, "got": value}))
    return problems


def check_finite(result: Any, path: str = "") -> list[Problem]:
    """One problem per field of the result that holds a number that is not finite
    (for a list: its first such item), named by its path (``perspectives.public.npv``,
    ``perspectives.public.annual.costs[3]``)."""
    if isinstance(result, dict):
        return [p for key, v in result.items() for p in check_finite(v, _join(path, key))]
    if isinstance(result, list | tuple):
        for i, v in enumerate(result):
            problems = check_finite(v, f"{path}[{i}]")
            if problems:
                return problems
        return []
    if isinstance(result, float) and not math.isfinite(result):
        return [Problem(path, Code.RESULT_NOT_FINITE, {})]
    return []


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else str(key)
