"""Reads: the fund projection's input gathered from the database, and the projection.

What the engine (:mod:`socinv.core.projection`) is given, per shared/spec/projection.md:

* the ledger as of ``D`` (entries dated on or before it, reversed pairs left out):
  available to commit, the totals for money in the fund (a write-down counts as central
  unless its entry names the board as bearer), and per project and board the receivable
  and what was disbursed (the base of a depreciation plan);
* per project with an outstanding commitment or a receivable: what is still to be paid
  out per year, from its granting decision's years (the disbursements so far are taken
  from the earliest years; what the ledger no longer holds as committed, released money,
  from the latest; without decided years all of it in ``D``'s year); its terms and bearer
  as the savings pages read them (:mod:`socinv.savings.selectors`: the decision, else the
  calculation's ``[repayment]``, else the whole saving; a missing bearer counts as
  central); its saved calculation (one that does not parse is left out: no savings);
* each board's savings are its stakeholder's (the organisation's stakeholder catalogue
  links a board to its key); pay-outs go to the board the calculation's repayment names,
  else the first responsible board;
* the contribution plan from ``D``'s year on; for ``D``'s year what has not been booked
  as a contribution by ``D``.
"""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.db.models import Sum
from django.utils import timezone

from socinv.core import projection as pj
from socinv.core.calc import InputError
from socinv.core.ledger import Totals
from socinv.core.limits import DEFAULT_PROJECTION_DRAWS, DEFAULT_PROJECTION_YEARS
from socinv.core.repayment import Method
from socinv.fund import selectors as fund_selectors
from socinv.fund.models import Fund, LedgerEntry, WriteDownRule
from socinv.organisation.models import Board, Stakeholder
from socinv.projects import simulations
from socinv.projects.models import Project
from socinv.review.selectors import granting_decisions
from socinv.savings import selectors as savings

from .models import FundContributionPlan

T = LedgerEntry.Type


def kr(ore: int) -> float:
    return ore / 100.0


def to_pay_out_with(decision, disbursed_ore: int, outstanding_ore: int, y0: int):
    """(year, öre) still to be paid out, from the granting ``decision``'s years (None:
    no decision)."""
    if outstanding_ore <= 0:
        return []
    years = sorted((y.year, y.amount_ore) for y in decision.years.all()) if decision else []
    if not years:
        return [(y0, outstanding_ore)]
    left = []
    paid = disbursed_ore
    for year, amount in years:
        taken = min(paid, amount)
        paid -= taken
        if amount - taken > 0:
            left.append([max(year, y0), amount - taken])
    excess = sum(a for _y, a in left) - outstanding_ore  # released money, from the latest
    for row in reversed(left):
        if excess <= 0:
            break
        cut = min(excess, row[1])
        row[1] -= cut
        excess -= cut
    if excess < 0:  # committed beyond the decided years: in D's year
        left.append([y0, -excess])
    return [(y, a) for y, a in left if a > 0]


def _calculation(project: Project, catalogue):
    """The project's saved calculation with its stored catalogue part, None when there is
    none or it does not parse."""
    if not project.calculation_toml:
        return None
    try:
        return simulations.calculation_with(project, catalogue, f"project {project.pk}")
    except (InputError, ValueError):
        return None


