"""Request and response shapes. Money is integer öre in fields named ``*_ore``."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils.translation import gettext_lazy as _
from ninja import Field, Schema
from pydantic import field_validator

from socinv.core.ledger import Bearer, EntryType
from socinv.core.limits import MAX_ENTRY_ORE, MAX_NOTE, MAX_REJECTION_REASON, MAX_SHORT_TEXT
from socinv.web.api import MAX_ID, ErrorOut, ErrorsOut, FieldError, free_text  # noqa: F401

MAX_AMOUNT_ORE = MAX_ENTRY_ORE  # one ledger entry's bound (socinv.core.limits)


def _no_nul(value: str | None) -> str | None:
    if value is not None and "\x00" in value:
        raise ValueError("must not contain NUL characters")
    return value


# Organisation ---------------------------------------------------------------------------


class OrganisationOut(Schema):
    id: int
    name: str
    kind: str
    org_number: str
    roles: list[str] = Field(description="The roles the requesting user holds here.")


class BoardOut(Schema):
    id: int
    name: str
    code: str


class StakeholderOut(Schema):
    id: int
    key: str
    name: str
    kind: str
    municipal: bool
    public: bool
    board_id: int | None


# Fund -------------------------------------------------------------------------------------


class DecisionOut(Schema):
    body: str
    date: datetime.date | None
    dnr: str


class BalancesOut(Schema):
    """Folded from the effective entries (a reversal and its target both left out)."""

    contributed_ore: int
    committed_ore: int = Field(description="Commitments less releases.")
    released_ore: int
    disbursed_ore: int
    repaid_ore: int
    written_down_ore: int
    available_ore: int = Field(description="Contributions + repayments − net commitments.")
    outstanding_ore: int = Field(description="Net commitments not yet disbursed.")
    receivable_ore: int = Field(description="Disbursed − repaid − written down.")


class FundSummaryOut(Schema):
    id: int
    organisation_id: int
    name: str
    economic_model: str


class RiskBoundOut(Schema):
    risk_class: str
    min_share: float
    max_share: float


class WriteDownRuleOut(Schema):
    project_type: str
    bearer: str


class FundOut(FundSummaryOut):
    period_start: datetime.date | None
    period_end: datetime.date | None
    write_down_bearer: str
    discount_rate: float
    internal_rate: float
    decision: DecisionOut
    civil_society_may_apply: bool
    min_boards: int
    risk_policy: str
    risk_bounds: list[RiskBoundOut]
    write_down_rules: list[WriteDownRuleOut]
    entry_count: int
    balances: BalancesOut


class ProjectBalancesOut(BalancesOut):
    project_id: int
    title: str


class BoardBalancesOut(BalancesOut):
    board_id: int
    name: str


class FundBalancesOut(Schema):
    fund_id: int
    entry_count: int
    totals: BalancesOut
    projects: list[ProjectBalancesOut]
    boards: list[BoardBalancesOut]


# Projects ---------------------------------------------------------------------------------


class ProjectSummaryOut(Schema):
    id: int
    fund_id: int
    title: str
    type: str
    route: str
    logic: str
    phase: str
    risk_class: str
    responsible_board_ids: list[int]


class StoredSimulationOut(Schema):
    """The project's current stored simulation: its stamp and P(NPV > 0) per perspective."""

    computed_at: datetime.datetime
    computed_by: str
    reason: str
    engine_version: str
    input_sha256: str
    draws: int
    seed: int
    prob_positive: dict[str, float | None]
    stamp: str  # in the request's language
    stale: bool  # computed by an older engine, or from another input
    older_engine: bool


class ProjectOut(ProjectSummaryOut):
    applicant_board_id: int | None
    applicant_organisation: str
    target_group: str
    success_probability: float | None
    calculation_toml: str
    calculation_result: dict[str, Any] | None
    calculation_updated_at: datetime.datetime | None
    stored_simulation: StoredSimulationOut | None


# Ledger -----------------------------------------------------------------------------------


