"""The measures of a calculation and its three perspectives, named once for every page,
report and export that shows the engine's result (the spec's "The JSON result").

A measure is a key of the result (``perspectives[p][key]``; the simulated ones
``monte_carlo.perspectives[p][key]``), its name and how its value is shown. The names are
gettext msgids in the context "measure", so that their Swedish is the glossary's
("Brytpunktsfaktor") whatever another page calls the same English. Read a name with
:func:`label` (in the active language) or from :data:`MEASURES`.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy, pgettext_lazy


@dataclass(frozen=True)
class Measure:
    key: str
    name: Promise  # lazy: str() in the language wanted
    kind: str  # "money" (kronor), "ratio", "year" (an index into the horizon), "percent"
    simulated: bool = False  # from the Monte Carlo summary


MEASURES: tuple[Measure, ...] = (
    Measure("pv_benefits", pgettext_lazy("measure", "Present value of benefits"), "money"),
    Measure("pv_costs", pgettext_lazy("measure", "Present value of costs"), "money"),
    Measure("npv", pgettext_lazy("measure", "Net present value"), "money"),
    Measure("expected_npv", pgettext_lazy("measure", "Expected net present value"), "money"),
    Measure("bcr", pgettext_lazy("measure", "Benefit-cost ratio"), "ratio"),
    Measure("payback_year", pgettext_lazy("measure", "Payback year"), "year"),
    Measure("break_even_factor", pgettext_lazy("measure", "Break-even factor"), "ratio"),
    Measure(
        "prob_positive",
        pgettext_lazy("measure", "Probability of a positive net present value"),
        "percent",
        simulated=True,
    ),
    Measure(
        "p05",
        pgettext_lazy("measure", "Simulated net present value, 5th percentile"),
        "money",
        simulated=True,
    ),
    Measure(
        "p50",
        pgettext_lazy("measure", "Simulated net present value, median"),
        "money",
        simulated=True,
    ),
    Measure(
        "p95",
        pgettext_lazy("measure", "Simulated net present value, 95th percentile"),
        "money",
        simulated=True,
    ),
)
BY_KEY = {m.key: m for m in MEASURES}

# The perspectives in the spec's order, with their short names (table columns, legends).
PERSPECTIVES: tuple[str, ...] = ("municipal", "public", "societal")
PERSPECTIVE_NAMES: dict[str, Promise] = {
    "municipal": gettext_lazy("Municipal"),
    "public": gettext_lazy("Public sector"),
    "societal": gettext_lazy("Societal"),
}


def label(key: str) -> str:
    """The name of the measure ``key`` in the active language."""
    return str(BY_KEY[key].name)


def perspective_label(key: str) -> str:
    """The short name of the perspective ``key`` in the active language."""
    return str(PERSPECTIVE_NAMES[key])
