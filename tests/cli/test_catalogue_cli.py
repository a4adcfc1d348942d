"""`socinv calc FILE --catalogue CATALOGUE` against spec unit-costs.md, with hand-checked
figures: an indexed amount, an unknown id with a suggestion, a missing index year, a
stale warning, a malformed catalogue, evidence grades."""

from __future__ import annotations

import contextlib
import io
import json
from types import SimpleNamespace

import pytest

from socinv.cli.main import main


def run_calc(*args: str, cwd):
    """``socinv calc ARGS`` in ``cwd``, in this process (tests/cli/test_cli.py runs the
    subprocess): its exit status, stdout and stderr."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.chdir(cwd), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["calc", *args])
    return SimpleNamespace(returncode=code, stdout=out.getvalue(), stderr=err.getvalue())


CATALOGUE = """\
name = "Exempelkommuns kostnadskatalog"
index = "PKV"
[index_values]
2018 = 95.0
2022 = 100.0
2023 = 106.1
2026 = 114.9

[[unit_costs]]
id = "hvb-dygn"
label = "Placering på HVB, per dygn"
unit = "dygn"
amount = 4200
price_year = 2023
bearer = "kommun/socialnamnd"
source = "Egen uppföljning 2023"

[[unit_costs]]
id = "bup-besok"
label = "Besök på BUP"
unit = "besök"
amount = 3000
price_year = 2018
source = "Påhittad källa"

[[unit_costs]]
id = "familjehem-ar"
label = "Familjehemsplacering, per år"
unit = "år"
amount = 400000
price_year = 2021
source = "Påhittad källa"
"""

CALC = """\
name = "Hemmaplan"
start_year = 2026
horizon = 2
discount_rate = 0.0
participants = [10]

[[stakeholders]]
id = "kommun/socialnamnd"
name = "Socialnämnden"
municipal = true
public = true

[[costs]]
label = "HVB"
stakeholder = "kommun/socialnamnd"
year = 0
amount = { unit_cost = "HVB_ID", quantity = 90 }
"""


def files(tmp_path, calc=CALC, catalogue=CATALOGUE, unit="hvb-dygn"):
    (tmp_path / "kalkyl.toml").write_text(calc.replace("HVB_ID", unit), encoding="utf-8")
    (tmp_path / "katalog.toml").write_text(catalogue, encoding="utf-8")
    return "kalkyl.toml", "katalog.toml"


def test_an_indexed_amount(tmp_path):
    calc, cat = files(tmp_path)
    proc = run_calc(calc, "--catalogue", cat, "--json", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    # 4 200 kr in 2023's prices, PKV 106.1 -> 114.9: 4 200 × 114.9 / 106.1 = 4 548.3506 kr
    [use] = out["unit_costs"]
    assert use["field"] == "costs[0].amount"
    assert use["id"] == "hvb-dygn"
    assert use["unit_amount"] == 4200
    assert use["price_year"] == 2023
    assert use["indexed_unit_amount"] == pytest.approx(4548.3506, abs=1e-4)
    assert use["quantity"] == 90
    assert use["source"] == "Egen uppföljning 2023"
    assert out["price_year"] == 2026
    # 90 days × 4 548.3506 kr = 409 351.56 kr, undiscounted in year 0
    assert out["perspectives"]["municipal"]["pv_costs"] == pytest.approx(409351.56, abs=0.01)
    assert proc.stderr == ""  # 3 years old, same bearer: no warning


def test_the_calculations_own_price_year(tmp_path):
    calc, cat = files(tmp_path, CALC.replace("horizon = 2", "horizon = 2\nprice_year = 2022"))
    out = json.loads(run_calc(calc, "--catalogue", cat, "--json", cwd=tmp_path).stdout)
    # 4 200 × 100.0 / 106.1 = 3 958.5297 kr
    assert out["price_year"] == 2022
    assert out["unit_costs"][0]["indexed_unit_amount"] == pytest.approx(3958.5297, abs=1e-4)


def test_an_unknown_id_with_a_suggestion(tmp_path):
    calc, cat = files(tmp_path, unit="hvb-dygnet")
    proc = run_calc(calc, "--catalogue", cat, "--json", cwd=tmp_path)
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert proc.stderr.strip() == (
        "kalkyl.toml: costs[0].amount.unit_cost: 'hvb-dygnet' is not in the catalogue "
        "(did you mean 'hvb-dygn'?)"
    )


def test_an_unknown_id_far_from_every_id(tmp_path):
    calc, cat = files(tmp_path, unit="xyz")
    proc = run_calc(calc, "--catalogue", cat, cwd=tmp_path)
    assert proc.returncode == 2
    assert (
        proc.stderr.strip()
        == "kalkyl.toml: costs[0].amount.unit_cost: 'xyz' is not in the catalogue"
    )


def test_a_missing_index_year(tmp_path):
    calc, cat = files(tmp_path, unit="familjehem-ar")  # priced 2021: no index value for 2021
    proc = run_calc(calc, "--catalogue", cat, "--json", cwd=tmp_path)
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert proc.stderr.strip() == (
        "kalkyl.toml: costs[0].amount: unit cost 'familjehem-ar' cannot be indexed: "
        "the catalogue's index_values have no year 2021"
    )


def test_different_years_without_an_index(tmp_path):
    no_index = CATALOGUE.split("[[unit_costs]]", 1)[1]
    calc, cat = files(tmp_path, catalogue='name = "K"\n[[unit_costs]]' + no_index)
    proc = run_calc(calc, "--catalogue", cat, cwd=tmp_path)
    assert proc.returncode == 2
    assert "priced in 2023, the calculation in 2026" in proc.stderr


def test_a_stale_warning(tmp_path):
    calc, cat = files(tmp_path, unit="bup-besok")  # priced 2018, price year 2026: 8 years
    proc = run_calc(calc, "--catalogue", cat, "--json", cwd=tmp_path)
    assert proc.returncode == 0
    # 3 000 × 114.9 / 95.0 = 3 628.4211 kr; × 90 = 326 557.89 kr
    out = json.loads(proc.stdout)
    assert out["perspectives"]["municipal"]["pv_costs"] == pytest.approx(326557.89, abs=0.01)
    lines = proc.stderr.strip().splitlines()
    # the warning's label in the table's language, its sentence in English like an error's
    assert lines == [
        "kalkyl.toml: varning: costs[0].amount: unit cost 'bup-besok' is priced in 2018, "
        "8 years before the calculation's price year 2026; check that it still holds"
    ]


def test_a_different_bearer_is_a_warning(tmp_path):
    calc = CALC.replace('stakeholder = "kommun/socialnamnd"\nyear', 'stakeholder = "region"\nyear')
    calc = calc.replace(
        "[[costs]]",
        '[[stakeholders]]\nid = "region"\nname = "Regionen"\npublic = true\n\n[[costs]]',
    )
    calc, cat = files(tmp_path, calc)
    proc = run_calc(calc, "--catalogue", cat, "--lang", "en", cwd=tmp_path)
    assert proc.returncode == 0
    assert (
        "kalkyl.toml: warning: costs[0].amount: unit cost 'hvb-dygn' is usually borne by "
        "'kommun/socialnamnd', this line by 'region'" in proc.stderr
    )


def test_a_reference_without_a_catalogue(tmp_path):
    calc, _ = files(tmp_path)
    proc = run_calc(calc, "--json", cwd=tmp_path)
    assert proc.returncode == 2
    assert proc.stderr.strip() == (
        "kalkyl.toml: costs[0].amount: refers to unit cost 'hvb-dygn', but no catalogue is "
        "given (socinv calc --catalogue FILE)"
    )


def test_a_malformed_catalogue_names_its_own_path_and_field(tmp_path):
    bad = CATALOGUE.replace('source = "Påhittad källa"\n', "", 1)
    bad += '\n[[unit_costs]]\nid = "hvb-dygn"\nlabel = "x"\nunit = "dygn"\namount = 1\nprice_year = 2023\nsource = "y"\n'
    calc, cat = files(tmp_path, catalogue=bad)
    proc = run_calc(calc, "--catalogue", cat, "--json", cwd=tmp_path)
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert proc.stderr.strip().splitlines() == [
        "katalog.toml: unit_costs[1].source: is required",
        "katalog.toml: unit_costs[3].id: 'hvb-dygn' is already used by unit_costs[0]",
    ]


def test_evidence_grades_with_the_default_and_an_own_table(tmp_path):
    calc = (
        CALC
        + """
