"""The two-stage application (idea check, then full application) and the evidence chain.

An :class:`Application` extends one :class:`~socinv.fund.models.Project` (phase
"application"); what the project itself holds (title, type, route, logic, responsible
boards, applicant, target group, calculation) stays on the project. The evidence chain
(:class:`EvidenceStatement`, :class:`Indicator`) hangs on the project, not the
application, so that the follow-up can reuse it. Money is integer öre.

Write with :mod:`socinv.applications.services` only; read with :mod:`.selectors`.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from socinv.core.limits import (
    MAX_ENTRY_ORE,
    MAX_FILE_NAME,
    MAX_NAME,
    MAX_NOTE,
    MAX_SHORT_TEXT,
    MAX_TEXT,
)
from socinv.fund.models import Fund
from socinv.projects.models import Project
from socinv.web.fields import FreeCharField, FreeTextField

# 3 000 000 kr: a project budget at or above it must budget a scientific evaluation
DEFAULT_SCIENTIFIC_THRESHOLD_ORE = 3_000_000_00


class ApplicationSettings(models.Model):
    """How one fund takes applications (absent: the defaults below)."""

    fund = models.OneToOneField(
        Fund,
        on_delete=models.CASCADE,
        related_name="application_settings",
        verbose_name=_("fund"),
    )
    two_stage = models.BooleanField(
        _("two stages (idea check before the full application)"), default=True
    )
    scientific_evaluation_threshold_ore = models.BigIntegerField(
        _("budget that requires a scientific evaluation (öre)"),
        default=DEFAULT_SCIENTIFIC_THRESHOLD_ORE,
        help_text=_(
            "Projects whose total budget is at or above this amount must budget a "
            "scientific evaluation."
        ),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("application settings")
        verbose_name_plural = _("application settings")
        constraints = [
            models.CheckConstraint(
                condition=Q(scientific_evaluation_threshold_ore__gte=0),
                name="application_settings_threshold_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.fund}"


class Application(models.Model):
    class Stage(models.TextChoices):
        IDEA_DRAFT = "idea_draft", _("Idea (draft)")
        IDEA_SUBMITTED = "idea_submitted", _("Idea submitted")
        IDEA_APPROVED = "idea_approved", _("Idea approved (go)")
        IDEA_REJECTED = "idea_rejected", _("Idea rejected (no-go)")
        FULL_DRAFT = "full_draft", _("Full application (draft)")
        SUBMITTED = "submitted", _("Full application submitted")

    project = models.OneToOneField(
        Project, on_delete=models.CASCADE, related_name="application", verbose_name=_("project")
    )
    stage = models.CharField(
        _("stage"), max_length=20, choices=Stage.choices, default=Stage.IDEA_DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    # The idea (the project's title, target group and boards are on the project)
    need = FreeTextField(_("need"), blank=True, max_length=MAX_TEXT)
    intervention = FreeTextField(_("intervention"), blank=True, max_length=MAX_TEXT)
    expected_effects = FreeTextField(_("expected effects"), blank=True, max_length=MAX_TEXT)
    # what the applicant estimates the project will cost, before there is a budget
    estimated_cost_ore = models.BigIntegerField(
        _("estimated cost (öre)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(MAX_ENTRY_ORE)],
    )
    idea_submitted_at = models.DateTimeField(_("idea submitted at"), null=True, blank=True)
    idea_submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("idea submitted by"),
    )
    # The steering group's go / no-go
    idea_decision_comment = FreeTextField(_("comment on the idea"), blank=True, max_length=MAX_NOTE)
    idea_decided_at = models.DateTimeField(_("idea decided at"), null=True, blank=True)
    idea_decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("idea decided by"),
    )

    # The full application
    needs_analysis = FreeTextField(_("needs analysis"), blank=True, max_length=MAX_TEXT)
    needs_source = FreeTextField(
        _("source of the need"),
        blank=True,
        help_text=_("Where the problem is documented: an operational plan, statistics."),
        max_length=MAX_TEXT,
    )
    needs_figures = FreeTextField(_("figures showing the need"), blank=True, max_length=MAX_TEXT)
    target_group_size = models.PositiveIntegerField(_("target group size"), null=True, blank=True)
    civil_society_partners = FreeTextField(
        _("civil-society partners"),
        blank=True,
        help_text=_("One organisation per line."),
        max_length=MAX_TEXT,
    )
    risk_assessment = FreeTextField(_("risk assessment"), blank=True, max_length=MAX_TEXT)
    evaluation_plan = FreeTextField(_("evaluation plan"), blank=True, max_length=MAX_TEXT)
    evaluation_cost_ore = models.BigIntegerField(
        _("evaluation cost (öre)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(MAX_ENTRY_ORE)],
    )
    evaluation_scientific = models.BooleanField(_("scientific evaluation"), default=False)
    has_comparison_group = models.BooleanField(_("there is a comparison group"), default=False)
    comparison_group = FreeTextField(
        _("comparison group"),
        blank=True,
        help_text=_("The comparison group, or why there can be none."),
        max_length=MAX_TEXT,
    )
    implementation_plan = FreeTextField(
        _("plan for implementation in ordinary operations"), blank=True, max_length=MAX_TEXT
    )
    implementation_owner_name = FreeCharField(
        _("manager who will own the implementation"), max_length=MAX_NAME, blank=True
    )
    implementation_owner_title = FreeCharField(
        _("manager's title"), max_length=MAX_NAME, blank=True
    )
    implementation_signed_on = models.DateField(_("signed off on"), null=True, blank=True)

    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    returned_comment = FreeTextField(
        _("returned for completion with"), blank=True, max_length=MAX_NOTE
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    stage__in=[
                        "idea_draft",
                        "idea_submitted",
                        "idea_approved",
                        "idea_rejected",
                        "full_draft",
                        "submitted",
                    ]
                ),
                name="application_stage_valid",
            ),
            models.CheckConstraint(
                condition=Q(evaluation_cost_ore__isnull=True)
                | (Q(evaluation_cost_ore__gte=0) & Q(evaluation_cost_ore__lte=MAX_ENTRY_ORE)),
                name="application_evaluation_cost_within_bounds",
            ),
            models.CheckConstraint(
                condition=Q(estimated_cost_ore__isnull=True)
                | (Q(estimated_cost_ore__gte=0) & Q(estimated_cost_ore__lte=MAX_ENTRY_ORE)),
                name="application_estimated_cost_within_bounds",
            ),
        ]

    def __str__(self) -> str:
        return str(self.project)

    @property
    def partners(self) -> list[str]:
        return [p.strip() for p in self.civil_society_partners.splitlines() if p.strip()]


class BudgetYear(models.Model):
    """What the project asks of the fund in one year, and its co-financing."""

    application = models.ForeignKey(
        Application,
        on_delete=models.CASCADE,
        related_name="budget_years",
        verbose_name=_("application"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    amount_ore = models.BigIntegerField(
        _("amount from the fund (öre)"),
        default=0,
        validators=[MinValueValidator(0), MaxValueValidator(MAX_ENTRY_ORE)],
    )
    cofinancing_money_ore = models.BigIntegerField(
        _("co-financing in money (öre)"),
        default=0,
        validators=[MinValueValidator(0), MaxValueValidator(MAX_ENTRY_ORE)],
    )
    cofinancing_hours = models.PositiveIntegerField(_("co-financing in hours"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("budget year")
        verbose_name_plural = _("budget years")
        ordering = ["application", "year"]
        constraints = [
            models.UniqueConstraint(fields=["application", "year"], name="budget_year_unique"),
            models.CheckConstraint(
                condition=Q(amount_ore__gte=0)
                & Q(amount_ore__lte=MAX_ENTRY_ORE)
                & Q(cofinancing_money_ore__gte=0)
                & Q(cofinancing_money_ore__lte=MAX_ENTRY_ORE),
                name="budget_year_amounts_within_bounds",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.application} {self.year}"


class Level(models.TextChoices):
    """The evidence chain's six levels, in order."""

    RESOURCES = "resources", _("Resources")
    ACTIVITIES = "activities", _("Activities")
    OUTPUTS = "outputs", _("Outputs")
    OUTCOMES = "outcomes", _("Outcomes")
    IMPACT = "impact", _("Impact")
    VALUE_CREATED = "value_created", _("Value created")


