"""The fund projection in the application: the contribution plan's services (permission,
refusals, history), what the projection gathers from the ledger and the decision, the page
(who may see it, the glossary's words, the numbers' format, each chart as a table), the
workbook's native charts, the CLI and the API."""

from __future__ import annotations

import datetime
import io
import json
from pathlib import Path

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from tests.ledger_helpers import record_attested

from socinv.core.ledger import Decision
from socinv.core.problems import Refused
from socinv.organisation.models import Stakeholder
from socinv.projection import selectors, services
from socinv.projection.models import FundContributionPlan
from socinv.review.models import Decision as ProjectDecision
from socinv.review.models import DecisionYear

pytestmark = pytest.mark.django_db

KF = Decision("Kommunfullmäktige", datetime.date(2025, 2, 20), "KS 2025/117")
AS_OF = datetime.date(2026, 6, 30)
EXAMPLE = Path(__file__).resolve().parents[2].parent / "shared" / "examples" / "skolstod.toml"


def fund_it(p):
    """10 mnkr in, 4 mnkr committed to the own project (decided 2,5 mnkr for 2025 and
    1,5 mnkr for 2026), 2,5 mnkr paid out to the social board; the worked example as its
    calculation (its repayment names kommun/socialnamnd)."""
    eco = p["economist"]
    record_attested(
        acting_user=eco, fund=p.fund, type="contribution", date=datetime.date(2025, 3, 1),
        amount_ore=1_000_000_000, decision=KF,
    )  # fmt: skip
    record_attested(
        acting_user=eco, fund=p.fund, type="commitment", date=datetime.date(2025, 3, 2),
        amount_ore=400_000_000, project=p.own_project, decision=KF,
    )  # fmt: skip
    record_attested(
        acting_user=eco, fund=p.fund, type="disbursement", date=datetime.date(2025, 3, 3),
        amount_ore=250_000_000, project=p.own_project, board=p.social_board,
    )  # fmt: skip
    d = ProjectDecision.objects.create(
        project=p.own_project, body="executive_board", date=datetime.date(2025, 2, 1),
        dnr="KS 2025/12", outcome="approved", decided_by=p["owner"], decided_at=timezone.now(),
    )  # fmt: skip
    DecisionYear.objects.create(decision=d, year=2025, amount_ore=250_000_000)
    DecisionYear.objects.create(decision=d, year=2026, amount_ore=150_000_000)
    p.own_project.calculation_toml = EXAMPLE.read_text(encoding="utf-8")
    p.own_project.save()


def plan(p, year=2027, amount_ore=500_000_000, user="economist", **kw):
    return services.set_contribution(
        p.fund,
        acting_user=p[user],
        year=year,
        amount_ore=amount_ore,
        decision_body=kw.get("decision_body", "Kommunfullmäktige"),
        decision_date=kw.get("decision_date", datetime.date(2026, 6, 1)),
        decision_dnr=kw.get("decision_dnr", "KS 2026/77"),
    )


# -- the contribution plan ------------------------------------------------------------


def test_planning_a_year_stores_it_with_its_decision_and_history(personas):
    row = plan(personas)
    assert (row.year, row.amount_ore, row.decision_dnr) == (2027, 500_000_000, "KS 2026/77")
    plan(personas, amount_ore=300_000_000, user="owner")  # the same year: replaced
    rows = list(FundContributionPlan.objects.filter(fund=personas.fund))
    assert [(r.year, r.amount_ore) for r in rows] == [(2027, 300_000_000)]
    history = rows[0].history.order_by("history_date")
    assert [h.history_user for h in history] == [personas["economist"], personas["owner"]]
    services.remove_contribution(personas.fund, acting_user=personas["owner"], year=2027)
    assert not FundContributionPlan.objects.exists()
    with pytest.raises(Refused) as exc:
        services.remove_contribution(personas.fund, acting_user=personas["owner"], year=2027)
    assert exc.value.codes == ["not_planned"]


