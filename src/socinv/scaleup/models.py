"""Multiplier effects: what entered ordinary operations after the project.

Adoptions (which units took the method on), multiplier effects (förmeras: more people
reached; förstoras: a larger scale; förädlas: the method refined) and the routines,
processes and policy documents that changed. Write with :mod:`socinv.scaleup.services`.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from socinv.core.limits import MAX_NOTE, MAX_SHORT_TEXT, MAX_TEXT
from socinv.organisation.models import Board, Department
from socinv.projects.models import Project
from socinv.web.fields import FreeCharField, FreeTextField


class _Registered(models.Model):
    date = models.DateField(_("date"))
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("registered by"),
    )
    registered_at = models.DateTimeField(_("registered at"))

    class Meta:
        abstract = True


class Adoption(_Registered):
    """A unit (enhet / verksamhet) that adopted the method in its ordinary operations."""

    project = models.ForeignKey(
        Project, on_delete=models.PROTECT, related_name="adoptions", verbose_name=_("project")
    )
    unit = FreeCharField(_("unit"), max_length=200)
    department = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("department"),
    )
    board = models.ForeignKey(
        Board,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("board"),
    )
    comment = FreeTextField(_("comment"), blank=True, max_length=MAX_NOTE)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("adoption of the method")
        verbose_name_plural = _("adoptions of the method")
        ordering = ["project", "date", "pk"]
        constraints = [models.CheckConstraint(condition=~Q(unit=""), name="adoption_unit_required")]

    def __str__(self) -> str:
        return f"{self.unit} ({self.date:%Y-%m-%d})"


class MultiplierEffect(_Registered):
    """One multiplier effect: more people reached (multiplied, förmeras), a larger scale
    (enlarged, förstoras: before and after with a unit), or a refined method (refined,
    förädlas: described in the text)."""

    class Kind(models.TextChoices):
        MULTIPLIED = "multiplied", _("Multiplied: reaches more people")
        ENLARGED = "enlarged", _("Enlarged: a larger scale")
        REFINED = "refined", _("Refined: the method improved")

    project = models.ForeignKey(
        Project,
        on_delete=models.PROTECT,
        related_name="multiplier_effects",
        verbose_name=_("project"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    description = FreeTextField(_("description"), max_length=MAX_TEXT)
    people_per_year = models.PositiveIntegerField(
        _("additional people reached per year"), null=True, blank=True
    )
    before_value = models.FloatField(_("before"), null=True, blank=True)
    after_value = models.FloatField(_("after"), null=True, blank=True)
    unit = FreeCharField(_("unit of the scale"), max_length=100, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("multiplier effect")
        verbose_name_plural = _("multiplier effects")
        ordering = ["project", "date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["multiplied", "enlarged", "refined"]),
                name="multiplier_effect_kind_valid",
            ),
            models.CheckConstraint(
                condition=~Q(description=""), name="multiplier_effect_description_required"
            ),
            models.CheckConstraint(
                condition=~Q(kind="multiplied") | Q(people_per_year__gt=0),
                name="multiplier_effect_multiplied_people",
            ),
            models.CheckConstraint(
                condition=~Q(kind="enlarged")
                | (Q(before_value__isnull=False) & Q(after_value__isnull=False) & ~Q(unit="")),
                name="multiplier_effect_enlarged_scale",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.description[:60]}"


class ChangedDocument(_Registered):
    """A routine, process or policy document changed because of the project."""

    class Kind(models.TextChoices):
        ROUTINE = "routine", _("Routine")
        PROCESS = "process", _("Process")
        POLICY = "policy", _("Policy document")

    project = models.ForeignKey(
        Project,
        on_delete=models.PROTECT,
        related_name="changed_documents",
        verbose_name=_("project"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = FreeCharField(_("title"), max_length=MAX_SHORT_TEXT)
    reference = FreeCharField(
        _("reference or registration number (dnr)"), max_length=MAX_SHORT_TEXT, blank=True
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("changed routine or policy document")
        verbose_name_plural = _("changed routines and policy documents")
        ordering = ["project", "date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["routine", "process", "policy"]),
                name="changed_document_kind_valid",
            ),
            models.CheckConstraint(condition=~Q(title=""), name="changed_document_title_required"),
        ]

    def __str__(self) -> str:
        return self.title
