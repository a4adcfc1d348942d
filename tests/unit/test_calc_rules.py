"""Small hand-checked cases for every rule of shared/spec/calculation.md.

Stakeholders used throughout:
  m  - municipal and public (a nämnd)
  m2 - municipal and public (another nämnd)
  p  - public, not municipal (the state)
  o  - neither (the individual)
Discount rate 0 unless a test says otherwise, so PVs are plain sums.
"""

import pytest

from socinv.core.calc import InputError, evaluate, parse
from socinv.l10n.messages import describe

A = 0.01  # absolute tolerance, kronor

STAKEHOLDERS = """
[[stakeholders]]
id = "m"
name = "Nämnd"
municipal = true
public = true

[[stakeholders]]
id = "m2"
name = "Annan nämnd"
municipal = true
public = true

[[stakeholders]]
id = "p"
name = "Staten"
public = true

[[stakeholders]]
id = "o"
name = "Individen"
"""


def fmt(v):
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, str):  # verbatim TOML (inline tables, quoted strings)
        return v
    if isinstance(v, (list, tuple)):
        return "[" + ", ".join(fmt(x) for x in v) + "]"
    return repr(v)


def outcome(*values, **kw):
    """values: (stakeholder, amount, kind) tuples; kw: outcome keys."""
    if "baseline_rate" not in kw and "relative_effect" not in kw:
        kw.setdefault("cases_per_participant", 1.0)
    lines = ["", "[[outcomes]]", 'label = "effekt"']
    lines += [f"{k} = {fmt(v)}" for k, v in kw.items()]
    for s, amount, kind in values:
        lines += [
            "",
            "  [[outcomes.values]]",
            f'  stakeholder = "{s}"',
            f"  amount = {fmt(amount)}",
            f'  kind = "{kind}"',
        ]
    return "\n".join(lines) + "\n"


def cost(stakeholder, **kw):
    lines = ["", "[[costs]]", 'label = "kostnad"', f'stakeholder = "{stakeholder}"']
    lines += [f"{k} = {fmt(v)}" for k, v in kw.items()]
    return "\n".join(lines) + "\n"


def toml(*parts, horizon=3, rate=0.0, participants=(10,), sp=None, extra=""):
    head = [
        'name = "test"',
        "start_year = 2026",
        f"horizon = {horizon}",
        f"discount_rate = {fmt(float(rate))}",
        f"participants = {fmt(list(participants))}",
    ]
    if sp is not None:
        head.append(f"success_probability = {fmt(sp)}")
    return "\n".join(head) + "\n" + extra + STAKEHOLDERS + "".join(parts)


def run(*parts, **kw):
    return evaluate(parse(toml(*parts, **kw)))


def benefits(res, p="societal"):
    return res["perspectives"][p]["annual"]["benefits"]


def costs(res, p="societal"):
    return res["perspectives"][p]["annual"]["costs"]


# ---------------------------------------------------------------- cohorts, timing


def test_cohorts():
    # 10 and 20 participants x 0.5 cases x 100 kr, value in the start year only
    res = run(outcome(("m", 100, "resource"), cases_per_participant=0.5), participants=[10, 20])
    for p in ("municipal", "public", "societal"):
        assert benefits(res, p) == pytest.approx([500, 1000, 0], abs=A)
        assert res["perspectives"][p]["pv_benefits"] == pytest.approx(1500, abs=A)


def test_no_participants_no_value():
    res = run(outcome(("m", 100, "resource")), participants=[])
    assert benefits(res) == pytest.approx([0, 0, 0], abs=A)


def test_lag():
    # 10 x 1 x 100 = 1000, first value year = cohort year + 2
    res = run(outcome(("m", 100, "resource"), lag=2), horizon=4)
    assert benefits(res) == pytest.approx([0, 0, 1000, 0], abs=A)


def test_lag_beyond_horizon_is_not_counted():
    res = run(outcome(("m", 100, "resource"), lag=5), horizon=4)
    assert benefits(res) == pytest.approx([0, 0, 0, 0], abs=A)
    assert res["perspectives"]["societal"]["pv_benefits"] == pytest.approx(0, abs=A)


def test_lag_per_cohort():
    # cohorts 10 (year 0) and 30 (year 1), lag 1 -> 1000 in year 1, 3000 in year 2
    res = run(outcome(("m", 100, "resource"), lag=1), participants=[10, 30])
    assert benefits(res) == pytest.approx([0, 1000, 3000], abs=A)


