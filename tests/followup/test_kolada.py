"""Kolada as a source of baselines and comparisons (socinv.followup.kolada): an indicator
linked to a KPI, a Kolada file (API v2 and v3) setting its baseline and storing the
comparison values, the four defects of the old import, the command line, the page and the
follow-up chart, and a demo indicator."""

from __future__ import annotations

import datetime
import io
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from socinv.applications.models import Indicator
from socinv.cli.main import main
from socinv.core.problems import Refused
from socinv.followup import kolada, report, values
from socinv.followup.models import ComparisonValue, ImportBatch, KoladaLink, Measurement
from socinv.followup.services import import_measurements

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "kolada"
SHARE = "Andel elever behöriga till yrkesprogram"


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


@pytest.fixture
def linked(personas):
    indicator = Indicator.objects.create(
        project=personas.own_project,
        level="outcomes",
        name=SHARE,
        unit="andel",
        direction="higher",
        target_value=0.9,
    )
    kolada.link_indicator(
        indicator,
        acting_user=personas["project_leader"],
        kpi="n15419",
        municipality="581",
        comparisons="180, 1480",
        group="G124026",
    )
    return indicator


def run(personas, name, user="project_leader", **kw):
    return import_measurements(
        acting_user=personas[user],
        project=personas.own_project,
        data=fixture(name),
        filename=name,
        **kw,
    )


# -- the link --------------------------------------------------------------------------


def test_a_link_is_stored_normalised_with_its_history(personas, linked):
    link = KoladaLink.objects.get(indicator=linked)
    assert (link.kpi, link.municipality, link.gender) == ("N15419", "0581", "T")
    assert link.comparison_codes == ["0180", "1480"] and link.group == "G124026"
    assert link.history.first().history_user == personas["project_leader"]


def test_a_bad_link_is_refused_field_by_field_and_nothing_stored(personas):
    indicator = Indicator.objects.create(
        project=personas.own_project, level="outcomes", name="X", direction="higher"
    )
    with translation.override("sv"), pytest.raises(Refused) as refused:
        kolada.link_indicator(
            indicator,
            acting_user=personas["project_leader"],
            kpi="15419",
            municipality="G124026",
            gender="X",
        )
    assert [r.field for r in refused.value.refusals] == ["kpi", "municipality", "gender"]
    assert not KoladaLink.objects.exists()


@pytest.mark.parametrize("role", ["economist", "evaluator", "auditor"])
def test_only_who_may_edit_the_indicators_links_them(personas, role):
    indicator = Indicator.objects.create(
        project=personas.own_project, level="outcomes", name="X", direction="higher"
    )
    with pytest.raises(PermissionDenied):
        kolada.link_indicator(
            indicator, acting_user=personas[role], kpi="N15419", municipality="0581"
        )
    assert not KoladaLink.objects.exists()


# -- the import: baseline and comparisons ----------------------------------------------


def test_a_v3_file_sets_the_baseline_and_stores_the_comparisons(personas, linked):
    report_ = run(personas, "n15419_v3.json")
    assert report_.ok, [p.line("en") for p in report_.problems]
    assert (report_.baselines, report_.comparisons) == (1, 12)
    linked.refresh_from_db()
    # nothing measured yet: the latest year is the baseline, in percent / 100 for a share
    assert linked.baseline_value == pytest.approx(0.831)
    assert linked.baseline_source == "Kolada N15419, 0581, 2024"
    assert linked.baseline_date == datetime.date(2024, 12, 31)
    assert KoladaLink.objects.get(indicator=linked).baseline_period == "2024"
    values = {
        (c.place, c.period): c.value for c in ComparisonValue.objects.filter(indicator=linked)
    }
    assert values[("0180", "2023")] == pytest.approx(0.865)
    assert values[("G124026", "2024")] == pytest.approx(0.836)
    assert {place for place, _p in values} == {"0581", "0180", "1480", "G124026"}
    assert all(c.gender == "T" for c in ComparisonValue.objects.all())
    batch = ImportBatch.objects.get()
    assert (batch.format, batch.rows) == ("kolada", 13)
    assert Measurement.objects.count() == 0  # Kolada's figures are no measurements
    lines = report_.lines("sv")
    assert lines[0] == "Kolada: utgångsvärden satta: 1; jämförelsevärden sparade: 12."


@pytest.mark.parametrize(
    "unit, baseline",
    [
        ("andel", 0.831),
        (" Andel (0–1) ", 0.831),
        ("proportion", 0.831),
        ("andel (%)", 83.1),  # already in percent, as Kolada publishes it
        ("%", 83.1),
        ("antal", 83.1),
    ],
)
def test_kolada_divides_by_100_exactly_the_units_shown_as_shares(personas, linked, unit, baseline):
    # the units are recognised once (socinv.followup.values.kind): what the follow-up page
    # shows as a share (0.831 → 83,1 %) is what the import stores as 0–1
    linked.unit = unit
    linked.save()
    assert run(personas, "n15419_v3.json").ok
    linked.refresh_from_db()
    assert linked.baseline_value == pytest.approx(baseline)
    assert (values.kind(linked) == "share") == (baseline < 1)


