"""The calculation engine (kalkylmotor): the contract is shared/spec/calculation.md.

Pure: imports only the standard library and numpy, so the CLI, the web application and
the API all run this one implementation.
"""

import numpy as np

from .evaluate import evaluate
from .model import (
    PERSPECTIVES,
    Calculation,
    Cost,
    Kind,
    Method,
    Outcome,
    Param,
    Repayment,
    Stakeholder,
    Value,
)
from .montecarlo import monte_carlo
from .parse import from_dict, load, parse
from .problems import InputError, Problem, ProblemCode
from .result_checks import check_finite, check_run
from .sensitivity import sensitivity as tornado


def calculate(
    calc: Calculation,
    draws: int | None = None,
    seed: int = 0,
    progress=None,
    source: str = "<input>",
    sensitivity: bool = False,
) -> dict:
    """The whole JSON result of the spec: deterministic, plus Monte Carlo when ``draws``.

    Raises :class:`InputError` for options outside their limits (before computing) and
    for a result holding a number that is not finite (``RESULT_NOT_FINITE``, naming the
    result's field): every caller, the CLI, the web editor and the API, gets finite JSON
    or a refusal. ``sensitivity``: also the spec's ``sensitivity`` (the tornado rows)."""
    problems = check_run(draws, seed)
    if problems:
        raise InputError(problems, source)
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):  # checked below
        result = evaluate(calc)
        if draws is not None:
            result["monte_carlo"] = monte_carlo(calc, draws, seed, progress=progress)
        if sensitivity:
            result["sensitivity"] = tornado(calc)
    problems = check_finite(result)
    if problems:
        raise InputError(problems, source)
    return result


__all__ = [
    "PERSPECTIVES",
    "Calculation",
    "Cost",
    "InputError",
    "Kind",
    "Method",
    "Outcome",
    "Param",
    "Problem",
    "ProblemCode",
    "Repayment",
    "Stakeholder",
    "Value",
    "calculate",
    "check_finite",
    "check_run",
    "evaluate",
    "from_dict",
    "load",
    "monte_carlo",
    "parse",
    "tornado",
]
