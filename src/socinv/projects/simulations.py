"""Reading the stored simulations (:class:`~.models.StoredSimulation`): the project's
current one, its stamp in words ("beräknad 2026-12-02 med socinv 0.2.0, 10 000
dragningar, frö 1"), whether it is stale (computed by an older engine than the running
one, or from another input than the project's calculation) and P(NPV > 0) per
perspective. The memo, the project page, the calculation editor and the API all read
them here.

A calculation that refers to the unit-cost catalogue is marked, too, when the part of the
catalogue it uses has changed since its stored result (another version, see
:class:`~.models.StoredCatalogue`): "katalogen har ändrats sedan beslutet". Whoever reads
the stored calculation reads it with the catalogue it was stored with
(:func:`calculation_of`), never silently with today's."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass

from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

import socinv
from socinv.core.calc import PERSPECTIVES, Calculation, parse
from socinv.core.calc.catalogue import (
    Catalogue,
    catalogue_from_dict,
    part_version,
    referenced_ids,
    used_part,
)
from socinv.core.calc.stamp import check_stamp
from socinv.core.problems import Problem
from socinv.l10n import format_number
from socinv.web.i18n import current_lang

from . import catalogues
from .models import Project, StoredCatalogue, StoredSimulation


@dataclass(frozen=True)
class Stored:
    run: StoredSimulation
    problems: tuple[Problem, ...]  # why it may be stale (socinv.core.calc.stamp)
    catalogue_changed: bool = False  # the catalogue part it used is no longer the current
    decided: bool = False  # the project is past its decision

    @property
    def older_engine(self) -> bool:
        return any(p.code == "engine_older" for p in self.problems)

    @property
    def stale(self) -> bool:
        return bool(self.problems) or self.catalogue_changed

    @property
    def prob_positive(self) -> dict[str, float | None]:
        mc = (self.run.result.get("monte_carlo") or {}).get("perspectives") or {}
        return {p: (mc.get(p) or {}).get("prob_positive") for p in PERSPECTIVES}

    @property
    def sensitivity(self) -> dict[str, list[dict]] | None:
        return self.run.result.get("sensitivity")

    def stamp(self, lang: str | None = None) -> str:
        return stamp_text(self.run, lang)

    def stale_text(self) -> str:
        """Why the stored result is marked, in words ("" when it is current)."""
        reasons = []
        for p in self.problems:
            if p.code == "engine_older":
                reasons.append(
                    _(
                        "Computed with socinv %(stored)s, older than the running %(running)s: "
                        "recompute it to get the current engine's figures."
                    )
                    % dict(p.params)
                )
            else:
                reasons.append(
                    _("The stored result was computed from another version of the calculation.")
                )
        if self.catalogue_changed:
            reasons.append(
                _(
                    "The unit-cost catalogue has changed since the decision; recalculate to "
                    "use its current amounts."
                )
                if self.decided
                else _(
                    "The unit-cost catalogue has changed since the result was stored; "
                    "recalculate to use its current amounts."
                )
            )
        return " ".join(reasons)


def stamp_text(run: StoredSimulation, lang: str | None = None) -> str:
    """ "computed 2026-12-02 with socinv 0.2.0, 10 000 draws, seed 1" (Swedish:
    "beräknad 2026-12-02 med socinv 0.2.0, 10 000 dragningar, frö 1")."""
    lang = lang or current_lang()
    when = timezone.localtime(run.recorded_at).date().isoformat()
    return _("computed %(date)s with socinv %(version)s, %(draws)s draws, seed %(seed)s") % {
        "date": when,
        "version": run.engine_version,
        "draws": format_number(run.draws, 0, lang),
        "seed": run.seed,
    }


def latest(project: Project) -> StoredSimulation | None:
    return latest_runs([project]).get(project.pk)


def stored(project: Project, run: StoredSimulation | None = None) -> Stored | None:
    """The project's current stored simulation (or ``run``) with its stale marks, or None
    (:func:`stored_many` for the one project)."""
    run = run if run is not None else latest(project)
    if run is None:
        return None
    return stored_many([(project, run)])[project.pk]


def _mapping(text: str) -> dict:
    try:
        return tomllib.loads(text or "")
    except tomllib.TOMLDecodeError:
        return {}


def stored_catalogue(project: Project) -> Catalogue | None:
    """The part of the catalogue the project's current stored result was computed with, as
    the core's catalogue (None when it made no reference): :func:`stored_catalogues` for
    the one project."""
    return stored_catalogues([project]).get(project.pk)


def calculation_of(project: Project, source: str = "calculation") -> Calculation:
    """The project's stored calculation, its references resolved with the catalogue part
    its stored result used (what the memo, the projection and the exports read)."""
    return calculation_with(project, stored_catalogue(project), source)


def history(project: Project) -> list[StoredSimulation]:
    """Every stored simulation of the project, newest first."""
    return list(
        StoredSimulation.objects.filter(project_id=project.pk)
        .select_related("recorded_by")
        .order_by("-id")
    )


def page_context(user, project: Project) -> dict:
    """What ``projects/partials/stored_simulation.html`` shows: the project's current
    stored simulation, its P(NPV > 0) per perspective and whether ``user`` may recompute."""
    from socinv.web import measures

    current = stored(project)
    labels = measures.perspective_labels()
    columns = []
    if current is not None:
        prob = current.prob_positive
        columns = [{"label": labels[p], "value": prob[p]} for p in PERSPECTIVES]
    return {
        "stored": current,
        "stored_columns": columns,
        "may_recompute": user.has_perm("projects.change_calculation", project),
        "stored_units": _units_of(current.run) if current is not None else [],
    }


def _units_of(run: StoredSimulation) -> list[dict]:
    """The stored result's references with their labels: what each stood for when stored."""
    part = stored_parts([run]).get(run.pk)
    if part is None:
        return []
    labels = {u["id"]: u for u in part.catalogue.get("unit_costs", [])}
    return [
        {
            **use,
            "label": labels.get(use.get("id"), {}).get("label", use.get("id")),
            "unit": labels.get(use.get("id"), {}).get("unit", ""),
            "amount": (use.get("quantity") or 0) * (use.get("indexed_unit_amount") or 0),
        }
        for use in part.uses
    ]