def test_a_v2_file_sets_the_baseline_before_the_first_own_measurement(personas, linked):
    Measurement.objects.create(indicator=linked, period="2023", value=0.84)
    report_ = run(personas, "n15419_v2.json")
    assert report_.ok
    linked.refresh_from_db()
    assert linked.baseline_value == pytest.approx(0.812)  # 2022: the year before 2023
    assert linked.baseline_source == "Kolada N15419, 0581, 2022"
    # 1480 and the group are not in the file: a warning each, nothing refused
    assert [w.code for w in report_.warnings] == ["comparison_missing", "comparison_missing"]


def test_the_gender_of_the_link_is_the_one_read(personas, linked):
    kolada.link_indicator(
        linked, acting_user=personas["owner"], kpi="N15419", municipality="0581", gender="K"
    )
    assert run(personas, "n15419_v3.json").ok
    linked.refresh_from_db()
    assert linked.baseline_value == pytest.approx(0.85)
    assert linked.baseline_source == "Kolada N15419, 0581, 2024, K"
    assert set(ComparisonValue.objects.values_list("gender", flat=True)) == {"K"}


def test_a_dry_run_stores_nothing(personas, linked):
    report_ = run(personas, "n15419_v3.json", dry_run=True)
    assert report_.ok and report_.comparisons == 12 and report_.stored == 0
    assert not ComparisonValue.objects.exists() and not ImportBatch.objects.exists()
    linked.refresh_from_db()
    assert linked.baseline_value is None


def test_the_same_file_twice_is_refused_and_a_newer_file_updates(personas, linked):
    assert run(personas, "n15419_v3.json").ok
    again = run(personas, "n15419_v3.json")
    assert [p.code for p in again.problems] == ["already_imported"]
    assert run(personas, "n15419_v2.json").ok  # Kolada revises: the newer figure counts
    assert ComparisonValue.objects.filter(indicator=linked).count() == 12
    assert ComparisonValue.objects.get(place="0180", period="2022").history.count() == 2


# -- the four defects ------------------------------------------------------------------


def test_defect_deleted_values_are_skipped(personas, linked):
    report_ = run(personas, "n15419_v3.json")
    assert "value_deleted_skipped" in [w.code for w in report_.warnings]
    assert not ComparisonValue.objects.filter(period="2021").exists()


def test_defect_a_group_is_never_taken_for_a_municipality(personas, linked):
    # as the own municipality: refused, with the field named
    report_ = run(personas, "n15419_v3.json", municipality="G124026")
    assert [(p.code, p.column) for p in report_.problems] == [
        ("not_a_municipality", "municipality")
    ]
    with translation.override("sv"):
        assert "G124026" in report_.problems[0].message("sv")
    # as a link's municipality: refused
    with pytest.raises(Refused):
        kolada.link_indicator(
            linked, acting_user=personas["owner"], kpi="N15419", municipality="G124026"
        )
    # in the measurement import by indicator name, a group's entries are skipped
    named = Indicator.objects.create(
        project=personas.other_project, level="impact", name="N15419", direction="higher"
    )
    other = import_measurements(
        acting_user=personas["owner"],
        project=personas.other_project,
        data=fixture("n15419_v3.json"),
        filename="n15419_v3.json",
        municipality="0581",
    )
    assert other.ok and other.stored == 3
    assert set(Measurement.objects.filter(indicator=named).values_list("period", flat=True)) == {
        "2022",
        "2023",
        "2024",
    }
    assert "group_skipped" in [w.code for w in other.warnings]


def test_defect_municipality_581_is_read_as_0581(personas, capsys):
    named = Indicator.objects.create(
        project=personas.own_project, level="impact", name="N15419", direction="higher"
    )
    path = FIXTURES / "n15419_v3.json"
    pid = str(personas.own_project.pk)
    code = main(
        ["import", "measurements", str(path), "--project", pid, "--user", "project_leader",
         "--municipality", "581"]
    )  # fmt: skip
    assert code == 0, capsys.readouterr()
    assert dict(Measurement.objects.filter(indicator=named).values_list("period", "value")) == {
        "2022": 81.2,
        "2023": 82.4,
        "2024": 83.1,
    }


