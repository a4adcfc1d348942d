"""Reads for review, decisions and the portfolio. Every function runs a fixed number of
queries, however many projects the fund has (balances come from
:func:`socinv.fund.selectors.fund_balances`, never per project)."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field

from django.utils.translation import gettext, gettext_lazy

from socinv.applications.models import BudgetYear
from socinv.core import portfolio as policy
from socinv.core.ledger import Totals
from socinv.fund import selectors as fund_selectors
from socinv.fund.models import Fund
from socinv.io.charts import risk_spread_svg
from socinv.projects.models import Project
from socinv.web.templatetags.socinv_format import ore_to_text, percent

from .models import ChecklistQuestion, Decision, Review

PERSPECTIVES = ["municipal", "public", "societal"]
Bounds = dict[str, policy.Bound]


# --- the calculation's figures --------------------------------------------------------


def calculation_figures(project: Project) -> dict:
    """NPV and expected NPV per perspective (kronor), the probability of a positive
    municipal NPV and the municipal cost per participant, from the stored calculation
    (``None`` where the calculation does not give it)."""
    result = project.calculation_result if isinstance(project.calculation_result, dict) else {}
    persp = result.get("perspectives") if isinstance(result.get("perspectives"), dict) else {}
    npv = {}
    expected = {}
    for p in PERSPECTIVES:
        values = persp.get(p) if isinstance(persp.get(p), dict) else {}
        npv[p] = _number(values.get("npv"))
        expected[p] = _number(values.get("expected_npv"))
    mc = (result.get("monte_carlo") or {}).get("perspectives") or {}
    prob = _number((mc.get("municipal") or {}).get("prob_positive")) if mc else None
    pv_costs = _number((persp.get("municipal") or {}).get("pv_costs")) if persp else None
    participants = _participants(project.calculation_toml)
    cost_per_participant = (
        pv_costs / participants if pv_costs is not None and participants else None
    )
    return {
        "npv": npv,
        "expected_npv": expected,
        "prob_positive": prob,
        "cost_per_participant": cost_per_participant,
    }


def _number(value) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def _participants(text: str) -> int | None:
    """All participants over the cohorts of a calculation in the spec's TOML."""
    if not text:
        return None
    try:
        data = tomllib.loads(text)
    except (tomllib.TOMLDecodeError, TypeError):
        return None
    cohorts = data.get("participants")
    if not isinstance(cohorts, list):
        return None
    total = sum(c for c in cohorts if isinstance(c, int) and c >= 0)
    return total or None


# --- the risk spread against the policy ------------------------------------------------

# The sentences for the core's problems (socinv.core.portfolio.check_risk_policy)
_BREACHES = {
    "risk_share_above_max": gettext_lazy(
        "%(class)s would be %(share)s of the committed money; the fund's policy allows at most %(max)s."
    ),
    "risk_share_below_min": gettext_lazy(
        "%(class)s would be %(share)s of the committed money; the fund's policy asks for at least %(min)s."
    ),
}


def _label(risk_class: str) -> str:
    return str(dict(Project.RiskClass.choices).get(risk_class, gettext("Not classed")))


def _shares(spread: dict[str, int], bounds: Bounds, steered: bool) -> dict[str, policy.ClassShare]:
    """The core's row per risk class; the unclassed row always, with nothing in it when no
    money is unclassed (the table shows it when the other side of the table has some)."""
    rows = {r.risk_class: r for r in policy.class_shares(spread, bounds, steered=steered)}
    total = sum(spread.values())
    empty = policy.ClassShare(policy.UNCLASSED, 0, policy.share_of(0, total), None, False)
    rows.setdefault(policy.UNCLASSED, empty)
    return rows


def spread_rows(
    before: dict[str, int],
    bounds: Bounds,
    *,
    steered: bool,
    after: dict[str, int] | None = None,
) -> list[dict]:
    """One row per risk class: committed money and share (before and, with ``after``,
    after a proposed commitment), the policy's bounds and whether each share is outside
    them (only when the fund steers the spread; :mod:`socinv.core.portfolio` decides)."""
    now = _shares(before, bounds, steered)
    later = _shares(after, bounds, steered) if after is not None else {}
    sides = [now, later] if after is not None else [now]
    unclassed = any(side[policy.UNCLASSED].amount_ore for side in sides)
    keys = [*policy.RISK_CLASSES, *([policy.UNCLASSED] if unclassed else [])]
    rows = []
    for key in keys:
        row = now[key]
        rows.append(
            {
                "key": key,
                "label": _label(key),
                "amount": row.amount_ore,
                "share": row.share,
                "bound": row.bound,
                "min_share": row.bound.min_share if row.bound else None,
                "max_share": row.bound.max_share if row.bound else None,
                "outside": row.outside,
            }
        )
        if after is not None:
            rows[-1].update(
                amount_after=later[key].amount_ore,
                share_after=later[key].share,
                outside_after=later[key].outside,
            )
    return rows


