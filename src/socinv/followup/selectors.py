"""Reading follow-up: per indicator the latest actual, the status against the target,
the change against the baseline and a difference-in-differences estimate."""

from __future__ import annotations

from dataclasses import dataclass, field

from socinv.applications.models import LEVEL_ORDER, Indicator, Level
from socinv.core import effects

from .models import ComparisonValue, KoladaLink, Measurement


@dataclass
class IndicatorFigures:
    indicator: Indicator
    measurements: list
    latest: Measurement | None = None
    status: str | None = None  # effects.Status value
    change: float | None = None
    relative_change: float | None = None
    did: effects.DidEstimate | None = None
    did_from: str | None = None
    did_to: str | None = None
    # the group sizes behind the DiD interval: "reported" (both groups' own), "assumed"
    # (the comparison group's taken to be the project group's), None (no interval)
    did_sizes: str | None = None
    # Kolada (socinv.followup.kolada): the link, and the comparison values per place
    kolada: KoladaLink | None = None
    comparisons: dict[str, list[ComparisonValue]] = field(default_factory=dict)

    @property
    def periods(self) -> list[str]:
        """The periods of the own measurements and of the comparison values, in time order."""
        found = {m.period for m in self.measurements}
        found |= {c.period for values in self.comparisons.values() for c in values}
        return sorted(found, key=period_key)

    def comparison_series(self) -> list[tuple[str, list[float | None]]]:
        """``(place, value per period of :attr:`periods`)`` for each place compared (the
        own municipality first, then the municipalities, then the groups)."""
        periods = self.periods
        own = self.kolada.municipality if self.kolada else ""
        places = sorted(self.comparisons, key=lambda p: (p != own, p.startswith("G"), p))
        out = []
        for place in places:
            by_period = {c.period: c.value for c in self.comparisons[place]}
            out.append((place, [by_period.get(p) for p in periods]))
        return out


def period_key(period: str) -> tuple:
    """Order periods in time: 2026 < 2026-Q1 < 2026-03 < 2026-03-31 (year, then the
    period's end month, then the day)."""
    parts = period.split("-")
    year = int(parts[0]) if parts[0].isdigit() else 0
    if len(parts) == 1:
        return (year, 12, 32, 0)
    if parts[1].startswith("Q"):
        return (year, int(parts[1][1:]) * 3, 31, 1)
    month = int(parts[1]) if parts[1].isdigit() else 12
    day = int(parts[2]) if len(parts) > 2 and parts[2].isdigit() else 31
    return (year, month, day, 2)


def figures(indicator: Indicator, measurements: list[Measurement]) -> IndicatorFigures:
    ms = sorted(measurements, key=lambda m: period_key(m.period))
    f = IndicatorFigures(indicator, ms)
    if not ms:
        return f
    f.latest = latest = ms[-1]
    if indicator.baseline_value is not None:
        f.change, f.relative_change = effects.change_against_baseline(
            indicator.baseline_value, latest.value
        )
        if indicator.target_value is not None:
            f.status = str(
                effects.status(
                    indicator.baseline_value,
                    indicator.target_value,
                    latest.value,
                    indicator.direction,
                )
            )
    # DiD: the first and the latest period that both have a comparison value
    paired = [m for m in ms if m.comparison_value is not None]
    if len(paired) >= 2:
        first, last = paired[0], paired[-1]
        n_treat = (first.individuals, last.individuals)
        n_comp = (first.comparison_individuals, last.comparison_individuals)
        f.did_sizes = "reported"
        if not all(n_comp):
            # the comparison group's size is not reported: the project group's is used
            # for it too (as the page says)
            n_comp, f.did_sizes = n_treat, "assumed"
        values = (first.value, last.value, first.comparison_value, last.comparison_value)
        with_interval = all(n_treat) and all(n_comp) and all(0.0 <= v <= 1.0 for v in values)
        if not with_interval:
            f.did_sizes = None
        try:
            f.did = effects.difference_in_differences(
                *values,
                n_treat=n_treat if with_interval else None,
                n_comp=n_comp if with_interval else None,
            )
        except ValueError:
            f.did = effects.difference_in_differences(*values)
            f.did_sizes = None
        f.did_from, f.did_to = first.period, last.period
    return f


def project_figures(project) -> list[tuple[str, str, list[IndicatorFigures]]]:
    """``[(level, level label, [figures per indicator])]`` in the evidence chain's order,
    levels without indicators left out."""
    indicators = list(Indicator.objects.filter(project=project))
    by_indicator: dict[int, list[Measurement]] = {i.pk: [] for i in indicators}
    for m in Measurement.objects.filter(indicator__project=project).select_related(
        "reported_by", "batch"
    ):
        by_indicator[m.indicator_id].append(m)
    levels: dict[str, list[IndicatorFigures]] = {}
    links = {k.indicator_id: k for k in KoladaLink.objects.filter(indicator__project=project)}
    compared: dict[int, dict[str, list[ComparisonValue]]] = {}
    for c in ComparisonValue.objects.filter(indicator__project=project):
        link = links.get(c.indicator_id)
        if c.gender != (link.gender if link else "T"):
            continue  # another gender than the link's
        compared.setdefault(c.indicator_id, {}).setdefault(c.place, []).append(c)
    for i in indicators:
        f = figures(i, by_indicator[i.pk])
        f.kolada, f.comparisons = links.get(i.pk), compared.get(i.pk, {})
        levels.setdefault(i.level, []).append(f)
    labels = dict(Level.choices)
    return [
        (level, labels.get(level, level), levels[level])
        for level in sorted(levels, key=lambda lv: LEVEL_ORDER.get(lv, 99))
    ]
