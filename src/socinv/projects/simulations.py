"""Reading the stored simulations (:class:`~.models.StoredSimulation`): the project's
current one, its stamp in words ("beräknad 2026-12-02 med socinv 0.2.0, 10 000
dragningar, frö 1"), whether it is stale (computed by an older engine than the running
one, or from another input than the project's calculation) and P(NPV > 0) per
perspective. The memo, the project page, the calculation editor and the API all read
them here."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

import socinv
from socinv.core.calc import PERSPECTIVES
from socinv.core.calc.stamp import check_stamp
from socinv.core.problems import Problem
from socinv.l10n import format_number
from socinv.web.i18n import current_lang

from .models import Project, StoredSimulation


@dataclass(frozen=True)
class Stored:
    run: StoredSimulation
    problems: tuple[Problem, ...]  # why it may be stale (socinv.core.calc.stamp)

    @property
    def older_engine(self) -> bool:
        return any(p.code == "engine_older" for p in self.problems)

    @property
    def stale(self) -> bool:
        return bool(self.problems)

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
    return StoredSimulation.objects.filter(project_id=project.pk).order_by("-id").first()


def stored(project: Project, run: StoredSimulation | None = None) -> Stored | None:
    """The project's current stored simulation with its stale marks, or None."""
    run = run if run is not None else latest(project)
    if run is None:
        return None
    problems = check_stamp(
        stored_version=run.engine_version,
        stored_sha256=run.input_sha256,
        running_version=socinv.__version__,
        text=project.calculation_toml,
    )
    return Stored(run, tuple(problems))


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
    }