def test_duration():
    res = run(outcome(("m", 100, "resource"), lag=1, duration=3), horizon=5)
    assert benefits(res) == pytest.approx([0, 1000, 1000, 1000, 0], abs=A)


def test_duration_truncated_at_horizon():
    res = run(outcome(("m", 100, "resource"), duration=5), horizon=3)
    assert benefits(res) == pytest.approx([1000, 1000, 1000], abs=A)


def test_duration_overlapping_cohorts():
    # 10 and 20 participants, duration 2: [1000, 1000+2000, 2000]
    res = run(outcome(("m", 100, "resource"), duration=2), participants=[10, 20])
    assert benefits(res) == pytest.approx([1000, 3000, 2000], abs=A)


def test_drop_off():
    # 1000 x 0.5^k, k = 0, 1, 2
    res = run(outcome(("m", 100, "resource"), duration=3, drop_off=0.5))
    assert benefits(res) == pytest.approx([1000, 500, 250], abs=A)


def test_drop_off_counts_from_first_value_year_not_start():
    # lag 1: k = t - c - lag, so year 1 has k = 0 (full value), year 2 has k = 1
    res = run(outcome(("m", 100, "resource"), lag=1, duration=2, drop_off=0.5))
    assert benefits(res) == pytest.approx([0, 1000, 500], abs=A)


def test_drop_off_per_cohort():
    # two cohorts of 10: year0 1000, year1 500 + 1000, year2 500
    res = run(outcome(("m", 100, "resource"), duration=2, drop_off=0.5), participants=[10, 10])
    assert benefits(res) == pytest.approx([1000, 1500, 500], abs=A)


# ---------------------------------------------------------------- case adjustments


@pytest.mark.parametrize("key", ["deadweight", "attribution", "displacement"])
def test_single_adjustment(key):
    # 10 x 1 x (1 - 0.2) x 100 = 800
    res = run(outcome(("m", 100, "resource"), **{key: 0.2}), horizon=1)
    assert benefits(res) == pytest.approx([800], abs=A)


def test_adjustments_multiply():
    # q = 1 x 0.8 x 0.75 x 0.5 = 0.3 -> 10 x 0.3 x 100 = 300
    res = run(
        outcome(("m", 100, "resource"), deadweight=0.2, attribution=0.25, displacement=0.5),
        horizon=1,
    )
    assert benefits(res) == pytest.approx([300], abs=A)


def test_baseline_rate_times_relative_effect():
    # 10 x 0.4 x 0.5 x 100 = 200
    res = run(outcome(("m", 100, "resource"), baseline_rate=0.4, relative_effect=0.5), horizon=1)
    assert benefits(res) == pytest.approx([200], abs=A)


def test_negative_amount_is_a_loss():
    res = run(outcome(("o", -50, "resource")), horizon=1)
    assert benefits(res) == pytest.approx([-500], abs=A)
    assert res["stakeholders"]["o"]["pv_benefits"] == pytest.approx(-500, abs=A)


# ---------------------------------------------------------------- out-migration


def test_out_migration_municipal_only():
    # gross 1000 per year; local: 1000 x 0.9^(t - c) = 1000, 900, 810
    res = run(outcome(("m", 100, "resource"), duration=3, out_migration=0.1))
    assert benefits(res, "municipal") == pytest.approx([1000, 900, 810], abs=A)
    assert benefits(res, "public") == pytest.approx([1000, 1000, 1000], abs=A)
    assert benefits(res, "societal") == pytest.approx([1000, 1000, 1000], abs=A)
    assert res["stakeholders"]["m"]["pv_benefits"] == pytest.approx(2710, abs=A)


def test_out_migration_exponent_counts_from_cohort_start_not_lag():
    # lag 2: the single value year is t = 2, factor 0.9^(2 - 0) = 0.81 -> 810
    res = run(outcome(("m", 100, "resource"), lag=2, out_migration=0.1))
    assert benefits(res, "municipal") == pytest.approx([0, 0, 810], abs=A)
    assert benefits(res, "public") == pytest.approx([0, 0, 1000], abs=A)


def test_out_migration_per_cohort():
    # cohorts 10 (year 0) and 10 (year 1), duration 2, 50 % leave per year
    # year0: 1000; year1: 1000x0.5 + 1000; year2: 1000x0.5
    res = run(outcome(("m", 100, "resource"), duration=2, out_migration=0.5), participants=[10, 10])
    assert benefits(res, "municipal") == pytest.approx([1000, 1500, 500], abs=A)
    assert benefits(res, "public") == pytest.approx([1000, 2000, 1000], abs=A)


