"""Writes to projects, on the contract of every write service (``acting_user``'s
permission checked here, :class:`~socinv.core.problems.Refused` before anything is stored,
atomic). The calculation is validated and computed by the one engine,
:mod:`socinv.core.calc`, exactly as ``socinv calc`` does.

Saving a calculation stores its result with a Monte Carlo run (the fund's draws and seed,
:func:`socinv.fund.selectors.simulation_settings`) and the sensitivity, as a new
:class:`~.models.StoredSimulation` stamped with the engine's version and the input's
SHA-256; :func:`recompute_calculation` adds another for the same input with the running
engine. Rows are never changed or deleted: the older ones are the history.

References to the organisation's unit-cost catalogue (``{ unit_cost = "…", quantity = …
}``) are resolved against the catalogue as it is when the calculation is saved
(:mod:`.catalogues`); the part used, its version and every reference's resolved amount are
stored beside the simulation (:class:`~.models.StoredCatalogue`). Recomputing with a newer
engine uses that stored part, so a later change of the catalogue never changes a stored
result; :func:`recalculate_with_catalogue` takes the catalogue as it is now. The fund's
haircut per evidence grade is written into a calculation with grades that has no table
of its own (:func:`socinv.core.calc.evidence.with_haircut_table`)."""

from __future__ import annotations

import tomllib

from django.db import transaction
from django.utils import timezone
from django.utils.translation import get_language, gettext

import socinv
from socinv.accounts.access import require
from socinv.core.calc import InputError, calculate, parse
from socinv.core.calc.catalogue import Catalogue, part_version, used_part
from socinv.core.calc.evidence import with_haircut_table
from socinv.core.calc.stamp import input_sha256
from socinv.core.problems import Refusal, Refused
from socinv.fund.selectors import simulation_settings
from socinv.l10n.messages import located

from . import catalogues
from .models import Project, StoredCatalogue, StoredSimulation
from .simulations import stored_catalogue


def _computed(project: Project, toml_text: str, catalogue: Catalogue | None = None):
    """(calculation, full result, draws, seed) or :class:`Refused` naming each problem."""
    draws, seed = simulation_settings(project.fund)
    try:
        calc = parse(toml_text, source="calculation", catalogue=catalogue)
        # refuses a result that is not finite (RESULT_NOT_FINITE), the draws' too
        result = calculate(calc, draws=draws, seed=seed, sensitivity=True)
    except InputError as exc:
        raise Refused(
            Refusal(str(p.code), "toml_text", located(p, get_language())) for p in exc.problems
        ) from None
    return calc, result, draws, seed


def _store(
    project: Project,
    *,
    acting_user,
    toml_text: str,
    result: dict,
    draws: int,
    seed: int,
    reason,
    catalogue: Catalogue | None = None,
) -> StoredSimulation:
    run = StoredSimulation.objects.create(
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
    part = used_part(catalogue, tomllib.loads(toml_text))
    if part:
        StoredCatalogue.objects.create(
            simulation=run,
            version=part_version(part),
            catalogue=part,
            uses=result.get("unit_costs", []),
            recorded_by=acting_user,
            recorded_at=run.recorded_at,
        )
    return run


def set_calculation(
    *, acting_user, project: Project, toml_text: str, catalogue: Catalogue | None = None
) -> Project:
    """Store a project's calculation and its results (``projects.change_calculation``, else
    ``PermissionDenied``), or raise :class:`Refused` with one reason per problem: the
    engine's code (:class:`socinv.core.calc.ProblemCode`), field ``toml_text``, the
    message ``path: sentence``. Nothing is stored then. The results are stored as a new
    :class:`StoredSimulation` too (its Monte Carlo run with the fund's draws and seed).
    References are resolved against ``catalogue`` (default: the organisation's as it is
    now); the fund's haircut table is written into a graded calculation without one."""
    require(acting_user, "projects.change_calculation", project)
    if catalogue is None:
        catalogue = catalogues.current(project.fund.organisation)
    table = catalogues.haircuts(project.fund)
    if table is not None:
        toml_text = with_haircut_table(toml_text, table)
    calc, result, draws, seed = _computed(project, toml_text, catalogue)
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
            catalogue=catalogue,
        )
    return project


def recompute_calculation(*, acting_user, project: Project) -> StoredSimulation:
    """Compute the project's stored calculation again with the running engine and the
    fund's current draws and seed (``projects.change_calculation``), store it as a new
    :class:`StoredSimulation` (``recomputed``) and as the project's current result. The
    input text is unchanged, and so is the catalogue: its references are resolved against
    the part of the catalogue the current result used. The earlier stored results stay as
    the history. Refused when the project has no calculation or the running engine
    refuses its input."""
    return _again(acting_user=acting_user, project=project, with_catalogue=False)


def recalculate_with_catalogue(*, acting_user, project: Project) -> StoredSimulation:
    """Compute the project's stored calculation again with the organisation's unit-cost
    catalogue as it is now (``projects.change_calculation``), after the catalogue changed
    since the stored result: a new :class:`StoredSimulation` (``catalogue``) with the new
    part and version, the project's current result. The earlier ones stay as the history.
    Refused like :func:`recompute_calculation`, and when a reference no longer resolves
    (e.g. a unit cost removed from the catalogue)."""
    return _again(acting_user=acting_user, project=project, with_catalogue=True)


def _again(*, acting_user, project: Project, with_catalogue: bool) -> StoredSimulation:
    require(acting_user, "projects.change_calculation", project)
    with transaction.atomic():
        project = Project.objects.select_for_update().get(pk=project.pk)
        text = project.calculation_toml
        if not text:
            raise Refused(
                [Refusal("required", "calculation_toml", gettext("The calculation is missing."))]
            )
        if with_catalogue:
            catalogue = catalogues.current(project.fund.organisation)
            reason = StoredSimulation.Reason.CATALOGUE
        else:
            catalogue = stored_catalogue(project)
            reason = StoredSimulation.Reason.RECOMPUTED
        _calc, result, draws, seed = _computed(project, text, catalogue)
        project.calculation_result = result
        project.save(update_fields=["calculation_result"])
        return _store(
            project,
            acting_user=acting_user,
            toml_text=text,
            result=result,
            draws=draws,
            seed=seed,
            reason=reason,
            catalogue=catalogue,
        )
