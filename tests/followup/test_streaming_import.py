"""The streaming import (bounded memory, two passes), the comparison group's size and
the hand-reported measurement."""

from __future__ import annotations

import datetime
import hashlib
import io

import pytest
from django.urls import reverse

from socinv.applications.models import Indicator
from socinv.followup.models import ImportBatch, Measurement
from socinv.followup.selectors import project_figures
from socinv.followup.services import import_measurements
from socinv.io.measurements import MeasurementReader, ProblemCode, read_measurements

A, B = "Andel i arbete", "Antal placeringar"
PN = "811218-9876"  # a valid personnummer (check digit 6)


def big_csv(path, rows: int, bad: dict[int, str] | None = None) -> None:
    """``rows`` data rows in the Swedish dialect: two indicators, a day each; ``bad``
    replaces the comment of a data row (1-based line number of the file)."""
    bad = bad or {}
    start = datetime.date(1950, 1, 1)
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(
            "Indikator;Period;Värde;Jämförelsevärde;Antal;Antal i jämförelsegruppen;Kommentar\n"
        )
        for i in range(rows):
            line = i + 2
            day = start + datetime.timedelta(days=i // 2)
            comment = bad.get(line, f"vecka {i % 52}")
            f.write(
                f"{A if i % 2 else B};{day.isoformat()};{i % 97},5;0,25;{20 + i % 5};30;{comment}\n"
            )


def indicators(project):
    return (
        Indicator.objects.create(project=project, level="outcomes", name=A, direction="higher"),
        Indicator.objects.create(project=project, level="outputs", name=B, direction="lower"),
    )


# -- the reader, streaming --------------------------------------------------------------


def test_reader_streams_batches_with_the_files_fingerprint(tmp_path):
    path = tmp_path / "m.csv"
    big_csv(path, 10_001)
    with open(path, "rb") as f:
        reader = MeasurementReader(f, "m.csv", batch_size=1000)
        sizes = [len(b) for b in reader.batches()]
    assert reader.ok and reader.rows == 10_001
    assert max(sizes) == 1000 and sum(sizes) == 10_001
    assert reader.fingerprint == hashlib.sha256(path.read_bytes()).hexdigest()
    # the same rows as the whole-file reader, the last one checked by hand
    whole = read_measurements(path.read_bytes(), "m.csv")
    with open(path, "rb") as f:
        streamed = [r for b in MeasurementReader(f, "m.csv").batches() for r in b]
    assert tuple(streamed) == whole.rows
    last = streamed[-1]
    # i = 10 000: B, day 5 000 after 1950-01-01, value 10000 % 97 = 9 -> 9,5
    assert (last.indicator, last.period, last.value, last.row) == (B, "1963-09-10", 9.5, 10_002)
    assert (last.individuals, last.comparison_individuals, last.comparison_value) == (20, 30, 0.25)


def test_personnummer_on_line_150000_refuses_the_file(tmp_path):
    path = tmp_path / "m.csv"
    big_csv(path, 150_000, bad={150_000: f"ring {PN} imorgon"})
    with open(path, "rb") as f:
        reader = MeasurementReader(f, "m.csv")
        yielded = sum(len(b) for b in reader.batches())
    assert not reader.ok and reader.refused_for_personal_number
    assert [(p.code, p.row, p.column) for p in reader.problems] == [
        (ProblemCode.PERSONAL_NUMBER, 150_000, "Kommentar")
    ]
    assert PN not in repr(reader.problems) and "9876" not in str(reader.problems[0])
    assert yielded < 150_000  # the rows after the hit are not yielded


def test_windows_1252_after_the_first_block_and_mixed_encodings(tmp_path):
    head = "indicator;period;value;comment\n"
    rows = "".join(f"A{i};2026;1;x\n" for i in range(90_000))  # 1.4 MB of ASCII
    # all ASCII for more than a block, then an ö in Windows-1252: read as Windows-1252
    data = (head + rows).encode() + "C;2026;1;Malmö\n".encode("cp1252")
    result = read_measurements(data, "m.csv")
    assert result.ok and result.rows[-1].comment == "Malmö"
    # UTF-8 text first, then a byte that is not UTF-8: refused, not guessed
    mixed = (head + "A;2026;1;Malmö\n" + rows).encode() + "C;2026;1;Malmö\n".encode("cp1252")
    result = read_measurements(mixed, "m.csv")
    assert [p.code for p in result.problems] == [ProblemCode.ENCODING]


def test_fast_and_slow_paths_agree_on_problems():
    # a clean batch, then a bad one: the problem is named with its row
    lines = ["indicator,period,value,individuals"] + [f"A,{1900 + i},1.5,3" for i in range(250)]
    lines[200] = "A,2199,1.5,-3"  # data row 200 = file row 201
    with io.BytesIO("\n".join(lines).encode()) as f:
        reader = MeasurementReader(f, "m.csv", batch_size=64)
        list(reader.batches())
    assert [(p.code, p.row) for p in reader.problems] == [(ProblemCode.NEGATIVE_INDIVIDUALS, 201)]
    # a duplicate across two batches names the first row
    lines = ["indicator,period,value"] + [f"A,{1900 + i},1" for i in range(100)] + ["A,1900,2"]
    reader = MeasurementReader(io.BytesIO("\n".join(lines).encode()), "m.csv", batch_size=10)
    list(reader.batches())
    (p,) = reader.problems
    assert (p.code, p.row, p.params["first_row"]) == (ProblemCode.DUPLICATE_MEASUREMENT, 102, 2)


def test_only_csv_line_breaks_end_a_line():
    # str.splitlines() would also split at these; a CSV reader must not
    data = 'indicator,period,value,comment\nA,2026,1,"a\u2028b\x0cc"\nB,2026,"2,5",x\n'
    result = read_measurements(data.encode(), "m.csv")
    assert [(p.code, p.row) for p in result.problems] == [(ProblemCode.NOT_A_NUMBER, 3)]
    data = "indicator;period;value;comment\nA;2026;1;a\u2028b\x0cc\nB;2026;2,5;x\n"
    result = read_measurements(data.encode(), "m.csv")
    assert [(r.comment, r.value, r.row) for r in result.rows] == [
        ("a\u2028b\x0cc", 1.0, 2),
        ("x", 2.5, 3),
    ]


def test_too_many_problems_are_counted_not_listed():
    lines = ["indicator,period,value"] + [f"A{i},2026,x" for i in range(1500)]
    result = read_measurements("\n".join(lines).encode(), "m.csv")
    assert len(result.problems) == 1001
    assert result.problems[-1].code == ProblemCode.TOO_MANY_PROBLEMS
    assert result.problems[-1].params == {"more": 500}


# -- the service: two passes, all or nothing ----------------------------------------------


@pytest.mark.django_db
def test_a_bad_row_near_the_end_of_a_big_file_stores_nothing(personas, tmp_path):
    indicators(personas.own_project)
    path = tmp_path / "m.csv"
    big_csv(path, 60_000)
    text = path.read_text(encoding="utf-8").splitlines()
    text[59_998] = text[59_998].replace(";30;", ";trettio;")  # file row 59 999
    path.write_text("\n".join(text) + "\n", encoding="utf-8")
    with open(path, "rb") as f:
        report = import_measurements(
            acting_user=personas["owner"], project=personas.own_project, file=f, filename="m.csv"
        )
    assert [(p.code, p.row, p.column) for p in report.problems] == [
        ("not_a_number", 59_999, "Antal i jämförelsegruppen")
    ]
    assert Measurement.objects.count() == 0 and ImportBatch.objects.count() == 0


@pytest.mark.django_db
def test_a_good_file_is_stored_in_batches_with_history(personas, tmp_path):
    a, b = indicators(personas.own_project)
    path = tmp_path / "m.csv"
    big_csv(path, 2_501)
    with open(path, "rb") as f:
        report = import_measurements(
            acting_user=personas["economist"],
            project=personas.own_project,
            file=f,
            filename="m.csv",
        )
    assert report.ok and report.stored == 2_501
    assert Measurement.objects.filter(indicator=b).count() == 1_251
    m = Measurement.objects.get(indicator=a, period="1950-01-01")  # i = 1
    assert (m.value, m.individuals, m.comparison_individuals, m.comment) == (1.5, 21, 30, "vecka 1")
    assert m.history.get().history_user == personas["economist"]
    assert m.reported_by == personas["economist"]
    batch = ImportBatch.objects.get()
    assert (
        batch.rows == 2_501 and batch.fingerprint == hashlib.sha256(path.read_bytes()).hexdigest()
    )
    # the same file again: refused, nothing doubled
    with open(path, "rb") as f:
        again = import_measurements(
            acting_user=personas["owner"], project=personas.own_project, file=f, filename="x.csv"
        )
    assert [p.code for p in again.problems] == ["already_imported"]
    assert Measurement.objects.count() == 2_501


@pytest.mark.django_db
def test_a_file_changed_between_the_passes_stores_nothing(personas, monkeypatch):
    indicators(personas.own_project)

    class Shifty(io.BytesIO):
        reads = 0

        def seek(self, pos, whence=0):
            # the second pass sees another file
            self.__init__(b"indicator,period,value\nAndel i arbete,2026,2\nAndel i arbete,2027,3\n")
            return 0

    f = Shifty(b"indicator,period,value\nAndel i arbete,2026,1\n")
    report = import_measurements(
        acting_user=personas["owner"], project=personas.own_project, file=f, filename="m.csv"
    )
    assert [p.code for p in report.problems] == ["file_changed"]
    assert Measurement.objects.count() == 0 and ImportBatch.objects.count() == 0


# -- the comparison group's size ------------------------------------------------------------


def test_the_comparison_size_column_and_did_you_mean():
    data = "indikator;period;värde;antal;antal i jämförelsegruppen\nA;2026;1;10;12\n".encode()
    (row,) = read_measurements(data, "m.csv").rows
    assert (row.individuals, row.comparison_individuals) == (10, 12)
    english = b"indicator,period,value,Comparison individuals\nA,2026,1,7\n"
    assert read_measurements(english, "m.csv").rows[0].comparison_individuals == 7
    typo = "indikator;period;värde;antal i jämförelsegrupen\nA;2026;1;12\n".encode()
    (p,) = read_measurements(typo, "m.csv").problems
    assert p.code == ProblemCode.UNKNOWN_COLUMN
    assert p.params["suggestion"] == "antal_i_jämförelsegruppen"
    bad = "indikator;period;värde;antal i jämförelsegruppen\nA;2026;1;2,5\nB;2026;1;-1\n"
    assert [(p.code, p.row) for p in read_measurements(bad.encode(), "m.csv").problems] == [
        (ProblemCode.NOT_A_WHOLE_NUMBER, 2),
        (ProblemCode.NEGATIVE_INDIVIDUALS, 3),
    ]


@pytest.mark.django_db
def test_did_interval_uses_both_group_sizes(personas):
    a, _b = indicators(personas.own_project)
    Measurement.objects.create(
        indicator=a,
        period="2025",
        value=0.40,
        comparison_value=0.30,
        individuals=100,
        comparison_individuals=400,
    )
    Measurement.objects.create(
        indicator=a,
        period="2026",
        value=0.60,
        comparison_value=0.35,
        individuals=80,
        comparison_individuals=500,
    )
    figs = {
        f.indicator.name: f
        for _l, _lab, rows in project_figures(personas.own_project)
        for f in rows
    }
    f = figs[A]
    # DiD = (0.60 - 0.40) - (0.35 - 0.30) = 0.15
    assert f.did.estimate == pytest.approx(0.15)
    # Var = .4*.6/100 + .6*.4/80 + .3*.7/400 + .35*.65/500
    #     = 0.0024 + 0.003 + 0.000525 + 0.000455 = 0.00638; SE = 0.0798749
    se = 0.00638**0.5
    assert se == pytest.approx(0.0798749, abs=1e-6)
    assert f.did.low == pytest.approx(0.15 - 1.959964 * se, abs=1e-5)  # -0.00655
    assert f.did.high == pytest.approx(0.15 + 1.959964 * se, abs=1e-5)  # 0.30655
    assert f.did.low == pytest.approx(-0.006551, abs=1e-5)
    assert f.did_sizes == "reported"
    # without the comparison group's size: the project group's stands in (as before)
    Measurement.objects.filter(period="2026").update(comparison_individuals=None)
    f = {
        g.indicator.name: g
        for _l, _lab, rows in project_figures(personas.own_project)
        for g in rows
    }[A]
    var = 0.4 * 0.6 / 100 + 0.6 * 0.4 / 80 + 0.3 * 0.7 / 100 + 0.35 * 0.65 / 80
    assert f.did.low == pytest.approx(0.15 - 1.959964 * var**0.5, abs=1e-5)
    assert f.did_sizes == "assumed"


# -- reporting by hand ----------------------------------------------------------------------


def post_entry(client, project, indicator, **extra):
    data = {
        "entry-indicator": indicator.pk,
        "entry-period": "2026-q1",
        "entry-value": "0,82",
        "entry-comparison_value": "0,75",
        "entry-individuals": "120",
        "entry-comparison_individuals": "300",
        "entry-comment": "första kvartalet",
    }
    data.update({f"entry-{k}": v for k, v in extra.items()})
    return client.post(reverse("followup:report", args=[project.pk]), data)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "role, status",
    [
        ("owner", 302),
        ("economist", 302),
        ("project_leader", 302),
        ("evaluator", 403),
        ("auditor", 403),
        ("administrator", 403),
        ("external", 403),
        ("outsider", 404),
        ("other_owner", 404),
    ],
)
def test_who_may_report_by_hand(personas, client, role, status):
    a, _b = indicators(personas.own_project)
    client.force_login(personas[role])
    page = client.get(reverse("followup:project", args=[personas.own_project.pk]))
    if page.status_code == 200:
        assert (b'name="entry-period"' in page.content) is (status == 302)
    response = post_entry(client, personas.own_project, a)
    assert response.status_code == status
    if status == 302:
        m = Measurement.objects.get()
        assert (m.period, m.value, m.comparison_value) == ("2026-Q1", 0.82, 0.75)
        assert (m.individuals, m.comparison_individuals, m.comment) == (
            120,
            300,
            "första kvartalet",
        )
        assert m.reported_by == personas[role] and m.batch is None
        assert m.history.get().history_user == personas[role]
        assert response["Location"].endswith(f"#measurements-{a.pk}")
    else:
        assert Measurement.objects.count() == 0


