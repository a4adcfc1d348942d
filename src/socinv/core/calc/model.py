"""Typed, frozen values of one calculation input (spec: shared/spec/calculation.md).

Every numeric field that the spec lets be uncertain is a :class:`Param`: a plain number
or a distribution. The deterministic calculation uses :attr:`Param.central`; the Monte
Carlo run draws from it. Both clip the same way (fractions to [0, 1], counts to >= 0).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from .problems import Problem

PERSPECTIVES = ("municipal", "public", "societal")
# The fields of an outcome and of a cost that may be a distribution (Param), in the spec's order
OUTCOME_PARAMS = (
    "baseline_rate",
    "relative_effect",
    "cases_per_participant",
    "drop_off",
    "deadweight",
    "attribution",
    "displacement",
    "out_migration",
)
COST_PARAMS = ("amount", "amount_per_participant")


class Kind(StrEnum):
    RESOURCE = "resource"
    TRANSFER = "transfer"


class Method(StrEnum):
    SAVINGS = "savings"
    DEPRECIATION = "depreciation"


@dataclass(frozen=True)
class Param:
    """A number that may be uncertain.

    ``dist`` is ``None`` for a plain number (then ``central`` is the number), or one of
    ``"normal"``, ``"triangular"``, ``"uniform"``. ``lo``/``hi`` are the clipping bounds
    applied to the central value and to every draw (``None`` = unbounded).
    """

    central: float
    dist: str | None = None
    mean: float = 0.0
    sd: float = 0.0
    low: float = 0.0
    mode: float = 0.0
    high: float = 0.0
    lo: float | None = None
    hi: float | None = None

    @property
    def uncertain(self) -> bool:
        return self.dist is not None

    @staticmethod
    def fixed(value: float) -> Param:
        return Param(central=float(value))


@dataclass(frozen=True)
class Stakeholder:
    id: str
    name: str
    municipal: bool = False
    public: bool = False


@dataclass(frozen=True)
class Cost:
    label: str
    stakeholder: str
    years: tuple[int, ...]
    amount: Param | None = None
    amount_per_participant: Param | None = None


@dataclass(frozen=True)
class Value:
    stakeholder: str
    amount: Param
    kind: Kind = Kind.RESOURCE


@dataclass(frozen=True)
class Outcome:
    label: str
    values: tuple[Value, ...]
    baseline_rate: Param | None = None
    relative_effect: Param | None = None
    cases_per_participant: Param | None = None
    lag: int = 0
    duration: int = 1
    drop_off: Param = Param(0.0)
    deadweight: Param = Param(0.0)
    attribution: Param = Param(0.0)
    displacement: Param = Param(0.0)
    out_migration: Param = Param(0.0)
    evidence_grade: int | None = None  # 1 … 5 (spec unit-costs.md "Evidence grades")
    evidence_haircut: float = 0.0  # q is multiplied by (1 − haircut); 0 without a grade


@dataclass(frozen=True)
class Repayment:
    stakeholder: str
    amount: float
    method: Method = Method.SAVINGS
    share_of_savings: float = 1.0
    period: int | None = None
    start: int = 0
    internal_rate: float = 0.0


@dataclass(frozen=True)
class UnitCostUse:
    """One reference to the catalogue, resolved (spec unit-costs.md): where it stands, the
    unit cost's own amount and year, the amount indexed to the calculation's price year and
    the quantity's central value."""

    field: str
    id: str
    unit_amount: float
    price_year: int
    indexed_unit_amount: float
    quantity: float
    source: str

    def as_json(self) -> dict:
        return {
            "field": self.field,
            "id": self.id,
            "unit_amount": self.unit_amount,
            "price_year": self.price_year,
            "indexed_unit_amount": self.indexed_unit_amount,
            "quantity": self.quantity,
            "source": self.source,
        }


@dataclass(frozen=True)
class Calculation:
    name: str
    start_year: int
    horizon: int
    discount_rate: float
    stakeholders: tuple[Stakeholder, ...]
    success_probability: float = 1.0
    participants: tuple[int, ...] = ()
    costs: tuple[Cost, ...] = ()
    outcomes: tuple[Outcome, ...] = ()
    repayment: Repayment | None = None
    warnings: tuple[Problem, ...] = ()  # worded by socinv.l10n, like input problems
    price_year: int | None = None  # the prices the amounts are in (None: start_year)
    unit_costs: tuple[UnitCostUse, ...] = ()  # the catalogue references, in file order

    def stakeholder(self, sid: str) -> Stakeholder:
        for s in self.stakeholders:
            if s.id == sid:
                return s
        raise KeyError(sid)

    def cohorts(self) -> list[int]:
        """Cohort sizes for every year index 0 … horizon-1 (0 after the list ends)."""
        return list(self.participants) + [0] * (self.horizon - len(self.participants))
