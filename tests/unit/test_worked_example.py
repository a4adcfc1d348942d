"""The spec's worked example (shared/spec/calculation.md, "Worked example").

shared/ lives beside the repository (CI clones the repo elsewhere with a copy of
shared/ next to it), so it is located relative to this file. A missing example is a
failure, not a skip: the worked example is the contract's acceptance test.
"""

import json
from pathlib import Path

import pytest

from socinv.core.calc import calculate, evaluate, load, parse

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
EXAMPLE = SHARED / "examples" / "skolstod.toml"

KR = 0.01  # "to within 0.01 kr"


@pytest.fixture(scope="module")
def example_path() -> Path:
    assert EXAMPLE.is_file(), (
        f"worked example not found at {EXAMPLE}; shared/ must sit beside the repository"
    )
    return EXAMPLE


@pytest.fixture(scope="module")
def result(example_path):
    return evaluate(load(example_path))


# (perspective, field, expected) straight from the spec's table
TABLE = [
    ("municipal", "pv_benefits", 8_912_612.36),
    ("public", "pv_benefits", 10_693_641.96),
    ("societal", "pv_benefits", 11_869_095.46),
    ("municipal", "pv_costs", 3_305_651.47),
    ("public", "pv_costs", 3_305_651.47),
    ("societal", "pv_costs", 3_305_651.47),
    ("municipal", "npv", 5_606_960.89),
    ("public", "npv", 7_387_990.48),
    ("societal", "npv", 8_563_443.99),
    ("municipal", "expected_npv", 2_041_915.94),
    ("public", "expected_npv", 3_110_533.70),
    ("societal", "expected_npv", 3_815_805.80),
]


@pytest.mark.parametrize(("perspective", "field", "expected"), TABLE)
def test_table_value(result, perspective, field, expected):
    assert result["perspectives"][perspective][field] == pytest.approx(expected, abs=KR)


@pytest.mark.parametrize("perspective", ["municipal", "public", "societal"])
def test_payback_year_is_2(result, perspective):
    assert result["perspectives"][perspective]["payback_year"] == 2


def test_header_fields(result):
    assert result["name"] == "Skolstöd för familjehemsplacerade barn"
    assert result["start_year"] == 2026
    assert result["horizon"] == 8
    assert result["discount_rate"] == pytest.approx(0.035)
    assert set(result["perspectives"]) == {"municipal", "public", "societal"}


def test_individ_pv_benefits(result):
    assert result["stakeholders"]["individ"]["pv_benefits"] == pytest.approx(2_057_043.64, abs=KR)
    # the individual bears no costs
    assert result["stakeholders"]["individ"]["pv_costs"] == pytest.approx(0.0, abs=KR)
    assert result["stakeholders"]["individ"]["npv"] == pytest.approx(2_057_043.64, abs=KR)


def test_stakeholders_all_present(result):
    assert set(result["stakeholders"]) == {
        "kommun/socialnamnd",
        "kommun/utbildningsnamnd",
        "stat/forsakringskassan",
        "individ",
    }


def test_stakeholder_costs(result):
    # 900 000 in years 0..2 and 12 000 x 20 in years 0..2, discounted at 3.5 %
    d = [1.0, 1 / 1.035, 1 / 1.035**2]
    soc = result["stakeholders"]["kommun/socialnamnd"]["pv_costs"]
    utb = result["stakeholders"]["kommun/utbildningsnamnd"]["pv_costs"]
    assert soc == pytest.approx(900_000 * sum(d), abs=KR)
    assert utb == pytest.approx(240_000 * sum(d), abs=KR)
    assert soc + utb == pytest.approx(3_305_651.47, abs=KR)


def test_repayment(result):
    rep = result["repayment"]
    assert rep["annual"] == pytest.approx([0, 1_567_500, 1_132_500, 0, 0, 0, 0, 0], abs=KR)
    assert rep["total"] == pytest.approx(2_700_000, abs=KR)
    assert rep["outstanding"] == pytest.approx(0.0, abs=KR)
    assert rep["repaid_by_year"] == 2
    # 2 % on 2 700 000, 2 700 000, 1 132 500, then nothing outstanding
    assert rep["capital_cost"] == pytest.approx([54_000, 54_000, 22_650, 0, 0, 0, 0, 0], abs=KR)
    assert rep["capital_cost_total"] == pytest.approx(130_650, abs=KR)


def test_annual_series(result):
    soc = result["perspectives"]["societal"]["annual"]
    # hand check: outcome 1 gives 20*0.25*0.30*1.1e6 = 1 650 000 in a cohort's first value
    # year and 0.8 of that in its second; outcome 2 gives 20*0.1*0.8*250 000 = 400 000 for
    # four years from year c+3 (transfers do not count in the societal perspective).
    assert soc["benefits"] == pytest.approx(
        [0, 1_650_000, 2_970_000, 3_370_000, 2_120_000, 1_200_000, 1_200_000, 800_000], abs=KR
    )
    assert soc["costs"] == pytest.approx([1_140_000] * 3 + [0] * 5, abs=KR)
    assert soc["net"] == pytest.approx(
        [b - c for b, c in zip(soc["benefits"], soc["costs"], strict=True)], abs=KR
    )
    mun = result["perspectives"]["municipal"]["annual"]
    # year 1: 1 650 000 x (1 - 0.05)^1 local value
    assert mun["benefits"][:2] == pytest.approx([0, 1_567_500], abs=KR)
    for p in ("municipal", "public", "societal"):
        annual = result["perspectives"][p]["annual"]
        for key in ("benefits", "costs", "net", "cumulative_discounted_net"):
            assert len(annual[key]) == 8, (p, key)
        assert annual["cumulative_discounted_net"][0] == pytest.approx(-1_140_000, abs=KR)
        assert annual["cumulative_discounted_net"][1] < 0
        assert annual["cumulative_discounted_net"][2] > 0
        assert annual["cumulative_discounted_net"][-1] == pytest.approx(
            result["perspectives"][p]["npv"], abs=KR
        )


@pytest.mark.parametrize("perspective", ["municipal", "public", "societal"])
def test_bcr_and_break_even(result, perspective):
    p = result["perspectives"][perspective]
    assert p["bcr"] == pytest.approx(p["pv_benefits"] / p["pv_costs"], rel=1e-12)
    assert p["break_even_factor"] == pytest.approx(p["pv_costs"] / p["pv_benefits"], rel=1e-12)


def test_no_monte_carlo_without_draws(result):
    assert "monte_carlo" not in result


def test_result_is_json_serialisable(result):
    text = json.dumps(result)
    assert json.loads(text)["perspectives"]["societal"]["npv"] == pytest.approx(
        8_563_443.99, abs=KR
    )


def test_parse_text_equals_load(example_path, result):
    calc = parse(example_path.read_text(encoding="utf-8"), source=str(example_path))
    assert evaluate(calc) == result
    assert evaluate(load(str(example_path))) == result
    assert calculate(calc) == result
