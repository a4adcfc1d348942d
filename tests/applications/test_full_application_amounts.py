"""The full application's amounts (the evaluation cost, each budget year's amount from
the fund and co-financing in money) are bounded in the service as in the form (one ledger
entry's bound, socinv.core.limits): any caller is refused with the field named, and
nothing of the change is stored."""

from __future__ import annotations

import pytest
from application_helpers import full_draft

from socinv.applications import services
from socinv.applications.models import BudgetYear
from socinv.core.limits import MAX_ENTRY_ORE
from socinv.core.problems import Refused

pytestmark = pytest.mark.django_db
NBSP = "\u00a0"
TOP = f"10{NBSP}000{NBSP}000{NBSP}000{NBSP}kr"


def _update(application, personas, **changes):
    return services.update_application(
        application, acting_user=personas["project_leader"], **changes
    )


@pytest.mark.parametrize(
    ("ore", "code", "message"),
    [
        (MAX_ENTRY_ORE + 1, "amount_too_large", f"Utvärderingens kostnad får vara högst {TOP}."),
        (-1, "amount_negative", "Utvärderingens kostnad kan inte vara negativ."),
    ],
)
def test_the_service_refuses_an_evaluation_cost_out_of_bounds_and_stores_nothing(
    personas, ore, code, message
):
    application = full_draft(personas)
    _update(application, personas, evaluation_cost_ore=25_000_000)
    with pytest.raises(Refused) as refused:
        _update(
            application,
            personas,
            needs_analysis="Ändrad analys.",
            evaluation_cost_ore=ore,
            budget_years=[{"year": 2027, "amount_ore": 100_000_00}],
        )
    assert [(r.code, r.field, r.message) for r in refused.value.refusals] == [
        (code, "evaluation_cost_ore", message)
    ]
    application.refresh_from_db()
    assert application.evaluation_cost_ore == 25_000_000
    assert application.needs_analysis == ""
    assert not BudgetYear.objects.filter(application=application).exists()
    # the bound itself goes
    _update(application, personas, evaluation_cost_ore=MAX_ENTRY_ORE)
    application.refresh_from_db()
    assert application.evaluation_cost_ore == MAX_ENTRY_ORE


def test_the_service_refuses_a_budget_year_out_of_bounds_naming_the_year(personas):
    application = full_draft(personas)
    saved = [{"year": 2027, "amount_ore": 100_000_00, "cofinancing_money_ore": 0}]
    _update(application, personas, budget_years=saved)
    with pytest.raises(Refused) as refused:
        _update(
            application,
            personas,
            budget_years=[
                {"year": 2027, "amount_ore": MAX_ENTRY_ORE, "cofinancing_money_ore": 0},
                {"year": 2028, "amount_ore": MAX_ENTRY_ORE + 1, "cofinancing_money_ore": 0},
                {"year": 2029, "amount_ore": 0, "cofinancing_money_ore": MAX_ENTRY_ORE + 1},
            ],
        )
    assert [(r.code, r.field, r.message) for r in refused.value.refusals] == [
        ("amount_too_large", "budget_years", f"2028: beloppet från fonden får vara högst {TOP}."),
        (
            "amount_too_large",
            "budget_years",
            f"2029: medfinansieringen i pengar får vara högst {TOP}.",
        ),
    ]
    rows = BudgetYear.objects.filter(application=application)
    assert [(b.year, b.amount_ore) for b in rows] == [(2027, 100_000_00)]


def test_the_database_refuses_an_amount_beyond_the_bound(personas):
    """The last door: a write past the service (a queryset update) is refused by the
    database's own check, for the evaluation cost and a budget year's amounts."""
    from django.db import IntegrityError, transaction

    from socinv.applications.models import Application

    application = full_draft(personas)
    BudgetYear.objects.create(application=application, year=2027, amount_ore=MAX_ENTRY_ORE)
    for queryset, field in [
        (Application.objects.filter(pk=application.pk), "evaluation_cost_ore"),
        (BudgetYear.objects.filter(application=application), "amount_ore"),
        (BudgetYear.objects.filter(application=application), "cofinancing_money_ore"),
    ]:
        with pytest.raises(IntegrityError), transaction.atomic():
            queryset.update(**{field: MAX_ENTRY_ORE + 1})
    assert BudgetYear.objects.get(application=application, year=2027).amount_ore == MAX_ENTRY_ORE
