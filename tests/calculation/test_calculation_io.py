"""Django-free writers: charts as SVG, the TOML emitter, the workbook; and that the CLI
path never imports matplotlib."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import tomllib
import xml.etree.ElementTree as ET
import zipfile

import numpy as np
import pytest

from socinv.calculation.results import npv_draws
from socinv.core.calc import calculate, monte_carlo, parse
from socinv.io import calc_toml, charts

SVG = "{http://www.w3.org/2000/svg}"


def _title(svg: str) -> str:
    root = ET.fromstring(svg)  # valid XML
    assert root.tag == f"{SVG}svg"
    first = root[0]
    assert first.tag == f"{SVG}title"
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == first.get("id")
    return first.text


def test_the_cumulative_chart_is_valid_svg_with_a_title(skolstod_text):
    result = calculate(parse(skolstod_text))
    sv = charts.cumulative_net_svg(result, "sv")
    assert _title(sv) == "Ackumulerat diskonterat netto per perspektiv"
    assert "Kommunalekonomiskt" in sv and "Samhällsekonomiskt" in sv
    assert _title(charts.cumulative_net_svg(result, "en")) == (
        "Cumulative discounted net by perspective"
    )


def test_the_histogram_is_valid_svg_with_a_title():
    rng = np.random.default_rng(0)
    draws = {p: rng.normal(1e6, 5e5, 2000) for p in charts.PERSPECTIVES}
    svg = charts.npv_histogram_svg(draws, "sv")
    assert "simuleringen" in _title(svg)
    # one value only, and a missing perspective, still draw
    assert _title(charts.npv_histogram_svg({"municipal": [5.0, 5.0]}, "en")).startswith(
        "Distribution"
    )


def test_the_risk_spread_chart_is_valid_svg_with_a_title():
    svg = charts.risk_spread_svg(
        {"low": 6_000_000_00, "medium": 3_000_000_00, "high": 1_000_000_00},
        {"low": (0.5, None), "high": (None, 0.2)},
        "sv",
    )
    assert _title(svg).startswith("Riskspridning")
    assert "Gränser enligt riktlinjerna" in svg
    _title(charts.risk_spread_svg({}, {}, "en"))  # an empty portfolio


def _texts(svg: str) -> list[str]:
    return [e.text.strip() for e in ET.fromstring(svg).iter() if e.text and e.text.strip()]


def test_the_risk_classes_are_named_in_the_pages_language():
    spread = {"low": 6_000_000_00, "medium": 3_000_000_00, "high": 1_000_000_00}
    sv = _texts(charts.risk_spread_svg(spread, {}, "sv"))
    assert {"Låg risk", "Medelhög risk", "Hög risk"} <= set(sv)
    assert not {"low", "medium", "high"} & set(sv)
    assert {"Low risk", "Medium risk", "High risk"} <= set(
        _texts(charts.risk_spread_svg(spread, {}, "en"))
    )


def test_money_axes_are_in_tkr_and_mnkr(skolstod_text):
    result = calculate(parse(skolstod_text))
    sv = " ".join(_texts(charts.cumulative_net_svg(result, "sv")))
    assert " mnkr" in sv or " tkr" in sv
    assert " mn" not in sv.replace(" mnkr", "") and " tn" not in sv
    en = " ".join(_texts(charts.cumulative_net_svg(result, "en")))
    assert "MSEK" in en or "kSEK" in en


def test_two_charts_on_one_page_share_no_ids(skolstod_text):
    result = calculate(parse(skolstod_text))
    a, b = charts.cumulative_net_svg(result), charts.cumulative_net_svg(result)
    ids = lambda s: {e.get("id") for e in ET.fromstring(s).iter() if e.get("id")}  # noqa: E731
    assert ids(a) and not ids(a) & ids(b)


def test_the_toml_writer_round_trips_the_worked_example(skolstod_text):
    data = tomllib.loads(skolstod_text)
    text = calc_toml.dumps(data)
    assert tomllib.loads(text) == data
    assert calculate(parse(text)) == calculate(parse(skolstod_text))
    assert calc_toml.dumps(data) == text  # deterministic


def test_the_toml_writer_escapes_strings():
    data = {"name": 'Citat "så" här\\ och\nrad', "stakeholders": [{"id": "a", "name": "Å"}]}
    assert tomllib.loads(calc_toml.dumps(data)) == data


def test_the_workbook_has_cells_and_a_native_chart(skolstod_text):
    import openpyxl

    from socinv.io.calc_xlsx import calculation_xlsx

    calc = parse(skolstod_text)
    body = calculation_xlsx(calc, calculate(calc, draws=500, seed=1), "en")
    assert "xl/charts/chart1.xml" in zipfile.ZipFile(io.BytesIO(body)).namelist()
    wb = openpyxl.load_workbook(io.BytesIO(body))
    assert wb.sheetnames == ["Input", "Results", "By year"]
    assert wb["Results"]["A8"].value == "Break-even factor"
    assert wb["Results"]["A9"].value == "Probability of a positive net present value"
    assert 0 <= wb["Results"]["B9"].value <= 1
    assert wb["By year"]["B1"].value == "Municipal: Benefits"


def test_the_draws_are_the_ones_monte_carlo_summarises(skolstod_text):
    calc = parse(skolstod_text)
    summary = monte_carlo(calc, 2000, 1)["perspectives"]
    draws = npv_draws(calc, 2000, 1)
    for p, x in draws.items():
        assert float((x > 0).mean()) == summary[p]["prob_positive"]
        assert float(np.percentile(x, 50)) == pytest.approx(summary[p]["p50"])


def test_socinv_calc_still_does_not_import_matplotlib(tmp_path, skolstod_text):
    path = tmp_path / "ok.toml"
    path.write_text(skolstod_text, encoding="utf-8")
    code = (
        "import sys, json\n"
        "from socinv.cli.main import main\n"
        f"sys.argv = ['socinv', 'calc', {str(path)!r}, '--json', '--draws', '100']\n"
        "try:\n"
        "    rc = main()\n"
        "except SystemExit as e:\n"
        "    rc = e.code\n"
        "heavy = sorted(m for m in sys.modules if m.split('.')[0] in ('matplotlib', 'django'))\n"
        "sys.stderr.write('HEAVY=' + json.dumps(heavy) + '\\n')\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=tmp_path,
        timeout=120,
    )
    assert "Traceback" not in proc.stderr, proc.stderr
    marker = [line for line in proc.stderr.splitlines() if line.startswith("HEAVY=")]
    assert marker, proc.stderr
    assert json.loads(marker[-1][len("HEAVY=") :]) == []
    json.loads(proc.stdout)


def test_importing_the_io_writers_does_not_import_matplotlib():
    code = (
        "import sys\n"
        "import socinv.io.charts, socinv.io.calc_xlsx, socinv.io.calc_toml\n"
        "print(any(m.split('.')[0] == 'matplotlib' for m in sys.modules))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert proc.stdout.strip() == "False", proc.stderr


def test_the_toml_writer_round_trips_any_text_and_number():
    from hypothesis import given, settings
    from hypothesis import strategies as st

    @settings(max_examples=200, deadline=None)
    @given(
        name=st.text(st.characters(blacklist_categories=("Cs",))),
        amount=st.floats(allow_nan=False, allow_infinity=False) | st.integers(-(2**63), 2**63 - 1),
    )
    def check(name, amount):
        data = {
            "name": name,
            "costs": [{"label": name, "amount": amount, "years": [0, 1]}],
            "outcomes": [{"values": [{"amount": {"dist": "uniform", "low": 0, "high": amount}}]}],
            "repayment": {"stakeholder": name, "amount": amount},
        }
        assert tomllib.loads(calc_toml.dumps(data)) == data

    check()
