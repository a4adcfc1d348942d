"""Writes for multiplier effects. Each is atomic, takes a keyword-only ``acting_user``,
checks its permission (:func:`socinv.accounts.access.require`) and its rules
(:class:`socinv.core.problems.Refused`, nothing stored), and is attributed in the audit
trail.

Registering is ``followup.register_scale_up`` (the owner, the project's own leader) and
only once the project has ended its implementation: in the phases after closing
(:data:`socinv.core.phases.AFTER_CLOSING`).

Codes: ``phase_before_closing``, ``date_required``, ``date_in_future``; ``unit_required``,
``department_other_organisation``, ``board_other_organisation``; ``kind_invalid``,
``description_required``, ``people_per_year_required``, ``before_value_required``,
``after_value_required``, ``scale_negative``; ``title_required``."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from socinv.accounts.access import require
from socinv.audit import attributed_to
from socinv.core.problems import Refusal, Refused, refuse_if
from socinv.projects.models import Project
from socinv.web.refusals import past_date

from .models import Adoption, ChangedDocument, MultiplierEffect

REGISTER = "followup.register_scale_up"


def may_register(user, project: Project) -> bool:
    return user.has_perm(REGISTER, project)


def phase_open(project: Project) -> bool:
    return project.is_after_closing


def phase_message(project: Project) -> str:
    return gettext(
        "Multiplier effects are registered when the project is closing, implemented in "
        "ordinary operations or wound down; it is now in the phase %(phase)s."
    ) % {"phase": str(Project.Phase(project.phase).label).lower()}


def _begin(acting_user, project: Project, date) -> list[Refusal]:
    """The permission and the phase (raised), and the date's refusals."""
    require(acting_user, REGISTER, project)
    if not phase_open(project):
        raise Refused.one("phase_before_closing", phase_message(project))
    return past_date("date", date)


def _required(field: str, value, code: str, message: str) -> list[Refusal]:
    return [] if (value or "").strip() else [Refusal(code, field, message)]


def _register(acting_user, item):
    """Store ``item`` as registered by ``acting_user`` now, in the audit trail."""
    with transaction.atomic(), attributed_to(acting_user):
        item.registered_by = acting_user
        item.registered_at = timezone.now()
        item.save()
    return item


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
    found = _begin(acting_user, project, date)
    org = project.fund.organisation_id
    message = gettext("Name the unit that adopted the method.")
    found += _required("unit", unit, "unit_required", message)
    if department is not None and department.board.organisation_id != org:
        message = gettext("The department belongs to another organisation.")
        found.append(Refusal("department_other_organisation", "department", message))
    if board is not None and board.organisation_id != org:
        message = gettext("The board belongs to another organisation.")
        found.append(Refusal("board_other_organisation", "board", message))
    refuse_if(found)
    adoption = Adoption(
        project=project,
        unit=unit.strip(),
        department=department,
        board=board,
        date=date,
        comment=(comment or "").strip(),
    )
    return _register(acting_user, adoption)


def _scale_refusals(before_value, after_value, unit: str) -> list[Refusal]:
    """An enlarged effect's scale before and after, with its unit."""
    found = []
    if before_value is None:
        found.append(
            Refusal("before_value_required", "before_value", gettext("Give the scale before."))
        )
    if after_value is None:
        found.append(
            Refusal("after_value_required", "after_value", gettext("Give the scale after."))
        )
    message = gettext("Give the unit of the scale, for example schools.")
    found += _required("unit", unit, "unit_required", message)
    if before_value is not None and (before_value < 0 or (after_value or 0) < 0):
        message = gettext("The scale cannot be negative.")
        found.append(Refusal("scale_negative", "before_value", message))
    return found


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
    found = _begin(acting_user, project, date)
    K = MultiplierEffect.Kind
    if kind not in K.values:
        message = gettext("Choose the kind of multiplier effect.")
        found.append(Refusal("kind_invalid", "kind", message))
    message = gettext("Describe the multiplier effect.")
    found += _required("description", description, "description_required", message)
    multiplied, enlarged = kind == K.MULTIPLIED, kind == K.ENLARGED
    if multiplied and (not people_per_year or people_per_year <= 0):
        message = gettext("Give the number of additional people reached per year.")
        found.append(Refusal("people_per_year_required", "people_per_year", message))
    if enlarged:
        found += _scale_refusals(before_value, after_value, unit)
    refuse_if(found)
    effect = MultiplierEffect(
        project=project,
        kind=kind,
        date=date,
        description=description.strip(),
        people_per_year=people_per_year if multiplied else None,
        before_value=before_value if enlarged else None,
        after_value=after_value if enlarged else None,
        unit=(unit or "").strip() if enlarged else "",
    )
    return _register(acting_user, effect)


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
    found = _begin(acting_user, project, date)
    if kind not in ChangedDocument.Kind.values:
        message = gettext("Choose routine, process or policy document.")
        found.append(Refusal("kind_invalid", "kind", message))
    found += _required("title", title, "title_required", gettext("Give the document's title."))
    refuse_if(found)
    doc = ChangedDocument(
        project=project,
        kind=kind,
        title=title.strip(),
        reference=(reference or "").strip(),
        date=date,
    )
    return _register(acting_user, doc)
