"""The decision memo: who may read it, what the PDF says, that it says plainly what is not
there yet (no application, review, decision), and that a PDF WeasyPrint cannot make here
answers 503 with the reason. WeasyPrint, Pango and matplotlib are installed: a PDF or a
chart that cannot be made is a failure, never a skip."""

from __future__ import annotations

import datetime
import io

import pypdf
import pytest
from django.urls import reverse
from django.utils import timezone

from socinv.applications.models import Application, BudgetYear, EvidenceStatement, Indicator
from socinv.core.calc import calculate
from socinv.core.calc.parse import parse
from socinv.demo.calculations import LAXHJALP, SKOLSTOD
from socinv.fund.models import RiskBound
from socinv.io import charts
from socinv.l10n import format_money
from socinv.projects.services import set_calculation
from socinv.review.models import Decision, DecisionYear, Review

pytestmark = pytest.mark.django_db
NBSP = "\u00a0"


def _pdf_text(data: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(data))
    text = "\n".join(page.extract_text() or "" for page in reader.pages)
    return " ".join(text.replace(NBSP, " ").split())


def _pdf_response(client, url):
    """The PDF at ``url`` (made here: WeasyPrint and Pango are installed)."""
    response = client.get(url)
    assert response.status_code == 200, response.content[:500]
    return response


@pytest.fixture
def project(personas):
    """The own project with the skolstöd calculation and a stored Monte Carlo run."""
    p = set_calculation(
        acting_user=personas["economist"], project=personas.own_project, toml_text=SKOLSTOD
    )
    result = calculate(parse(SKOLSTOD, source="skolstod"), draws=200, seed=1)
    p.calculation_result = result
    p.risk_class = "medium"
    p.save(update_fields=["calculation_result", "risk_class"])
    return p


def _memo(pk):
    return reverse("reports:memo", args=[pk])


def _pdf(pk):
    return reverse("reports:memo_pdf", args=[pk])


@pytest.mark.parametrize(
    "role", ["owner", "economist", "auditor", "administrator", "project_leader", "evaluator"]
)
def test_it_shows_the_memo_to_who_may_see_the_project(client, personas, project, role):
    client.force_login(personas[role])
    response = client.get(_memo(project.pk))
    assert response.status_code == 200
    assert project.title in response.content.decode()


@pytest.mark.parametrize("role", ["external", "outsider", "other_owner"])
def test_it_refuses_the_memo_to_others(client, personas, project, role):
    client.force_login(personas[role])
    status = 403 if role == "external" else 404  # outsiders are told nothing exists
    assert client.get(_memo(project.pk)).status_code == status
    assert client.get(_pdf(project.pk)).status_code == status


def test_it_sends_the_anonymous_to_the_login_page(client, project):
    for url in (_memo(project.pk), _pdf(project.pk)):
        response = client.get(url)
        assert response.status_code == 302
        assert "/login/" in response["Location"]


def test_the_external_applicant_reads_the_memo_of_their_own_application(client, personas):
    client.force_login(personas["external"])
    assert client.get(_memo(personas.application.pk)).status_code == 200


def test_it_answers_404_for_a_project_that_does_not_exist(client, personas):
    client.force_login(personas["owner"])
    assert client.get(_memo(999_999)).status_code == 404


def test_the_pdf_holds_the_title_both_calculations_and_the_npv(client, personas, project):
    client.force_login(personas["owner"])
    response = _pdf_response(client, _pdf(project.pk))
    assert response["Content-Type"] == "application/pdf"
    assert "beslutsunderlag" in response["Content-Disposition"]
    assert response.content.startswith(b"%PDF")
    text = _pdf_text(response.content)
    persp = project.calculation_result["perspectives"]
    assert project.title in text
    assert "Kommunalekonomisk" in text
    assert "Samhällsekonomisk" in text
    assert "Sociala investeringsfonden" in text and "Exempelkommun" in text
    for key in ("municipal", "public", "societal"):
        figure = format_money(round(persp[key]["npv"])).replace(NBSP, " ")
        assert figure in text, (key, figure)
    assert "Sannolikhet för positivt nettonuvärde" in text
    assert "Beviskedja" in text and "Förslag till beslut" in text
    assert "Brytpunktsfaktor" in text and "Break-even" not in text  # the glossary's word
    assert "Sida 1 av" in text  # the page numbers, in Swedish


@pytest.mark.parametrize("role", ["owner", "economist", "project_leader", "auditor"])
def test_each_persona_who_may_see_it_downloads_the_pdf(client, personas, project, role):
    client.force_login(personas[role])
    response = _pdf_response(client, _pdf(project.pk))
    assert response.content.startswith(b"%PDF")