def test_out_migration_does_not_touch_non_municipal_stakeholders():
    res = run(outcome(("p", 100, "resource"), ("o", 10, "resource"), duration=3, out_migration=0.1))
    assert res["stakeholders"]["p"]["pv_benefits"] == pytest.approx(3000, abs=A)
    assert res["stakeholders"]["o"]["pv_benefits"] == pytest.approx(300, abs=A)
    assert benefits(res, "public") == pytest.approx([1000, 1000, 1000], abs=A)
    assert benefits(res, "municipal") == pytest.approx([0, 0, 0], abs=A)


# ---------------------------------------------------------------- transfers and perspectives


def test_transfers_by_perspective():
    # per year: m +1000, o -1000, p +500 (all transfers), o +300 resource
    res = run(
        outcome(
            ("m", 100, "transfer"),
            ("o", -100, "transfer"),
            ("p", 50, "transfer"),
            ("o", 30, "resource"),
        ),
        horizon=1,
    )
    assert benefits(res, "municipal") == pytest.approx([1000], abs=A)  # m only, transfer counts
    assert benefits(res, "public") == pytest.approx([1500], abs=A)  # m + p
    assert benefits(res, "societal") == pytest.approx([300], abs=A)  # resources only
    st = res["stakeholders"]
    assert st["m"]["pv_benefits"] == pytest.approx(1000, abs=A)
    assert st["p"]["pv_benefits"] == pytest.approx(500, abs=A)
    assert st["o"]["pv_benefits"] == pytest.approx(-1000 + 300, abs=A)  # all kinds


def test_kind_defaults_to_resource():
    text = toml(
        '\n[[outcomes]]\nlabel = "x"\ncases_per_participant = 1.0\n'
        '[[outcomes.values]]\nstakeholder = "o"\namount = 100\n',
        horizon=1,
    )
    res = evaluate(parse(text))
    assert benefits(res, "societal") == pytest.approx([1000], abs=A)


def test_resource_by_perspective():
    # m 1000, p 200, o 30 resource values per year
    res = run(
        outcome(("m", 100, "resource"), ("p", 20, "resource"), ("o", 3, "resource")), horizon=1
    )
    assert benefits(res, "municipal") == pytest.approx([1000], abs=A)
    assert benefits(res, "public") == pytest.approx([1200], abs=A)
    assert benefits(res, "societal") == pytest.approx([1230], abs=A)


def test_costs_count_where_their_stakeholder_does():
    res = run(
        cost("m", year=0, amount=100),
        cost("p", year=0, amount=20),
        cost("o", year=0, amount=3),
        horizon=1,
    )
    assert costs(res, "municipal") == pytest.approx([100], abs=A)
    assert costs(res, "public") == pytest.approx([120], abs=A)
    assert costs(res, "societal") == pytest.approx([123], abs=A)
    assert res["stakeholders"]["p"]["pv_costs"] == pytest.approx(20, abs=A)
    assert res["stakeholders"]["p"]["npv"] == pytest.approx(-20, abs=A)


# ---------------------------------------------------------------- costs


def test_costs_per_participant():
    # 200 x cohort starting that year: 200x10, 200x5, and no cohort in year 2
    res = run(cost("m", years=[0, 1, 2], amount_per_participant=200), participants=[10, 5])
    assert costs(res) == pytest.approx([2000, 1000, 0], abs=A)


def test_costs_amount_and_per_participant_together():
    # amount 1000 per listed year + 200 x cohort
    res = run(
        cost("m", years=[0, 1], amount=1000, amount_per_participant=200), participants=[10, 5]
    )
    assert costs(res) == pytest.approx([3000, 2000, 0], abs=A)


def test_costs_single_year_and_list():
    res = run(cost("m", year=2, amount=700), cost("m", years=[0, 2], amount=50))
    assert costs(res) == pytest.approx([50, 0, 750], abs=A)
    assert res["stakeholders"]["m"]["pv_costs"] == pytest.approx(800, abs=A)


# ---------------------------------------------------------------- discounting and summaries