def breach_warnings(spread: dict[str, int], bounds: Bounds, *, steered: bool) -> list[str]:
    """Plain-language sentences, one per risk class of ``spread`` outside its bounds."""
    out = []
    for problem in policy.check_risk_policy(spread, bounds, steered=steered):
        values = problem.params
        sentence = str(_BREACHES[problem.code]) % {
            "class": _label(values["risk_class"]).lower(),
            "share": percent(values["share"], 0),
            "min": percent(values["min_share"], 0),
            "max": percent(values["max_share"], 0),
        }
        out.append(sentence[:1].upper() + sentence[1:])
    return out


# --- the portfolio -------------------------------------------------------------------


@dataclass
class PortfolioRow:
    project: Project
    committed: int
    disbursed: int
    figures: dict
    boards: list = field(default_factory=list)

    @property
    def npv_values(self) -> list[float | None]:
        """Expected NPV per perspective (the plain NPV where no expectation is given)."""
        exp, npv = self.figures["expected_npv"], self.figures["npv"]
        return [exp[p] if exp[p] is not None else npv[p] for p in PERSPECTIVES]


@dataclass
class Portfolio:
    fund: Fund
    rows: list[PortfolioRow]
    spread_rows: list[dict]
    steered: bool
    total_committed: int
    available: int
    bounds: Bounds
    spread: dict[str, int]

    @property
    def warning(self) -> bool:
        return any(r["outside"] for r in self.spread_rows)


def portfolio(
    fund: Fund,
    *,
    phase: str = "",
    type: str = "",
    risk_class: str = "",
    board=None,
) -> Portfolio:
    """All the fund's projects (filtered) with their money and calculation figures, and
    the fund's risk spread (always over every project) against its bounds. Seven queries."""
    steered = fund.risk_policy == Fund.RiskPolicy.STEERED
    balances = fund_selectors.fund_balances(fund)
    spread = fund_selectors.risk_spread(fund, balances)
    bounds = fund_selectors.policy_bounds(fund)
    qs = Project.objects.filter(fund=fund).prefetch_related("responsible_boards")
    if phase:
        qs = qs.filter(phase=phase)
    if type:
        qs = qs.filter(type=type)
    if risk_class == "none":
        qs = qs.filter(risk_class="")
    elif risk_class:
        qs = qs.filter(risk_class=risk_class)
    if board is not None:
        qs = qs.filter(responsible_boards=board)
    empty = Totals()
    rows = []
    for p in qs.order_by("title", "pk"):
        totals = balances.by_project.get(p.pk, empty)
        rows.append(
            PortfolioRow(
                project=p,
                committed=totals.committed,
                disbursed=totals.disbursements,
                figures=calculation_figures(p),
                boards=sorted(b.name for b in p.responsible_boards.all()),
            )
        )
    return Portfolio(
        fund=fund,
        rows=rows,
        spread_rows=spread_rows(spread, bounds, steered=steered),
        steered=steered,
        total_committed=sum(spread.values()),
        available=balances.available,
        bounds=bounds,
        spread=spread,
    )


# --- the review's portfolio preview -------------------------------------------------------


def budget_years(project: Project) -> dict[int, int] | None:
    """The application's budget per year (öre), or ``None`` when the project has no
    application or its budget is empty."""
    years: dict[int, int] = {}
    rows = BudgetYear.objects.filter(application__project=project).values_list("year", "amount_ore")
    for year, amount in rows:
        years[year] = years.get(year, 0) + amount
    return {y: a for y, a in sorted(years.items()) if a > 0} or None


@dataclass
class Preview:
    project: Project
    risk_class: str
    amount_ore: int | None
    amount_source: str  # "budget", "review" or ""
    available: int
    rows: list[dict]
    steered: bool
    warnings: list[str]
    comparison: list[PortfolioRow]
    bounds: Bounds
    before: dict[str, int]
    after: dict[str, int]

    @property
    def risk_class_label(self) -> str:
        return str(dict(Project.RiskClass.choices).get(self.risk_class, ""))

    @property
    def exceeds_available(self) -> bool:
        return self.amount_ore is not None and self.amount_ore > self.available

    @property
    def total_before(self) -> int:
        return sum(self.before.values())

    @property
    def total_after(self) -> int:
        return sum(self.after.values())