@pytest.mark.parametrize("role", ["administrator", "auditor", "project_leader", "other_owner"])
def test_only_owner_and_economist_plan_contributions(personas, role):
    with pytest.raises(PermissionDenied):
        plan(personas, user=role)
    assert not FundContributionPlan.objects.exists()


@pytest.mark.parametrize(
    ("kw", "field", "code"),
    [
        ({"year": 1800}, "year", "year_out_of_range"),
        ({"amount_ore": 0}, "amount", "amount_not_positive"),
        ({"amount_ore": 10**16}, "amount", "amount_too_large"),
        ({"decision_dnr": " "}, "decision_dnr", "decision_dnr_required"),
        ({"decision_body": "Ring 19121212-1212"}, "decision_body", "personal_number"),
        ({"decision_date": None}, "decision_date", "decision_date_required"),
    ],
)
def test_bad_plan_rows_are_refused_in_swedish_and_nothing_stored(personas, kw, field, code):
    with pytest.raises(Refused) as exc:
        plan(personas, **kw)
    assert [(r.field, r.code) for r in exc.value.refusals] == [(field, code)]
    assert not FundContributionPlan.objects.exists()


# -- what the projection gathers --------------------------------------------------------


def test_the_input_follows_the_ledger_the_decision_and_the_plan(personas):
    fund_it(personas)
    plan(personas, year=2026, amount_ore=200_000_000)
    plan(personas, year=2028, amount_ore=300_000_000)
    record_attested(
        acting_user=personas["economist"], fund=personas.fund, type="contribution",
        date=datetime.date(2026, 2, 1), amount_ore=50_000_000, decision=KF,
    )  # fmt: skip
    f = selectors.projection_input(personas.fund, AS_OF)
    assert f.available == 10_500_000 - 4_000_000
    assert (f.contributions, f.disbursements) == (10_500_000, 2_500_000)
    # 2026: the plan's 2 mnkr less the 0,5 mnkr already booked this year
    assert f.contribution_plan == ((2026, 1_500_000), (2028, 3_000_000))
    (p,) = f.projects
    assert p.id == str(personas.own_project.pk)
    assert p.to_pay_out == ((2026, 1_500_000),)  # 2025 is paid out; 2026 is still to come
    assert p.pay_out_board == str(personas.social_board.pk)
    board = p.boards[0]
    assert (board.board, board.receivable, board.stakeholder) == (
        str(personas.social_board.pk),
        2_500_000,
        "kommun/socialnamnd",
    )
    assert p.calculation is not None and p.calculation.success_probability == 0.6
    # a commitment released in part leaves less to pay out (from the latest year)
    record_attested(
        acting_user=personas["economist"], fund=personas.fund, type="release",
        date=datetime.date(2026, 3, 1), amount_ore=100_000_000, project=personas.own_project,
        decision=KF,
    )  # fmt: skip
    (p,) = selectors.projection_input(personas.fund, AS_OF).projects
    assert p.to_pay_out == ((2026, 500_000),)


def test_projection_conserves_the_projects_money(personas):
    fund_it(personas)
    out = selectors.run(personas.fund, as_of=AS_OF, years=12, draws=2_000, seed=5)
    # the worked example ends in 2033 (2026 + 8 − 1): all that is owed is repaid or
    # written down by then, on average as in every draw
    rep = sum(out["repayments"]["total"]["mean"])
    wd = sum(out["write_downs"]["central"]["mean"])
    assert rep + wd == pytest.approx(2_500_000 + 1_500_000)
    assert out["disbursements"][0] == 1_500_000
    assert 0 < out["prob_receivable_repaid"][str(personas.own_project.pk)] < 1


# -- the page ---------------------------------------------------------------------------


def _client(user=None) -> Client:
    c = Client()
    if user is not None:
        c.force_login(user)
    return c


