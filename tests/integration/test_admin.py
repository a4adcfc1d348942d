"""The Django admin is the configuration door: administrators change, auditors look,
everybody else stays out; the ledger can be changed by nobody there."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def _get(client, user, url):
    client.force_login(user)
    return client.get(url)


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("administrator", 200),
        ("auditor", 200),
        ("owner", 302),  # not staff: sent to the admin login
        ("economist", 302),
        ("outsider", 302),
    ],
)
def test_who_may_open_a_fund_in_the_admin(client, personas, role, status):
    response = _get(client, personas[role], f"/admin/fund/fund/{personas.fund.pk}/change/")
    assert response.status_code == status


def test_an_administrator_changes_a_fund_and_the_change_is_in_its_history(client, personas):
    fund = personas.fund
    client.force_login(personas["administrator"])
    page = client.get(f"/admin/fund/fund/{fund.pk}/change/")
    form = page.context["adminform"].form
    data = {k: ("" if v is None else v) for k, v in form.initial.items()}
    data.update(
        {
            "organisation": fund.organisation_id,
            "name": "Fonden för sociala investeringar",
            "decision_date": "2025-11-20",
            "period_start": "",
            "period_end": "",
            "risk_bounds-TOTAL_FORMS": "1",
            "risk_bounds-INITIAL_FORMS": "0",
            "risk_bounds-0-risk_class": "high",
            "risk_bounds-0-min_share": "0.5",
            "risk_bounds-0-max_share": "0.7",
            "write_down_rules-TOTAL_FORMS": "0",
            "write_down_rules-INITIAL_FORMS": "0",
            "attestation_settings-TOTAL_FORMS": "0",
            "attestation_settings-INITIAL_FORMS": "0",
        }
    )
    data = {k: v for k, v in data.items() if not isinstance(v, bool) or v}
    response = client.post(f"/admin/fund/fund/{fund.pk}/change/", data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    fund.refresh_from_db()
    assert fund.name == "Fonden för sociala investeringar"
    assert fund.risk_bounds.get().max_share == 0.7
    latest = fund.history.latest()
    assert latest.history_user == personas["administrator"]
    assert latest.prev_record.name == "Sociala investeringsfonden"


def test_an_auditor_can_look_but_not_change(client, personas):
    client.force_login(personas["auditor"])
    url = f"/admin/fund/fund/{personas.fund.pk}/change/"
    response = client.post(url, {"name": "Ändrad"})
    assert response.status_code == 403
    personas.fund.refresh_from_db()
    assert personas.fund.name == "Sociala investeringsfonden"


def test_nobody_adds_or_changes_ledger_entries_in_the_admin(client, personas):
    client.force_login(personas["administrator"])
    assert client.get("/admin/fund/ledgerentry/add/").status_code == 403
    client.force_login(personas["auditor"])
    assert client.get("/admin/fund/ledgerentry/").status_code == 200
    assert client.get("/admin/fund/ledgerentry/add/").status_code == 403


def test_superuser_status_is_not_offered_in_the_user_form(client, personas):
    client.force_login(personas["administrator"])
    page = client.get(f"/admin/auth/user/{personas['owner'].pk}/change/")
    assert page.status_code == 200
    assert "is_superuser" not in page.context["adminform"].form.fields


# Finding 11 of issue 11: the admin's index told the administrator "Du har inte tillåtelse
# att se eller ändra någonting"; the models were reachable only by typing their URLs.
ADMINISTRATOR_MODELS = {
    "organisation": {"organisation", "board", "department", "stakeholder"},
    "fund": {"fund"},  # risk bounds and write-down rules: inline on the fund
    "projects": {"project"},  # members: inline on the project
    "accounts": {"membership", "grouprole"},  # grouprole: the single sign-on groups
    "applications": {"applicationsettings"},
    "review": {"checklistquestion"},
    "phases": {"gatequestion"},
    "auth": {"user"},
    "axes": {"accessattempt"},  # the login lockouts, to unlock
}


def _index(client, user):
    client.force_login(user)
    response = client.get("/admin/")
    if response.status_code != 200:
        return response.status_code, {}
    apps = {
        app["app_label"]: {m["object_name"].lower() for m in app["models"]}
        for app in response.context["app_list"]
    }
    return 200, apps


def test_the_admin_index_lists_exactly_the_models_the_administrator_may_change(client, personas):
    status, apps = _index(client, personas["administrator"])
    assert status == 200
    assert apps == ADMINISTRATOR_MODELS
    page = client.get("/admin/").content.decode()
    assert "inte tillåtelse" not in page
    # ... and each of them opens
    for app, models in apps.items():
        for model in models:
            assert client.get(f"/admin/{app}/{model}/").status_code == 200, (app, model)


def test_the_auditor_sees_the_configuration_and_the_ledger_read_only(client, personas):
    status, apps = _index(client, personas["auditor"])
    assert status == 200
    expected = {a: m for a, m in ADMINISTRATOR_MODELS.items() if a != "axes"}
    expected["fund"] = expected["fund"] | {"ledgerentry"}
    assert apps == expected
    response = client.get("/admin/")
    assert all(
        not m["perms"]["add"] and not m["perms"]["change"]
        for app in response.context["app_list"]
        for m in app["models"]
    )


@pytest.mark.parametrize(
    "role", ["owner", "economist", "project_leader", "evaluator", "external", "outsider"]
)
def test_the_other_roles_get_no_admin_index(client, personas, role):
    user = personas[role]
    status, apps = _index(client, user)
    assert (status, apps) == (302, {})
    user.is_staff = True  # even if somebody ticks "staff status" for them
    user.save(update_fields=["is_staff"])
    status, apps = _index(client, user)
    assert apps == {}
