"""Repayment proposals (återföring) and write-down proposals at closing (nedskrivning).

Pure: standard library only. Money is integer öre.

Under the repayment model (återföringsmodellen) each board that received money for a
project pays the fund back on the project's terms:

* ``share_of_savings``: in each year from the first year of repayment, the share of the
  board's realised saving that year, ``floor(share × max(0, saving))``;
* ``depreciation``: a fixed instalment in each of ``period`` years from the first year,
  ``amount / period``.

Never more than the board still owes (the receivable). Under the budget model nothing is
repaid: every proposal is 0.

Rounding rule (whole öre, never in the fund's favour):

* a share of a saving is rounded *down* to whole öre (the share is applied exactly, as a
  decimal, so 0.8 × 1 500 000,00 kr is exactly 1 200 000,00 kr);
* the depreciation instalment of the k-th year (k = 1 … period) is
  ``floor(amount × k / period) − floor(amount × (k − 1) / period)``: each instalment is
  ``amount / period`` rounded down or up to whole öre, and together they make exactly the
  amount (the öre left over by rounding fall in the later years).

What a year's proposal leaves out: what has already been repaid *for that year* (a
proposal is what remains of the year's due), and what the earlier years' proposals take
from the receivable (a plan over several years is folded in year order, so the proposals
together never exceed the receivable).

Write-downs at closing: the outstanding receivable of each board becomes a write-down
proposal, borne as the fund's rules say (:func:`resolve_bearer`). Who bears it decides what
it is (the report's repayment model, section 2.5; the balances in
:data:`socinv.core.ledger.MOVES`):

* borne by the **board**, the board is *återföringsskyldig oavsett projektutfall*: it pays
  what is left from its budgetram, so the write-down is a ramminskning of the board and the
  money returns to the fund (available to commit rises as for a repayment);
* borne **centrally**, it is the fund's loss: the receivable is cleared and nothing returns.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_FLOOR, Decimal
from enum import StrEnum

from .problems import Problem

__all__ = [
    "Method",
    "Reason",
    "Terms",
    "YearProposal",
    "WriteDownProposal",
    "check_terms",
    "due",
    "instalment",
    "plan",
    "propose",
    "propose_write_down",
    "resolve_bearer",
    "share_of",
]


class Method(StrEnum):
    SHARE_OF_SAVINGS = "share_of_savings"
    DEPRECIATION = "depreciation"


class Reason(StrEnum):
    """Why a proposal is what it is (a stable code; the web layer translates it)."""

    SHARE = "share"  # share × saving
    INSTALMENT = "instalment"  # the depreciation plan's instalment
    BUDGET_MODEL = "budget_model"  # budget model: nothing is repaid
    BEFORE_START = "before_start"  # before the first year of repayment
    AFTER_PERIOD = "after_period"  # after the depreciation period
    NO_SAVING = "no_saving"  # no positive saving recorded for the year
    NOTHING_OWED = "nothing_owed"  # the receivable is 0
    ALREADY_REPAID = "already_repaid"  # the year's due has been repaid
    CAPPED = "capped"  # limited to what is still owed


@dataclass(frozen=True, slots=True)
class Terms:
    """A project's repayment terms.

    ``share`` is a fraction in (0, 1] (share method); ``period`` is in years (depreciation);
    ``start_year`` is the first calendar year with repayment (None: from the first year).
    """

    method: Method = Method.SHARE_OF_SAVINGS
    share: float = 1.0
    period: int | None = None
    start_year: int | None = None

    def __post_init__(self) -> None:
        problems = check_terms(self.method, self.share, self.period, self.start_year)
        if problems:  # a programming error: check_terms first where terms come from outside
            raise ValueError(", ".join(p.code for p in problems))
        object.__setattr__(self, "method", Method(self.method))


def check_terms(
    method: str, share: float | None, period: int | None, start_year: int | None
) -> list[Problem]:
    """Whether these make a project's repayment terms (codes ``terms_method_unknown``,
    ``terms_share_out_of_range``, ``terms_period_missing``, ``terms_start_year_missing``)."""
    if method not in Method._value2member_map_:
        return [Problem("terms_method_unknown", "method", {"method": method})]
    problems = []
    if method == Method.SHARE_OF_SAVINGS and not (share is not None and 0 < share <= 1):
        problems.append(Problem("terms_share_out_of_range", "share", {"share": share}))
    if method == Method.DEPRECIATION:
        if period is None or period < 1:
            problems.append(Problem("terms_period_missing", "period", {"period": period}))
        if start_year is None:
            problems.append(Problem("terms_start_year_missing", "start_year"))
    return problems


@dataclass(frozen=True, slots=True)
class YearProposal:
    year: int
    saving_ore: int  # the realised saving recorded for the year (0: none)
    due_ore: int  # what the terms ask for the year, before what is repaid and owed
    repaid_ore: int  # already repaid for the year
    proposal_ore: int  # what is proposed now
    receivable_before_ore: int
    receivable_after_ore: int  # if the proposal is confirmed in full
    reason: Reason  # a code: the savings app gives it its words


@dataclass(frozen=True, slots=True)
class WriteDownProposal:
    board: str
    amount_ore: int
    bearer: str | None  # central / board; None when the rules give no bearer
    reason: str  # where the bearer comes from: decision / fund / project_type / ...

    @property
    def frame_reduction_ore(self) -> int:
        """What the write-down takes from the board's budgetram and returns to the fund
        (all of it when the board bears it; nothing when the fund does)."""
        return self.amount_ore if self.bearer == "board" else 0

    @property
    def loss_ore(self) -> int:
        """What the fund loses (a central write-down)."""
        return self.amount_ore - self.frame_reduction_ore


def share_of(share: float, saving_ore: int) -> int:
    """``share × max(0, saving)`` rounded down to whole öre (the share taken as written)."""
    if saving_ore <= 0:
        return 0
    exact = Decimal(repr(float(share))) * saving_ore
    return int(exact.to_integral_value(rounding=ROUND_FLOOR))


def instalment(amount_ore: int, period: int, k: int) -> int:
    """The k-th instalment (k = 1 … period) of ``amount_ore`` over ``period`` years."""
    if not 1 <= k <= period or amount_ore <= 0:
        return 0
    return amount_ore * k // period - amount_ore * (k - 1) // period


def due(
    terms: Terms | None, *, budget_model: bool, amount_ore: int, year: int, saving_ore: int
) -> tuple[int, Reason]:
    """What the terms ask of the board for ``year``, and why (before capping)."""
    if budget_model:
        return 0, Reason.BUDGET_MODEL
    terms = terms or Terms()
    if terms.start_year is not None and year < terms.start_year:
        return 0, Reason.BEFORE_START
    if terms.method is Method.DEPRECIATION:
        assert terms.period is not None and terms.start_year is not None
        k = year - terms.start_year + 1
        if k > terms.period:
            return 0, Reason.AFTER_PERIOD
        return instalment(amount_ore, terms.period, k), Reason.INSTALMENT
    if saving_ore <= 0:
        return 0, Reason.NO_SAVING
    return share_of(terms.share, saving_ore), Reason.SHARE


def propose(
    terms: Terms | None,
    *,
    budget_model: bool,
    amount_ore: int,
    year: int,
    saving_ore: int,
    outstanding_ore: int,
    repaid_ore: int = 0,
) -> YearProposal:
    """The repayment proposed for one year.

    ``amount_ore`` is what the board received for the project (the base of a depreciation
    plan); ``outstanding_ore`` is what it still owes now (the receivable); ``repaid_ore``
    what has already been repaid for ``year``.
    """
    outstanding = max(0, outstanding_ore)
    wanted, reason = due(
        terms, budget_model=budget_model, amount_ore=amount_ore, year=year, saving_ore=saving_ore
    )
    proposal = 0
    if wanted > 0:
        remaining = max(0, wanted - max(0, repaid_ore))
        if remaining == 0:
            reason = Reason.ALREADY_REPAID
        elif outstanding == 0:
            reason = Reason.NOTHING_OWED
        else:
            proposal = min(outstanding, remaining)
            if proposal < remaining:
                reason = Reason.CAPPED
    elif outstanding == 0 and reason in (Reason.SHARE, Reason.INSTALMENT):
        reason = Reason.NOTHING_OWED
    return YearProposal(
        year=year,
        saving_ore=saving_ore,
        due_ore=wanted,
        repaid_ore=max(0, repaid_ore),
        proposal_ore=proposal,
        receivable_before_ore=outstanding,
        receivable_after_ore=outstanding - proposal,
        reason=reason,
    )


def plan(
    terms: Terms | None,
    *,
    budget_model: bool,
    amount_ore: int,
    outstanding_ore: int,
    savings: Mapping[int, int],
    repaid: Mapping[int, int] | None = None,
    years: Iterable[int] = (),
) -> list[YearProposal]:
    """The proposals for every year (those with a saving or a repayment, the depreciation
    years when there is an amount to repay, and ``years``), folded in year order: each year's proposal is taken from what
    the earlier years' proposals leave of the receivable."""
    repaid = repaid or {}
    all_years = set(savings) | set(repaid) | set(years)
    t = terms or Terms()
    if not budget_model and t.method is Method.DEPRECIATION and amount_ore > 0:
        assert t.period is not None and t.start_year is not None
        all_years |= set(range(t.start_year, t.start_year + t.period))
    out: list[YearProposal] = []
    outstanding = max(0, outstanding_ore)
    for year in sorted(all_years):
        p = propose(
            terms,
            budget_model=budget_model,
            amount_ore=amount_ore,
            year=year,
            saving_ore=savings.get(year, 0),
            outstanding_ore=outstanding,
            repaid_ore=repaid.get(year, 0),
        )
        out.append(p)
        outstanding = p.receivable_after_ore
    return out