def _url(p, suffix="") -> str:
    return f"/funds/{p.fund.pk}/projection/{suffix}"


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("owner", 200),
        ("economist", 200),
        ("auditor", 200),
        ("administrator", 403),
        ("project_leader", 403),
        ("evaluator", 403),
        ("external", 403),
        ("outsider", 404),
        ("other_owner", 404),
    ],
)
def test_who_may_see_the_projection(personas, role, status):
    assert _client(personas[role]).get(_url(personas) + "?draws=10").status_code == status
    wb = _client(personas[role]).get(f"/funds/{personas.fund.pk}/projection.xlsx?draws=10")
    assert wb.status_code == status


def test_anonymous_is_sent_to_the_login(personas):
    r = _client().get(_url(personas))
    assert r.status_code == 302 and "login" in r["Location"]


def test_the_page_speaks_the_glossary_and_shows_each_chart_as_a_table(personas):
    fund_it(personas)
    plan(personas, year=2027, amount_ore=1_234_567_00)
    html = _client(personas["owner"]).get(_url(personas) + "?draws=500&years=4").content.decode()
    for words in ("Fondprognos", "Disponibelt att bevilja", "Medel i fonden", "Tillskottsplan"):
        assert words in html
    assert "1\u00a0234\u00a0567\u00a0kr" in html  # the plan's amount, Swedish format
    assert html.count('<img class="chart"') == 2
    assert 'id="table-available"' in html and 'id="table-fund_money"' in html
    assert '<th scope="row">2027</th>' in html and "2\u00a0027" not in html
    assert "Skolstöd för familjehemsplacerade barn" in html  # its probability of repayment
    assert "Väntade återföringar per nämnd och år" in html


def test_the_contribution_form_plans_and_refuses(personas):
    c = _client(personas["owner"])
    form = {
        "plan-year": "2028",
        "plan-amount": "2 000 000",
        "plan-decision_body": "Kommunfullmäktige",
        "plan-decision_date": "2026-06-01",
        "plan-decision_dnr": "KS 2026/88",
    }
    r = c.post(_url(personas, "plan/"), form)
    assert r.status_code == 302
    assert FundContributionPlan.objects.get().amount_ore == 200_000_000
    r = c.post(_url(personas, "plan/"), form | {"plan-decision_dnr": "", "plan-year": "2029"})
    assert r.status_code == 400 and "error-summary" in r.content.decode()
    assert FundContributionPlan.objects.count() == 1
    assert _client(personas["auditor"]).post(_url(personas, "plan/"), form).status_code == 403
    r = c.post(_url(personas, "plan/2028/remove/"))
    assert r.status_code == 302 and not FundContributionPlan.objects.exists()


def test_bad_options_show_the_error_summary(personas):
    r = _client(personas["owner"]).get(_url(personas) + "?years=31&draws=-1")
    html = r.content.decode()
    assert r.status_code == 200 and "error-summary" in html and "Fondprognosen kunde inte" in html
    assert '<img class="chart"' not in html


# -- the workbook -------------------------------------------------------------------------


def test_the_workbook_has_native_charts_and_the_projections_numbers(personas):
    fund_it(personas)
    c = _client(personas["economist"])
    r = c.get(
        f"/funds/{personas.fund.pk}/projection.xlsx?draws=300&years=5&seed=3&as_of=2026-06-30"
    )
    assert r.status_code == 200
    wb = openpyxl.load_workbook(io.BytesIO(r.content))
    main, boards, probs = wb.worksheets
    assert main.title == "Fondprognos"
    assert len(main._charts) == 2 and len(boards._charts) == 1
    out = selectors.run(personas.fund, as_of=AS_OF, years=5, draws=300, seed=3)
    assert [main.cell(row=i + 2, column=1).value for i in range(5)] == out["years"]
    assert main.cell(row=2, column=1).number_format == "0"  # a year, never grouped
    assert [main.cell(row=i + 2, column=3).value for i in range(5)] == out["available"]["p50"]
    assert [main.cell(row=i + 2, column=6).value for i in range(5)] == out["fund_money"]["p50"]
    assert probs.cell(row=2, column=1).value == "Skolstöd för familjehemsplacerade barn"
    assert (
        probs.cell(row=2, column=2).value
        == out["prob_receivable_repaid"][str(personas.own_project.pk)]
    )


