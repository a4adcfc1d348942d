"""The follow-up report: who may read it, what the page, the PDF, the workbook and the
JSON hold, that its sections come from the apps' ``report_sections`` hook, that a broken
section fails loudly under SOCINV_STRICT_HOOKS (the tests, DEBUG) and only shows a note
otherwise (production),
and that the PDF degrades plainly without Pango."""

from __future__ import annotations

import datetime
import io
import logging
import re
import runpy
import xml.etree.ElementTree as ET
from pathlib import Path

import openpyxl
import pypdf
import pytest
from django.apps import apps
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from tests.ledger_helpers import record_attested

from socinv.applications.models import Indicator
from socinv.core.ledger import Decision
from socinv.followup.models import Measurement
from socinv.io.sections import Section
from socinv.reports import followup as followup_report
from socinv.review import models as review_models
from socinv.site import settings as site_settings

pytestmark = pytest.mark.django_db
NBSP = "\u00a0"
ROOT = Path(__file__).resolve().parents[2]
FRAGMENT = ROOT / "src" / "socinv" / "locale" / "fragments" / "followup_report.po"
SHARE = "Andel elever behöriga till gymnasiet"
COST = "Kostnad för HVB-placeringar i målgruppen"


def _po_entries(path: Path) -> dict[str, str]:
    """msgid → msgstr of a simple .po file (no plurals, no contexts)."""
    entries: dict[str, str] = {}
    msgid = msgstr = None
    target = None

    def unquote(text: str) -> str:
        return (
            bytes(text.strip()[1:-1], "utf-8").decode("unicode_escape").encode("latin-1").decode()
        )

    def flush():
        if msgid and msgstr:
            entries[msgid] = msgstr

    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("msgid "):
            flush()
            msgid, msgstr, target = unquote(line[6:]), None, "id"
        elif line.startswith("msgstr "):
            msgstr, target = unquote(line[7:]), "str"
        elif line.startswith('"'):
            if target == "id":
                msgid += unquote(line)
            elif target == "str":
                msgstr += unquote(line)
    flush()
    return entries


@pytest.fixture
def swedish():
    """This part's Swedish translations are in the compiled catalogue (``make messages``
    merged its fragment): every entry of the fragment translates as the fragment says."""
    from django.utils.translation import trans_real

    catalog = trans_real.translation("sv")._catalog
    wrong = {m: s for m, s in _po_entries(FRAGMENT).items() if m and catalog.get(m) != s}
    assert not wrong, f"not merged into the catalogue (run make messages): {sorted(wrong)[:5]}"


def _pdf_text(data: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(data))
    text = "\n".join(page.extract_text() or "" for page in reader.pages)
    return " ".join(text.replace(NBSP, " ").split())


def _pdf(client, url):
    """The PDF at ``url``: WeasyPrint and Pango are installed, a PDF that cannot be made
    is a failure."""
    response = client.get(url)
    assert response.status_code == 200, response.content[:500]
    return response