def projection_input(fund: Fund, as_of: datetime.date) -> pj.FundInput:
    """What the engine is given for ``fund`` as of ``as_of``, in a fixed number of queries
    however many projects: the rows each project's input reads (its granting decision and
    years, the savings pages' terms and bearer, its stored catalogue part) are loaded once
    for them all (:func:`socinv.review.selectors.granting_decisions`,
    :func:`socinv.projects.simulations.stored_catalogues`) and given to the same pure
    functions the savings pages use."""
    entries = LedgerEntry.objects.filter(fund=fund, date__lte=as_of)
    groups = fund_selectors._grouped(entries)
    totals = fund_selectors._fold(groups).get((), Totals())
    budget = fund.economic_model == Fund.Model.BUDGET
    y0 = as_of.year
    by_project: dict[int, dict[int | None, Totals]] = defaultdict(dict)
    for (project_id, board_id), by_type in groups.items():
        if project_id is not None:
            by_project[project_id][board_id] = Totals.of(by_type)
    keys = dict(
        Stakeholder.objects.filter(
            organisation_id=fund.organisation_id, board__isnull=False
        ).values_list("board_id", "key")
    )
    names = {str(b.pk): b.name for b in Board.objects.filter(organisation_id=fund.organisation_id)}
    candidates = list(
        Project.objects.filter(pk__in=by_project, fund=fund)
        .prefetch_related("responsible_boards")
        .order_by("pk")
    )
    decisions = granting_decisions(candidates)
    type_rules = dict(WriteDownRule.objects.filter(fund=fund).values_list("project_type", "bearer"))
    stakeholder_boards = dict(
        Stakeholder.objects.filter(organisation_id=fund.organisation_id).values_list(
            "key", "board_id"
        )
    )
    stored_catalogues = simulations.stored_catalogues([p for p in candidates if p.calculation_toml])
    projects = []
    for project in candidates:
        pairs = by_project[project.pk]
        total = Totals(
            **{
                f: sum(getattr(t, f) for t in pairs.values())
                for f in ("contributions", "commitments", "releases", "disbursements")
                + ("repayments", "write_downs_board", "write_downs_central")
            }
        )
        receivable = {b: max(0, t.receivable) for b, t in pairs.items()}
        if total.outstanding <= 0 and not any(receivable.values()):
            continue
        decision = decisions.get(project.pk)
        calc = _calculation(project, stored_catalogues.get(project.pk))
        terms, source = savings.terms_from(project, decision)
        bearer, _why = savings.bearer_from(project, fund, decision, type_rules)
        planned = savings.planned_from(project, source, stakeholder_boards)
        responsible = [b.pk for b in project.responsible_boards.all()]
        board_ids = list(dict.fromkeys([*responsible, *(b for b in pairs if b is not None)]))
        payer = None
        if calc is not None and calc.repayment is not None:
            payer = next((b for b in board_ids if keys.get(b) == calc.repayment.stakeholder), None)
        if payer is None and board_ids:
            payer = board_ids[0]
        if payer is None:
            continue  # no board to owe or repay anything
        # money on the project without a board is the paying board's
        receivable[payer] = receivable.get(payer, 0) + receivable.pop(None, 0)
        pay_out = to_pay_out_with(decision, total.disbursements, total.outstanding, y0)
        calc_ids = {s.id for s in calc.stakeholders} if calc is not None else set()
        parts = []
        for b in board_ids:
            disbursed = pairs[b].disbursements if b in pairs else 0
            if b == payer:
                disbursed += sum(a for _y, a in pay_out)
                if None in pairs:
                    disbursed += pairs[None].disbursements
            parts.append(
                pj.BoardPart(
                    board=str(b),
                    receivable=kr(receivable.get(b, 0)),
                    base=kr(planned.get(b, disbursed)),
                    stakeholder=keys.get(b) if keys.get(b) in calc_ids else None,
                )
            )
        depreciation = terms.method is Method.DEPRECIATION
        projects.append(
            pj.ProjectInput(
                id=str(project.pk),
                boards=tuple(parts),
                calculation=calc,
                to_pay_out=tuple((y, kr(a)) for y, a in pay_out),
                pay_out_board=str(payer),
                method=pj.DEPRECIATION if depreciation else pj.SAVINGS,
                share=terms.share,
                period=terms.period,
                start_year=terms.start_year,
                bearer=pj.BOARD if bearer == "board" else pj.CENTRAL,
            )
        )
    booked_this_year = (
        entries.filter(type=T.CONTRIBUTION, date__year=y0, reversed_by__isnull=True).aggregate(
            s=Sum("amount_ore")
        )["s"]
        or 0
    )
    plan = []
    for year, amount in FundContributionPlan.objects.filter(fund=fund, year__gte=y0).values_list(
        "year", "amount_ore"
    ):
        if year == y0:
            amount = max(0, amount - booked_this_year)
        plan.append((year, kr(amount)))
    return pj.FundInput(
        as_of=as_of,
        available=kr(totals.available),
        contributions=kr(totals.contributions),
        # a write-down the board bears is repaid from its frame (core.ledger.MOVES): a repayment
        repayments=kr(totals.repayments + totals.write_downs_board),
        disbursements=kr(totals.disbursements),
        central_write_downs=kr(totals.write_downs_central),
        contribution_plan=tuple(plan),
        budget_model=budget,
        board_names=names,
        projects=tuple(projects),
        fund=fund.pk,
    )


def run(
    fund: Fund,
    *,
    as_of: datetime.date | None = None,
    years: int = DEFAULT_PROJECTION_YEARS,
    draws: int = DEFAULT_PROJECTION_DRAWS,
    seed: int = 0,
) -> dict:
    """The spec's JSON output for ``fund`` (raises :class:`pj.ProjectionError`)."""
    problems = pj.check_projection(years, draws, seed)
    if problems:
        raise pj.ProjectionError(problems)
    fund_input = projection_input(fund, as_of or timezone.localdate())
    return pj.projection(fund_input, years=years, draws=draws, seed=seed)


def project_titles(result: dict) -> dict[str, str]:
    """Project id (as in ``prob_receivable_repaid``) → its title."""
    ids = [int(k) for k in result["prob_receivable_repaid"]]
    return {str(pk): t for pk, t in Project.objects.filter(pk__in=ids).values_list("pk", "title")}


def contribution_plan(fund: Fund) -> list[FundContributionPlan]:
    return list(FundContributionPlan.objects.filter(fund=fund).order_by("year"))
