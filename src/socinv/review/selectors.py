"""Reads for review, decisions and the portfolio. Every function runs a fixed number of
queries, however many projects the fund has (balances come from
:func:`socinv.fund.selectors.fund_balances`, never per project)."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field

from django.utils.translation import gettext

from socinv.fund import selectors as fund_selectors
from socinv.fund.models import Fund, RiskBound
from socinv.projects.models import Project
from socinv.web.templatetags.socinv_format import ore_to_text, percent

from .models import ChecklistQuestion, Decision, Review

PERSPECTIVES = ["municipal", "public", "societal"]
RISK_CLASSES = [c.value for c in Project.RiskClass]
_EPS = 1e-9


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


def spread_rows(
    fund: Fund, before: dict[str, int], bounds: list[RiskBound], after: dict[str, int] | None = None
) -> list[dict]:
    """One row per risk class: committed money and share (before and, with ``after``,
    after a proposed commitment), the policy's bounds and whether each share is outside
    them (only when the fund steers the spread)."""
    steered = fund.risk_policy == Fund.RiskPolicy.STEERED
    by_class = {b.risk_class: b for b in bounds}
    labels = dict(Project.RiskClass.choices)
    total_before = sum(before.values())
    total_after = sum((after or {}).values())
    rows = []
    for key in [*RISK_CLASSES, ""]:
        amount = before.get(key, 0)
        amount_after = (after or {}).get(key, 0)
        if key == "" and not amount and not amount_after:
            continue
        bound = by_class.get(key)
        share = amount / total_before if total_before > 0 else None
        row = {
            "key": key,
            "label": str(labels.get(key, gettext("Not classed"))),
            "amount": amount,
            "share": share,
            "bound": bound,
            "min_share": bound.min_share if bound else None,
            "max_share": bound.max_share if bound else None,
            "outside": steered and _outside(share, bound),
        }
        if after is not None:
            share_after = amount_after / total_after if total_after > 0 else None
            row.update(
                amount_after=amount_after,
                share_after=share_after,
                outside_after=steered and _outside(share_after, bound),
            )
        rows.append(row)
    return rows


def _outside(share: float | None, bound: RiskBound | None) -> bool:
    if share is None or bound is None:
        return False
    return not (bound.min_share - _EPS <= share <= bound.max_share + _EPS)


def breach_warnings(rows: list[dict], *, key: str = "share_after", flag: str = "outside_after"):
    """Plain-language sentences, one per risk class outside its bounds."""
    out = []
    for row in rows:
        if not row.get(flag):
            continue
        share, bound = row[key], row["bound"]
        values = {
            "class": row["label"].lower(),
            "share": percent(share, 0),
            "min": percent(bound.min_share, 0),
            "max": percent(bound.max_share, 0),
        }
        if share > bound.max_share:
            text = gettext(
                "%(class)s would be %(share)s of the committed money; the fund's policy allows at most %(max)s."
            )
        else:
            text = gettext(
                "%(class)s would be %(share)s of the committed money; the fund's policy asks for at least %(min)s."
            )
        sentence = text % values
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
    bounds: list[RiskBound]
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
    balances = fund_selectors.fund_balances(fund)
    spread = fund_selectors.risk_spread(fund, balances)
    bounds = list(fund.risk_bounds.all())
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
    empty = fund_selectors.Totals()
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
        spread_rows=spread_rows(fund, spread, bounds),
        steered=fund.risk_policy == Fund.RiskPolicy.STEERED,
        total_committed=sum(spread.values()),
        available=balances.available,
        bounds=bounds,
        spread=spread,
    )


# --- the review's portfolio preview -------------------------------------------------------


def budget_years(project: Project) -> dict[int, int] | None:
    """The application's budget per year (öre) when the applications app has one for this
    project, else ``None``. Imported lazily: the review works without that app."""
    try:
        from socinv.applications.models import BudgetYear  # type: ignore[attr-defined]
    except ImportError:
        return None
    for lookup in ("application__project", "project"):
        try:
            rows = list(
                BudgetYear.objects.filter(**{lookup: project}).values_list("year", "amount_ore")
            )
        except Exception:  # noqa: BLE001 - another shape of the model: try the next lookup
            continue
        if rows:
            years: dict[int, int] = {}
            for year, amount in rows:
                years[int(year)] = years.get(int(year), 0) + int(amount or 0)
            return {y: a for y, a in sorted(years.items()) if a > 0} or None
        return None
    return None


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
    bounds: list[RiskBound]
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
    after = dict(before)
    if own:
        stored = project.risk_class or ""
        after[stored] = after.get(stored, 0) - own
    after[risk_class or ""] = after.get(risk_class or "", 0) + own + (amount_ore or 0)
    after = {k: v for k, v in after.items() if v or k in before}
    rows = spread_rows(fund, before, whole.bounds, after)
    warnings = breach_warnings(rows) if amount_ore else []
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


def decisions_of(project: Project) -> list[Decision]:
    return list(
        Decision.objects.filter(project=project)
        .select_related("board", "decided_by")
        .prefetch_related("years")
        .order_by("-decided_at", "-pk")
    )


def chart_svg(spread: dict[str, int], bounds: list[RiskBound], lang: str) -> str | None:
    """The risk spread chart from :mod:`socinv.io.charts` when that module exists (it is
    optional here: the page always has the table)."""
    try:
        from socinv.io.charts import risk_spread_svg  # type: ignore[import-not-found]
    except ImportError:
        return None
    by_class = {b.risk_class: (b.min_share, b.max_share) for b in bounds}
    try:
        svg = risk_spread_svg(spread, by_class, lang)
    except Exception:  # noqa: BLE001 - a chart must never break the page
        return None
    return svg if isinstance(svg, str) and "<svg" in svg else None
