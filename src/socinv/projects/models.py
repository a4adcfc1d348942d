"""The social investment project and the people who work on it.

A project belongs to one fund; its phase moves along the core's phase graph
(:mod:`socinv.core.phases`) through the decision and the gates, never by hand. Write with
:mod:`socinv.projects.services` (the calculation), :mod:`socinv.review.services` (the
decision) and :mod:`socinv.phases.services` (the gates).
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from socinv.core import phases
from socinv.core.limits import (
    MAX_CALCULATION,
    MAX_DRAWS,
    MAX_NAME,
    MAX_PROJECT_CODE,
    MAX_SEED,
    MAX_SHORT_TEXT,
    MAX_TEXT,
    MIN_DRAWS,
    MIN_SEED,
)
from socinv.fund.models import Fund, RiskClass
from socinv.organisation.models import Board
from socinv.web.fields import FreeCharField, FreeTextField

# A ledger's object code: letters, digits and . _ - / (no space, so that a SIE field needs no
# quotes and every ledger reads it alike)
PROJECT_CODE_VALIDATOR = RegexValidator(
    r"^[A-Za-z0-9][A-Za-z0-9._/-]*$",
    _("A project code holds letters, digits and . _ - / only (no spaces), e.g. 0015."),
    code="project_code",
)


class Project(models.Model):
    """A social investment project; the application workflow extends it later."""

    class Type(models.TextChoices):
        METHOD_TRIAL = "method_trial", _("Method trial")
        METHOD_DEVELOPMENT = "method_development", _("Method development")
        SOCIAL_INNOVATION = "social_innovation", _("Social innovation")

    class Route(models.TextChoices):
        INNOVATION = "innovation", _("Innovation route")
        IMPLEMENTATION = "implementation", _("Implementation route")

    class Logic(models.TextChoices):
        PLAN_DRIVEN = "plan_driven", _("Plan-driven")
        EXPERIMENTAL = "experimental", _("Experimental")

    class Phase(models.TextChoices):
        APPLICATION = phases.Phase.APPLICATION.value, _("Application")
        IMPLEMENTATION = phases.Phase.IMPLEMENTATION.value, _("Implementation")
        CLOSING = phases.Phase.CLOSING.value, _("Closing")
        SCALE_UP = phases.Phase.SCALE_UP.value, _("Scale-up")
        WIND_DOWN = phases.Phase.WIND_DOWN.value, _("Wind-down")

    RiskClass = RiskClass

    fund = models.ForeignKey(
        Fund, on_delete=models.PROTECT, related_name="projects", verbose_name=_("fund")
    )
    title = FreeCharField(_("title"), max_length=MAX_SHORT_TEXT)
    # The project's code in the general ledger (its object in SIE dimension 6, projekt):
    # the SIE export tags the fund's bookings with it, the import of actual costs finds
    # the project's rows by it. Text: "0015" keeps its zeros.
    code = models.CharField(
        _("project code"),
        max_length=MAX_PROJECT_CODE,
        blank=True,
        default="",
        validators=[PROJECT_CODE_VALIDATOR],
        help_text=_("The project's code in the general ledger (SIE dimension 6), e.g. 0015."),
    )
    type = models.CharField(
        _("type"), max_length=30, choices=Type.choices, default=Type.METHOD_TRIAL
    )
    route = models.CharField(
        _("route"), max_length=20, choices=Route.choices, default=Route.IMPLEMENTATION
    )
    logic = models.CharField(
        _("project logic"), max_length=20, choices=Logic.choices, default=Logic.PLAN_DRIVEN
    )
    phase = models.CharField(
        _("phase"), max_length=20, choices=Phase.choices, default=Phase.APPLICATION
    )
    responsible_boards = models.ManyToManyField(
        Board, related_name="projects", verbose_name=_("responsible boards")
    )
    applicant_board = models.ForeignKey(
        Board,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="applications",
        verbose_name=_("applicant (board)"),
    )
    applicant_organisation = FreeCharField(
        _("applicant (civil-society organisation)"), max_length=MAX_NAME, blank=True
    )
    target_group = FreeTextField(_("target group"), blank=True, max_length=MAX_TEXT)
    risk_class = models.CharField(
        _("risk class"), max_length=10, choices=RiskClass.choices, blank=True
    )
    calculation_toml = FreeTextField(
        _("calculation (TOML)"),
        blank=True,
        help_text=_("The calculation in the spec's format."),
        max_length=MAX_CALCULATION,
    )
    calculation_result = models.JSONField(_("calculation result"), null=True, blank=True)
    calculation_updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("calculation updated by"),
    )
    calculation_updated_at = models.DateTimeField(
        _("calculation updated at"), null=True, blank=True
    )
    success_probability = models.FloatField(
        _("success probability"),
        null=True,
        blank=True,
        help_text=_("From the calculation: the chance that the method works at all."),
    )

    history = HistoricalRecords(excluded_fields=["calculation_result"])

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        ordering = ["fund", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(applicant_board__isnull=True) | Q(applicant_organisation=""),
                name="project_one_applicant",
            ),
            models.UniqueConstraint(
                fields=["fund", "code"],
                condition=~Q(code=""),
                name="project_code_unique_per_fund",
                violation_error_message=_("Another project of the fund has this code."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def organisation_id(self) -> int:
        """The organisation the project belongs to (through its fund; read once)."""
        cached = getattr(self, "_organisation_id", None)
        if cached is None:
            cached = self._organisation_id = self.fund.organisation_id
        return cached

    @property
    def is_after_closing(self) -> bool:
        return phases.is_after_closing(self.phase)


class ProjectMember(models.Model):
    """A user's part in one project: its leader, its evaluator, or an external applicant."""

    class Role(models.TextChoices):
        LEADER = "leader", _("Project leader")
        EVALUATOR = "evaluator", _("Evaluator")
        APPLICANT = "applicant", _("Applicant")

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="members", verbose_name=_("project")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="project_memberships",
        verbose_name=_("user"),
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("project member")
        verbose_name_plural = _("project members")
        constraints = [
            models.UniqueConstraint(
                fields=["project", "user", "role"], name="project_member_unique"
            ),
            models.CheckConstraint(
                condition=Q(role__in=["leader", "evaluator", "applicant"]),
                name="project_member_role_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.project} ({self.role})"


class StoredSimulation(models.Model):
    """One stored computation of a project's calculation: its deterministic results, the
    Monte Carlo run (draws and seed from the fund's simulation settings) and the
    sensitivity, stamped with the engine's version and the SHA-256 of the input text.

    Append-only: saving a calculation or recomputing it adds a row; the newest row is the
    project's current result (mirrored on ``Project.calculation_result``), the older ones
    are its history. Written only by :mod:`socinv.projects.services`."""

    class Reason(models.TextChoices):
        SAVED = "saved", _("Calculation saved")
        RECOMPUTED = "recomputed", _("Recomputed with a newer engine")
        CATALOGUE = "catalogue", _("Recalculated with the changed unit-cost catalogue")

    project = models.ForeignKey(
        Project,
        on_delete=models.CASCADE,
        related_name="stored_simulations",
        verbose_name=_("project"),
    )
    reason = models.CharField(_("reason"), max_length=20, choices=Reason.choices)
    engine_version = models.CharField(_("engine version"), max_length=40)
    input_sha256 = models.CharField(_("SHA-256 of the input"), max_length=64)
    draws = models.PositiveIntegerField(_("draws"))
    seed = models.BigIntegerField(_("seed"))
    result = models.JSONField(_("result"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("computed by"),
    )
    recorded_at = models.DateTimeField(_("computed at"))

    class Meta:
        verbose_name = _("stored simulation")
        verbose_name_plural = _("stored simulations")
        ordering = ["project", "-recorded_at", "-id"]
        indexes = [models.Index(fields=["project", "-id"], name="stored_simulation_latest")]
        constraints = [
            models.CheckConstraint(
                condition=Q(reason__in=["saved", "recomputed", "catalogue"]),
                name="stored_simulation_reason_valid",
            ),
            models.CheckConstraint(
                condition=Q(draws__gte=MIN_DRAWS) & Q(draws__lte=MAX_DRAWS),
                name="stored_simulation_draws_bounded",
            ),
            models.CheckConstraint(
                condition=Q(seed__gte=MIN_SEED) & Q(seed__lte=MAX_SEED),
                name="stored_simulation_seed_bounded",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.project}: {self.engine_version} {self.recorded_at:%Y-%m-%d}"


class StoredCatalogue(models.Model):
    """The part of the organisation's unit-cost catalogue a stored simulation was computed
    with (spec unit-costs.md): the unit costs its calculation refers to and the index
    values that price them, as plain data (:func:`socinv.core.calc.catalogue.used_part`),
    its version (:func:`~socinv.core.calc.catalogue.part_version`) and every reference
    resolved (the result's ``unit_costs``: the id, the quantity, the unit's and the indexed
    amount, the source). The calculation text keeps the references; this keeps what they
    stood for, so that a later change of the catalogue never changes a stored result: it is
    marked instead (:mod:`socinv.projects.simulations`). Append-only, one per stored
    simulation whose calculation makes references; written only by
    :mod:`socinv.projects.services`."""

    simulation = models.OneToOneField(
        StoredSimulation,
        on_delete=models.CASCADE,
        related_name="catalogue",
        verbose_name=_("stored simulation"),
    )
    version = models.CharField(_("catalogue version"), max_length=64)
    catalogue = models.JSONField(_("the catalogue used"))
    uses = models.JSONField(_("the references resolved"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("computed by"),
    )
    recorded_at = models.DateTimeField(_("computed at"))

    class Meta:
        verbose_name = _("catalogue of a stored simulation")
        verbose_name_plural = _("catalogues of stored simulations")

    def __str__(self) -> str:
        return f"{self.simulation}: {self.version[:12]}"
