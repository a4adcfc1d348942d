"""The fund's pages. Views stay thin: a permission check (``user.has_perm`` with the
object, see :mod:`socinv.accounts.permissions`), reads through :mod:`.selectors`, writes
through :mod:`.services`, and a template. A logged-in user without the permission gets
403; an anonymous one is sent to the login page. Every read runs a fixed number of
queries, whatever the number of projects or entries."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods

from socinv.core import portfolio
from socinv.core.frames import budget_runway
from socinv.core.ledger import FundModel, year_end_statement
from socinv.core.limits import MAX_REJECTION_REASON
from socinv.core.problems import Refused
from socinv.io.tables import csv_lines, table_xlsx
from socinv.io.xlsx import statement_xlsx as write
from socinv.l10n.messages import chain_head_line
from socinv.organisation.models import Board
from socinv.web import once
from socinv.web.forms import add_refusal
from socinv.web.i18n import current_lang, ore_to_text

from . import export, selectors, services
from .access import fund_for
from .forms import (
    REFUSAL_FIELDS,
    AttestationThresholdForm,
    BookingForm,
    EarmarkingForm,
    LedgerFilterForm,
    RejectionForm,
)
from .models import Fund, LedgerEntry, PreliminaryBooking, RiskClass

T = LedgerEntry.Type


def _balance_rows(totals: selectors.Totals, fund: Fund) -> list[tuple[str, int]]:
    rows = [
        (gettext("Contributions"), totals.contributions),
        (gettext("Available to commit"), totals.available),
        (gettext("Committed (net of releases)"), totals.committed),
        (gettext("Disbursed"), totals.disbursements),
        (gettext("Outstanding commitments"), totals.outstanding),
        (gettext("Money in the fund"), totals.fund_money),
    ]
    if fund.economic_model == Fund.Model.REPAYMENT:
        rows += [
            (gettext("Repaid"), totals.repayments),
            (
                gettext("Written down, borne by the boards (returned to the fund)"),
                totals.write_downs_board,
            ),
            (
                gettext("Written down, borne centrally (the fund's loss)"),
                totals.write_downs_central,
            ),
            (gettext("Receivables"), totals.receivable),
        ]
    return rows


def _runway(fund: Fund, totals: selectors.Totals) -> str:
    """Under the budget model: when the money available to commit is used up (the
    core's rule, :func:`socinv.core.frames.budget_runway`), in a sentence; "" otherwise."""
    if fund.economic_model != Fund.Model.BUDGET:
        return ""
    committed = {y: t.committed for y, t in selectors.totals_by_year(fund).items()}
    r = budget_runway(
        available_ore=totals.available,
        committed_by_year=committed,
        today=timezone.localdate(),
        period_start=fund.period_start,
        period_end=fund.period_end,
    )
    values = {
        "year": r.year,
        "pace": ore_to_text(r.pace_ore),
        "available": ore_to_text(r.available_ore),
    }
    if r.reason == "used_up":
        return gettext(
            "All the fund's money is committed: the council tops the fund up or winds it down."
        )
    if r.reason == "pace":
        return (
            gettext(
                "At the pace so far (%(pace)s committed a year), what is available to commit (%(available)s) is used up in %(year)s."
            )
            % values
        )
    if r.reason == "period_ended":
        return (
            gettext(
                "The period ended in %(year)s with %(available)s still available to commit: nothing can be committed after it; the council tops the fund up or winds it down."
            )
            % values
        )
    if r.reason == "after_period":
        return (
            gettext(
                "At the pace so far (%(pace)s committed a year), money is still left when the period ends in %(year)s; nothing can be committed after it."
            )
            % values
        )
    return gettext(
        "Nothing has been committed yet, so no year can be told when the money is used up."
    )


def _risk_rows(fund: Fund, spread: dict[str, int]):
    """One row per risk class: committed money, its share, the policy's bounds and whether
    the share is outside them (only when the fund steers the spread: the core's rule)."""
    steered = fund.risk_policy == Fund.RiskPolicy.STEERED
    labels = dict(RiskClass.choices)
    rows = [
        {
            "label": labels.get(row.risk_class, gettext("Not classed")),
            "amount": row.amount_ore,
            "share": row.share,
            "bound": row.bound,
            "outside": row.outside,
        }
        for row in portfolio.class_shares(spread, selectors.policy_bounds(fund), steered=steered)
    ]
    return rows, steered, sum(spread.values())


@login_required
def overview(request, pk: int):
    fund = fund_for(request.user, pk, "fund.view_fund")
    balances = selectors.fund_balances(fund)
    boards = {b.pk: b for b in Board.objects.filter(pk__in=list(balances.by_board))}
    receivables = [
        (boards[board_id].name, totals.receivable)
        for board_id, totals in balances.by_board.items()
        if board_id in boards and (totals.disbursements or totals.receivable)
    ]
    receivables.sort()
    risk_rows, steered, risk_total = _risk_rows(fund, selectors.risk_spread(fund, balances))
    may_view_ledger = request.user.has_perm("fund.view_ledger", fund)
    latest = []
    if may_view_ledger:
        latest = list(
            fund.entries.select_related("project", "board", "recorded_by", "reverses")
            # prefetched, not joined: a join on the reverse side would scan the ledger
            .prefetch_related("reversed_by")
            .order_by("-seq")[:10]
        )
    return render(
        request,
        "fund/overview.html",
        {
            "fund": fund,
            "balance_rows": _balance_rows(balances.fund_totals, fund),
            "totals": balances.fund_totals,
            "receivables": receivables,
            "show_receivables": fund.economic_model == Fund.Model.REPAYMENT,
            "risk_rows": risk_rows,
            "risk_total": risk_total,
            "steered": steered,
            "risk_warning": any(r["outside"] for r in risk_rows),
            "latest": latest,
            "may_view_ledger": may_view_ledger,
            "may_book": request.user.has_perm("fund.record_entry", fund),
            "may_project": request.user.has_perm("fund.view_projection", fund),
            "may_view_statement": request.user.has_perm("fund.view_statement", fund),
            "entry_count": balances.entry_count,
            "runway": _runway(fund, balances.fund_totals),
        },
    )


@login_required
def ledger(request, pk: int):
    fund = fund_for(request.user, pk, "fund.view_ledger")
    form = LedgerFilterForm(request.GET or None, fund=fund)
    qs = (
        fund.entries.select_related("project", "board", "recorded_by", "reverses")
        .prefetch_related("reversed_by")  # one IN query per page, never a join over the ledger
        .order_by("-seq")
    )
    qs = form.filter(qs)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "fund/ledger.html",
        {
            "fund": fund,
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "may_book": request.user.has_perm("fund.record_entry", fund),
        },
    )


