"""Writes to projects. The calculation is validated and computed by the one engine,
:mod:`socinv.core.calc`, exactly as ``socinv calc`` does."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import get_language

from socinv.core.calc import InputError, calculate, parse
from socinv.l10n.messages import located

from .models import Project


def set_calculation(*, acting_user, project: Project, toml_text: str) -> Project:
    """Store a project's calculation and its results, or raise ``ValidationError`` listing
    every problem by field path (nothing is stored then)."""
    try:
        calc = parse(toml_text, source="calculation")
    except InputError as exc:
        problems = [located(p, get_language()) for p in exc.problems]
        raise ValidationError(problems, code="invalid_calculation") from None
    result = calculate(calc)
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
