"""The web calculation editor refuses what ``socinv calc`` refuses (spec "Errors"): a
result that is not finite is a form error (400), never a 500 or an ``Infinity`` stored."""

from __future__ import annotations

import pytest
from django.urls import reverse
from tests.calculation.test_calculation_editor import editor_url, form_post

from socinv.core.problems import Refused
from socinv.projects.services import set_calculation

pytestmark = pytest.mark.django_db

HUGE = "1" + "0" * 308  # 1e308 kr a year: finite, but the sums overflow


def test_an_import_whose_result_is_not_finite_is_refused_and_stores_nothing(
    client, personas, catalogue, skolstod_text
):
    client.force_login(personas["economist"])
    project = personas.own_project
    bad = skolstod_text.replace("amount = 900000", "amount = 1e308")
    response = client.post(reverse("calculation:import", args=[project.pk]), {"toml_text": bad})
    assert response.status_code == 400
    assert "perspectives.municipal.pv_costs: resultatet är inte ett ändligt tal" in (
        response.content.decode()
    )
    project.refresh_from_db()
    assert project.calculation_toml == ""
    assert not project.calculation_result


def test_the_editor_form_refuses_a_result_that_is_not_finite(client, personas):
    client.force_login(personas["economist"])
    project = personas.own_project
    response = client.post(editor_url(project), form_post(**{"costs[0].amount": HUGE}))
    assert response.status_code == 400
    assert "resultatet är inte ett ändligt tal" in response.content.decode()
    project.refresh_from_db()
    assert project.calculation_toml == ""


def test_the_live_results_list_a_result_that_is_not_finite(client, personas):
    client.force_login(personas["economist"])
    url = reverse("calculation:results", args=[personas.own_project.pk])
    page = client.post(url, form_post(**{"costs[0].amount": HUGE})).content.decode()
    assert "resultatet är inte ett ändligt tal" in page


def test_the_service_refuses_a_result_that_is_not_finite(personas, skolstod_text, catalogue):
    project = personas.own_project
    bad = skolstod_text.replace("amount = 900000", "amount = 1e308")
    with pytest.raises(Refused) as caught:
        set_calculation(acting_user=personas["economist"], project=project, toml_text=bad)
    assert {r.code for r in caught.value.refusals} == {"result_not_finite"}
    assert {r.field for r in caught.value.refusals} == {"toml_text"}
    project.refresh_from_db()
    assert project.calculation_toml == ""
