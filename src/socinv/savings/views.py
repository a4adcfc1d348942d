"""Savings pages: a project's realised savings, proposals and receivables per board; the
forms to record a saving, confirm a repayment and confirm a write-down at closing; the
fund-wide summary. Thin: the one access helper (404 for what does not exist or lies outside
the user's organisations, 403 for a permission the role lacks), reads from
:mod:`.selectors`, writes through :mod:`.services`."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods, require_POST

from socinv.core.problems import Refused
from socinv.fund.access import fund_for
from socinv.organisation.models import Board
from socinv.projects.access import project_for
from socinv.web import once
from socinv.web.forms import add_refusal
from socinv.web.i18n import ore_to_text

from . import selectors, services
from .forms import RepaymentForm, SavingForm, WriteDownForm


def _page(request, project, saving_form=None, status=200):
    figures = selectors.project_savings(project)
    user = request.user
    may_record = user.has_perm("followup.record_saving", project)
    if saving_form is None and may_record:
        saving_form = SavingForm(project=project)
    return render(
        request,
        "savings/project.html",
        {
            "project": project,
            "figures": figures,
            "may_record": may_record,
            "may_repay": user.has_perm("followup.confirm_repayment", project),
            "may_write_down": user.has_perm("followup.confirm_write_down", project),
            "form": saving_form,
            "this_year": selectors.today().year,
        },
        status=status,
    )


@login_required
@require_http_methods(["GET"])
def project(request, pk: int):
    return _page(request, project_for(request.user, pk))


@login_required
@require_POST
@once.guarded
def record_saving(request, pk: int):
    p = project_for(request.user, pk, "followup.record_saving")
    form = SavingForm(request.POST, project=p)
    if form.is_valid():
        d = form.cleaned_data
        try:
            return once.submit(
                request,
                lambda: services.record_saving(
                    acting_user=request.user,
                    project=p,
                    board=d["board"],
                    year=d["year"],
                    amount_ore=d["amount"],
                    basis=d["basis"],
                    indicators=d["indicators"],
                    measurements=d["measurements"],
                ),
                lambda saving: (
                    reverse("savings:project", args=[p.pk]),
                    gettext("The realised saving of %(board)s for %(year)s has been recorded.")
                    % {"board": saving.board.name, "year": saving.year},
                ),
            )
        except Refused as refused:
            add_refusal(form, refused)
    return _page(request, p, form, status=400)


def _board_and_year(request, project, need_year=True):
    data = request.POST if request.method == "POST" else request.GET
    try:
        board_id = int(data.get("board", ""))
        year = int(data.get("year", "")) if need_year else None
    except ValueError:
        raise Http404 from None
    board = Board.objects.filter(pk=board_id).first()
    if board is None:
        raise Http404
    return board, year


def _booked_text(form, confirmation, board) -> str:
    """What the confirmation booked: its ledger entry, or the booking awaiting attestation."""
    entry = confirmation.entry
    if entry is None:
        b = confirmation.booking
        return gettext(
            "The repayment of %(amount)s from %(board)s (%(dnr)s) awaits attestation: "
            "a second person with the attest right attests it on the booking page."
        ) % {"amount": ore_to_text(b.amount_ore), "board": board.name, "dnr": b.decision_dnr}
    return form.booked_message() % {
        "amount": ore_to_text(entry.amount_ore),
        "board": board.name,
        "seq": entry.seq,
        "dnr": entry.decision_dnr,
    }


def _confirm(request, pk: int, perm: str, form_class, need_year: bool):
    """A confirmation page (GET: the prefilled form; POST: book it): the project (404 out
    of reach, 403 without ``perm``), the board (and year) asked for, its figures; the
    service's refusal on the form (400), else back to the project's savings."""
    p = project_for(request.user, pk, perm)
    board, year = _board_and_year(request, p, need_year)
    figures = selectors.project_savings(p)
    fig = figures.board(board)
    if fig is None:
        raise Http404
    row = fig.row(year) if need_year else None
    context = {"project": p, "figures": figures, "fig": fig, "row": row, "year": year}
    if request.method != "POST":
        context["form"] = form_class(initial=form_class.initial_for(fig, row))
        return render(request, form_class.template, context)
    form = context["form"] = form_class(request.POST)
    if form.is_valid():
        when = {"year": year} if need_year else {}
        try:
            return once.submit(
                request,
                lambda: form.service(
                    acting_user=request.user, project=p, board=board, **when, **form.booking()
                ),
                lambda confirmation: (
                    reverse("savings:project", args=[p.pk]),
                    _booked_text(form, confirmation, board),
                ),
            )
        except Refused as refused:
            add_refusal(form, refused)
    return render(request, form_class.template, context, status=400)


@login_required
@require_http_methods(["GET", "POST"])
@once.guarded
def repayment(request, pk: int):
    return _confirm(request, pk, "followup.confirm_repayment", RepaymentForm, need_year=True)


@login_required
@require_http_methods(["GET", "POST"])
@once.guarded
def write_down(request, pk: int):
    return _confirm(request, pk, "followup.confirm_write_down", WriteDownForm, need_year=False)


@login_required
@require_http_methods(["GET"])
def fund(request, pk: int):
    f = fund_for(request.user, pk)
    return render(request, "savings/fund.html", {"fund": f, "summary": selectors.fund_summary(f)})
