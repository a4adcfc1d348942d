"""Whatever the input, ``socinv calc --json`` gives finite JSON with exit 0, or exit 2
with nothing on stdout and no traceback (spec "Errors"; issue 11, finding 9).

The inputs are the worked example's shape with hostile values: huge and non-finite
amounts, integers beyond 64 bits, horizons, years and durations out of range, extreme
distributions, deep nesting, and draws and seeds outside their limits."""

from __future__ import annotations

import contextlib
import io
import json
import math

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from socinv.cli.main import main
from socinv.core.limits import MAX_DRAWS, MAX_SEED

SETTINGS = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

numbers = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True),
    st.floats(min_value=1e300, max_value=1.7e308),
    st.integers(-(2**70), 2**70),
    st.integers(0, 2_000_000),
    st.just(10**400),
)
fractions = st.one_of(st.floats(0, 1), numbers)


def distribution(values):
    return st.one_of(
        values,
        st.fixed_dictionaries({"dist": st.just("normal"), "mean": values, "sd": values}),
        st.fixed_dictionaries({"dist": st.just("uniform"), "low": values, "high": values}),
        st.fixed_dictionaries(
            {"dist": st.just("triangular"), "low": values, "mode": values, "high": values}
        ),
    )


# every field sane, or (for the fields an example picks) hostile
FIELDS = {  # name: (sane, hostile)
    "start_year": (st.just(2026), st.integers(1800, 2300)),
    "horizon": (st.integers(1, 12), st.one_of(st.integers(-5, 400), st.just(2**64))),
    "discount_rate": (st.just(0.035), numbers),
    "participants": (
        st.lists(st.integers(0, 100), max_size=4),
        st.lists(st.integers(-1, 2**64), max_size=4),
    ),
    "cost": (st.integers(0, 2_000_000), distribution(numbers)),
    "cases": (st.floats(0, 2), distribution(numbers)),
    "lag": (st.integers(0, 3), st.integers(-1, 2**64)),
    "duration": (st.integers(1, 5), st.integers(0, 10**12)),
    "drop_off": (st.floats(0, 1), distribution(fractions)),
    "amount": (st.integers(-(10**6), 10**6), distribution(numbers)),
    "nested": (st.just(0), st.integers(1, 60)),
}


@st.composite
def calculations(draw) -> dict:
    hostile = draw(st.sets(st.sampled_from(sorted(FIELDS)), max_size=3))
    v = {name: draw(pair[name in hostile]) for name, pair in FIELDS.items()}
    data = {
        "name": "hostile",
        "start_year": v["start_year"],
        "horizon": v["horizon"],
        "discount_rate": v["discount_rate"],
        "participants": v["participants"],
        "stakeholders": [{"id": "k", "name": "K", "municipal": True, "public": True}],
        "costs": [{"label": "c", "stakeholder": "k", "years": [0], "amount": v["cost"]}],
        "outcomes": [
            {
                "label": "o",
                "cases_per_participant": v["cases"],
                "lag": v["lag"],
                "duration": v["duration"],
                "drop_off": v["drop_off"],
                "values": [{"stakeholder": "k", "amount": v["amount"]}],
            }
        ],
    }
    if v["nested"]:
        data["nested"] = "[" * v["nested"] + "]" * v["nested"]  # raw TOML, see toml()
    return data


def toml(data: dict) -> str:
    """Inline TOML (an array of inline tables is an array of tables)."""
    lines = []
    for key, value in data.items():
        lines.append(f"{key} = {value if key == 'nested' else _value(value)}")
    return "\n".join(lines) + "\n"


def _value(v) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float):
        return (
            "nan" if math.isnan(v) else ("inf" if v > 0 else "-inf") if math.isinf(v) else repr(v)
        )
    if isinstance(v, int):
        return str(v)
    if isinstance(v, str):
        return json.dumps(v)
    if isinstance(v, list):
        return "[" + ", ".join(_value(x) for x in v) + "]"
    return "{" + ", ".join(f"{k} = {_value(x)}" for k, x in v.items()) + "}"


def _reject_constant(name: str):
    raise AssertionError(f"{name} in the JSON")


options = st.one_of(
    st.just([]),
    st.integers(1, 300).map(lambda n: ["--draws", str(n)]),
    st.tuples(
        st.one_of(
            st.integers(1, 300), st.integers(-2, 0), st.just(MAX_DRAWS + 1), st.just(3 * 10**9)
        ),
        st.one_of(
            st.integers(0, 100), st.integers(-(2**40), -1), st.just(MAX_SEED), st.just(MAX_SEED + 1)
        ),
    ).map(lambda ds: ["--draws", str(ds[0]), "--seed", str(ds[1])]),
)


def run(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(argv)
        except SystemExit as exc:  # argparse
            code = exc.code
    return code, out.getvalue(), err.getvalue()


@SETTINGS
@given(data=calculations(), extra=options)
def test_any_input_gives_finite_json_or_exit_2_and_nothing_on_stdout(tmp_path, data, extra):
    path = tmp_path / "hostile.toml"
    path.write_text(toml(data), encoding="utf-8")
    code, out, err = run(["calc", str(path), "--json", *extra])
    assert "Traceback" not in err
    event(f"exit {code}")
    if code == 0:
        result = json.loads(out, parse_constant=_reject_constant)
        assert result["name"] == "hostile"
    else:
        assert code == 2, err
        assert out == ""
        assert err.strip()  # something says why