def test_discounting():
    # benefits 1000/yr for 3 years at 10 %: 1000 + 909.0909 + 826.4463 = 2735.5372
    # cost 500 in year 0
    res = run(cost("m", year=0, amount=500), outcome(("m", 100, "resource"), duration=3), rate=0.1)
    s = res["perspectives"]["societal"]
    pvb = 1000 + 1000 / 1.1 + 1000 / 1.21
    assert s["pv_benefits"] == pytest.approx(pvb, abs=A)
    assert s["pv_benefits"] == pytest.approx(2735.54, abs=A)
    assert s["pv_costs"] == pytest.approx(500, abs=A)
    assert s["npv"] == pytest.approx(pvb - 500, abs=A)
    assert s["bcr"] == pytest.approx(pvb / 500, rel=1e-9)
    assert s["break_even_factor"] == pytest.approx(500 / pvb, rel=1e-9)
    # annual figures are undiscounted
    assert s["annual"]["benefits"] == pytest.approx([1000, 1000, 1000], abs=A)
    assert s["annual"]["net"] == pytest.approx([500, 1000, 1000], abs=A)
    assert s["annual"]["cumulative_discounted_net"] == pytest.approx(
        [500, 500 + 1000 / 1.1, pvb - 500], abs=A
    )


def test_discounting_costs():
    # 1100 in year 1 at 10 % -> 1000; 1210 in year 2 -> 1000
    res = run(cost("p", year=1, amount=1100), cost("p", year=2, amount=1210), rate=0.1)
    assert res["perspectives"]["public"]["pv_costs"] == pytest.approx(2000, abs=A)
    assert res["perspectives"]["municipal"]["pv_costs"] == pytest.approx(0, abs=A)


def test_negative_discount_rate():
    # r = -0.5 -> d_1 = 2, d_2 = 4
    res = run(outcome(("m", 100, "resource"), duration=3), rate=-0.5)
    assert res["perspectives"]["societal"]["pv_benefits"] == pytest.approx(7000, abs=A)


def test_bcr_null_without_costs():
    res = run(outcome(("m", 100, "resource")))
    for p in ("municipal", "public", "societal"):
        assert res["perspectives"][p]["pv_costs"] == pytest.approx(0, abs=A)
        assert res["perspectives"][p]["bcr"] is None
        # pv_benefits > 0 and no costs: the switching value is 0
        assert res["perspectives"][p]["break_even_factor"] == pytest.approx(0, abs=1e-12)


def test_bcr_null_only_where_no_costs_count():
    # cost borne by the individual: counts only in the societal perspective
    res = run(cost("o", year=0, amount=250), outcome(("m", 100, "resource")))
    assert res["perspectives"]["municipal"]["bcr"] is None
    assert res["perspectives"]["public"]["bcr"] is None
    assert res["perspectives"]["societal"]["bcr"] == pytest.approx(1000 / 250)


def test_expected_npv():
    # pv_benefits 1000, pv_costs 300, success 0.6 -> 0.6 x 1000 - 300 = 300
    res = run(cost("m", year=0, amount=300), outcome(("m", 100, "resource")), sp=0.6)
    s = res["perspectives"]["societal"]
    assert s["npv"] == pytest.approx(700, abs=A)
    assert s["expected_npv"] == pytest.approx(300, abs=A)


def test_expected_npv_defaults_to_npv():
    res = run(cost("m", year=0, amount=300), outcome(("m", 100, "resource")))
    s = res["perspectives"]["societal"]
    assert s["expected_npv"] == pytest.approx(s["npv"], abs=A)
    assert s["expected_npv"] == pytest.approx(700, abs=A)


# ---------------------------------------------------------------- payback


def test_payback_zero():
    # year 0 net already positive and stays so
    res = run(cost("m", year=0, amount=500), outcome(("m", 100, "resource"), duration=3))
    assert res["perspectives"]["societal"]["payback_year"] == 0


def test_payback_exactly_zero_counts():
    # cumulative [0, 1000, 2000]: >= 0 from year 0
    res = run(cost("m", year=0, amount=1000), outcome(("m", 100, "resource"), duration=3))
    assert res["perspectives"]["societal"]["payback_year"] == 0


def test_payback_simple():
    # net [-1500, 1000, 1000]; cumulative [-1500, -500, 500] -> 2
    res = run(cost("m", year=0, amount=2500), outcome(("m", 100, "resource"), duration=3))
    assert res["perspectives"]["societal"]["payback_year"] == 2


