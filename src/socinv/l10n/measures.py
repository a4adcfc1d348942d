"""The measures of a calculation and its three perspectives, named once for every page,
report, workbook and command-line table that shows the engine's result (the spec's "The
JSON result").

A measure is a key of the result (``perspectives[p][key]``; the simulated ones
``monte_carlo.perspectives[p][key]``), its name and how its value is shown. The names are
gettext msgids in the context "measure", so that their Swedish is the glossary's
("Brytpunktsfaktor", "Återbetalningsår") whatever another text calls the same English.
Django-free: :func:`names` reads the web application's catalogue (:mod:`.catalogue`);
the pages use :mod:`socinv.web.measures`, which reads them in the active language.
"""

from __future__ import annotations

from dataclasses import dataclass

from .catalogue import translator


@dataclass(frozen=True)
class Measure:
    key: str
    kind: str  # "money" (kronor), "ratio", "year" (an index into the horizon), "percent"
    simulated: bool = False  # from the Monte Carlo summary


MEASURES: tuple[Measure, ...] = (
    Measure("pv_benefits", "money"),
    Measure("pv_costs", "money"),
    Measure("npv", "money"),
    Measure("expected_npv", "money"),
    Measure("bcr", "ratio"),
    Measure("payback_year", "year"),
    Measure("break_even_factor", "ratio"),
    Measure("prob_positive", "percent", simulated=True),
    Measure("p05", "money", simulated=True),
    Measure("p50", "money", simulated=True),
    Measure("p95", "money", simulated=True),
)
BY_KEY = {m.key: m for m in MEASURES}
# a result table's measures (pages, workbook, command line), in this order
TABLE: tuple[str, ...] = (
    "pv_benefits",
    "pv_costs",
    "npv",
    "expected_npv",
    "bcr",
    "payback_year",
    "break_even_factor",
)

# The perspectives in the spec's order.
PERSPECTIVES: tuple[str, ...] = ("municipal", "public", "societal")


def names(lang: str | None) -> dict[str, str]:
    """Every measure's name in ``lang`` ("sv" or "en"), by key."""
    pgettext = translator(lang).pgettext
    return {
        "pv_benefits": pgettext("measure", "Present value of benefits"),
        "pv_costs": pgettext("measure", "Present value of costs"),
        "npv": pgettext("measure", "Net present value"),
        "expected_npv": pgettext("measure", "Expected net present value"),
        "bcr": pgettext("measure", "Benefit-cost ratio"),
        "payback_year": pgettext("measure", "Payback year"),
        "break_even_factor": pgettext("measure", "Break-even factor"),
        "prob_positive": pgettext("measure", "Probability of a positive net present value"),
        "p05": pgettext("measure", "Simulated net present value, 5th percentile"),
        "p50": pgettext("measure", "Simulated net present value, median"),
        "p95": pgettext("measure", "Simulated net present value, 95th percentile"),
    }


def name(key: str, lang: str | None) -> str:
    """The name of the measure ``key`` in ``lang``."""
    return names(lang)[key]


def perspective_names(lang: str | None) -> dict[str, str]:
    """The perspectives' short names in ``lang`` (table columns, legends), by key."""
    gettext = translator(lang).gettext
    return {
        "municipal": gettext("Municipal"),
        "public": gettext("Public sector"),
        "societal": gettext("Societal"),
    }