def test_the_memo_of_a_project_without_anything_says_what_is_missing(client, personas):
    client.force_login(personas["owner"])
    html = client.get(_memo(personas.other_project.pk)).content.decode()
    assert "Någon kalkyl är ännu inte sparad för projektet." in html
    assert "Ännu inte beredd av styrgruppen." in html
    assert "Inget beslutsförslag eller beslut är registrerat ännu." in html
    response = _pdf_response(client, _pdf(personas.other_project.pk))
    assert "Någon kalkyl är ännu inte sparad" in _pdf_text(response.content)


def test_the_memo_without_monte_carlo_says_so(client, personas):
    """A calculation stored before saving kept its simulation: no Monte Carlo result and no
    stored simulation (saving stores one now: tests/calculation/test_stored_simulations.py)."""
    from socinv.projects.models import Project

    Project.objects.filter(pk=personas.application.pk).update(
        calculation_toml=LAXHJALP, calculation_result=calculate(parse(LAXHJALP))
    )
    p = personas.application
    client.force_login(personas["owner"])
    html = client.get(_memo(p.pk)).content.decode()
    assert "Ingen Monte Carlo-simulering är sparad" in html
    assert "Kommunalekonomisk kalkyl" in html and "Samhällsekonomisk kalkyl" in html


def test_the_portfolio_effect_shows_the_spread_and_warns_on_a_breach(client, personas, project):
    from tests.ledger_helpers import record_attested

    from socinv.core.ledger import Decision

    fund = personas.fund
    fund.risk_policy = fund.RiskPolicy.STEERED
    fund.save()
    RiskBound.objects.create(fund=fund, risk_class="medium", min_share=0, max_share=0.5)
    kf = Decision("Kommunfullmäktige", datetime.date(2026, 2, 20), "KS 2026/117")
    when = datetime.date(2026, 3, 1)
    record_attested(
        acting_user=personas["economist"],
        fund=fund,
        type="contribution",
        date=when,
        amount_ore=100_000_000,
        decision=kf,
    )
    record_attested(
        acting_user=personas["economist"],
        fund=fund,
        type="commitment",
        date=when,
        amount_ore=40_000_000,
        project=project,
        decision=kf,
    )
    client.force_login(personas["owner"])
    html = client.get(_memo(project.pk)).content.decode().replace(NBSP, " ")
    assert "Risk och portföljeffekt" in html
    assert "Medelhög risk (detta projekt)" in html
    assert "400 000 kr" in html  # after the decision
    assert "Varning:" in html  # 100 % medium risk against a 50 % bound


def test_the_pdf_fails_with_a_clear_message_when_weasyprint_cannot_load(
    client, personas, project, monkeypatch
):
    from socinv.io import pdf

    def broken():
        raise pdf.PdfUnavailable("PDF export needs WeasyPrint and the Pango library: no pango")

    monkeypatch.setattr(pdf, "_weasyprint", broken)
    client.force_login(personas["owner"])
    response = client.get(_pdf(project.pk))
    assert response.status_code == 503
    assert "Pango" in response.content.decode()
    # the preview still works
    assert client.get(_memo(project.pk)).status_code == 200


def test_pdf_unavailable_is_raised_when_the_import_fails(monkeypatch):
    import builtins

    from socinv.io import pdf

    real_import = builtins.__import__

    def fake_import(name, *args, **kwargs):
        if name == "weasyprint":
            raise OSError("cannot load library 'libpango-1.0-0'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", fake_import)
    with pytest.raises(pdf.PdfUnavailable, match="Pango"):
        pdf.html_to_pdf("<p>x</p>")
    assert pdf.pdf_available() is False


