"""What the fund pages show and do: balances from the ledger, the booking form (Swedish
input, refusals shown next to their fields in Swedish, nothing stored), the ledger list,
the year-end statement and its xlsx, the project pages."""

from __future__ import annotations

import datetime
import io
import re

import pytest
from django.urls import reverse
from tests.ledger_helpers import record_attested

from socinv.core.ledger import Decision
from socinv.fund.models import Fund, LedgerEntry, RiskBound
from socinv.projects.models import Project
from socinv.web import once
from socinv.web.forms import parse_kronor

pytestmark = pytest.mark.django_db

D = datetime.date(2026, 3, 1)
KF = Decision("Kommunfullmäktige", datetime.date(2026, 2, 20), "KS 2026/117")
NBSP = "\u00a0"


def kr(text: str) -> str:
    """'1 234 kr' as the pages write it (no-break spaces)."""
    return text.replace(" ", NBSP)


def book(p, type, ore, **kw):
    return record_attested(
        acting_user=p["economist"],
        fund=p.fund,
        type=type,
        date=D,
        amount_ore=ore,
        decision=KF,
        **kw,
    )


@pytest.fixture
def funded(personas):
    """1 000 000 kr in, 400 000 kr committed to the own project, 100 000 kr disbursed."""
    p = personas
    book(p, "contribution", 100_000_000)
    book(p, "commitment", 40_000_000, project=p.own_project)
    book(p, "disbursement", 10_000_000, project=p.own_project, board=p.social_board)
    return p


def balance(html: str, label: str) -> str:
    m = re.search(rf"<th scope=\"row\">{re.escape(label)}</th><td class=\"num\">([^<]*)</td>", html)
    assert m, f"no row {label!r}"
    return m.group(1)


# --- parsing kronor -------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, ore",
    [
        ("1 234 567,50", 123456750),
        (f"1{NBSP}234{NBSP}567,50", 123456750),
        ("1234567.50", 123456750),
        ("1234567", 123456700),
        ("1 234 567 kr", 123456700),
        ("0,01", 1),
        ("1.234.567,5", 123456750),
        ("1,234,567.50", 123456750),
    ],
)
def test_it_reads_swedish_and_plain_amounts(text, ore):
    assert parse_kronor(text) == ore


@pytest.mark.parametrize("text", ["0", "0,00", "-5", "−5", "1,234", "12.345", "abc", "", "1 2,3,4"])
def test_it_refuses_zero_negative_and_more_than_two_decimals(text):
    from django import forms

    with pytest.raises(forms.ValidationError):
        parse_kronor(text)


# --- overview -------------------------------------------------------------------------


def test_overview_shows_decision_and_balances_in_swedish(client, funded):
    client.force_login(funded["owner"])
    html = client.get(reverse("fund:overview", args=[funded.fund.pk])).content.decode()
    assert html.count("<h1") == 1
    assert "Kommunfullmäktige" in html and "KS 2025/117" in html and "2025-11-20" in html
    assert balance(html, "Avsättningar") == kr("1 000 000 kr")
    assert balance(html, "Disponibelt att bevilja") == kr("600 000 kr")
    assert balance(html, "Beviljat (efter frigjorda belopp)") == kr("400 000 kr")
    assert balance(html, "Utbetalt") == kr("100 000 kr")
    assert balance(html, "Beviljat men ej utbetalt") == kr("300 000 kr")
    assert balance(html, "Fordringar") == kr("100 000 kr")
    # receivables per board, and the latest entries for those who may see the ledger
    assert balance(html, "Socialnämnden") == kr("100 000 kr")
    assert "Senaste verifikationerna" in html and "KS 2026/117" in html


def test_the_administrator_sees_the_overview_without_the_ledger(client, funded):
    client.force_login(funded["administrator"])
    html = client.get(reverse("fund:overview", args=[funded.fund.pk])).content.decode()
    assert "Disponibelt att bevilja" in html
    assert "Senaste verifikationerna" not in html
    assert reverse("fund:ledger", args=[funded.fund.pk]) not in html
    assert reverse("fund:book", args=[funded.fund.pk]) not in html