# -- the CLI and the API --------------------------------------------------------------------


def test_cli_json_is_the_spec_and_the_api_gives_the_same(personas, capsys):
    fund_it(personas)
    out = io.StringIO()
    args = [str(personas.fund.pk), "--from", "2026-06-30", "--draws", "400", "--seed", "9"]
    call_command("fund_projection", *args, "--json", stdout=out)
    result = json.loads(out.getvalue())
    assert set(result) == {
        "fund", "as_of", "years", "draws", "seed", "available", "fund_money", "disbursements",
        "contributions", "repayments", "write_downs", "prob_receivable_repaid",
        "money_used_up_year",
    }  # fmt: skip
    assert result["years"] == list(range(2026, 2036)) and result["as_of"] == "2026-06-30"
    c = _client(personas["auditor"])
    api = c.get(
        f"/api/v1/funds/{personas.fund.pk}/projection",
        {"as_of": "2026-06-30", "draws": 400, "seed": 9},
    )
    assert api.status_code == 200 and api.json() == result
    table = io.StringIO()
    call_command("fund_projection", *args, stdout=table)
    assert "Fondprognos" in table.getvalue() and "Disponibelt att bevilja" in table.getvalue()


def test_cli_refuses_options_outside_their_limits(personas, capsys):
    with pytest.raises(SystemExit) as exc:
        call_command("fund_projection", str(personas.fund.pk), "--years", "31", "--draws", "-1")
    assert exc.value.code == 2
    err = capsys.readouterr().err.splitlines()
    assert err == [
        "--years: År framåt måste vara ett heltal mellan 1 och 30 (fick 31).",
        "--draws: Dragningar måste vara ett heltal mellan 0 och 100000 (fick -1).",
    ]


def test_api_limits_permissions_and_the_plan(personas):
    owner, auditor = _client(personas["owner"]), _client(personas["auditor"])
    base = f"/api/v1/funds/{personas.fund.pk}"
    assert owner.get(base + "/projection", {"draws": 100_001}).status_code == 422
    assert owner.get(base + "/projection", {"years": 0}).status_code == 422
    assert _client(personas["administrator"]).get(base + "/projection").status_code == 403
    assert _client(personas["other_owner"]).get(base + "/projection").status_code == 404
    body = {
        "amount_ore": 300_000_000,
        "decision_body": "Kommunfullmäktige",
        "decision_date": "2026-06-01",
        "decision_dnr": "KS 2026/90",
    }
    put = owner.generic(
        "PUT", base + "/contribution-plan/2027", json.dumps(body), "application/json"
    )
    assert put.status_code == 200 and put.json()["amount_ore"] == 300_000_000
    denied = auditor.generic(
        "PUT", base + "/contribution-plan/2028", json.dumps(body), "application/json"
    )
    assert denied.status_code == 403
    listed = auditor.get(base + "/contribution-plan").json()
    assert [(r["year"], r["amount_ore"]) for r in listed] == [(2027, 300_000_000)]
    bad = owner.generic(
        "PUT", base + "/contribution-plan/2028", json.dumps(body | {"decision_dnr": "19121212-1212"}),
        "application/json",
    )  # fmt: skip
    assert bad.status_code == 422 and FundContributionPlan.objects.count() == 1
    assert owner.delete(base + "/contribution-plan/2027").status_code == 204
    assert not FundContributionPlan.objects.exists()
    # a stakeholder for the board is what links its savings (the personas' boards have one)
    assert Stakeholder.objects.filter(board=personas.social_board).exists()