@pytest.fixture
def project(personas):
    """The own project with two indicators, five measurements and 2 500 000 kr granted."""
    p = personas.own_project
    share = Indicator.objects.create(
        project=p,
        level="outcomes",
        name=SHARE,
        unit="andel",
        direction="higher",
        baseline_value=0.48,
        baseline_date=datetime.date(2024, 6, 30),
        target_value=0.65,
        order=1,
    )
    cost = Indicator.objects.create(
        project=p,
        level="value_created",
        name=COST,
        unit="kr",
        direction="lower",
        baseline_value=4_800_000,
        target_value=3_600_000,
        order=2,
    )
    Indicator.objects.create(project=p, level="impact", name="Sammanbrott", direction="lower")
    Measurement.objects.create(
        indicator=share, period="2025-06", value=0.50, comparison_value=0.47, individuals=20
    )
    Measurement.objects.create(
        indicator=share, period="2025-12", value=0.55, comparison_value=0.48, individuals=20
    )
    Measurement.objects.create(indicator=cost, period="2024", value=4_700_000)
    Measurement.objects.create(indicator=cost, period="2025", value=4_150_000, comment="Bokslut")
    kf = Decision("Kommunstyrelsen", datetime.date(2025, 4, 12), "KS 2025/0533")
    for type_, amount in (("contribution", 1_000_000_000), ("commitment", 250_000_000)):
        record_attested(
            acting_user=personas["economist"],
            fund=personas.fund,
            type=type_,
            date=datetime.date(2025, 4, 14),
            amount_ore=amount,
            project=p if type_ == "commitment" else None,
            decision=kf,
        )
    # the decision record the commitment was booked for: the report names it, not the
    # ledger's copy of its dnr
    granted = review_models.Decision.objects.create(
        project=p,
        body="executive_board",
        date=kf.date,
        dnr=kf.dnr,
        outcome="approved",
        decided_by=personas["owner"],
        decided_at=timezone.now(),
    )
    review_models.DecisionYear.objects.create(decision=granted, year=2025, amount_ore=250_000_000)
    return p


def _url(name, pk):
    return reverse(f"reports:{name}", args=[pk])


# --- who may read it --------------------------------------------------------------------


@pytest.mark.parametrize(
    "role", ["owner", "economist", "auditor", "administrator", "project_leader", "evaluator"]
)
def test_it_shows_the_report_to_who_may_see_the_project(client, personas, project, role):
    client.force_login(personas[role])
    response = client.get(_url("followup", project.pk))
    assert response.status_code == 200
    html = response.content.decode()
    assert project.title in html
    assert SHARE in html


@pytest.mark.parametrize("role", ["external", "outsider", "other_owner"])
def test_it_refuses_the_report_to_others(client, personas, project, role):
    client.force_login(personas[role])
    status = 403 if role == "external" else 404  # outsiders are told nothing exists
    for name in ("followup", "followup_pdf", "followup_xlsx"):
        assert client.get(_url(name, project.pk)).status_code == status, name


@pytest.mark.parametrize("role", ["project_leader", "evaluator"])
def test_leader_and_evaluator_read_only_their_own_projects(client, personas, project, role):
    client.force_login(personas[role])
    assert client.get(_url("followup", project.pk)).status_code == 200
    other = personas.other_project.pk
    for name in ("followup", "followup_pdf", "followup_xlsx"):
        assert client.get(_url(name, other)).status_code == 403, name


def test_the_anonymous_go_to_the_login_page_and_a_missing_project_is_404(client, personas, project):
    for name in ("followup", "followup_pdf", "followup_xlsx"):
        response = client.get(_url(name, project.pk))
        assert response.status_code == 302 and "/login/" in response["Location"]
    client.force_login(personas["auditor"])
    for name in ("followup", "followup_pdf", "followup_xlsx"):
        assert client.get(_url(name, 999_999)).status_code == 404


# --- the page -----------------------------------------------------------------------------


def test_the_page_has_the_header_contents_sections_and_figures(client, personas, project, swedish):
    client.force_login(personas["auditor"])
    html = client.get(_url("followup", project.pk)).content.decode().replace(NBSP, " ")
    assert "Uppföljningsrapport" in html
    # the header: organisation, fund, phase, boards, the decision and the money
    for text in (
        "Exempelkommun",
        "Sociala investeringsfonden",
        "Genomförande",
        "Socialnämnden",
        "KS 2025/0533",
        "2 500 000 kr",
    ):
        assert text in html, text
    # a table of contents linking every section, in order
    anchors = re.findall(r'<a href="#section-(\w+)">', html)
    assert anchors == ["measurements", "phases", "evaluation", "savings", "expost", "multiplier"]
    # the figures: 0.55 − 0.48 = +7.0 percentage points, progress 0.07 / 0.17 = 0.41 → off
    # track; DiD (0.55 − 0.50) − (0.48 − 0.47) = 0.04 → 4.0 points
    assert "55 %" in html and "48 %" in html and "65 %" in html
    assert "55,0 %" not in html
    assert ">7<" in html and ">4<" in html
    assert "✗ Avviker från målet" in html
    # money: the latest cost, 4 150 000 kr (progress 650/1200 = 0.54: at risk)
    assert "4 150 000 kr" in html
    assert "! I riskzonen" in html
    # one chart per indicator with measurements (two), inlined as SVG
    assert html.count('<figure class="chart">') == 2
    assert f'href="/reports/projects/{project.pk}/followup.pdf"' in html