def test_overview_warns_in_words_when_the_risk_spread_is_outside_the_bounds(client, funded):
    p = funded
    Project.objects.filter(pk=p.own_project.pk).update(risk_class="high")
    Fund.objects.filter(pk=p.fund.pk).update(risk_policy="steered")
    RiskBound.objects.create(fund=p.fund, risk_class="high", min_share=0, max_share=0.3)
    client.force_login(p["owner"])
    html = client.get(reverse("fund:overview", args=[p.fund.pk])).content.decode()
    assert "Varning:" in html and "utanför fondens gränser" in html
    assert "Nej, utanför gränserna" in html
    assert kr("100,0 %") in html


def test_overview_gives_no_warning_when_the_spread_is_only_observed(client, funded):
    p = funded
    Project.objects.filter(pk=p.own_project.pk).update(risk_class="high")
    RiskBound.objects.create(fund=p.fund, risk_class="high", min_share=0, max_share=0.3)
    client.force_login(p["owner"])
    html = client.get(reverse("fund:overview", args=[p.fund.pk])).content.decode()
    assert "Varning:" not in html
    assert "Spridningen visas bara" in html


def _make_projects(p, n):
    book(p, "contribution", 10_000_000_00)
    for i in range(n):
        project = Project.objects.create(fund=p.fund, title=f"Projekt {i}", risk_class="low")
        project.responsible_boards.add(p.social_board)
        book(p, "commitment", 1_000_00, project=project)
        book(p, "disbursement", 500_00, project=project, board=p.social_board)


def _queries(client, django_assert_max_num_queries, url, n):
    with django_assert_max_num_queries(n) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("name", ["fund:overview", "projects:projects"])
def test_the_number_of_queries_does_not_grow_with_the_projects(
    client, personas, django_assert_max_num_queries, name
):
    p = personas
    client.force_login(p["owner"])
    url = reverse(name, args=[p.fund.pk]) if name == "fund:overview" else reverse(name)
    _make_projects(p, 3)
    few = _queries(client, django_assert_max_num_queries, url, 30)
    _make_projects(p, 27)
    many = _queries(client, django_assert_max_num_queries, url, few)
    assert many == few


# --- booking --------------------------------------------------------------------------


def _form(p, user="economist", **over):
    data = {
        "_once": once.issue(p[user]),  # the one-time token the rendered form carries
        "type": "disbursement",
        "date": "2026-04-01",
        "amount": "50 000",
        "project": p.own_project.pk,
        "board": p.social_board.pk,
        "decision_body": "Socialnämnden",
        "decision_date": "2026-03-20",
        "decision_dnr": "SN 2026/12",
        "bearer": "",
        "reverses": "",
        "note": "",
    }
    data.update(over)
    return data


def test_the_booking_form_is_swedish_and_labelled(client, funded):
    client.force_login(funded["economist"])
    html = client.get(reverse("fund:book", args=[funded.fund.pk])).content.decode()
    assert '<html lang="sv">' in html and html.count("<h1") == 1
    for field in [
        "type",
        "date",
        "amount",
        "project",
        "board",
        "decision_dnr",
        "bearer",
        "reverses",
        "note",
    ]:
        assert f'<label for="id_{field}"' in html
    assert 'aria-describedby="id_amount_helptext"' in html
    assert "htmx.min.js" in html


def test_a_booking_that_succeeds_changes_the_shown_balance(client, funded):
    p = funded
    client.force_login(p["economist"])
    overview = reverse("fund:overview", args=[p.fund.pk])
    assert balance(client.get(overview).content.decode(), "Utbetalt") == kr("100 000 kr")
    response = client.post(reverse("fund:book", args=[p.fund.pk]), _form(p, amount="50 000,50"))
    assert response.status_code == 302 and response["Location"] == overview
    html = client.get(overview).content.decode()
    assert balance(html, "Utbetalt") == kr("150 000,50 kr")
    assert "Verifikation 4 bokförd" in html
    entry = LedgerEntry.objects.get(fund=p.fund, seq=4)
    assert entry.amount_ore == 5_000_050 and entry.recorded_by == p["economist"]
    assert (entry.decision_body, entry.decision_dnr) == ("Socialnämnden", "SN 2026/12")


def test_it_reads_a_plain_decimal_point_too(client, funded):
    client.force_login(funded["economist"])
    response = client.post(
        reverse("fund:book", args=[funded.fund.pk]), _form(funded, "economist", amount="1234.5")
    )
    assert response.status_code == 302
    assert LedgerEntry.objects.get(fund=funded.fund, seq=4).amount_ore == 123450


