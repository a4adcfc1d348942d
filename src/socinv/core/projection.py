"""The fund projection (fondprognos): the contract is shared/spec/projection.md.

A Monte Carlo over the whole portfolio, from the ledger as it stands at a date ``D`` and
each project's saved calculation. Pure: the standard library and numpy only, so the CLI,
the pages, the API and the workbook all show this one computation.

What the spec leaves open, decided here (docs/projection.md says the same in words):

* Amounts are kronor (floats). ``FundInput`` carries the ledger's totals at ``D``; the
  Django side (``socinv.projection.selectors``) gathers them.
* **Repayments include a write-down borne by the board**: the board repays what is left
  from its budget frame in the window's last year (*återföringsskyldig oavsett
  projektutfall*), so the money comes back to the fund (available to commit and money in
  the fund rise). ``write_downs.board`` shows how much of the repayments that is;
  ``write_downs.central`` is the fund's loss.
* Future pay-outs add to the receivable of the project's paying board
  (``ProjectInput.pay_out_board``, by default its first board) in their year, before that
  year's repayment.
* The repayment window ends (savings) in the calculation's last year, (depreciation) in
  the period's last year, and never before the year of the project's last pay-out nor
  before ``D``'s year (a window already over is written down in ``D``'s year). A savings
  project without a calculation has no window: nothing is repaid or written down, the
  receivable stays open.
* ``prob_receivable_repaid``: the share of draws in which the project's receivable (what
  its boards owe plus what is still to be paid out) is repaid in full, within 0.005 kr,
  by the window's end within the horizon, without a write-down. Under the budget model
  there are no receivables and the mapping is empty.
* Each project draws from its own stream (``numpy.random.SeedSequence(seed).spawn``): the
  same seed and input give the same output, and adding a project does not change the
  draws of the others.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import numpy as np

from .calc.evaluate import cases_per_participant
from .calc.model import Calculation, Outcome, Param
from .calc.montecarlo import drawer
from .limits import (
    DEFAULT_PROJECTION_DRAWS,
    DEFAULT_PROJECTION_YEARS,
    MAX_PROJECTION_DRAWS,
    MAX_PROJECTION_YEARS,
    MAX_SEED,
    MIN_PROJECTION_DRAWS,
    MIN_PROJECTION_YEARS,
    MIN_SEED,
)
from .problems import Problem

__all__ = [
    "BOARD",
    "CENTRAL",
    "DEPRECIATION",
    "SAVINGS",
    "BoardPart",
    "FundInput",
    "ProjectInput",
    "ProjectPaths",
    "ProjectionError",
    "check_projection",
    "project_paths",
    "projection",
]

SAVINGS = "savings"
DEPRECIATION = "depreciation"
CENTRAL = "central"
BOARD = "board"
_SPAN = "\0span"  # the key of (first, end) of the projection years with savings
TOLERANCE = 0.005  # kr: a receivable this small is repaid (as calculation.md's repaid_by_year)
PERCENTILES = (5, 50, 95)


@dataclass(frozen=True)
class BoardPart:
    """One board's part in a project.

    ``receivable``: what the board owes the fund as the ledger stands at ``D`` (kr);
    ``base``: the amount a depreciation plan is drawn on (kr; 0: the receivable plus the
    pay-outs still to come to this board); ``stakeholder``: the calculation's stakeholder
    id whose local value flows are this board's savings (None: no savings)."""

    board: str
    receivable: float = 0.0
    base: float = 0.0
    stakeholder: str | None = None


@dataclass(frozen=True)
class ProjectInput:
    id: str
    boards: tuple[BoardPart, ...]
    calculation: Calculation | None = None
    to_pay_out: tuple[tuple[int, float], ...] = ()  # (calendar year, kr) still to be paid out
    pay_out_board: str | None = None  # None: the first board
    method: str = SAVINGS
    share: float = 1.0
    period: int | None = None
    start_year: int | None = None  # the first calendar year of repayment (None: from the start)
    bearer: str = CENTRAL

    @property
    def success_probability(self) -> float:
        return self.calculation.success_probability if self.calculation is not None else 1.0

    @property
    def paying_board(self) -> str | None:
        if self.pay_out_board is not None:
            return self.pay_out_board
        return self.boards[0].board if self.boards else None


