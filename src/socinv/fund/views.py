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
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language, gettext
from django.views.decorators.http import require_http_methods

from socinv.accounts.permissions import projects_visible_to
from socinv.core.ledger import FundModel, year_end_statement
from socinv.organisation.models import Board

from . import selectors, services
from .forms import BookingForm, LedgerFilterForm, add_ledger_errors
from .models import Fund, LedgerEntry, Project, RiskBound
from .templatetags.socinv_format import ore_to_text

T = LedgerEntry.Type
RISK_CLASSES = [c.value for c in Project.RiskClass]


def _fund_with_perm(request, pk: int, perm: str) -> Fund:
    fund = get_object_or_404(Fund.objects.select_related("organisation"), pk=pk)
    if not request.user.has_perm(perm, fund):
        raise PermissionDenied
    return fund


def _balance_rows(totals: selectors.Totals, fund: Fund) -> list[tuple[str, int]]:
    rows = [
        (gettext("Contributions"), totals.contributions),
        (gettext("Available to commit"), totals.available),
        (gettext("Committed (net of releases)"), totals.committed),
        (gettext("Disbursed"), totals.disbursements),
        (gettext("Outstanding commitments"), totals.outstanding),
    ]
    if fund.economic_model == Fund.Model.REPAYMENT:
        rows += [
            (gettext("Repaid"), totals.repayments),
            (gettext("Written down"), totals.write_downs),
            (gettext("Receivables"), totals.receivable),
        ]
    return rows


def _risk_rows(fund: Fund, spread: dict[str, int], bounds: list[RiskBound]):
    """One row per risk class: committed money, its share, the policy's bounds and whether
    the share is inside them (only when the fund steers the spread)."""
    total = sum(spread.values())
    by_class = {b.risk_class: b for b in bounds}
    labels = dict(Project.RiskClass.choices)
    steered = fund.risk_policy == Fund.RiskPolicy.STEERED
    rows = []
    for key in [*RISK_CLASSES, ""]:
        amount = spread.get(key, 0)
        if key == "" and not amount:
            continue
        share = amount / total if total > 0 else None
        bound = by_class.get(key)
        outside = bool(
            steered
            and bound is not None
            and share is not None
            and not (bound.min_share - 1e-9 <= share <= bound.max_share + 1e-9)
        )
        rows.append(
            {
                "label": labels.get(key, gettext("Not classed")),
                "amount": amount,
                "share": share,
                "bound": bound,
                "outside": outside,
            }
        )
    return rows, steered, total


@login_required
def overview(request, pk: int):
    fund = _fund_with_perm(request, pk, "fund.view_fund")
    balances = selectors.fund_balances(fund)
    boards = {b.pk: b for b in Board.objects.filter(pk__in=list(balances.by_board))}
    receivables = [
        (boards[board_id].name, totals.receivable)
        for board_id, totals in balances.by_board.items()
        if board_id in boards and (totals.disbursements or totals.receivable)
    ]
    receivables.sort()
    risk_rows, steered, risk_total = _risk_rows(
        fund, selectors.risk_spread(fund, balances), list(fund.risk_bounds.all())
    )
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
            "may_view_statement": request.user.has_perm("fund.view_statement", fund),
            "entry_count": balances.entry_count,
        },
    )


@login_required
def ledger(request, pk: int):
    fund = _fund_with_perm(request, pk, "fund.view_ledger")
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


@login_required
@require_http_methods(["GET", "POST"])
def book(request, pk: int):
    fund = _fund_with_perm(request, pk, "fund.record_entry")
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
                entry = services.record_entry(
                    acting_user=request.user, fund=fund, **form.entry_kwargs()
                )
            except services.LedgerRefused as refused:
                add_ledger_errors(form, refused.errors)
            else:
                messages.success(
                    request,
                    gettext("Entry %(number)s booked: %(type)s of %(amount)s.")
                    % {
                        "number": entry.seq,
                        "type": entry.get_type_display().lower(),
                        "amount": ore_to_text(entry.amount_ore),
                    },
                )
                return redirect("fund:overview", pk=fund.pk)
    else:
        form = BookingForm(
            fund=fund,
            initial={
                "type": request.GET.get("type", T.DISBURSEMENT),
                "bearer": fund.write_down_bearer,
            },
        )
    return render(
        request,
        "fund/book.html",
        {
            "fund": fund,
            "form": form,
            # without JavaScript every field is shown; htmx narrows them when the type changes
            "visible": set(BookingForm.CONDITIONAL),
            "balances": selectors.fund_totals(fund),
        },
    )


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
def statement(request, pk: int, year: int):
    fund = _fund_with_perm(request, pk, "fund.view_statement")
    stmt, boards, bearers = _statement(fund, year)

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
            "repayments_by_board": named(stmt.repayments_by_board, boards),
            "write_downs_by_bearer": named(stmt.write_downs_by_bearer, bearers),
            "receivables_by_board": named(stmt.receivables_by_board, boards),
            "show_receivables": fund.economic_model == Fund.Model.REPAYMENT,
            "years": [year - 1, year + 1],
        },
    )


