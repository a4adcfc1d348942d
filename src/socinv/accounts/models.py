"""A user's roles. A role is held in one organisation; a user may hold several.

Project-bound parts (project leader, evaluator, external applicant) are recorded per
project in :class:`socinv.fund.models.ProjectMember`; the organisation-wide role
``project_leader``, ``evaluator`` or ``external`` only says which kind of user this is.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from socinv.organisation.models import Organisation


class Role(models.TextChoices):
    ADMINISTRATOR = "administrator", _("Administrator")
    OWNER = "owner", _("Owner / steering group")
    ECONOMIST = "economist", _("Economist")
    PROJECT_LEADER = "project_leader", _("Project leader")
    EVALUATOR = "evaluator", _("Evaluator")
    AUDITOR = "auditor", _("Auditor")
    EXTERNAL = "external", _("External applicant (civil society)")


class Membership(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("user"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("organisation"),
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation", "role"], name="membership_unique"
            ),
            models.CheckConstraint(
                condition=Q(role__in=[r.value for r in Role]), name="membership_role_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} ({self.organisation})"
