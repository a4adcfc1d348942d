"""Reads for the overview (översikt): every figure from the app that owns it.

* the tiles: the ledger's one definition of the balances (:class:`socinv.core.ledger.Totals`
  through :mod:`socinv.fund.selectors`): the year's movement (the totals of the entries
  booked this year) and the total (the balance as the ledger stands);
* the money over time: money in the fund at each year's end (the running sum of each
  year's ``Totals.fund_money``), then the fund projection's band (:mod:`socinv.projection`);
* projects by phase; expected (the stored calculations' present value of the benefits to
  each board's stakeholder) and realised savings (:mod:`socinv.savings`) per board;
* the attention list: ideas and applications waiting for a decision, indicators at risk
  (:func:`socinv.core.effects.status` through :mod:`socinv.followup.selectors`),
  measurements due (:func:`socinv.core.attention.measurement_due`), repayments proposed
  but not booked (the repayment plans, :func:`socinv.savings.selectors.project_savings`),
  calculations computed by an older engine (:mod:`socinv.projects.simulations`).

A fixed number of queries, however many projects: the rows every paying project's
repayment plan and projection input read are loaded once for them all
(:func:`socinv.savings.selectors.projects_savings`,
:func:`socinv.projection.selectors.run`,
:func:`socinv.projects.simulations.stored_many`).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Max, Min, Sum

from socinv.applications.models import Application, Indicator
from socinv.core import effects
from socinv.core.attention import measurement_due
from socinv.core.ledger import Totals
from socinv.followup import selectors as followup
from socinv.followup.models import Measurement
from socinv.fund import selectors as fund_selectors
from socinv.fund.models import Fund, LedgerEntry
from socinv.organisation.models import Board, Stakeholder
from socinv.projection import selectors as projection
from socinv.projects import simulations
from socinv.projects.access import projects_visible_to
from socinv.projects.models import Project, StoredSimulation
from socinv.savings import selectors as savings
from socinv.savings.models import RealisedSaving

# the overview's projection: fewer draws than the projection page's default, so that the
# page stays fast (about 0.05 s on the demo); the projection page has the full run
OVERVIEW_DRAWS = 2_000
OVERVIEW_SEED = 1

# the tiles, in order: (key, the Totals attribute)
TILES = (
    ("available", "available"),
    ("committed", "committed"),
    ("disbursed", "disbursements"),
    ("receivable", "receivable"),
    ("repaid", "repayments"),
    ("written_down", "write_downs"),
)

# the phases a project is followed up in (measurements are due)
FOLLOWED_UP = (Project.Phase.IMPLEMENTATION, Project.Phase.SCALE_UP)
AT_RISK = (str(effects.Status.AT_RISK), str(effects.Status.OFF_TRACK))


@dataclass(frozen=True)
class Tile:
    key: str
    this_year: int  # öre: the movement of the entries booked this year
    total: int  # öre: the balance as the ledger stands


@dataclass(frozen=True)
class BoardSavings:
    board: Board
    expected_ore: int  # present value of the benefits in the stored calculations
    realised_ore: int  # reported realised savings
    repaid_ore: int  # the ledger's repayments (and board-borne write-downs)


@dataclass
class Attention:
    ideas: list = field(default_factory=list)  # Application
    applications: list = field(default_factory=list)  # Application
    indicators: list = field(default_factory=list)  # IndicatorFigures
    due: list = field(default_factory=list)  # (Indicator, latest period or "")
    repayments: list = field(default_factory=list)  # (Project, Board, year, öre)
    stale: list = field(default_factory=list)  # (Project, simulations.Stored)
    attestation: list = field(default_factory=list)  # PreliminaryBooking

    @property
    def count(self) -> int:
        return sum(
            len(x)
            for x in (
                self.ideas,
                self.applications,
                self.indicators,
                self.due,
                self.repayments,
                self.stale,
                self.attestation,
            )
        )


@dataclass
class Overview:
    fund: Fund
    year: int
    totals: Totals
    year_totals: Totals
    tiles: list[Tile]
    history: list[tuple[int, int]]  # (year, money in the fund at the year's end, öre)
    projection: dict | None
    phases: list[tuple[str, str, int]]  # (phase, label, number of projects)
    board_savings: list[BoardSavings]
    attention: Attention


def today() -> datetime.date:
    return savings.today()


def tiles(totals: Totals, year_totals: Totals) -> list[Tile]:
    return [Tile(key, getattr(year_totals, attr), getattr(totals, attr)) for key, attr in TILES]


def history(by_year: dict[int, Totals]) -> list[tuple[int, int]]:
    """Money in the fund at each year's end: the running sum of the years' movements (the
    balance is linear in the entries, so the last year's equals ``Totals.fund_money``)."""
    out, running = [], 0
    for year in sorted(by_year):
        running += by_year[year].fund_money
        out.append((year, running))
    return out


def run_projection(fund: Fund, as_of: datetime.date) -> dict | None:
    """The fund projection from ``as_of`` with the overview's draws, or None when it
    cannot be made."""
    try:
        return projection.run(fund, as_of=as_of, draws=OVERVIEW_DRAWS, seed=OVERVIEW_SEED)
    except projection.pj.ProjectionError:
        return None


def phases(fund: Fund) -> list[tuple[str, str, int]]:
    counts = dict(
        Project.objects.filter(fund=fund)
        .values_list("phase")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("phase", "n")
    )
    return [(value, label, counts.get(value, 0)) for value, label in Project.Phase.choices]


def board_savings(fund: Fund, balances: fund_selectors.FundBalances) -> list[BoardSavings]:
    """Per board: the benefits its stakeholder is expected to get in the decided projects'
    stored calculations (present value), the realised savings reported, and what it has
    repaid (the ledger's frame reductions)."""
    key_board = dict(
        Stakeholder.objects.filter(
            organisation_id=fund.organisation_id, board__isnull=False
        ).values_list("key", "board_id")
    )
    expected: dict[int, int] = defaultdict(int)
    decided = Project.objects.filter(fund=fund).exclude(phase=Project.Phase.APPLICATION)
    for result in decided.values_list("calculation_result", flat=True):
        stakeholders = result.get("stakeholders") if isinstance(result, dict) else None
        for key, figures in (stakeholders or {}).items():
            board_id = key_board.get(key)
            value = figures.get("pv_benefits") if isinstance(figures, dict) else None
            if board_id is not None and isinstance(value, int | float):
                expected[board_id] += round(value * 100)
    realised = dict(
        RealisedSaving.objects.filter(project__fund=fund)
        .values_list("board_id")
        .annotate(total=Sum("amount_ore"))
        .order_by()
        .values_list("board_id", "total")
    )
    ids = {b for b, v in expected.items() if v} | set(realised)
    rows = []
    for board in Board.objects.filter(pk__in=ids).order_by("name"):
        t = balances.by_board.get(board.pk, Totals())
        rows.append(
            BoardSavings(
                board, expected.get(board.pk, 0), realised.get(board.pk, 0) or 0, t.frame_reductions
            )
        )
    return rows


def attention(
    user, fund: Fund, balances: fund_selectors.FundBalances, on: datetime.date
) -> Attention:
    visible = projects_visible_to(user).filter(fund=fund)
    a = Attention()
    apps = Application.objects.filter(project__in=visible).select_related("project")
    a.ideas = list(
        apps.filter(stage=Application.Stage.IDEA_SUBMITTED).order_by("idea_submitted_at", "pk")
    )
    a.applications = list(
        apps.filter(
            stage=Application.Stage.SUBMITTED, project__phase=Project.Phase.APPLICATION
        ).order_by("project__title")
    )
    # indicators: their status against the target, and whether a measurement is due
    followed = visible.filter(phase__in=FOLLOWED_UP)
    indicators = list(
        Indicator.objects.filter(project__in=followed)
        .select_related("project")
        .order_by("project__title", "order", "pk")
    )
    measured: dict[int, list] = defaultdict(list)
    for m in Measurement.objects.filter(indicator__in=[i.pk for i in indicators]):
        measured[m.indicator_id].append(m)
    started = dict(
        LedgerEntry.objects.filter(fund=fund, project__in=followed)
        .values_list("project_id")
        .annotate(first=Min("date"))
        .order_by()
        .values_list("project_id", "first")
    )
    for indicator in indicators:
        figures = followup.figures(indicator, measured.get(indicator.pk, []))
        if figures.status in AT_RISK:
            a.indicators.append(figures)
        latest = figures.latest.period if figures.latest else None
        end = followup.period_key(latest)[:2] if latest else None
        if measurement_due(
            indicator.reporting_frequency, end, on, started.get(indicator.project_id)
        ):
            a.due.append((indicator, latest or ""))
    # repayments the plans propose for a year that has begun, not yet booked
    paid = [pk for pk, t in balances.by_project.items() if t.disbursements]
    paying = list(visible.filter(pk__in=paid).select_related("fund").order_by("title"))
    plans = savings.projects_savings(fund, paying)  # a fixed number of queries for them all
    for project in paying:
        for fig in plans[project.pk].boards:
            for row in fig.years:
                if row.confirmable:
                    a.repayments.append((project, fig.board, row.year, row.proposal.proposal_ore))
    # stored results computed by an older engine: each project's latest run
    last_ids = (
        StoredSimulation.objects.filter(project__in=visible)
        .values_list("project_id")
        .annotate(last=Max("id"))
        .order_by()
        .values_list("last", flat=True)
    )
    latest_runs = list(StoredSimulation.objects.filter(pk__in=last_ids).defer("result"))
    projects = {
        p.pk: p
        for p in visible.filter(pk__in=[r.project_id for r in latest_runs]).select_related(
            "fund__organisation"
        )
    }
    pairs = [(projects[r.project_id], r) for r in latest_runs if r.project_id in projects]
    for project_id, stored in simulations.stored_many(pairs).items():
        if stored.older_engine:
            a.stale.append((projects[project_id], stored))
    a.stale.sort(key=lambda pair: pair[0].title)
    # bookings above the fund's threshold that a second person has not attested yet
    # (outside the ledger: they move no balance until attested)
    seen = set(visible.values_list("pk", flat=True))
    a.attestation = [
        b
        for b in fund_selectors.awaiting_attestation(fund)
        if b.project_id is None or b.project_id in seen
    ]
    return a


def overview(
    user, fund: Fund, *, with_projection: bool, on: datetime.date | None = None
) -> Overview:
    on = on or today()
    balances = fund_selectors.fund_balances(fund)
    by_year = fund_selectors.totals_by_year(fund)
    year_totals = by_year.get(on.year, Totals())
    return Overview(
        fund=fund,
        year=on.year,
        totals=balances.fund_totals,
        year_totals=year_totals,
        tiles=tiles(balances.fund_totals, year_totals),
        history=history(by_year),
        projection=run_projection(fund, on) if with_projection else None,
        phases=phases(fund),
        board_savings=board_savings(fund, balances),
        attention=attention(user, fund, balances, on),
    )
