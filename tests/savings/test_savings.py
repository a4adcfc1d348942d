"""Realised savings, repayment proposals (both methods, both fund models) and write-downs
at closing: services, refusals that store nothing, permissions, pages, API and report.

Money: the own project gets 400 000 kr committed and 300 000 kr disbursed to the social
board; every figure below is computed by hand from that."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.utils import timezone
from tests.ledger_helpers import attester, record_attested

from socinv.api.services import create_token
from socinv.applications.models import Indicator
from socinv.core.ledger import Decision, ErrorCode, LedgerError
from socinv.core.problems import Refused
from socinv.followup.models import Measurement
from socinv.fund import selectors as fund_selectors
from socinv.fund.models import LedgerEntry, WriteDownRule
from socinv.fund.refusals import ledger_refused
from socinv.fund.services import attest_booking, reject_booking
from socinv.review.models import Decision as ProjectDecision
from socinv.savings import report, selectors, services
from socinv.savings.models import RealisedSaving, RepaymentConfirmation, WriteDownConfirmation
from socinv.web import once

pytestmark = pytest.mark.django_db

KF = Decision("Kommunfullmäktige", datetime.date(2025, 2, 20), "KS 2025/117")
SN = Decision("Socialnämnden", datetime.date(2026, 3, 20), "SN 2026/44")
TODAY = datetime.date(2026, 6, 30)


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setattr(selectors, "today", lambda: TODAY)


def fund_it(p, model="repayment", disbursed=30_000_000):
    if model != "repayment":
        p.fund.economic_model = model
        p.fund.save()
    eco = p["economist"]
    record_attested(
        acting_user=eco, fund=p.fund, type="contribution", date=datetime.date(2025, 3, 1),
        amount_ore=100_000_000, decision=KF,
    )  # fmt: skip
    record_attested(
        acting_user=eco, fund=p.fund, type="commitment", date=datetime.date(2025, 3, 2),
        amount_ore=40_000_000, project=p.own_project, decision=KF,
    )  # fmt: skip
    record_attested(
        acting_user=eco, fund=p.fund, type="disbursement", date=datetime.date(2025, 3, 3),
        amount_ore=disbursed, project=p.own_project, board=p.social_board,
    )  # fmt: skip


def saving(p, year, amount_ore, board=None, **kw):
    return services.record_saving(
        acting_user=p["economist"],
        project=p.own_project,
        board=board or p.social_board,
        year=year,
        amount_ore=amount_ore,
        basis=kw.pop("basis", "Lägre kostnader för försörjningsstöd enligt ekonomisystemet."),
        **kw,
    )


def figures(p):
    return selectors.project_savings(p.own_project)


def row(p, year, board=None):
    return figures(p).board(board or p.social_board).row(year)


def approve(p, **terms):
    return ProjectDecision.objects.create(
        project=p.own_project,
        body="executive_board",
        date=datetime.date(2025, 2, 1),
        dnr="KS 2025/12",
        outcome="approved",
        decided_by=p["owner"],
        decided_at=timezone.now(),
        **terms,
    )


def confirm(p, year, amount_ore, user="economist", **kw):
    return services.confirm_repayment(
        acting_user=p[user],
        project=p.own_project,
        board=kw.pop("board", p.social_board),
        year=year,
        amount_ore=amount_ore,
        decision=kw.pop("decision", SN),
        **kw,
    )


def confirmed(p, year, amount_ore, **kw):
    """:func:`confirm`, attested by a second economist when it waits for attestation."""
    c = confirm(p, year, amount_ore, **kw)
    if c.booking is not None:
        attest_booking(acting_user=attester(p.fund), booking=c.booking)
        c.refresh_from_db()
    return c


def receivable(p, board=None):
    return fund_selectors.pair_totals(p.fund, p.own_project, board or p.social_board).receivable


# -- proposals: share of savings ------------------------------------------------------


def test_default_terms_repay_the_whole_saving(personas):
    fund_it(personas)
    saving(personas, 2025, 12_000_000)
    r = row(personas, 2025)
    assert figures(personas).terms_source == "default"
    assert (r.proposal.due_ore, r.proposal.proposal_ore) == (12_000_000, 12_000_000)
    assert (r.proposal.receivable_before_ore, r.proposal.receivable_after_ore) == (
        30_000_000,
        18_000_000,
    )
    assert r.confirmable


def test_share_from_the_calculation_with_its_start_year(personas):
    fund_it(personas)
    personas.own_project.calculation_toml = (
        'start_year = 2024\n[repayment]\nstakeholder = "kommun/socialnamnd"\n'
        'amount = 1\nmethod = "savings"\nshare_of_savings = 0.8\nstart = 2\n'
    )
    personas.own_project.save()
    saving(personas, 2025, 12_000_000)  # before 2026: nothing
    saving(personas, 2026, 15_000_001)  # 0.8 × 150 000,01 kr = 120 000,008 → 120 000,00 kr
    f = figures(personas)
    assert f.terms_source == "calculation" and f.terms.start_year == 2026
    assert row(personas, 2025).proposal.proposal_ore == 0
    assert str(row(personas, 2025).proposal.reason) == "before_start"
    assert row(personas, 2026).proposal.proposal_ore == 12_000_000


def test_share_is_capped_at_the_receivable_over_the_years(personas):
    fund_it(personas)
    approve(personas, repayment_method="share_of_savings", repayment_share=0.5,
            repayment_start_year=2025)  # fmt: skip
    saving(personas, 2025, 50_000_000)  # half: 250 000 kr, but only 300 000 kr is owed
    saving(personas, 2026, 20_000_000)  # half: 100 000 kr, of which 50 000 kr is left
    f = figures(personas)
    assert f.terms_source == "decision"
    assert row(personas, 2025).proposal.proposal_ore == 25_000_000
    r26 = row(personas, 2026)
    assert (r26.proposal.due_ore, r26.proposal.proposal_ore) == (10_000_000, 5_000_000)
    assert str(r26.proposal.reason) == "capped"
    assert r26.proposal.receivable_after_ore == 0


# -- proposals: depreciation ----------------------------------------------------------


def test_depreciation_instalments_sum_to_the_amount(personas):
    fund_it(personas, disbursed=30_000_001)  # 300 000,01 kr over four years
    approve(personas, repayment_method="depreciation", repayment_period_years=4,
            repayment_start_year=2025)  # fmt: skip
    f = figures(personas)
    years = [(r.year, r.proposal.proposal_ore) for r in f.board(personas.social_board).years]
    assert years == [
        (2025, 7_500_000),
        (2026, 7_500_000),
        (2027, 7_500_000),
        (2028, 7_500_001),
    ]
    # only the years that have begun may be confirmed
    assert [r.confirmable for r in f.board(personas.social_board).years] == [
        True,
        True,
        False,
        False,
    ]
    confirm(personas, 2025, 7_500_000)
    assert row(personas, 2025).proposal.proposal_ore == 0
    assert str(row(personas, 2025).proposal.reason) == "already_repaid"
    assert row(personas, 2026).proposal.receivable_before_ore == 22_500_001


def test_depreciation_from_the_calculation_is_drawn_on_its_amount(personas):
    """The calculation's [repayment] names the repaying board and the amount: the plan
    is amount / period a year (the spec), capped by what the board still owes."""
    fund_it(personas)  # 300 000 kr disbursed to the social board
    personas.own_project.calculation_toml = (
        'start_year = 2024\n[repayment]\nstakeholder = "kommun/socialnamnd"\n'
        'amount = 500000\nmethod = "depreciation"\nperiod = 5\nstart = 1\n'
    )
    personas.own_project.save()
    f = figures(personas)
    assert f.terms_source == "calculation"
    years = [(r.year, r.proposal.proposal_ore) for r in f.board(personas.social_board).years]
    # 500 000 / 5 = 100 000 kr a year from 2025; the third year takes the last 100 000 kr
    assert years[:4] == [(2025, 10_000_000), (2026, 10_000_000), (2027, 10_000_000), (2028, 0)]


# -- the budget model ------------------------------------------------------------------


def test_budget_model_reports_savings_and_repays_nothing(personas):
    fund_it(personas, model="budget")
    saving(personas, 2025, 12_000_000)
    r = row(personas, 2025)
    assert r.saving.amount_ore == 12_000_000
    assert (r.proposal.proposal_ore, str(r.proposal.reason)) == (0, "budget_model")
    with pytest.raises(Refused) as refused:
        confirm(personas, 2025, 1_000_000)
    assert refused.value.codes == ["budget_model"]
    assert "budgetmodellen" in str(refused.value)
    assert LedgerEntry.objects.filter(type="repayment").count() == 0
    assert RepaymentConfirmation.objects.count() == 0


def test_budget_model_with_depreciation_terms_repays_nothing(personas):
    fund_it(personas, model="budget")
    approve(personas, repayment_method="depreciation", repayment_period_years=2,
            repayment_start_year=2025)  # fmt: skip
    assert all(r.proposal.proposal_ore == 0 for r in figures(personas).board(
        personas.social_board).years)  # fmt: skip


# -- recording savings ------------------------------------------------------------------


def test_a_saving_links_its_basis_and_a_correction_keeps_the_earlier_version(personas):
    fund_it(personas)
    ind = Indicator.objects.create(
        project=personas.own_project, level="value_created", name="Försörjningsstöd",
        direction="lower", baseline_value=100, target_value=60,
    )  # fmt: skip
    m = Measurement.objects.create(indicator=ind, period="2025", value=70)
    s = saving(personas, 2025, 12_000_000, indicators=[ind], measurements=[m])
    assert list(s.indicators.all()) == [ind] and list(s.measurements.all()) == [m]
    s2 = saving(personas, 2025, 11_000_000, basis="Rättat efter bokslutet.")
    assert s2.pk == s.pk and RealisedSaving.objects.count() == 1
    history = list(s2.history.order_by("history_date"))
    assert [h.amount_ore for h in history] == [12_000_000, 11_000_000]
    # each version says what supported it
    assert history[0].support == "Försörjningsstöd\nFörsörjningsstöd, 2025: 70"
    assert history[1].support == "" and list(s2.indicators.all()) == []
    assert s2.history.first().history_user == personas["economist"]
    assert s2.recorded_by == personas["economist"]


def test_a_savings_measurements_are_in_their_units_precision(personas):
    # one rule for indicator values (socinv.followup.values): a share in percent, money in
    # whole kronor; the support text and the page both show them so (not "0,59", "9200000,4")
    fund_it(personas)
    share = Indicator.objects.create(
        project=personas.own_project, level="value_created", name="Andel i arbete",
        unit="andel", direction="higher", baseline_value=0.4, target_value=0.6,
    )  # fmt: skip
    cost = Indicator.objects.create(
        project=personas.own_project, level="value_created", name="Kostnad",
        unit="kr", direction="lower", baseline_value=10_000_000, target_value=8_000_000,
    )  # fmt: skip
    m1 = Measurement.objects.create(indicator=share, period="2025", value=0.59)
    m2 = Measurement.objects.create(indicator=cost, period="2025", value=9_200_000.4)
    s = saving(personas, 2025, 12_000_000, measurements=[m1, m2])
    assert (
        s.support == "Andel i arbete, 2025: 59\u00a0%\nKostnad, 2025: 9\u00a0200\u00a0000\u00a0kr"
    )
    html = page(personas, "economist").content.decode()
    assert "Andel i arbete 2025: 59\u00a0%" in html
    assert "Kostnad 2025: 9\u00a0200\u00a0000\u00a0kr" in html
    assert "0,59" not in html


@pytest.mark.parametrize(
    "kw, field, code",
    [
        ({"amount_ore": 0}, "amount", "amount_not_positive"),
        ({"basis": "Gäller 19121212-1212 enbart."}, "basis", "personal_number"),
        ({"basis": "  "}, "basis", "basis_required"),
        ({"year": 2027}, "year", "year_out_of_range"),
    ],
)
def test_bad_savings_are_refused_and_nothing_stored(personas, kw, field, code):
    fund_it(personas)
    args = {"year": 2025, "amount_ore": 100, **kw}
    with pytest.raises(Refused) as refused:
        saving(personas, args.pop("year"), args.pop("amount_ore"), **args)
    assert refused.value.codes == [code]
    assert list(refused.value.errors) == [field]
    assert RealisedSaving.objects.count() == 0


def test_a_saving_for_a_board_outside_the_project_is_refused(personas):
    fund_it(personas)
    with pytest.raises(Refused) as refused:
        saving(personas, 2025, 100, board=personas.school_board)
    assert refused.value.codes == ["board_not_of_project"]


def test_only_the_economist_records_savings(personas):
    fund_it(personas)
    for role in ["owner", "project_leader", "auditor", "evaluator", "outsider"]:
        with pytest.raises(PermissionDenied):
            services.record_saving(
                acting_user=personas[role], project=personas.own_project,
                board=personas.social_board, year=2025, amount_ore=100, basis="x",
            )  # fmt: skip
    assert RealisedSaving.objects.count() == 0


# -- confirming a repayment ---------------------------------------------------------------


def test_confirming_books_the_repayment_with_the_dnr_and_the_user(personas):
    fund_it(personas)
    saving(personas, 2025, 12_000_000)
    c = confirm(personas, 2025, 10_000_000, user="owner")  # lowered from 120 000 kr
    e = c.entry
    assert (e.type, e.amount_ore, e.project, e.board) == (
        "repayment",
        10_000_000,
        personas.own_project,
        personas.social_board,
    )
    assert (e.decision_body, e.decision_date, e.decision_dnr) == (
        "Socialnämnden",
        datetime.date(2026, 3, 20),
        "SN 2026/44",
    )
    assert e.recorded_by == personas["owner"] and c.confirmed_by == personas["owner"]
    assert (c.year, c.proposed_ore) == (2025, 12_000_000)
    assert receivable(personas) == 20_000_000
    # the rest of the year's due is still proposed
    assert row(personas, 2025).proposal.proposal_ore == 2_000_000


def test_more_than_the_proposal_is_refused_and_nothing_stored(personas):
    fund_it(personas)
    saving(personas, 2025, 12_000_000)
    with pytest.raises(Refused) as refused:
        confirm(personas, 2025, 12_000_001)
    assert refused.value.codes == ["exceeds_proposal"]
    assert "120\u00a0000\u00a0kr" in refused.value.errors["amount"][0]
    assert LedgerEntry.objects.filter(type="repayment").count() == 0
    assert RepaymentConfirmation.objects.count() == 0


def test_no_proposal_no_decision_and_no_right_are_refused(personas):
    fund_it(personas)
    with pytest.raises(Refused) as refused:  # no saving: nothing proposed
        confirm(personas, 2025, 100)
    assert refused.value.codes == ["nothing_proposed"]
    saving(personas, 2025, 12_000_000)
    with pytest.raises(Refused) as refused:
        confirm(personas, 2025, 100, decision=Decision("", datetime.date(2026, 1, 1), ""))
    assert refused.value.codes == ["decision_body_required", "decision_dnr_required"]
    assert list(refused.value.errors) == ["decision_body", "decision_dnr"]
    for role in ["project_leader", "auditor", "evaluator", "administrator"]:
        with pytest.raises(PermissionDenied):
            confirm(personas, 2025, 100, user=role)
    assert LedgerEntry.objects.filter(type="repayment").count() == 0


def test_a_ledger_refusal_stores_no_confirmation(personas, monkeypatch):
    fund_it(personas)
    saving(personas, 2025, 12_000_000)

    def refuse(**kw):
        raise ledger_refused([LedgerError(ErrorCode.EXCEEDS_RECEIVABLE, "amount_ore",
                                         params={"receivable": 5})])  # fmt: skip

    monkeypatch.setattr(services, "record_decided_entry", refuse)
    with pytest.raises(Refused) as refused:
        confirm(personas, 2025, 100)
    assert refused.value.codes == [str(ErrorCode.EXCEEDS_RECEIVABLE)]
    assert list(refused.value.errors) == ["amount"]
    assert RepaymentConfirmation.objects.count() == 0


def test_a_repayment_above_the_threshold_waits_for_attestation(personas):
    """Issue 13: a confirmed repayment is booked like any other: above the fund's
    attestation threshold (100 000 kr) it is preliminary, moves no balance and blocks a
    second confirmation of the year until a second person attests (or rejects) it."""
    fund_it(personas)
    saving(personas, 2025, 12_000_000)
    c = confirm(personas, 2025, 12_000_000, user="owner")
    assert c.entry is None and c.ledger_entry is None
    assert c.booking.status == "preliminary" and c.booking.booked_by == personas["owner"]
    assert LedgerEntry.objects.filter(type="repayment").count() == 0
    assert receivable(personas) == 30_000_000
    r = row(personas, 2025)
    assert not r.confirmable and r.awaiting == [c.booking]
    assert "120\u00a0000\u00a0kr" in page(personas, "economist").content.decode()
    with pytest.raises(Refused) as refused:
        confirm(personas, 2025, 2_000_000)
    assert refused.value.codes == ["repayment_awaits_attestation"]
    assert RepaymentConfirmation.objects.count() == 1

    with pytest.raises(PermissionDenied):  # the owner decides but does not attest
        attest_booking(acting_user=personas["owner"], booking=c.booking)
    entry = attest_booking(acting_user=personas["economist"], booking=c.booking)
    c.refresh_from_db()
    assert c.ledger_entry == entry and entry.recorded_by == personas["owner"]
    assert receivable(personas) == 18_000_000
    r = row(personas, 2025)
    assert [e.pk for e in r.repayments] == [entry.pk] and r.proposal.proposal_ore == 0


def test_a_rejected_repayment_can_be_confirmed_again(personas):
    fund_it(personas)
    saving(personas, 2025, 12_000_000)
    c = confirm(personas, 2025, 12_000_000)
    with pytest.raises(Refused) as refused:  # the economist who booked it cannot decide it
        reject_booking(acting_user=personas["economist"], booking=c.booking, reason="Fel.")
    assert refused.value.codes == ["attest_own_booking"]
    reject_booking(acting_user=attester(personas.fund), booking=c.booking, reason="Fel dnr.")
    assert row(personas, 2025).confirmable and receivable(personas) == 30_000_000
    again = confirm(personas, 2025, 10_000_000)  # at the threshold: booked at once
    assert again.entry.amount_ore == 10_000_000 and receivable(personas) == 20_000_000


# -- write-downs at closing -----------------------------------------------------------------


def close(p, phase="closing"):
    p.own_project.phase = phase
    p.own_project.save()


def write_down(p, amount_ore, user="owner"):
    return services.confirm_write_down(
        acting_user=p[user],
        project=p.own_project,
        board=p.social_board,
        amount_ore=amount_ore,
        decision=Decision("Kommunstyrelsen", datetime.date(2026, 6, 1), "KS 2026/300"),
    )


@pytest.mark.parametrize(
    "setup, bearer, source",
    [
        ({"fund": "central"}, "central", "fund"),
        ({"fund": "board"}, "board", "fund"),
        ({"fund": "project_type", "rule": "board"}, "board", "project_type"),
        ({"fund": "project_type", "rule": "central"}, "central", "project_type"),
        ({"fund": "central", "decision": "board"}, "board", "decision"),
    ],
)
def test_write_down_at_closing_with_each_bearer_rule(personas, setup, bearer, source):
    fund_it(personas)
    personas.fund.write_down_bearer = setup["fund"]
    personas.fund.save()
    if "rule" in setup:
        WriteDownRule.objects.create(
            fund=personas.fund, project_type="method_trial", bearer=setup["rule"]
        )
    if "decision" in setup:
        approve(personas, write_down_bearer=setup["decision"])
    saving(personas, 2025, 10_000_000)
    confirm(personas, 2025, 10_000_000)  # 200 000 kr left
    close(personas, "wind_down" if source == "decision" else "closing")
    proposal = figures(personas).board(personas.social_board).write_down
    assert (proposal.amount_ore, proposal.bearer, proposal.reason) == (20_000_000, bearer, source)
    c = write_down(personas, 15_000_000)  # a part
    assert (c.entry.type, c.entry.bearer, c.entry.amount_ore) == ("write_down", bearer, 15_000_000)
    assert c.entry.decision_dnr == "KS 2026/300" and c.entry.recorded_by == personas["owner"]
    assert (c.receivable_ore, c.bearer_source) == (20_000_000, source)
    assert receivable(personas) == 5_000_000


def test_write_down_refusals_store_nothing(personas):
    fund_it(personas)
    with pytest.raises(Refused) as refused:  # still in implementation
        write_down(personas, 100)
    assert refused.value.codes == ["phase_before_closing"]
    assert "fasen avslut" in str(refused.value)
    close(personas, "scale_up")
    with pytest.raises(Refused) as refused:  # more than is owed
        write_down(personas, 30_000_001)
    assert refused.value.codes == ["exceeds_receivable"]
    with pytest.raises(PermissionDenied):
        write_down(personas, 100, user="economist")
    personas.fund.write_down_bearer = "project_type"  # and no rule for method trials
    personas.fund.save()
    with pytest.raises(Refused) as refused:
        write_down(personas, 100)
    assert refused.value.codes == ["no_bearer"]
    assert "nedskrivningsregel" in str(refused.value)
    assert LedgerEntry.objects.filter(type="write_down").count() == 0
    assert WriteDownConfirmation.objects.count() == 0


def test_budget_model_refuses_a_write_down(personas):
    fund_it(personas, model="budget")
    close(personas)
    with pytest.raises(Refused) as refused:
        write_down(personas, 100)
    assert refused.value.codes == ["budget_model"]
    assert figures(personas).board(personas.social_board).write_down is None
    assert WriteDownConfirmation.objects.count() == 0


# -- pages -----------------------------------------------------------------------------


def page(p, role, path=None, method="get", data=None):
    """A page as ``role``; a POST carries the one-time token its rendered form would."""
    c = Client()
    c.force_login(p[role])
    url = path or f"/savings/projects/{p.own_project.pk}/"
    if method == "post":
        return c.post(url, {"_once": once.issue(p[role]), **(data or {})})
    return c.get(url, data or {})


def test_the_page_shows_savings_proposals_and_receivable(personas):
    fund_it(personas)
    saving(personas, 2025, 12_000_000)
    html = page(personas, "economist").content.decode()
    assert "Socialnämnden" in html and "Lägre kostnader för försörjningsstöd" in html
    assert "120\u00a0000\u00a0kr" in html and "300\u00a0000\u00a0kr" in html  # saving, receivable
    assert "180\u00a0000\u00a0kr" in html  # receivable after the proposal
    assert f"repayment/?board={personas.social_board.pk}&amp;year=2025" in html
    assert 'action="/savings/projects/' in html  # the economist's form


def test_the_budget_model_page_says_nothing_is_repaid(personas):
    fund_it(personas, model="budget")
    saving(personas, 2025, 12_000_000)
    html = page(personas, "owner").content.decode()
    assert 'id="budget-model-notice"' in html and "120\u00a0000\u00a0kr" in html
    assert "repayment/?board" not in html


@pytest.mark.parametrize(
    "role, status",
    [
        ("owner", 200),
        ("economist", 200),
        ("auditor", 200),
        ("project_leader", 200),
        ("evaluator", 200),
        ("external", 403),
        ("outsider", 404),
        ("other_owner", 404),
    ],
)
def test_who_may_read_the_page(personas, role, status):
    assert page(personas, role).status_code == status


def test_recording_a_saving_through_the_form(personas):
    fund_it(personas)
    url = f"/savings/projects/{personas.own_project.pk}/saving/"
    data = {"board": personas.social_board.pk, "year": 2025, "amount": "120 000,50",
            "basis": "Minskat försörjningsstöd."}  # fmt: skip
    assert page(personas, "owner", url, "post", data).status_code == 403
    assert page(personas, "economist", url, "post", {**data, "basis": ""}).status_code == 400
    r = page(personas, "economist", url, "post", data)
    assert r.status_code == 302
    assert RealisedSaving.objects.get().amount_ore == 12_000_050


def test_confirming_a_repayment_through_the_form(personas):
    fund_it(personas)
    saving(personas, 2025, 12_000_000)
    url = f"/savings/projects/{personas.own_project.pk}/repayment/"
    q = {"board": personas.social_board.pk, "year": 2025}
    form = page(personas, "economist", url, data=q).content.decode()
    assert 'value="120\u00a0000"' in form and 'value="Socialnämnden"' in form
    assert page(personas, "project_leader", url, data=q).status_code == 403
    data = {**q, "amount": "120 000,01", "decision_body": "Socialnämnden",
            "decision_date": "2026-03-20", "decision_dnr": "SN 2026/44"}  # fmt: skip
    r = page(personas, "economist", url, "post", data)
    assert r.status_code == 400 and "120\u00a0000\u00a0kr" in r.content.decode()
    r = page(personas, "economist", url, "post", {**data, "amount": "100 000"})
    assert r.status_code == 302
    assert receivable(personas) == 20_000_000


def test_the_write_down_form_only_for_the_owner(personas):
    fund_it(personas)
    close(personas)
    url = f"/savings/projects/{personas.own_project.pk}/write-down/"
    q = {"board": personas.social_board.pk}
    assert page(personas, "economist", url, data=q).status_code == 403
    form = page(personas, "owner", url, data=q).content.decode()
    assert 'value="300\u00a0000"' in form
    data = {**q, "amount": "300 000", "decision_body": "Kommunstyrelsen",
            "decision_date": "2026-06-01", "decision_dnr": "KS 2026/300"}  # fmt: skip
    assert page(personas, "owner", url, "post", data).status_code == 302
    assert receivable(personas) == 0
    assert LedgerEntry.objects.get(type="write_down").bearer == "central"


def test_the_fund_summary(personas):
    fund_it(personas)
    saving(personas, 2025, 12_000_000)
    confirmed(personas, 2025, 12_000_000)
    url = f"/savings/funds/{personas.fund.pk}/"
    html = page(personas, "auditor", url).content.decode()
    assert "Skolstöd för familjehemsplacerade barn" in html
    assert "180\u00a0000\u00a0kr" in html and "120\u00a0000\u00a0kr" in html
    assert page(personas, "project_leader", url).status_code == 403
    assert page(personas, "other_owner", url).status_code == 404  # another organisation's


# -- API and report ------------------------------------------------------------------------


def api(p, role, project=None):
    c = Client()
    _t, plain = create_token(acting_user=None, user=p[role], name="t")
    pk = (project or p.own_project).pk
    return c.get(f"/api/v1/projects/{pk}/savings", headers={"Authorization": f"Bearer {plain}"})


def test_the_api(personas):
    fund_it(personas)
    saving(personas, 2025, 12_000_000)
    confirm(personas, 2025, 5_000_000)
    r = api(personas, "project_leader")
    assert r.status_code == 200
    body = r.json()
    assert body["repays"] and body["receivable_ore"] == 25_000_000
    assert body["terms"]["method"] == "share_of_savings" and body["terms"]["source"] == "default"
    board = body["boards"][0]
    assert board["board"] == "Socialnämnden"
    assert (board["disbursed_ore"], board["repaid_ore"], board["receivable_ore"]) == (
        30_000_000,
        5_000_000,
        25_000_000,
    )
    year = board["years"][0]
    assert (year["year"], year["saving_ore"], year["repaid_ore"], year["proposal_ore"]) == (
        2025,
        12_000_000,
        5_000_000,
        7_000_000,
    )
    assert board["repayments"][0]["decision_dnr"] == "SN 2026/44"
    assert board["repayments"][0]["recorded_by"] == "economist"
    assert api(personas, "outsider").status_code == 404
    assert api(personas, "project_leader", personas.other_project).status_code == 403


def test_the_report_section(personas):
    fund_it(personas)
    saving(personas, 2025, 12_000_000)
    confirmed(personas, 2025, 12_000_000)
    s = report.section(personas.own_project)
    assert s.key == "savings"
    captions = [t.caption for t in s.tables]
    assert len(captions) == 4
    savings_table, repayments, receivables, write_downs = s.tables
    assert savings_table.rows[0][:3] == [
        "Socialnämnden",
        report.Year(2025),
        report.Money(12_000_000),
    ]
    assert repayments.rows[0][3] == report.Money(12_000_000)
    assert receivables.rows[0][4] == report.Money(18_000_000)
    assert write_downs.rows == []


def test_the_project_leader_reads_without_forms(personas):
    fund_it(personas)
    saving(personas, 2025, 12_000_000)
    html = page(personas, "project_leader").content.decode()
    assert "120\u00a0000\u00a0kr" in html
    assert "repayment/?board" not in html and "/saving/" not in html
    assert page(personas, "project_leader", f"/savings/projects/{personas.own_project.pk}/saving/",
                "post", {}).status_code == 403  # fmt: skip
