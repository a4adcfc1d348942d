"""The calculation editor's units (socinv.calculation.units): Swedish numbers in and out,
percent in the form and fractions in the engine, calendar years and year indices; and its
messages (socinv.calculation.wording): the field named as the form shows it."""

from __future__ import annotations

import pytest
from django.http import QueryDict
from django.utils import translation

from socinv.calculation import units
from socinv.calculation.editor import Editor, build_data
from socinv.core.calc import InputError, from_dict

NBSP = "\u00a0"
MINUS = "\u2212"
CATALOGUE = {
    "kommun/socialnamnd": {"name": "Socialnämnden", "municipal": True, "public": True},
    "individ": {"name": "Individen", "municipal": False, "public": False},
}


@pytest.mark.parametrize(
    ("typed", "value"),
    [
        ("1 200 000", 1_200_000),
        (f"1{NBSP}200{NBSP}000", 1_200_000),
        ("1200000", 1_200_000),
        ("3,5", 3.5),
        ("3.5", 3.5),
        ("-110 000", -110_000),
        (f"{MINUS}110{NBSP}000", -110_000),
        ("0,10", 0.1),
        ("0", 0),
        (" 8 ", 8),
    ],
)
def test_it_reads_numbers_as_typed_in_sweden(typed, value):
    got = units.read_number(typed)
    assert got == value
    assert type(got) is type(value)  # a whole number stays an int (years, lags, kronor)


@pytest.mark.parametrize("typed", ["fyra", "1,234.5", "12 34", "3,5 %", ""])
def test_text_that_is_not_a_number_is_kept_as_typed(typed):
    assert units.read_number(typed) == typed.strip()


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (1_200_000, f"1{NBSP}200{NBSP}000"),
        (1_200_000.0, f"1{NBSP}200{NBSP}000"),
        (3.5, "3,5"),
        (0.1, "0,1"),
        (-110_000, f"{MINUS}110{NBSP}000"),
        (0.125, "0,125"),
        (None, ""),
        ("fyra", "fyra"),
    ],
)
def test_it_shows_numbers_in_swedish_with_every_significant_digit(value, shown):
    assert units.show_number(value, "sv") == shown
    if isinstance(value, int | float):  # and reads them back unchanged
        assert units.read_number(shown) == value


@pytest.mark.parametrize(
    ("percent", "fraction"),
    [(3.5, 0.035), (60, 0.6), (25, 0.25), (15, 0.15), (5, 0.05), (100, 1), (0, 0), (2, 0.02)],
)
def test_percent_and_fraction_are_one_rule_both_ways(percent, fraction):
    assert units.from_percent(percent) == fraction
    assert units.to_percent(fraction) == percent
    assert units.show_percent(fraction) == units.show_number(percent)


def test_percent_conversion_leaves_text_alone():
    assert units.from_percent("fyra") == "fyra"
    assert units.to_percent("fyra") == "fyra"
    assert units.from_percent(True) is True


@pytest.mark.parametrize(
    ("path", "percent"),
    [
        ("discount_rate", True),
        ("success_probability", True),
        ("outcomes[1].relative_effect.normal.sd", True),
        ("outcomes[0].drop_off", True),
        ("repayment.internal_rate", True),
        ("repayment.share_of_savings", True),
        ("outcomes[0].cases_per_participant", False),
        ("outcomes[0].values[0].amount", False),
        ("costs[0].amount", False),
        ("horizon", False),
    ],
)
def test_rates_and_shares_are_in_percent(path, percent):
    assert units.is_percent(path) is percent


def test_calendar_years_and_indices():
    assert units.to_indices([2026, 2027, 2028], 2026) == [0, 1, 2]
    assert units.to_years([0, 1, 2], 2026) == [2026, 2027, 2028]
    assert units.to_indices([2026, "x"], "tjugo") == [2026, "x"]  # no start year: as typed
    assert units.read_numbers("2026, 2027; 2028 2029") == [2026, 2027, 2028, 2029]
    assert units.show_list([2026, 2027]) == "2026, 2027"  # a year is never grouped


def _post(**fields) -> QueryDict:
    base = {
        "name": "Skolstöd",
        "start_year": "2026",
        "horizon": "8",
        "discount_rate": "3,5",
        "success_probability": "60",
        "participants": "20, 20, 20",
        "costs.count": "1",
        "costs[0].label": "Specialpedagog",
        "costs[0].stakeholder": "kommun/socialnamnd",
        "costs[0].years": "2026, 2027",
        "costs[0].amount": "900 000",
        "outcomes.count": "1",
        "outcomes[0].label": "Undvikt sammanbrott",
        "outcomes[0].baseline_rate": "25",
        "outcomes[0].relative_effect": "30",
        "outcomes[0].values.count": "1",
        "outcomes[0].values[0].stakeholder": "kommun/socialnamnd",
        "outcomes[0].values[0].amount": "1 100 000",
        "repayment.enabled": "1",
        "repayment.stakeholder": "kommun/socialnamnd",
        "repayment.amount": "2 700 000",
        "repayment.start": "2027",
        "repayment.internal_rate": "2",
    }
    base.update(fields)
    q = QueryDict(mutable=True)
    q.setlist("stakeholders", ["kommun/socialnamnd", "individ"])
    for k, v in base.items():
        q[k] = v
    return q


