"""Writing measurements, on the contract of every write service: verb-named, atomic, a
keyword-only ``acting_user`` who needs ``followup.report_measurements`` on the project
(checked here with :func:`socinv.accounts.access.require`) and to whom the change is
attributed in the audit trail.

* :func:`import_measurements`: a whole file, all or nothing (:mod:`.imports`; a Kolada
  file for a project with indicators linked to Kolada: :func:`.kolada.import_kolada`); a
  refused file gives a :class:`~.imports.Report` listing every problem;
* :func:`report_measurement`: one measurement reported by hand;
* :func:`correct_measurement`: a measurement corrected, with a reason.

Refusals: :class:`socinv.core.problems.Refused`, before anything is stored. Codes:
``personal_number`` and ``max_length`` (field ``comment`` or ``reason``),
``already_reported`` (``period``), ``reason_required`` (``reason``),
``nothing_to_correct`` (``correct``, the form's box).
"""

from __future__ import annotations

import io
import shutil
import tempfile
from typing import BinaryIO

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from socinv.accounts.access import require
from socinv.applications.models import Indicator
from socinv.audit import attribute
from socinv.core.limits import MAX_CHANGE_REASON
from socinv.core.problems import Refusal, Refused, refuse_if
from socinv.io.measurements.formats import BLOCK_SIZE, detect_format
from socinv.web.guards import value_refusals
from socinv.web.refusals import personal_number, validated
from socinv.web.validators import MaxLength

from . import imports
from .imports import PERMISSION, Problem, Report
from .kolada import import_kolada
from .models import KoladaLink, Measurement

__all__ = [
    "PERMISSION",
    "Problem",
    "Report",
    "correct_measurement",
    "import_measurements",
    "may_report",
    "report_measurement",
]


def import_measurements(
    *,
    acting_user,
    project,
    data: bytes | None = None,
    file: BinaryIO | None = None,
    filename: str,
    dry_run: bool = False,
    municipality: str | None = None,
) -> Report:
    """Import a measurements file into ``project``, all or nothing: a Kolada file (JSON)
    for a project with indicators linked to Kolada sets their baselines and comparison
    values (:func:`.kolada.import_kolada`); any other file is measurements
    (:func:`.imports.import_measurements`, by indicator name). ``acting_user`` needs
    ``followup.report_measurements`` (checked before the file is read)."""
    require(acting_user, PERMISSION, project)
    if KoladaLink.objects.filter(indicator__project=project).exists():
        if file is None:
            file = io.BytesIO(data or b"")
        elif not imports._seekable(file):
            copy = tempfile.TemporaryFile()
            shutil.copyfileobj(file, copy)
            copy.seek(0)
            file = copy
        start = file.tell()
        head = file.read(BLOCK_SIZE)
        more = bool(file.read(1))
        file.seek(start)
        if detect_format(head, filename or "", more) == "json":
            return import_kolada(
                acting_user=acting_user,
                project=project,
                data=file.read(),
                filename=filename,
                dry_run=dry_run,
                municipality=municipality,
            )
        data = None
    return imports.import_measurements(
        acting_user=acting_user,
        project=project,
        data=data,
        file=file,
        filename=filename,
        dry_run=dry_run,
        municipality=municipality,
    )


def may_report(user, project) -> bool:
    """Whether ``user`` may report measurements for ``project`` (the rule
    ``followup.report_measurements``: the fund's owner and economist, the project's own
    leader): what the pages ask before they offer the forms."""
    return bool(
        user and user.is_authenticated and user.is_active and user.has_perm(PERMISSION, project)
    )


def _reason_refusals(reason: str) -> list[Refusal]:
    """A correction's reason: required, no personal identity number, at most
    :data:`~socinv.core.limits.MAX_CHANGE_REASON` characters (refused, never cut)."""
    if not reason:
        return [Refusal("reason_required", "reason", _("Say why the measurement is corrected."))]
    too_long = MaxLength(MAX_CHANGE_REASON, _("reason for the correction"))
    return personal_number("reason", reason) + validated(lambda: too_long(reason), "reason")


def _already_reported() -> Refused:
    return Refused.one(
        "already_reported",
        _(
            "This indicator already has a measurement for the period. To change it, tick "
            "the correction box and give a reason; otherwise choose another period."
        ),
        "period",
    )


def report_measurement(
    *,
    acting_user,
    indicator: Indicator,
    period: str,
    value: float,
    comparison_value: float | None = None,
    individuals: int | None = None,
    comparison_individuals: int | None = None,
    comment: str = "",
) -> Measurement:
    """Store one measurement reported by hand; ``period`` is normalised. Refused
    (``already_reported``) when the period has a measurement already (a reported
    measurement is not overwritten: its history stays as it was imported or reported),
    and (``personal_number``, ``max_length``) when the model refuses the comment."""
    require(acting_user, PERMISSION, indicator.project)
    refuse_if(value_refusals(Measurement, "comment", comment))
    if Measurement.objects.filter(indicator=indicator, period=period).exists():
        raise _already_reported()
    try:
        with transaction.atomic():
            m = Measurement(
                indicator=indicator,
                period=period,
                value=value,
                comparison_value=comparison_value,
                individuals=individuals,
                comparison_individuals=comparison_individuals,
                comment=comment,
                reported_by=acting_user,
            )
            attribute(m, acting_user)
            m.save()
    except IntegrityError:  # reported at the same moment by someone else
        raise _already_reported() from None
    return m


def correct_measurement(
    *,
    acting_user,
    indicator: Indicator,
    period: str,
    value: float,
    reason: str,
    comparison_value: float | None = None,
    individuals: int | None = None,
    comparison_individuals: int | None = None,
    comment: str = "",
) -> Measurement:
    """Correct the measurement of ``indicator`` for ``period``. Nothing is deleted: the
    earlier values stay in the measurement's history, and the new history row names
    ``acting_user`` and carries ``reason``. The corrected measurement counts as reported
    by ``acting_user``. Refused: ``reason_required``, ``personal_number`` (in the comment
    or the reason), ``nothing_to_correct``."""
    require(acting_user, PERMISSION, indicator.project)
    reason = (reason or "").strip()
    refuse_if([*value_refusals(Measurement, "comment", comment), *_reason_refusals(reason)])
    with transaction.atomic():
        m = (
            Measurement.objects.select_for_update()
            .filter(indicator=indicator, period=period)
            .first()
        )
        if m is None:
            raise Refused.one(
                "nothing_to_correct",
                _("There is no measurement for this period to correct."),
                "correct",
            )
        m.value = value
        m.comparison_value = comparison_value
        m.individuals = individuals
        m.comparison_individuals = comparison_individuals
        m.comment = comment
        m.reported_by = acting_user
        m._change_reason = reason
        attribute(m, acting_user)
        m.save()
    return m
