"""The calculation in the memo, from the stored result of the one engine (the spec's JSON
result): each perspective's measures (named by :mod:`socinv.web.measures`), the cumulative
discounted net per year, the stakeholders, the repayment and the charts
(:mod:`socinv.io.charts`; the histogram's draws drawn again with the stored seed)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from socinv.calculation.results import npv_draws, tornado
from socinv.core.calc import tornado as sensitivity_of
from socinv.io import charts
from socinv.l10n import format_number
from socinv.l10n.evidence import grade_text
from socinv.projects import simulations
from socinv.projects.models import Project
from socinv.web import measures

from .text import LANG, decimal, kr, percent, svg_image

# the measures of each perspective's table, in the result table's order
ROWS = measures.TABLE


def _perspective_words() -> dict[str, tuple[str, str]]:
    """Per perspective: its heading, and how the summary names its net present value."""
    return {
        "municipal": (_("Municipal calculation"), pgettext("memo", "in municipal terms")),
        "public": (
            _("Calculation for the whole public sector"),
            pgettext("memo", "for the whole public sector"),
        ),
        "societal": (_("Societal calculation"), pgettext("memo", "in societal terms")),
    }


def payback(index: int | None, start_year: int) -> str:
    """A year index of the calculation as the calendar year (the glossary's payback year)."""
    if index is None:
        return _("No payback within the horizon")
    return str(start_year + int(index))


def _shown(key: str, value, start_year: int) -> str:
    kind = measures.BY_KEY[key].kind
    if kind == "money":
        return kr(value)
    if kind == "year":
        return payback(value, start_year)
    if kind == "percent":
        return percent(value)
    return decimal(value)


def _summary(horizon: int, start_year: int, perspectives: list[dict]) -> str:
    """ "Over 10 years from 2026 the calculation gives a net present value of 1 kr in
    municipal terms, 2 kr for the whole public sector and 3 kr in societal terms." """
    figures = [f"{p['npv']} {p['phrase']}" for p in perspectives]
    joined = pgettext("memo", "%(items)s and %(last)s") % {
        "items": ", ".join(figures[:-1]),
        "last": figures[-1],
    }
    return _(
        "Over %(horizon)s years from %(start)s the calculation gives a net present value "
        "of %(figures)s."
    ) % {"horizon": horizon, "start": start_year, "figures": joined}


def _rows(figures: dict, simulated: dict | None, start_year: int) -> list[tuple[str, str]]:
    rows = [(measures.label(key), _shown(key, figures[key], start_year)) for key in ROWS]
    if simulated:
        probability = pgettext("memo", "%(measure)s (Monte Carlo)") % {
            "measure": measures.label("prob_positive")
        }
        rows += [
            (probability, percent(simulated["prob_positive"])),
            (measures.label("p50"), kr(simulated["p50"])),
            (
                _("Simulated net present value, 5th–95th percentile"),
                f"{kr(simulated['p05'])} – {kr(simulated['p95'])}",
            ),
        ]
    return rows


def _repayment(repayment: dict, start_year: int) -> list[tuple[str, str]]:
    repaid_by = repayment["repaid_by_year"]
    return [
        (_("To repay"), kr(repayment["total"] + repayment["outstanding"])),
        (pgettext("memo", "Repaid within the horizon"), kr(repayment["total"])),
        (pgettext("memo", "Outstanding after the horizon"), kr(repayment["outstanding"])),
        (
            _("Fully repaid"),
            payback(repaid_by, start_year)
            if repaid_by is not None
            else _("No, not within the horizon"),
        ),
        (_("Capital cost (internal interest rate) in total"), kr(repayment["capital_cost_total"])),
    ]


def _charts(result: dict, calc) -> list[dict]:
    images = [
        svg_image(
            charts.cumulative_net_svg(result, LANG),
            _(
                "Chart: the cumulative discounted net per year and perspective (the values "
                "are in the table)."
            ),
        )
    ]
    simulation = result.get("monte_carlo")
    if simulation:
        draws = npv_draws(calc, int(simulation["draws"]), int(simulation["seed"]))
        images.append(
            svg_image(
                charts.npv_histogram_svg(draws, LANG),
                _(
                    "Chart: the distribution of the net present value in the Monte Carlo simulation."
                ),
            )
        )
    return images


def _evidence(calc) -> list[dict]:
    """Each outcome's evidence grade, what it means and its haircut (spec unit-costs.md);
    empty when no outcome has a grade."""
    if not any(o.evidence_grade is not None for o in calc.outcomes):
        return []
    return [
        {
            "label": o.label,
            "grade": "–" if o.evidence_grade is None else str(o.evidence_grade),
            "meaning": _("No grade given")
            if o.evidence_grade is None
            else grade_text(o.evidence_grade, LANG),
            "haircut": percent(o.evidence_haircut, 0),
        }
        for o in calc.outcomes
    ]


def calculation_section(project: Project) -> dict | None:
    """Everything the memo shows of the calculation, or None when none is stored."""
    result = project.calculation_result
    if not result:
        return None
    calc = simulations.calculation_of(project)  # with the catalogue part stored with its result
    start, horizon = result["start_year"], result["horizon"]
    simulation = result.get("monte_carlo") or {}
    simulated = simulation.get("perspectives") or {}
    words = _perspective_words()
    perspectives = []
    for key in measures.PERSPECTIVES:
        figures = result["perspectives"][key]
        heading, phrase = words[key]
        perspectives.append(
            {
                "key": key,
                "heading": heading,
                "short": measures.perspective_label(key),
                "phrase": phrase,
                "npv": kr(figures["npv"]),
                "rows": _rows(figures, simulated.get(key), start),
                "cumulative": [kr(v) for v in figures["annual"]["cumulative_discounted_net"]],
            }
        )
    annual = [
        {"year": str(start + i), "values": [p["cumulative"][i] for p in perspectives]}
        for i in range(horizon)
    ]
    names = {s.id: s.name or s.id for s in calc.stakeholders}
    stakeholders = [
        {
            "name": names.get(sid, sid),
            "pv_benefits": kr(s["pv_benefits"]),
            "pv_costs": kr(s["pv_costs"]),
            "npv": kr(s["npv"]),
        }
        for sid, s in result["stakeholders"].items()
    ]
    repayment = result.get("repayment")
    stored = simulations.stored(project)
    return {
        "evidence": _evidence(calc),
        "start_year": start,
        "horizon": horizon,
        "discount_rate": percent(result["discount_rate"], 1),
        "summary": _summary(horizon, start, perspectives),
        "perspectives": perspectives,
        "annual": annual,
        "stakeholders": stakeholders,
        "repayment": _repayment(repayment, start) if repayment else None,
        "monte_carlo": bool(simulated),
        "draws": format_number(simulation["draws"], 0, LANG) if simulated else None,
        "charts": _charts(result, calc),
        "stamp": stored.stamp(LANG) if stored else None,
        "stale": stored.stale_text() if stored and stored.stale else "",
        "tornado": _tornado(calc, result),
    }


def _tornado(calc, result: dict) -> list[dict]:
    """Per perspective: the sensitivity's rows (field, low and high value, the NPV at
    each) and its tornado chart; stored with the result, else computed from its input."""
    if "sensitivity" not in result:
        result = {**result, "sensitivity": sensitivity_of(calc)}
    out = []
    for t in tornado(calc, result, LANG):
        image = None
        if t["rows"]:
            image = svg_image(
                t["svg"],
                _("Chart: %(title)s (the values are in the table).") % {"title": t["title"]},
            )
        out.append(
            {
                "key": t["key"],
                "title": t["title"],
                "image": image,
                "rows": [
                    {
                        "label": r["label"],
                        "low": r["low_text"],
                        "high": r["high_text"],
                        "npv_low": kr(r["npv_low"]),
                        "npv_high": kr(r["npv_high"]),
                    }
                    for r in t["rows"]
                ],
            }
        )
    return out