def test_the_form_gives_the_engine_fractions_indices_and_plain_numbers():
    data = build_data(_post(), CATALOGUE)
    assert data["discount_rate"] == 0.035
    assert data["success_probability"] == 0.6
    assert data["costs"][0]["years"] == [0, 1]
    assert data["costs"][0]["amount"] == 900_000
    assert data["outcomes"][0]["baseline_rate"] == 0.25
    assert data["repayment"]["start"] == 1
    assert data["repayment"]["internal_rate"] == 0.02
    from_dict(data)  # valid for the engine as it is


@pytest.mark.parametrize("sign", [" %", "%", "\u00a0%"])
def test_the_form_reads_a_rate_typed_with_its_percent_sign(sign):
    # Swedish formats in and out (``3,5 %``), read as the ex-post form reads them
    # (units.read_percent); a plain number with a sign is still kept as typed
    post = _post(**{
        "discount_rate": f"3,5{sign}",
        "success_probability": f"60{sign}",
        "outcomes[0].baseline_rate": f"25{sign}",
        "outcomes[0].relative_effect.dist": "normal",
        "outcomes[0].relative_effect.normal.mean": f"30{sign}",
        "outcomes[0].relative_effect.normal.sd": f"5{sign}",
        "repayment.internal_rate": f"2{sign}",
    })  # fmt: skip
    data = build_data(post, CATALOGUE)
    assert data["discount_rate"] == 0.035
    assert data["success_probability"] == 0.6
    assert data["outcomes"][0]["baseline_rate"] == 0.25
    assert data["outcomes"][0]["relative_effect"] == {"dist": "normal", "mean": 0.3, "sd": 0.05}
    assert data["repayment"]["internal_rate"] == 0.02
    from_dict(data)  # valid for the engine
    kept = build_data(_post(**{"costs[0].amount": f"900 000{sign}"}), CATALOGUE)
    assert kept["costs"][0]["amount"] == f"900 000{sign}"


def test_the_form_shows_the_engines_values_in_the_economists_units():
    data = build_data(_post(), CATALOGUE)
    with translation.override("sv"):
        editor = Editor(data, CATALOGUE)
    values = {f["name"]: f["value"] for f in editor._fields}
    assert values["discount_rate"] == "3,5"
    assert values["success_probability"] == "60"
    assert values["start_year"] == "2026"
    assert values["costs[0].years"] == "2026, 2027"
    assert values["costs[0].amount"] == f"900{NBSP}000"
    assert values["repayment.start"] == "2027"
    assert values["repayment.internal_rate"] == "2"
    assert values["outcomes[0].baseline_rate"] == "25"


def _problems(data):
    try:
        from_dict(data)
    except InputError as exc:
        return exc.problems
    return []


@pytest.mark.parametrize(
    ("fields", "text", "path"),
    [
        ({"outcomes[0].label": ""}, "Effekt 1, Benämning: måste fyllas i", "outcomes[0].label"),
        ({"horizon": ""}, "Tidshorisont (år): måste fyllas i", "horizon"),
        ({"horizon": "8,5"}, "Tidshorisont (år): måste vara ett heltal, fick 8,5", "horizon"),
        (
            {"outcomes[0].relative_effect": "130"},
            f"Effekt 1, Relativ effekt (%): måste vara mellan 0 och 100 %, fick 130{NBSP}%",
            "outcomes[0].relative_effect",
        ),
        (
            {"costs[0].years": "2026, 2040"},
            "Kostnad 1, År: 2040 ligger utanför kalkylens år (2026–2033)",
            "costs[0].years[1]",
        ),
        (
            {"costs[0].amount": ""},
            "Kostnad 1: ange ett belopp per år, ett belopp per deltagare eller båda",
            "costs[0]",
        ),
        (
            {"outcomes[0].baseline_rate": "", "outcomes[0].relative_effect": ""},
            "Effekt 1: ange basnivån och den relativa effekten, eller förändrade fall per "
            "deltagare",
            "outcomes[0]",
        ),
        (
            {"outcomes[0].values[0].stakeholder": "individ", "stakeholders": None},
            "Effekt 1, Värde 1, Aktör: Individen är inte med bland kalkylens aktörer: "
            "kryssa i den under Aktörer",
            "outcomes[0].values[0].stakeholder",
        ),
    ],
)
def test_a_message_names_the_field_as_the_form_shows_it(fields, text, path):
    post = _post(**{k: v for k, v in fields.items() if v is not None})
    if "stakeholders" in fields:
        post.setlist("stakeholders", ["kommun/socialnamnd"])
    data = build_data(post, CATALOGUE)
    with translation.override("sv"):
        editor = Editor(data, CATALOGUE, _problems(data))
    texts = [(p["text"], p["path"]) for p in editor.summary]
    assert (text, path) in texts, texts
    # the field itself shows the sentence without its name (its label is beside it)
    assert any(text.split(": ", 1)[1] in errors for errors in editor.errors.values())
