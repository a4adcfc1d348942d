"""Kolada files read for baselines and comparisons (socinv.io.measurements.kolada) and the
rules of a link (socinv.core.kolada): API v2 and v3 shapes, deleted values, groups,
municipality codes that lost their leading zero, every problem of a file at once."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from socinv.core import kolada as rules
from socinv.io.measurements import KoladaValue, ProblemCode, read_kolada_file, read_measurements

P = ProblemCode
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "kolada"


def read(name: str):
    return read_kolada_file((FIXTURES / name).read_bytes())


def test_a_v3_file_gives_every_gender_of_every_place():
    result = read("n15419_v3.json")
    assert result.problems == ()
    assert len(result.values) == 4 * 3 * 3 + 2  # 4 places, 3 years, 3 genders; 2021 K, M
    assert KoladaValue("N15419", "0581", "2024", "T", 83.1, False, 3) in result.values
    group = [v for v in result.values if v.place == "G124026"]
    assert group and all(v.is_group for v in group)
    assert not any(v.is_group for v in result.values if v.place != "G124026")
    assert len(result.fingerprint) == 64


def test_a_deleted_value_is_skipped_with_a_warning_never_read():
    result = read("n15419_v3.json")
    assert not [v for v in result.values if v.period == "2021" and v.gender == "T"]
    assert 12.0 not in {v.value for v in result.values}
    deleted = [w for w in result.warnings if w.code == P.VALUE_DELETED_SKIPPED]
    assert [(w.row, w.params["period"]) for w in deleted] == [(13, "2021")]
    # the same entry's other genders are not deleted: they are kept
    assert {v.gender for v in result.values if v.period == "2021"} == {"K", "M"}


def test_a_v2_file_has_the_same_shape_without_isdeleted():
    result = read("n15419_v2.json")
    assert result.problems == () and result.warnings == ()
    assert sorted({(v.place, v.period) for v in result.values}) == [
        ("0180", "2022"),
        ("0180", "2023"),
        ("0581", "2022"),
        ("0581", "2023"),
    ]


def test_every_problem_of_a_file_is_reported_at_once():
    result = read("n15419_v3_bad.json")
    found = [(p.code, p.row, p.column) for p in result.problems]
    assert found == [
        (P.INVALID_PERIOD, 1, "period"),
        (P.INVALID_GENDER, 2, "values[0].gender"),
        (P.NOT_A_NUMBER, 3, "values[0].value"),
    ]
    assert [str(p) for p in result.problems][0].startswith("entry 1")


def test_a_municipality_code_without_its_leading_zero_is_read_with_it():
    doc = {"values": [{"kpi": "N15419", "municipality": 581, "period": 2024,
                       "values": [{"gender": "T", "value": 83.1}]},
                      {"kpi": "N15419", "municipality": "180", "period": 2024,
                       "values": [{"gender": "T", "value": 87.1}]}]}  # fmt: skip
    result = read_kolada_file(json.dumps(doc).encode())
    assert [v.place for v in result.values] == ["0581", "0180"]


def test_the_measurement_reader_skips_groups_and_deleted_values():
    """The import of measurements by indicator name (no link) reads the same files: a
    group is never a municipality's row, a deleted value never a measurement."""
    data = (FIXTURES / "n15419_v3.json").read_bytes()
    result = read_measurements(data, "n15419_v3.json")
    assert result.ok
    assert {r.municipality for r in result.rows} == {"0581", "0180", "1480"}
    assert "2021" not in {r.period for r in result.rows}
    codes = [w.code for w in result.warnings]
    assert codes.count(P.GROUP_SKIPPED) == 3 and codes.count(P.VALUE_DELETED_SKIPPED) == 1


@pytest.mark.parametrize(
    "text, code",
    [("581", "0581"), ("0581", "0581"), (" 180 ", "0180"), (581, "0581"), ("G124026", None),
     ("V15E018000301", None), ("", None), (True, None), ("12345", None)],
)  # fmt: skip
def test_municipality_codes(text, code):
    assert rules.municipality_code(text) == code


def test_group_and_kpi_codes():
    assert rules.group_code("g124026") == "G124026" and rules.group_code("0581") is None
    assert rules.kpi_code("n15419") == "N15419" and rules.kpi_code("N1") is None


def test_check_link_names_every_bad_field():
    assert rules.check_link(kpi="N15419", municipality="0581", gender="T") == []
    problems = rules.check_link(
        kpi="15419",
        municipality="G124026",
        gender="X",
        comparisons=["0180", "0180", "G1", "abc"],
        group="0180",
    )
    assert [(p.code, p.field) for p in problems] == [
        ("kpi_invalid", "kpi"),
        ("municipality_is_group", "municipality"),
        ("gender_invalid", "gender"),
        ("comparison_twice", "comparisons"),
        ("comparison_is_group", "comparisons"),
        ("comparison_invalid", "comparisons"),
        ("group_invalid", "group"),
    ]
    own = rules.check_link(kpi="N15419", municipality="0581", gender="T", comparisons=["0581"])
    assert [p.code for p in own] == ["comparison_is_own"]


def test_the_baseline_is_the_latest_year_before_the_first_own_measurement():
    series = [("2022", 81.2), ("2024", 83.1), ("2023", 82.4)]
    assert rules.baseline(series, before_year=2025) == ("2024", 83.1)
    assert rules.baseline(series, before_year=2024) == ("2023", 82.4)
    assert rules.baseline(series, before_year=2020) == ("2022", 81.2)  # none before: earliest
    assert rules.baseline(series) == ("2024", 83.1)  # nothing measured yet: the latest
    assert rules.baseline([]) is None
    assert rules.source_text("N15419", "0581", "2024") == "Kolada N15419, 0581, 2024"
    assert rules.indicator_value(83.1, share=True) == pytest.approx(0.831)
