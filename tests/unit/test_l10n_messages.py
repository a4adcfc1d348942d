"""socinv.l10n words the core's problem codes: one English template per code (a gettext
msgid), translated to Swedish by the web application's catalogue, read without Django."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from socinv.core.calc import InputError, ProblemCode, calculate, from_dict, load, parse
from socinv.core.calc.catalogue import catalogue_from_dict
from socinv.core.calc.problems import Problem
from socinv.core.ledger import Entry, ErrorCode, LedgerError, check_ledger
from socinv.core.limits import MAX_CALC_FILE_BYTES, MAX_UNIT_COSTS
from socinv.l10n import messages as m
from socinv.l10n.catalogue import LOCALE_DIR, language, translator

PLACEHOLDER = re.compile(r"%\((\w+)\)([srg])")
ALL_TEMPLATES = [
    *m.CALC.values(),
    *m.TYPES.values(),
    *m.LEDGER.values(),
    m.ENTRY,
    m.MORE,
]


def test_every_calc_problem_code_has_a_template():
    assert set(m.CALC) == set(ProblemCode)


def test_every_ledger_error_code_has_a_template():
    assert {k for k in m.LEDGER if not isinstance(k, tuple)} == set(ErrorCode)
    assert all(k[0] in ErrorCode for k in m.LEDGER if isinstance(k, tuple))


def test_the_catalogue_is_the_web_applications_own():
    assert (LOCALE_DIR / "sv" / "LC_MESSAGES" / "django.mo").is_file()
    assert (LOCALE_DIR / "sv" / "LC_MESSAGES" / "django.po").is_file()


@pytest.mark.parametrize("msgid", ALL_TEMPLATES)
def test_the_swedish_catalogue_translates_every_template_with_the_same_placeholders(msgid):
    sv = translator("sv").gettext(msgid)
    assert sv != msgid, f"no Swedish for {msgid!r}"
    assert sorted(PLACEHOLDER.findall(sv)) == sorted(PLACEHOLDER.findall(msgid))


def test_english_is_the_msgid_itself():
    for msgid in ALL_TEMPLATES:
        assert translator("en").gettext(msgid) == msgid


@pytest.mark.parametrize(
    ("given", "lang"),
    [("sv", "sv"), ("en", "en"), ("en-gb", "en"), ("sv_SE", "sv"), (None, "en"), ("fi", "en")],
)
def test_a_language_code_becomes_sv_or_en(given, lang):
    assert language(given) == lang


def test_the_spec_example_is_worded_exactly():
    p = Problem("outcomes[1].relative_effect", ProblemCode.NOT_FRACTION, {"got": 1.3})
    assert m.located(p) == "outcomes[1].relative_effect: must be between 0 and 1, got 1.3"
    assert m.describe(p) == "must be between 0 and 1, got 1.3"
    assert m.describe(p, "sv") == "måste vara mellan 0 och 1, fick 1.3"
    err = InputError([p], "skolstod.toml")
    assert m.input_error_lines(err) == [
        "skolstod.toml: outcomes[1].relative_effect: must be between 0 and 1, got 1.3"
    ]


def test_values_read_from_a_file_are_shown_as_written():
    def say(got, lang="en"):
        return m.describe(Problem("x", ProblemCode.NOT_NUMBER, {"got": got}), lang)

    assert say("fyra") == "must be a number, got 'fyra'"
    assert say(True) == "must be a number, got true"
    assert say({}) == "must be a number, got a table"
    assert say([1]) == "must be a number, got a list"
    assert say({}, "sv") == "måste vara ett tal, fick en tabell"
    typed = Problem("x", ProblemCode.NOT_STRING, {"type": "integer"})
    assert m.describe(typed) == "must be a string, got an integer"
    assert m.describe(typed, "sv") == "måste vara en text, fick ett heltal"


BROKEN = [
    "this is not toml = = =",
    'name = "x"\nhorizon = \n',
    'name = ""\nstart_year = 1800\nhorizon = 0\ndiscount_rate = -2\ncolour = 1\n'
    'discount_rat = 1\nsuccess_probability = "x"\nparticipants = [1, 2, "a"]\n'
    "stakeholders = 3\n",
    """
name = "x"
start_year = 2026
horizon = 2
discount_rate = 0.0
participants = [1, 1, 1]
[[stakeholders]]
id = "m"
name = "M"
municipal = true
[[stakeholders]]
id = "m"
name = "M"
[[stakeholders]]
id = "s"
name = "S"
municipal = "ja"
[[costs]]
label = "c"
stakeholder = "ghost"
years = [0, 0, 5]
year = 1
[[costs]]
label = "d"
stakeholder = "m"
years = []
[[outcomes]]
label = "o"
cases_per_participant = { dist = "normal", mean = 1, sd = -1 }
baseline_rate = 0.5
lag = -1
values = []
[[outcomes]]
label = "p"
cases_per_participant = { dist = "triangular", low = 3, mode = 1, high = 2 }
  [[outcomes.values]]
  stakeholder = "m"
  amount = { dist = "uniform", low = 3, high = 1 }
  kind = "gift"
