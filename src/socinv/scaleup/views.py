"""The multiplier-effects page: what entered ordinary operations, with the forms to
register it. Thin: a permission check with the object (403 for a logged-in user without
it, 404 for what does not exist), reads from :mod:`.selectors`, writes through
:mod:`.services`."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_POST

from socinv.projects.access import project_for
from socinv.projects.models import Project

from . import selectors, services
from .forms import AdoptionForm, DocumentForm, EffectForm, add_refusal


def _forms(project, **bound):
    today = {"date": timezone.localdate()}
    org = project.fund.organisation_id
    return {
        "adoption_form": bound.get("adoption_form")
        or AdoptionForm(initial=today, organisation_id=org),
        "effect_form": bound.get("effect_form") or EffectForm(initial=today),
        "document_form": bound.get("document_form") or DocumentForm(initial=today),
    }


def _page(request, project, status=200, **bound):
    may = services.may_register(request.user, project)
    return render(
        request,
        "scaleup/project.html",
        {
            "project": project,
            "data": selectors.scale_up(project),
            "may_register": may,
            "phase_open": services.phase_open(project),
            "phase_message": services.phase_message(project),
            **(_forms(project, **bound) if may and services.phase_open(project) else {}),
        },
        status=status,
    )


def _writable(request, pk: int) -> Project:
    p = project_for(request.user, pk)
    if not services.may_register(request.user, p):
        raise PermissionDenied
    return p


def _save(request, p, form, name, write, success):
    if form.is_valid():
        try:
            write(form)
        except services.ScaleUpRefused as refused:
            add_refusal(form, refused.errors)
        else:
            messages.success(request, success)
            return redirect("scaleup:project", pk=p.pk)
    return _page(request, p, status=400, **{name: form})


@login_required
@require_GET
def project(request, pk: int):
    return _page(request, project_for(request.user, pk))


@login_required
@require_POST
def add_adoption(request, pk: int):
    p = _writable(request, pk)
    form = AdoptionForm(request.POST, organisation_id=p.fund.organisation_id)
    return _save(
        request,
        p,
        form,
        "adoption_form",
        lambda f: services.register_adoption(acting_user=request.user, project=p, **f.cleaned_data),
        gettext("The adoption has been registered."),
    )


@login_required
@require_POST
def add_effect(request, pk: int):
    p = _writable(request, pk)
    form = EffectForm(request.POST)
    return _save(
        request,
        p,
        form,
        "effect_form",
        lambda f: services.register_effect(
            acting_user=request.user, project=p, **f.effect_kwargs()
        ),
        gettext("The multiplier effect has been registered."),
    )


@login_required
@require_POST
def add_document(request, pk: int):
    p = _writable(request, pk)
    form = DocumentForm(request.POST)
    return _save(
        request,
        p,
        form,
        "document_form",
        lambda f: services.register_document(acting_user=request.user, project=p, **f.cleaned_data),
        gettext("The changed document has been registered."),
    )
