"""Learning evaluation (lärande utvärdering): the assigned evaluator's entries per phase
(observations and recommendations), the project's and the owners' responses to them, the
final evaluation report, and accompanying research (följeforskning) attached to the project.

Text is aggregated knowledge only: the services refuse any text holding a personnummer.
Write with :mod:`socinv.evaluation.services` only; read with :mod:`.selectors`.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from socinv.core.limits import MAX_FILE_NAME, MAX_NOTE, MAX_REFERENCE, MAX_SHORT_TEXT, MAX_TEXT
from socinv.projects.models import Project
from socinv.web.fields import FreeCharField, FreeTextField

PHASES = Q(phase__in=[p.value for p in Project.Phase])


class EvaluationEntry(models.Model):
    """One observation or recommendation by the project's evaluator, in one phase."""

    class Kind(models.TextChoices):
        OBSERVATION = "observation", _("Observation")
        RECOMMENDATION = "recommendation", pgettext_lazy("evaluation", "Recommendation")

    project = models.ForeignKey(
        Project,
        on_delete=models.CASCADE,
        related_name="evaluation_entries",
        verbose_name=_("project"),
    )
    phase = models.CharField(_("phase"), max_length=20, choices=Project.Phase.choices)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = FreeCharField(_("title"), max_length=MAX_SHORT_TEXT)
    text = FreeTextField(_("text"), max_length=MAX_TEXT)
    date = models.DateField(_("date"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("evaluator"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("evaluation entry")
        verbose_name_plural = _("evaluation entries")
        ordering = ["project", "date", "pk"]
        constraints = [
            models.CheckConstraint(condition=PHASES, name="evaluation_entry_phase_valid"),
            models.CheckConstraint(
                condition=Q(kind__in=["observation", "recommendation"]),
                name="evaluation_entry_kind_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.title}"


class Response(models.Model):
    """The project's (its leader's) or the owners' response to an entry; for a
    recommendation also whether it is accepted and what is planned."""

    class Party(models.TextChoices):
        PROJECT = "project", _("The project")
        OWNERS = "owners", _("The owners")

    class Status(models.TextChoices):
        ACCEPTED = "accepted", _("Accepted")
        PARTLY = "partly", _("Partly accepted")
        NOT_ACCEPTED = "not_accepted", _("Not accepted")

    entry = models.ForeignKey(
        EvaluationEntry,
        on_delete=models.CASCADE,
        related_name="responses",
        verbose_name=_("evaluation entry"),
    )
    party = models.CharField(_("on behalf of"), max_length=10, choices=Party.choices)
    text = FreeTextField(_("response"), max_length=MAX_TEXT)
    status = models.CharField(
        _("stand on the recommendation"), max_length=20, choices=Status.choices, blank=True
    )
    planned_action = FreeTextField(_("planned action"), blank=True, max_length=MAX_NOTE)
    date = models.DateField(_("date"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("responded by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("response to the evaluation")
        verbose_name_plural = _("responses to the evaluation")
        ordering = ["entry", "date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(party__in=["project", "owners"]),
                name="evaluation_response_party_valid",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["", "accepted", "partly", "not_accepted"]),
                name="evaluation_response_status_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_party_display()}: {self.text[:60]}"


class FinalReport(models.Model):
    """The evaluator's final evaluation report: one per project, revised until final."""

    project = models.OneToOneField(
        Project,
        on_delete=models.CASCADE,
        related_name="final_evaluation",
        verbose_name=_("project"),
    )
    summary = FreeTextField(_("summary"), max_length=MAX_TEXT)
    conclusions = FreeTextField(_("conclusions"), max_length=MAX_TEXT)
    recommendations = FreeTextField(
        _("recommendations for ordinary operations"), blank=True, max_length=MAX_TEXT
    )
    date = models.DateField(_("date"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("evaluator"),
    )
    is_final = models.BooleanField(_("final"), default=False)
    finalised_at = models.DateTimeField(_("marked final at"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("final evaluation report")
        verbose_name_plural = _("final evaluation reports")

    def __str__(self) -> str:
        return f"{self.project}"


def research_path(instance: ResearchAttachment, filename: str) -> str:
    return f"evaluation/{instance.project_id}/{filename}"


class ResearchAttachment(models.Model):
    """Accompanying research (följeforskning): a PDF or xlsx file, or a reference to one."""

    class Kind(models.TextChoices):
        PDF = "pdf", "PDF"
        XLSX = "xlsx", "Excel (xlsx)"

    project = models.ForeignKey(
        Project,
        on_delete=models.CASCADE,
        related_name="research_attachments",
        verbose_name=_("project"),
    )
    title = FreeCharField(_("title"), max_length=MAX_SHORT_TEXT)
    authors = FreeCharField(_("authors or organisation"), max_length=MAX_SHORT_TEXT, blank=True)
    file = models.FileField(_("file"), upload_to=research_path, max_length=300, blank=True)
    original_name = FreeCharField(_("file name"), max_length=MAX_FILE_NAME, blank=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, blank=True)
    size = models.PositiveBigIntegerField(_("size (bytes)"), null=True, blank=True)
    reference = FreeCharField(_("web address or reference"), max_length=MAX_REFERENCE, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("added by"),
    )
    uploaded_at = models.DateTimeField(_("added at"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("accompanying research")
        verbose_name_plural = _("accompanying research")
        ordering = ["project", "uploaded_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(file="") | ~Q(reference=""),
                name="research_attachment_file_or_reference",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def reference_is_url(self) -> bool:
        return self.reference.startswith(("https://", "http://"))
