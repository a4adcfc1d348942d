"""The decision memo shows each outcome's evidence grade, what it means and its haircut
(issue 15); a calculation without grades shows no such table."""

from __future__ import annotations

import pytest
from django.urls import reverse

from socinv.demo.calculations import LAXHJALP
from socinv.projects.services import set_calculation

pytestmark = pytest.mark.django_db


def _rows(html: str) -> list[str]:
    table = html.split('id="memo-evidence-table"')[1].split("</table>")[0]
    return [" ".join(r.split("</tr>")[0].split()) for r in table.split("<tr>")[2:]]


def test_the_memo_shows_each_outcomes_grade_and_haircut(client, personas):
    p = set_calculation(
        acting_user=personas["economist"], project=personas.application, toml_text=LAXHJALP
    )
    assert p.calculation_result["outcomes_adjusted"] == [
        {"outcome": 0, "grade": 2, "haircut": 0.3},
        {"outcome": 1, "grade": 1, "haircut": 0.4},
    ]
    client.force_login(personas["owner"])
    html = client.get(reverse("reports:memo", args=[p.pk])).content.decode().replace("\u00a0", " ")
    assert "Evidensgrad och avdrag per effekt" in html
    rows = _rows(html)
    assert len(rows) == 2
    assert "Gymnasiebehörighet i stället för introduktionsprogram" in rows[0]
    assert ">2<" in rows[0] and "Vi har mätt förändring hos deltagarna" in rows[0]
    assert "30 %" in rows[0]
    assert ">1<" in rows[1] and "40 %" in rows[1]


def test_without_grades_there_is_no_evidence_table(client, personas):
    ungraded = "\n".join(
        line for line in LAXHJALP.splitlines() if not line.startswith("evidence_grade")
    )
    p = set_calculation(
        acting_user=personas["economist"], project=personas.application, toml_text=ungraded
    )
    assert "outcomes_adjusted" not in p.calculation_result
    client.force_login(personas["owner"])
    html = client.get(reverse("reports:memo", args=[p.pk])).content.decode()
    assert "memo-evidence-table" not in html