@pytest.mark.django_db
def test_leader_reports_by_hand_on_own_project_only(personas, client):
    a, _b = indicators(personas.other_project)
    client.force_login(personas["project_leader"])
    assert post_entry(client, personas.other_project, a).status_code == 403
    assert Measurement.objects.count() == 0


@pytest.mark.django_db
def test_a_personnummer_in_the_comment_is_refused_at_the_field(personas, client):
    a, _b = indicators(personas.own_project)
    client.force_login(personas["project_leader"])
    response = post_entry(client, personas.own_project, a, comment=f"gäller {PN}")
    assert response.status_code == 400 and Measurement.objects.count() == 0
    body = response.content.decode()
    assert "811218" not in body and "9876" not in body
    assert 'id="id_entry-comment_error"' in body
    assert 'aria-describedby="id_entry-comment_error' in body or "id_entry-comment_error" in body


@pytest.mark.django_db
def test_a_period_already_reported_is_refused(personas, client):
    a, _b = indicators(personas.own_project)
    Measurement.objects.create(indicator=a, period="2026-Q1", value=0.5)
    client.force_login(personas["owner"])
    response = post_entry(client, personas.own_project, a)
    assert response.status_code == 400
    assert 'id="id_entry-period_error"' in response.content.decode()
    assert Measurement.objects.get().value == 0.5
    # bad numbers and periods are named at their fields
    response = post_entry(client, personas.own_project, a, period="2026-13", value="tolv")
    body = response.content.decode()
    assert 'id="id_entry-period_error"' in body and 'id="id_entry-value_error"' in body
    assert Measurement.objects.count() == 1


