"""Reads: a project's realised savings, repayment proposals and receivables per board.

The proposals come from the pure core (:mod:`socinv.core.repayment`) fed with the
database's figures: the project's terms, what each board received (disbursements, the
base of a depreciation plan), what it still owes (the receivable) and what has been repaid
for each year. A repayment counts for the year its confirmation names; one booked without
a confirmation (directly in the ledger) counts for the year of its date.
"""

from __future__ import annotations

import datetime
import tomllib
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Sum
from django.utils import timezone

from socinv.core import repayment as core
from socinv.fund import selectors as fund_selectors
from socinv.fund.models import Fund, LedgerEntry, PreliminaryBooking, WriteDownRule
from socinv.organisation.models import Board, Stakeholder
from socinv.projects.models import Project
from socinv.review.selectors import granting_decision, granting_decisions

from .models import RealisedSaving, RepaymentConfirmation
from .words import bearer_text, reason_text

T = LedgerEntry.Type


@dataclass
class YearRow:
    proposal: core.YearProposal
    saving: RealisedSaving | None
    repayments: list[LedgerEntry]
    confirmable: bool  # a positive proposal for a year that has begun, nothing awaiting
    awaiting: list = field(default_factory=list)  # confirmed, awaiting attestation

    @property
    def year(self) -> int:
        return self.proposal.year

    @property
    def reason_text(self) -> str:
        return reason_text(self.proposal.reason)


@dataclass
class BoardFigures:
    board: Board
    disbursed_ore: int = 0
    repaid_ore: int = 0
    written_down_ore: int = 0
    receivable_ore: int = 0
    years: list[YearRow] = field(default_factory=list)
    repayments: list[LedgerEntry] = field(default_factory=list)
    write_downs: list[LedgerEntry] = field(default_factory=list)
    write_down: core.WriteDownProposal | None = None

    @property
    def savings_ore(self) -> int:
        return sum(r.saving.amount_ore for r in self.years if r.saving)

    @property
    def proposed_ore(self) -> int:
        return sum(r.proposal.proposal_ore for r in self.years)

    def row(self, year: int) -> YearRow | None:
        return next((r for r in self.years if r.year == year), None)


@dataclass
class ProjectSavings:
    project: Project
    budget_model: bool
    terms: core.Terms
    terms_source: str  # decision / calculation / default
    bearer: str | None
    bearer_source: str
    write_down_phase: bool
    boards: list[BoardFigures]

    def board(self, board) -> BoardFigures | None:
        pk = getattr(board, "pk", board)
        return next((b for b in self.boards if b.board.pk == pk), None)

    @property
    def receivable_ore(self) -> int:
        return sum(b.receivable_ore for b in self.boards)

    @property
    def bearer_text(self) -> str:
        return bearer_text(self.bearer)


def terms_for(project: Project) -> tuple[core.Terms, str]:
    """The project's repayment terms and their source (:func:`terms_from`)."""
    return terms_from(project, granting_decision(project))


def _calculation_terms(text: str) -> core.Terms | None:
    if not text:
        return None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        return None
    table = data.get("repayment")
    if not isinstance(table, dict):
        return None
    try:  # numbers as the calculation writes them; anything else: no terms from it
        start_year = int(data.get("start_year")) + int(table.get("start", 0))
        depreciation = table.get("method", "savings") == "depreciation"
        period = int(table.get("period")) if depreciation else None
        share = 1.0 if depreciation else float(table.get("share_of_savings", 1.0))
    except (TypeError, ValueError):
        return None
    method = core.Method.DEPRECIATION if depreciation else core.Method.SHARE_OF_SAVINGS
    if core.check_terms(method, share, period, start_year):
        return None
    return core.Terms(method=method, share=share, period=period, start_year=start_year)


def planned_amounts(project: Project, source: str) -> dict[int, int]:
    """Board id → the amount its repayment plan is drawn on (:func:`planned_from`)."""
    return planned_from(project, source, _stakeholder_boards(project.fund))


def bearer_for(project: Project) -> tuple[str | None, str]:
    """Who bears a write-down of the project, and why (:func:`bearer_from`)."""
    fund = project.fund
    return bearer_from(project, fund, granting_decision(project), _type_rules(fund))


def _stakeholder_boards(fund: Fund) -> dict[str, int | None]:
    return dict(
        Stakeholder.objects.filter(organisation_id=fund.organisation_id).values_list(
            "key", "board_id"
        )
    )