def test_payback_is_the_later_year_when_cumulative_dips_again():
    # benefits 1000/yr for 5 years; costs 1500 (year 0) and 3000 (year 3)
    # net [-500, 1000, 1000, -2000, 1000], cumulative [-500, 500, 1500, -500, 500] -> 4, not 1
    res = run(
        cost("m", year=0, amount=1500),
        cost("m", year=3, amount=3000),
        outcome(("m", 100, "resource"), duration=5),
        horizon=5,
    )
    s = res["perspectives"]["societal"]
    assert s["annual"]["cumulative_discounted_net"] == pytest.approx(
        [-500, 500, 1500, -500, 500], abs=A
    )
    assert s["payback_year"] == 4


def test_payback_never():
    # cumulative [-9000, -8000, -7000]
    res = run(cost("m", year=0, amount=10000), outcome(("m", 100, "resource"), duration=3))
    assert res["perspectives"]["societal"]["payback_year"] is None


def test_payback_null_when_last_year_negative_after_positive_years():
    # cumulative [1000, 2000, 3000, 4000, -1000]
    res = run(
        cost("m", year=4, amount=6000),
        outcome(("m", 100, "resource"), duration=5),
        horizon=5,
    )
    assert res["perspectives"]["societal"]["payback_year"] is None


def test_payback_differs_between_perspectives():
    # cost for m 1500 in year 0; m gets 1000/yr, o gets 2000/yr (resource)
    # municipal cumulative [-500, 500, 1500] -> 1; societal [1500, ...] -> 0
    res = run(
        cost("m", year=0, amount=1500),
        outcome(("m", 100, "resource"), ("o", 200, "resource"), duration=3),
    )
    assert res["perspectives"]["municipal"]["payback_year"] == 1
    assert res["perspectives"]["societal"]["payback_year"] == 0


# ---------------------------------------------------------------- break-even factor


def test_break_even_null_without_benefits():
    res = run(cost("m", year=0, amount=100))
    for p in ("municipal", "public", "societal"):
        assert res["perspectives"][p]["break_even_factor"] is None
        assert res["perspectives"][p]["payback_year"] is None


def test_break_even_null_with_negative_benefits():
    res = run(cost("m", year=0, amount=100), outcome(("m", -10, "resource")))
    assert res["perspectives"]["societal"]["pv_benefits"] == pytest.approx(-100, abs=A)
    assert res["perspectives"]["societal"]["break_even_factor"] is None


def test_break_even_factor_is_switching_value():
    # pv_benefits 1000, pv_costs 250 -> 0.25; scaling the effect by 0.25 gives npv 0
    res = run(cost("m", year=0, amount=250), outcome(("m", 100, "resource")))
    f = res["perspectives"]["societal"]["break_even_factor"]
    assert f == pytest.approx(0.25)
    scaled = run(
        cost("m", year=0, amount=250), outcome(("m", 100, "resource"), cases_per_participant=f)
    )
    assert scaled["perspectives"]["societal"]["npv"] == pytest.approx(0, abs=A)


# ---------------------------------------------------------------- central values of distributions


@pytest.mark.parametrize(
    ("dist", "central"),
    [
        ('{ dist = "normal", mean = 0.5, sd = 0.1 }', 0.5),
        ('{ dist = "normal", mean = 0.5, sd = 0.1, max = 0.3 }', 0.3),  # mean clipped to max
        ('{ dist = "normal", mean = 0.5, sd = 0.1, min = 0.7 }', 0.7),  # mean clipped to min
        ('{ dist = "normal", mean = 0.5, sd = 0.1, min = 0.0, max = 1.0 }', 0.5),
        ('{ dist = "triangular", low = 0.1, mode = 0.2, high = 0.9 }', 0.2),  # mode, not mean
        ('{ dist = "uniform", low = 0.2, high = 0.6 }', 0.4),  # midpoint
        ('{ dist = "normal", mean = -1.0, sd = 0.5 }', 0.0),  # cases clipped to >= 0
        ('{ dist = "normal", mean = 3.0, sd = 0.5 }', 3.0),  # cases are not capped at 1
    ],
)
def test_central_value_cases(dist, central):
    # 10 x central x 100
    res = run(outcome(("m", 100, "resource"), cases_per_participant=dist), horizon=1)
    assert benefits(res) == pytest.approx([1000 * central], abs=A)


