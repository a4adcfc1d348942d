"""The calculation editor's pages. Thin: a permission check on the project
(``projects.view_project`` to look, ``projects.change_calculation`` to change), the engine
(:mod:`socinv.core.calc`) to validate and compute, and
:func:`socinv.projects.services.set_calculation` to store."""

from __future__ import annotations

import datetime
import tomllib

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_POST

from socinv.applications.models import Indicator
from socinv.catalogue.selectors import as_core
from socinv.core.calc import InputError, Problem, calculate, from_dict, parse
from socinv.core.limits import MAX_CALC_UPLOAD_BYTES
from socinv.core.problems import Refused
from socinv.io.calc_toml import dumps
from socinv.io.calc_xlsx import calculation_xlsx
from socinv.l10n import format_size
from socinv.l10n.messages import Described, localise
from socinv.organisation.models import Stakeholder
from socinv.projects.access import project_for
from socinv.projects.models import Project
from socinv.projects.services import set_calculation
from socinv.projects.simulations import calculation_of, page_context
from socinv.web.i18n import current_lang

from . import expost as ex
from . import unit_costs
from .editor import Editor, apply_row_action, build_data, empty_cost, empty_outcome
from .expost_form import ExPostForm
from .expost_form import build_data as build_expost_data
from .results import DRAWS, SEED, live_results


def catalogue_of(project: Project) -> dict[str, dict]:
    """The organisation's stakeholders, key → what the calculation declares."""
    return {
        s.key: {"name": s.name, "municipal": s.municipal, "public": s.public}
        for s in Stakeholder.objects.filter(organisation_id=project.fund.organisation_id).order_by(
            "-municipal", "-public", "name"
        )
    }


def catalogue_problems(data: dict, catalogue: dict) -> list[Problem]:
    """Stakeholders that are not in the organisation's catalogue (keys must match)."""
    problems = []
    for i, s in enumerate(data.get("stakeholders") or []):
        sid = s.get("id") if isinstance(s, dict) else None
        if isinstance(sid, str) and sid not in catalogue:
            problems.append(
                Described(
                    f"stakeholders[{i}].id",
                    gettext("%(key)r is not in the organisation's stakeholder catalogue")
                    % {"key": sid},
                )
            )
    return problems


def _posted_toml(request) -> tuple[str, list[Problem]]:
    """The TOML text of an import form: the uploaded ``toml_file`` or the pasted
    ``toml_text``, with what is wrong with the upload (too large, not UTF-8, nothing)."""
    upload = request.FILES.get("toml_file")
    text = request.POST.get("toml_text", "")
    problems: list[Problem] = []
    if upload is not None:
        if upload.size > MAX_CALC_UPLOAD_BYTES:
            limit = format_size(MAX_CALC_UPLOAD_BYTES, current_lang())
            problems.append(
                Described("", gettext("The file is larger than %(limit)s.") % {"limit": limit})
            )
        else:
            try:
                text = upload.read().decode("utf-8-sig")
            except UnicodeDecodeError:
                problems.append(Described("", gettext("The file is not UTF-8 text.")))
    if not problems and not text.strip():
        problems.append(Described("", gettext("Choose a .toml file or paste its text.")))
    return text, problems


def _problems(refused: Refused) -> list[Described]:
    """A service's refusal as the problems the editors attach by field path."""
    return [Described(r.field or "", r.message, r.code) for r in refused.refusals]


def _initial(project: Project) -> dict:
    if project.calculation_toml:
        try:
            return tomllib.loads(project.calculation_toml)
        except tomllib.TOMLDecodeError:
            pass
    return {
        "name": project.title,
        "start_year": datetime.date.today().year,
        "horizon": 5,
        "discount_rate": 0.035,
        "success_probability": 1.0,
        "stakeholders": [],
        "costs": [empty_cost()],
        "outcomes": [empty_outcome()],
    }


def units_of(project: Project):
    """The organisation's unit-cost catalogue as the engine reads it (its references)."""
    return as_core(project.fund.organisation)


def _validate(data: dict, catalogue: dict, units=None):
    """(calculation or None, problems) from the engine, plus the catalogue check."""
    problems = catalogue_problems(data, catalogue)
    try:
        calc = from_dict(data, source="calculation", catalogue=units)
        calculate(calc)  # a result that is not finite is a problem of the form too
    except InputError as exc:
        return None, list(exc.problems) + problems
    return (None if problems else calc), problems


def _results_context(calc) -> dict:
    try:
        return {"live": live_results(calc, current_lang()) if calc is not None else None}
    except InputError:  # the draws overflow where the central values did not: no figures
        return {"live": None}


