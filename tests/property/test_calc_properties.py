"""Properties of the calculation model (shared/spec/calculation.md)."""

import math

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from socinv.core.calc import calculate, evaluate, monte_carlo, parse

PERSPECTIVES = ("municipal", "public", "societal")
STAKEHOLDERS = {  # id: (municipal, public)
    "m": (True, True),
    "m2": (True, True),
    "p": (False, True),
    "o": (False, False),
}

SETTINGS = settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])


# ---------------------------------------------------------------- scenario generation

fractions = st.integers(0, 1000).map(lambda x: x / 1000)
small_fractions = st.integers(0, 500).map(lambda x: x / 1000)


@st.composite
def value_lines(draw, nonneg):
    lo = 0 if nonneg else -200_000
    return draw(
        st.lists(
            st.tuples(
                st.sampled_from(sorted(STAKEHOLDERS)),
                st.integers(lo, 200_000),
                st.sampled_from(["resource", "transfer"]),
            ),
            min_size=1,
            max_size=4,
        )
    )


@st.composite
def outcomes(draw, horizon, nonneg):
    return {
        "cpp": draw(st.integers(0, 2000)) / 1000,
        "lag": draw(st.integers(0, horizon)),
        "duration": draw(st.integers(1, horizon + 1)),
        "drop_off": draw(small_fractions),
        "deadweight": draw(small_fractions),
        "attribution": draw(small_fractions),
        "displacement": draw(small_fractions),
        "out_migration": draw(small_fractions),
        "values": draw(value_lines(nonneg)),
    }


@st.composite
def scenarios(draw, nonneg=False):
    horizon = draw(st.integers(1, 8))
    ncohorts = draw(st.integers(0, horizon))
    costs = draw(
        st.lists(
            st.tuples(
                st.sampled_from(sorted(STAKEHOLDERS)),
                st.integers(0, horizon - 1),
                st.integers(0, 2_000_000),
                st.integers(0, 20_000),
            ),
            max_size=4,
        )
    )
    return {
        "horizon": horizon,
        "rate": draw(st.sampled_from([0.0, 0.02, 0.035, 0.1, -0.01])),
        "sp": draw(st.sampled_from([1.0, 0.6, 0.25])),
        "participants": draw(st.lists(st.integers(0, 60), min_size=ncohorts, max_size=ncohorts)),
        "costs": costs,
        "outcomes": draw(st.lists(outcomes(horizon, nonneg), min_size=1, max_size=3)),
    }


def render(sc, *, scale=1.0, out_migration=None, extra_values=()):
    """TOML for a scenario. `scale` multiplies every cases_per_participant,
    `out_migration` overrides every outcome's, `extra_values` are added to outcome 0."""
    out = [
        'name = "prop"',
        "start_year = 2026",
        f"horizon = {sc['horizon']}",
        f"discount_rate = {sc['rate']!r}",
        f"success_probability = {sc['sp']!r}",
        f"participants = {sc['participants']!r}",
    ]
    for sid, (mun, pub) in STAKEHOLDERS.items():
        out += [
            "[[stakeholders]]",
            f'id = "{sid}"',
            f'name = "{sid}"',
            f"municipal = {str(mun).lower()}",
            f"public = {str(pub).lower()}",
        ]
    for i, (sid, year, amount, app) in enumerate(sc["costs"]):
        out += [
            "[[costs]]",
            f'label = "c{i}"',
            f'stakeholder = "{sid}"',
            f"year = {year}",
            f"amount = {amount}",
            f"amount_per_participant = {app}",
        ]
    for i, o in enumerate(sc["outcomes"]):
        om = o["out_migration"] if out_migration is None else out_migration
        out += [
            "[[outcomes]]",
            f'label = "o{i}"',
            f"cases_per_participant = {o['cpp'] * scale!r}",
            f"lag = {o['lag']}",
            f"duration = {o['duration']}",
            f"drop_off = {o['drop_off']!r}",
            f"deadweight = {o['deadweight']!r}",
            f"attribution = {o['attribution']!r}",
            f"displacement = {o['displacement']!r}",
            f"out_migration = {om!r}",
        ]
        lines = list(o["values"]) + (list(extra_values) if i == 0 else [])
        for sid, amount, kind in lines:
            out += [
                "[[outcomes.values]]",
                f'stakeholder = "{sid}"',
                f"amount = {amount!r}",
                f'kind = "{kind}"',
            ]
    return "\n".join(out) + "\n"