@pytest.mark.parametrize(
    ("dist", "central"),
    [
        ('{ dist = "normal", mean = 1.2, sd = 0.1 }', 1.0),  # clipped to [0, 1]
        ('{ dist = "normal", mean = -0.3, sd = 0.1 }', 0.0),
        ('{ dist = "uniform", low = 0.5, high = 1.5 }', 1.0),  # midpoint 1.0
        ('{ dist = "uniform", low = 0.8, high = 1.6 }', 1.0),  # midpoint 1.2 -> 1
        ('{ dist = "triangular", low = 0.0, mode = 0.25, high = 1.0 }', 0.25),
    ],
)
def test_central_value_fraction_clipped(dist, central):
    # relative_effect as a distribution: 10 x 0.5 x central x 100
    res = run(outcome(("m", 100, "resource"), baseline_rate=0.5, relative_effect=dist), horizon=1)
    assert benefits(res) == pytest.approx([500 * central], abs=A)


def test_central_value_deadweight_clipped():
    # deadweight central 1.5 -> 1 -> nothing left
    res = run(
        outcome(("m", 100, "resource"), deadweight='{ dist = "normal", mean = 1.5, sd = 0.2 }'),
        horizon=1,
    )
    assert benefits(res) == pytest.approx([0], abs=A)


def test_central_value_amounts_and_costs():
    # value amount: triangular mode 100 (not clipped, not the mean 183.33)
    # cost amount: uniform midpoint 500; per participant: normal mean 20 (x 10)
    res = run(
        outcome(("m", '{ dist = "triangular", low = 50, mode = 100, high = 400 }', "resource")),
        cost(
            "m",
            year=0,
            amount='{ dist = "uniform", low = 0, high = 1000 }',
            amount_per_participant='{ dist = "normal", mean = 20.0, sd = 5.0 }',
        ),
        horizon=1,
    )
    assert benefits(res) == pytest.approx([1000], abs=A)
    assert costs(res) == pytest.approx([700], abs=A)


def test_negative_amount_distribution_not_clipped():
    res = run(outcome(("o", '{ dist = "normal", mean = -40.0, sd = 10.0 }', "resource")), horizon=1)
    assert benefits(res) == pytest.approx([-400], abs=A)


# ---------------------------------------------------------------- input errors


def problems_of(text):
    with pytest.raises(InputError) as exc:
        parse(text, source="x.toml")
    probs = exc.value.problems
    assert isinstance(probs, list) and probs
    for p in probs:
        assert isinstance(p.path, str)
        assert isinstance(describe(p), str) and describe(p)
    return probs


def replace_first(text, key, new_line):
    """Replace (or with None drop) the first line setting top-level `key`."""
    lines = text.splitlines()
    i = next(i for i, ln in enumerate(lines) if ln.startswith(f"{key} ="))
    lines[i : i + 1] = [] if new_line is None else [new_line]
    return "\n".join(lines) + "\n"


def paths(probs):
    return [p.path for p in probs]


def find(probs, path, prefix=False):
    """The problem with this path (or, with prefix=True, one under it)."""
    for p in probs:
        if p.path == path or (prefix and p.path.startswith(path)):
            return p
    raise AssertionError(f"no problem at {path!r}; got {[(p.path, describe(p)) for p in probs]}")


def test_valid_input_parses():
    parse(toml(outcome(("m", 100, "resource")), cost("m", year=0, amount=1)))


def test_unknown_top_level_key():
    probs = problems_of(toml(extra='colour = "blue"\n'))
    p = next((p for p in probs if "colour" in p.path or "colour" in describe(p)), None)
    assert p is not None, paths(probs)
    assert p.path in ("colour", "")


def test_unknown_key_in_outcome():
    probs = problems_of(toml(outcome(("m", 100, "resource"), efect=0.5)))
    p = next((p for p in probs if "efect" in p.path or "efect" in describe(p)), None)
    assert p is not None, paths(probs)
    assert p.path in ("outcomes[0].efect", "outcomes[0]")


def test_unknown_key_in_value_line():
    text = toml(outcome(("m", 100, "resource"))) + "  colour = 3\n"
    probs = problems_of(text)
    p = next((p for p in probs if "colour" in p.path or "colour" in describe(p)), None)
    assert p is not None, paths(probs)
    assert p.path in ("outcomes[0].values[0].colour", "outcomes[0].values[0]")


@pytest.mark.parametrize("key", ["name", "start_year", "horizon", "discount_rate"])
def test_missing_required_top_level_key(key):
    find(problems_of(replace_first(toml(), key, None)), key)