LEVEL_ORDER = {level.value: i for i, level in enumerate(Level)}
_LEVELS = Q(level__in=[level.value for level in Level])


class EvidenceStatement(models.Model):
    project = models.ForeignKey(
        Project,
        on_delete=models.CASCADE,
        related_name="evidence_statements",
        verbose_name=_("project"),
    )
    level = models.CharField(_("level"), max_length=20, choices=Level.choices)
    text = FreeTextField(_("statement"), max_length=MAX_NOTE)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("evidence chain statement")
        verbose_name_plural = _("evidence chain statements")
        ordering = ["project", "order", "pk"]
        constraints = [models.CheckConstraint(condition=_LEVELS, name="evidence_level_valid")]

    def __str__(self) -> str:
        return f"{self.get_level_display()}: {self.text[:60]}"


class Indicator(models.Model):
    class Direction(models.TextChoices):
        HIGHER = "higher", _("Higher is better")
        LOWER = "lower", _("Lower is better")

    class Frequency(models.TextChoices):
        MONTHLY = "monthly", _("Monthly")
        QUARTERLY = "quarterly", _("Quarterly")
        HALF_YEARLY = "half_yearly", _("Every six months")
        YEARLY = "yearly", _("Yearly")

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="indicators", verbose_name=_("project")
    )
    level = models.CharField(_("level"), max_length=20, choices=Level.choices)
    name = FreeCharField(_("indicator"), max_length=MAX_SHORT_TEXT)
    unit = FreeCharField(_("unit"), max_length=50, blank=True)
    direction = models.CharField(
        _("direction"), max_length=10, choices=Direction.choices, default=Direction.HIGHER
    )
    baseline_value = models.FloatField(_("baseline"), null=True, blank=True)
    baseline_source = FreeCharField(
        _("source of the baseline"), max_length=MAX_SHORT_TEXT, blank=True
    )
    baseline_date = models.DateField(_("date of the baseline"), null=True, blank=True)
    target_value = models.FloatField(_("target"), null=True, blank=True)
    reporting_frequency = models.CharField(
        _("reporting frequency"), max_length=20, choices=Frequency.choices, default=Frequency.YEARLY
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["project", "order", "pk"]
        constraints = [
            models.CheckConstraint(condition=_LEVELS, name="indicator_level_valid"),
            models.CheckConstraint(
                condition=Q(direction__in=["higher", "lower"]), name="indicator_direction_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.name


def attachment_path(instance: Attachment, filename: str) -> str:
    return f"applications/{instance.application_id}/{filename}"


class Attachment(models.Model):
    class Kind(models.TextChoices):
        PDF = "pdf", "PDF"
        XLSX = "xlsx", "Excel (xlsx)"

    application = models.ForeignKey(
        Application,
        on_delete=models.CASCADE,
        related_name="attachments",
        verbose_name=_("application"),
    )
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=300)
    original_name = FreeCharField(_("file name"), max_length=MAX_FILE_NAME)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["application", "uploaded_at"]

    def __str__(self) -> str:
        return self.original_name