@pytest.mark.django_db
def test_a_measurement_is_corrected_with_a_reason_and_the_old_value_stays_in_history(
    personas, client
):
    a, _b = indicators(personas.own_project)
    client.force_login(personas["project_leader"])
    assert post_entry(client, personas.own_project, a).status_code == 302  # 0,82
    client.force_login(personas["economist"])
    response = post_entry(
        client,
        personas.own_project,
        a,
        value="0,28",
        correct="on",
        reason="Felskrivet värde: 0,82 skulle vara 0,28 enligt elevhälsans sammanställning.",
    )
    assert response.status_code == 302
    m = Measurement.objects.get()  # still one measurement for the period
    assert (m.period, m.value, m.reported_by) == ("2026-Q1", 0.28, personas["economist"])
    new, old = m.history.order_by("-history_id")
    assert (old.value, old.history_user) == (0.82, personas["project_leader"])
    assert (new.value, new.history_user, new.history_type) == (0.28, personas["economist"], "~")
    assert new.history_change_reason.startswith("Felskrivet värde")
    # the audit trail shows who corrected it and why
    from socinv.audit.selectors import audit_events

    corrected = [
        e for e in audit_events(personas.organisation, model="followup.measurement") if e.reason
    ]
    assert [(e.who, e.action) for e in corrected] == [("economist", "changed")]


