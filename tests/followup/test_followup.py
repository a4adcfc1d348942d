"""Follow-up: importing measurements (every format, bad files storing nothing, the same
file twice, dry run), who may import, the CLI's exit codes, and the figures on the page."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from socinv.applications.models import Indicator
from socinv.audit.selectors import SOURCES
from socinv.cli.main import main
from socinv.followup.models import ImportBatch, Measurement
from socinv.followup.services import import_measurements

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).parent.parent / "fixtures" / "measurements"
SHARE = "Andel elever med gymnasiebehörighet"


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def make_indicators(project):
    share = Indicator.objects.create(
        project=project,
        level="outcomes",
        name=SHARE,
        unit="andel",
        direction="higher",
        baseline_value=0.70,
        baseline_date=datetime.date(2025, 6, 30),
        target_value=0.90,
    )
    placements = Indicator.objects.create(
        project=project,
        level="outputs",
        name="Antal placeringar",
        direction="lower",
        baseline_value=20,
        target_value=10,
    )
    cost = Indicator.objects.create(
        project=project, level="value_created", name="Kostnad placeringar", direction="lower"
    )
    kolada = Indicator.objects.create(
        project=project, level="impact", name="N00945", direction="lower", baseline_value=12.0
    )
    return share, placements, cost, kolada


def run(p, name, user="project_leader", **kw):
    return import_measurements(
        acting_user=p[user], project=p.own_project, data=fixture(name), filename=name, **kw
    )


# -- formats ------------------------------------------------------------------------


def test_comma_csv(personas):
    share, placements, _c, _k = make_indicators(personas.own_project)
    report = run(personas, "comma_utf8.csv")
    assert report.ok and report.stored == 3
    m = Measurement.objects.get(indicator=share, period="2026-Q1")
    assert (m.value, m.comparison_value, m.individuals, m.comment) == (
        0.82,
        0.75,
        120,
        "första kvartalet",
    )
    assert m.reported_by == personas["project_leader"]
    assert m.batch.fingerprint == report.fingerprint
    assert Measurement.objects.get(indicator=placements).comment == "mars, efter omorganisation"
    # attributed in the trail
    assert m.history.first().history_user == personas["project_leader"]
    assert report.lines() == ["3 mätvärden sparade."]


def test_swedish_cp1252_csv(personas):
    _s, placements, cost, _k = make_indicators(personas.own_project)
    report = run(personas, "swedish_cp1252.csv")
    assert report.ok and report.stored == 3
    assert Measurement.objects.get(indicator=cost).value == 1234567.5
    assert Measurement.objects.get(indicator=placements).value == -2.0


def test_xlsx_with_unknown_indicators_refused_then_a_clean_one(personas):
    make_indicators(personas.own_project)
    # valid.xlsx also holds "Indikator 0..39", which the project does not have
    report = run(personas, "valid.xlsx")
    assert not report.ok and Measurement.objects.count() == 0
    unknown = [p for p in report.problems if p.code == "unknown_indicator"]
    assert len(unknown) == 40 and unknown[0].row == 5
    assert "Indikator 0" in unknown[0].message()
    for i in range(40):
        Indicator.objects.create(
            project=personas.own_project, level="outputs", name=f"indikator {i}"
        )
    report = run(personas, "valid.xlsx")
    assert report.ok and report.stored == 43


def test_kolada_json(personas):
    *_rest, kolada = make_indicators(personas.own_project)
    report = run(personas, "kolada.json")  # two municipalities for 2023
    assert not report.ok and report.problems[0].code == "several_municipalities"
    assert Measurement.objects.count() == 0
    report = run(personas, "kolada.json", municipality="0180")
    assert report.ok and report.stored == 2
    assert [w.code for w in report.warnings] == ["value_missing_skipped"]
    assert dict(Measurement.objects.values_list("period", "value")) == {"2022": 12.3, "2023": 12.9}


# -- bad files store nothing ----------------------------------------------------------


@pytest.mark.parametrize(
    "name, code",
    [
        ("bad_wrong_column.csv", "missing_column"),
        ("bad_text_in_number.csv", "not_a_number"),
        ("bad_duplicate_period.csv", "duplicate_measurement"),
        ("empty.csv", "empty_file"),
        ("header_only.csv", "no_data_rows"),
        ("truncated.xlsx", "unreadable_file"),
    ],
)
def test_bad_files_store_nothing(personas, name, code):
    make_indicators(personas.own_project)
    report = run(personas, name)
    assert not report.ok and code in [p.code for p in report.problems]
    assert report.stored == 0
    assert Measurement.objects.count() == 0 and ImportBatch.objects.count() == 0
    assert all(p.message("sv") and p.message("en") for p in report.problems)


def test_personnummer_refused_naming_row_and_column(personas, client):
    placements = make_indicators(personas.own_project)[1]
    Indicator.objects.filter(pk=placements.pk).update(name="Antal placeringar")
    report = run(personas, "personnummer_in_comment_sv_cp1252.csv")
    assert report.refused_for_personal_number and Measurement.objects.count() == 0
    (p,) = report.problems
    assert (p.row, p.column) == (3, "Kommentar")
    text = "\n".join(report.lines("sv") + report.lines("en"))
    assert "rad 3" in text and "Kommentar" in text and "personnummer" in text
    for digits in ("121212-1212", "1212121212", "121212"):
        assert digits not in text
    client.force_login(personas["project_leader"])
    response = client.post(
        reverse("followup:import", args=[personas.own_project.pk]),
        {"file": SimpleUploadedFile("pn.csv", fixture("personnummer_in_comment_sv_cp1252.csv"))},
    )
    assert response.status_code == 422
    body = response.content.decode()
    assert "121212" not in body and "Kommentar" in body
    assert Measurement.objects.count() == 0


def test_already_reported_period_refused(personas):
    share = make_indicators(personas.own_project)[0]
    Measurement.objects.create(indicator=share, period="2026-Q2", value=0.5)
    report = run(personas, "comma_utf8.csv")
    assert [(p.code, p.row) for p in report.problems] == [("already_reported", 3)]
    assert Measurement.objects.count() == 1


def test_same_file_twice(personas):
    make_indicators(personas.own_project)
    assert run(personas, "comma_utf8.csv").stored == 3
    second = run(personas, "comma_utf8.csv", user="economist")
    assert [p.code for p in second.problems] == ["already_imported"]
    msg = second.problems[0].message("en")
    assert "already been imported" in msg and "project_leader" in msg
    assert "redan importerats" in second.problems[0].message("sv")
    assert Measurement.objects.count() == 3 and ImportBatch.objects.count() == 1


def test_dry_run_stores_nothing(personas):
    make_indicators(personas.own_project)
    report = run(personas, "comma_utf8.csv", dry_run=True)
    assert report.ok and report.rows == 3 and report.stored == 0
    assert Measurement.objects.count() == 0 and ImportBatch.objects.count() == 0
    assert "Provkörning" in report.lines()[0]


def test_history_tables_in_the_audit_trail():
    labels = {s.label for s in SOURCES}
    assert {"followup.ImportBatch", "followup.Measurement"} <= labels


# -- permissions ----------------------------------------------------------------------


def upload(client, project, name="comma_utf8.csv", **extra):
    return client.post(
        reverse("followup:import", args=[project.pk]),
        {"file": SimpleUploadedFile(name, fixture(name)), **extra},
    )


@pytest.mark.parametrize(
    "role, page, may_upload",
    [
        ("project_leader", 200, True),
        ("owner", 200, True),
        ("economist", 200, True),
        ("administrator", 200, None),
        ("evaluator", 200, False),
        ("auditor", 200, False),
        ("external", 403, False),
        ("outsider", 404, False),
        ("other_owner", 404, False),
    ],
)
def test_who_may_read_and_import_on_own_project(personas, client, role, page, may_upload):
    make_indicators(personas.own_project)
    client.force_login(personas[role])
    url = reverse("followup:project", args=[personas.own_project.pk])
    response = client.get(url)
    assert response.status_code == page
    if page == 200 and may_upload is not None:
        assert (b'enctype="multipart/form-data"' in response.content) is may_upload
    if may_upload is None:
        return
    response = upload(client, personas.own_project)
    if may_upload:
        assert response.status_code == 200
        assert Measurement.objects.count() == 3
    else:
        assert response.status_code == (404 if page == 404 else 403)
        assert Measurement.objects.count() == 0


def test_leader_reports_on_own_project_only(personas, client):
    make_indicators(personas.other_project)
    client.force_login(personas["project_leader"])
    response = upload(client, personas.other_project)
    assert response.status_code == 403
    assert Measurement.objects.count() == 0


def test_anonymous_is_sent_to_login(client, personas):
    response = client.get(reverse("followup:project", args=[personas.own_project.pk]))
    assert response.status_code == 302


def test_upload_dry_run_and_report_page(personas, client):
    make_indicators(personas.own_project)
    client.force_login(personas["project_leader"])
    response = upload(client, personas.own_project, dry_run="on")
    assert response.status_code == 200 and Measurement.objects.count() == 0
    response = upload(client, personas.own_project)
    assert (
        "3 mätvärden sparade" in response.content.decode()
        or b"3 measurements stored" in response.content
    )
    assert Measurement.objects.count() == 3
    response = upload(client, personas.own_project, name="bad_text_in_number.csv")
    assert response.status_code == 422
    body = response.content.decode()
    assert "tolv" in body and "många" in body  # both bad cells listed


# -- the page's figures ---------------------------------------------------------------


def test_status_and_change_on_the_page(personas, client):
    share, placements, _c, _k = make_indicators(personas.own_project)
    # share: baseline 0.70, target 0.90, higher is better
    Measurement.objects.create(
        indicator=share, period="2026-Q1", value=0.80, comparison_value=0.70, individuals=100
    )
    Measurement.objects.create(
        indicator=share, period="2026-Q2", value=0.88, comparison_value=0.72, individuals=100
    )
    # placements: baseline 20, target 10, lower is better; latest 17 => 30 % of the way
    Measurement.objects.create(indicator=placements, period="2026-03", value=17)
    client.force_login(personas["auditor"])
    response = client.get(reverse("followup:project", args=[personas.own_project.pk]))
    assert response.status_code == 200
    from socinv.followup.selectors import project_figures

    figs = {
        f.indicator.name: f
        for _l, _lab, rows in project_figures(personas.own_project)
        for f in rows
    }
    s = figs[SHARE]
    # progress (0.88 - 0.70) / (0.90 - 0.70) = 0.9 -> on track
    assert s.status == "on_track"
    assert s.change == pytest.approx(0.18) and s.relative_change == pytest.approx(0.18 / 0.70)
    # DiD = (0.88 - 0.80) - (0.72 - 0.70) = 0.06
    assert s.did.estimate == pytest.approx(0.06)
    var = 0.8 * 0.2 / 100 + 0.88 * 0.12 / 100 + 0.7 * 0.3 / 100 + 0.72 * 0.28 / 100
    assert s.did.low == pytest.approx(0.06 - 1.959964 * var**0.5, abs=1e-5)
    p = figs["Antal placeringar"]
    # progress (17 - 20) * -1 / ((10 - 20) * -1) = 0.3 -> off track
    assert p.status == "off_track" and p.change == -3 and p.relative_change == pytest.approx(-0.15)
    body = response.content.decode()
    row = body[body.index(f'id="indicator-{share.pk}"') :]
    row = row[: row.index("</tr>")]
    # a share's change in percentage points, its values in percent without empty decimals
    assert "18 procentenheter" in row and "status-on-track" in row
    assert "88\u00a0%" in row and "70\u00a0%" in row and "90\u00a0%" in row
    assert "0,18" not in row and ",00" not in row
    row = body[body.index(f'id="indicator-{placements.pk}"') :]
    row = row[: row.index("</tr>")]
    assert "−3 (−15\u00a0%)" in row and ",00" not in row  # no empty decimals
    assert "status-off-track" in row


# -- the CLI --------------------------------------------------------------------------


def test_cli_exit_codes(personas, capsys):
    make_indicators(personas.own_project)
    pid = str(personas.own_project.pk)
    good, bad = (
        str(FIXTURES / "comma_utf8.csv"),
        str(FIXTURES / "personnummer_in_comment_sv_cp1252.csv"),
    )
    assert (
        main(
            [
                "import",
                "measurements",
                good,
                "--project",
                pid,
                "--user",
                "project_leader",
                "--dry-run",
            ]
        )
        == 0
    )
    assert "Provkörning" in capsys.readouterr().out and Measurement.objects.count() == 0
    assert main(["import", "measurements", good, "--project", pid, "--user", "project_leader"]) == 0
    assert "3 mätvärden sparade." in capsys.readouterr().out
    assert (
        main(
            [
                "import",
                "measurements",
                good,
                "--project",
                pid,
                "--user",
                "economist",
                "--lang",
                "en",
            ]
        )
        == 2
    )
    assert "already been imported" in capsys.readouterr().out
    assert main(["import", "measurements", bad, "--project", pid, "--user", "project_leader"]) == 2
    out = capsys.readouterr().out
    assert "rad 3" in out and "121212" not in out
    assert (
        main(["import", "measurements", good, "--project", "999999", "--user", "project_leader"])
        == 1
    )
    assert main(["import", "measurements", good, "--project", pid, "--user", "nobody"]) == 1
    assert main(["import", "measurements", good, "--project", pid, "--user", "auditor"]) == 1
    assert Measurement.objects.count() == 3
    with pytest.raises(SystemExit) as exc:
        main(["import", "measurements", good, "--project", pid])  # --user is required
    assert exc.value.code == 2  # argparse's usage error


def test_names_match_case_insensitively_and_trimmed(personas):
    share = make_indicators(personas.own_project)[0]
    data = (
        f"indicator,period,value\n  {SHARE.upper()} ,2026-Q1,0.8\n{SHARE.lower()},2026q1,0.9\n"
    ).encode()
    report = import_measurements(
        acting_user=personas["owner"], project=personas.own_project, data=data, filename="x.csv"
    )
    # the same indicator and period twice, written differently: refused
    assert [(p.code, p.row) for p in report.problems] == [("duplicate_measurement", 3)]
    report = import_measurements(
        acting_user=personas["owner"],
        project=personas.own_project,
        data=data.rsplit(b"\n", 2)[0] + b"\n",
        filename="x.csv",
    )
    assert report.stored == 1 and Measurement.objects.get().indicator == share


def test_imports_show_in_the_organisations_audit_trail(personas):
    from socinv.audit.selectors import audit_events

    make_indicators(personas.own_project)
    run(personas, "comma_utf8.csv")
    mine = [e for e in audit_events(personas.organisation) if e.model.startswith("followup.")]
    assert {e.model for e in mine} == {"followup.measurement", "followup.importbatch"}
    assert len([e for e in mine if e.model == "followup.measurement"]) == 3
    assert not [
        e for e in audit_events(personas.other_organisation) if e.model.startswith("followup.")
    ]


def test_a_comment_over_its_limit_refuses_the_file_and_stores_nothing(personas):
    """The import stores by bulk_create (no pre-save guard): it checks the length itself."""
    make_indicators(personas.own_project)
    long = "a" * 2001
    data = f"indicator,period,value,comment\n{SHARE},2026-Q1,0.8,ok\n{SHARE},2026-Q2,0.9,{long}\n"
    report = import_measurements(
        acting_user=personas["owner"],
        project=personas.own_project,
        data=data.encode(),
        filename="x.csv",
    )
    assert [(p.code, p.row, p.column) for p in report.problems] == [
        ("comment_too_long", 3, "comment")
    ]
    assert report.problems[0].message("sv") == (
        "Kommentaren får vara högst 2\u00a0000 tecken (den har 2\u00a0001)."
    )
    assert Measurement.objects.count() == 0
    report = import_measurements(
        acting_user=personas["owner"],
        project=personas.own_project,
        data=data.replace(long, "a" * 2000).encode(),
        filename="x.csv",
    )
    assert report.stored == 2
