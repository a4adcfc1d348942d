"""The calculation's limits in the pure core (spec "Errors"; issue 11, finding 9)."""

from __future__ import annotations

import sys
import time
import warnings

import pytest

from socinv.core.calc import (
    InputError,
    ProblemCode,
    calculate,
    check_finite,
    check_run,
    from_dict,
    load,
    parse,
)
from socinv.core.calc.evaluate import discount_factors
from socinv.core.calc.montecarlo import _series_coefficients
from socinv.core.calc.problems import Problem
from socinv.core.calc.toml_depth import nesting_depth
from socinv.core.limits import (
    MAX_CALC_FILE_BYTES,
    MAX_CALC_NESTING,
    MAX_CALC_PROBLEMS_KEPT,
    MAX_DRAWS,
    MAX_SEED,
)
from socinv.l10n.messages import describe, input_error_lines

BASE = {
    "name": "x",
    "start_year": 2026,
    "horizon": 10,
    "discount_rate": 0.03,
    "participants": [10],
    "stakeholders": [{"id": "k", "name": "K", "municipal": True, "public": True}],
}
OUTCOME = {
    "label": "o",
    "cases_per_participant": 0.5,
    "drop_off": {"dist": "uniform", "low": 0.1, "high": 0.2},
    "values": [{"stakeholder": "k", "amount": 1000}],
}


def problems_of(attempt) -> list:
    with pytest.raises(InputError) as caught:
        attempt()
    return caught.value.problems


def codes(attempt) -> set:
    return {p.code for p in problems_of(attempt)}


# -- nesting -----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "depth"),
    [
        ("", 0),
        ("a = 1\n", 0),
        ("[[costs]]\nyears = [0, 1]\n", 2),
        ('a = "[[[[" # [[[[\nb = [[[1]]]\n', 3),
        ("a = '[[[['\nb = '''\n[[[[\n'''\nc = [1]\n", 1),
        ('a = """x\\"""[[[["""\n', 0),  # an escaped quote does not end the string
        ("a = { b = [ { c = 1 } ] }\n", 3),
    ],
)
def test_nesting_counts_brackets_outside_strings_and_comments(text, depth):
    assert nesting_depth(text)[0] == depth


def test_nesting_names_the_first_line_too_deep_after_multiline_strings():
    text = 'a = """\n\n[[[[\n"""\nb = 1\nc = ' + "[" * 40 + "]" * 40 + "\n"
    assert nesting_depth(text, limit=32) == (40, 6)


def test_a_text_nested_too_deep_is_refused_before_the_parser_recursion():
    deep = "x = " + "[" * 10_000 + "]" * 10_000 + "\n"
    [problem] = problems_of(lambda: parse(deep))
    assert problem.code is ProblemCode.TOO_DEEP
    assert problem.params == {"line": 1, "maximum": MAX_CALC_NESTING}


def test_the_deepest_allowed_nesting_reaches_the_parser():
    ok = "x = " + "[" * MAX_CALC_NESTING + "]" * MAX_CALC_NESTING + "\n"
    assert ProblemCode.TOO_DEEP not in codes(lambda: parse(ok))
    too_deep = "x = " + "[" * (MAX_CALC_NESTING + 1) + "]" * (MAX_CALC_NESTING + 1) + "\n"
    assert codes(lambda: parse(too_deep)) == {ProblemCode.TOO_DEEP}