def ev(sc, **kw):
    return evaluate(parse(render(sc, **kw)))


def tol(res, p):
    """Absolute tolerance scaled to the size of the flows."""
    q = res["perspectives"][p]
    return 1e-9 * (abs(q["pv_benefits"]) + abs(q["pv_costs"])) + 1e-6


# ---------------------------------------------------------------- deterministic properties


@SETTINGS
@given(sc=scenarios(), k=st.integers(0, 5000).map(lambda x: x / 1000))
def test_pv_benefits_linear_in_effect(sc, k):
    base = ev(sc)
    scaled = ev(sc, scale=k)
    for p in PERSPECTIVES:
        b = base["perspectives"][p]["pv_benefits"]
        s = scaled["perspectives"][p]
        assert s["pv_benefits"] == pytest.approx(k * b, rel=1e-9, abs=1e-6)
        # costs do not depend on the effect
        assert s["pv_costs"] == pytest.approx(base["perspectives"][p]["pv_costs"], rel=1e-12)


@SETTINGS
@given(sc=scenarios(nonneg=True), k=st.integers(1000, 5000).map(lambda x: x / 1000))
def test_more_effect_never_lowers_npv(sc, k):
    base = ev(sc)
    more = ev(sc, scale=k)
    for p in PERSPECTIVES:
        assert more["perspectives"][p]["npv"] >= base["perspectives"][p]["npv"] - tol(base, p)
        assert more["perspectives"][p]["expected_npv"] >= (
            base["perspectives"][p]["expected_npv"] - tol(base, p)
        )


@SETTINGS
@given(
    sc=scenarios(),
    pair=st.permutations(sorted(STAKEHOLDERS)).map(lambda ids: ids[:2]),
    x=st.integers(1, 500_000),
)
def test_matched_transfer_pair_leaves_societal_npv_unchanged(sc, pair, x):
    giver, taker = pair
    base = ev(sc)
    moved = ev(sc, extra_values=[(taker, x, "transfer"), (giver, -x, "transfer")])
    for p in ("societal",) + tuple(
        q
        for q, idx in (("public", 1), ("municipal", 0))
        # a transfer between two stakeholders of a perspective cancels within it
        # (both municipal ones lose the same share to out-migration)
        if STAKEHOLDERS[giver][idx] and STAKEHOLDERS[taker][idx]
    ):
        assert moved["perspectives"][p]["npv"] == pytest.approx(
            base["perspectives"][p]["npv"], rel=1e-9, abs=tol(base, p) + 1e-6 * x
        ), p
    # what one stakeholder gains the other loses (when both see the same share of it)
    if STAKEHOLDERS[giver][0] == STAKEHOLDERS[taker][0]:
        gain = (
            moved["stakeholders"][taker]["pv_benefits"] - base["stakeholders"][taker]["pv_benefits"]
        )
        loss = (
            moved["stakeholders"][giver]["pv_benefits"] - base["stakeholders"][giver]["pv_benefits"]
        )
        assert gain == pytest.approx(-loss, rel=1e-9, abs=1e-6)
        assert gain >= -1e-6


@SETTINGS
@given(sc=scenarios(), om=fractions)
def test_out_migration_never_changes_public_or_societal(sc, om):
    none = ev(sc, out_migration=0.0)
    some = ev(sc, out_migration=om)
    for p in ("public", "societal"):
        for key in ("pv_benefits", "pv_costs", "npv", "expected_npv"):
            assert some["perspectives"][p][key] == pytest.approx(
                none["perspectives"][p][key], rel=1e-9, abs=1e-6
            ), (p, key)
    # non-municipal stakeholders are untouched too
    for sid in ("p", "o"):
        assert some["stakeholders"][sid]["pv_benefits"] == pytest.approx(
            none["stakeholders"][sid]["pv_benefits"], rel=1e-9, abs=1e-6
        )