def test_defect_every_problem_is_reported_at_once(personas, linked):
    report_ = run(personas, "n15419_v3_bad.json")
    found = [(p.code, p.row, p.column) for p in report_.problems]
    assert found == [
        ("invalid_period", 1, "period"),
        ("invalid_gender", 2, "values[0].gender"),
        ("not_a_number", 3, "values[0].value"),
        ("kpi_not_linked", 4, "kpi"),  # a project problem, listed with the file's
    ]
    lines = report_.lines("sv")
    assert lines[0] == "Filen avvisades: 4 problem. Ingenting har sparats."
    assert "post 4" in lines[4] and "N00945" in lines[4]
    assert not ImportBatch.objects.exists()


def test_defect_every_problem_at_once_in_the_import_by_name(personas):
    """The measurement import without links: the file's problems and the project's
    (an indicator the project does not have) in one report."""
    Indicator.objects.create(
        project=personas.own_project, level="impact", name="N15419", direction="higher"
    )
    report_ = run(personas, "n15419_v3_bad.json")
    assert [p.code for p in report_.problems] == [
        "invalid_period",
        "no_total_value",
        "not_a_number",
        "unknown_indicator",
    ]


def test_defect_a_run_that_stores_nothing_leaves_the_file_importable(personas, linked):
    nothing = run(personas, "n15419_v3_deleted_only.json")
    assert [p.code for p in nothing.problems] == ["nothing_to_store"]
    assert not ImportBatch.objects.exists()
    # the import by name: a file whose every entry is skipped stores nothing, records nothing
    named = Indicator.objects.create(
        project=personas.other_project, level="impact", name="N15419", direction="higher"
    )
    by_name = import_measurements(
        acting_user=personas["owner"],
        project=personas.other_project,
        data=fixture("n15419_v3.json"),
        filename="n15419_v3.json",
        municipality="9999",
    )
    assert [p.code for p in by_name.problems] == ["nothing_stored"]
    assert not ImportBatch.objects.exists()
    # the corrected run is accepted
    assert run(personas, "n15419_v3.json").ok
    assert import_measurements(
        acting_user=personas["owner"],
        project=personas.other_project,
        data=fixture("n15419_v3.json"),
        filename="n15419_v3.json",
        municipality="0581",
    ).ok
    assert Measurement.objects.filter(indicator=named).count() == 3


def test_who_may_not_report_may_not_import(personas, linked):
    with pytest.raises(PermissionDenied):
        run(personas, "n15419_v3.json", user="evaluator")
    assert not ComparisonValue.objects.exists()


# -- the page, the chart ---------------------------------------------------------------


def test_the_page_links_an_indicator_and_shows_the_link(client, personas):
    indicator = Indicator.objects.create(
        project=personas.own_project, level="outcomes", name=SHARE, direction="higher"
    )
    client.force_login(personas["project_leader"])
    url = reverse("followup:kolada", args=[personas.own_project.pk])
    bad = client.post(
        url,
        {"kolada-indicator": indicator.pk, "kolada-kpi": "N15419",
         "kolada-municipality": "G124026", "kolada-gender": "T"},
        HTTP_ACCEPT_LANGUAGE="sv",
    )  # fmt: skip
    assert bad.status_code == 422
    assert "kommungrupp" in bad.content.decode() and not KoladaLink.objects.exists()
    ok = client.post(
        url,
        {"kolada-indicator": indicator.pk, "kolada-kpi": "N15419",
         "kolada-municipality": "581", "kolada-gender": "T", "kolada-comparisons": "0180"},
    )  # fmt: skip
    assert ok.status_code == 302
    page = client.get(reverse("followup:project", args=[personas.own_project.pk]))
    assert "Kolada N15419, 0581" in page.content.decode()


def test_the_page_refuses_the_link_to_who_may_not_edit_indicators(client, personas):
    indicator = Indicator.objects.create(
        project=personas.own_project, level="outcomes", name=SHARE, direction="higher"
    )
    client.force_login(personas["economist"])
    response = client.post(
        reverse("followup:kolada", args=[personas.own_project.pk]),
        {"kolada-indicator": indicator.pk, "kolada-kpi": "N15419", "kolada-municipality": "0581"},
    )
    assert response.status_code == 403 and not KoladaLink.objects.exists()


def test_the_upload_on_the_page_imports_a_kolada_file(client, personas, linked):
    client.force_login(personas["project_leader"])
    upload = SimpleUploadedFile("n15419_v3.json", fixture("n15419_v3.json"))
    response = client.post(
        reverse("followup:import", args=[personas.own_project.pk]),
        {"file": upload, "municipality": ""},
        HTTP_ACCEPT_LANGUAGE="sv",
    )
    assert response.status_code == 200
    assert "jämförelsevärden sparade: 12" in response.content.decode()
    page = client.get(reverse("followup:project", args=[personas.own_project.pk]))
    assert 'id="comparisons-' in page.content.decode()