[[outcomes]]
label = "q"
baseline_rate = { dist = "normal", mean = 0.5, sd = 0.1, min = 1, max = 0 }
relative_effect = { dist = "beta" }
deadweight = { mean = 1 }
  [[outcomes.values]]
  stakeholder = "m"
  amount = 1
[repayment]
stakeholder = "s"
amount = -1
method = "magic"
period = 3
""",
]


BASE = {
    "name": "x",
    "start_year": 2026,
    "horizon": 2,
    "discount_rate": 0.0,
    "stakeholders": [{"id": "m", "name": "M", "municipal": True, "public": True}],
    "outcomes": [
        {"label": "o", "cases_per_participant": 1, "values": [{"stakeholder": "m", "amount": 1}]}
    ],
}


def _with(**kw):
    return {**BASE, **kw}


def _outcome(**kw):
    return [{**BASE["outcomes"][0], **kw}]


BROKEN_DATA = [  # (the second is valid, with a warning)
    {k: v for k, v in BASE.items() if k != "horizon"},
    _with(stakeholders=[*BASE["stakeholders"], {"id": "k", "name": "K", "municipal": True}]),
    _with(stakeholders=[]),
    _with(name=3),
    _with(horizon=201, discount_rate=float("inf"), participants="x"),
    _with(success_probability=2),
    _with(stakeholders=[{"id": "k", "name": "K", "municipal": True}, 3]),
    _with(outcomes=[{"label": "o", "values": [{"stakeholder": "m", "amount": 1}]}]),
    _with(outcomes=_outcome(cases_per_participant={"dist": "normal", "mean": 1, "sd": -1})),
    _with(
        costs=[
            {"label": "c", "stakeholder": "m", "years": [0, 0, 3], "amount": 1},
            {"label": "d", "stakeholder": "m"},
        ]
    ),
    _with(
        repayment={
            "stakeholder": "m",
            "amount": 1,
            "share_of_savings": 0.5,
            "method": "depreciation",
            "period": 1,
        }
    ),
]


def _problems_of_every_kind(tmp_path) -> list[Problem]:
    problems: list[Problem] = []
    attempts = [lambda t=t: parse(t, source="x.toml") for t in BROKEN]
    attempts += [lambda d=d: from_dict(d) for d in BROKEN_DATA]
    (tmp_path / "latin1.toml").write_bytes('name = "Skolstöd"'.encode("latin-1"))
    for name in ("missing.toml", "latin1.toml", "."):  # "." is a directory: unreadable
        attempts.append(lambda name=name: load(tmp_path / name))
    # the limits: a text over 5 MB, nesting, a result that is not finite
    attempts.append(lambda: parse("#" * (MAX_CALC_FILE_BYTES + 1), source="big.toml"))
    attempts.append(lambda: parse("x = " + "[" * 100 + "]" * 100, source="deep.toml"))
    huge = _with(costs=[{"label": "c", "stakeholder": "m", "years": [0, 1], "amount": 1e308}])
    attempts.append(lambda: calculate(from_dict(huge)))
    attempts += _catalogue_attempts()
    attempts.append(lambda: parse("a = " + "9" * 5_000, source="digits.toml"))
    for attempt in attempts:
        try:
            calc = attempt()
        except InputError as exc:
            problems += exc.problems
        else:
            problems += calc.warnings
    problems.append(Problem("", ProblemCode.TOML_SYNTAX_UNLOCATED, {"detail": "Invalid value"}))
    # tomllib running out of depth below the scan's limit (see test_calc_limits)
    problems.append(Problem("", ProblemCode.TOO_DEEP_UNLOCATED, {"maximum": 32}))
    return problems


def _catalogue_attempts() -> list:
    """Broken catalogues and references to them (spec unit-costs.md)."""
    unit = {"id": "hvb", "label": "HVB", "unit": "dygn", "amount": 1, "price_year": 2020}
    unit = {**unit, "source": "s", "bearer": "b"}
    broken = {
        "name": "k",
        "index_values": {"2020": 100, "20x": 1, "2021": 0},
        "unit_costs": [unit, unit, {**unit, "id": "a b", "valid_from": "igår"}],
    }
    many = {"name": "k", "unit_costs": [unit] * (MAX_UNIT_COSTS + 1)}
    index = {"2020": 100, "2026": 110}
    cat = catalogue_from_dict({"name": "k", "index_values": index, "unit_costs": [unit]})
    bare = catalogue_from_dict({"name": "k", "unit_costs": [unit]})

    def ref(uid, **kw):
        cost = {"label": "c", "stakeholder": "m", "year": 0}
        return _with(costs=[{**cost, "amount": {"unit_cost": uid, "quantity": 1}}], **kw)

    return [
        lambda: catalogue_from_dict(broken),
        lambda: catalogue_from_dict(many),
        lambda: from_dict(ref("hvb")),
        lambda: from_dict(ref("hvbb"), catalogue=cat),
        lambda: from_dict(ref("zzzzzz"), catalogue=cat),
        lambda: from_dict(ref("hvb", price_year=2025), catalogue=cat),  # no index for 2025
        lambda: from_dict(ref("hvb"), catalogue=bare),
        lambda: from_dict(ref("hvb"), catalogue=cat),  # 6 years old, another bearer
        lambda: from_dict(_with(evidence_haircut={"1": 0.5})),
    ]


@pytest.mark.parametrize("lang", ["en", "sv"])
def test_every_problem_the_engine_gives_fills_its_template(tmp_path, lang):
    problems = _problems_of_every_kind(tmp_path)
    assert {p.code for p in problems} == set(ProblemCode)  # every code is reached
    for p in problems:
        # strictly: the translated template with the params the engine gave (no fallback)
        assert translator(lang).gettext(m.template(p)) % m.sentence_params(p, lang)


def test_a_warning_is_worded_like_a_problem():
    calc = from_dict(
        {
            "name": "x",
            "start_year": 2026,
            "horizon": 1,
            "discount_rate": 0.0,
            "stakeholders": [{"id": "k", "name": "K", "municipal": True}],
        }
    )
    [w] = calc.warnings
    assert m.located(w) == (
        "stakeholders: 'k' is municipal but not public; the public perspective leaves it out"
    )


def test_at_most_fifty_problem_lines_then_how_many_more():
    problems = [
        Problem(f"participants[{i}]", ProblemCode.NOT_INTEGER, {"got": "a"}) for i in range(53)
    ]
    lines = m.input_error_lines(InputError(problems, "f.toml"))
    assert len(lines) == 51
    assert lines[49] == "f.toml: participants[49]: must be a whole number, got 'a'"
    assert lines[50] == "f.toml: … and 3 more"
    assert m.input_error_lines(InputError(problems, "f.toml"), "sv")[50] == "f.toml: … och 3 till"
    assert len(m.input_error_lines(InputError(problems[:50], "f.toml"))) == 50


def test_localise_words_core_problems_and_keeps_described_ones():
    own = m.Described("", "Filen är större än 512 kB.")
    core = Problem("horizon", ProblemCode.REQUIRED)
    first, second = m.localise([core, own], "sv")
    assert (first.path, first.message, first.code) == ("horizon", "måste anges", "required")
    assert str(first) == "horizon: måste anges"
    assert second is own and str(own) == "Filen är större än 512 kB."


def _entry(i, type, amount, **kw):
    return Entry(
        id=i,
        fund="f1",
        type=type,
        date=dt.date(2024, 1, 1),
        amount_ore=amount,
        recorded_by="u",
        recorded_at=dt.datetime(2024, 1, 1, tzinfo=dt.UTC),
        **kw,
    )


def test_ledger_errors_are_worded_with_entry_and_field():
    entries = [
        _entry(1, "contribution", 1000),
        _entry(2, "commitment", 800, project="p1"),
        _entry(3, "disbursement", 800, project="p1", board="b1"),
        _entry(4, "reversal", 1000, reverses=1),
        _entry(5, "disbursement", 1.5, project="p1"),
    ]
    errors = check_ledger(entries)
    assert [m.located(e) for e in errors] == [
        "entry 4: reverses: Reversing entry 1 (contribution) would leave fund 'f1' with "
        "-800 öre available to commit; the money is already committed.",
        "entry 5: amount_ore: The amount must be a whole number of öre greater than zero, "
        "not 1.5; the entry type gives the direction.",
        "entry 5: board: A disbursement must name a board "
        "(in the repayment model the board that will repay it).",
    ]
    assert m.describe(errors[0], "sv").startswith("Att rätta verifikation 1 (contribution)")
    assert m.located(errors[2], "sv").startswith("verifikation 5: board: ")
    for lang in ("en", "sv"):
        for e in errors:
            assert translator(lang).gettext(m.template(e)) % m.sentence_params(e, lang)


def test_a_ledger_error_built_by_hand_is_worded_too():
    bare = LedgerError(ErrorCode.CHAIN_HEAD_MISMATCH, "ledger")
    assert m.located(bare) == (
        "ledger: The chain ends before the recorded head: entries were removed from the end."
    )
    counted = LedgerError(
        ErrorCode.CHAIN_HEAD_MISMATCH,
        "ledger",
        params={"variant": "count", "recorded": 3, "stored": 2},
    )
    assert m.describe(counted) == "the fund records 3 entries but 2 are stored"
    # params the template needs are missing: the English template, never an exception
    assert (
        m.describe(LedgerError(ErrorCode.EXCEEDS_RECEIVABLE, "amount_ore"))
        == (m.LEDGER[ErrorCode.EXCEEDS_RECEIVABLE])
    )


def test_the_core_itself_holds_no_sentence():
    p = Problem("horizon", ProblemCode.TOO_SMALL, {"minimum": 1, "got": 0})
    assert str(p) == "horizon: too_small {'minimum': 1, 'got': 0}"
    e = LedgerError(ErrorCode.FUND_REQUIRED, "fund", 7)
    assert str(e) == "entry 7: fund: fund_required"
