"""The ex-post calculation (efterkalkyl): the prefill and the writes (the reads are in
:mod:`.expost_selectors`, re-exported here).

The ex-post is the project's own calculation (the ex-ante TOML on
``Project.calculation_toml``) rerun with what actually happened. It is the spec's TOML
(shared/spec/calculation.md), validated and computed by the one engine
(:func:`socinv.core.calc.from_dict` / :func:`~socinv.core.calc.calculate`), and stored in
:class:`~socinv.calculation.models.ExPostCalculation` (one per project, with history).

How :func:`prefill` fills in what the system knows (everything stays editable after):

* **Fixed values.** The ex-post describes what happened, so every distribution of the
  ex-ante is replaced by the central value the engine uses (mean, mode, midpoint, clipped
  as the spec says) and ``success_probability`` is set to 1 (the measured effects already
  say whether the method worked). Then the expected NPV equals the NPV.
* **Realised costs = the fund's disbursements.** The fund finances the municipality's
  project costs, so every ex-ante cost line whose stakeholder is *municipal* is replaced
  by one line per (board, calendar year) of the project's *effective* disbursements in
  the ledger (a disbursement that was reversed counts for nothing, as in the balances):
  ``label = "Utbetalning från fonden <year> (<board>)"``, ``years = [year − start_year]``,
  ``amount`` = the year's sum in kronor. The line's stakeholder is the board's stakeholder
  in the organisation's catalogue (``kommun/<code>``, added to ``[[stakeholders]]`` when the
  ex-ante lacked it); a disbursement without a board goes to the first municipal
  stakeholder of the replaced lines. A disbursement before ``start_year`` is counted in
  year index 0, one after the horizon in the last year (both said in the note). Cost lines
  of other stakeholders (Arbetsförmedlingen's time, the region's) are not in the ledger:
  they are kept, at their central values, and follow the realised cohorts when they are
  per participant. A project with no disbursements keeps its ex-ante cost lines.
* **Participants per cohort from measurements.** The chosen indicator (by default the
  first *output*-level indicator that has measurements) is read as "new participants in
  the year": for each calendar year the latest measurement in that year (2026-Q4 after
  2026-Q1) gives the cohort, its ``individuals`` when reported, else its value rounded.
  Years without a measurement keep the ex-ante cohort; years outside the horizon are
  left out (and named in the note).
* **Measured effects** are not mapped automatically (an outcome in the calculation has no
  link to an indicator): the ex-ante effect stays as the starting value and the page
  shows each outcome-level indicator's measured change beside the effect fields as a
  hint; the user sets the realised effect.

The sources note records each of these choices in words, so that a reader of the report
can see what is measured and what is still the ex-ante estimate.
"""

from __future__ import annotations

import copy
import tomllib
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from socinv.accounts.access import require
from socinv.applications.models import Indicator
from socinv.audit import attribute
from socinv.core.calc import Calculation, InputError, Problem, calculate, from_dict, parse
from socinv.core.problems import Refusal, Refused
from socinv.io.calc_toml import dumps
from socinv.l10n import format_money
from socinv.l10n.messages import localise
from socinv.organisation.models import Board, Stakeholder
from socinv.projects.models import Project
from socinv.projects.simulations import stored_catalogue
from socinv.web.i18n import current_lang

from .expost_selectors import (
    Comparison,
    comparison,
    default_participants_indicator,
    disbursements_by_year,
    get_expost,
    measured_hints,
    participant_indicators,
    participants_from_measurements,
    result_of,
)
from .models import ExPostCalculation

__all__ = [
    "DEFAULT",
    "PERMISSION",
    "Comparison",
    "Prefill",
    "comparison",
    "create_expost",
    "default_participants_indicator",
    "disbursements_by_year",
    "engine_problems",
    "get_expost",
    "import_expost",
    "measured_hints",
    "participant_indicators",
    "participants_from_measurements",
    "prefill",
    "result_of",
    "save_expost",
]

PERMISSION = "followup.change_expost"
FRACTION_KEYS = ("drop_off", "deadweight", "attribution", "displacement", "out_migration")
EFFECT_KEYS = ("baseline_rate", "relative_effect", "cases_per_participant")


def _engine(load, data) -> Calculation:
    """``load`` (``from_dict`` or ``parse``) of ``data`` as the ex-post, refused with the
    engine's problems."""
    try:
        return load(data, source="expost")
    except InputError as exc:
        raise invalid(exc.problems) from None


def engine_problems(data: dict) -> list[Problem]:
    """The engine's problems with ``data`` as the ex-post, with their parameters (the
    form words them in its own units); ``[]`` when the engine takes it."""
    try:
        calculate(from_dict(data, source="expost"))
    except InputError as exc:
        return list(exc.problems)
    return []


def invalid(problems: list[Problem]) -> Refused:
    """The engine's problems with an ex-post input as a refusal: one reason per problem,
    its code, its field path, the sentence in the user's language."""
    return Refused(
        Refusal(d.code, d.path or None, d.message) for d in localise(problems, current_lang())
    )