def test_a_refused_booking_shows_the_swedish_error_keeps_the_input_and_stores_nothing(
    client, funded
):
    p = funded
    client.force_login(p["economist"])
    before = LedgerEntry.objects.count()
    data = _form(p, type="commitment", amount="700 000,25", board="", note="Fas två")
    response = client.post(reverse("fund:book", args=[p.fund.pk]), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert LedgerEntry.objects.count() == before
    assert "Verifikationen bokfördes inte" in html
    assert f"Beloppet överstiger de 600{NBSP}000{NBSP}kr som finns att bevilja i fonden." in html
    # the error sits next to the amount field and is linked to it
    assert 'id="id_amount_error"' in html
    assert re.search(r'aria-describedby="id_amount_helptext id_amount_error"', html)
    assert 'aria-invalid="true"' in html
    # everything typed is kept
    assert 'value="700 000,25"' in html
    assert 'value="SN 2026/12"' in html and 'value="2026-03-20"' in html
    assert re.search(r">\s*Fas två</textarea>", html)
    assert f'<option value="{p.own_project.pk}" selected>' in html
    assert '<option value="commitment" selected>' in html


def test_a_refused_booking_in_english(client, funded):
    p = funded
    client.force_login(p["economist"])
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    data = _form(p, type="commitment", amount="700000", board="")
    html = client.post(reverse("fund:book", args=[p.fund.pk]), data).content.decode()
    assert '<html lang="en">' in html
    assert f"The amount exceeds the SEK{NBSP}600,000 available to commit in the fund." in html


@pytest.mark.parametrize(
    "amount, message",
    [
        ("-100", "Beloppet måste vara större än noll."),
        ("0", "Beloppet måste vara större än noll."),
        ("12,345", "högst två decimaler"),
        ("", "Ange beloppet."),
    ],
)
def test_the_form_refuses_bad_amounts_in_swedish(client, funded, amount, message):
    client.force_login(funded["economist"])
    before = LedgerEntry.objects.count()
    html = client.post(
        reverse("fund:book", args=[funded.fund.pk]), _form(funded, amount=amount)
    ).content.decode()
    assert message in html
    assert LedgerEntry.objects.count() == before


def test_ledger_rules_are_shown_next_to_their_fields(client, funded):
    p = funded
    client.force_login(p["economist"])
    data = _form(p, type="write_down", board="", bearer="", amount="10")
    html = client.post(reverse("fund:book", args=[p.fund.pk]), data).content.decode()
    assert 'id="id_board_error"' in html and "måste ange en nämnd" in html
    assert 'id="id_bearer_error"' in html and "En nedskrivning måste ange vem som bär den." in html


def test_a_decision_needs_body_date_and_dnr(client, funded):
    client.force_login(funded["economist"])
    data = _form(funded, decision_dnr="")
    html = client.post(reverse("fund:book", args=[funded.fund.pk]), data).content.decode()
    assert 'id="id_decision_dnr_error"' in html


def test_a_reversal_by_entry_number_takes_the_amount_project_and_board(client, funded):
    p = funded
    client.force_login(p["economist"])
    data = _form(p, type="reversal", reverses="3", amount="", project="", board="")
    response = client.post(reverse("fund:book", args=[p.fund.pk]), data)
    assert response.status_code == 302
    reversal = LedgerEntry.objects.get(fund=p.fund, seq=4)
    assert reversal.reverses.seq == 3 and reversal.amount_ore == 10_000_000
    ledger = client.get(reverse("fund:ledger", args=[p.fund.pk])).content.decode()
    assert "rättar nr 3" in ledger and "rättad genom nr 4" in ledger


def test_reversing_an_unknown_entry_number_is_refused(client, funded):
    client.force_login(funded["economist"])
    data = _form(funded, type="reversal", reverses="99")
    html = client.post(reverse("fund:book", args=[funded.fund.pk]), data).content.decode()
    assert "Fonden har ingen verifikation nummer 99." in html


def test_htmx_shows_the_bearer_only_for_write_downs(client, funded):
    client.force_login(funded["economist"])
    url = reverse("fund:book", args=[funded.fund.pk])
    html = client.get(url, {"type": "write_down"}, headers={"HX-Request": "true"}).content.decode()
    assert 'id="conditional-fields"' in html and 'name="bearer"' in html
    assert 'name="reverses"' not in html and "<html" not in html
    html = client.get(
        url, {"type": "disbursement"}, headers={"HX-Request": "true"}
    ).content.decode()
    assert 'name="bearer"' not in html and 'name="reverses"' not in html
    html = client.get(
        url, {"type": "reversal", "reverses": "2"}, headers={"HX-Request": "true"}
    ).content.decode()
    assert 'name="reverses"' in html and 'value="2"' in html


def test_only_bookers_may_post(client, funded):
    for role in ["auditor", "administrator", "project_leader"]:
        client.force_login(funded[role])
        assert (
            client.post(reverse("fund:book", args=[funded.fund.pk]), _form(funded)).status_code
            == 403
        )
    assert LedgerEntry.objects.count() == 3


# --- ledger list ----------------------------------------------------------------------


def test_the_ledger_lists_entries_with_amount_recorder_and_dnr(client, funded):
    client.force_login(funded["auditor"])
    html = client.get(reverse("fund:ledger", args=[funded.fund.pk])).content.decode()
    assert html.count("<h1") == 1
    assert kr("1 000 000 kr") in html and "economist" in html and "KS 2026/117" in html
    assert '<th scope="col">' in html


def test_the_ledger_filters_by_type_project_board_and_date(client, funded):
    p = funded
    client.force_login(p["owner"])
    url = reverse("fund:ledger", args=[p.fund.pk])
    html = client.get(url, {"type": "commitment"}).content.decode()
    assert "Antal verifikationer: 1" in html
    html = client.get(url, {"project": p.own_project.pk}).content.decode()
    assert "Antal verifikationer: 2" in html
    html = client.get(url, {"board": p.social_board.pk}).content.decode()
    assert "Antal verifikationer: 1" in html
    html = client.get(url, {"date_from": "2026-03-02"}).content.decode()
    assert "Antal verifikationer: 0" in html
    html = client.get(url, {"date_to": "2026-03-01"}).content.decode()
    assert "Antal verifikationer: 3" in html


def test_the_ledger_pages_by_fifty(client, personas):
    p = personas
    for _ in range(51):
        book(p, "contribution", 100)
    client.force_login(p["owner"])
    url = reverse("fund:ledger", args=[p.fund.pk])
    first = client.get(url).content.decode()
    assert first.count('<th scope="row">') == 50 and "Sida 1 av 2" in first
    second = client.get(url, {"page": 2}).content.decode()
    assert second.count('<th scope="row">') == 1


# --- year-end statement ---------------------------------------------------------------


def test_the_statement_shows_the_year(client, funded):
    client.force_login(funded["auditor"])
    html = client.get(reverse("fund:statement", args=[funded.fund.pk, 2026])).content.decode()
    assert "Bokslut 2026" in html and html.count("<h1") == 1
    assert balance(html, "Disponibelt vid årets början") == kr("0 kr")
    assert balance(html, "Disponibelt vid årets slut") == kr("600 000 kr")
    assert balance(html, "Socialnämnden") == kr("100 000 kr")  # receivable at year end


def test_the_statement_xlsx_opens_and_holds_the_right_totals(client, funded):
    import openpyxl

    p = funded
    book(p, "repayment", 2_500_000, project=p.own_project, board=p.social_board)
    client.force_login(p["economist"])
    response = client.get(reverse("fund:statement_xlsx", args=[p.fund.pk, 2026]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert "bokslut" in response["Content-Disposition"]
    book_ = openpyxl.load_workbook(io.BytesIO(response.content))
    sheet = book_["Bokslut"]
    rows = {r[0]: r[1] for r in sheet.iter_rows(values_only=True) if r and r[0]}
    assert "Sociala investeringsfonden" in next(iter(rows))
    assert rows["Avsättningar"] == 1_000_000
    assert rows["Beviljade belopp"] == -400_000
    assert rows["Återföringar"] == 25_000
    assert rows["Disponibelt vid årets början"] == 0
    assert rows["Disponibelt vid årets slut"] == 625_000
    assert rows["Utbetalningar"] == 100_000
    assert rows["Socialnämnden"] == 75_000  # the last table: receivables at year end
    money_cell = next(c for c in sheet["B"] if c.value == 625_000)
    assert "kr" in money_cell.number_format
    assert isinstance(money_cell.value, int | float)


def test_an_empty_year_still_gives_a_statement(client, funded):
    client.force_login(funded["owner"])
    html = client.get(reverse("fund:statement", args=[funded.fund.pk, 2025])).content.decode()
    assert "Inga under året." in html


# --- projects -------------------------------------------------------------------------

CALC = {
    "name": "Skolstöd",
    "start_year": 2026,
    "horizon": 8,
    "discount_rate": 0.035,
    "perspectives": {
        "municipal": {
            "pv_benefits": 8912612.36,
            "pv_costs": 3305651.47,
            "npv": 5606960.89,
            "bcr": 2.7,
            "expected_npv": 2041915.94,
            "payback_year": 2,
            "break_even_factor": None,
        },
        "public": {
            "pv_benefits": 10693641.96,
            "pv_costs": 3305651.47,
            "npv": 7387990.48,
            "bcr": 3.2,
            "expected_npv": 3110533.70,
            "payback_year": 2,
            "break_even_factor": None,
        },
        "societal": {
            "pv_benefits": 11869095.46,
            "pv_costs": 3305651.47,
            "npv": 8563443.99,
            "bcr": 3.6,
            "expected_npv": 3815805.80,
            "payback_year": 2,
            "break_even_factor": None,
        },
    },
}


def test_the_project_page_shows_details_balances_and_the_calculation(client, funded):
    p = funded
    Project.objects.filter(pk=p.own_project.pk).update(calculation_result=CALC, risk_class="medium")
    client.force_login(p["project_leader"])
    html = client.get(reverse("projects:project", args=[p.own_project.pk])).content.decode()
    assert html.count("<h1") == 1 and p.own_project.title in html
    assert "Socialnämnden" in html and "Genomförande" in html
    assert balance(html, "Utbetalt") == kr("100 000 kr")
    assert balance(html, "Beviljat men ej utbetalt") == kr("300 000 kr")
    assert "Kommunalekonomisk" in html and "Samhällsekonomisk" in html
    assert kr("5 606 961 kr") in html and kr("8 563 444 kr") in html
    # a project leader may not open the fund overview: no link to it
    assert reverse("fund:overview", args=[p.fund.pk]) not in html


def test_the_project_page_says_when_there_is_no_calculation(client, funded):
    client.force_login(funded["owner"])
    html = client.get(reverse("projects:project", args=[funded.other_project.pk])).content.decode()
    assert "Ingen kalkyl har sparats för projektet." in html


def test_the_project_list_shows_committed_and_disbursed(client, funded):
    client.force_login(funded["economist"])
    html = client.get(reverse("projects:projects")).content.decode()
    row = re.search(r"Skolstöd för familjehemsplacerade barn</a></th>(.*?)</tr>", html, re.S).group(
        1
    )
    assert kr("400 000 kr") in row and kr("100 000 kr") in row


def test_a_budget_model_fund_has_no_receivables_and_refuses_repayments_in_swedish(client, personas):
    p = personas
    Fund.objects.filter(pk=p.fund.pk).update(economic_model="budget")
    p.fund.refresh_from_db()
    book(p, "contribution", 100_000_000)
    book(p, "commitment", 40_000_000, project=p.own_project)
    client.force_login(p["economist"])
    html = client.get(reverse("fund:overview", args=[p.fund.pk])).content.decode()
    assert "Budgetmodellen" in html or "budgetmodellen" in html.lower()
    assert "Fordringar per nämnd" not in html
    data = _form(p, "economist", type="repayment", amount="100")
    html = client.post(reverse("fund:book", args=[p.fund.pk]), data).content.decode()
    assert "Budgetmodellen har inga återföringar eller fordringar" in html
    assert LedgerEntry.objects.filter(fund=p.fund).count() == 2


def test_the_statement_xlsx_in_english(client, funded):
    import openpyxl

    client.force_login(funded["owner"])
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    response = client.get(reverse("fund:statement_xlsx", args=[funded.fund.pk, 2026]))
    sheet = openpyxl.load_workbook(io.BytesIO(response.content))["Statement"]
    rows = {r[0]: r[1] for r in sheet.iter_rows(values_only=True) if r and r[0]}
    assert rows["Contributions"] == 1_000_000
    assert rows["Available at the end of the year"] == 600_000
