"""Pages for review (beredning), decisions and the portfolio. Thin: the one access helper
(404 for what does not exist or lies outside the user's organisations, 403 for a
permission the role lacks), reads from :mod:`.selectors`, writes through :mod:`.services`."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods

from socinv.core.problems import Refused
from socinv.fund import selectors as fund_selectors
from socinv.fund.access import fund_for
from socinv.io.portfolio_xlsx import portfolio_xlsx as write_portfolio_xlsx
from socinv.projects import figures, simulations
from socinv.projects.access import project_for
from socinv.projects.models import Project
from socinv.web import once
from socinv.web.forms import add_refusal
from socinv.web.i18n import current_lang, ore_to_text

from . import evidence, selectors, services
from .forms import YEAR_ROWS, DecisionForm, PortfolioFilterForm, ReviewForm
from .models import Decision


@login_required
@require_http_methods(["GET", "POST"])
def review(request, pk: int):
    project = project_for(request.user, pk, "projects.review_project")
    fund = project.fund
    questions = services.ensure_default_checklist(fund, acting_user=request.user)
    latest = selectors.latest_review(project)
    if request.method == "POST":
        form = ReviewForm(request.POST, questions=questions)
        if form.is_valid():
            d = form.cleaned_data
            try:
                services.save_review(
                    acting_user=request.user,
                    project=project,
                    risk_class=d["risk_class"],
                    risk_rationale=d["risk_rationale"],
                    recommendation=d.get("recommendation") or "",
                    answers=form.answers(),
                    amount_ore=d.get("amount"),
                    comment=d.get("comment") or "",
                )
            except Refused as refused:
                add_refusal(form, refused)
            else:
                messages.success(request, gettext("The review has been saved."))
                return redirect("review:review", pk=project.pk)
    else:
        initial = {"risk_class": project.risk_class}
        if latest is not None:
            initial.update(
                risk_class=latest.risk_class,
                risk_rationale=latest.risk_rationale,
                recommendation=latest.recommendation,
                comment=latest.comment,
            )
            if latest.amount_ore:
                initial["amount"] = ore_to_text(latest.amount_ore).replace(" kr", "")
            for a in latest.answers.all():
                initial[f"q{a.question_id}"] = a.answer
                initial[f"q{a.question_id}_comment"] = a.comment
        form = ReviewForm(initial=initial, questions=questions)
    # the preview follows what was typed (a class and an amount), else the stored values
    risk_class = project.risk_class
    amount = None
    if form.is_bound:
        risk_class = form.data.get("risk_class") or project.risk_class
        if risk_class not in Project.RiskClass.values:
            risk_class = project.risk_class
        amount = (getattr(form, "cleaned_data", None) or {}).get("amount")
    preview = selectors.portfolio_preview(project, risk_class=risk_class, amount_ore=amount)
    return render(
        request,
        "review/review.html",
        {
            "fund": fund,
            "project": project,
            "form": form,
            "latest": latest,
            "preview": preview,
            "chart_before": selectors.chart_svg(preview.before, preview.bounds, current_lang()),
            "chart_after": selectors.chart_svg(preview.after, preview.bounds, current_lang())
            if preview.amount_ore
            else None,
            "may_decide": request.user.has_perm("projects.decide_project", project),
            "calculation": figures.calculation_table(project),
            "stored": simulations.stored(project),
            "may_calc": request.user.has_perm("projects.change_calculation", project),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
@once.guarded
def decide(request, pk: int):
    project = project_for(request.user, pk, "projects.decide_project")
    fund = project.fund
    if request.method == "POST":
        form = DecisionForm(request.POST, fund=fund)
        if form.is_valid():
            try:
                return once.submit(
                    request,
                    lambda: services.decide(
                        acting_user=request.user, project=project, **form.decide_kwargs()
                    ),
                    lambda decision: (
                        reverse("review:decision", args=[project.pk]),
                        gettext("The decision has been recorded: %(outcome)s.")
                        % {"outcome": str(decision.get_outcome_display()).lower()},
                    ),
                )
            except Refused as refused:
                add_refusal(form, refused, fields={"years": "year_1"})
    else:
        initial = {"outcome": Decision.Outcome.APPROVED}
        years = selectors.budget_years(project) or {}
        for i, (year, amount) in enumerate(sorted(years.items())[:YEAR_ROWS], start=1):
            initial[f"year_{i}"] = year
            initial[f"amount_{i}"] = ore_to_text(amount).replace("\u00a0kr", "")
        form = DecisionForm(initial=initial, fund=fund)
    preview = selectors.portfolio_preview(project)
    return render(
        request,
        "review/decide.html",
        {
            "fund": fund,
            "project": project,
            "form": form,
            "preview": preview,
            "latest_review": selectors.latest_review(project),
        },
    )


@login_required
def decision(request, pk: int):
    project = project_for(request.user, pk, "projects.view_project")
    decisions = selectors.decisions_of(project)
    return render(
        request,
        "review/decision.html",
        {
            "project": project,
            "fund": project.fund,  # the fund's part of the menu (each link checks its perm)
            "decision": decisions[0] if decisions else None,
            "earlier": decisions[1:],
            "money": fund_selectors.project_totals(project),  # the ledger's one definition
            "may_decide": request.user.has_perm("projects.decide_project", project),
            "may_review": request.user.has_perm("projects.review_project", project),
        },
    )


def _portfolio_for(request, fund):
    form = PortfolioFilterForm(request.GET or None, fund=fund)
    return form, selectors.portfolio(fund, **form.filters())


@login_required
def portfolio(request, pk: int):
    fund = fund_for(request.user, pk, "fund.view_portfolio")
    form, data = _portfolio_for(request, fund)
    query = request.GET.urlencode()
    return render(
        request,
        "review/portfolio.html",
        {
            "fund": fund,
            "form": form,
            "portfolio": data,
            "chart": selectors.chart_svg(data.spread, data.bounds, current_lang()),
            "evidence_profile": evidence.profile_rows(data.rows),
            "query": query,
        },
    )


@login_required
def portfolio_xlsx(request, pk: int):
    fund = fund_for(request.user, pk, "fund.view_portfolio")
    _form, data = _portfolio_for(request, fund)
    lang = current_lang()
    projects = [
        {
            "title": r.project.title,
            "phase": str(r.project.get_phase_display()),
            "type": str(r.project.get_type_display()),
            "risk_class": str(r.project.get_risk_class_display()) if r.project.risk_class else "",
            "committed_ore": r.committed,
            "disbursed_ore": r.disbursed,
            "expected_npv": {
                p: (
                    r.figures["expected_npv"][p]
                    if r.figures["expected_npv"][p] is not None
                    else r.figures["npv"][p]
                )
                for p in selectors.PERSPECTIVES
            },
            "prob_positive": r.figures["prob_positive"],
        }
        for r in data.rows
    ]
    spread = [
        {
            "label": row["label"],
            "amount_ore": row["amount"],
            "share": row["share"],
            "min_share": row["min_share"],
            "max_share": row["max_share"],
        }
        for row in data.spread_rows
    ]
    body = write_portfolio_xlsx(fund_name=fund.name, projects=projects, spread=spread, lang=lang)
    response = HttpResponse(
        body, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    name = "portfolj" if lang == "sv" else "portfolio"
    response["Content-Disposition"] = f'attachment; filename="{name}-{fund.pk}.xlsx"'
    return response
