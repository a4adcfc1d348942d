"""Kolada as a source of baselines and comparisons.

* :func:`link_indicator` / :func:`unlink_indicator`: an indicator's link to a Kolada KPI
  (:class:`~.models.KoladaLink`; ``projects.change_project``, who may edit the project's
  indicators);
* :func:`import_kolada`: a Kolada file (API v2 or v3, as ``curl`` of the public API
  returns it; see the README) sets each linked indicator's baseline (value, period,
  source "Kolada N00945, 0581, 2023") and stores the comparison values
  (:class:`~.models.ComparisonValue`) of the chosen municipalities and group, all or
  nothing (``followup.report_measurements``). An indicator measured as a share (unit
  "andel": :func:`socinv.followup.values.kind`) gets Kolada's percentages divided by 100.

Every problem of a file is listed at once: the reader's (JSON, structure, numbers,
periods, genders, personnummer) with the project's (a KPI linked to no indicator, the file
already imported). A run that would store nothing is refused and records nothing, so the
corrected file is accepted afterwards.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from socinv.accounts.access import require
from socinv.applications.models import Indicator
from socinv.audit import attribute, attributed_to
from socinv.core import kolada as rules
from socinv.core.problems import Refusal, Refused, refuse_if
from socinv.io.measurements import ProblemCode, read_kolada_file
from socinv.web.refusals import file_name

from .imports import PERMISSION, Problem, Report, _already_imported, _from_reader
from .models import ComparisonValue, ImportBatch, KoladaLink, Measurement
from .values import kind

__all__ = ["LINK_PERMISSION", "import_kolada", "link_indicator", "unlink_indicator"]

LINK_PERMISSION = "projects.change_project"

# codes of the project's checks (worded in socinv.l10n.measurements)
KPI_NOT_LINKED = "kpi_not_linked"
NO_BASELINE_VALUE = "no_baseline_value"
COMPARISON_MISSING = "comparison_missing"
NOTHING_TO_STORE = "nothing_to_store"
NOT_A_MUNICIPALITY = "not_a_municipality"
FORMAT = "kolada"


def _messages() -> dict[str, str]:
    return {
        "kpi_invalid": _("“%(text)s” is not a Kolada KPI id: write e.g. N00945."),
        "municipality_invalid": _(
            "“%(text)s” is not a municipality code: write four digits, e.g. 0581."
        ),
        "municipality_is_group": _(
            "“%(text)s” is a Kolada municipality group, not a municipality: give the "
            "municipality whose value is the baseline, and the group as the comparison group."
        ),
        "gender_invalid": _("Choose T (total), K (women) or M (men)."),
        "comparison_invalid": _(
            "“%(text)s” is not a municipality code: write four digits, e.g. 0180."
        ),
        "comparison_is_group": _(
            "“%(text)s” is a municipality group: give it as the comparison group."
        ),
        "comparison_is_own": _(
            "%(text)s is the indicator's own municipality: it cannot also be a comparison."
        ),
        "comparison_twice": _("%(text)s is given twice among the comparison municipalities."),
        "too_many_comparisons": _("At most %(limit)s comparison municipalities."),
        "group_invalid": _("“%(text)s” is not a Kolada municipality group id: write e.g. G124026."),
    }


def _codes(text: str) -> list[str]:
    """Comparison municipalities as typed: separated by commas or spaces, ``180`` read as
    ``0180`` (the typed text kept where it is no municipality, so the refusal names it)."""
    parts = [p for p in text.replace(",", " ").split() if p]
    return [rules.municipality_code(p) or p for p in parts]


@transaction.atomic
def link_indicator(
    indicator: Indicator,
    *,
    acting_user,
    kpi: str,
    municipality: str,
    gender: str = "T",
    comparisons: str = "",
    group: str = "",
) -> KoladaLink:
    """Link ``indicator`` to a Kolada KPI (replacing an earlier link): ``kpi``
    (``N00945``), ``municipality`` (its baseline's; ``581`` is stored as ``0581``),
    ``gender`` (T, K, M), ``comparisons`` (municipality codes separated by commas or
    spaces) and ``group`` (a Kolada municipality group, ``G…``). Refused (every reason
    at once, field by field) before anything is stored."""
    require(acting_user, LINK_PERMISSION, indicator.project)
    kpi_code = rules.kpi_code(kpi) or kpi.strip()
    own = rules.municipality_code(municipality) or municipality.strip()
    group_text = (rules.group_code(group) or group.strip()) if group else ""
    codes = _codes(comparisons)
    problems = rules.check_link(
        kpi=kpi_code, municipality=own, gender=gender, comparisons=codes, group=group_text
    )
    if problems:
        words = _messages()
        raise Refused(Refusal(p.code, p.field, words[p.code] % dict(p.params)) for p in problems)
    link = KoladaLink.objects.filter(indicator=indicator).first() or KoladaLink(indicator=indicator)
    link.kpi, link.municipality, link.gender = kpi_code, own, gender
    link.comparisons, link.group = ",".join(codes), group_text
    attribute(link, acting_user)
    link.full_clean()
    link.save()
    return link


@transaction.atomic
def unlink_indicator(indicator: Indicator, *, acting_user) -> None:
    """Remove ``indicator``'s Kolada link (its comparison values stay, with their history)."""
    require(acting_user, LINK_PERMISSION, indicator.project)
    link = KoladaLink.objects.filter(indicator=indicator).first()
    if link is not None:
        attribute(link, acting_user).delete()


def _first_year(indicator: Indicator) -> int | None:
    periods = Measurement.objects.filter(indicator=indicator).values_list("period", flat=True)
    years = [int(p[:4]) for p in periods if p[:4].isdigit()]
    return min(years) if years else None


class _Plan:
    """What a file stores for one linked indicator."""

    def __init__(self, link: KoladaLink, own: str):
        self.link, self.own = link, own
        self.baseline: tuple[str, float] | None = None
        self.values: list = []  # KoladaValue of the places compared (and the own one)


def import_kolada(
    *,
    acting_user,
    project,
    data: bytes,
    filename: str,
    dry_run: bool = False,
    municipality: str | None = None,
) -> Report:
    """Import a Kolada file into ``project``'s linked indicators: all or nothing.

    For each indicator linked to a KPI of the file, the values of its gender: the own
    municipality's (the link's, or ``municipality`` when given; ``581`` is read as
    ``0581``, a group is refused) give the baseline (:func:`socinv.core.kolada.baseline`:
    the latest year before the first own measurement, else the latest) and, with the
    chosen comparison municipalities' and group's, the comparison values. Deleted values
    and groups are never taken for a municipality's figure. ``dry_run`` checks everything
    and stores nothing. ``acting_user`` needs ``followup.report_measurements``."""
    require(acting_user, PERMISSION, project)
    refuse_if(file_name(filename))
    read = read_kolada_file(data)
    report = Report(
        format=FORMAT,
        fingerprint=read.fingerprint,
        dry_run=dry_run,
        warnings=[_from_reader(w) for w in read.warnings],
        refused_for_personal_number=any(
            p.code == ProblemCode.PERSONAL_NUMBER for p in read.problems
        ),
    )
    problems = [_from_reader(p) for p in read.problems]
    override = None
    if municipality:
        override = rules.municipality_code(municipality)
        if override is None:
            problems.append(
                Problem(NOT_A_MUNICIPALITY, None, "municipality", {"text": municipality.strip()})
            )
    links: dict[str, list[KoladaLink]] = {}
    for link in KoladaLink.objects.filter(indicator__project=project).select_related("indicator"):
        links.setdefault(link.kpi, []).append(link)
    plans: list[_Plan] = []
    if not report.refused_for_personal_number:
        named: set[str] = set()
        for v in read.values:
            if v.kpi not in links and v.kpi not in named:
                named.add(v.kpi)
                known = ", ".join(sorted(links)) or "–"
                problems.append(
                    Problem(KPI_NOT_LINKED, v.entry, "kpi", {"kpi": v.kpi, "known": known}, "entry")
                )
        for kpi_links in links.values():
            for link in kpi_links:
                plans.append(_plan(link, override or link.municipality, read.values, report))
        plans = [p for p in plans if p.values]
    earlier = (
        ImportBatch.objects.filter(project=project, fingerprint=read.fingerprint)
        .select_related("imported_by")
        .first()
    )
    if earlier is not None:
        problems.append(_already_imported(earlier))
    if not problems and not plans:
        problems.append(Problem(NOTHING_TO_STORE, None, None, {}))
    if problems:
        report.problems = sorted(problems, key=lambda p: (p.row is not None, p.row or 0))
        return report
    report.baselines = sum(p.baseline is not None for p in plans)
    report.comparisons = sum(len(p.values) for p in plans)
    report.rows = report.baselines + report.comparisons
    if dry_run:
        return report
    with transaction.atomic(), attributed_to(acting_user):
        batch = ImportBatch(
            project=project,
            filename=filename,
            fingerprint=read.fingerprint,
            format=FORMAT,
            imported_by=acting_user,
            rows=report.rows,
        )
        batch.save()
        for plan in plans:
            _store(plan, batch, acting_user)
    report.stored = report.rows
    return report


def _plan(link: KoladaLink, own: str, values, report: Report) -> _Plan:
    plan = _Plan(link, own)
    wanted = {own, *link.comparison_codes, *([link.group] if link.group else [])}
    series = [v for v in values if v.kpi == link.kpi and v.gender == link.gender]
    plan.values = [v for v in series if v.place in wanted]
    own_values = [(v.period, v.value) for v in plan.values if v.place == own and not v.is_group]
    plan.baseline = rules.baseline(own_values, _first_year(link.indicator))
    if plan.baseline is None and series:
        report.warnings.append(
            Problem(
                NO_BASELINE_VALUE,
                None,
                None,
                {"kpi": link.kpi, "municipality": own, "gender": link.gender},
            )
        )
    found = {v.place for v in series}
    for place in sorted(wanted - found - {own}):
        if series:
            report.warnings.append(
                Problem(COMPARISON_MISSING, None, None, {"kpi": link.kpi, "place": place})
            )
    return plan


def _store(plan: _Plan, batch: ImportBatch, user) -> None:
    link = plan.link
    share = kind(link.indicator) == "share"  # the units socinv.followup.values shows as shares
    if plan.baseline is not None:
        period, value = plan.baseline
        value = rules.indicator_value(value, share)
        indicator = attribute(Indicator.objects.select_for_update().get(pk=link.indicator_id), user)
        indicator.baseline_value = value
        indicator.baseline_source = rules.source_text(link.kpi, plan.own, period, link.gender)
        if period[:4].isdigit():
            indicator.baseline_date = datetime.date(int(period[:4]), 12, 31)
        indicator.save()
        link.baseline_period = period
        attribute(link, user).save()
    for v in plan.values:
        row = ComparisonValue.objects.filter(
            indicator_id=link.indicator_id, place=v.place, period=v.period, gender=v.gender
        ).first() or ComparisonValue(
            indicator_id=link.indicator_id, place=v.place, period=v.period, gender=v.gender
        )
        row.value, row.batch = rules.indicator_value(v.value, share), batch
        attribute(row, user).save()
