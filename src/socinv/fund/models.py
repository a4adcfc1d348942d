"""The fund (social investeringsfond) and its append-only ledger.

Balances are never stored: they are folded from the entries by the pure core
(:mod:`socinv.core.ledger`). Ledger rows can never be updated or deleted: the ORM refuses,
and database triggers (SQLite and PostgreSQL, see the migration) refuse raw SQL too.
Corrections are reversals. Write with :mod:`socinv.fund.services` only.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from socinv.core.ledger import Bearer, EntryType, FundModel, attestation
from socinv.core.limits import (
    ATTESTATION_THRESHOLD_DEFAULT_ORE,
    MAX_ATTESTATION_THRESHOLD_ORE,
    MAX_ENTRY_ORE,
    MAX_LEDGER_ENTRIES,
    MAX_NAME,
    MAX_NOTE,
    MAX_REJECTION_REASON,
    MAX_SEED,
    MAX_SHORT_TEXT,
    MAX_STORED_DRAWS,
    MIN_DRAWS,
    MIN_SEED,
    STORED_DRAWS_DEFAULT,
    STORED_SEED_DEFAULT,
)
from socinv.organisation.models import Board, Organisation
from socinv.web.fields import FreeCharField, FreeTextField


class Fund(models.Model):
    class Model(models.TextChoices):
        REPAYMENT = FundModel.REPAYMENT.value, _("Repayment model")
        BUDGET = FundModel.BUDGET.value, _("Budget model")

    class WriteDownBearer(models.TextChoices):
        CENTRAL = Bearer.CENTRAL.value, _("Central (the fund)")
        BOARD = Bearer.BOARD.value, _("The responsible board")
        PROJECT_TYPE = Bearer.PROJECT_TYPE.value, _("By project type")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="funds", verbose_name=_("organisation")
    )
    name = FreeCharField(_("name"), max_length=MAX_NAME)
    economic_model = models.CharField(
        _("economic model"), max_length=20, choices=Model.choices, default=Model.REPAYMENT
    )
    period_start = models.DateField(_("period start (budget model)"), null=True, blank=True)
    period_end = models.DateField(_("period end (budget model)"), null=True, blank=True)
    write_down_bearer = models.CharField(
        _("write-downs borne by"),
        max_length=20,
        choices=WriteDownBearer.choices,
        default=WriteDownBearer.CENTRAL,
    )
    discount_rate = models.FloatField(_("default discount rate"), default=0.035)
    internal_rate = models.FloatField(_("default internal interest rate"), default=0.0)
    decision_body = FreeCharField(_("decided by"), max_length=MAX_SHORT_TEXT, blank=True)
    decision_date = models.DateField(_("decision date"), null=True, blank=True)
    decision_dnr = FreeCharField(
        _("registration number (dnr)"), max_length=MAX_SHORT_TEXT, blank=True
    )
    civil_society_may_apply = models.BooleanField(
        _("civil-society organisations may apply"), default=False
    )
    min_boards = models.PositiveSmallIntegerField(
        _("boards an application must involve"),
        default=1,
        help_text=_("The least number of responsible boards per project."),
    )

    class RiskPolicy(models.TextChoices):
        STEERED = "steered", _("Steered: the bounds per risk class apply")
        OBSERVED = "observed", _("Observed only: the spread is shown, not steered")

    risk_policy = models.CharField(
        _("risk policy"), max_length=20, choices=RiskPolicy.choices, default=RiskPolicy.OBSERVED
    )
    # The hash chain's head and length, updated with every entry in the same transaction:
    # `socinv ledger verify` compares them with the entries, so that removing the last
    # entries (which the triggers forbid, but a superuser could bypass) is seen too.
    ledger_head = models.CharField(max_length=64, blank=True, editable=False)
    ledger_count = models.PositiveIntegerField(default=0, editable=False)

    history = HistoricalRecords(excluded_fields=["ledger_head", "ledger_count"])

    class Meta:
        verbose_name = _("fund")
        verbose_name_plural = _("funds")
        ordering = ["organisation", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(economic_model__in=["repayment", "budget"]), name="fund_model_valid"
            ),
            models.CheckConstraint(
                condition=Q(period_start__isnull=True)
                | Q(period_end__isnull=True)
                | Q(period_start__lte=models.F("period_end")),
                name="fund_period_ordered",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class RiskClass(models.TextChoices):
    """The risk classes of the fund's policy (:data:`socinv.core.portfolio.RISK_CLASSES`);
    each project is classed at the review."""

    LOW = "low", _("Low risk")
    MEDIUM = "medium", _("Medium risk")
    HIGH = "high", _("High risk")


class RiskBound(models.Model):
    """The policy's bounds on the share of committed money in one risk class."""

    fund = models.ForeignKey(
        Fund, on_delete=models.CASCADE, related_name="risk_bounds", verbose_name=_("fund")
    )
    risk_class = models.CharField(_("risk class"), max_length=10, choices=RiskClass.choices)
    min_share = models.FloatField(_("lowest share"), default=0.0)
    max_share = models.FloatField(_("highest share"), default=1.0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("risk bound")
        verbose_name_plural = _("risk bounds")
        ordering = ["fund", "risk_class"]
        constraints = [
            models.UniqueConstraint(fields=["fund", "risk_class"], name="risk_bound_unique"),
            models.CheckConstraint(
                condition=Q(risk_class__in=["low", "medium", "high"]),
                name="risk_bound_class_valid",
            ),
            models.CheckConstraint(
                condition=Q(min_share__gte=0)
                & Q(max_share__lte=1)
                & Q(min_share__lte=models.F("max_share")),
                name="risk_bound_shares_ordered",
                violation_error_message=_("Shares must satisfy 0 ≤ lowest ≤ highest ≤ 1."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.fund}: {self.risk_class} {self.min_share:.0%}–{self.max_share:.0%}"


class WriteDownRule(models.Model):
    """Who bears a write-down for one project type, when the fund decides by project type."""

    fund = models.ForeignKey(
        Fund, on_delete=models.CASCADE, related_name="write_down_rules", verbose_name=_("fund")
    )
    project_type = FreeCharField(_("project type"), max_length=30)
    bearer = models.CharField(
        _("borne by"),
        max_length=20,
        choices=[
            (Bearer.CENTRAL.value, _("Central (the fund)")),
            (Bearer.BOARD.value, _("The responsible board")),
        ],
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("write-down rule")
        verbose_name_plural = _("write-down rules")
        constraints = [
            models.UniqueConstraint(fields=["fund", "project_type"], name="write_down_rule_unique"),
            models.CheckConstraint(
                condition=Q(bearer__in=["central", "board"]), name="write_down_rule_bearer"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.fund}: {self.project_type} → {self.bearer}"


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise LedgerImmutable(_("Ledger entries are never changed; record a reversal."))

    def delete(self):
        raise LedgerImmutable(_("Ledger entries are never deleted; record a reversal."))


class LedgerImmutable(Exception):
    pass


class LedgerEntry(models.Model):
    class Type(models.TextChoices):
        CONTRIBUTION = EntryType.CONTRIBUTION.value, _("Contribution")
        COMMITMENT = EntryType.COMMITMENT.value, _("Commitment")
        RELEASE = EntryType.RELEASE.value, _("Commitment release")
        DISBURSEMENT = EntryType.DISBURSEMENT.value, _("Disbursement")
        REPAYMENT = EntryType.REPAYMENT.value, _("Repayment")
        WRITE_DOWN = EntryType.WRITE_DOWN.value, _("Write-down")
        REVERSAL = EntryType.REVERSAL.value, _("Reversal")
        EARMARKING = EntryType.EARMARKING.value, _("Year-end earmarking")

    fund = models.ForeignKey(
        Fund, on_delete=models.PROTECT, related_name="entries", verbose_name=_("fund")
    )
    seq = models.PositiveIntegerField(_("number"), help_text=_("Entry number within the fund."))
    type = models.CharField(_("type"), max_length=20, choices=Type.choices)
    date = models.DateField(_("date"))
    amount_ore = models.BigIntegerField(
        _("amount (öre)"), validators=[MinValueValidator(1), MaxValueValidator(MAX_ENTRY_ORE)]
    )
    project = models.ForeignKey(
        "projects.Project",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="entries",
        verbose_name=_("project"),
    )
    board = models.ForeignKey(
        Board,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="ledger_entries",
        verbose_name=_("board"),
    )
    decision_body = FreeCharField(_("decided by"), max_length=MAX_SHORT_TEXT, blank=True)
    decision_date = models.DateField(_("decision date"), null=True, blank=True)
    decision_dnr = FreeCharField(
        _("registration number (dnr)"), max_length=MAX_SHORT_TEXT, blank=True
    )
    bearer = models.CharField(_("borne by"), max_length=20, blank=True)
    reverses = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reversed_by",
        verbose_name=_("reverses"),
    )
    note = FreeTextField(_("note"), max_length=MAX_NOTE, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="ledger_entries",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded at"))
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = _("ledger entry")
        verbose_name_plural = _("ledger entries")
        ordering = ["fund", "seq"]
        indexes = [
            # covers the balances' grouped sums (socinv.fund.selectors)
            models.Index(
                fields=["fund", "type", "project", "board", "amount_ore"], name="ledger_sums"
            ),
        ]
        constraints = [
            models.UniqueConstraint(fields=["fund", "seq"], name="ledger_seq_unique_per_fund"),
            models.CheckConstraint(condition=Q(amount_ore__gt=0), name="ledger_amount_positive"),
            # socinv.core.limits: one entry's bound and the ledger's length keep every sum
            # over a fund's entries below 2**63 (the core checks them first, with words)
            models.CheckConstraint(
                condition=Q(amount_ore__lte=MAX_ENTRY_ORE), name="ledger_amount_at_most_max"
            ),
            models.CheckConstraint(
                condition=Q(seq__lte=MAX_LEDGER_ENTRIES), name="ledger_seq_at_most_max"
            ),
            models.CheckConstraint(
                condition=LessThanOrEqual(Length("note"), MAX_NOTE), name="ledger_note_length"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.fund} #{self.seq} {self.get_type_display()}"

    @property
    def organisation_id(self) -> int:
        """The organisation the entry belongs to (through its fund; read once)."""
        cached = getattr(self, "_organisation_id", None)
        if cached is None:
            cached = self._organisation_id = self.fund.organisation_id
        return cached

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise LedgerImmutable(_("Ledger entries are never changed; record a reversal."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise LedgerImmutable(_("Ledger entries are never deleted; record a reversal."))


class SimulationSettings(models.Model):
    """The fund's settings for the Monte Carlo run stored with every saved calculation
    (a table of its own: the ledger's tables are never rebuilt). A fund without a row
    uses the defaults (``socinv.core.limits.STORED_DRAWS_DEFAULT`` draws, seed
    ``STORED_SEED_DEFAULT``); see :func:`socinv.fund.selectors.simulation_settings`."""

    fund = models.OneToOneField(
        Fund,
        on_delete=models.CASCADE,
        related_name="simulation_settings",
        verbose_name=_("fund"),
    )
    draws = models.PositiveIntegerField(
        _("draws"),
        default=STORED_DRAWS_DEFAULT,
        validators=[MinValueValidator(MIN_DRAWS), MaxValueValidator(MAX_STORED_DRAWS)],
        help_text=_("Monte Carlo draws stored with every saved calculation."),
    )
    seed = models.BigIntegerField(
        _("seed"),
        default=STORED_SEED_DEFAULT,
        validators=[MinValueValidator(MIN_SEED), MaxValueValidator(MAX_SEED)],
        help_text=_("The random seed of the stored simulations (the same seed, the same result)."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("simulation settings")
        verbose_name_plural = _("simulation settings")
        constraints = [
            models.CheckConstraint(
                condition=Q(draws__gte=MIN_DRAWS) & Q(draws__lte=MAX_STORED_DRAWS),
                name="simulation_settings_draws_bounded",
            ),
            models.CheckConstraint(
                condition=Q(seed__gte=MIN_SEED) & Q(seed__lte=MAX_SEED),
                name="simulation_settings_seed_bounded",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.fund}: {self.draws} / {self.seed}"


class AttestationSettings(models.Model):
    """The fund's attestation threshold (a table of its own: the ledger's tables are never
    rebuilt). A disbursement or a repayment above it is preliminary until a second person
    attests it (:mod:`socinv.core.ledger.attestation`). A fund without a row uses
    ``socinv.core.limits.ATTESTATION_THRESHOLD_DEFAULT_ORE``; see
    :func:`socinv.fund.selectors.attestation_threshold`."""

    fund = models.OneToOneField(
        Fund,
        on_delete=models.CASCADE,
        related_name="attestation_settings",
        verbose_name=_("fund"),
    )
    threshold_ore = models.BigIntegerField(
        _("attestation threshold (öre)"),
        default=ATTESTATION_THRESHOLD_DEFAULT_ORE,
        validators=[MinValueValidator(0), MaxValueValidator(MAX_ATTESTATION_THRESHOLD_ORE)],
        help_text=_(
            "Disbursements and repayments above this amount (in öre) are preliminary until "
            "a second person with the attest right attests them."
        ),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("attestation settings")
        verbose_name_plural = _("attestation settings")
        constraints = [
            models.CheckConstraint(
                condition=Q(threshold_ore__gte=0)
                & Q(threshold_ore__lte=MAX_ATTESTATION_THRESHOLD_ORE),
                name="attestation_threshold_bounded",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.fund}: {self.threshold_ore}"


class PreliminaryBooking(models.Model):
    """A disbursement or a repayment above the fund's attestation threshold, booked but not
    yet in the ledger: it moves no balance. Attesting it writes the ledger entry
    (:func:`socinv.fund.services.attest_booking`, in the same transaction); a rejection
    keeps it, with its reason. Its history keeps every step."""

    class Status(models.TextChoices):
        PRELIMINARY = attestation.PRELIMINARY, _("Awaiting attestation")
        ATTESTED = attestation.ATTESTED, _("Attested")
        REJECTED = attestation.REJECTED, pgettext_lazy("attestation", "Rejected")

    fund = models.ForeignKey(
        Fund, on_delete=models.PROTECT, related_name="preliminary_bookings", verbose_name=_("fund")
    )
    type = models.CharField(_("type"), max_length=20, choices=LedgerEntry.Type.choices)
    date = models.DateField(_("date"))
    amount_ore = models.BigIntegerField(
        _("amount (öre)"), validators=[MinValueValidator(1), MaxValueValidator(MAX_ENTRY_ORE)]
    )
    project = models.ForeignKey(
        "projects.Project",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="preliminary_bookings",
        verbose_name=_("project"),
    )
    board = models.ForeignKey(
        Board,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="preliminary_bookings",
        verbose_name=_("board"),
    )
    decision_body = FreeCharField(_("decided by"), max_length=MAX_SHORT_TEXT, blank=True)
    decision_date = models.DateField(_("decision date"), null=True, blank=True)
    decision_dnr = FreeCharField(
        _("registration number (dnr)"), max_length=MAX_SHORT_TEXT, blank=True
    )
    note = FreeTextField(_("note"), max_length=MAX_NOTE, blank=True)
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="preliminary_bookings",
        verbose_name=_("booked by"),
    )
    booked_at = models.DateTimeField(_("booked at"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PRELIMINARY
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="attested_bookings",
        verbose_name=_("attested or rejected by"),
    )
    decided_at = models.DateTimeField(_("attested or rejected at"), null=True, blank=True)
    rejection_reason = FreeTextField(
        _("reason for the rejection"), max_length=MAX_REJECTION_REASON, blank=True
    )
    entry = models.OneToOneField(
        LedgerEntry,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="attestation",
        verbose_name=_("ledger entry"),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("preliminary booking")
        verbose_name_plural = _("preliminary bookings")
        ordering = ["fund", "booked_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount_ore__gt=0) & Q(amount_ore__lte=MAX_ENTRY_ORE),
                name="preliminary_amount_bounded",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["preliminary", "attested", "rejected"]),
                name="preliminary_status_valid",
            ),
            models.CheckConstraint(
                condition=LessThanOrEqual(Length("note"), MAX_NOTE),
                name="preliminary_note_length",
            ),
            models.CheckConstraint(
                condition=LessThanOrEqual(Length("rejection_reason"), MAX_REJECTION_REASON),
                name="preliminary_reason_length",
            ),
            # attested: with its ledger entry; otherwise none
            models.CheckConstraint(
                condition=Q(status="attested", entry__isnull=False)
                | (~Q(status="attested") & Q(entry__isnull=True)),
                name="preliminary_entry_iff_attested",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.fund}: {self.get_type_display()} {self.amount_ore} ({self.status})"

    @property
    def organisation_id(self) -> int:
        return self.fund.organisation_id