def _type_rules(fund: Fund) -> dict[str, str]:
    return dict(WriteDownRule.objects.filter(fund=fund).values_list("project_type", "bearer"))


def _board_ids(pks) -> dict[int, set[int]]:
    """Project id → its responsible boards and any other board with money or savings on it."""
    ids: dict[int, set[int]] = defaultdict(set)
    through = Project.responsible_boards.through
    for rows in (
        through.objects.filter(project_id__in=pks).values_list("project_id", "board_id"),
        LedgerEntry.objects.filter(project_id__in=pks, board__isnull=False)
        .values_list("project_id", "board_id")
        .distinct()
        .order_by(),
        RealisedSaving.objects.filter(project_id__in=pks).values_list("project_id", "board_id"),
    ):
        for project_id, board_id in rows:
            ids[project_id].add(board_id)
    return ids


def boards_of(project: Project) -> list[Board]:
    """The responsible boards, and any other board with money or savings on the project."""
    ids = _board_ids([project.pk]).get(project.pk, set())
    return sorted(Board.objects.filter(pk__in=ids), key=lambda b: (b.name, b.pk))


def today() -> datetime.date:
    return timezone.localdate()


def project_savings(project: Project) -> ProjectSavings:
    """The project's savings, repayment proposals and receivables per board
    (:func:`projects_savings` for the one project)."""
    return projects_savings(project.fund, [project])[project.pk]


@dataclass
class FundRow:
    project: Project
    board: Board
    savings_ore: int
    disbursed_ore: int
    repaid_ore: int
    written_down_ore: int
    receivable_ore: int


def fund_summary(fund: Fund) -> dict:
    """Savings per board and year, and money per project and board, for the whole fund."""
    budget = fund.economic_model == Fund.Model.BUDGET
    per_board_year: dict[tuple[int, int], int] = defaultdict(int)
    per_pair_savings: dict[tuple[int, int], int] = defaultdict(int)
    for project_id, board_id, year, total in (
        RealisedSaving.objects.filter(project__fund=fund)
        .values_list("project_id", "board_id", "year")
        .annotate(total=Sum("amount_ore"))
        .order_by()
    ):
        per_board_year[(board_id, year)] += total
        per_pair_savings[(project_id, board_id)] += total
    groups = fund_selectors._grouped(LedgerEntry.objects.filter(fund=fund))
    pairs = {k for k in groups if k[0] is not None and k[1] is not None} | set(per_pair_savings)
    projects = Project.objects.in_bulk({p for p, _b in pairs})
    boards = Board.objects.in_bulk({b for _p, b in pairs} | {b for b, _y in per_board_year})
    rows = []
    for project_id, board_id in pairs:
        t = fund_selectors.Totals.of(groups.get((project_id, board_id), {}))
        if not (t.disbursements or t.repayments or per_pair_savings.get((project_id, board_id))):
            continue
        rows.append(
            FundRow(
                project=projects[project_id],
                board=boards[board_id],
                savings_ore=per_pair_savings.get((project_id, board_id), 0),
                disbursed_ore=t.disbursements,
                repaid_ore=t.repayments,
                written_down_ore=t.write_downs,
                receivable_ore=0 if budget else t.receivable,
            )
        )
    rows.sort(key=lambda r: (r.project.title, r.board.name))
    years = sorted({y for _b, y in per_board_year})
    board_rows = [
        (boards[b], [per_board_year.get((b, y), 0) for y in years])
        for b in sorted({b for b, _y in per_board_year}, key=lambda b: boards[b].name)
    ]
    return {
        "budget_model": budget,
        "rows": rows,
        "years": years,
        "board_rows": board_rows,
        "totals": {
            "savings_ore": sum(r.savings_ore for r in rows),
            "disbursed_ore": sum(r.disbursed_ore for r in rows),
            "repaid_ore": sum(r.repaid_ore for r in rows),
            "written_down_ore": sum(r.written_down_ore for r in rows),
            "receivable_ore": sum(r.receivable_ore for r in rows),
        },
    }


# --- many projects at once -------------------------------------------------------------
# The figures of :func:`project_savings`, for all the given projects of one fund in a
# fixed number of queries (one per kind of row: decisions and their years, write-down
# rules, stakeholders, savings, confirmations, entries, boards, the ledger's sums), fed
# into the same pure core. The overview and the frames read every paying project's plan.