@SETTINGS
@given(sc=scenarios(nonneg=True), om=fractions)
def test_out_migration_never_raises_municipal_value(sc, om):
    none = ev(sc, out_migration=0.0)
    some = ev(sc, out_migration=om)
    for sid in ("m", "m2"):
        assert some["stakeholders"][sid]["pv_benefits"] <= (
            none["stakeholders"][sid]["pv_benefits"] + 1e-6
        )
    assert some["perspectives"]["municipal"]["npv"] <= (
        none["perspectives"]["municipal"]["npv"] + tol(none, "municipal")
    )


@SETTINGS
@given(sc=scenarios())
def test_summary_identities(sc):
    res = ev(sc)
    T = sc["horizon"]
    for p in PERSPECTIVES:
        q = res["perspectives"][p]
        a = q["annual"]
        d = [(1 + sc["rate"]) ** -t for t in range(T)]
        assert q["pv_benefits"] == pytest.approx(
            sum(x * y for x, y in zip(d, a["benefits"], strict=True)), rel=1e-9, abs=1e-6
        )
        assert q["npv"] == pytest.approx(q["pv_benefits"] - q["pv_costs"], rel=1e-9, abs=1e-6)
        assert q["expected_npv"] == pytest.approx(
            sc["sp"] * q["pv_benefits"] - q["pv_costs"], rel=1e-9, abs=1e-6
        )
        assert a["cumulative_discounted_net"][-1] == pytest.approx(q["npv"], rel=1e-9, abs=1e-6)
        cum = a["cumulative_discounted_net"]
        if cum[-1] < -1e-6:
            assert q["payback_year"] is None
        if cum[-1] > 1e-6:
            assert q["payback_year"] is not None
        if q["payback_year"] is not None:
            t = q["payback_year"]
            assert all(c >= -1e-6 for c in cum[t:])
            assert t == 0 or cum[t - 1] < 1e-6
    # stakeholders add up to the societal costs
    assert sum(s["pv_costs"] for s in res["stakeholders"].values()) == pytest.approx(
        res["perspectives"]["societal"]["pv_costs"], rel=1e-9, abs=1e-6
    )


# ---------------------------------------------------------------- Monte Carlo

zero_spread = st.sampled_from(["plain", "normal", "triangular", "uniform"])


def degenerate(value, how):
    v = repr(float(value))
    if how == "normal":
        return f'{{ dist = "normal", mean = {v}, sd = 0.0 }}'
    if how == "triangular":
        return f'{{ dist = "triangular", low = {v}, mode = {v}, high = {v} }}'
    if how == "uniform":
        return f'{{ dist = "uniform", low = {v}, high = {v} }}'
    return v


FIELDS = (
    "cases_per_participant",
    "drop_off",
    "deadweight",
    "attribution",
    "displacement",
    "out_migration",
)


def render_degenerate(sc, kinds):
    """Like render(), every numeric outcome/cost field as a zero-spread distribution."""
    text = render(sc)
    lines = []
    i = 0
    for ln in text.splitlines():
        key = ln.split(" = ")[0]
        if key in FIELDS + ("amount", "amount_per_participant"):
            value = float(ln.split(" = ")[1])
            ln = f"{key} = {degenerate(value, kinds[i % len(kinds)])}"
            i += 1
        lines.append(ln)
    return "\n".join(lines) + "\n"


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    sc=scenarios(),
    kinds=st.lists(zero_spread, min_size=1, max_size=7),
    seed=st.integers(0, 2**31 - 1),
)
def test_zero_spread_monte_carlo_equals_deterministic(sc, kinds, seed):
    sc = {**sc, "sp": 1.0}
    calc = parse(render_degenerate(sc, kinds))
    det = evaluate(calc)
    # the degenerate distributions give the same deterministic result as plain numbers
    plain = ev(sc)
    for p in PERSPECTIVES:
        assert det["perspectives"][p]["npv"] == pytest.approx(
            plain["perspectives"][p]["npv"], rel=1e-9, abs=1e-6
        )
    mc = monte_carlo(calc, 40, seed)
    assert mc["draws"] == 40
    assert mc["seed"] == seed
    for p in PERSPECTIVES:
        npv = det["perspectives"][p]["npv"]
        t = (
            1e-6
            * (abs(det["perspectives"][p]["pv_benefits"]) + abs(det["perspectives"][p]["pv_costs"]))
            + 1e-6
        )
        m = mc["perspectives"][p]
        for key in ("mean", "p05", "p50", "p95"):
            assert m[key] == pytest.approx(npv, rel=1e-6, abs=t), (p, key)
        if npv > t:
            assert m["prob_positive"] == 1.0
        elif npv < -t:
            assert m["prob_positive"] == 0.0