@dataclass(frozen=True)
class FundInput:
    """The fund as the ledger stands at ``as_of`` (amounts in kr) and its settings."""

    as_of: datetime.date
    available: float
    contributions: float = 0.0
    repayments: float = 0.0
    disbursements: float = 0.0
    central_write_downs: float = 0.0
    contribution_plan: tuple[tuple[int, float], ...] = ()  # (calendar year, kr still to come)
    budget_model: bool = False
    board_names: Mapping[str, str] = field(default_factory=dict)
    projects: tuple[ProjectInput, ...] = ()
    fund: int | str = ""

    @property
    def money(self) -> float:
        """Money in the fund at ``D`` as the spec defines it."""
        return self.contributions + self.repayments - self.disbursements - self.central_write_downs


class ProjectionError(ValueError):
    """The options are outside their limits (``problems``, never empty)."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__(", ".join(f"{p.field}: {p.code}" for p in problems))


def check_projection(years, draws, seed) -> list[Problem]:
    """The problems of a projection's options (codes ``not_integer``, ``too_small``,
    ``too_large``; fields ``years``, ``draws``, ``seed``)."""
    problems = []
    for name, value, low, high in (
        ("years", years, MIN_PROJECTION_YEARS, MAX_PROJECTION_YEARS),
        ("draws", draws, MIN_PROJECTION_DRAWS, MAX_PROJECTION_DRAWS),
        ("seed", seed, MIN_SEED, MAX_SEED),
    ):
        if isinstance(value, bool) or not isinstance(value, int | np.integer):
            problems.append(Problem("not_integer", name, {"got": value}))
        elif value < low:
            problems.append(Problem("too_small", name, {"minimum": low, "got": value}))
        elif value > high:
            problems.append(Problem("too_large", name, {"maximum": high, "got": value}))
    return problems


# -- savings -------------------------------------------------------------------------------


def _central(p: Param) -> float:
    return p.central


def _local_profile(o: Outcome, cohorts: list[int], T: int, drop, leave) -> np.ndarray:
    """Σ_c n_c (1 − drop_off)^k (1 − out_migration)^(t − c), k = t − c − lag < duration,
    per year t (shape (T,) for certain rates, (n, T) for drawn ones)."""
    K = min(o.duration, T)
    weights = np.zeros((K, T))  # weights[k, t] = n_(t − lag − k)
    for k in range(K):
        for t in range(o.lag + k, T):
            c = t - o.lag - k
            if c < len(cohorts):
                weights[k, t] = cohorts[c]
    stay = 1.0 - np.asarray(leave, dtype=float)
    x = (1.0 - np.asarray(drop, dtype=float)) * stay
    if x.ndim == 0:
        return float(stay) ** o.lag * ((x ** np.arange(K)) @ weights)
    stay = np.broadcast_to(stay, x.shape)
    return (stay**o.lag)[:, None] * (np.power.outer(x, np.arange(K, dtype=float)) @ weights)


def _savings(
    calc: Calculation,
    stakeholders: set[str],
    years: range,
    n: int,
    rng: np.random.Generator | None,
    success,
) -> dict[str, np.ndarray]:
    """Stakeholder → its local value flows (all kinds) per projection year, shape (H, n)
    (n = 1 on the central path, rng None); ``success`` (a vector of 0/1 or the success
    probability) multiplies them."""
    T = calc.horizon
    cohorts = calc.cohorts()
    # the projection years inside the calculation's 0 … T − 1 (a contiguous run)
    ts = [y - calc.start_year for y in years]
    j0 = next((j for j, t in enumerate(ts) if 0 <= t < T), None)
    if j0 is None:
        return {}
    j1 = j0 + sum(1 for t in ts if 0 <= t < T)
    t0, t1 = ts[j0], ts[j0] + (j1 - j0)
    certain: dict[str, tuple[list, list]] = {s: ([], []) for s in stakeholders}
    drawn_profiles: dict[str, list] = {s: [] for s in stakeholders}
    for o in calc.outcomes:
        get = _central if rng is None else drawer(rng, n)
        q = cases_per_participant(o, get)
        drop = get(o.drop_off)
        leave = get(o.out_migration)
        profiles = {}
        sums: dict[tuple[str, bool], object] = {}
        for v in o.values:
            amount = get(v.amount)  # drawn for every line, in file order
            if v.stakeholder not in stakeholders:
                continue
            municipal = calc.stakeholder(v.stakeholder).municipal
            if municipal not in profiles:
                profile = _local_profile(o, cohorts, T, drop, leave if municipal else 0.0)
                profiles[municipal] = profile[..., t0:t1]
            key = (v.stakeholder, municipal)
            sums[key] = amount if key not in sums else sums[key] + amount
        for (sid, municipal), amount in sums.items():
            # the lines of one outcome and stakeholder share its profile: one term
            coef = np.broadcast_to(np.asarray(q * amount * success, dtype=float), (n,))
            profile = profiles[municipal]
            if profile.ndim == 1:
                certain[sid][0].append(profile)
                certain[sid][1].append(coef)
            else:
                drawn_profiles[sid].append((profile, coef))
    out = {}
    for sid in stakeholders:
        profiles, coefs = certain[sid]
        if not profiles and not drawn_profiles[sid]:
            continue
        acc = np.zeros((len(years), n))
        if profiles:  # (years × k) @ (k × n): one product for every certain profile
            acc[j0:j1] = np.stack(profiles, axis=1) @ np.stack(coefs)
        for profile, coef in drawn_profiles[sid]:
            acc[j0:j1] += (profile * coef[:, None]).T
        out[sid] = acc
    out[_SPAN] = (j0, j1)
    return out


# -- one project ---------------------------------------------------------------------------


class _Sink:
    """Where projects' paths are added up, arrays of shape (H, n): per board what it
    repays from savings or instalments and what it repays from its frame at the window's
    end (a board-borne write-down), and the central write-downs."""

    def __init__(self, H: int, n: int):
        self.H, self.n = H, n
        self.repaid: dict[str, np.ndarray] = {}
        self.board_wd: dict[str, np.ndarray] = {}
        self.central_wd = np.zeros((H, n))

    def of(self, table: dict[str, np.ndarray], board: str) -> np.ndarray:
        a = table.get(board)
        if a is None:
            a = table[board] = np.zeros((self.H, self.n))
        return a


@dataclass
class ProjectPaths:
    """One project's paths, arrays of shape (H, n) (n = 1 when nothing is drawn): per
    board the repayments (``repaid``: from savings or instalments; ``board_written_down``:
    what the board repays from its frame at the window's end), and the central
    write-downs; ``paid_out`` (H,) is deterministic; ``repaid_in_full`` (n,) bool."""

    repaid: dict[str, np.ndarray]
    board_written_down: dict[str, np.ndarray]
    central_written_down: np.ndarray
    paid_out: np.ndarray
    repaid_in_full: np.ndarray
    total_owed: float  # the receivable plus what is still to be paid out within the horizon
    window_end: int | None  # the calendar year of the write-down, when within the horizon


def _window_end(p: ProjectInput, y0: int) -> int | None:
    if p.method == DEPRECIATION:
        if p.period is None or p.start_year is None:
            return None
        end = p.start_year + p.period - 1
    elif p.calculation is not None:
        end = p.calculation.start_year + p.calculation.horizon - 1
    else:
        return None
    last_pay_out = max((y for y, a in p.to_pay_out if a > 0), default=y0)
    return max(end, last_pay_out, y0)


def _paid_out(p: ProjectInput, y0: int, H: int) -> np.ndarray:
    paid_out = np.zeros(H)
    for y, amount in p.to_pay_out:
        j = max(y, y0) - y0
        if j < H:
            paid_out[j] += amount
    return paid_out


def is_drawn(p: ProjectInput) -> bool:
    """Whether the project's paths differ between draws (savings from a calculation with
    a success probability below 1 or a distribution); else one path serves every draw."""
    calc = p.calculation
    return (
        p.method == SAVINGS
        and calc is not None
        and bool(p.boards)
        and (calc.success_probability < 1.0 or _has_distributions(calc))
    )


def _simulate(
    p: ProjectInput, y0: int, paid_out: np.ndarray, rng: np.random.Generator | None, sink: _Sink
) -> tuple[np.ndarray, float, int | None]:
    """Add the project's paths to ``sink`` (``rng`` None: the central path); returns
    (repaid in full per draw, the total owed, the window's end within the horizon)."""
    H, m = sink.H, sink.n
    years = range(y0, y0 + H)
    payer = p.paying_board
    calc = p.calculation
    savings: dict[str, np.ndarray] = {}
    if p.method == SAVINGS and calc is not None:
        sids = {b.stakeholder for b in p.boards if b.stakeholder is not None}
        if rng is not None and m > 1:
            success = 1.0
            if calc.success_probability < 1.0:
                success = (rng.random(m) < calc.success_probability).astype(float)
            savings = _savings(calc, sids, years, m, rng, success)
        else:
            savings = _savings(calc, sids, years, 1, None, calc.success_probability)
    j0, j1 = savings.pop(_SPAN, (0, 0))
    end = _window_end(p, y0)
    start = p.start_year if p.start_year is not None else (calc.start_year if calc else y0)
    left_total = np.zeros(m)
    total_owed = 0.0
    tmp = np.empty(m)
    for b in p.boards:
        rec = np.full(m, float(b.receivable))
        owed = float(b.receivable) + (float(paid_out.sum()) if b.board == payer else 0.0)
        total_owed += owed
        base = b.base if b.base > 0 else owed
        paid = sink.of(sink.repaid, b.board)
        s = savings.get(b.stakeholder) if b.stakeholder is not None else None
        for j, y in enumerate(years):
            if b.board == payer and paid_out[j]:
                rec += paid_out[j]
            if end is not None and y > end:
                break
            if y >= start:
                if p.method == DEPRECIATION:
                    if p.period and y < start + p.period:
                        np.minimum(rec, base / p.period, out=tmp)
                        paid[j] += tmp
                        rec -= tmp
                elif s is not None and j0 <= j < j1:
                    np.maximum(s[j], 0.0, out=tmp)
                    tmp *= p.share
                    np.minimum(tmp, rec, out=tmp)
                    paid[j] += tmp
                    rec -= tmp
            if y == end:
                left_total += rec
                if p.bearer == BOARD:
                    sink.of(sink.board_wd, b.board)[j] += rec
                else:
                    sink.central_wd[j] += rec
                rec = np.zeros(m)
        if end is None or end >= y0 + H:
            left_total += rec
    return (
        left_total <= TOLERANCE * len(p.boards),
        total_owed,
        end if end is not None and end < y0 + H else None,
    )


def project_paths(
    p: ProjectInput,
    y0: int,
    H: int,
    n: int,
    rng: np.random.Generator | None,
    *,
    budget_model: bool = False,
) -> ProjectPaths:
    """One project over the years ``y0 … y0 + H − 1``: ``rng`` None is the central path
    (central values, savings × success probability), else ``n`` draws."""
    paid_out = _paid_out(p, y0, H)
    boards = [b.board for b in p.boards]
    if budget_model or not boards:
        zero = np.zeros((H, 1))
        none = np.zeros(1, dtype=bool)
        return ProjectPaths(
            {b: zero for b in boards}, {b: zero for b in boards}, zero, paid_out, none, 0.0, None
        )
    sink = _Sink(H, n if rng is not None and is_drawn(p) else 1)
    for b in boards:
        sink.of(sink.repaid, b)
        sink.of(sink.board_wd, b)
    full, owed, end = _simulate(p, y0, paid_out, rng, sink)
    return ProjectPaths(sink.repaid, sink.board_wd, sink.central_wd, paid_out, full, owed, end)


def _has_distributions(calc: Calculation) -> bool:
    for o in calc.outcomes:
        params = [
            o.baseline_rate,
            o.relative_effect,
            o.cases_per_participant,
            o.drop_off,
            o.deadweight,
            o.attribution,
            o.displacement,
            o.out_migration,
            *(v.amount for v in o.values),
        ]
        if any(q is not None and q.uncertain for q in params):
            return True
    return False


# -- the fund ------------------------------------------------------------------------------


def _run(fund: FundInput, H: int, n: int, seed: int | None) -> dict:
    """Every path of the fund: arrays of shape (H, n) (n = 1 and seed None: the central path).

    Projects whose paths do not differ between draws are added up once, in a sink of one
    draw, and broadcast at the end."""
    y0 = fund.as_of.year
    years = range(y0, y0 + H)
    streams = np.random.SeedSequence(seed).spawn(len(fund.projects)) if seed is not None else None
    contributions = np.zeros(H)
    for y, amount in fund.contribution_plan:
        if y0 <= y < y0 + H:
            contributions[y - y0] += amount
    disbursements = np.zeros(H)
    drawn_sink, same_sink = _Sink(H, n), _Sink(H, 1)
    prob: dict[str, float] = {}
    for i, p in enumerate(fund.projects):
        paid_out = _paid_out(p, y0, H)
        disbursements += paid_out
        if fund.budget_model or not p.boards:
            continue
        if streams is not None and n > 1 and is_drawn(p):
            full, _owed, _end = _simulate(
                p, y0, paid_out, np.random.default_rng(streams[i]), drawn_sink
            )
        else:
            full, _owed, _end = _simulate(p, y0, paid_out, None, same_sink)
        prob[p.id] = float(np.mean(full))
    by_board: dict[str, np.ndarray] = {}
    board_wd = np.zeros((H, n))
    for sink in (drawn_sink, same_sink):
        for b, a in sink.repaid.items():
            drawn_sink.of(by_board, b)[...] += a
        for b, a in sink.board_wd.items():
            drawn_sink.of(by_board, b)[...] += a
            board_wd += a
    central_wd = drawn_sink.central_wd + same_sink.central_wd
    repayments = np.zeros((H, n))
    for acc in by_board.values():
        repayments += acc
    available = fund.available + np.cumsum(contributions[:, None] + repayments, axis=0)
    money = fund.money + np.cumsum(
        contributions[:, None] + repayments - disbursements[:, None] - central_wd, axis=0
    )
    return {
        "years": list(years),
        "contributions": contributions,
        "disbursements": disbursements,
        "repayments": repayments,
        "by_board": by_board,
        "central_wd": central_wd,
        "board_wd": board_wd,
        "available": available,
        "money": money,
        "prob": prob,
    }


def _band(x: np.ndarray, keys=("mean", "p05", "p50", "p95")) -> dict[str, list[float]]:
    q = np.percentile(x, PERCENTILES, axis=1)
    values = {"mean": x.mean(axis=1), "p05": q[0], "p50": q[1], "p95": q[2]}
    return {k: [float(v) for v in values[k]] for k in keys}


def projection(
    fund: FundInput,
    *,
    years: int = DEFAULT_PROJECTION_YEARS,
    draws: int = DEFAULT_PROJECTION_DRAWS,
    seed: int = 0,
    progress: Callable[[int, int], None] | None = None,
) -> dict:
    """The spec's JSON output (amounts in kr, unrounded floats, one value per year).

    Raises :class:`ProjectionError` for options outside their limits."""
    problems = check_projection(years, draws, seed)
    if problems:
        raise ProjectionError(problems)
    central = _run(fund, years, 1, None)
    run = _run(fund, years, draws, seed) if draws > 0 else central
    if progress is not None:
        progress(draws, draws)
    rep_keys = ("mean", "p05", "p95")
    money_used_up = None
    if fund.budget_model:
        down = np.flatnonzero(central["money"][:, 0] <= TOLERANCE)
        money_used_up = int(central["years"][down[0]]) if down.size else None
    names = fund.board_names
    return {
        "fund": fund.fund,
        "as_of": fund.as_of.isoformat(),
        "years": run["years"],
        "draws": draws,
        "seed": seed,
        "available": _band(run["available"]),
        "fund_money": _band(run["money"]),
        "disbursements": [float(v) for v in run["disbursements"]],
        "contributions": [float(v) for v in run["contributions"]],
        "repayments": {
            "total": _band(run["repayments"], rep_keys),
            "by_board": {
                b: {"name": names.get(b, b), **_band(acc, rep_keys)}
                for b, acc in sorted(
                    run["by_board"].items(), key=lambda kv: (names.get(kv[0], kv[0]), kv[0])
                )
            },
        },
        "write_downs": {
            "central": {"mean": [float(v) for v in run["central_wd"].mean(axis=1)]},
            "board": {"mean": [float(v) for v in run["board_wd"].mean(axis=1)]},
        },
        "prob_receivable_repaid": run["prob"],
        "money_used_up_year": money_used_up,
    }
