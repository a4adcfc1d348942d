"""The follow-up report's section "measurements" (see :mod:`socinv.io.sections`): the
evidence chain with each indicator's baseline, target, latest actual, status, change
against the baseline and the difference-in-differences against the comparison group;
a chart over time per indicator with measurements; and every measurement per period.

Read from :func:`socinv.followup.selectors.project_figures`, so that the report shows the
very figures of the follow-up page, in the same unit's precision
(:mod:`socinv.followup.values`). Cells keep their kind: a share (unit "andel") or a
percent (unit "%") is a :class:`~socinv.io.sections.Percent`, an amount (unit "kr") is
:class:`~socinv.io.sections.Money`, anything else a :class:`~socinv.io.sections.Number`
(a count without decimals). A column has the fewest decimals that show all its values.
For shares the change against the baseline and the difference-in-differences are in
percentage points (0.62 → 0.70 is +8).
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from socinv.io.charts import indicator_series_svg
from socinv.io.sections import Cell, Chart, Money, Number, Percent, Section, Table
from socinv.web.i18n import current_lang

from . import selectors, values

__all__ = ["change_cell", "section", "status_text", "value_cell"]


def _kind(indicator) -> str:
    return values.kind(indicator)


def _decimals(kind: str, numbers) -> int:
    """One column's decimals: the fewest that show each of its values in the unit's
    precision (:func:`socinv.followup.values.decimals`)."""
    return values.decimals(kind, list(numbers))


def value_cell(kind: str, value: float | None, decimals: int = 2) -> Cell:
    """A measured value as a cell of its kind: a share or a percent as a percent, money
    in kronor, a count or another number with ``decimals`` (0 for a count)."""
    if value is None:
        return None
    if kind == "share":
        return Percent(value, min(decimals, values.MAX_DECIMALS[kind]))
    if kind == "percent":
        return Percent(round(value / 100, 12), min(decimals, values.MAX_DECIMALS[kind]))
    if kind == "money":
        return Money(round(value * 100))
    return Number(value, min(decimals, values.MAX_DECIMALS[kind]))


def change_cell(kind: str, change: float | None, decimals: int = 2) -> Cell:
    """A difference: in percentage points for shares and percents, in kronor for money."""
    if change is None:
        return None
    if kind == "share":
        return Number(round(change * 100, 10), min(decimals, values.MAX_DECIMALS[kind]))
    if kind == "money":
        return Money(round(change * 100))
    return Number(change, min(decimals, values.MAX_DECIMALS[kind]))


def status_text(status: str | None) -> str:
    """The status as on the follow-up page, with a sign so that it is not colour alone."""
    return {
        "on_track": "✓ " + _("On track"),
        "at_risk": "! " + _("At risk"),
        "off_track": "✗ " + _("Off track"),
    }.get(status or "", "–")


def place_label(f, place: str) -> str:
    """A Kolada series' name in the legend and the table: "Kolada 0180", the own
    municipality and a group said so."""
    own = f.kolada.municipality if f.kolada else None
    if place == own:
        return _("Kolada %(place)s (own municipality)") % {"place": place}
    if place.startswith("G"):
        return _("Kolada %(place)s (municipality group)") % {"place": place}
    return _("Kolada %(place)s") % {"place": place}


def _chart(f, lang: str) -> Chart:
    ind = f.indicator
    kind = _kind(ind)
    periods = f.periods
    by_period = {m.period: m for m in f.measurements}
    own = [by_period.get(p) for p in periods]
    svg = indicator_series_svg(
        ind.name,
        periods,
        [m.value if m else None for m in own],
        [m.comparison_value if m else None for m in own],
        ind.target_value,
        ind.baseline_value,
        lang,
        unit="" if kind == "share" else ind.unit,
        share=kind == "share",
        others=[(place_label(f, place), series) for place, series in f.comparison_series()],
    )
    return Chart(ind.name, svg)


def section(project) -> Section:
    """The section for ``project``; called inside ``translation.override(language)``."""
    lang = current_lang()
    s = Section(key="measurements", title=_("Indicators and measurements"))
    levels = selectors.project_figures(project)
    all_figures = [f for _level, _label, rows in levels for f in rows]
    if not all_figures:
        s.paragraphs.append(
            _(
                "The project has no indicators yet: they are written in the application's "
                "evidence chain."
            )
        )
        return s

    measured = [f for f in all_figures if f.measurements]
    periods = sorted({f.latest.period for f in measured}, key=selectors.period_key)
    statuses = [f.status for f in all_figures]
    s.paragraphs.append(
        _(
            "The evidence chain from resources to value created, with each indicator's "
            "baseline, target and latest actual. Status compares the latest actual with the "
            "target: on track at 90 percent of the way from the baseline to the target, at "
            "risk at 50 percent. Difference-in-differences: the change in the project group "
            "minus the change in the comparison group between the first and the latest "
            "period with a comparison value; the 95 percent interval is shown for shares "
            "when the number of individuals is reported. For shares, changes are in "
            "percentage points."
        )
    )
    s.facts = [
        (_("Indicators"), len(all_figures)),
        (_("Indicators with measurements"), len(measured)),
        (_("Measurements"), sum(len(f.measurements) for f in all_figures)),
        (_("Latest period"), periods[-1] if periods else _("Not reported")),
        (status_text("on_track"), statuses.count("on_track")),
        (status_text("at_risk"), statuses.count("at_risk")),
        (status_text("off_track"), statuses.count("off_track")),
    ]

    chain = Table(
        caption=_("Evidence chain: indicators against targets"),
        columns=[
            _("Indicator"),
            _("Level"),
            _("Unit"),
            _("Baseline"),
            _("Target"),
            _("Latest actual"),
            _("Period"),
            _("Status"),
            _("Change against baseline"),
            _("Difference-in-differences"),
            _("95 percent interval, lower"),
            _("95 percent interval, upper"),
        ],
    )
    for _level, label, rows in levels:
        for f in rows:
            ind = f.indicator
            kind = _kind(ind)
            dec = _decimals(
                kind, [ind.baseline_value, ind.target_value, *(m.value for m in f.measurements)]
            )
            change_dec = _decimals(kind, [f.change])
            did = f.did
            did_dec = _decimals(kind, [did.estimate, did.low, did.high] if did else [])
            chain.rows.append(
                [
                    ind.name,
                    str(label),
                    ind.unit or "",
                    value_cell(kind, ind.baseline_value, dec),
                    value_cell(kind, ind.target_value, dec),
                    value_cell(kind, f.latest.value if f.latest else None, dec),
                    f.latest.period if f.latest else "",
                    status_text(f.status),
                    change_cell(kind, f.change, change_dec),
                    change_cell(kind, did.estimate, did_dec) if did else None,
                    change_cell(kind, did.low, did_dec) if did and did.has_interval else None,
                    change_cell(kind, did.high, did_dec) if did and did.has_interval else None,
                ]
            )
    s.tables.append(chain)

    # the comparison group's own size, where the measurements have a field for it
    comparison_sizes = any(
        hasattr(m, "comparison_individuals") for f in measured for m in f.measurements
    )
    table = Table(
        caption=_("Measurements per indicator and period"),
        columns=[
            _("Indicator"),
            _("Period"),
            _("Value"),
            _("Comparison group"),
            _("Individuals"),
            *([_("Individuals in the comparison group")] if comparison_sizes else []),
            _("Comment"),
        ],
        empty_text=_("No measurements have been reported yet."),
    )
    for f in all_figures:
        kind = _kind(f.indicator)
        dec = _decimals(
            kind, [m.value for m in f.measurements] + [m.comparison_value for m in f.measurements]
        )
        for m in f.measurements:
            table.rows.append(
                [
                    f.indicator.name,
                    m.period,
                    value_cell(kind, m.value, dec),
                    value_cell(kind, m.comparison_value, dec),
                    m.individuals,
                    *([getattr(m, "comparison_individuals", None)] if comparison_sizes else []),
                    m.comment,
                ]
            )
    s.tables.append(table)

    compared = [f for f in all_figures if f.comparisons]
    if compared:  # the Kolada series of the charts, as a table (their text alternative)
        kolada = Table(
            caption=_("Kolada comparison values per indicator and period"),
            columns=[_("Indicator"), _("Municipality or group"), _("Period"), _("Value")],
        )
        for f in compared:
            kind = _kind(f.indicator)
            dec = _decimals(kind, [c.value for vs in f.comparisons.values() for c in vs])
            for place, _values in f.comparison_series():
                for c in sorted(f.comparisons[place], key=lambda c: selectors.period_key(c.period)):
                    kolada.rows.append(
                        [
                            f.indicator.name,
                            place_label(f, place),
                            c.period,
                            value_cell(kind, c.value, dec),
                        ]
                    )
        s.tables.append(kolada)

    s.charts.extend(_chart(f, lang) for f in all_figures if f.measurements or f.comparisons)
    return s