def phi(z):
    return 0.5 * (1 + math.erf(z / math.sqrt(2)))


def single_normal(mu, sd, cost, sp=1.0, n=10, amount=1000):
    return parse(
        f"""name = "mc"
start_year = 2026
horizon = 1
discount_rate = 0.0
success_probability = {sp!r}
participants = [{n}]

[[stakeholders]]
id = "m"
name = "Nämnd"
municipal = true
public = true

[[costs]]
label = "insats"
stakeholder = "m"
year = 0
amount = {cost!r}

[[outcomes]]
label = "effekt"
cases_per_participant = {{ dist = "normal", mean = {mu!r}, sd = {sd!r} }}

  [[outcomes.values]]
  stakeholder = "m"
  amount = {amount}
"""
    )


N = 4000


@settings(max_examples=15, deadline=None)
@given(
    mu=st.integers(100, 2000).map(lambda x: x / 1000),
    sd=st.integers(10, 1000).map(lambda x: x / 1000),
    z=st.integers(-200, 200).map(lambda x: x / 100),
    seed=st.integers(0, 2**31 - 1),
)
def test_prob_positive_matches_normal_closed_form(mu, sd, z, seed):
    # npv = 10 x 1000 x cases - cost > 0  <=>  cases > threshold = cost / 10 000
    threshold = mu + z * sd
    assume(threshold > 0.001)
    cost = threshold * 10 * 1000
    p = 1 - phi((threshold - mu) / sd)  # clipping at 0 is below the threshold: no effect
    mc = monte_carlo(single_normal(mu, sd, cost), N, seed)
    se = math.sqrt(p * (1 - p) / N)
    for persp in ("municipal", "public", "societal"):
        got = mc["perspectives"][persp]["prob_positive"]
        assert got == pytest.approx(p, abs=4 * se + 0.5 / N), persp
    # the mean too, when clipping at 0 is negligible (mu >= 4 sd)
    if mu >= 4 * sd:
        mean = mc["perspectives"]["societal"]["mean"]
        assert mean == pytest.approx(10_000 * mu - cost, abs=4 * 10_000 * sd / math.sqrt(N) + 1)


@pytest.mark.parametrize("sp", [0.2, 0.5, 0.9])
def test_success_probability_in_monte_carlo(sp):
    # no uncertainty: a successful draw has npv 10 000 x 1 - 4000 = 6000 > 0,
    # a failed one has only the cost, -4000
    calc = single_normal(1.0, 0.0, 4000.0, sp=sp)
    mc = monte_carlo(calc, N, 7)["perspectives"]["societal"]
    se = math.sqrt(sp * (1 - sp) / N)
    assert mc["prob_positive"] == pytest.approx(sp, abs=4 * se)
    assert mc["mean"] == pytest.approx(
        evaluate(calc)["perspectives"]["societal"]["expected_npv"], abs=4 * 10_000 * se
    )
    assert mc["p05"] == pytest.approx(-4000 if sp < 0.95 else 6000, abs=1e-6)


def test_same_seed_same_result():
    calc = single_normal(0.5, 0.3, 4000.0, sp=0.7)
    a = monte_carlo(calc, 2000, 42)
    b = monte_carlo(calc, 2000, 42)
    assert a == b
    c = monte_carlo(calc, 2000, 43)
    assert c["perspectives"]["societal"]["mean"] != a["perspectives"]["societal"]["mean"]


