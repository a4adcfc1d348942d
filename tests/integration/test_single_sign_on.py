"""Single sign-on's rules without the browser: the groups give exactly their roles, a
user with no mapped group gets nothing, the identity (never the e-mail address) finds the
user; local password login switched off except for the break-glass administrator.

The whole flow against a real OpenID provider is tests/e2e/test_sso_e2e.py."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.test import override_settings
from tests.conftest import PASSWORD

from socinv.accounts.models import GroupRole, Membership, SsoIdentity
from socinv.accounts.services import SsoClaims, sign_in_with_sso

pytestmark = pytest.mark.django_db

ISSUER = "https://login.example.test/tenant/v2.0"


def _claims(subject="abc-123", groups=("socinv-ekonomer",), username="anna.andersson", **more):
    return SsoClaims(
        issuer=ISSUER,
        subject=subject,
        username=username,
        email=more.pop("email", "anna@exempelkommun.se"),
        first_name="Anna",
        last_name="Andersson",
        groups=tuple(groups),
        **more,
    )


def test_the_groups_give_exactly_their_roles_and_follow_the_provider(personas):
    org = personas.organisation
    GroupRole.objects.create(organisation=org, group="socinv-ekonomer", role="economist")
    GroupRole.objects.create(organisation=org, group="socinv-revisorer", role="auditor")
    GroupRole.objects.create(
        organisation=personas.other_organisation, group="socinv-ekonomer", role="owner"
    )
    user = sign_in_with_sso(claims=_claims())
    assert user.username == "anna.andersson" and not user.has_usable_password()
    assert set(Membership.objects.filter(user=user).values_list("organisation", "role")) == {
        (org.pk, "economist"),
        (personas.other_organisation.pk, "owner"),
    }
    assert not user.is_staff
    assert user.has_perm("fund.record_entry", personas.fund)
    # next login: left the economists, joined the auditors (a staff role)
    again = sign_in_with_sso(claims=_claims(groups=["socinv-revisorer"]))
    assert again.pk == user.pk
    assert list(Membership.objects.filter(user=user).values_list("role", flat=True)) == ["auditor"]
    again.refresh_from_db()
    assert again.is_staff
    assert not again.has_perm("fund.record_entry", personas.fund)
    # the history says the user's own sign-in made the change
    removed = Membership.history.filter(user_id=user.pk, history_type="-", role="economist").get()
    assert removed.role == "economist" and removed.history_user_id == user.pk


def test_groups_that_map_to_nothing_store_nothing(personas):
    GroupRole.objects.create(
        organisation=personas.organisation, group="socinv-ekonomer", role="economist"
    )
    users = get_user_model().objects.count()
    assert sign_in_with_sso(claims=_claims(groups=["alla-anstallda"])) is None
    assert sign_in_with_sso(claims=_claims(groups=[])) is None
    assert get_user_model().objects.count() == users
    assert not SsoIdentity.objects.exists()


def test_the_identity_finds_the_user_not_the_username_or_email(personas):
    GroupRole.objects.create(organisation=personas.organisation, group="g", role="evaluator")
    # a local user already has the name and the address: the SSO user is another user
    local = personas["economist"]
    local.email = "anna@exempelkommun.se"
    local.save()
    user = sign_in_with_sso(claims=_claims(groups=["g"], username="economist"))
    assert user.pk != local.pk
    assert user.username.startswith("economist-") and len(user.username) <= 150
    # another subject with the same e-mail address is yet another user
    other = sign_in_with_sso(claims=_claims(subject="zzz", groups=["g"], username="x y/z"))
    assert other.pk not in (user.pk, local.pk)
    assert other.username == "x_y_z"


def _login(client, username):
    return client.post("/login/", {"username": username, "password": PASSWORD})


@override_settings(SOCINV_LOCAL_LOGIN=False, SOCINV_BREAK_GLASS_USER="administrator")
def test_with_local_login_off_only_the_break_glass_administrator_logs_in(client, personas):
    refused = _login(client, "economist")
    assert refused.status_code == 200
    assert "_auth_user_id" not in client.session
    assert "Användarnamnet och lösenordet stämde inte" in refused.content.decode()
    answer = _login(client, "administrator")
    assert answer.status_code == 302
    assert client.session["_auth_user_id"] == str(personas["administrator"].pk)


@override_settings(SOCINV_LOCAL_LOGIN=True, SOCINV_BREAK_GLASS_USER="")
def test_with_local_login_on_everyone_logs_in_with_a_password(client, personas):
    assert _login(client, "economist").status_code == 302


def test_the_admin_sets_the_mapping_for_its_own_organisation_only(client, personas):
    client.force_login(personas["administrator"])
    page = client.get("/admin/accounts/grouprole/add/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Exempelkommun" in html and "Grannkommun" not in html
    answer = client.post(
        "/admin/accounts/grouprole/add/",
        {"organisation": personas.organisation.pk, "group": "socinv-ekonomer", "role": "economist"},
    )
    assert answer.status_code == 302, answer.content.decode()[:3000]
    assert GroupRole.objects.get().role == "economist"
    refused = client.post(
        "/admin/accounts/grouprole/add/",
        {"organisation": personas.other_organisation.pk, "group": "x", "role": "owner"},
    )
    assert refused.status_code == 200 and GroupRole.objects.count() == 1
    client.force_login(personas["economist"])
    assert client.get("/admin/accounts/grouprole/add/").status_code in (302, 403)


def test_a_refused_single_sign_on_is_no_password_guess_for_the_login_throttle():
    from socinv.accounts.lockout import is_single_sign_on

    # the callback's credentials (mozilla-django-oidc): never counted, never locked
    assert is_single_sign_on(None, {"nonce": "n", "code_verifier": "v"})
    # the password form's and the API token's: counted as before
    assert not is_single_sign_on(None, {"username": "ekonom", "password": "x"})
    assert not is_single_sign_on(None, {"username": "<api-token>"})
    assert not is_single_sign_on(None, None)