def portfolio_preview(
    project: Project, *, risk_class: str | None = None, amount_ore: int | None = None
) -> Preview:
    """The fund's risk spread by committed money before and after committing this
    project's proposed amount in ``risk_class`` (default: the project's class), against
    the policy's bounds; the money available; this project beside the others.

    The proposed amount is the application's budget (sum over years) when there is one,
    else ``amount_ore``, else the amount of the latest review."""
    fund = project.fund
    budget = budget_years(project)
    source = ""
    if budget:
        amount_ore, source = sum(budget.values()), "budget"
    elif amount_ore is not None:
        source = "review"
    else:
        latest = Review.objects.filter(project=project).order_by("-reviewed_at", "-pk").first()
        if latest and latest.amount_ore:
            amount_ore, source = latest.amount_ore, "review"
    risk_class = risk_class if risk_class is not None else project.risk_class
    whole = portfolio(fund)
    before = dict(whole.spread)
    # this project's own commitments so far sit in its stored class; the preview moves
    # them to the proposed class with the new amount
    own = next((r.committed for r in whole.rows if r.project.pk == project.pk), 0)
    after = policy.spread_with(before, project.risk_class or "", -own) if own else dict(before)
    after = policy.spread_with(after, risk_class or "", own + (amount_ore or 0))
    after = {k: v for k, v in after.items() if v or k in before}
    rows = spread_rows(before, whole.bounds, steered=whole.steered, after=after)
    warnings = breach_warnings(after, whole.bounds, steered=whole.steered) if amount_ore else []
    if amount_ore and amount_ore > whole.available:
        warnings.insert(
            0,
            gettext(
                "The project asks for %(amount)s, but only %(available)s is available to commit in the fund."
            )
            % {"amount": ore_to_text(amount_ore), "available": ore_to_text(whole.available)},
        )
    return Preview(
        project=project,
        risk_class=risk_class or "",
        amount_ore=amount_ore,
        amount_source=source,
        available=whole.available,
        rows=rows,
        steered=whole.steered,
        warnings=warnings,
        comparison=whole.rows,
        bounds=whole.bounds,
        before=before,
        after=after,
    )


# --- reviews and decisions ---------------------------------------------------------------


def active_questions(fund: Fund) -> list[ChecklistQuestion]:
    return list(ChecklistQuestion.objects.filter(fund=fund, active=True).order_by("order", "pk"))


def latest_review(project: Project) -> Review | None:
    return (
        Review.objects.filter(project=project)
        .select_related("reviewed_by")
        .prefetch_related("answers")
        .order_by("-reviewed_at", "-pk")
        .first()
    )


def granting_decision(project: Project) -> Decision | None:
    """The decision that granted the project its money: the approval (a project is
    approved at most once, a database constraint), or ``None``. The one meaning of "the
    decision" for the memo, the follow-up report, the phases, the savings and the API."""
    return (
        Decision.objects.filter(project=project, outcome=Decision.Outcome.APPROVED)
        .select_related("board", "decided_by")
        .prefetch_related("years")
        .first()
    )


def decisions_of(project: Project) -> list[Decision]:
    return list(
        Decision.objects.filter(project=project)
        .select_related("board", "decided_by")
        .prefetch_related("years")
        .order_by("-decided_at", "-pk")
    )


def chart_svg(spread: dict[str, int], bounds: Bounds, lang: str) -> str:
    """The risk spread chart (:func:`socinv.io.charts.risk_spread_svg`) against the bounds."""
    by_class = {key: (b.min_share, b.max_share) for key, b in bounds.items()}
    return risk_spread_svg(spread, by_class, lang)


def granting_decisions(projects) -> dict[int, Decision]:
    """Project id → its granting decision (:func:`granting_decision`) for many projects at
    once: two queries (the decisions and their years), however many projects."""
    found: dict[int, Decision] = {}
    for decision in (
        Decision.objects.filter(project__in=projects, outcome=Decision.Outcome.APPROVED)
        .select_related("board", "decided_by")
        .prefetch_related("years")
        .order_by("project_id", "-decided_at", "-pk")
    ):
        found.setdefault(decision.project_id, decision)
    return found