def test_the_scan_of_a_5_mb_text_is_fast():
    for text in (
        "[]" * (MAX_CALC_FILE_BYTES // 2),
        '"a"\n' * (MAX_CALC_FILE_BYTES // 5) + "[" * 40,
    ):
        started = time.process_time()
        nesting_depth(text)
        assert time.process_time() - started < 1.5


# -- size ----------------------------------------------------------------------------------
def test_a_text_over_5_mb_is_refused_before_parsing():
    started = time.process_time()
    [problem] = problems_of(lambda: parse("#" * MAX_CALC_FILE_BYTES + "\n"))
    assert problem.code is ProblemCode.FILE_TOO_LARGE
    assert problem.params == {
        "max_bytes": MAX_CALC_FILE_BYTES,
        "size_bytes": MAX_CALC_FILE_BYTES + 1,
    }
    assert time.process_time() - started < 0.5


def test_load_reads_no_more_than_the_limit():
    # /dev/zero never ends: read whole, it would fill the memory
    [problem] = problems_of(lambda: load("/dev/zero"))
    assert problem.code is ProblemCode.FILE_TOO_LARGE
    assert problem.params["size_bytes"] == MAX_CALC_FILE_BYTES + 1


def test_a_file_of_exactly_5_mb_is_read(tmp_path):
    path = tmp_path / "five.toml"
    path.write_bytes(b"#" * (MAX_CALC_FILE_BYTES - 1) + b"\n")
    assert ProblemCode.FILE_TOO_LARGE not in codes(lambda: load(path))


# -- many problems -----------------------------------------------------------------------
def test_every_problem_is_counted_but_only_the_first_thousand_kept():
    data = {**BASE, "horizon": 200, "participants": [-1] * 5_000}
    with pytest.raises(InputError) as caught:
        from_dict(data)
    exc = caught.value
    assert len(exc.problems) == MAX_CALC_PROBLEMS_KEPT
    assert exc.total == 5_000 + 1  # and one for too many cohorts (kept or not)
    lines = input_error_lines(exc)
    assert len(lines) == 51
    assert lines[-1] == f"<input>: … and {exc.total - 50:,} more"
    assert lines[0] == "<input>: participants[0]: must be at least 0, got -1"


# -- integers and numbers beyond a float -----------------------------------------------------
def test_integers_beyond_tomls_64_bits_are_refused():
    assert codes(lambda: from_dict({**BASE, "participants": [2**63]})) == {ProblemCode.TOO_LARGE}
    assert from_dict({**BASE, "participants": [2**63 - 1]}).participants == (2**63 - 1,)


def test_an_integer_amount_beyond_any_float_is_not_finite():
    outcome = {**OUTCOME, "values": [{"stakeholder": "k", "amount": 10**400}]}
    problems = problems_of(lambda: from_dict({**BASE, "outcomes": [outcome]}))
    assert [(p.path, p.code) for p in problems] == [
        ("outcomes[0].values[0].amount", ProblemCode.NOT_FINITE)
    ]


def test_an_integer_of_more_digits_than_python_reads_has_its_own_problem_in_swedish():
    [problem] = problems_of(lambda: parse("a = " + "9" * 5_000))
    assert problem.code is ProblemCode.INTEGER_TOO_LONG
    assert problem.params == {"max_digits": sys.get_int_max_str_digits()}
    assert describe(problem, "sv") == (
        "ett heltal har fler än 4\u00a0300 siffror, fler än som kan läsas"
    )
    assert "Exceeds the limit" not in describe(problem, "en")


def test_the_parser_running_out_of_depth_is_worded_without_python_english():
    problem = Problem("", ProblemCode.TOO_DEEP_UNLOCATED, {"maximum": MAX_CALC_NESTING})
    assert describe(problem, "sv") == "listor och tabeller är nästlade djupare än 32 nivåer"
    assert describe(problem, "en") == ("lists and inline tables are nested deeper than 32 levels")


# -- the run's options ---------------------------------------------------------------------
@pytest.mark.parametrize(
    ("draws", "seed", "expected"),
    [
        (None, 0, []),
        (1, 0, []),
        (MAX_DRAWS, MAX_SEED, []),
        (0, 1, [("--draws", ProblemCode.TOO_SMALL)]),
        (MAX_DRAWS + 1, 1, [("--draws", ProblemCode.TOO_LARGE)]),
        (10, -1, [("--seed", ProblemCode.TOO_SMALL)]),
        (10, MAX_SEED + 1, [("--seed", ProblemCode.TOO_LARGE)]),
        (1.5, True, [("--draws", ProblemCode.NOT_INTEGER), ("--seed", ProblemCode.NOT_INTEGER)]),
    ],
)
def test_draws_and_seed_have_the_specs_limits(draws, seed, expected):
    assert [(p.path, p.code) for p in check_run(draws, seed)] == expected


def test_calculate_refuses_options_before_computing():
    calc = from_dict(BASE)
    assert codes(lambda: calculate(calc, draws=3_000_000_000, seed=1)) == {ProblemCode.TOO_LARGE}
    assert codes(lambda: calculate(calc, draws=10, seed=-1)) == {ProblemCode.TOO_SMALL}


# -- results that are not finite -------------------------------------------------------------
def test_a_finite_but_huge_cost_gives_a_problem_not_infinity_and_no_numpy_warning():
    cost = {"label": "c", "stakeholder": "k", "years": [0, 1, 2], "amount": 1e308}
    calc = from_dict({**BASE, "costs": [cost]})
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # numpy's overflow warnings would reach stderr
        problems = problems_of(lambda: calculate(calc, draws=100, seed=1))
    paths = [p.path for p in problems]
    assert {p.code for p in problems} == {ProblemCode.RESULT_NOT_FINITE}
    assert "perspectives.municipal.pv_costs" in paths
    assert "perspectives.municipal.annual.cumulative_discounted_net[1]" in paths
    assert "monte_carlo.perspectives.municipal.mean" in paths
    assert "stakeholders.k.pv_costs" in paths


def test_check_finite_names_each_field_and_a_lists_first_item():
    result = {
        "a": 1.0,
        "b": {"c": float("nan"), "d": [0.0, float("inf"), float("-inf")]},
        "e": None,
    }
    assert [p.path for p in check_finite(result)] == ["b.c", "b.d[1]"]
    assert check_finite({"a": [1.0, 2], "b": "x"}) == []


# -- a duration beyond the horizon ---------------------------------------------------------
def test_a_duration_beyond_the_horizon_is_cut_there_in_monte_carlo():
    d = discount_factors(0.03, 10)
    # 10**7, not 10**9: were it not cut, a list of that many floats (80 MB), not 8 GB
    calc = from_dict({**BASE, "outcomes": [{**OUTCOME, "duration": 10**7}]})
    assert len(_series_coefficients(calc.outcomes[0], calc.cohorts(), d)) == 10
    cut = from_dict({**BASE, "outcomes": [{**OUTCOME, "duration": 10}]})
    long_result = calculate(calc, draws=1_000, seed=7)
    assert long_result == {**calculate(cut, draws=1_000, seed=7)}


def test_a_recursion_the_scan_did_not_foresee_is_still_a_problem_not_a_traceback():
    import sys

    limit = sys.getrecursionlimit()
    here, frame = 0, sys._getframe()
    while frame is not None:
        here, frame = here + 1, frame.f_back
    sys.setrecursionlimit(here + 40)  # tomllib now recurses too deep below MAX_CALC_NESTING
    try:
        problems = problems_of(lambda: parse("x = " + "[" * 30 + "]" * 30))
    finally:
        sys.setrecursionlimit(limit)
    assert [p.code for p in problems] == [ProblemCode.TOO_DEEP_UNLOCATED]
    assert describe(problems[0], "sv") == "listor och tabeller är nästlade djupare än 32 nivåer"