def test_missing_stakeholders():
    text = 'name = "t"\nstart_year = 2026\nhorizon = 3\ndiscount_rate = 0.0\n'
    find(problems_of(text), "stakeholders")


def test_missing_outcome_label_and_values():
    text = toml("\n[[outcomes]]\ncases_per_participant = 0.5\n")
    probs = problems_of(text)
    find(probs, "outcomes[0].label")
    find(probs, "outcomes[0].values")


def test_missing_value_amount():
    text = toml(
        '\n[[outcomes]]\nlabel = "x"\ncases_per_participant = 0.5\n'
        '[[outcomes.values]]\nstakeholder = "m"\n'
    )
    find(problems_of(text), "outcomes[0].values[0].amount")


@pytest.mark.parametrize(
    ("line", "path"),
    [
        ('horizon = "8"', "horizon"),
        ("horizon = 8.0", "horizon"),
        ("horizon = true", "horizon"),  # a bool is not an int
        ('start_year = "2026"', "start_year"),
        ('discount_rate = "3.5%"', "discount_rate"),
        ("name = 5", "name"),
    ],
)
def test_wrong_type_top_level(line, path):
    key = line.split(" =")[0]
    find(problems_of(replace_first(toml(), key, line)), path)


def test_wrong_type_in_outcome_and_cost():
    probs = problems_of(
        toml(
            outcome(("m", '"mycket"', "resource"), lag=1.5),
            cost("m", year='"0"', amount=1),
        )
    )
    find(probs, "outcomes[0].lag")
    find(probs, "outcomes[0].values[0].amount")
    find(probs, "costs[0].year", prefix=True)


def test_wrong_type_municipal_flag():
    text = toml().replace("municipal = true", 'municipal = "ja"', 1)
    find(problems_of(text), "stakeholders[0].municipal")


def test_fraction_out_of_range_names_value():
    probs = problems_of(
        toml(
            outcome(("m", 100, "resource"), baseline_rate=0.5, relative_effect=0.3),
            outcome(("m", 100, "resource"), baseline_rate=0.5, relative_effect=1.3),
        )
    )
    p = find(probs, "outcomes[1].relative_effect")
    assert "1.3" in describe(p)
    assert "outcomes[0].relative_effect" not in paths(probs)


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("deadweight", -0.1),
        ("attribution", 1.5),
        ("displacement", 2.0),
        ("drop_off", -0.25),
        ("out_migration", 1.01),
        ("baseline_rate", 1.2),
    ],
)
def test_fraction_keys_out_of_range(key, value):
    kw = {key: value}
    if key == "baseline_rate":
        kw["relative_effect"] = 0.5
    p = find(problems_of(toml(outcome(("m", 100, "resource"), **kw))), f"outcomes[0].{key}")
    assert str(value) in describe(p)


def test_success_probability_out_of_range():
    p = find(problems_of(toml(sp=1.5)), "success_probability")
    assert "1.5" in describe(p)


def test_negative_cases_per_participant():
    find(
        problems_of(toml(outcome(("m", 100, "resource"), cases_per_participant=-0.5))),
        "outcomes[0].cases_per_participant",
    )


@pytest.mark.parametrize(
    ("line", "path"),
    [
        ("horizon = 0", "horizon"),
        ("discount_rate = -1.0", "discount_rate"),
        ("discount_rate = -1.5", "discount_rate"),
    ],
)
def test_out_of_range_top_level(line, path):
    key = line.split(" =")[0]
    find(problems_of(replace_first(toml(), key, line)), path)


def test_negative_participants():
    find(problems_of(toml(participants=[10, -1])), "participants", prefix=True)


def test_both_cases_and_pair():
    probs = problems_of(
        toml(
            outcome(
                ("m", 100, "resource"),
                cases_per_participant=0.1,
                baseline_rate=0.5,
                relative_effect=0.5,
            )
        )
    )
    find(probs, "outcomes[0]", prefix=True)


def test_neither_cases_nor_pair():
    text = toml(
        '\n[[outcomes]]\nlabel = "x"\n[[outcomes.values]]\nstakeholder = "m"\namount = 100\n'
    )
    find(problems_of(text), "outcomes[0]", prefix=True)


def test_half_pair_is_an_error():
    probs = problems_of(toml(outcome(("m", 100, "resource"), baseline_rate=0.5)))
    find(probs, "outcomes[0]", prefix=True)


