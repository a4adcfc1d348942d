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

from socinv.core import limits
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


class GroupRole(models.Model):
    """Single sign-on: a group in the identity provider's groups claim
    (``SOCINV_OIDC_GROUPS_CLAIM``: a name, or an Entra ID group's object id) gives its
    members ``role`` in ``organisation``. Set per organisation in the admin; a user signing
    in gets exactly the roles of the groups they are in (see
    :func:`socinv.accounts.services.sign_in_with_sso`)."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="group_roles",
        verbose_name=_("organisation"),
    )
    group = models.CharField(
        _("group in the identity provider"),
        max_length=limits.MAX_SSO_CODE,
        help_text=_(
            "As the groups claim names it: a group name, or an Entra ID group's object id."
        ),
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("single sign-on group")
        verbose_name_plural = _("single sign-on groups")
        ordering = ["organisation", "group", "role"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "group", "role"], name="group_role_unique"
            ),
            models.CheckConstraint(
                condition=Q(role__in=[r.value for r in Role]), name="group_role_role_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.group} → {self.get_role_display()} ({self.organisation})"


class SsoIdentity(models.Model):
    """The identity provider's account (issuer and subject, never the e-mail address, which
    may change hands) that a user signs in with."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="sso_identity",
        verbose_name=_("user"),
    )
    issuer = models.CharField(_("issuer"), max_length=limits.MAX_SSO_CODE)
    subject = models.CharField(_("subject"), max_length=limits.MAX_SSO_CODE)

    class Meta:
        verbose_name = _("single sign-on identity")
        verbose_name_plural = _("single sign-on identities")
        constraints = [
            models.UniqueConstraint(fields=["issuer", "subject"], name="sso_identity_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.issuer})"
