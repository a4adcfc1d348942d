"""Organisation, boards, departments and stakeholders.

A stakeholder's ``key`` is the id the calculation spec uses (``kommun/socialnamnd``,
``region``, ``forsakringskassan``, ``individ``); it is unique within an organisation.
Every board is also a municipal (and therefore public) stakeholder: create boards with
:func:`socinv.organisation.services.create_board`, which makes both in one transaction.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from socinv.core.limits import MAX_NAME
from socinv.web.fields import FreeCharField


class Organisation(models.Model):
    class Kind(models.TextChoices):
        MUNICIPALITY = "municipality", _("Municipality")
        REGION = "region", _("Region")

    name = FreeCharField(_("name"), max_length=MAX_NAME)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    org_number = models.CharField(
        _("organisation number"),
        max_length=11,
        blank=True,
        help_text=_("Swedish organisation number, e.g. 212000-0000."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["municipality", "region"]),
                name="organisation_kind_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def key_prefix(self) -> str:
        """The first part of a board stakeholder's key: ``kommun`` or ``region``."""
        return "region" if self.kind == self.Kind.REGION else "kommun"


class Board(models.Model):
    """A nämnd: a political committee with its own budget frame."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="boards",
        verbose_name=_("organisation"),
    )
    name = FreeCharField(_("name"), max_length=MAX_NAME)
    code = models.SlugField(
        _("code"),
        max_length=50,
        help_text=_("Short identifier, unique within the organisation, e.g. socialnamnd."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("board")
        verbose_name_plural = _("boards")
        ordering = ["organisation", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "code"], name="board_code_unique_per_organisation"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Department(models.Model):
    """A förvaltning: the administration under a board."""

    board = models.ForeignKey(
        Board,
        on_delete=models.PROTECT,
        related_name="departments",
        verbose_name=_("board"),
    )
    name = FreeCharField(_("name"), max_length=MAX_NAME)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        ordering = ["board", "name"]

    def __str__(self) -> str:
        return self.name


class Stakeholder(models.Model):
    """Who pays or gains in a calculation (aktör / intressent)."""

    class Kind(models.TextChoices):
        BOARD = "board", _("Board")
        REGION = "region", _("Region")
        STATE_AGENCY = "state_agency", _("State agency")
        INDIVIDUAL = "individual", _("Individual")
        OTHER = "other", _("Other")

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="stakeholders",
        verbose_name=_("organisation"),
    )
    key = models.CharField(
        _("key"),
        max_length=100,
        help_text=_("The id used in calculations, e.g. kommun/socialnamnd."),
    )
    name = FreeCharField(_("name"), max_length=MAX_NAME)
    municipal = models.BooleanField(
        _("municipal"),
        default=False,
        help_text=_("Counts in the municipal perspective."),
    )
    public = models.BooleanField(
        _("public"),
        default=False,
        help_text=_("Counts in the public perspective. Every municipal stakeholder is public."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    board = models.OneToOneField(
        Board,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="stakeholder",
        verbose_name=_("board"),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("stakeholder")
        verbose_name_plural = _("stakeholders")
        ordering = ["organisation", "key"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "key"], name="stakeholder_key_unique_per_organisation"
            ),
            models.CheckConstraint(
                condition=Q(municipal=False) | Q(public=True),
                name="stakeholder_municipal_implies_public",
                violation_error_message=_("A municipal stakeholder must also be public."),
            ),
            models.CheckConstraint(
                condition=(Q(kind="board") & Q(board__isnull=False))
                | (~Q(kind="board") & Q(board__isnull=True)),
                name="stakeholder_board_iff_kind_board",
                violation_error_message=_(
                    "A stakeholder of kind board must be linked to its board, and only then."
                ),
            ),
            models.CheckConstraint(
                condition=Q(kind__in=["board", "region", "state_agency", "individual", "other"]),
                name="stakeholder_kind_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.key})"