# --- many projects at once (the overview and the fund projection read every project's) ---


def latest_runs(projects) -> dict[int, StoredSimulation]:
    """Project id → its current stored simulation (the latest stored), in one query."""
    last = (
        StoredSimulation.objects.filter(project__in=projects)
        .values_list("project_id")
        .annotate(last=Max("id"))
        .order_by()
        .values_list("last", flat=True)
    )
    return {r.project_id: r for r in StoredSimulation.objects.filter(pk__in=last)}


def stored_parts(runs) -> dict[int, StoredCatalogue]:
    """Stored simulation id → the catalogue part it was computed with, one query."""
    return {p.simulation_id: p for p in StoredCatalogue.objects.filter(simulation__in=runs)}


def stored_catalogues(projects) -> dict[int, Catalogue | None]:
    """Project id → the catalogue part its current stored result was computed with, as
    the core's catalogue (None when it made no reference), for many projects in two
    queries."""
    runs = latest_runs(projects)
    parts = stored_parts(list(runs.values()))
    out: dict[int, Catalogue | None] = {}
    for project_id, run in runs.items():
        part = parts.get(run.pk)
        out[project_id] = catalogue_from_dict(part.catalogue, "stored catalogue") if part else None
    return out


def calculation_with(
    project: Project, catalogue: Catalogue | None, source: str = "calculation"
) -> Calculation:
    """The project's stored calculation, its references resolved with ``catalogue``, the
    stored catalogue part (:func:`stored_catalogues`)."""
    return parse(project.calculation_toml, source=source, catalogue=catalogue)


def stored_many(pairs) -> dict[int, Stored]:
    """Project id → its stored simulation ``run`` with its stale marks, for many (project,
    run) pairs: computed by an older engine or from another input than
    the project's calculation (:func:`socinv.core.calc.stamp.check_stamp`), the catalogue
    part it used no longer the current. The stored catalogue parts in one query and the
    organisation's current catalogue read once, both only when a calculation makes
    references."""
    pairs = [(project, run, _mapping(project.calculation_toml)) for project, run in pairs]
    referring = [run for _p, run, data in pairs if referenced_ids(data)]
    parts = stored_parts(referring) if referring else {}
    current: dict = {}
    out = {}
    for project, run, data in pairs:
        problems = check_stamp(
            stored_version=run.engine_version,
            stored_sha256=run.input_sha256,
            running_version=socinv.__version__,
            text=project.calculation_toml,
        )
        changed = False
        if referenced_ids(data):
            organisation = project.fund.organisation
            if organisation.pk not in current:
                current[organisation.pk] = catalogues.current(organisation)
            now = part_version(used_part(current[organisation.pk], data))
            part = parts.get(run.pk)
            changed = now != (part.version if part else "")
        decided = project.phase != Project.Phase.APPLICATION
        out[project.pk] = Stored(run, tuple(problems), changed, decided)
    return out
