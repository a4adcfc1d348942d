"""Indicator values in their unit's precision (socinv.followup.values): the one rule the
follow-up page, its report, the ex-post's hints and the memo use. The issue it closes:
values shown as "0,00", "60,00" and "4 800 000,00 kr"."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils import translation

from socinv.applications.models import Indicator
from socinv.followup import values
from socinv.followup.models import Measurement

NBSP = "\u00a0"
MINUS = "\u2212"


@pytest.mark.parametrize(
    ("unit", "kind"),
    [
        ("andel", "share"),
        (" Andel ", "share"),
        ("%", "percent"),
        ("procent", "percent"),
        ("kr", "money"),
        ("Kronor", "money"),
        ("antal", "count"),
        ("antal placeringar", "count"),
        ("st", "count"),
        ("personer", "count"),
        ("timmar", "number"),
        ("", "number"),
        (None, "number"),
    ],
)
def test_the_unit_decides_the_kind(unit, kind):
    assert values.kind(unit) == kind


@pytest.mark.parametrize(
    ("unit", "value", "shown"),
    [
        ("antal", 0, "0"),
        ("antal", 60, "60"),
        ("antal", 60.0, "60"),
        ("antal", 15.2, "15"),  # a count is a whole number
        ("antal", 1200, f"1{NBSP}200"),
        ("kr", 4_800_000, f"4{NBSP}800{NBSP}000{NBSP}kr"),
        ("kr", 4_800_000.0, f"4{NBSP}800{NBSP}000{NBSP}kr"),
        ("kr", -650_000, f"{MINUS}650{NBSP}000{NBSP}kr"),
        ("andel", 0.6, f"60{NBSP}%"),
        ("andel", 0.035, f"3,5{NBSP}%"),
        ("andel", 0.48, f"48{NBSP}%"),
        ("andel", 0.3333, f"33,3{NBSP}%"),
        ("%", 60, f"60{NBSP}%"),
        ("%", 3.5, f"3,5{NBSP}%"),
        ("timmar", 4.25, "4,25"),
        ("timmar", 4.5, "4,5"),
        ("timmar", 60, "60"),
        ("timmar", None, "–"),
    ],
)
def test_a_value_in_its_units_precision(unit, value, shown):
    assert values.value_text(unit, value, "sv") == shown


def test_a_column_has_the_decimals_of_its_most_precise_value():
    assert values.decimals("share", [0.48, 0.65, 0.55]) == 0
    assert values.decimals("share", [0.48, 0.035, None]) == 1
    assert values.decimals("number", [1, 2.5, 3.25]) == 2
    assert values.decimals("count", [1, 2.5]) == 0
    assert values.decimals("money", [4_150_000.5]) == 0
    assert values.value_text("andel", 0.6, "sv", places=1) == f"60,0{NBSP}%"


def test_a_change_in_percentage_points_kronor_or_a_whole_number():
    with translation.override("sv"):
        assert values.change_text("andel", 0.18, "sv") == "18 procentenheter"
        assert values.change_text("andel", -0.035, "sv") == f"{MINUS}3,5 procentenheter"
        assert values.change_text("%", 5, "sv") == "5 procentenheter"
        assert values.change_text("kr", -650_000, "sv") == f"{MINUS}650{NBSP}000{NBSP}kr"
        assert values.change_text("antal", -3, "sv") == f"{MINUS}3"
        assert values.change_number("andel", 0.101, "sv") == "10,1"
    assert values.percent_text(-0.15, "sv") == f"{MINUS}15{NBSP}%"


@pytest.mark.django_db
def test_the_follow_up_page_shows_each_value_in_its_units_precision(personas, client):
    project = personas.own_project
    count = Indicator.objects.create(
        project=project,
        level="outputs",
        name="Antal barn med genomförd kartläggning",
        unit="antal",
        baseline_value=0,
        target_value=60,
    )
    cost = Indicator.objects.create(
        project=project,
        level="value_created",
        name="Kostnad för HVB-placeringar",
        unit="kr",
        direction="lower",
        baseline_value=4_800_000,
        target_value=3_600_000,
    )
    share = Indicator.objects.create(
        project=project,
        level="outcomes",
        name="Andel i arbete",
        unit="andel",
        baseline_value=0.035,
        target_value=0.6,
    )
    rate = Indicator.objects.create(
        project=project,
        level="outcomes",
        name="Andel i studier",
        unit="%",
        baseline_value=3.5,
        target_value=60,
    )
    Measurement.objects.create(indicator=count, period="2025-Q4", value=44)
    Measurement.objects.create(indicator=cost, period="2025", value=4_150_000)
    Measurement.objects.create(indicator=share, period="2025", value=0.25)
    Measurement.objects.create(indicator=rate, period="2025", value=25)
    client.force_login(personas["auditor"])
    html = client.get(reverse("followup:project", args=[project.pk])).content.decode()

    def row(indicator) -> list[str]:
        tr = html[html.index(f'id="indicator-{indicator.pk}"') :]
        tr = tr[: tr.index("</tr>")]
        return [
            re.sub(r"<[^>]+>.*", "", td)
            for td in re.findall(r'<td class="num[^"]*">(.*?)</td>', tr)
        ]

    assert row(count) == ["0", "60", "44", "44"]
    assert row(cost) == [
        f"4{NBSP}800{NBSP}000{NBSP}kr",
        f"3{NBSP}600{NBSP}000{NBSP}kr",
        f"4{NBSP}150{NBSP}000{NBSP}kr",
        f"{MINUS}650{NBSP}000{NBSP}kr (13,5{NBSP}%)".replace("13,5", f"{MINUS}13,5"),
    ]
    assert row(share)[:3] == [f"3,5{NBSP}%", f"60{NBSP}%", f"25{NBSP}%"]
    assert row(share)[3].startswith("21,5 procentenheter")
    assert row(rate)[:3] == [f"3,5{NBSP}%", f"60{NBSP}%", f"25{NBSP}%"]
    # the measurements' own tables, too
    table = html[html.index(f'id="measurements-{cost.pk}"') :]
    assert f"4{NBSP}150{NBSP}000{NBSP}kr" in table[: table.index("</table>")]
    # what the issue saw
    text = html.replace(NBSP, " ")
    assert "60,00" not in text and "0,00" not in text
    assert "4 800 000,00 kr" not in text and "4 800 000,00" not in text


def test_the_memo_shows_baseline_and_target_in_their_units_precision():
    from socinv.reports.memo.application import _indicator

    cost = _indicator(Indicator(unit="kr", baseline_value=4_800_000, target_value=3_600_000))
    assert cost["baseline"] == f"4{NBSP}800{NBSP}000{NBSP}kr"
    assert cost["target"] == f"3{NBSP}600{NBSP}000{NBSP}kr"
    count = _indicator(Indicator(unit="antal", baseline_value=0, target_value=60))
    assert (count["baseline"], count["target"]) == ("0", "60")
    share = _indicator(Indicator(unit="andel", baseline_value=0.48, target_value=None))
    assert (share["baseline"], share["target"]) == (f"48{NBSP}%", "–")


def test_the_reports_cells_follow_the_same_rule():
    from socinv.followup.report import change_cell, value_cell
    from socinv.io.sections import Money, Number, Percent

    assert value_cell("percent", 60, values.decimals("percent", [60, 3.5])) == Percent(0.6, 1)
    assert value_cell("share", 0.6, values.decimals("share", [0.6])) == Percent(0.6, 0)
    assert value_cell("money", 4_800_000.0) == Money(480_000_000)
    assert value_cell("count", 44.0, 2) == Number(44.0, 0)  # never decimals for a count
    assert change_cell("share", 0.18, 0) == Number(18.0, 0)