def _booked(fund: Fund):
    """Where a booking goes and what it says: an entry in the ledger, or a preliminary
    booking that awaits attestation (the booking page lists those)."""

    def done(result):
        if isinstance(result, PreliminaryBooking):
            return (
                reverse("fund:book", args=[fund.pk]) + "#awaiting",
                gettext(
                    "Booked as preliminary: %(type)s of %(amount)s is above the fund's "
                    "attestation threshold (%(threshold)s) and enters the ledger when a "
                    "second person attests it."
                )
                % {
                    "type": result.get_type_display().lower(),
                    "amount": ore_to_text(result.amount_ore),
                    "threshold": ore_to_text(selectors.attestation_threshold(fund)),
                },
            )
        return (
            reverse("fund:overview", args=[fund.pk]),
            gettext("Entry %(number)s booked: %(type)s of %(amount)s.")
            % {
                "number": result.seq,
                "type": result.get_type_display().lower(),
                "amount": ore_to_text(result.amount_ore),
            },
        )

    return done


def _ledger_entries(request, pk: int):
    """The fund and its entries as the ledger page's filter (the GET query) shows them."""
    fund = fund_for(request.user, pk, "fund.view_ledger")
    form = LedgerFilterForm(request.GET or None, fund=fund)
    return fund, form, form.filter(fund.entries.all())


def _export_name(fund: Fund, suffix: str) -> str:
    stem = slugify(gettext("ledger"))
    return f"{stem}-{fund.pk}-{timezone.localdate().isoformat()}.{suffix}"