def test_the_memo_holds_the_application_review_and_decision(client, personas, project):
    """With the application, its evidence chain, a review and a decision (the models of
    socinv.applications and socinv.review, made directly here), every section is filled."""
    owner = personas["owner"]
    app = Application.objects.create(
        project=project,
        created_by=personas["project_leader"],
        need="Barn i familjehem lämnar grundskolan utan godkända betyg.",
        needs_source="Verksamhetsplan 2026, socialnämnden",
        risk_assessment="Risken är att skolorna inte tar emot stödet.",
    )
    BudgetYear.objects.create(application=app, year=2026, amount_ore=150_000_000)
    EvidenceStatement.objects.create(project=project, level="outputs", text="40 barn kartlagda")
    EvidenceStatement.objects.create(
        project=project, level="value_created", text="Fler barn med gymnasiebehörighet"
    )
    Indicator.objects.create(
        project=project,
        level="outcomes",
        name="Andel med godkända betyg i årskurs 9",
        unit="%",
        baseline_value=45.0,
        baseline_source="Skolverket",
        baseline_date=datetime.date(2025, 6, 30),
        target_value=70.0,
    )
    Review.objects.create(
        project=project,
        reviewed_by=owner,
        reviewed_at=timezone.now(),
        risk_class="medium",
        risk_rationale="Beprövad metod, ny målgrupp.",
        recommendation="approve",
        amount_ore=150_000_000,
    )
    client.force_login(personas["economist"])
    html = client.get(_memo(project.pk)).content.decode().replace(NBSP, " ")
    assert "Barn i familjehem lämnar grundskolan" in html
    assert "Verksamhetsplan 2026, socialnämnden" in html
    assert "40 barn kartlagda" in html and "Fler barn med gymnasiebehörighet" in html
    assert "Andel med godkända betyg i årskurs 9" in html and "Skolverket 2025-06-30" in html
    assert "Beprövad metod, ny målgrupp." in html
    assert "Risken är att skolorna inte tar emot stödet." in html
    assert "Förslag till beslut" in html and "1 500 000 kr" in html
    assert "Medelhög risk (detta projekt)" in html

    decision = Decision.objects.create(
        project=project,
        body="steering_group",
        date=datetime.date(2026, 4, 2),
        dnr="SN 2026/77",
        outcome="approved",
        conditions="Halvårsrapport till styrgruppen.",
        decided_by=owner,
        decided_at=timezone.now(),
    )
    DecisionYear.objects.create(decision=decision, year=2026, amount_ore=100_000_000)
    DecisionYear.objects.create(decision=decision, year=2027, amount_ore=50_000_000)
    response = _pdf_response(client, _pdf(project.pk))
    text = _pdf_text(response.content)
    assert "SN 2026/77" in text  # the dnr in the header
    assert "Beslut" in text and "Halvårsrapport till styrgruppen." in text
    assert "1 000 000 kr" in text and "500 000 kr" in text and "1 500 000 kr" in text
    assert "Prestationer" in text and "Skapat värde" in text


def test_the_memo_shows_the_ideas_estimated_cost_and_leaves_it_out_when_empty(
    client, personas, project
):
    app = Application.objects.create(
        project=project,
        created_by=personas["project_leader"],
        need="Barn i familjehem lämnar grundskolan utan godkända betyg.",
        intervention="Läxhjälp tre dagar i veckan.",
        estimated_cost_ore=120_000_000,
    )
    client.force_login(personas["economist"])
    html = client.get(_memo(project.pk)).content.decode().replace(NBSP, " ")
    pair = "<dt>Uppskattad kostnad (idé)</dt><dd>1 200 000 kr</dd>"
    assert pair in html
    # with the idea's texts, after the intervention
    assert html.index("Läxhjälp tre dagar i veckan.") < html.index(pair)
    text = _pdf_text(_pdf_response(client, _pdf(project.pk)).content)
    assert "Uppskattad kostnad (idé) 1 200 000 kr" in text
    Application.objects.filter(pk=app.pk).update(estimated_cost_ore=None)
    html = client.get(_memo(project.pk)).content.decode()
    assert "Uppskattad kostnad" not in html


def test_the_memo_shows_charts_with_a_text_alternative(client, personas, project):
    client.force_login(personas["owner"])
    html = client.get(_memo(project.pk)).content.decode()
    assert 'src="data:image/svg+xml;base64,' in html
    assert "Diagram: ackumulerat diskonterat netto per år och perspektiv" in html
    assert "Diagram: fördelningen av nettonuvärdet i Monte Carlo-simuleringen." in html


def test_a_chart_that_cannot_be_drawn_fails_the_memo(client, personas, project, monkeypatch):
    """The charts are part of the memo: a chart that breaks is a bug that shows, never a
    memo quietly without it (it used to say "Diagram ingår inte i denna version")."""

    def broken(result, lang):
        raise RuntimeError("the chart broke")

    monkeypatch.setattr(charts, "cumulative_net_svg", broken)
    client.force_login(personas["owner"])
    with pytest.raises(RuntimeError, match="the chart broke"):
        client.get(_memo(project.pk))


