"""Writes to projects, on the contract of every write service (``acting_user``'s
permission checked here, :class:`~socinv.core.problems.Refused` before anything is stored,
atomic). The calculation is validated and computed by the one engine,
:mod:`socinv.core.calc`, exactly as ``socinv calc`` does."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import get_language

from socinv.accounts.access import require
from socinv.core.calc import InputError, calculate, parse
from socinv.core.problems import Refusal, Refused
from socinv.l10n.messages import located

from .models import Project


def set_calculation(*, acting_user, project: Project, toml_text: str) -> Project:
    """Store a project's calculation and its results (``projects.change_calculation``, else
    ``PermissionDenied``), or raise :class:`Refused` with one reason per problem: the
    engine's code (:class:`socinv.core.calc.ProblemCode`), field ``toml_text``, the
    message ``path: sentence``. Nothing is stored then."""
    require(acting_user, "projects.change_calculation", project)
    try:
        calc = parse(toml_text, source="calculation")
        result = calculate(calc)  # refuses a result that is not finite (RESULT_NOT_FINITE)
    except InputError as exc:
        raise Refused(
            Refusal(str(p.code), "toml_text", located(p, get_language())) for p in exc.problems
        ) from None
    with transaction.atomic():
        project = Project.objects.select_for_update().get(pk=project.pk)
        project.calculation_toml = toml_text
        project.calculation_result = result
        project.success_probability = calc.success_probability
        project.calculation_updated_by = acting_user
        project.calculation_updated_at = timezone.now()
        project.save(
            update_fields=[
                "calculation_toml",
                "calculation_result",
                "success_probability",
                "calculation_updated_by",
                "calculation_updated_at",
            ]
        )
    return project
