"""Writes to projects, on the contract of every write service (``acting_user``'s
permission checked here, :class:`~socinv.core.problems.Refused` before anything is stored,
atomic). The calculation is validated and computed by the one engine,
:mod:`socinv.core.calc`, exactly as ``socinv calc`` does.

Saving a calculation stores its result with a Monte Carlo run (the fund's draws and seed,
:func:`socinv.fund.selectors.simulation_settings`) and the sensitivity, as a new
:class:`~.models.StoredSimulation` stamped with the engine's version and the input's
SHA-256; :func:`recompute_calculation` adds another for the same input with the running
engine. Rows are never changed or deleted: the older ones are the history."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import get_language, gettext

import socinv
from socinv.accounts.access import require
from socinv.core.calc import InputError, calculate, parse
from socinv.core.calc.stamp import input_sha256
from socinv.core.problems import Refusal, Refused
from socinv.fund.selectors import simulation_settings
from socinv.l10n.messages import located

from .models import Project, StoredSimulation


def _computed(project: Project, toml_text: str):
    """(calculation, full result, draws, seed) or :class:`Refused` naming each problem."""
    draws, seed = simulation_settings(project.fund)
    try:
        calc = parse(toml_text, source="calculation")
        # refuses a result that is not finite (RESULT_NOT_FINITE), the draws' too
        result = calculate(calc, draws=draws, seed=seed, sensitivity=True)
    except InputError as exc:
        raise Refused(
            Refusal(str(p.code), "toml_text", located(p, get_language())) for p in exc.problems
        ) from None
    return calc, result, draws, seed


def _store(
    project: Project, *, acting_user, toml_text: str, result: dict, draws: int, seed: int, reason
) -> StoredSimulation:
    return StoredSimulation.objects.create(
        project=project,
        reason=reason,
        engine_version=socinv.__version__,
        input_sha256=input_sha256(toml_text),
        draws=draws,
        seed=seed,
        result=result,
        recorded_by=acting_user,
        recorded_at=timezone.now(),
    )


def set_calculation(*, acting_user, project: Project, toml_text: str) -> Project:
    """Store a project's calculation and its results (``projects.change_calculation``, else
    ``PermissionDenied``), or raise :class:`Refused` with one reason per problem: the
    engine's code (:class:`socinv.core.calc.ProblemCode`), field ``toml_text``, the
    message ``path: sentence``. Nothing is stored then. The results are stored as a new
    :class:`StoredSimulation` too (its Monte Carlo run with the fund's draws and seed)."""
    require(acting_user, "projects.change_calculation", project)
    calc, result, draws, seed = _computed(project, toml_text)
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
        _store(
            project,
            acting_user=acting_user,
            toml_text=toml_text,
            result=result,
            draws=draws,
            seed=seed,
            reason=StoredSimulation.Reason.SAVED,
        )
    return project


def recompute_calculation(*, acting_user, project: Project) -> StoredSimulation:
    """Compute the project's stored calculation again with the running engine and the
    fund's current draws and seed (``projects.change_calculation``), store it as a new
    :class:`StoredSimulation` (``recomputed``) and as the project's current result. The
    input text is unchanged; the earlier stored results stay as the history. Refused
    when the project has no calculation or the running engine refuses its input."""
    require(acting_user, "projects.change_calculation", project)
    with transaction.atomic():
        project = Project.objects.select_for_update().get(pk=project.pk)
        text = project.calculation_toml
        if not text:
            raise Refused(
                [Refusal("required", "calculation_toml", gettext("The calculation is missing."))]
            )
        _calc, result, draws, seed = _computed(project, text)
        project.calculation_result = result
        project.save(update_fields=["calculation_result"])
        return _store(
            project,
            acting_user=acting_user,
            toml_text=text,
            result=result,
            draws=draws,
            seed=seed,
            reason=StoredSimulation.Reason.RECOMPUTED,
        )
