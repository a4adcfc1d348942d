"""This part's section of the follow-up report (see :mod:`socinv.io.sections`)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from socinv.io.sections import Money, Percent, Section, Table, Year

from . import selectors
from .words import bearer_text, reason_text


def section(project) -> Section:
    """The section for ``project``; called inside ``translation.override(language)``."""
    f = selectors.project_savings(project)
    s = Section(key="savings", title=_("Realised savings and repayment"))
    s.facts.append((_("Economic model"), project.fund.get_economic_model_display()))
    if f.budget_model:
        s.paragraphs.append(
            _(
                "The fund follows the budget model: realised savings are reported, but nothing is repaid to the fund."
            )
        )
    else:
        t = f.terms
        if t.method == "depreciation":
            s.facts.append((_("Repayment method"), _("Depreciation over a period")))
            s.facts.append((_("Repayment period (years)"), t.period))
        else:
            s.facts.append((_("Repayment method"), _("A share of the savings")))
            s.facts.append((_("Share of the savings repaid"), Percent(t.share)))
        if t.start_year:
            s.facts.append((_("First year of repayment"), Year(t.start_year)))
        s.facts.append((_("Write-downs borne by"), bearer_text(f.bearer)))
        s.facts.append((_("Receivable"), Money(f.receivable_ore)))

    savings_cols = [_("Board"), _("Year"), _("Realised saving"), _("Basis")]
    if not f.budget_model:
        savings_cols += [_("Repaid for the year"), _("Proposed repayment"), _("Note")]
    rows = []
    for b in f.boards:
        for r in b.years:
            row = [
                b.board.name,
                Year(r.year),
                Money(r.saving.amount_ore) if r.saving else None,
                r.saving.basis if r.saving else "",
            ]
            if not f.budget_model:
                row += [
                    Money(r.proposal.repaid_ore),
                    Money(r.proposal.proposal_ore),
                    reason_text(r.proposal.reason),
                ]
            rows.append(row)
    s.tables.append(
        Table(
            caption=_("Realised savings per board and year"),
            columns=savings_cols,
            rows=rows,
            empty_text=_("No realised savings have been recorded."),
        )
    )
    if f.budget_model:
        return s
    s.tables.append(
        Table(
            caption=_("Repayments"),
            columns=[
                _("Board"),
                _("Date"),
                _("For the year"),
                _("Amount"),
                _("Registration number (dnr)"),
            ],
            rows=[
                [b.board.name, e.date, Year(e.for_year), Money(e.amount_ore), e.decision_dnr]
                for b in f.boards
                for e in b.repayments
            ],
            empty_text=_("No repayments have been booked."),
        )
    )
    s.tables.append(
        Table(
            caption=_("Receivables per board"),
            columns=[_("Board"), _("Disbursed"), _("Repaid"), _("Written down"), _("Receivable")],
            rows=[
                [
                    b.board.name,
                    Money(b.disbursed_ore),
                    Money(b.repaid_ore),
                    Money(b.written_down_ore),
                    Money(b.receivable_ore),
                ]
                for b in f.boards
            ],
        )
    )
    s.tables.append(
        Table(
            caption=_("Write-downs"),
            columns=[
                _("Board"),
                _("Date"),
                _("Amount"),
                _("Borne by"),
                _("Registration number (dnr)"),
            ],
            rows=[
                [b.board.name, e.date, Money(e.amount_ore), bearer_text(e.bearer), e.decision_dnr]
                for b in f.boards
                for e in b.write_downs
            ],
            empty_text=_("No write-downs have been booked."),
        )
    )
    return s
