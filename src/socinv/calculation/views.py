"""The calculation editor's pages. Thin: a permission check on the project
(``fund.view_project`` to look, ``fund.change_calculation`` to change), the engine
(:mod:`socinv.core.calc`) to validate and compute, and
:func:`socinv.fund.projects.set_calculation` to store."""

from __future__ import annotations

import datetime
import tomllib

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language, gettext
from django.views.decorators.http import require_GET, require_POST

from socinv.core.calc import InputError, Problem, from_dict, parse
from socinv.fund.models import Project
from socinv.fund.projects import set_calculation
from socinv.io.calc_toml import dumps
from socinv.organisation.models import Stakeholder

from .editor import Editor, apply_row_action, build_data, empty_cost, empty_outcome
from .results import live_results

MAX_UPLOAD = 512 * 1024


def _lang() -> str:
    return "en" if (get_language() or "sv").startswith("en") else "sv"


def _project(request, pk: int, perm: str = "fund.view_project") -> Project:
    project = get_object_or_404(Project.objects.select_related("fund", "fund__organisation"), pk=pk)
    if not request.user.has_perm(perm, project):
        raise PermissionDenied
    return project


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
                Problem(
                    f"stakeholders[{i}].id",
                    gettext("%(key)r is not in the organisation's stakeholder catalogue")
                    % {"key": sid},
                )
            )
    return problems


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


def _validate(data: dict, catalogue: dict):
    """(calculation or None, problems) from the engine, plus the catalogue check."""
    problems = catalogue_problems(data, catalogue)
    try:
        calc = from_dict(data, source="calculation")
    except InputError as exc:
        return None, list(exc.problems) + problems
    return (None if problems else calc), problems


def _results_context(calc) -> dict:
    return {"live": live_results(calc, _lang()) if calc is not None else None}


def _page(request, project, data, catalogue, problems=(), status=200, import_problems=()):
    may_edit = request.user.has_perm("fund.change_calculation", project)
    editor = Editor(data, catalogue, problems, readonly=not may_edit)
    calc = None
    if not problems:
        calc, _problems = _validate(data, catalogue)
    return render(
        request,
        "calculation/editor.html",
        {
            "project": project,
            "editor": editor,
            "may_edit": may_edit,
            "import_problems": import_problems,
            **_results_context(calc),
        },
        status=status,
    )


@login_required
def editor(request, pk: int):
    project = _project(request, pk)
    catalogue = catalogue_of(project)
    if request.method == "GET":
        return _page(request, project, _initial(project), catalogue)
    if request.method != "POST":
        return HttpResponse(status=405)
    if not request.user.has_perm("fund.change_calculation", project):
        raise PermissionDenied
    data = build_data(request.POST, catalogue)
    action = request.POST.get("action", "save")
    if action != "save":
        apply_row_action(data, action)
        return _page(request, project, data, catalogue)
    calc, problems = _validate(data, catalogue)
    if calc is None:
        return _page(request, project, data, catalogue, problems, status=400)
    try:
        set_calculation(acting_user=request.user, project=project, toml_text=dumps(data))
    except ValidationError as exc:  # the engine said no after all: show it, store nothing
        problems = [Problem("", m) for m in exc.messages]
        return _page(request, project, data, catalogue, problems, status=400)
    messages.success(request, gettext("The calculation was saved."))
    return redirect("calculation:editor", pk=project.pk)


@login_required
@require_POST
def results(request, pk: int):
    """htmx: the posted (unsaved) form → the results fragment."""
    project = _project(request, pk)
    catalogue = catalogue_of(project)
    data = build_data(request.POST, catalogue)
    calc, problems = _validate(data, catalogue)
    return render(
        request,
        "calculation/partials/results.html",
        {"project": project, "problems": problems, "live_unsaved": True, **_results_context(calc)},
    )


@login_required
@require_POST
def import_toml(request, pk: int):
    """A .toml file (or pasted text), validated by the engine; nothing stored on error."""
    project = _project(request, pk, "fund.change_calculation")
    catalogue = catalogue_of(project)
    upload = request.FILES.get("toml_file")
    text = request.POST.get("toml_text", "")
    problems: list[Problem] = []
    if upload is not None:
        if upload.size > MAX_UPLOAD:
            problems.append(Problem("", gettext("The file is larger than 512 kB.")))
        else:
            try:
                text = upload.read().decode("utf-8-sig")
            except UnicodeDecodeError:
                problems.append(Problem("", gettext("The file is not UTF-8 text.")))
    if not problems and not text.strip():
        problems.append(Problem("", gettext("Choose a .toml file or paste its text.")))
    if not problems:
        try:
            parse(text, source="calculation")
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
    return f"kalkyl-{project.pk}.{ext}" if _lang() == "sv" else f"calculation-{project.pk}.{ext}"


@login_required
@require_GET
def export_toml(request, pk: int):
    project = _project(request, pk)
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
    from socinv.core.calc import calculate
    from socinv.io.calc_xlsx import calculation_xlsx

    from .results import DRAWS, SEED

    project = _project(request, pk)
    if not project.calculation_toml:
        raise Http404
    calc = parse(project.calculation_toml, source="calculation")
    result = calculate(calc, draws=DRAWS, seed=SEED)
    data = calculation_xlsx(calc, result, _lang())
    response = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="{_filename(project, "xlsx")}"'
    return response