@pytest.mark.django_db
def test_a_correction_needs_a_reason_and_something_to_correct(personas, client):
    a, _b = indicators(personas.own_project)
    client.force_login(personas["owner"])
    # nothing reported for the period yet: nothing to correct, nothing stored
    response = post_entry(client, personas.own_project, a, correct="on", reason="fel")
    assert response.status_code == 400 and Measurement.objects.count() == 0
    assert 'id="id_entry-correct_error"' in response.content.decode()
    Measurement.objects.create(indicator=a, period="2026-Q1", value=0.5)
    # no reason: refused at the reason field, the value unchanged
    response = post_entry(client, personas.own_project, a, correct="on", reason="")
    assert response.status_code == 400
    assert 'id="id_entry-reason_error"' in response.content.decode()
    # a personnummer in the reason: refused, never echoed
    response = post_entry(client, personas.own_project, a, correct="on", reason=f"gäller {PN}")
    body = response.content.decode()
    assert response.status_code == 400 and "811218" not in body
    assert 'id="id_entry-reason_error"' in body
    assert Measurement.objects.get().value == 0.5


def test_duplicates_found_after_the_slots_turn_into_a_dict(monkeypatch):
    from socinv.io.measurements import duplicates

    monkeypatch.setattr(duplicates, "SLOT_BUDGET", 64 * 4 * 10)  # ten indicators
    lines = ["indicator,period,value"]
    lines += [f"A{i % 40},{1900 + i // 40},1" for i in range(400)]  # 40 indicators × 10 years
    lines += ["A7,1905,2"]  # i = 207: row 209
    reader = MeasurementReader(io.BytesIO("\n".join(lines).encode()), "m.csv", batch_size=50)
    list(reader.batches())
    (p,) = reader.problems
    assert (p.code, p.row, p.params["first_row"]) == (ProblemCode.DUPLICATE_MEASUREMENT, 402, 209)
    clean = "\n".join(lines[:-1]).encode()
    assert read_measurements(clean, "m.csv").ok