def _chart_svg(project, name: str) -> str:
    with translation.override("sv"):
        section = report.section(project)
    return next(c.svg for c in section.charts if c.title == name), section


def test_the_follow_up_chart_draws_the_comparisons_beside_the_own_values(client, personas, linked):
    Measurement.objects.create(indicator=linked, period="2025", value=0.86)
    assert run(personas, "n15419_v3.json").ok
    svg, section = _chart_svg(personas.own_project, SHARE)
    ET.fromstring(svg)  # valid SVG
    for label in ("Utfall", "Kolada 0581 (egen kommun)", "Kolada 0180", "Kolada 1480",
                  "Kolada G124026 (kommungrupp)", "Utgångsvärde"):  # fmt: skip
        assert label in svg, label
    # the text alternative: the comparison values as a table
    table = next(t for t in section.tables if "Kolada" in t.caption)
    assert ["Kolada 0180", "2023"] == [str(table.rows[4][1]), table.rows[4][2]]
    # the report page shows the chart
    client.force_login(personas["project_leader"])
    page = client.get(
        reverse("reports:followup", args=[personas.own_project.pk]), HTTP_ACCEPT_LANGUAGE="sv"
    )
    assert page.status_code == 200
    html = page.content.decode()
    assert "Kolada G124026 (kommungrupp)" in html and "Kolada 0180" in html


# -- the demo --------------------------------------------------------------------------


def test_a_kolada_v3_file_sets_a_baseline_and_a_comparison_on_a_demo_indicator(client):
    """A Kolada v3 file sets a baseline and a comparison on a demo indicator, visible in
    the follow-up chart."""
    from socinv.demo.services import demo_in_database, load_demo

    assert load_demo(io.StringIO()) is True
    demo = demo_in_database()
    skolstod = demo.projects["skolstod"]
    indicator = Indicator.objects.get(project=skolstod, name="Andel elever behöriga till gymnasiet")
    leader = next(u for u in demo.users.values() if u.has_perm(kolada.LINK_PERMISSION, skolstod))
    kolada.link_indicator(
        indicator, acting_user=leader, kpi="N15419", municipality="0581", comparisons="0180"
    )
    done = import_measurements(
        acting_user=leader,
        project=skolstod,
        data=fixture("n15419_v3.json"),
        filename="n15419_v3.json",
    )
    assert done.ok and done.baselines == 1
    indicator.refresh_from_db()
    # the demo measured from 2025: the baseline is Kolada's 2024
    assert indicator.baseline_value == pytest.approx(0.831)
    assert indicator.baseline_source == "Kolada N15419, 0581, 2024"
    assert ComparisonValue.objects.filter(indicator=indicator, place="0180").count() == 3
    svg, _section = _chart_svg(skolstod, indicator.name)
    assert "Kolada 0180" in svg and "2025-12" in svg and "2022" in svg
    client.force_login(leader)
    page = client.get(reverse("reports:followup", args=[skolstod.pk]), HTTP_ACCEPT_LANGUAGE="sv")
    assert page.status_code == 200 and "Kolada 0180" in page.content.decode()


def test_the_command_line_reads_581_as_0581_for_a_linked_indicator(personas, linked, capsys):
    kolada.link_indicator(linked, acting_user=personas["owner"], kpi="N15419", municipality="1480")
    args = ["import", "measurements", str(FIXTURES / "n15419_v3.json"), "--project",
            str(personas.own_project.pk), "--user", "project_leader", "--municipality", "581"]  # fmt: skip
    assert main([*args, "--dry-run"]) == 0
    assert "Provkörning: utgångsvärden att sätta: 1" in capsys.readouterr().out
    assert not ComparisonValue.objects.exists()
    assert main(args) == 0
    linked.refresh_from_db()
    assert linked.baseline_source == "Kolada N15419, 0581, 2024"
    bad = main(["import", "measurements", str(FIXTURES / "n15419_v3_bad.json"), "--project",
                str(personas.own_project.pk), "--user", "project_leader"])  # fmt: skip
    out = capsys.readouterr().out
    assert bad == 2 and "post 1" in out and "post 4" in out


def test_an_unlinked_indicator_keeps_its_comparison_values(personas, linked):
    assert run(personas, "n15419_v3.json").ok
    with pytest.raises(PermissionDenied):
        kolada.unlink_indicator(linked, acting_user=personas["economist"])
    kolada.unlink_indicator(linked, acting_user=personas["project_leader"])
    assert not KoladaLink.objects.exists()
    assert ComparisonValue.objects.filter(indicator=linked).count() == 12
    assert (
        KoladaLink.history.filter(history_type="-").get().history_user == personas["project_leader"]
    )