def test_the_page_follows_the_readers_language(client, personas, project):
    client.force_login(personas["auditor"])
    client.cookies["django_language"] = "en"
    html = client.get(_url("followup", project.pk), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Follow-up report" in html
    assert "Off track" in html
    assert "SEK" in html


def test_an_empty_section_shows_its_title_and_nothing_recorded(
    client, personas, project, swedish, monkeypatch
):
    from socinv.savings import report as savings

    monkeypatch.setattr(savings, "section", lambda p: Section(key="savings", title="Besparingar"))
    client.force_login(personas["auditor"])
    html = client.get(_url("followup", project.pk)).content.decode()
    part = html.split('id="section-savings"')[1].split("</section>")[0]
    assert "Besparingar" in part
    assert "Inget registrerat ännu." in part


def _in_production(settings, monkeypatch):
    """DEBUG and the strict hooks off: as the report runs in production (still inside
    Django's test environment, which no longer matters)."""
    settings.DEBUG = False
    settings.SOCINV_STRICT_HOOKS = False
    assert hasattr(mail, "outbox")


def _break_evaluation(monkeypatch):
    from socinv.evaluation import report as evaluation

    def broken(p):
        raise RuntimeError("a bug in the evaluation part")

    monkeypatch.setattr(evaluation, "section", broken)


def test_a_part_that_fails_does_not_take_the_report_down_in_production(
    client, personas, project, monkeypatch, settings, caplog
):
    _break_evaluation(monkeypatch)
    _in_production(settings, monkeypatch)
    assert not followup_report.raises_section_errors()
    client.force_login(personas["auditor"])
    with caplog.at_level(logging.ERROR, logger="socinv.reports.followup"):
        response = client.get(_url("followup", project.pk))
    assert response.status_code == 200
    part = response.content.decode().split('id="section-evaluation"')[1].split("</section>")[0]
    assert "could not be made" in part or "kunde inte tas fram" in part
    # its title (the app's name) stays, and the other parts are all there
    assert "Lärande utvärdering" in part
    keys = [s["key"] for s in followup_report.report_json(project, "sv")["sections"]]
    assert keys == ["measurements", "phases", "evaluation", "savings", "expost", "multiplier"]
    assert "section evaluation could not be made" in caplog.text
    assert "a bug in the evaluation part" in caplog.text


def test_a_part_that_fails_fails_the_report_in_the_tests(client, personas, project, monkeypatch):
    _break_evaluation(monkeypatch)
    assert followup_report.raises_section_errors()
    client.force_login(personas["auditor"])
    with pytest.raises(RuntimeError, match="a bug in the evaluation part"):
        client.get(_url("followup", project.pk))
    with pytest.raises(RuntimeError, match="a bug in the evaluation part"):
        followup_report.report_json(project, "sv")


def test_a_part_that_fails_fails_the_report_under_strict_hooks(
    personas, project, monkeypatch, settings
):
    _break_evaluation(monkeypatch)
    _in_production(settings, monkeypatch)
    settings.SOCINV_STRICT_HOOKS = True
    assert followup_report.raises_section_errors()
    with pytest.raises(RuntimeError, match="a bug in the evaluation part"):
        followup_report.sections(project, "sv")


def test_a_part_that_fails_is_reported_not_raised_without_strict_hooks_even_under_debug(
    personas, project, monkeypatch, settings, caplog
):
    _break_evaluation(monkeypatch)
    _in_production(settings, monkeypatch)
    settings.DEBUG = True  # the setting decides, not DEBUG itself (nor mail.outbox)
    with caplog.at_level(logging.ERROR, logger="socinv.reports.followup"):
        sections = followup_report.sections(project, "en")
    evaluation = next(s for s in sections if s.key == "evaluation")
    assert "could not be made" in " ".join(map(str, evaluation.paragraphs))
    assert "a bug in the evaluation part" in caplog.text


@pytest.mark.parametrize(
    ("env", "strict"),
    [
        ({"DEBUG": "true"}, True),
        ({"DEBUG": "false", "SECRET_KEY": "x"}, False),
        ({"DEBUG": "false", "SECRET_KEY": "x", "SOCINV_STRICT_HOOKS": "true"}, True),
        ({"DEBUG": "true", "SOCINV_STRICT_HOOKS": "off"}, False),
    ],
)
def test_the_strict_hooks_default_to_debug(env, strict, monkeypatch, tmp_path):
    monkeypatch.delenv("SOCINV_STRICT_HOOKS", raising=False)
    monkeypatch.setenv("SOCINV_DATA_DIR", str(tmp_path))
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert runpy.run_path(site_settings.__file__)["SOCINV_STRICT_HOOKS"] is strict


def test_a_part_that_returns_no_section_always_fails(personas, project, monkeypatch, settings):
    from socinv.savings import report as savings

    monkeypatch.setattr(savings, "section", lambda p: {"key": "savings"})
    _in_production(settings, monkeypatch)
    with pytest.raises(TypeError, match="socinv.savings.report.section returned dict"):
        followup_report.sections(project, "sv")


def test_the_sections_come_from_the_apps_hook_in_their_order(personas, project, monkeypatch):
    declared = [(p.order, p.key, p.path, p.app_label) for p in followup_report.parts()]
    assert declared == [
        (10, "measurements", "socinv.followup.report.section", "followup"),
        (20, "phases", "socinv.phases.report.section", "phases"),
        (30, "evaluation", "socinv.evaluation.report.section", "evaluation"),
        (40, "savings", "socinv.savings.report.section", "savings"),
        (50, "expost", "socinv.calculation.report.section", "calculation"),
        (60, "multiplier", "socinv.scaleup.report.section", "scaleup"),
    ]
    # an app that declares an earlier order comes first: nothing else keeps a list
    scaleup = apps.get_app_config("scaleup")
    monkeypatch.setattr(
        scaleup, "report_sections", [(5, "multiplier", "socinv.scaleup.report.section")]
    )
    keys = [s.key for s in followup_report.sections(project, "sv")]
    assert keys == ["multiplier", "measurements", "phases", "evaluation", "savings", "expost"]


def test_a_declared_section_that_does_not_import_fails(personas, project, monkeypatch, settings):
    scaleup = apps.get_app_config("scaleup")
    monkeypatch.setattr(
        scaleup, "report_sections", [(60, "multiplier", "socinv.scaleup.report.no_such")]
    )
    _in_production(settings, monkeypatch)
    with pytest.raises(ImportError):
        followup_report.sections(project, "sv")


def test_the_header_names_the_approval_not_a_rejection(personas, project, swedish):
    """The decision in the header is the granting decision record; without one there is
    none (the ledger's commitment names a dnr, but the report reads only the record)."""
    assert followup_report.header(project, "sv").dnr == "KS 2025/0533"
    review_models.Decision.objects.filter(project=project).delete()
    h = followup_report.header(project, "sv")
    assert (h.dnr, h.decision) == ("", "")
    assert ("Beslut", "Inget beslut registrerat") in [(str(k), v) for k, v in h.facts]
    decisions = [
        ("returned", "steering_group", datetime.date(2025, 3, 1), "SN 2025/1"),
        ("approved", "executive_board", datetime.date(2025, 4, 12), "KS 2025/0600"),
    ]
    for outcome, body, date, dnr in decisions:
        review_models.Decision.objects.create(
            project=project,
            body=body,
            date=date,
            dnr=dnr,
            outcome=outcome,
            decided_by=personas["owner"],
            decided_at=timezone.now(),
        )
        if outcome == "returned":
            assert followup_report.header(project, "sv").dnr == ""
    h = followup_report.header(project, "sv")
    assert h.dnr == "KS 2025/0600"
    assert h.decision == "Kommunstyrelsen 2025-04-12, dnr KS 2025/0600"


# --- the PDF ------------------------------------------------------------------------------


def test_the_pdf_holds_the_title_an_indicator_and_money(client, personas, project, swedish):
    client.force_login(personas["auditor"])
    response = _pdf(client, _url("followup_pdf", project.pk))
    assert response["Content-Type"] == "application/pdf"
    assert "uppfoljningsrapport" in response["Content-Disposition"]
    text = _pdf_text(response.content)
    assert "Uppföljningsrapport" in text
    assert project.title in text
    assert SHARE in text
    assert "4 150 000 kr" in text
    assert "2 500 000 kr" in text
    assert "KS 2025/0533" in text


def test_the_pdf_in_english(client, personas, project):
    client.force_login(personas["economist"])
    response = _pdf(client, _url("followup_pdf", project.pk) + "?lang=en")
    text = _pdf_text(response.content)
    assert "Follow-up report" in text
    assert "SEK 4,150,000" in text
    assert "follow-up-report" in response["Content-Disposition"]


def test_the_pdf_fails_with_a_clear_message_without_pango(client, personas, project, monkeypatch):
    from socinv.io import pdf

    def broken():
        raise pdf.PdfUnavailable("PDF export needs WeasyPrint and the Pango library: no pango")

    monkeypatch.setattr(pdf, "_weasyprint", broken)
    client.force_login(personas["auditor"])
    response = client.get(_url("followup_pdf", project.pk))
    assert response.status_code == 503
    assert "Pango" in response.content.decode()
    # the page and the workbook still work
    assert client.get(_url("followup", project.pk)).status_code == 200
    assert client.get(_url("followup_xlsx", project.pk)).status_code == 200


# --- the workbook -------------------------------------------------------------------------


def test_the_workbook_has_one_sheet_per_section_and_numbers_as_numbers(
    client, personas, project, swedish
):
    client.force_login(personas["auditor"])
    response = client.get(_url("followup_xlsx", project.pk))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "uppfoljningsrapport" in response["Content-Disposition"]
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    from socinv.reports.followup import sections

    titles = [s.title for s in sections(project, "sv")]
    assert len(book.sheetnames) == 1 + 6  # the overview, then one per section
    assert book.sheetnames[0] == "Översikt"
    assert book.sheetnames[1] == "Indikatorer och mätvärden"
    assert [t[:31] for t in titles] == book.sheetnames[1:]

    overview = {
        row[0].value: row[1] for row in book["Översikt"].iter_rows(min_row=3) if row[0].value
    }
    committed = overview["Beviljat"]
    assert committed.value == 2_500_000 and '"kr"' in committed.number_format
    assert isinstance(overview["Rapportens datum"].value, datetime.datetime)

    sheet = book["Indikatorer och mätvärden"]
    cells = {
        (row[0].value, row[1].value): row
        for row in sheet.iter_rows()
        if row[0].value and row[1].value is not None
    }
    share_row = cells[(SHARE, "Effekter")]
    assert share_row[3].value == pytest.approx(0.48) and "%" in share_row[3].number_format
    assert share_row[5].value == pytest.approx(0.55)
    assert share_row[8].value == pytest.approx(7.0)  # percentage points
    assert share_row[9].value == pytest.approx(4.0)
    low, high = share_row[10].value, share_row[11].value
    assert isinstance(low, float) and low < 4.0 < high
    cost_row = cells[(COST, "Skapat värde")]
    assert cost_row[5].value == 4_150_000 and '"kr"' in cost_row[5].number_format
    measured = cells[(COST, "2025")]
    assert measured[2].value == 4_150_000 and "Bokslut" in [c.value for c in measured]


# --- JSON ---------------------------------------------------------------------------------


def test_the_report_as_json(personas, project, swedish):
    from socinv.reports.followup import report_json

    data = report_json(project, "sv")
    keys = [s["key"] for s in data["sections"]]
    assert keys == ["measurements", "phases", "evaluation", "savings", "expost", "multiplier"]
    header = {h["label"]: h["value"] for h in data["header"]}
    assert header["Beviljat"] == {"ore": 250_000_000}
    assert data["dnr"] == "KS 2025/0533"
    m = data["sections"][0]
    assert m["title"] == "Indikatorer och mätvärden"
    chain = m["tables"][0]
    row = next(r for r in chain["rows"] if r[0] == SHARE)
    assert row[3] == {"share": 0.48} and row[5] == {"share": 0.55}
    assert row[8] == pytest.approx(7.0) and row[9] == pytest.approx(4.0)
    assert m["charts"] == [SHARE, COST]
    english = report_json(project, "en")
    assert english["sections"][0]["title"] == "Indicators and measurements"


def test_the_api_endpoint_answers_by_permission(rf, personas, project):
    from django.core.exceptions import PermissionDenied
    from django.http import Http404

    from socinv.reports.api import followup_report

    def call(role, pk=project.pk, lang="sv"):
        request = rf.get("/")
        request.user = personas[role]
        return followup_report(request, pk, lang)

    data = call("auditor", lang="en")
    assert data["language"] == "en" and data["project_id"] == project.pk
    assert call("project_leader")["sections"][0]["key"] == "measurements"
    with pytest.raises(Http404):
        call("outsider")
    with pytest.raises(Http404):
        call("auditor", pk=999_999)
    with pytest.raises(PermissionDenied):
        call("external")


def test_the_api_url(client, personas, project):
    url = f"/api/v1/projects/{project.pk}/followup-report"
    client.force_login(personas["auditor"])
    response = client.get(url, {"lang": "en"})
    assert response.status_code == 200
    body = response.json()
    assert body["sections"][0]["title"] == "Indicators and measurements"
    assert client.get(url, {"lang": "de"}).status_code == 422
    client.force_login(personas["external"])
    assert client.get(url).status_code == 403
    client.force_login(personas["outsider"])
    assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 401


# --- the chart ----------------------------------------------------------------------------


def test_the_indicator_chart_is_valid_svg_with_a_title():
    from socinv.io.charts import indicator_series_svg

    svg = indicator_series_svg(
        "Andel elever behöriga till gymnasiet",
        ["2025-06", "2025-12", "2026-06"],
        [0.50, 0.55, None],
        [0.47, 0.48, None],
        target=0.65,
        baseline=0.48,
        share=True,
    )
    root = ET.fromstring(svg)
    ns = "{http://www.w3.org/2000/svg}"
    title = root.find(f"{ns}title")
    assert title is not None and title.text == "Andel elever behöriga till gymnasiet"
    assert root.get("role") == "img" and root.get("aria-labelledby") == title.get("id")
    assert "Utfall" in svg and "Jämförelsegrupp" in svg and "Målvärde" in svg
    assert "Utgångsvärde" in svg and "2025-12" in svg
    english = indicator_series_svg("X & Y", ["2025"], [3.0], lang="en")
    assert ET.fromstring(english).find(f"{ns}title").text == "X & Y"
    assert "Actual" in english and "Comparison group" not in english