def test_cost_year_outside_horizon():
    probs = problems_of(
        toml(
            cost("m", year=0, amount=1),
            cost("m", year=3, amount=1),
            cost("m", years=[0, 5], amount=1),
            cost("m", year=-1, amount=1),
            horizon=3,
        )
    )
    find(probs, "costs[1].year")
    find(probs, "costs[2].years", prefix=True)
    find(probs, "costs[3].year")
    assert not any(p.startswith("costs[0]") for p in paths(probs))


def test_cost_without_year():
    find(problems_of(toml(cost("m", amount=1))), "costs[0]", prefix=True)


def test_cost_without_amount():
    find(problems_of(toml(cost("m", year=0))), "costs[0]", prefix=True)


def test_cohort_list_longer_than_horizon():
    find(problems_of(toml(participants=[1, 1, 1, 1], horizon=3)), "participants", prefix=True)


def test_undeclared_stakeholder():
    probs = problems_of(
        toml(
            outcome(("m", 100, "resource"), ("nobody", 5, "resource")),
            cost("ghost", year=0, amount=1),
        )
    )
    p = find(probs, "outcomes[0].values[1].stakeholder")
    assert "nobody" in describe(p)
    find(probs, "costs[0].stakeholder")
    assert "outcomes[0].values[0].stakeholder" not in paths(probs)


def test_undeclared_repayment_stakeholder():
    text = toml('\n[repayment]\nstakeholder = "ghost"\namount = 100\n')
    find(problems_of(text), "repayment.stakeholder")


def test_duplicate_stakeholder_id():
    text = toml() + '\n[[stakeholders]]\nid = "m"\nname = "Igen"\n'
    find(problems_of(text), "stakeholders[4].id")


def test_invalid_kind():
    find(problems_of(toml(outcome(("m", 100, "gift")))), "outcomes[0].values[0].kind")


@pytest.mark.parametrize(
    "dist",
    [
        '{ dist = "normal", mean = 0.5, sd = -0.1 }',  # sd < 0
        '{ dist = "uniform", low = 0.6, high = 0.2 }',  # low > high
        '{ dist = "triangular", low = 0.1, mode = 0.9, high = 0.5 }',  # mode above high
        '{ dist = "triangular", low = 0.3, mode = 0.1, high = 0.5 }',  # mode below low
        '{ dist = "triangular", low = 0.6, mode = 0.5, high = 0.4 }',  # low > high
        '{ dist = "beta", a = 1, b = 2 }',  # unknown distribution
        '{ dist = "normal", mean = 0.5 }',  # missing sd
    ],
)
def test_malformed_distribution(dist):
    probs = problems_of(toml(outcome(("m", 100, "resource"), cases_per_participant=dist)))
    find(probs, "outcomes[0].cases_per_participant", prefix=True)


def test_malformed_distribution_in_cost():
    probs = problems_of(toml(cost("m", year=0, amount='{ dist = "uniform", low = 10, high = 1 }')))
    find(probs, "costs[0].amount", prefix=True)


def test_depreciation_without_period():
    text = toml('\n[repayment]\nstakeholder = "m"\namount = 100\nmethod = "depreciation"\n')
    find(problems_of(text), "repayment.period")


def test_unknown_repayment_method():
    text = toml('\n[repayment]\nstakeholder = "m"\namount = 100\nmethod = "magic"\n')
    find(problems_of(text), "repayment.method")


def test_toml_syntax_error_names_the_line():
    text = 'name = "t"\nstart_year = 2026\nhorizon = = 3\ndiscount_rate = 0.0\n'
    probs = problems_of(text)
    assert any("line 3" in (p.path + " " + describe(p)) for p in probs), probs


def test_several_problems_reported_at_once():
    text = toml(
        outcome(("m", 100, "resource"), baseline_rate=0.5, relative_effect=0.3),
        outcome(("ghost", 100, "resource"), baseline_rate=0.5, relative_effect=1.3),
        cost("m", year=7, amount=1),
        horizon=3,
        participants=[1, 1, 1, 1],
        sp=-0.2,
    )
    probs = problems_of(text)
    find(probs, "outcomes[1].relative_effect")
    find(probs, "outcomes[1].values[0].stakeholder")
    find(probs, "costs[0].year")
    find(probs, "participants", prefix=True)
    find(probs, "success_probability")
    assert len(probs) >= 5


def test_input_error_is_an_exception():
    with pytest.raises(Exception) as exc:
        parse("this is not toml = = =")
    assert isinstance(exc.value, InputError)
