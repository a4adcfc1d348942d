"""The multiplier-effects page: what entered ordinary operations, with the forms to
register it. Thin: the one access helper (404 for what does not exist or lies outside the
user's organisations, 403 for a permission the role lacks), reads from :mod:`.selectors`,
writes through :mod:`.services`."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST

from socinv.core.problems import Refused
from socinv.projects.access import project_for
from socinv.web.forms import add_refusal

from . import selectors, services
from .forms import AdoptionForm, DocumentForm, EffectForm

FORMS = {"adoption_form": AdoptionForm, "effect_form": EffectForm, "document_form": DocumentForm}


def _forms(project, **bound):
    today = {"date": timezone.localdate()}
    return {
        name: bound.get(name) or form_class(initial=today, project=project)
        for name, form_class in FORMS.items()
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


def _registration(name: str, service, success: str):
    """The view that posts the form ``name`` to ``service``: the project (404 out of
    reach, 403 without the right to register), the page again with the form's errors or
    the refusal (400), else back to the page with ``success``."""

    @login_required
    @require_POST
    def view(request, pk: int):
        p = project_for(request.user, pk, services.REGISTER)
        form = FORMS[name](request.POST, project=p)
        if form.is_valid():
            try:
                service(acting_user=request.user, project=p, **form.service_kwargs())
            except Refused as refused:
                add_refusal(form, refused)
            else:
                messages.success(request, str(success))
                return redirect("scaleup:project", pk=p.pk)
        return _page(request, p, status=400, **{name: form})

    return view


@login_required
@require_GET
def project(request, pk: int):
    return _page(request, project_for(request.user, pk))


add_adoption = _registration(
    "adoption_form", services.register_adoption, _("The adoption has been registered.")
)
add_effect = _registration(
    "effect_form", services.register_effect, _("The multiplier effect has been registered.")
)
add_document = _registration(
    "document_form", services.register_document, _("The changed document has been registered.")
)