def resolve_bearer(
    *,
    decision_bearer: str = "",
    fund_bearer: str = "central",
    project_type: str = "",
    type_rules: Mapping[str, str] | None = None,
) -> tuple[str | None, str]:
    """Who bears a write-down, and where that comes from.

    The project's decision, when it names a bearer, comes first; then the fund's rule:
    central, board, or by project type (the fund's rule for the project's type). Returns
    ``(None, "no_type_rule")`` when the fund decides by project type and has no rule for
    this type.
    """
    if decision_bearer in ("central", "board"):
        return decision_bearer, "decision"
    if fund_bearer in ("central", "board"):
        return fund_bearer, "fund"
    rule = (type_rules or {}).get(project_type)
    if rule in ("central", "board"):
        return rule, "project_type"
    return None, "no_type_rule"


def propose_write_down(
    receivables: Mapping[str, int],
    *,
    budget_model: bool,
    bearer: str | None,
    bearer_reason: str,
) -> list[WriteDownProposal]:
    """One proposal per board with a positive receivable (none under the budget model);
    each says what is a ramminskning of the board and what is the fund's loss."""
    if budget_model:
        return []
    return [
        WriteDownProposal(board, amount, bearer, bearer_reason)
        for board, amount in receivables.items()
        if amount > 0
    ]
