"""The calculation engine (kalkylmotor): the contract is shared/spec/calculation.md.

Pure: imports only the standard library and numpy, so the CLI, the web application and
the API all run this one implementation.
"""

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


def calculate(calc: Calculation, draws: int | None = None, seed: int = 0, progress=None) -> dict:
    """The whole JSON result of the spec: deterministic, plus Monte Carlo when ``draws``."""
    result = evaluate(calc)
    if draws:
        result["monte_carlo"] = monte_carlo(calc, draws, seed, progress=progress)
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
    "evaluate",
    "from_dict",
    "load",
    "monte_carlo",
    "parse",
]
