"""Who made a change: through the admin (the request's user), in a service (attribute),
and that the history row is part of the change's transaction."""

from __future__ import annotations

import pytest
from django.db import transaction
from django.urls import reverse

from socinv.audit import attribute, attributed_to
from socinv.audit.selectors import audit_events

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    """The personas' nine passwords, hashed fast (PBKDF2 costs seconds per test)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def as_user(client):
    """``as_user(user)``: the test client, logged in as ``user``."""

    def _login(user):
        client.force_login(user)
        return client

    return _login


def _post_data(response) -> dict:
    """The admin change form's current values (every inline formset too), as POST data."""
    data = {}

    def add(form):
        for bound in form:
            value = bound.value()
            if value is None or value is False:
                continue
            if value is True:
                value = "on"
            if isinstance(value, list | tuple):
                data[bound.html_name] = [str(v) for v in value]
            else:
                data[bound.html_name] = (
                    value.isoformat() if hasattr(value, "isoformat") else str(value)
                )

    add(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        add(formset.management_form)
        for form in formset.forms:
            add(form)
    return data


def test_a_change_through_the_admin_is_attributed_to_the_administrator(personas, as_user):
    client = as_user(personas["administrator"])
    url = reverse("admin:fund_fund_change", args=[personas.fund.pk])
    form = client.get(url)
    assert form.status_code == 200
    data = _post_data(form)
    data["discount_rate"] = "0.025"  # <input type="number">: a decimal point
    data["decision_dnr"] = "KS 2025/200"
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    personas.fund.refresh_from_db()
    assert personas.fund.discount_rate == 0.025

    (event,) = audit_events(personas.organisation, model="fund.fund", action="changed")
    assert event.user == personas["administrator"]
    assert event.who == "administrator"
    assert {(c.name, c.before, c.after) for c in event.changes} == {
        ("discount_rate", "0,035", "0,025"),
        ("decision_dnr", "KS 2025/117", "KS 2025/200"),
    }
    page = as_user(personas["auditor"]).get(reverse("audit:trail")).content.decode()
    assert "<del>KS 2025/117</del> → <ins>KS 2025/200</ins>" in page


def test_a_service_attributes_its_changes_with_attribute(personas):
    fund = personas.fund
    fund.name = "Utan attribuering"
    fund.save()
    assert attribute(fund, personas["owner"]) is fund
    fund.name = "Med attribuering"
    fund.save()
    attributed, anonymous = audit_events(personas.organisation, model="fund.fund", action="changed")
    assert (attributed.user, attributed.changes[0].after) == (personas["owner"], "Med attribuering")
    assert (anonymous.user, anonymous.who) == (None, "system")


def test_attributed_to_covers_every_save_in_the_block(personas):
    from socinv.organisation.services import create_board

    with attributed_to(personas["administrator"]):
        create_board(
            acting_user=personas["administrator"],
            organisation=personas.organisation,
            name="Kulturnämnden",
            code="kultur",
        )
    fund = personas.fund
    fund.name = "Efteråt"
    fund.save()
    created = audit_events(personas.organisation, action="created", user=personas["administrator"])
    assert {(e.model, e.record) for e in created} == {
        ("organisation.board", "Kulturnämnden"),
        ("organisation.stakeholder", "Kulturnämnden (kommun/kultur)"),
    }
    (after,) = audit_events(personas.organisation, model="fund.fund", action="changed")
    assert after.user is None


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_change_leaves_no_history(personas):
    fund = personas.fund
    rows = fund.history.count()
    with pytest.raises(RuntimeError), transaction.atomic():
        attribute(fund, personas["owner"]).name = "Aldrig sparad"
        fund.save()
        assert fund.history.count() == rows + 1  # written inside the transaction
        raise RuntimeError("something failed after the save")
    assert fund.history.count() == rows
    fund.refresh_from_db()
    assert fund.name == "Sociala investeringsfonden"
    assert not [e for e in audit_events(personas.organisation) if e.record == "Aldrig sparad"]
