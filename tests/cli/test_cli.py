"""End-to-end tests of `socinv calc`, run as a subprocess like a user would.

The contract is shared/spec/calculation.md; the worked example lives in
shared/examples/skolstod.toml beside the repository (CI clones the repo with
shared/ next to it).
"""

from __future__ import annotations

import json
import math
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SHARED = REPO.parent / "shared"
WORKED_EXAMPLE = SHARED / "examples" / "skolstod.toml"
EXAMPLES = sorted((REPO / "examples").glob("*.toml"))
PERSPECTIVES = ("municipal", "public", "societal")

# Helpers ------------------------------------------------------------------------------


def run_calc(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    return subprocess.run(
        [sys.executable, "-m", "socinv", "calc", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=cwd,
        env=env,
        timeout=120,
    )


def calc_json(path: Path | str, *args: str, cwd: Path | None = None) -> dict:
    proc = run_calc(str(path), "--json", *args, cwd=cwd)
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    return json.loads(proc.stdout)


def normalise(text: str) -> str:
    """Narrow no-break space and no-break space (thousands separators) -> space."""
    return text.replace("\u202f", " ").replace("\u00a0", " ")


def write(tmp_path: Path, text: str, name: str = "bad.toml") -> str:
    (tmp_path / name).write_text(text, encoding="utf-8")
    return name


@pytest.fixture
def worked_example() -> Path:
    """The spec's worked example in shared/ beside the repository (as CI lays it out): a
    missing one fails the tests that use it, never skips them."""
    assert WORKED_EXAMPLE.is_file(), (
        f"worked example not found at {WORKED_EXAMPLE}; shared/ must sit beside the repository"
    )
    return WORKED_EXAMPLE


# A small valid project; the error tests break it in one place at a time.
VALID = """\
name = "Testprojekt"
start_year = 2026
horizon = 5
discount_rate = 0.035
success_probability = 0.8
participants = [10, 10]

[[stakeholders]]
id = "kommun/socialnamnd"
name = "Socialnämnden"
municipal = true
public = true

[[stakeholders]]
id = "individ"
name = "Individen"

[[costs]]
label = "Personal"
stakeholder = "kommun/socialnamnd"
years = [0, 1]
amount = 500000

[[outcomes]]
label = "Färre placeringar"
baseline_rate = 0.3
relative_effect = 0.4
lag = 1
duration = 2

  [[outcomes.values]]
  stakeholder = "kommun/socialnamnd"
  amount = 800000
  kind = "resource"
"""


def mutate(old: str, new: str, text: str = VALID) -> str:
    assert old in text, old
    return text.replace(old, new, 1)


# The worked example -------------------------------------------------------------------

WORKED = {
    "municipal": (8_912_612.36, 3_305_651.47, 5_606_960.89, 2_041_915.94, 2),
    "public": (10_693_641.96, 3_305_651.47, 7_387_990.48, 3_110_533.70, 2),
    "societal": (11_869_095.46, 3_305_651.47, 8_563_443.99, 3_815_805.80, 2),
}


@pytest.mark.usefixtures("worked_example")
@pytest.mark.parametrize("perspective", PERSPECTIVES)
def test_worked_example_perspectives(perspective: str) -> None:
    out = calc_json(WORKED_EXAMPLE)
    p = out["perspectives"][perspective]
    pv_b, pv_c, npv, enpv, payback = WORKED[perspective]
    assert p["pv_benefits"] == pytest.approx(pv_b, abs=0.01)
    assert p["pv_costs"] == pytest.approx(pv_c, abs=0.01)
    assert p["npv"] == pytest.approx(npv, abs=0.01)
    assert p["expected_npv"] == pytest.approx(enpv, abs=0.01)
    assert p["payback_year"] == payback
    assert p["bcr"] == pytest.approx(pv_b / pv_c)
    assert p["break_even_factor"] == pytest.approx(pv_c / pv_b)


@pytest.mark.usefixtures("worked_example")
def test_worked_example_repayment_and_stakeholders() -> None:
    out = calc_json(WORKED_EXAMPLE)
    assert out["name"] == "Skolstöd för familjehemsplacerade barn"
    assert out["start_year"] == 2026
    assert out["horizon"] == 8
    assert out["discount_rate"] == pytest.approx(0.035)
    rep = out["repayment"]
    assert len(rep["annual"]) == 8
    assert rep["annual"][:3] == pytest.approx([0, 1_567_500, 1_132_500], abs=0.01)
    assert rep["annual"][3:] == pytest.approx([0] * 5, abs=0.01)
    assert rep["total"] == pytest.approx(2_700_000, abs=0.01)
    assert rep["outstanding"] == pytest.approx(0, abs=0.01)
    assert rep["repaid_by_year"] == 2
    assert rep["capital_cost_total"] == pytest.approx(130_650, abs=0.01)
    assert sum(rep["capital_cost"]) == pytest.approx(130_650, abs=0.01)
    assert out["stakeholders"]["individ"]["pv_benefits"] == pytest.approx(2_057_043.64, abs=0.01)
    assert set(out["stakeholders"]) == {
        "kommun/socialnamnd",
        "kommun/utbildningsnamnd",
        "stat/forsakringskassan",
        "individ",
    }


@pytest.mark.usefixtures("worked_example")
def test_json_shape_and_internal_consistency() -> None:
    out = calc_json(WORKED_EXAMPLE)
    assert "monte_carlo" not in out  # only with --draws
    assert set(out["perspectives"]) == set(PERSPECTIVES)
    r = out["discount_rate"]
    for name in PERSPECTIVES:
        p = out["perspectives"][name]
        assert {
            "pv_benefits",
            "pv_costs",
            "npv",
            "bcr",
            "expected_npv",
            "payback_year",
            "break_even_factor",
            "annual",
        } <= set(p)
        a = p["annual"]
        for key in ("benefits", "costs", "net", "cumulative_discounted_net"):
            assert len(a[key]) == out["horizon"], (name, key)
        cum = 0.0
        for t in range(out["horizon"]):
            assert a["net"][t] == pytest.approx(a["benefits"][t] - a["costs"][t], abs=1e-6)
            cum += a["net"][t] / (1 + r) ** t
            assert a["cumulative_discounted_net"][t] == pytest.approx(cum, abs=1e-4)
        assert p["npv"] == pytest.approx(p["pv_benefits"] - p["pv_costs"], abs=1e-6)
        assert a["cumulative_discounted_net"][-1] == pytest.approx(p["npv"], abs=1e-4)
    for s in out["stakeholders"].values():
        assert s["npv"] == pytest.approx(s["pv_benefits"] - s["pv_costs"], abs=1e-6)


@pytest.mark.usefixtures("worked_example")
def test_monte_carlo_is_reproducible_and_well_formed() -> None:
    a = calc_json(WORKED_EXAMPLE, "--draws", "5000", "--seed", "7")
    b = calc_json(WORKED_EXAMPLE, "--draws", "5000", "--seed", "7")
    assert a["monte_carlo"] == b["monte_carlo"]
    mc = a["monte_carlo"]
    assert mc["draws"] == 5000
    assert mc["seed"] == 7
    for name in PERSPECTIVES:
        m = mc["perspectives"][name]
        assert 0.0 <= m["prob_positive"] <= 1.0
        assert m["p05"] <= m["p50"] <= m["p95"]
        assert all(math.isfinite(m[k]) for k in ("mean", "p05", "p50", "p95"))
    # the deterministic part is unchanged by --draws
    plain = calc_json(WORKED_EXAMPLE)
    assert a["perspectives"] == plain["perspectives"]


def test_monte_carlo_without_distributions(tmp_path: Path) -> None:
    """No distributions: a draw's npv is npv when it succeeds, -pv_costs when it fails."""
    name = write(tmp_path, VALID, "fixed.toml")
    out = calc_json(name, "--draws", "20000", "--seed", "3", cwd=tmp_path)
    for persp in PERSPECTIVES:
        p = out["perspectives"][persp]
        m = out["monte_carlo"]["perspectives"][persp]
        assert m["mean"] == pytest.approx(p["expected_npv"], rel=0.02, abs=1000)
        assert m["p95"] == pytest.approx(p["npv"], abs=0.01)
        assert m["p05"] == pytest.approx(-p["pv_costs"], abs=0.01)
        assert m["prob_positive"] == pytest.approx(0.8, abs=0.02)


# The bundled examples ---------------------------------------------------------------


def test_there_are_examples() -> None:
    names = {p.name for p in EXAMPLES}
    assert {
        "skolstod-familjehem.toml",
        "arbete-forsorjningsstod.toml",
        "hemmasittare-avskrivning.toml",
    } <= names


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.name)
def test_example_runs(example: Path) -> None:
    proc = run_calc(str(example), "--draws", "2000", "--seed", "1")
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    assert "kr" in proc.stdout
    out = calc_json(example, "--draws", "2000", "--seed", "1")
    assert set(out["perspectives"]) == set(PERSPECTIVES)
    assert out["monte_carlo"]["draws"] == 2000


def test_employment_example_perspectives_differ() -> None:
    out = calc_json(REPO / "examples" / "arbete-forsorjningsstod.toml")
    p = out["perspectives"]
    assert p["municipal"]["npv"] != pytest.approx(p["societal"]["npv"], rel=0.01)
    assert p["public"]["npv"] != pytest.approx(p["municipal"]["npv"], rel=0.01)
    # the wage is a resource for the individual; försörjningsstöd and tax are transfers
    assert out["stakeholders"]["individ"]["pv_benefits"] > 0
    assert out["stakeholders"]["kommun/finans"]["pv_benefits"] > 0


def test_depreciation_example_repayment_plan() -> None:
    out = calc_json(REPO / "examples" / "hemmasittare-avskrivning.toml")
    rep = out["repayment"]
    # 3 200 000 over 5 years from year index 1, internal rate 2.5 %
    assert rep["annual"] == pytest.approx([0] + [640_000] * 5 + [0] * 4, abs=0.01)
    assert rep["capital_cost"] == pytest.approx(
        [80_000, 80_000, 64_000, 48_000, 32_000, 16_000, 0, 0, 0, 0], abs=0.01
    )
    assert rep["capital_cost_total"] == pytest.approx(320_000, abs=0.01)
    assert rep["total"] == pytest.approx(3_200_000, abs=0.01)
    assert rep["outstanding"] == pytest.approx(0, abs=0.01)
    assert rep["repaid_by_year"] == 5


def test_savings_example_repayment_adds_up() -> None:
    out = calc_json(REPO / "examples" / "skolstod-familjehem.toml")
    rep = out["repayment"]
    assert rep["annual"][0] == 0  # start = 1
    assert all(x >= 0 for x in rep["annual"])
    assert rep["total"] + rep["outstanding"] == pytest.approx(2_500_000, abs=0.01)


# The human table --------------------------------------------------------------------

THOUSANDS_KR = re.compile(r"\d{1,3}(?: \d{3})+ kr")


@pytest.mark.usefixtures("worked_example")
def test_table_swedish_by_default() -> None:
    proc = run_calc(str(WORKED_EXAMPLE))
    assert proc.returncode == 0, proc.stderr
    text = normalise(proc.stdout)
    assert "kr" in text
    assert THOUSANDS_KR.search(text), text
    assert "5 606 961" in text  # municipal npv, whole kronor
    low = text.lower()
    assert "kommunalekonomisk" in low or "samhällsekonomisk" in low, text
    assert "olika tecken" not in low  # all perspectives are positive here


@pytest.mark.usefixtures("worked_example")
def test_table_swedish_explicit_equals_default() -> None:
    assert (
        run_calc(str(WORKED_EXAMPLE), "--lang", "sv").stdout == run_calc(str(WORKED_EXAMPLE)).stdout
    )


@pytest.mark.usefixtures("worked_example")
def test_table_english() -> None:
    proc = run_calc(str(WORKED_EXAMPLE), "--lang", "en")
    assert proc.returncode == 0, proc.stderr
    text = normalise(proc.stdout)
    low = text.lower()
    assert "municipal" in low
    assert "societal" in low
    assert re.search(r"5[ ,]606[ ,]961", text), text
    assert "opposite signs" not in low


OPPOSITE = """\
name = "Kostnadsförskjutning"
start_year = 2026
horizon = 4
discount_rate = 0.03
participants = [10]

[[stakeholders]]
id = "kommun/socialnamnd"
name = "Socialnämnden"
municipal = true
public = true

[[stakeholders]]
id = "stat/forsakringskassan"
name = "Försäkringskassan"
public = true

[[stakeholders]]
id = "individ"
name = "Individen"

[[costs]]
label = "Handläggning"
stakeholder = "kommun/socialnamnd"
year = 0
amount = 300000

# Pure cost shifting: the municipality stops paying försörjningsstöd because the
# state pays a benefit instead. A transfer: the municipality gains, society does not.
[[outcomes]]
label = "Försörjningsstöd ersätts av ersättning från staten"
cases_per_participant = 0.5
lag = 1
duration = 3

  [[outcomes.values]]
  stakeholder = "kommun/socialnamnd"
  amount = 100000
  kind = "transfer"

  [[outcomes.values]]
  stakeholder = "stat/forsakringskassan"
  amount = -100000
  kind = "transfer"
"""


@pytest.mark.parametrize(("lang", "phrase"), [("sv", "olika tecken"), ("en", "opposite signs")])
def test_table_says_when_perspectives_disagree(tmp_path: Path, lang: str, phrase: str) -> None:
    name = write(tmp_path, OPPOSITE, "shift.toml")
    out = calc_json(name, cwd=tmp_path)
    assert out["perspectives"]["municipal"]["npv"] > 0
    assert out["perspectives"]["societal"]["npv"] < 0
    proc = run_calc(name, "--lang", lang, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert phrase in (proc.stdout + proc.stderr).lower()


# Input errors -----------------------------------------------------------------------

# (id, broken TOML, substrings that must all appear on one stderr line after "bad.toml: ")
ERROR_CASES = [
    (
        "unknown-top-level-key",
        mutate("discount_rate = 0.035", "discount_rate = 0.035\ndiscount_rat = 0.04"),
        ["discount_rat"],
    ),
    (
        "unknown-key-typo",
        mutate("discount_rate = 0.035", "discount_rat = 0.035"),
        ["discount_rat"],
    ),
    (
        "unknown-outcome-key",
        mutate("lag = 1", "lag = 1\ndedweight = 0.2"),
        ["outcomes[0]", "dedweight"],
    ),
    ("missing-horizon", mutate("horizon = 5\n", ""), ["horizon"]),
    ("missing-name", mutate('name = "Testprojekt"\n', ""), ["name"]),
    ("missing-stakeholder-id", mutate('id = "individ"\n', ""), ["stakeholders[1]", "id"]),
    ("missing-outcome-values", VALID.split("  [[outcomes.values]]")[0], ["outcomes[0]", "values"]),
    ("wrong-type-horizon", mutate("horizon = 5", 'horizon = "fem"'), ["horizon"]),
    (
        "wrong-type-amount",
        mutate("amount = 500000", 'amount = "500 000 kr"'),
        ["costs[0].amount"],
    ),
    ("wrong-type-municipal", mutate("municipal = true", 'municipal = "ja"'), ["municipal"]),
    ("horizon-zero", mutate("horizon = 5", "horizon = 0"), ["horizon"]),
    ("discount-rate-le-minus-one", mutate("0.035", "-1.5"), ["discount_rate"]),
    (
        "fraction-out-of-range",
        mutate("relative_effect = 0.4", "relative_effect = 1.3"),
        ["outcomes[0].relative_effect", "1.3"],
    ),
    (
        "success-probability-out-of-range",
        mutate("success_probability = 0.8", "success_probability = 1.5"),
        ["success_probability"],
    ),
    (
        "negative-deadweight",
        mutate("lag = 1", "lag = 1\ndeadweight = -0.1"),
        ["outcomes[0].deadweight"],
    ),
    (
        "negative-cases-per-participant",
        mutate("baseline_rate = 0.3\nrelative_effect = 0.4", "cases_per_participant = -0.2"),
        ["outcomes[0].cases_per_participant"],
    ),
    (
        "both-cases-and-rate",
        mutate("relative_effect = 0.4", "relative_effect = 0.4\ncases_per_participant = 0.1"),
        ["outcomes[0]"],
    ),
    (
        "neither-cases-nor-rate",
        mutate("baseline_rate = 0.3\nrelative_effect = 0.4\n", ""),
        ["outcomes[0]"],
    ),
    ("cost-year-outside-horizon", mutate("years = [0, 1]", "years = [0, 5]"), ["costs[0]"]),
    ("cost-negative-year", mutate("years = [0, 1]", "year = -1"), ["costs[0]"]),
    (
        "cohort-outside-horizon",
        mutate("participants = [10, 10]", "participants = [10, 10, 10, 10, 10, 10]"),
        ["participants"],
    ),
    (
        "undeclared-stakeholder-in-value",
        mutate('  stakeholder = "kommun/socialnamnd"', '  stakeholder = "kommun/okand"'),
        ["outcomes[0].values[0].stakeholder", "kommun/okand"],
    ),
    (
        "undeclared-stakeholder-in-cost",
        mutate('stakeholder = "kommun/socialnamnd"', 'stakeholder = "region"'),
        ["costs[0].stakeholder", "region"],
    ),
    (
        "duplicate-stakeholder-id",
        mutate('id = "individ"', 'id = "kommun/socialnamnd"'),
        ["stakeholders[1].id"],
    ),
    ("bad-kind", mutate('kind = "resource"', 'kind = "transfr"'), ["outcomes[0].values[0].kind"]),
    (
        "malformed-triangular",
        mutate(
            "relative_effect = 0.4",
            'relative_effect = { dist = "triangular", low = 0.5, mode = 0.2, high = 0.6 }',
        ),
        ["outcomes[0].relative_effect"],
    ),
    (
        "malformed-normal-negative-sd",
        mutate(
            "relative_effect = 0.4", 'relative_effect = { dist = "normal", mean = 0.4, sd = -1 }'
        ),
        ["outcomes[0].relative_effect"],
    ),
    (
        "malformed-uniform-low-gt-high",
        mutate("amount = 500000", 'amount = { dist = "uniform", low = 9, high = 1 }'),
        ["costs[0].amount"],
    ),
    (
        "unknown-distribution",
        mutate("relative_effect = 0.4", 'relative_effect = { dist = "lognormal", mean = 0.4 }'),
        ["outcomes[0].relative_effect"],
    ),
    (
        "distribution-missing-parameter",
        mutate("relative_effect = 0.4", 'relative_effect = { dist = "normal", mean = 0.4 }'),
        ["outcomes[0].relative_effect"],
    ),
    (
        "repayment-unknown-method",
        VALID + '\n[repayment]\nstakeholder = "kommun/socialnamnd"\namount = 1\nmethod = "x"\n',
        ["repayment.method"],
    ),
    (
        "repayment-depreciation-without-period",
        VALID
        + '\n[repayment]\nstakeholder = "kommun/socialnamnd"\namount = 1000\n'
        + 'method = "depreciation"\n',
        ["repayment", "period"],
    ),
    (
        "repayment-undeclared-stakeholder",
        VALID + '\n[repayment]\nstakeholder = "kommun/kfn"\namount = 1000\n',
        ["repayment.stakeholder"],
    ),
]


def assert_clean_error(proc: subprocess.CompletedProcess[str], filename: str) -> list[str]:
    assert proc.returncode == 2, (proc.returncode, proc.stdout, proc.stderr)
    assert proc.stdout == ""
    assert "Traceback" not in proc.stderr
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    assert lines, "no message on stderr"
    for line in lines:
        assert line.startswith(f"{filename}: "), line
    return lines


@pytest.mark.parametrize(
    ("text", "needles"), [c[1:] for c in ERROR_CASES], ids=[c[0] for c in ERROR_CASES]
)
def test_input_error_names_file_and_field(tmp_path: Path, text: str, needles: list[str]) -> None:
    name = write(tmp_path, text)
    proc = run_calc(name, "--json", cwd=tmp_path)
    lines = assert_clean_error(proc, name)
    assert any(all(n in line for n in needles) for line in lines), (needles, lines)
    # the table mode reports the same way
    proc = run_calc(name, cwd=tmp_path)
    assert_clean_error(proc, name)


def test_valid_base_document_is_valid(tmp_path: Path) -> None:
    """Guards the error tests: each one breaks exactly one thing in a valid file."""
    name = write(tmp_path, VALID, "ok.toml")
    out = calc_json(name, cwd=tmp_path)
    assert out["name"] == "Testprojekt"


def test_error_path_names_file_as_given(tmp_path: Path) -> None:
    sub = tmp_path / "indata"
    sub.mkdir()
    (sub / "bad.toml").write_text(mutate("horizon = 5", 'horizon = "x"'), encoding="utf-8")
    proc = run_calc("indata/bad.toml", cwd=tmp_path)
    assert_clean_error(proc, "indata/bad.toml")


def test_toml_syntax_error_names_line(tmp_path: Path) -> None:
    text = 'name = "Testprojekt"\nstart_year = 2026\nhorizon = \ndiscount_rate = 0.035\n'
    name = write(tmp_path, text)
    proc = run_calc(name, "--json", cwd=tmp_path)
    lines = assert_clean_error(proc, name)
    joined = "\n".join(lines).lower()
    assert re.search(r"(line|rad)\s*3\b|:3\b", joined), joined


def test_missing_file(tmp_path: Path) -> None:
    proc = run_calc("finns-inte.toml", "--json", cwd=tmp_path)
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert "Traceback" not in proc.stderr
    assert "finns-inte.toml" in proc.stderr


def test_several_problems_reported_at_once(tmp_path: Path) -> None:
    text = mutate("relative_effect = 0.4", "relative_effect = 1.3")
    text = mutate('  stakeholder = "kommun/socialnamnd"', '  stakeholder = "kommun/okand"', text)
    text = mutate("years = [0, 1]", "years = [0, 9]", text)
    text = mutate("discount_rate = 0.035", "discount_rat = 0.035", text)
    name = write(tmp_path, text)
    proc = run_calc(name, "--json", cwd=tmp_path)
    lines = assert_clean_error(proc, name)
    assert len(lines) >= 2, lines
    joined = "\n".join(lines)
    for needle in ("outcomes[0].relative_effect", "outcomes[0].values[0].stakeholder", "costs[0]"):
        assert needle in joined, (needle, lines)


def test_bad_command_line_is_not_a_traceback(tmp_path: Path) -> None:
    name = write(tmp_path, VALID, "ok.toml")
    for args in (["--draws", "många"], ["--lang", "fi"]):
        proc = run_calc(name, *args, cwd=tmp_path)
        assert proc.returncode == 2, (args, proc.stderr)
        assert proc.stdout == ""
        assert "Traceback" not in proc.stderr


# Lightweight imports ----------------------------------------------------------------

HEAVY = {"django", "scipy", "matplotlib", "pandas"}


def test_calc_does_not_import_heavy_packages(tmp_path: Path) -> None:
    name = write(tmp_path, VALID, "ok.toml")
    proc = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "socinv", "calc", name, "--json"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=tmp_path,
        env=dict(os.environ, PYTHONIOENCODING="utf-8"),
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    imported = set()
    for line in proc.stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            module = line.rsplit("|", 1)[1].strip()
            imported.add(module.split(".")[0])
    assert "socinv" in imported  # the parsing works
    assert not (imported & HEAVY), sorted(imported & HEAVY)


def test_calc_main_leaves_heavy_packages_unloaded(tmp_path: Path) -> None:
    name = write(tmp_path, VALID, "ok.toml")
    code = (
        "import sys, json\n"
        "from socinv.cli.main import main\n"
        f"sys.argv = ['socinv', 'calc', {name!r}, '--json']\n"
        "try:\n"
        "    rc = main()\n"
        "except SystemExit as e:\n"
        "    rc = e.code\n"
        f"heavy = sorted(m for m in sys.modules if m.split('.')[0] in {sorted(HEAVY)!r})\n"
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
    json.loads(proc.stdout)  # main printed the JSON