[[outcomes]]
label = "Färre placeringar"
cases_per_participant = 1
evidence_grade = 3

[[outcomes.values]]
stakeholder = "kommun/socialnamnd"
amount = 1000
"""
    )
    calc_file, cat = files(tmp_path, calc)
    out = json.loads(run_calc(calc_file, "--catalogue", cat, "--json", cwd=tmp_path).stdout)
    # 10 participants × 1 case × (1 − 0.20) × 1 000 kr = 8 000 kr
    assert out["perspectives"]["municipal"]["pv_benefits"] == pytest.approx(8000)
    assert out["outcomes_adjusted"] == [{"outcome": 0, "grade": 3, "haircut": 0.2}]
    own = calc.replace(
        "participants = [10]",
        "participants = [10]\nevidence_haircut = { 1 = 0.5, 2 = 0.35, 3 = 0.25, 4 = 0.1, 5 = 0.0 }",
    )
    calc_file, cat = files(tmp_path, own)
    out = json.loads(run_calc(calc_file, "--catalogue", cat, "--json", cwd=tmp_path).stdout)
    assert out["perspectives"]["municipal"]["pv_benefits"] == pytest.approx(7500)
    assert out["outcomes_adjusted"] == [{"outcome": 0, "grade": 3, "haircut": 0.25}]


def test_a_haircut_table_needs_every_grade_and_a_grade_its_range(tmp_path):
    calc = CALC.replace(
        "participants = [10]", "participants = [10]\nevidence_haircut = { 1 = 0.5, 2 = 1.5 }"
    )
    calc += '\n[[outcomes]]\nlabel = "x"\ncases_per_participant = 1\nevidence_grade = 6\n[[outcomes.values]]\nstakeholder = "kommun/socialnamnd"\namount = 1\n'
    calc_file, cat = files(tmp_path, calc)
    proc = run_calc(calc_file, "--catalogue", cat, cwd=tmp_path)
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert "kalkyl.toml: evidence_haircut.2: must be between 0 and 1, got 1.5" in lines
    assert (
        "kalkyl.toml: evidence_haircut.3: needs a haircut for every grade 1 … 5; grade 3 is missing"
        in lines
    )
    assert any(line.startswith("kalkyl.toml: outcomes[0].evidence_grade: ") for line in lines)
