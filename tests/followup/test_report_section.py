"""The follow-up report's section "measurements" (socinv.followup.report), the demo's
indicators and measurements, and the example file a new user imports in the demo."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from django.utils import translation

from socinv.applications.models import Indicator
from socinv.followup import report
from socinv.followup.models import Measurement
from socinv.io.sections import Money, Number, Percent, section_json

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "uppfoljning-skolstod-2026.csv"


def _indicators(project):
    share = Indicator.objects.create(
        project=project,
        level="outcomes",
        name="Andel elever behöriga till gymnasiet",
        unit="andel",
        direction="higher",
        baseline_value=0.48,
        target_value=0.65,
        order=2,
    )
    count = Indicator.objects.create(
        project=project,
        level="outputs",
        name="Antal barn med genomförd kartläggning",
        unit="antal",
        direction="higher",
        baseline_value=0,
        target_value=60,
        order=1,
    )
    cost = Indicator.objects.create(
        project=project,
        level="value_created",
        name="Kostnad för HVB-placeringar",
        unit="kr",
        direction="lower",
        baseline_value=4_800_000,
        target_value=3_600_000,
        order=3,
    )
    for period, value, comp in (("2025-06", 0.50, 0.47), ("2025-12", 0.55, 0.48)):
        Measurement.objects.create(
            indicator=share, period=period, value=value, comparison_value=comp, individuals=20
        )
    for period, value in (("2025-Q2", 26), ("2025-Q1", 12), ("2025-Q4", 44)):
        Measurement.objects.create(indicator=count, period=period, value=value)
    Measurement.objects.create(indicator=cost, period="2025", value=4_150_000)
    return share, count, cost


def _section(project, lang="sv"):
    with translation.override(lang):
        return report.section(project)


def test_a_project_without_indicators_says_so(personas):
    s = _section(personas.other_project)
    assert s.key == "measurements"
    assert s.tables == [] and s.charts == []
    assert len(s.paragraphs) == 1 and "indikatorer" in s.paragraphs[0].casefold()


def test_the_evidence_chain_with_status_change_and_did(personas):
    _indicators(personas.own_project)
    s = _section(personas.own_project)
    chain, measurements = s.tables
    # in the evidence chain's order: outputs, outcomes, value created
    assert [r[0] for r in chain.rows] == [
        "Antal barn med genomförd kartläggning",
        "Andel elever behöriga till gymnasiet",
        "Kostnad för HVB-placeringar",
    ]
    assert [r[1] for r in chain.rows] == ["Prestationer", "Effekter", "Skapat värde"]
    count, share, cost = chain.rows
    # 44 of 60 from 0: progress 0.733 → at risk; whole numbers have no decimals
    assert count[3:6] == [Number(0, 0), Number(60, 0), Number(44, 0)]
    assert count[6] == "2025-Q4" and count[7] == "! I riskzonen"
    assert count[8] == Number(44, 0) and count[9] is None
    # the share: (0.55 − 0.48) / (0.65 − 0.48) = 0.41 → off track; +7 points; whole
    # percents have no decimals (48 %, not 48,0 %)
    assert share[3:6] == [Percent(0.48, 0), Percent(0.65, 0), Percent(0.55, 0)]
    assert share[7] == "✗ Avviker från målet"
    assert share[8].value == pytest.approx(7.0) and share[8].decimals == 0
    # DiD = (0.55 − 0.50) − (0.48 − 0.47) = 0.04; SE = √(Σ p(1 − p)/20) = 0.22318
    assert share[9].value == pytest.approx(4.0)
    assert share[10].value == pytest.approx(4.0 - 1.959964 * 22.318, abs=0.01)
    assert share[11].value == pytest.approx(4.0 + 1.959964 * 22.318, abs=0.01)
    # money: 4 150 000 kr against 4 800 000 → 3 600 000: progress 0.54 → at risk
    assert cost[5] == Money(415_000_000) and cost[8] == Money(-65_000_000)
    assert cost[7] == "! I riskzonen"
    # every measurement per indicator, in time order
    assert [(r[0][:5], r[1]) for r in measurements.rows] == [
        ("Antal", "2025-Q1"),
        ("Antal", "2025-Q2"),
        ("Antal", "2025-Q4"),
        ("Andel", "2025-06"),
        ("Andel", "2025-12"),
        ("Kostn", "2025"),
    ]
    assert measurements.rows[4][2:5] == [Percent(0.55, 0), Percent(0.48, 0), 20]
    facts = dict(s.facts)
    assert facts["Indikatorer"] == 3 and facts["Mätvärden"] == 6
    assert facts["! I riskzonen"] == 2 and facts["✗ Avviker från målet"] == 1


def test_one_chart_per_indicator_with_measurements(personas):
    _indicators(personas.own_project)
    Indicator.objects.create(project=personas.own_project, level="impact", name="Utan mätvärden")
    s = _section(personas.own_project)
    assert [c.title for c in s.charts] == [
        "Antal barn med genomförd kartläggning",
        "Andel elever behöriga till gymnasiet",
        "Kostnad för HVB-placeringar",
    ]
    root = ET.fromstring(s.charts[1].svg)
    assert root.find("{http://www.w3.org/2000/svg}title").text == s.charts[1].title
    assert "Jämförelsegrupp" in s.charts[1].svg and "2025-12" in s.charts[1].svg


def test_the_section_in_english_and_as_json(personas):
    _indicators(personas.own_project)
    s = _section(personas.own_project, "en")
    assert s.title == "Indicators and measurements"
    assert s.tables[0].rows[1][7] == "✗ Off track"
    data = section_json(s)
    assert data["tables"][0]["rows"][2][5] == {"ore": 415_000_000}
    assert data["tables"][0]["rows"][1][5] == {"share": 0.55}


# --- the demo and the example file --------------------------------------------------------


@pytest.fixture
def demo():
    from socinv.demo.services import demo_in_database, load_demo
    from socinv.followup import demo as followup_demo

    assert load_demo(io.StringIO()) is True
    loaded = demo_in_database()
    followup_demo.load(loaded)  # the demo loaded it already: a second run adds nothing
    followup_demo.load(loaded)
    return loaded.projects, loaded.users


def _statuses(project) -> dict[str, str | None]:
    from socinv.followup.selectors import project_figures

    return {f.indicator.name: f.status for _l, _lab, rows in project_figures(project) for f in rows}


def test_the_demo_has_indicators_and_2025_but_no_2026_for_skolstod(demo):
    projects, _users = demo
    skolstod = projects["skolstod"]
    assert Indicator.objects.filter(project=skolstod).count() == 5
    assert Measurement.objects.filter(indicator__project=skolstod).count() == 10
    assert not Measurement.objects.filter(
        indicator__project=skolstod, period__startswith="2026"
    ).exists()
    assert Indicator.objects.filter(project=projects["arbete"]).count() == 4
    assert Indicator.objects.filter(project=projects["aterfall"]).count() == 3
    arbete = _statuses(projects["arbete"])
    # (0.44 − 0.22) / (0.45 − 0.22) = 0.957 → on track; (142 − 109) / 42 = 0.79 → at risk
    assert arbete["Andel i arbete eller studier efter 12 månader"] == "on_track"
    assert arbete["Antal hushåll med försörjningsstöd"] == "at_risk"
    m = Measurement.objects.get(
        indicator__name="Andel i arbete eller studier efter 12 månader", period="2025-Q4"
    )
    assert (m.value, m.comparison_value, m.individuals) == (0.44, 0.26, 45)
    if hasattr(m, "comparison_individuals"):
        assert m.comparison_individuals == 132


def test_the_example_file_imports_into_the_demo_and_changes_statuses(demo):
    from socinv.followup.services import import_measurements, may_report

    projects, users = demo
    skolstod, leader = projects["skolstod"], users["projektledare"]
    data = EXAMPLE.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM
    assert b";" in data.splitlines()[0] and b"0,62" in data  # Swedish Excel dialect
    assert may_report(leader, skolstod)
    before = _statuses(skolstod)
    assert before["Antal barn med genomförd kartläggning"] == "at_risk"  # 44 / 60
    assert before["Andel elever behöriga till gymnasiet"] == "off_track"  # 0.07 / 0.17
    assert before["Andel elever med godkänt i matematik"] == "at_risk"  # 0.08 / 0.15

    result = import_measurements(
        acting_user=leader, project=skolstod, data=data, filename=EXAMPLE.name
    )
    assert result.ok, result.lines()
    assert result.stored == 4 and result.format == "csv"
    after = _statuses(skolstod)
    assert after["Antal barn med genomförd kartläggning"] == "on_track"  # 58 / 60
    assert after["Andel elever behöriga till gymnasiet"] == "at_risk"  # 0.14 / 0.17
    assert after["Andel elever med godkänt i matematik"] == "on_track"  # 0.14 / 0.15
    m = Measurement.objects.get(
        indicator__name="Andel elever behöriga till gymnasiet", period="2026-06"
    )
    assert (m.value, m.comparison_value, m.individuals) == (0.62, 0.49, 20)
    assert m.reported_by == leader
    # the same file again is refused, nothing stored
    again = import_measurements(
        acting_user=leader, project=skolstod, data=data, filename=EXAMPLE.name
    )
    assert not again.ok and again.stored == 0


def test_the_demo_report_shows_2026_after_the_import(demo, client):
    from socinv.followup.services import import_measurements

    projects, users = demo
    skolstod = projects["skolstod"]
    import_measurements(
        acting_user=users["projektledare"],
        project=skolstod,
        data=EXAMPLE.read_bytes(),
        filename=EXAMPLE.name,
    )
    client.force_login(users["revisor"])
    html = client.get(f"/reports/projects/{skolstod.pk}/followup/").content.decode()
    assert "2026-Q2" in html and "2026-06" in html
    assert "4\u00a0150\u00a0000\u00a0kr" in html  # the cost in 2025
