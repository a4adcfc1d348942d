"""Reading for the ex-post calculation (efterkalkyl): the ledger's disbursements and the
measured participants it starts from, the stored ex-post, and its comparison with the
ex-ante (each computed by the one engine from its TOML), the measures named once
(:mod:`socinv.web.measures`). The writes are in :mod:`.expost`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Sum
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext as _

from socinv.applications.models import Indicator, Level
from socinv.core.calc import PERSPECTIVES, InputError, calculate, parse
from socinv.followup.models import Measurement
from socinv.followup.selectors import figures, period_key
from socinv.fund.models import LedgerEntry
from socinv.l10n import format_money
from socinv.projects.models import Project
from socinv.projects.simulations import stored_catalogue
from socinv.web import measures
from socinv.web.i18n import current_lang

from .models import ExPostCalculation

# the measures compared, in the comparison's order
COMPARED = ("npv", "pv_benefits", "pv_costs", "payback_year", "break_even_factor")


def disbursements_by_year(project: Project) -> dict[int, dict[int | None, int]]:
    """Effective disbursements (öre) to ``project`` per calendar year and board id: one
    grouped query; a disbursement that has a reversal is left out (as in the balances)."""
    rows = (
        LedgerEntry.objects.filter(
            fund_id=project.fund_id,
            project=project,
            type=LedgerEntry.Type.DISBURSEMENT,
            reversed_by__isnull=True,
        )
        .annotate(year=ExtractYear("date"))
        .values_list("year", "board_id")
        .annotate(total=Sum("amount_ore"))
        .order_by("year", "board_id")
    )
    out: dict[int, dict[int | None, int]] = {}
    for year, board_id, total in rows:
        out.setdefault(int(year), {})[board_id] = int(total or 0)
    return out


def participant_indicators(project: Project) -> list[Indicator]:
    """The project's output-level indicators (those that can count participants)."""
    return list(Indicator.objects.filter(project=project, level=Level.OUTPUTS))


def default_participants_indicator(project: Project) -> Indicator | None:
    for indicator in participant_indicators(project):
        if indicator.measurements.exists():
            return indicator
    return None


def participants_from_measurements(indicator: Indicator) -> dict[int, int]:
    """Calendar year → new participants: the latest measurement in each year, its
    ``individuals`` when reported, else its value rounded (never below 0)."""
    latest: dict[int, Any] = {}
    for m in indicator.measurements.all():
        head = m.period.split("-")[0]
        if not head.isdigit():
            continue
        year = int(head)
        if year not in latest or period_key(m.period) > period_key(latest[year].period):
            latest[year] = m
    return {
        year: max(0, m.individuals if m.individuals is not None else round(m.value))
        for year, m in sorted(latest.items())
    }


# -- the stored ex-post and its comparison with the ex-ante --------------------------------
def get_expost(project: Project) -> ExPostCalculation | None:
    return (
        ExPostCalculation.objects.filter(project=project)
        .select_related("updated_by", "created_by", "participants_indicator")
        .first()
    )


def result_of(toml_text: str, catalogue=None) -> dict | None:
    """``calculate()`` of a stored TOML text (None when it is missing or invalid); its
    references resolved in ``catalogue`` (the ex-ante's: the part it was stored with)."""
    if not toml_text:
        return None
    try:
        return calculate(parse(toml_text, source="calculation", catalogue=catalogue))
    except InputError:
        return None


def _where(perspective: str) -> str:
    return {
        "municipal": _("in the municipal perspective"),
        "public": _("in the public-sector perspective"),
        "societal": _("in the societal perspective"),
    }[perspective]


def reading(perspective: str, ante: dict, post: dict) -> str:
    """One plain sentence (two when the sign flips) on the NPV's difference."""
    diff = post["npv"] - ante["npv"]
    amount = format_money(round(abs(diff)), current_lang())
    where = _where(perspective)
    if round(diff) == 0:
        text = _("The outcome equals the ex-ante calculation %(where)s.") % {"where": where}
    elif diff < 0:
        text = _("The outcome is %(amount)s lower than the ex-ante calculation %(where)s.") % {
            "amount": amount,
            "where": where,
        }
    else:
        text = _("The outcome is %(amount)s higher than the ex-ante calculation %(where)s.") % {
            "amount": amount,
            "where": where,
        }
    if ante["npv"] >= 0 > post["npv"]:
        text += " " + _(
            "The ex-ante calculation showed a positive net present value, the outcome a "
            "negative one."
        )
    elif ante["npv"] < 0 <= post["npv"]:
        text += " " + _(
            "The ex-ante calculation showed a negative net present value, the outcome a "
            "positive one."
        )
    return text


@dataclass
class Row:
    key: str
    label: str
    ante: float | int | None
    post: float | int | None
    diff: float | int | None
    money: bool
    ante_year: int | None = None  # payback as a calendar year
    post_year: int | None = None


@dataclass
class PerspectiveComparison:
    key: str
    label: str
    rows: list[Row]
    reading: str


@dataclass
class Comparison:
    ante: dict
    post: dict
    perspectives: list[PerspectiveComparison]

    def by_key(self) -> dict[str, PerspectiveComparison]:
        return {p.key: p for p in self.perspectives}


def compare(ante: dict, post: dict) -> Comparison:
    """Ex-ante and ex-post results (the engine's JSON) side by side per perspective."""
    labels = measures.perspective_labels()
    out = []
    for p in PERSPECTIVES:
        a, b = ante["perspectives"][p], post["perspectives"][p]
        rows = []
        for m in COMPARED:
            va, vb = a.get(m), b.get(m)
            diff = None if va is None or vb is None else vb - va
            money = measures.BY_KEY[m].kind == "money"
            row = Row(m, measures.label(m), va, vb, diff, money)
            if m == "payback_year":
                row.ante_year = None if va is None else ante["start_year"] + va
                row.post_year = None if vb is None else post["start_year"] + vb
                if row.ante_year is not None and row.post_year is not None:
                    row.diff = row.post_year - row.ante_year
            rows.append(row)
        out.append(PerspectiveComparison(p, labels[p], rows, reading(p, a, b)))
    return Comparison(ante, post, out)


def comparison(project: Project, expost: ExPostCalculation | None = None) -> Comparison | None:
    """The comparison of the project's ex-ante and ex-post, each computed by
    ``calculate()`` from its TOML; None when either is missing or invalid."""
    expost = expost if expost is not None else get_expost(project)
    if expost is None:
        return None
    ante = result_of(project.calculation_toml, stored_catalogue(project))
    post = result_of(expost.toml)
    if ante is None or post is None:
        return None
    return compare(ante, post)


def measured_hints(project: Project) -> list:
    """Outcome-level indicators with their measured change (the hint beside the effects)."""
    indicators = list(Indicator.objects.filter(project=project, level=Level.OUTCOMES))
    ms: dict[int, list] = {i.pk: [] for i in indicators}
    for m in Measurement.objects.filter(indicator__in=indicators):
        ms[m.indicator_id].append(m)
    return [figures(i, ms[i.pk]) for i in indicators]