@dataclass
class PlanRows:
    """What the repayment plans of a fund's projects read, loaded once for them all."""

    decisions: dict  # project id → its granting decision (review.selectors)
    type_rules: dict[str, str]  # the fund's write-down rules: project type → bearer
    stakeholder_boards: dict[str, int | None]  # stakeholder key → board id (organisation)
    savings: dict  # project id → board id → year → RealisedSaving
    year_of: dict[int, int]  # repayment entry id → the year its confirmation names
    awaiting: dict  # (project id, board id, year) → confirmed bookings awaiting attestation
    entries: dict  # project id → its effective repayments and write-downs, in order
    board_ids: dict  # project id → the ids of its boards (as boards_of has them)
    boards: dict  # board id → Board
    groups: dict  # (project id, board id) → the ledger's sums by movement


def plan_rows(fund: Fund, projects) -> PlanRows:
    """The rows the repayment plans of ``projects`` (all of ``fund``) read."""
    pks = [p.pk for p in projects]
    savings: dict = defaultdict(lambda: defaultdict(dict))
    for s in (
        RealisedSaving.objects.filter(project_id__in=pks)
        .select_related("recorded_by", "board")
        .prefetch_related("indicators", "measurements__indicator")
    ):
        savings[s.project_id][s.board_id][s.year] = s
    board_ids = _board_ids(pks)
    entries: dict = defaultdict(list)
    for e in (
        LedgerEntry.objects.filter(
            project_id__in=pks, type__in=[T.REPAYMENT, T.WRITE_DOWN], reversed_by__isnull=True
        )
        .select_related("recorded_by")
        .order_by("date", "seq")
    ):
        entries[e.project_id].append(e)
    # a confirmation names the year it repays; one above the attestation threshold is a
    # booking until attested (then its entry is the booking's), awaiting meanwhile
    year_of: dict[int, int] = {}
    awaiting: dict = defaultdict(list)
    for c in RepaymentConfirmation.objects.filter(project_id__in=pks).select_related(
        "booking__booked_by"
    ):
        entry_id = c.entry_id or (c.booking.entry_id if c.booking_id else None)
        if entry_id is not None:
            year_of[entry_id] = c.year
        elif c.booking.status == PreliminaryBooking.Status.PRELIMINARY:
            awaiting[c.project_id, c.board_id, c.year].append(c.booking)
    return PlanRows(
        decisions=granting_decisions(pks),
        type_rules=_type_rules(fund),
        stakeholder_boards=_stakeholder_boards(fund),
        savings=savings,
        year_of=year_of,
        awaiting=awaiting,
        entries=entries,
        board_ids=board_ids,
        boards=Board.objects.in_bulk({b for ids in board_ids.values() for b in ids}),
        groups=fund_selectors._grouped(LedgerEntry.objects.filter(fund=fund, project_id__in=pks)),
    )


def terms_from(project: Project, decision) -> tuple[core.Terms, str]:
    """The project's repayment terms and their source, given its granting decision (None:
    there is none).

    The approved decision's terms come first; then the calculation's ``[repayment]`` table
    (``start`` is a year index from the calculation's ``start_year``); else the spec's
    default, the whole of each year's saving. Terms the core does not accept leave the
    decision's terms aside.
    """
    if decision is not None and decision.repayment_method:
        given = (
            decision.repayment_method,
            decision.repayment_share or 1.0,
            decision.repayment_period_years,
            decision.repayment_start_year,
        )
        if not core.check_terms(*given):
            return core.Terms(*given), "decision"
    terms = _calculation_terms(project.calculation_toml)
    if terms is not None:
        return terms, "calculation"
    return core.Terms(), "default"