def test_without_monte_carlo_the_memo_has_one_chart_and_no_histogram(client, personas):
    """A calculation stored without its simulation (before saving kept one): the cumulative
    chart and the tornado charts (computed from the input), no histogram."""
    from socinv.projects.models import Project

    Project.objects.filter(pk=personas.application.pk).update(
        calculation_toml=LAXHJALP, calculation_result=calculate(parse(LAXHJALP))
    )
    p = personas.application
    client.force_login(personas["owner"])
    html = client.get(_memo(p.pk)).content.decode()
    tornadoes = html.count('id="memo-tornado-')
    assert html.count('<figure class="chart"><img src="data:image/svg+xml;base64,') == 1 + tornadoes
    assert "Diagram: ackumulerat diskonterat netto per år och perspektiv" in html
    assert "fördelningen av nettonuvärdet" not in html
    assert "Diagram ingår inte i denna version av underlaget" not in html
    assert "Kommunalekonomisk kalkyl" in html


def test_the_memo_is_swedish_for_a_reader_in_english(client, personas, project):
    """The page around it follows the reader; the memo itself is a Swedish document."""
    client.force_login(personas["owner"])
    client.cookies["django_language"] = "en"
    html = client.get(_memo(project.pk), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    memo = html[html.index('<article class="memo"') : html.index("</article>")]
    assert "Back to the project" in html  # the page: English
    for text in ("Tjänsteskrivelse – beslutsunderlag", "Kommunalekonomisk kalkyl", "Nettonuvärde"):
        assert text in memo, text
    assert "Medelhög risk" in memo and "Metodprövning" in memo  # the models' choices
    for text in ("Net present value", "Medium risk", "Summary", "SEK"):
        assert text not in memo, text


def test_the_payback_year_is_a_calendar_year(client, personas, project):
    client.force_login(personas["owner"])
    html = client.get(_memo(project.pk)).content.decode()
    result = project.calculation_result
    index = result["perspectives"]["municipal"]["payback_year"]
    assert (
        f'<th scope="row">Återbetalningsår</th><td class="num">{result["start_year"] + index}<'
        in html
    )
    assert "i kalkylen)" not in html  # never "år 2 i kalkylen"


def _review(project, personas, **values):
    return Review.objects.create(
        project=project,
        reviewed_by=personas["owner"],
        reviewed_at=timezone.now(),
        risk_class="medium",
        risk_rationale="Beprövad metod.",
        **values,
    )


def _decide(project, personas, outcome, dnr):
    return Decision.objects.create(
        project=project,
        body="executive_board",
        date=datetime.date(2026, 4, 2),
        dnr=dnr,
        outcome=outcome,
        conditions=f"Villkor för {dnr}",
        decided_by=personas["owner"],
        decided_at=timezone.now(),
    )


def test_the_decision_in_the_memo_is_the_approval(client, personas, project):
    """A decision that returned the application is no decision on the money: the memo
    still proposes; the approval is "the decision" (review.selectors.granting_decision)."""
    _review(project, personas, recommendation="approve_with_conditions", amount_ore=80_000_000)
    _decide(project, personas, "returned", "KS 2026/1")
    client.force_login(personas["owner"])
    html = client.get(_memo(project.pk)).content.decode().replace(NBSP, " ")
    assert "Förslag till beslut" in html and "Ej diariefört" in html
    assert "KS 2026/1" not in html
    assert "Styrgruppens rekommendation</dt><dd>Bevilja med villkor" in html
    assert "Föreslaget belopp</dt><dd>800 000 kr" in html
    approval = _decide(project, personas, "approved", "KS 2026/2")
    DecisionYear.objects.create(decision=approval, year=2026, amount_ore=80_000_000)
    html = client.get(_memo(project.pk)).content.decode().replace(NBSP, " ")
    assert '<h2 id="memo-decision">Beslut</h2>' in html
    assert "<dd>KS 2026/2</dd>" in html  # in the header and the decision
    assert "Utfall</dt><dd>Beviljat" in html and "Villkor för KS 2026/2" in html
    assert "Beslutande organ</dt><dd>Kommunstyrelsen" in html
    assert "Beslutat belopp: 800 000 kr." in html


def test_an_observed_fund_marks_a_share_outside_its_bounds_without_a_warning(
    client, personas, project
):
    fund = personas.fund
    assert fund.risk_policy == fund.RiskPolicy.OBSERVED
    RiskBound.objects.create(fund=fund, risk_class="medium", min_share=0, max_share=0.5)
    _review(project, personas, amount_ore=50_000_000)
    client.force_login(personas["owner"])
    html = client.get(_memo(project.pk)).content.decode().replace(NBSP, " ")
    assert "Fondens riskspridning av beviljade medel i dag och om förslaget beviljas." in html
    assert "100 % – utanför" in html  # 500 000 kr of 500 000 kr in medium risk
    assert "0 % – 50 %" in html  # the policy's bounds
    assert "Varning:" not in html
    assert "Fonden styr inte riskspridningen; den redovisas för kännedom." in html
    assert "Diagram: riskspridningen efter beslutet mot policyns gränser" in html