def test_percentiles_are_ordered_and_numpy_linear():
    calc = single_normal(0.5, 0.3, 4000.0)
    m = monte_carlo(calc, 3000, 1)["perspectives"]["municipal"]
    assert m["p05"] <= m["p50"] <= m["p95"]
    # normal with sd 3000 kr: p95 - p05 ~ 2 x 1.645 x 3000 (cases clipped at 0 only far out)
    assert m["p95"] - m["p05"] == pytest.approx(2 * 1.645 * 3000, rel=0.1)
    assert m["p50"] == pytest.approx(5000 - 4000, abs=300)


def test_calculate_combines_evaluate_and_monte_carlo():
    calc = single_normal(0.5, 0.3, 4000.0, sp=0.7)
    assert calculate(calc) == evaluate(calc)
    assert "monte_carlo" not in calculate(calc)
    full = calculate(calc, draws=500, seed=3)
    assert full["monte_carlo"] == monte_carlo(calc, 500, 3)
    assert full["monte_carlo"]["draws"] == 500
    assert full["monte_carlo"]["seed"] == 3
    assert {k: v for k, v in full.items() if k != "monte_carlo"} == evaluate(calc)
    assert set(full["monte_carlo"]["perspectives"]) == set(PERSPECTIVES)


def test_prob_positive_counts_strictly_positive_npv():
    # every draw has npv = 10 x 1000 x 1.0 - 10 000 = 0 exactly: not positive
    calc = single_normal(1.0, 0.0, 10_000.0)
    assert evaluate(calc)["perspectives"]["societal"]["npv"] == pytest.approx(0, abs=1e-9)
    mc = monte_carlo(calc, 200, 5)
    for p in PERSPECTIVES:
        assert mc["perspectives"][p]["prob_positive"] == 0.0


def test_draws_of_cases_are_clipped_at_zero():
    # cases ~ N(0, 1) clipped to >= 0: npv = 10 000 x max(0, X), mean 10 000 / sqrt(2 pi)
    calc = single_normal(0.0, 1.0, 0.0)
    m = monte_carlo(calc, N, 11)["perspectives"]["societal"]
    assert m["mean"] == pytest.approx(10_000 / math.sqrt(2 * math.pi), rel=0.1)
    assert m["p05"] == pytest.approx(0.0, abs=1e-9)
    assert m["prob_positive"] == pytest.approx(0.5, abs=4 * math.sqrt(0.25 / N))


def test_draws_are_clipped_to_min_max_and_fractions_to_unit_interval():
    text = """name = "clip"
start_year = 2026
horizon = 1
discount_rate = 0.0
participants = [10]

[[stakeholders]]
id = "m"
name = "Nämnd"
municipal = true
public = true

[[outcomes]]
label = "a"
cases_per_participant = { dist = "normal", mean = 0.5, sd = 1.0, min = 0.4, max = 0.6 }
  [[outcomes.values]]
  stakeholder = "m"
  amount = 1000

[[outcomes]]
label = "b"
baseline_rate = 1.0
relative_effect = { dist = "normal", mean = 0.5, sd = 2.0 }
  [[outcomes.values]]
  stakeholder = "o"
  amount = 1000

[[stakeholders]]
id = "o"
name = "Individen"
"""
    mc = monte_carlo(parse(text), 2000, 9)["perspectives"]
    # outcome a alone (municipal): 10 x 1000 x [0.4, 0.6]
    mun = mc["municipal"]
    assert mun["p05"] == pytest.approx(4000, abs=1e-6)  # >40 % of draws sit at the bound
    assert mun["p95"] == pytest.approx(6000, abs=1e-6)
    # outcome b adds 10 x 1000 x relative_effect clipped to [0, 1]
    soc = mc["societal"]
    assert soc["p05"] == pytest.approx(4000, abs=1e-6)
    assert soc["p95"] == pytest.approx(16000, abs=1e-6)