def _plain(v: float) -> int | float:
    """2480000.0 → 2480000 (the TOML stays readable); 0.3 stays 0.3."""
    return int(v) if float(v).is_integer() else float(v)


def _kr(ore: int) -> int | float:
    return ore // 100 if ore % 100 == 0 else ore / 100


# -- the prefill ----------------------------------------------------------------------------------
def fixed_values(data: dict, calc: Calculation) -> dict:
    """A copy of ``data`` with every distribution replaced by the engine's central value."""
    out = copy.deepcopy(data)
    for i, cost in enumerate(out.get("costs") or []):
        c = calc.costs[i]
        for key in ("amount", "amount_per_participant"):
            param = getattr(c, key)
            if key in cost and param is not None:
                cost[key] = _plain(param.central)
    for i, outcome in enumerate(out.get("outcomes") or []):
        o = calc.outcomes[i]
        for key in EFFECT_KEYS + FRACTION_KEYS:
            param = getattr(o, key)
            if key in outcome and param is not None:
                outcome[key] = _plain(param.central)
        for j, value in enumerate(outcome.get("values") or []):
            value["amount"] = _plain(o.values[j].amount.central)
    return out


def effects_note() -> str:
    return _(
        "Effects: the ex-ante values until they are set from the measured change "
        "(see the outcome indicators)."
    )


def no_indicator_note() -> str:
    return _("No indicator with measurements gives the participants: they are the ex-ante cohorts.")


@dataclass
class Prefill:
    data: dict
    note: str
    disbursements: dict[int, int] = field(default_factory=dict)  # year → öre (all boards)
    participants: dict[int, int] = field(default_factory=dict)  # year → from measurements
    indicator: Indicator | None = None


def exante_data(project: Project) -> tuple[dict, Calculation]:
    if not project.calculation_toml:
        raise Refused.one("no_exante", _("The project has no ex-ante calculation yet."))
    try:
        data = tomllib.loads(project.calculation_toml)
        calc = from_dict(data, source="calculation", catalogue=stored_catalogue(project))
    except (tomllib.TOMLDecodeError, InputError) as exc:
        raise Refused.one(
            "exante_invalid", _("The project's ex-ante calculation is not valid.")
        ) from exc
    return data, calc


def _board_stakeholders(project: Project, board_ids) -> dict[int, Stakeholder]:
    return {
        s.board_id: s
        for s in Stakeholder.objects.filter(
            organisation_id=project.fund.organisation_id, board_id__in=list(board_ids)
        )
    }


DEFAULT = "default"  # participants_indicator: the first output indicator with measurements