def planned_from(
    project: Project, source: str, stakeholder_boards: dict[str, int | None]
) -> dict[int, int]:
    """Board id → the amount its repayment plan is drawn on (öre), where the terms name it,
    given the organisation's stakeholder key → board id.

    The calculation's ``[repayment]`` names the repaying stakeholder and the amount to
    repay (the spec: a depreciation plan pays ``amount / period`` a year); the stakeholder
    is the board through the organisation's stakeholder catalogue. Elsewhere (an approved
    decision's terms, the default, a board the table does not name) the plan is drawn on
    what the board has been disbursed. A proposal never exceeds the receivable either way.
    """
    if source != "calculation" or not project.calculation_toml:
        return {}
    try:
        table = tomllib.loads(project.calculation_toml).get("repayment") or {}
        key, amount = str(table["stakeholder"]), float(table["amount"])
    except (tomllib.TOMLDecodeError, KeyError, TypeError, ValueError):
        return {}
    board_id = stakeholder_boards.get(key)
    if board_id is None or amount <= 0:
        return {}
    return {board_id: round(amount * 100)}


def bearer_from(project: Project, fund: Fund, decision, type_rules) -> tuple[str | None, str]:
    """:func:`bearer_for` with the granting decision and the fund's type rules given."""
    return core.resolve_bearer(
        decision_bearer=decision.write_down_bearer if decision is not None else "",
        fund_bearer=fund.write_down_bearer,
        project_type=project.type,
        type_rules=type_rules,
    )


def projects_savings(
    fund: Fund, projects, rows: PlanRows | None = None
) -> dict[int, ProjectSavings]:
    """Project id → :func:`project_savings` for each of ``projects`` (all of ``fund``), in
    a fixed number of queries (:func:`plan_rows`; pass ``rows`` already read to save them)."""
    projects = list(projects)
    if rows is None:
        rows = plan_rows(fund, projects)
    budget = fund.economic_model == Fund.Model.BUDGET
    this_year = today().year
    out = {}
    for project in projects:
        decision = rows.decisions.get(project.pk)
        terms, source = terms_from(project, decision)
        planned = planned_from(project, source, rows.stakeholder_boards)
        bearer, bearer_source = bearer_from(project, fund, decision, rows.type_rules)
        savings = rows.savings.get(project.pk, {})
        repayments: dict[int, list[LedgerEntry]] = defaultdict(list)
        write_downs: dict[int, list[LedgerEntry]] = defaultdict(list)
        for e in rows.entries.get(project.pk, []):
            if e.type == T.REPAYMENT:
                e.for_year = rows.year_of.get(e.pk, e.date.year)
                repayments[e.board_id].append(e)
            else:
                write_downs[e.board_id].append(e)
        boards = []
        write_down_phase = project.is_after_closing
        ids = rows.board_ids.get(project.pk, set())
        for board in sorted((rows.boards[b] for b in ids), key=lambda b: (b.name, b.pk)):
            totals = fund_selectors.Totals.of(rows.groups.get((project.pk, board.pk), {}))
            fig = BoardFigures(
                board=board,
                disbursed_ore=totals.disbursements,
                repaid_ore=totals.repayments,
                written_down_ore=totals.write_downs,
                receivable_ore=0 if budget else totals.receivable,
                repayments=repayments.get(board.pk, []),
                write_downs=write_downs.get(board.pk, []),
            )
            repaid_by_year: dict[int, int] = defaultdict(int)
            for e in fig.repayments:
                repaid_by_year[e.for_year] += e.amount_ore
            by_year = savings.get(board.pk, {})
            proposals = core.plan(
                terms,
                budget_model=budget,
                amount_ore=planned.get(board.pk, fig.disbursed_ore),
                outstanding_ore=fig.receivable_ore,
                savings={y: s.amount_ore for y, s in by_year.items()},
                repaid=repaid_by_year,
            )
            fig.years = []
            for p in proposals:
                waiting = rows.awaiting.get((project.pk, board.pk, p.year), [])
                fig.years.append(
                    YearRow(
                        proposal=p,
                        saving=by_year.get(p.year),
                        repayments=[e for e in fig.repayments if e.for_year == p.year],
                        confirmable=p.proposal_ore > 0 and p.year <= this_year and not waiting,
                        awaiting=waiting,
                    )
                )
            if write_down_phase and not budget:
                found = core.propose_write_down(
                    {str(board.pk): fig.receivable_ore},
                    budget_model=budget,
                    bearer=bearer,
                    bearer_reason=bearer_source,
                )
                fig.write_down = found[0] if found else None
            boards.append(fig)
        out[project.pk] = ProjectSavings(
            project=project,
            budget_model=budget,
            terms=terms,
            terms_source=source,
            bearer=bearer,
            bearer_source=bearer_source,
            write_down_phase=write_down_phase,
            boards=boards,
        )
    return out
