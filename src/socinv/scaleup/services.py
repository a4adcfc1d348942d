"""Writes for multiplier effects. Each is atomic, takes a keyword-only ``acting_user``,
checks its permission and its rules, and is attributed in the audit trail.

Registering is ``followup.register_scale_up`` (the owner, the project's own leader) and
only once the project has ended its implementation: in the phases closing, scale-up
(implementation in ordinary operations) or wind-down."""

from __future__ import annotations

import datetime
from collections.abc import Mapping

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from socinv.audit import attributed_to
from socinv.projects.models import Project

from .models import Adoption, ChangedDocument, MultiplierEffect

OPEN_PHASES = (Project.Phase.CLOSING, Project.Phase.SCALE_UP, Project.Phase.WIND_DOWN)


class ScaleUpRefused(Exception):
    """The registration breaks a rule; ``errors`` maps a field name (``None``: the whole
    form) to the messages. Nothing was stored."""

    def __init__(self, errors: Mapping[str | None, list[str]]):
        self.errors = {k: list(v) for k, v in errors.items()}
        super().__init__("; ".join(m for msgs in self.errors.values() for m in msgs))


def may_register(user, project: Project) -> bool:
    return user.has_perm("followup.register_scale_up", project)


def phase_open(project: Project) -> bool:
    return project.phase in OPEN_PHASES


def phase_message(project: Project) -> str:
    return gettext(
        "Multiplier effects are registered when the project is closing, implemented in "
        "ordinary operations or wound down; it is now in the phase %(phase)s."
    ) % {"phase": str(Project.Phase(project.phase).label).lower()}


def _check(acting_user, project, date, errors) -> None:
    if not may_register(acting_user, project):
        raise PermissionDenied
    if not phase_open(project):
        raise ScaleUpRefused({None: [phase_message(project)]})
    if not isinstance(date, datetime.date):
        errors.setdefault("date", []).append(gettext("Enter the date."))
    elif date > timezone.localdate():
        errors.setdefault("date", []).append(gettext("The date cannot be in the future."))


def register_adoption(
    *,
    acting_user,
    project: Project,
    unit: str,
    date: datetime.date,
    department=None,
    board=None,
    comment: str = "",
) -> Adoption:
    """Record that ``unit`` adopted the method. ``department`` and ``board`` are optional
    and must belong to the fund's organisation."""
    errors: dict[str | None, list[str]] = {}
    _check(acting_user, project, date, errors)
    org = project.fund.organisation_id
    if not (unit or "").strip():
        errors.setdefault("unit", []).append(gettext("Name the unit that adopted the method."))
    if department is not None and department.board.organisation_id != org:
        errors.setdefault("department", []).append(
            gettext("The department belongs to another organisation.")
        )
    if board is not None and board.organisation_id != org:
        errors.setdefault("board", []).append(gettext("The board belongs to another organisation."))
    if errors:
        raise ScaleUpRefused(errors)
    with transaction.atomic(), attributed_to(acting_user):
        adoption = Adoption(
            project=project,
            unit=unit.strip(),
            department=department,
            board=board,
            date=date,
            comment=(comment or "").strip(),
            registered_by=acting_user,
            registered_at=timezone.now(),
        )
        adoption.save()
    return adoption


def register_effect(
    *,
    acting_user,
    project: Project,
    kind: str,
    date: datetime.date,
    description: str,
    people_per_year: int | None = None,
    before_value: float | None = None,
    after_value: float | None = None,
    unit: str = "",
) -> MultiplierEffect:
    """Record a multiplier effect: ``multiplied`` needs the number of additional people
    reached per year, ``enlarged`` the scale before and after with its unit, ``refined``
    the description of how the method was improved."""
    errors: dict[str | None, list[str]] = {}
    _check(acting_user, project, date, errors)

    def add(field, message):
        errors.setdefault(field, []).append(message)

    if kind not in MultiplierEffect.Kind.values:
        add("kind", gettext("Choose the kind of multiplier effect."))
    if not (description or "").strip():
        add("description", gettext("Describe the multiplier effect."))
    if kind == MultiplierEffect.Kind.MULTIPLIED:
        if not people_per_year or people_per_year <= 0:
            add(
                "people_per_year",
                gettext("Give the number of additional people reached per year."),
            )
    if kind == MultiplierEffect.Kind.ENLARGED:
        if before_value is None:
            add("before_value", gettext("Give the scale before."))
        if after_value is None:
            add("after_value", gettext("Give the scale after."))
        if not (unit or "").strip():
            add("unit", gettext("Give the unit of the scale, for example schools."))
        if before_value is not None and (before_value < 0 or (after_value or 0) < 0):
            add("before_value", gettext("The scale cannot be negative."))
    if errors:
        raise ScaleUpRefused(errors)
    multiplied = kind == MultiplierEffect.Kind.MULTIPLIED
    enlarged = kind == MultiplierEffect.Kind.ENLARGED
    with transaction.atomic(), attributed_to(acting_user):
        effect = MultiplierEffect(
            project=project,
            kind=kind,
            date=date,
            description=description.strip(),
            people_per_year=people_per_year if multiplied else None,
            before_value=before_value if enlarged else None,
            after_value=after_value if enlarged else None,
            unit=(unit or "").strip() if enlarged else "",
            registered_by=acting_user,
            registered_at=timezone.now(),
        )
        effect.save()
    return effect


def register_document(
    *,
    acting_user,
    project: Project,
    kind: str,
    title: str,
    date: datetime.date,
    reference: str = "",
) -> ChangedDocument:
    """Record a routine, process or policy document changed because of the project."""
    errors: dict[str | None, list[str]] = {}
    _check(acting_user, project, date, errors)
    if kind not in ChangedDocument.Kind.values:
        errors.setdefault("kind", []).append(gettext("Choose routine, process or policy document."))
    if not (title or "").strip():
        errors.setdefault("title", []).append(gettext("Give the document's title."))
    if errors:
        raise ScaleUpRefused(errors)
    with transaction.atomic(), attributed_to(acting_user):
        doc = ChangedDocument(
            project=project,
            kind=kind,
            title=title.strip(),
            reference=(reference or "").strip(),
            date=date,
            registered_by=acting_user,
            registered_at=timezone.now(),
        )
        doc.save()
    return doc