def _page(request, project, data, catalogue, problems=(), status=200, import_problems=()):
    may_edit = request.user.has_perm("projects.change_calculation", project)
    editor = Editor(data, catalogue, problems, readonly=not may_edit)
    units = unit_costs.context(data, units_of(project), readonly=not may_edit)
    calc = None
    if not problems:
        calc, _problems = _validate(data, catalogue, units_of(project))
    return render(
        request,
        "calculation/editor.html",
        {
            "project": project,
            "editor": editor,
            "may_edit": may_edit,
            "import_problems": localise(import_problems, current_lang()),
            **_results_context(calc),
            **page_context(request.user, project),
            **units,
        },
        status=status,
    )


@login_required
def editor(request, pk: int):
    if request.method not in ("GET", "POST"):
        return HttpResponse(status=405)
    perm = "projects.change_calculation" if request.method == "POST" else "projects.view_project"
    project = project_for(request.user, pk, perm)
    catalogue = catalogue_of(project)
    if request.method == "GET":
        return _page(request, project, _initial(project), catalogue)
    data = build_data(request.POST, catalogue)
    action = request.POST.get("action", "save")
    unit_costs.apply_posted(request.POST, data, units_of(project), action)
    if action != "save":
        apply_row_action(data, action)
        return _page(request, project, data, catalogue)
    calc, problems = _validate(data, catalogue, units_of(project))
    if calc is None:
        return _page(request, project, data, catalogue, problems, status=400)
    try:
        set_calculation(acting_user=request.user, project=project, toml_text=dumps(data))
    except Refused as exc:  # the engine said no after all: show it, store nothing
        problems = [Described("", r.message, r.code) for r in exc.refusals]
        return _page(request, project, data, catalogue, problems, status=400)
    messages.success(request, gettext("The calculation was saved."))
    return redirect("calculation:editor", pk=project.pk)


@login_required
@require_POST
def results(request, pk: int):
    """htmx: the posted (unsaved) form → the results fragment."""
    project = project_for(request.user, pk)
    catalogue = catalogue_of(project)
    data = build_data(request.POST, catalogue)
    unit_costs.apply_posted(request.POST, data, units_of(project))
    calc, problems = _validate(data, catalogue, units_of(project))
    problems = Editor(data, catalogue).describe(problems)  # named as the form names them
    return render(
        request,
        "calculation/partials/results.html",
        {"project": project, "problems": problems, "live_unsaved": True, **_results_context(calc)},
    )


@login_required
@require_GET
def unit_cost_search(request, pk: int):
    """JSON for the editor's unit-cost search: the catalogue's entries whose label holds
    the typed words, each with its amount indexed to the calculation's price year and its
    source (``?q=…&price_year=…``)."""
    project = project_for(request.user, pk)
    query = request.GET.get("q", "")[:200]
    year = request.GET.get("price_year", "")
    price_year = int(year) if year.isdigit() and len(year) == 4 else None
    return JsonResponse(
        {"results": unit_costs.search(units_of(project), query, price_year)},
        json_dumps_params={"ensure_ascii": False},
    )


@login_required
@require_POST
def import_toml(request, pk: int):
    """A .toml file (or pasted text), validated by the engine; nothing stored on error."""
    project = project_for(request.user, pk, "projects.change_calculation")
    catalogue = catalogue_of(project)
    text, problems = _posted_toml(request)
    if not problems:
        try:
            calculate(
                parse(text, source="calculation", catalogue=units_of(project))
            )  # a result not finite: refused too
        except InputError as exc:
            problems = list(exc.problems)
        else:
            problems = catalogue_problems(tomllib.loads(text), catalogue)
    if problems:
        return _page(
            request, project, _initial(project), catalogue, status=400, import_problems=problems
        )
    set_calculation(acting_user=request.user, project=project, toml_text=text)
    messages.success(request, gettext("The calculation was imported and saved."))
    return redirect("calculation:editor", pk=project.pk)


def _filename(project: Project, ext: str) -> str:
    return (
        f"kalkyl-{project.pk}.{ext}"
        if current_lang() == "sv"
        else f"calculation-{project.pk}.{ext}"
    )


