"""The phase page: a project's timeline of gates and the form for the next gate(s).
Thin: the one access helper (404 for what does not exist or lies outside the user's
organisations, 403 for a permission the role lacks), reads from :mod:`.selectors`, writes
through :mod:`.services`."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_POST

from socinv.accounts.access import require
from socinv.core.phases import is_gate
from socinv.core.problems import Refused
from socinv.projects.access import project_for
from socinv.projects.models import Project
from socinv.web import once
from socinv.web.forms import add_refusal

from . import selectors, services
from .forms import GateForm
from .models import Gate


def _gate_forms(request, project, bound: GateForm | None = None, bound_gate: str = ""):
    """(gate, label, form) for each gate open to the project, when the user may pass it."""
    if not request.user.has_perm("followup.pass_gate", project):
        return []
    out = []
    for gate in selectors.next_gates(project):
        if gate == bound_gate and bound is not None:
            form = bound
        else:
            questions = services.ensure_gate_questions(project.fund, gate, acting_user=request.user)
            form = GateForm(
                questions=questions, prefix=gate, initial={"date": timezone.localdate()}
            )
        out.append((gate, Gate(gate).label, form))
    return out


def _page(request, project, forms, status=200):
    return render(
        request,
        "phases/project.html",
        {
            "project": project,
            "timeline": selectors.timeline(project),
            "gate_forms": forms,
            "may_pass": request.user.has_perm("followup.pass_gate", project),
        },
        status=status,
    )


@login_required
@require_GET
def project(request, pk: int):
    p = project_for(request.user, pk)
    return _page(request, p, _gate_forms(request, p))


@login_required
@require_POST
@once.guarded
def pass_gate(request, pk: int, gate: str):
    p = project_for(request.user, pk)
    if not is_gate(gate):
        raise Http404
    require(request.user, "followup.pass_gate", p)
    closed = services.gate_refusal(p, gate)
    if closed is not None:
        # the gate does not start at the current phase, or the phase was left already
        for refusal in closed.refusals:
            messages.error(request, refusal.message)
        return _page(request, p, _gate_forms(request, p), status=400)
    questions = services.ensure_gate_questions(p.fund, gate, acting_user=request.user)
    form = GateForm(request.POST, questions=questions, prefix=gate)
    if form.is_valid():
        try:
            return once.submit(
                request,
                lambda: services.pass_gate(
                    acting_user=request.user, project=p, to_phase=gate, **form.pass_kwargs()
                ),
                lambda _: (
                    reverse("phases:project", args=[p.pk]),
                    gettext("The gate has been passed: the project is now in the phase %(phase)s.")
                    % {"phase": str(Project.Phase(gate).label).lower()},
                ),
            )
        except Refused as refused:
            add_refusal(form, refused)
    return _page(request, p, _gate_forms(request, p, form, gate), status=400)