class EntryOut(Schema):
    seq: int
    type: EntryType
    date: datetime.date
    amount_ore: int
    project_id: int | None
    board_id: int | None
    decision: DecisionOut | None
    bearer: str | None
    reverses: int | None = Field(description="The number (seq) of the entry this reverses.")
    note: str
    recorded_by: str
    recorded_at: datetime.datetime
    hash: str


class EntryPageOut(Schema):
    count: int
    limit: int
    offset: int
    items: list[EntryOut]


class DecisionIn(Schema):
    body: free_text(MAX_SHORT_TEXT, _("decided by"), min_length=1)
    date: datetime.date
    dnr: free_text(MAX_SHORT_TEXT, _("registration number (dnr)"))

    _nul = field_validator("body", "dnr")(_no_nul)


class EntryIn(Schema):
    type: EntryType
    date: datetime.date
    amount_ore: int = Field(gt=0, le=MAX_AMOUNT_ORE, strict=True)
    project_id: int | None = Field(None, ge=1, le=MAX_ID)
    board_id: int | None = Field(None, ge=1, le=MAX_ID)
    decision: DecisionIn | None = None
    bearer: Bearer | None = None
    reverses: int | None = Field(
        None, ge=1, le=MAX_ID, description="The number (seq) of the entry to reverse."
    )
    note: free_text(MAX_NOTE, _("note")) = ""

    _nul = field_validator("note")(_no_nul)


class PreliminaryOut(Schema):
    """A booking above the fund's attestation threshold: not in the ledger (it moves no
    balance) until a second person attests it."""

    id: int
    status: str = Field(description="preliminary, attested or rejected")
    type: EntryType
    date: datetime.date
    amount_ore: int
    project_id: int | None
    board_id: int | None
    decision: DecisionOut | None
    note: str
    booked_by: str
    booked_at: datetime.datetime
    decided_by: str | None
    decided_at: datetime.datetime | None
    rejection_reason: str
    entry_seq: int | None = Field(description="The ledger entry's number once attested.")


class RejectionIn(Schema):
    reason: free_text(MAX_REJECTION_REASON, _("reason for the rejection"), min_length=1)

    _nul = field_validator("reason")(_no_nul)


# Statement --------------------------------------------------------------------------------


class BoardAmountOut(Schema):
    board_id: int | None
    amount_ore: int


class BearerAmountOut(Schema):
    bearer: str
    amount_ore: int


class StatementOut(Schema):
    fund_id: int
    year: int
    economic_model: str
    opening_available_ore: int
    contributions_ore: int
    commitments_ore: int
    releases_ore: int
    disbursements_ore: int
    repayments_ore: int
    # write-downs borne by the boards: money back to the fund, like a repayment
    board_write_downs_ore: int
    movements_ore: int
    closing_available_ore: int
    earmarked_surplus_ore: int
    # the earmarking the statement proposes (docs/repayment-model.md)
    proposed_earmarking_ore: int
    repayments_by_board: list[BoardAmountOut]
    # ramminskningar: repayments and board-borne write-downs per board
    frame_reductions_by_board: list[BoardAmountOut]
    write_downs_by_bearer: list[BearerAmountOut]
    receivables_by_board: list[BoardAmountOut]


# Decisions and the evidence chain ---------------------------------------------------------


class DecisionYearOut(Schema):
    year: int
    amount_ore: int


class ProjectDecisionOut(Schema):
    id: int
    body: str
    board_id: int | None
    date: datetime.date
    dnr: str
    outcome: str
    conditions: str
    repayment_method: str
    repayment_share: float | None
    repayment_period_years: int | None
    repayment_start_year: int | None
    write_down_bearer: str
    decided_at: datetime.datetime
    years: list[DecisionYearOut]


class EvidenceStatementOut(Schema):
    level: str
    text: str


class IndicatorOut(Schema):
    id: int
    level: str
    name: str
    unit: str
    direction: str
    baseline_value: float | None
    baseline_source: str
    baseline_date: datetime.date | None
    target_value: float | None
    reporting_frequency: str


class EvidenceChainOut(Schema):
    statements: list[EvidenceStatementOut]
    indicators: list[IndicatorOut]