def prefill(project: Project, participants_indicator: Indicator | None | str = DEFAULT) -> Prefill:
    """The ex-ante TOML with the ledger's disbursements and the measured participants
    filled in (see the module's docstring for the mapping). ``participants_indicator``:
    an indicator, ``None`` for none (the ex-ante cohorts), or :data:`DEFAULT`. Raises
    ``Refused`` (``no_exante``, ``exante_invalid``)."""
    original, calc = exante_data(project)
    data = fixed_values(original, calc)
    data["success_probability"] = 1.0
    start, horizon = calc.start_year, calc.horizon
    notes = [
        _(
            "Started from the ex-ante calculation with every uncertain value at its central "
            "value and the probability that the method works set to 1."
        )
    ]

    # costs: municipal lines ← the fund's disbursements per board and year
    declared = {s.get("id"): s for s in data.get("stakeholders") or []}
    municipal = {s.id for s in calc.stakeholders if s.municipal}
    by_year = disbursements_by_year(project)
    totals = {y: sum(b.values()) for y, b in by_year.items()}
    if by_year:
        costs = data.get("costs") or []
        replaced = [c for c in costs if c.get("stakeholder") in municipal]
        kept = [c for c in costs if c.get("stakeholder") not in municipal]
        fallback = replaced[0]["stakeholder"] if replaced else next(iter(municipal), None)
        board_ids = {b for per in by_year.values() for b in per if b is not None}
        stakeholders = _board_stakeholders(project, board_ids)
        boards = {b.pk: b for b in Board.objects.filter(pk__in=board_ids)}
        lines = []
        for year, per_board in sorted(by_year.items()):
            t = min(max(year - start, 0), horizon - 1)
            if t != year - start:
                notes.append(
                    _(
                        "The disbursements of %(year)s (%(amount)s) fall outside the "
                        "calculation's years and are counted in %(counted)s."
                    )
                    % {
                        "year": year,
                        "amount": format_money(totals[year] / 100, current_lang()),
                        "counted": start + t,
                    }
                )
            for board_id, ore in per_board.items():
                s = stakeholders.get(board_id)
                if s is not None:
                    key, name = s.key, s.name
                    if key not in declared:
                        declared[key] = {
                            "id": key,
                            "name": s.name,
                            "municipal": s.municipal,
                            "public": s.public,
                        }
                        data.setdefault("stakeholders", []).append(declared[key])
                elif board_id is not None:
                    board = boards[board_id]
                    key, name = f"kommun/{board.code}", board.name
                    if key not in declared:
                        declared[key] = {"id": key, "name": name, "municipal": True, "public": True}
                        data.setdefault("stakeholders", []).append(declared[key])
                else:
                    key = fallback or "kommun"
                    name = declared.get(key, {}).get("name", _("the municipality"))
                    if key not in declared:
                        declared[key] = {"id": key, "name": name, "municipal": True, "public": True}
                        data.setdefault("stakeholders", []).append(declared[key])
                lines.append(
                    {
                        "label": _("Disbursement from the fund %(year)s (%(board)s)")
                        % {"year": year, "board": name},
                        "stakeholder": key,
                        "years": [t],
                        "amount": _kr(ore),
                    }
                )
        data["costs"] = lines + kept
        notes.append(
            _(
                "Realised costs: the fund's disbursements to the project from the ledger "
                "(%(years)s), %(total)s in all, replace the ex-ante cost lines of municipal "
                "stakeholders (number of lines replaced: %(replaced)s). Cost lines of other "
                "stakeholders keep the ex-ante estimates (number of lines: %(kept)s)."
            )
            % {
                "years": ", ".join(
                    f"{y}: {format_money(totals[y] / 100, current_lang())}" for y in sorted(totals)
                ),
                "total": format_money(sum(totals.values()) / 100, current_lang()),
                "replaced": len(replaced),
                "kept": len(kept),
            }
        )
    else:
        notes.append(
            _("The ledger has no disbursements to the project: the ex-ante costs are kept.")
        )

    # participants: the chosen output indicator's latest measurement per year
    indicator = (
        default_participants_indicator(project)
        if participants_indicator == DEFAULT
        else participants_indicator
    )
    measured: dict[int, int] = {}
    if indicator is not None:
        measured = participants_from_measurements(indicator)
        cohorts = list(calc.participants)
        used, outside = [], []
        for year, n in measured.items():
            t = year - start
            if 0 <= t < horizon:
                cohorts += [0] * (t + 1 - len(cohorts))
                cohorts[t] = n
                used.append(f"{year}: {n}")
            else:
                outside.append(str(year))
        data["participants"] = cohorts
        notes.append(
            _(
                "Participants per cohort from the indicator “%(indicator)s” (the latest "
                "measurement of each year; its number of individuals, else its value): "
                "%(used)s. Other years keep the ex-ante cohorts."
            )
            % {"indicator": indicator.name, "used": ", ".join(used) or "–"}
        )
        if outside:
            notes.append(
                _("Measurements outside the calculation's years were left out: %(years)s.")
                % {"years": ", ".join(outside)}
            )
    else:
        notes.append(no_indicator_note())
    notes.append(effects_note())
    return Prefill(data, "\n".join(notes), totals, measured, indicator)


# -- writes ---------------------------------------------------------------------------------------
def _store(*, acting_user, project, toml_text, calc, note=None, indicator=False):
    try:
        result = calculate(calc)  # a result that is not finite is refused, not stored
    except InputError as exc:
        raise invalid(exc.problems) from None
    with transaction.atomic():
        Project.objects.select_for_update().filter(pk=project.pk).first()
        expost = ExPostCalculation.objects.filter(project=project).first()
        if expost is None:
            expost = ExPostCalculation(project=project, created_by=acting_user)
        attribute(expost, acting_user)
        expost.toml = toml_text
        expost.result = result
        expost.updated_by = acting_user
        if note is not None:
            expost.sources_note = note
        if indicator is not False:
            expost.participants_indicator = indicator
        expost.save()
    return expost


def create_expost(
    *, acting_user, project: Project, participants_indicator: Indicator | None | str = DEFAULT
) -> ExPostCalculation:
    """Create (or start again) the project's ex-post from the ex-ante, the ledger and the
    measurements. Refused (nothing stored): ``no_exante``, ``exante_invalid``, or the
    engine's codes if it refuses the result."""
    require(acting_user, PERMISSION, project)
    p = prefill(project, participants_indicator)
    calc = _engine(from_dict, p.data)
    return _store(
        acting_user=acting_user,
        project=project,
        toml_text=dumps(p.data),
        calc=calc,
        note=p.note,
        indicator=p.indicator,
    )


def save_expost(
    *, acting_user, project: Project, data: dict, sources_note: str | None = None
) -> ExPostCalculation:
    """Store ``data`` (the spec's mapping) as the ex-post; refused with the engine's
    problems by field path, and nothing stored, when it is not valid."""
    require(acting_user, PERMISSION, project)
    calc = _engine(from_dict, data)
    return _store(
        acting_user=acting_user,
        project=project,
        toml_text=dumps(data),
        calc=calc,
        note=sources_note,
    )


def import_expost(
    *, acting_user, project: Project, toml_text: str, sources_note: str | None = None
) -> ExPostCalculation:
    """A TOML file as the ex-post (stored as written); refused with the engine's problems
    otherwise."""
    require(acting_user, PERMISSION, project)
    calc = _engine(parse, toml_text)
    return _store(
        acting_user=acting_user,
        project=project,
        toml_text=toml_text,
        calc=calc,
        note=sources_note,
    )