@login_required
def statement_xlsx(request, pk: int, year: int):
    from socinv.io.xlsx import statement_xlsx as write

    fund = _fund_with_perm(request, pk, "fund.view_statement")
    stmt, boards, bearers = _statement(fund, year)
    lang = "en" if (get_language() or "sv").startswith("en") else "sv"
    data = write(stmt, fund_name=fund.name, board_names=boards, bearer_names=bearers, lang=lang)
    response = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    name = "bokslut" if lang == "sv" else "statement"
    response["Content-Disposition"] = f'attachment; filename="{name}-{fund.pk}-{year}.xlsx"'
    return response


@login_required
def projects(request):
    visible = list(
        projects_visible_to(request.user)
        .select_related("fund", "fund__organisation")
        .order_by("fund__name", "title")
    )
    # Balances per fund (a fixed number of queries per fund, none per project)
    by_project: dict[int, selectors.Totals] = {}
    funds = {p.fund_id: p.fund for p in visible}
    for fund in funds.values():
        by_project.update(selectors.fund_balances(fund).by_project)
    empty = selectors.Totals()
    rows = [(p, by_project.get(p.pk, empty)) for p in visible]
    return render(request, "fund/projects.html", {"rows": rows, "several_funds": len(funds) > 1})


PERSPECTIVES = ["municipal", "public", "societal"]


def _calculation_table(result: dict | None):
    """The stored calculation's three perspectives as rows × columns (see the spec's JSON)."""
    if not result or not isinstance(result.get("perspectives"), dict):
        return None
    persp = result["perspectives"]
    columns = [p for p in PERSPECTIVES if isinstance(persp.get(p), dict)]
    money, plain = "money", "plain"
    metrics = [
        ("pv_benefits", gettext("Present value of benefits"), money),
        ("pv_costs", gettext("Present value of costs"), money),
        ("npv", gettext("Net present value"), money),
        ("expected_npv", gettext("Expected net present value"), money),
        ("bcr", gettext("Benefit-cost ratio"), "ratio"),
        ("payback_year", gettext("Payback period (years)"), plain),
        ("break_even_factor", gettext("Break-even factor"), "ratio"),
    ]
    rows = []
    for key, label, kind in metrics:
        values = [persp[c].get(key) for c in columns]
        if all(v is None for v in values) and key not in ("npv",):
            continue
        rows.append({"label": label, "kind": kind, "values": values})
    mc = (result.get("monte_carlo") or {}).get("perspectives") or {}
    if mc:
        rows.append(
            {
                "label": gettext("Probability of a positive net present value"),
                "kind": "percent",
                "values": [(mc.get(c) or {}).get("prob_positive") for c in columns],
            }
        )
    labels = {
        "municipal": gettext("Municipal"),
        "public": gettext("Public sector"),
        "societal": gettext("Societal"),
    }
    return {
        "columns": [labels[c] for c in columns],
        "rows": rows,
        "start_year": result.get("start_year"),
        "horizon": result.get("horizon"),
        "discount_rate": result.get("discount_rate"),
    }


@login_required
def project(request, pk: int):
    obj = get_object_or_404(
        Project.objects.select_related("fund", "fund__organisation", "applicant_board"), pk=pk
    )
    if not request.user.has_perm("fund.view_project", obj):
        raise PermissionDenied
    return render(
        request,
        "fund/project.html",
        {
            "project": obj,
            "boards": list(obj.responsible_boards.order_by("name")),
            "totals": selectors.project_totals(obj),
            "calculation": _calculation_table(obj.calculation_result),
            "may_view_fund": request.user.has_perm("fund.view_fund", obj.fund),
            "fund_url": reverse("fund:overview", args=[obj.fund_id]),
        },
    )