@login_required
def ledger_csv(request, pk: int):
    """The ledger (as filtered) as CSV for a Swedish Excel: UTF-8 with BOM, ``;``, decimal
    comma; streamed."""
    fund, _form, entries = _ledger_entries(request, pk)
    response = StreamingHttpResponse(
        (chunk.encode("utf-8") for chunk in csv_lines(export.headings(), export.rows(entries))),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{_export_name(fund, "csv")}"'
    return response


@login_required
def ledger_xlsx(request, pk: int):
    """The ledger (as filtered) as an Excel workbook."""
    fund, _form, entries = _ledger_entries(request, pk)
    data = table_xlsx(
        export.headings(),
        export.rows(entries),
        sheet_name=gettext("Ledger"),
        title=gettext("Ledger: %(name)s") % {"name": fund.name},
        lang=current_lang(),
        widths=export.WIDTHS,
    )
    response = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="{_export_name(fund, "xlsx")}"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
@once.guarded
def book(request, pk: int):
    fund = fund_for(request.user, pk, "fund.record_entry")
    if request.method == "GET" and request.headers.get("HX-Request") and "type" in request.GET:
        # htmx: the type changed; send back only the fields that this type uses
        form = BookingForm(fund=fund, initial=request.GET.dict())
        return render(
            request,
            "fund/partials/conditional_fields.html",
            {"form": form, "visible": _visible_conditional(request.GET.get("type"))},
        )
    if request.method == "POST":
        form = BookingForm(request.POST, fund=fund)
        if form.is_valid():
            try:
                return once.submit(
                    request,
                    lambda: services.record_entry(
                        acting_user=request.user, fund=fund, **form.entry_kwargs()
                    ),
                    _booked(fund),
                )
            except Refused as refused:
                add_refusal(form, refused, REFUSAL_FIELDS)
    else:
        form = BookingForm(
            fund=fund,
            initial={
                "type": request.GET.get("type", T.DISBURSEMENT),
                "bearer": fund.write_down_bearer,
            },
        )
    return render(request, "fund/book.html", _book_context(request, fund, form))


def _book_context(request, fund: Fund, form, rejecting=None) -> dict:
    return {
        "fund": fund,
        "form": form,
        # without JavaScript every field is shown; htmx narrows them when the type changes
        "visible": set(BookingForm.CONDITIONAL),
        "balances": selectors.fund_totals(fund),
        "awaiting": list(selectors.awaiting_attestation(fund)),
        "threshold": selectors.attestation_threshold(fund),
        "may_attest": request.user.has_perm("fund.attest_entry", fund),
        "reason_max": MAX_REJECTION_REASON,
        # the booking whose rejection was refused, shown again with its form and errors
        "rejecting": rejecting,
    }


@login_required
@require_http_methods(["GET", "POST"])
@once.guarded
def attestation_settings(request, pk: int):
    """The fund's attestation threshold: read by those who read the ledger, set by the
    owner (``fund.set_attestation_threshold``), with the history of its values."""
    fund = fund_for(request.user, pk, "fund.view_ledger")
    may_set = request.user.has_perm("fund.set_attestation_threshold", fund)
    threshold = selectors.attestation_threshold(fund)
    kronor = ore_to_text(threshold, "sv").replace("\u00a0kr", "")
    form = AttestationThresholdForm(initial={"threshold": kronor}) if may_set else None
    if request.method == "POST":
        if not may_set:
            raise PermissionDenied
        form = AttestationThresholdForm(request.POST)
        if form.is_valid():
            try:
                return once.submit(
                    request,
                    lambda: services.set_attestation_threshold(
                        acting_user=request.user,
                        fund=fund,
                        threshold_ore=form.cleaned_data["threshold"],
                    ),
                    lambda row: (
                        reverse("fund:attestation", args=[fund.pk]),
                        gettext("The attestation threshold is now %(amount)s.")
                        % {"amount": ore_to_text(row.threshold_ore)},
                    ),
                )
            except Refused as refused:
                add_refusal(form, refused, {"threshold_ore": "threshold"})
    context = {
        "fund": fund,
        "threshold": threshold,
        "form": form,
        "changes": selectors.attestation_threshold_history(fund),
        "awaiting": len(selectors.awaiting_attestation(fund)),
    }
    status = 400 if form is not None and form.is_bound else 200
    return render(request, "fund/attestation.html", context, status=status)


def _preliminary(request, pk: int, booking_pk: int):
    fund = fund_for(request.user, pk, "fund.attest_entry")
    booking = PreliminaryBooking.objects.filter(fund=fund, pk=booking_pk).first()
    if booking is None:
        raise Http404
    return fund, booking


@login_required
@require_http_methods(["POST"])
@once.guarded
def attest(request, pk: int, booking_pk: int):
    """Attest a preliminary booking: its entry enters the ledger."""
    fund, booking = _preliminary(request, pk, booking_pk)
    try:
        return once.submit(
            request,
            lambda: services.attest_booking(acting_user=request.user, booking=booking),
            lambda entry: (
                reverse("fund:book", args=[fund.pk]) + "#awaiting",
                gettext("Attested: entry %(number)s booked, %(type)s of %(amount)s.")
                % {
                    "number": entry.seq,
                    "type": entry.get_type_display().lower(),
                    "amount": ore_to_text(entry.amount_ore),
                },
            ),
        )
    except Refused as refused:
        return _refused_decision(request, fund, booking, refused, RejectionForm())


@login_required
@require_http_methods(["POST"])
@once.guarded
def reject(request, pk: int, booking_pk: int):
    """Reject a preliminary booking with a reason: nothing enters the ledger."""
    fund, booking = _preliminary(request, pk, booking_pk)
    form = RejectionForm(request.POST)
    if form.is_valid():
        try:
            return once.submit(
                request,
                lambda: services.reject_booking(
                    acting_user=request.user, booking=booking, reason=form.cleaned_data["reason"]
                ),
                lambda rejected: (
                    reverse("fund:book", args=[fund.pk]) + "#awaiting",
                    gettext("Rejected: %(type)s of %(amount)s does not enter the ledger.")
                    % {
                        "type": rejected.get_type_display().lower(),
                        "amount": ore_to_text(rejected.amount_ore),
                    },
                ),
            )
        except Refused as refused:
            add_refusal(form, refused)
    return _refused_decision(request, fund, booking, None, form)


def _refused_decision(request, fund: Fund, booking, refused, rejection_form):
    """The booking page again, with why the attestation or rejection was refused."""
    if refused is not None:
        for r in refused.refusals:
            messages.error(request, r.message)
    if not request.user.has_perm("fund.record_entry", fund):
        return redirect("fund:ledger", pk=fund.pk)
    form = BookingForm(fund=fund, initial={"type": T.DISBURSEMENT})
    context = _book_context(request, fund, form, rejecting=booking.pk)
    context["rejection_form"] = rejection_form
    return render(request, "fund/book.html", context, status=400)


def _visible_conditional(kind: str | None) -> set[str]:
    return {name for name, kinds in BookingForm.CONDITIONAL.items() if kind in kinds}


def _statement(fund: Fund, year: int):
    if not 1900 <= year <= 2200:
        raise Http404
    entries = services.fund_entries(fund)
    statement = year_end_statement(entries, str(fund.pk), year, FundModel(fund.economic_model))
    boards = {str(b.pk): b.name for b in Board.objects.filter(organisation_id=fund.organisation_id)}
    boards[""] = gettext("(no board)")
    bearers = {k: str(v) for k, v in Fund.WriteDownBearer.choices}
    bearers[""] = gettext("(not given)")
    return statement, boards, bearers


@login_required
@require_http_methods(["GET", "POST"])
@once.guarded
def statement(request, pk: int, year: int):
    """The year-end statement, with the earmarking it proposes; who may book
    (``fund.record_entry``) books it with its decision in one step (POST)."""
    fund = fund_for(request.user, pk, "fund.view_statement")
    stmt, boards, bearers = _statement(fund, year)
    may_book = request.user.has_perm("fund.record_entry", fund)
    form = None
    status = 200
    if request.method == "POST":
        fund = fund_for(request.user, pk, "fund.record_entry")
        form = EarmarkingForm(request.POST)
        if form.is_valid():
            try:
                return once.submit(
                    request,
                    lambda: services.book_earmarking(
                        acting_user=request.user,
                        fund=fund,
                        year=year,
                        amount_ore=form.cleaned_data["amount"],
                        decision=form.decision(),
                    ),
                    lambda entry: (
                        reverse("fund:statement", args=[fund.pk, year]),
                        gettext(
                            "Entry %(number)s booked: the earmarking of %(amount)s for %(year)s."
                        )
                        % {
                            "number": entry.seq,
                            "amount": ore_to_text(entry.amount_ore),
                            "year": year,
                        },
                    ),
                )
            except Refused as refused:
                add_refusal(form, refused, REFUSAL_FIELDS)
        status = 400
    elif may_book and stmt.proposed_earmarking > 0:
        form = EarmarkingForm(initial={"amount": _kronor_text(stmt.proposed_earmarking)})

    def named(values: dict[str, int], names: dict[str, str]):
        rows = sorted(((names.get(k, k), v) for k, v in values.items()), key=lambda r: r[0])
        return rows, sum(values.values())

    return render(
        request,
        "fund/statement.html",
        {
            "fund": fund,
            "year": year,
            "s": stmt,
            "form": form,
            "repayments_by_board": named(stmt.repayments_by_board, boards),
            "write_downs_by_bearer": named(stmt.write_downs_by_bearer, bearers),
            "receivables_by_board": named(stmt.receivables_by_board, boards),
            "frame_reductions_by_board": named(stmt.frame_reductions_by_board, boards),
            "show_receivables": fund.economic_model == Fund.Model.REPAYMENT,
            "years": [year - 1, year + 1],
            "chain_head": chain_head_line(stmt.entry_count, stmt.head, current_lang()),
        },
        status=status,
    )


def _kronor_text(ore: int) -> str:
    """An amount prefilled in kronor, as the form reads it ("1 234 567,50")."""
    return ore_to_text(ore, "sv").replace("\u00a0kr", "")


@login_required
def statement_xlsx(request, pk: int, year: int):
    fund = fund_for(request.user, pk, "fund.view_statement")
    stmt, boards, bearers = _statement(fund, year)
    lang = current_lang()
    data = write(stmt, fund_name=fund.name, board_names=boards, bearer_names=bearers, lang=lang)
    response = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    name = "bokslut" if lang == "sv" else "statement"
    response["Content-Disposition"] = f'attachment; filename="{name}-{fund.pk}-{year}.xlsx"'
    return response
