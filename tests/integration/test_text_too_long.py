"""One refusal for a text too long (``web.validators.MaxLength``, code ``max_length``,
naming the field and the limit) at every door: the booking form and the savings forms
bounded as the ledger entry they write, a measurement's correction refused (never cut)
beyond ``MAX_CHANGE_REASON``, the evaluation's services by their models' own fields."""

from __future__ import annotations

import datetime

import pytest

from socinv.applications.models import Indicator
from socinv.core.limits import MAX_CHANGE_REASON, MAX_SHORT_TEXT
from socinv.core.problems import Refused
from socinv.evaluation import services as evaluation
from socinv.followup.forms import MeasurementForm
from socinv.followup.models import Measurement
from socinv.followup.services import correct_measurement
from socinv.fund.forms import BookingForm
from socinv.fund.models import LedgerEntry
from socinv.savings.forms import RepaymentForm, WriteDownForm
from socinv.web.validators import PERSONAL_NUMBER_MESSAGE

pytestmark = pytest.mark.django_db

DECISION_TEXTS = ("decision_body", "decision_dnr", "note")


def _errors(form, name):
    return [(e.code, " ".join(e.messages)) for e in form.errors.as_data()[name]]


def test_the_booking_form_is_bounded_as_the_ledger_entry_and_names_the_field(personas):
    form = BookingForm(fund=personas.fund)
    for name in DECISION_TEXTS:
        assert form.fields[name].max_length == LedgerEntry._meta.get_field(name).max_length
    data = {
        "type": "contribution",
        "date": "2026-03-01",
        "amount": "1 000",
        "decision_body": "x" * (MAX_SHORT_TEXT + 1),
        "decision_date": "2026-01-20",
        "decision_dnr": "KS 2026/117",
    }
    bound = BookingForm(data, fund=personas.fund)
    assert not bound.is_valid()
    ((code, message),) = _errors(bound, "decision_body")
    assert code == "max_length"
    assert message.startswith("Beslutande organ får vara högst 300 tecken")


@pytest.mark.parametrize("form", [RepaymentForm, WriteDownForm])
def test_the_savings_decision_fields_take_the_ledger_entrys_bounds(form):
    for name in DECISION_TEXTS:
        assert form().fields[name].max_length == LedgerEntry._meta.get_field(name).max_length
    dnr = "SN 2026/44 " + "x" * 60  # a dnr the ledger keeps was refused at 50 characters
    bound = form({"amount": "1 000", "decision_body": "Socialnämnden", "decision_dnr": dnr})
    bound.is_valid()
    assert "decision_dnr" not in bound.errors


def _measurement(personas):
    indicator = Indicator.objects.create(
        project=personas.own_project, level="outcomes", name="Andel"
    )
    Measurement.objects.create(indicator=indicator, period="2026", value=1)
    return indicator


def test_a_correction_reason_beyond_its_bound_is_refused_not_cut(personas):
    indicator = _measurement(personas)
    owner = personas["owner"]
    with pytest.raises(Refused) as refused:
        correct_measurement(
            acting_user=owner,
            indicator=indicator,
            period="2026",
            value=2,
            reason="r" * (MAX_CHANGE_REASON + 1),
        )
    ((field, code),) = [(r.field, r.code) for r in refused.value.refusals]
    assert (field, code) == ("reason", "max_length")
    assert refused.value.refusals[0].message.startswith("Skäl till rättelsen får vara högst 100")
    assert Measurement.objects.get().value == 1
    with pytest.raises(Refused) as refused:
        correct_measurement(
            acting_user=owner, indicator=indicator, period="2026", value=2, reason="19121212-1212"
        )
    assert [r.message for r in refused.value.refusals] == [str(PERSONAL_NUMBER_MESSAGE)]
    reason = "r" * MAX_CHANGE_REASON
    correct_measurement(
        acting_user=owner, indicator=indicator, period="2026", value=2, reason=reason
    )
    kept = Measurement.objects.get().history.first()
    assert kept.history_change_reason == reason
    field = Measurement.history.model._meta.get_field("history_change_reason")
    assert field.max_length == MAX_CHANGE_REASON
    form = MeasurementForm(project=personas.own_project)
    assert form.fields["reason"].max_length == MAX_CHANGE_REASON


def test_the_measurement_form_refuses_a_personnummer_in_its_fields_own_words(personas):
    indicator = _measurement(personas)
    form = MeasurementForm(
        {
            "entry-indicator": indicator.pk,
            "entry-period": "2026",
            "entry-value": "2",
            "entry-comment": "gäller 19121212-1212",
            "entry-correct": "on",
            "entry-reason": "  Rättat värde  ",
        },
        project=personas.own_project,
    )
    assert not form.is_valid()
    assert _errors(form, "comment") == [("personal_number", str(PERSONAL_NUMBER_MESSAGE))]
    assert form.cleaned_data["reason"] == "Rättat värde"


def test_the_evaluation_refuses_a_title_too_long_in_the_models_words(personas):
    with pytest.raises(Refused) as refused:
        evaluation.add_entry(
            acting_user=personas["evaluator"],
            project=personas.own_project,
            kind="observation",
            title="t" * (MAX_SHORT_TEXT + 1),
            text="Iakttagelse.",
            date=datetime.date(2026, 1, 15),
        )
    assert [(r.field, r.code) for r in refused.value.refusals] == [("title", "max_length")]
    assert refused.value.refusals[0].message.startswith("Titel får vara högst 300 tecken")