@login_required
@require_GET
def export_toml(request, pk: int):
    project = project_for(request.user, pk)
    if not project.calculation_toml:
        raise Http404
    response = HttpResponse(
        project.calculation_toml, content_type="application/toml; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{_filename(project, "toml")}"'
    return response


@login_required
@require_GET
def export_xlsx(request, pk: int):
    project = project_for(request.user, pk)
    if not project.calculation_toml:
        raise Http404
    calc = calculation_of(project)
    result = calculate(calc, draws=DRAWS, seed=SEED)
    data = calculation_xlsx(calc, result, current_lang())
    response = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="{_filename(project, "xlsx")}"'
    return response


# -- the ex-post calculation -------------------------------------------------------------------
EXPOST_PERM = ex.PERMISSION


def _expost_page(
    request, project, form_data=None, problems=(), import_problems=(), status=200, note=None
):
    record = ex.get_expost(project)
    may_change = request.user.has_perm(EXPOST_PERM, project)
    if form_data is None and record is not None:
        form_data = tomllib.loads(record.toml)
    indicators = ex.participant_indicators(project)
    chosen = record.participants_indicator_id if record else None
    if chosen is None:
        default = ex.default_participants_indicator(project)
        chosen = default.pk if default else None
    return render(
        request,
        "calculation/expost.html",
        {
            "project": project,
            "expost": record,
            "has_exante": bool(project.calculation_toml),
            "comparison": ex.comparison(project, record) if record else None,
            "form": None
            if form_data is None
            else ExPostForm(form_data, problems, readonly=not may_change),
            "may_change": may_change,
            "indicators": indicators,
            "chosen_indicator": chosen,
            "hints": ex.measured_hints(project),
            "import_problems": localise(import_problems, current_lang()),
            "sources_note": note if note is not None else (record.sources_note if record else ""),
        },
        status=status,
    )


@login_required
def expost(request, pk: int):
    """GET: ex-ante and ex-post side by side; POST: save the key figures of the form."""
    if request.method not in ("GET", "POST"):
        return HttpResponse(status=405)
    if request.method == "GET":
        return _expost_page(request, project_for(request.user, pk))
    project = project_for(request.user, pk, EXPOST_PERM)
    record = ex.get_expost(project)
    if record is None:
        raise Http404
    data = build_expost_data(request.POST, tomllib.loads(record.toml))
    note = request.POST.get("sources_note", record.sources_note)
    try:
        ex.save_expost(acting_user=request.user, project=project, data=data, sources_note=note)
    except Refused as refused:
        # the engine's problems with their values, so that the form words them in percent
        problems = ex.engine_problems(data) or _problems(refused)
        return _expost_page(request, project, data, problems, status=400, note=note)
    messages.success(request, gettext("The ex-post calculation was saved."))
    return redirect("calculation:expost", pk=project.pk)


@login_required
@require_POST
def expost_prefill(request, pk: int):
    """Create the ex-post (or start it again) from the ex-ante, the ledger and the
    measurements."""
    project = project_for(request.user, pk, EXPOST_PERM)
    indicator = ex.DEFAULT  # no field posted (e.g. from elsewhere): the default indicator
    if "participants_indicator" in request.POST:
        chosen = request.POST["participants_indicator"]
        indicator = None  # "": none, keep the ex-ante cohorts
        if chosen.isdigit():
            indicator = Indicator.objects.filter(project=project, pk=int(chosen)).first()
    try:
        ex.create_expost(
            acting_user=request.user, project=project, participants_indicator=indicator
        )
    except Refused as refused:
        if set(refused.codes) & {"no_exante", "exante_invalid"}:
            for message in refused.errors.get(None, []):
                messages.error(request, message)
            return redirect("calculation:expost", pk=project.pk)
        return _expost_page(request, project, import_problems=_problems(refused), status=400)
    messages.success(
        request,
        gettext("The ex-post calculation was filled in from the ledger and the measurements."),
    )
    return redirect("calculation:expost", pk=project.pk)


@login_required
@require_POST
def expost_import(request, pk: int):
    """A .toml file (or pasted text) as the ex-post; nothing stored when it has problems."""
    project = project_for(request.user, pk, EXPOST_PERM)
    text, problems = _posted_toml(request)
    if not problems:
        try:
            ex.import_expost(acting_user=request.user, project=project, toml_text=text)
        except Refused as refused:
            problems = _problems(refused)
    if problems:
        return _expost_page(request, project, import_problems=problems, status=400)
    messages.success(request, gettext("The ex-post calculation was imported and saved."))
    return redirect("calculation:expost", pk=project.pk)


@login_required
@require_GET
def expost_export(request, pk: int):
    project = project_for(request.user, pk)
    record = ex.get_expost(project)
    if record is None:
        raise Http404
    response = HttpResponse(record.toml, content_type="application/toml; charset=utf-8")
    name = (
        f"efterkalkyl-{project.pk}.toml" if current_lang() == "sv" else f"ex-post-{project.pk}.toml"
    )
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
