"""Budget frame pages: per fund the boards' frames and ramminskningar (typing a frame in,
importing a file, the workbook for the budget process), and one board's page. Thin: the
one access helper (404 out of reach, 403 without the permission), reads from
:mod:`.selectors`, writes through :mod:`.services`."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods

from socinv.core.problems import Refused
from socinv.fund.access import fund_for
from socinv.io.frames_xlsx import frames_xlsx, template_xlsx
from socinv.organisation.models import Board
from socinv.web.forms import add_refusal
from socinv.web.i18n import current_lang, ore_to_text

from . import selectors, services
from .forms import FrameForm, ImportForm

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _index(request, fund, frame_form=None, import_form=None, status=200):
    may_maintain = request.user.has_perm("frames.maintain_frames", fund)
    if may_maintain:
        frame_form = frame_form or FrameForm(organisation_id=fund.organisation_id)
        import_form = import_form or ImportForm()
    return render(
        request,
        "frames/index.html",
        {
            "fund": fund,
            "boards": selectors.fund_frames(fund),
            "may_maintain": may_maintain,
            "frame_form": frame_form,
            "import_form": import_form,
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def index(request, pk: int):
    fund = fund_for(request.user, pk, "frames.view_frames")
    if request.method != "POST":
        return _index(request, fund)
    fund = fund_for(request.user, pk, "frames.maintain_frames")
    if "file" in request.FILES or request.POST.get("action") == "import":
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                stored = services.import_frames(
                    acting_user=request.user, organisation=fund.organisation, data=upload.read()
                )
            except Refused as refused:
                add_refusal(form, refused)
            else:
                messages.success(
                    request,
                    gettext("%(count)s budget frames imported.") % {"count": len(stored)},
                )
                return redirect(reverse("frames:index", args=[fund.pk]))
        return _index(request, fund, import_form=form, status=400)
    form = FrameForm(request.POST, organisation_id=fund.organisation_id)
    if form.is_valid():
        d = form.cleaned_data
        try:
            frame = services.set_frame(
                acting_user=request.user, board=d["board"], year=d["year"], amount_ore=d["amount"]
            )
        except Refused as refused:
            add_refusal(form, refused)
        else:
            messages.success(
                request,
                gettext("The budget frame of %(board)s for %(year)s is %(amount)s.")
                % {
                    "board": frame.board.name,
                    "year": frame.year,
                    "amount": ore_to_text(frame.amount_ore),
                },
            )
            return redirect(reverse("frames:index", args=[fund.pk]))
    return _index(request, fund, frame_form=form, status=400)


@login_required
@require_http_methods(["GET"])
def board(request, pk: int, board: int):
    fund = fund_for(request.user, pk, "frames.view_frames")
    found = Board.objects.filter(pk=board, organisation_id=fund.organisation_id).first()
    if found is None:
        raise Http404
    return render(
        request,
        "frames/board.html",
        {"fund": fund, "frames": selectors.board_frames(fund, found)},
    )


@login_required
@require_http_methods(["GET"])
def export(request, pk: int):
    fund = fund_for(request.user, pk, "frames.view_frames")
    lang = current_lang()
    data = frames_xlsx(
        [(b.board.name, b.years) for b in selectors.fund_frames(fund)],
        fund_name=fund.name,
        lang=lang,
    )
    response = HttpResponse(data, content_type=XLSX)
    name = "budgetramar" if lang == "sv" else "budget-frames"
    response["Content-Disposition"] = f'attachment; filename="{name}-{fund.pk}.xlsx"'
    return response


@login_required
@require_http_methods(["GET"])
def template(request, pk: int):
    fund = fund_for(request.user, pk, "frames.maintain_frames")
    year = timezone.localdate().year + 1
    boards = dict(
        Board.objects.filter(organisation_id=fund.organisation_id)
        .order_by("name")
        .values_list("code", "name")
    )
    response = HttpResponse(template_xlsx(boards, [year], lang=current_lang()), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="budgetramar-mall-{fund.pk}.xlsx"'
    return response
