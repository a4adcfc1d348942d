"""The audit trail page and the selector behind it: who may read it, what it shows."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from simple_history.models import registered_models

from socinv.audit import attribute
from socinv.audit.selectors import audit_events
from socinv.audit.sources import sources

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


URLS = ["audit:trail", "audit:csv"]
ALLOWED = ["administrator", "owner", "auditor"]
REFUSED = ["economist", "project_leader", "evaluator", "external", "outsider"]


def _change_discount_rate(personas, rate=0.03, user=None):
    fund = attribute(personas.fund, user or personas["owner"])
    fund.discount_rate = rate
    fund.save()
    return fund


@pytest.mark.parametrize("url", URLS)
@pytest.mark.parametrize("role", ALLOWED)
def test_it_shows_the_trail_to_administrator_owner_and_auditor(personas, as_user, role, url):
    response = as_user(personas[role]).get(reverse(url))
    assert response.status_code == 200


@pytest.mark.parametrize("url", URLS)
@pytest.mark.parametrize("role", REFUSED)
def test_it_refuses_every_other_role(personas, as_user, role, url):
    response = as_user(personas[role]).get(reverse(url))
    assert response.status_code == 403


@pytest.mark.parametrize("url", URLS)
def test_it_sends_anonymous_visitors_to_the_login_page(personas, client, url):
    response = client.get(reverse(url))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert "next=" in response["Location"]


@pytest.mark.parametrize("url", URLS)
def test_other_organisations_owner_sees_nothing_of_exempelkommun(personas, as_user, url):
    _change_discount_rate(personas)
    client = as_user(personas["other_owner"])
    response = client.get(reverse(url))
    assert response.status_code == 200
    body = response.content.decode()
    for secret in ["Exempelkommun", "Sociala investeringsfonden", "Socialnämnden", "Skolstöd"]:
        assert secret not in body
    asking = client.get(reverse(url), {"organisation": personas.organisation.pk})
    assert asking.status_code == 403


def test_it_lists_the_organisations_own_records_only(personas):
    _change_discount_rate(personas)
    mine = audit_events(personas.organisation)
    theirs = audit_events(personas.other_organisation)
    assert {(e.model, e.record_id) for e in mine}.isdisjoint(
        {(e.model, e.record_id) for e in theirs}
    )
    records = {e.record for e in mine}
    assert "Sociala investeringsfonden" in records
    assert "Grannfonden" not in records
    assert "Grannkommun" not in records
    assert "Grannfonden" in {e.record for e in theirs}
    # users: those with a role here, not the other organisation's owner
    users = {e.record for e in mine if e.model == "auth.user"}
    assert {"owner", "auditor", "external"} <= users
    assert "other_owner" not in users
    assert {e.record for e in theirs if e.model == "auth.user"} == {"other_owner"}


def test_it_follows_every_link_to_the_organisation(personas):
    from socinv.organisation.models import Department

    Department.objects.create(board=personas.social_board, name="Socialförvaltningen")
    types = {e.model for e in audit_events(personas.organisation)}
    assert {
        "organisation.organisation",
        "organisation.board",
        "organisation.department",
        "organisation.stakeholder",
        "fund.fund",
        "projects.project",
        "projects.projectmember",
        "accounts.membership",
        "auth.user",
    } <= types


def test_every_history_table_is_in_the_trail():
    tracked = {m._meta.label_lower for m in registered_models.values()}
    assert tracked <= {s.key for s in sources()}


def test_it_shows_before_and_after_for_a_changed_fund_field(personas, as_user):
    _change_discount_rate(personas, 0.03)
    event = audit_events(personas.organisation, action="changed")[0]
    assert event.record == "Sociala investeringsfonden"
    assert event.record_type == "fond"
    assert event.user == personas["owner"]
    assert [(c.name, c.field, c.before, c.after) for c in event.changes] == [
        ("discount_rate", "diskonteringsränta (standard)", "0,035", "0,03")
    ]
    body = as_user(personas["auditor"]).get(reverse("audit:trail")).content.decode()
    assert "Diskonteringsränta (standard)" in body
    assert "<del>0,035</del> → <ins>0,03</ins>" in body


def test_it_names_related_records_and_choices_instead_of_raw_values(personas):
    project = attribute(personas.other_project, personas["owner"])
    project.phase = "closing"
    project.save()
    event = audit_events(personas.organisation, model="projects.project", action="changed")[0]
    phases = project.Phase
    assert [(c.name, c.before, c.after) for c in event.changes] == [
        ("phase", str(phases.APPLICATION.label), str(phases.CLOSING.label))
    ]
    created = audit_events(personas.organisation, model="fund.riskbound")
    assert created == []
    from socinv.fund.models import RiskBound

    RiskBound.objects.create(fund=personas.fund, risk_class="low", max_share=0.5)
    (event,) = audit_events(personas.organisation, model="fund.riskbound")
    assert event.action == "created"
    assert event.user is None and event.who == "system"
    fields = {c.name: c.after for c in event.changes}
    assert fields["fund"] == "Sociala investeringsfonden"
    assert all(c.before == "" for c in event.changes)


def test_it_shows_times_in_changes_in_local_time_as_the_pages_do(personas, as_user):
    # "2026-12-04 19:20" (the iso filter), not "2026-12-04 19:20:05+01:00"
    from socinv.applications.models import Application

    application = attribute(
        Application(project=personas.own_project, created_by=personas["project_leader"]),
        personas["project_leader"],
    )
    application.save()
    application = attribute(application, personas["project_leader"])
    application.idea_submitted_at = datetime.datetime(2026, 12, 4, 18, 20, 5, tzinfo=datetime.UTC)
    application.save()
    event = audit_events(personas.organisation, model="applications.application", action="changed")[
        0
    ]
    changes = {c.name: (c.before, c.after) for c in event.changes}
    assert changes["idea_submitted_at"] == ("", "2026-12-04 19:20")
    body = as_user(personas["auditor"]).get(reverse("audit:trail")).content.decode()
    assert "<ins>2026-12-04 19:20</ins>" in body and "19:20:05" not in body


def test_it_shows_deletions_with_the_last_values(personas):
    from socinv.fund.models import RiskBound

    bound = RiskBound.objects.create(fund=personas.fund, risk_class="high", max_share=0.2)
    attribute(bound, personas["administrator"]).delete()
    deleted, created = audit_events(personas.organisation, model="fund.riskbound")
    assert (deleted.action, created.action) == ("deleted", "created")
    assert deleted.user == personas["administrator"]
    assert deleted.record.startswith("Sociala investeringsfonden: high")
    assert {c.name: c.before for c in deleted.changes}["risk_class"] == "Hög risk"
    assert all(c.after == "" for c in deleted.changes)


def test_it_includes_ledger_entries_as_created_by_their_recorder(personas):
    from tests.ledger_helpers import record_attested

    entry = record_attested(
        acting_user=personas["economist"],
        fund=personas.fund,
        type="contribution",
        date=datetime.date(2026, 1, 15),
        amount_ore=1_000_000_00,
    )
    (event,) = audit_events(personas.organisation, model="fund.ledgerentry")
    assert (event.action, event.user, event.record_id) == (
        "created",
        personas["economist"],
        entry.pk,
    )
    assert event.when == entry.recorded_at
    fields = {c.name: c.after for c in event.changes}
    assert fields["amount_ore"] == "1\u00a0000\u00a0000\u00a0kr"  # in kronor (issue 13)
    assert fields["fund"] == "Sociala investeringsfonden"
    assert "hash" not in fields
    assert audit_events(personas.other_organisation, model="fund.ledgerentry") == []
    assert audit_events(personas.organisation, model="fund.ledgerentry", action="changed") == []


def test_it_is_newest_first(personas):
    _change_discount_rate(personas, 0.02)
    events = audit_events(personas.organisation)
    assert [e.when for e in events] == sorted((e.when for e in events), reverse=True)
    assert events[0].model == "fund.fund"


# Filters -------------------------------------------------------------------------------


def test_it_filters_by_record_type_user_and_action(personas):
    _change_discount_rate(personas, 0.03, user=personas["owner"])
    _change_discount_rate(personas, 0.04, user=personas["administrator"])
    org = personas.organisation
    assert {e.model for e in audit_events(org, model="fund.fund")} == {"fund.fund"}
    by_owner = audit_events(org, user=personas["owner"])
    assert [(e.model, e.action) for e in by_owner] == [("fund.fund", "changed")]
    # the filter does not lose the previous row: 0.03 → 0.04 although the 0.03 was the owner's
    by_admin = audit_events(org, user=personas["administrator"])
    assert [(c.before, c.after) for c in by_admin[0].changes] == [("0,03", "0,04")]
    changed = audit_events(org, action="changed")
    assert {e.action for e in changed} == {"changed"}
    assert len([e for e in changed if e.model == "fund.fund"]) == 2
    assert all(e.action == "created" for e in audit_events(org, action="created"))
    with pytest.raises(ValueError):
        audit_events(org, action="exploded")


def test_it_filters_by_local_date_inclusive(personas):
    stockholm = timezone.get_current_timezone()
    fund = personas.fund
    # history as if the fund had been created in 2025
    fund.history.filter(history_type="+").update(
        history_date=datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC)
    )
    for rate, moment in [
        (0.01, datetime.datetime(2025, 3, 9, 23, 30, tzinfo=stockholm)),  # 22:30 UTC
        (0.02, datetime.datetime(2025, 3, 10, 0, 30, tzinfo=stockholm)),  # 23:30 UTC the 9th
        (0.03, datetime.datetime(2025, 3, 11, 12, 0, tzinfo=stockholm)),
    ]:
        fund._history_date = moment
        fund.discount_rate = rate
        attribute(fund, personas["owner"]).save()
    del fund._history_date
    org = personas.organisation
    day = audit_events(
        org, date_from=datetime.date(2025, 3, 10), date_to=datetime.date(2025, 3, 10)
    )
    assert [[(c.before, c.after) for c in e.changes] for e in day] == [[("0,01", "0,02")]]
    since = audit_events(org, model="fund.fund", date_from=datetime.date(2025, 3, 10))
    assert [e.changes[0].after for e in since if e.action == "changed"][:2] == ["0,03", "0,02"]
    until = audit_events(org, model="fund.fund", date_to=datetime.date(2025, 3, 9))
    assert [e.action for e in until] == ["changed", "created"]
    assert [(c.before, c.after) for c in until[0].changes] == [("0,035", "0,01")]


def test_the_page_applies_the_filters(personas, as_user):
    _change_discount_rate(personas, 0.03, user=personas["owner"])
    client = as_user(personas["auditor"])
    url = reverse("audit:trail")
    response = client.get(url, {"model": "fund.fund", "action": "changed"})
    events = list(response.context["events"])
    assert [(e.model, e.action) for e in events] == [("fund.fund", "changed")]
    response = client.get(url, {"user": personas["administrator"].pk})
    assert list(response.context["events"]) == []
    response = client.get(url, {"user": personas["owner"].pk})
    assert [e.user for e in response.context["events"]] == [personas["owner"]]
    today = timezone.localdate()
    response = client.get(url, {"date_from": today.isoformat(), "date_to": today.isoformat()})
    assert len(response.context["events"]) > 1
    response = client.get(url, {"date_to": (today - datetime.timedelta(days=1)).isoformat()})
    assert list(response.context["events"]) == []
    # a user of another organisation is not a choice; the filter is ignored with an error
    response = client.get(url, {"user": personas["other_owner"].pk})
    assert "user" in response.context["form"].errors


def test_the_page_paginates(personas, as_user):
    for i in range(60):
        _change_discount_rate(personas, 0.01 + i / 1000)
    client = as_user(personas["owner"])
    first = client.get(reverse("audit:trail"), {"model": "fund.fund"})
    assert len(first.context["events"]) == 50
    second = client.get(reverse("audit:trail"), {"model": "fund.fund", "page": 2})
    assert len(second.context["events"]) == 11  # 60 changes and the creation
    assert second.context["page"].paginator.count == 61


def test_it_is_in_swedish_by_default(personas, as_user):
    _change_discount_rate(personas)
    response = as_user(personas["auditor"]).get(reverse("audit:trail"))
    body = response.content.decode()
    assert 'lang="sv"' in body or response.headers.get("Content-Language") == "sv"
    assert "Diskonteringsränta (standard)" in body


def test_the_number_of_queries_does_not_grow_with_the_history(
    personas, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count():
        with CaptureQueriesContext(connection) as ctx:
            audit_events(personas.organisation)
        return len(ctx.captured_queries)

    _change_discount_rate(personas, 0.02)
    before = count()
    from socinv.fund.models import RiskBound
    from socinv.projects.models import ProjectMember

    for i in range(10):
        _change_discount_rate(personas, 0.03 + i / 100)
        project = attribute(personas.other_project, personas["owner"])
        project.title = f"Tidiga insatser {i}"
        project.save()
    RiskBound.objects.create(fund=personas.fund, risk_class="low")
    ProjectMember.objects.create(
        project=personas.other_project, user=personas["evaluator"], role="evaluator"
    )
    assert count() <= before + 2  # + the risk bound's fund lookup, at most


def test_saves_that_change_nothing_tracked_are_left_out(personas, client):
    from django.contrib.auth import get_user_model

    def user_events():
        return audit_events(personas.organisation, model=get_user_model(), action="changed")

    seen = len(user_events())
    client.force_login(personas["economist"])  # saves last_login, which is not tracked
    personas.fund.save()  # saved as it was
    assert len(user_events()) == seen
    assert audit_events(personas.organisation, model="fund.fund", action="changed") == []


def test_api_tokens_go_with_their_users_organisations_and_never_show_the_hash(personas):
    from socinv.api.services import create_token

    token, _plain = create_token(
        acting_user=personas["economist"], user=personas["economist"], name="Ekonomisystemet"
    )
    (event,) = audit_events(personas.organisation, model="api.apitoken")
    assert (event.action, event.user, event.record_id) == (
        "created",
        personas["economist"],
        token.pk,
    )
    assert "token_hash" not in {c.name for c in event.changes}
    assert token.token_hash not in str(event)
    assert audit_events(personas.other_organisation, model="api.apitoken") == []


def test_a_user_with_roles_in_several_organisations_picks_one(personas, as_user):
    from socinv.accounts.models import Membership

    auditor = personas["auditor"]
    Membership.objects.create(
        user=auditor, organisation=personas.other_organisation, role="auditor"
    )
    client = as_user(auditor)
    first = client.get(reverse("audit:trail"))
    assert first.context["organisation"] == personas.organisation  # the first by name
    assert 'name="organisation"' in first.content.decode()
    other = client.get(reverse("audit:trail"), {"organisation": personas.other_organisation.pk})
    assert other.context["organisation"] == personas.other_organisation
    records = {e.record for e in other.context["events"]}
    assert "Grannfonden" in records and "Sociala investeringsfonden" not in records
    csv_text = client.get(
        reverse("audit:csv"), {"organisation": personas.other_organisation.pk}
    ).content.decode()
    assert "Grannfonden" in csv_text and "Sociala investeringsfonden" not in csv_text
    # a role without the audit permission does not open an organisation's trail
    Membership.objects.filter(user=auditor, organisation=personas.other_organisation).update(
        role="economist"
    )
    refused = as_user(auditor).get(
        reverse("audit:trail"), {"organisation": personas.other_organisation.pk}
    )
    assert refused.status_code == 403


def test_a_reversed_date_range_is_reported_and_not_applied(personas, as_user):
    today = timezone.localdate()
    earlier = today - datetime.timedelta(days=30)
    response = as_user(personas["owner"]).get(
        reverse("audit:trail"), {"date_from": today.isoformat(), "date_to": earlier.isoformat()}
    )
    assert response.status_code == 200
    assert "date_to" in response.context["form"].errors
    assert len(response.context["events"]) > 0  # the start date alone: all of today's


def test_the_trail_is_a_table_with_a_caption_and_headers_for_columns_and_rows(personas, as_user):
    _change_discount_rate(personas, 0.03)
    response = as_user(personas["auditor"]).get(reverse("audit:trail"))
    body = response.content.decode()
    table = body[body.index('<table class="audit-trail"') : body.index("</table>")]
    assert "<caption>Nyast först</caption>" in table
    headings = ["När", "Vem", "Händelse", "Post", "Ändringar"]
    for heading in headings:
        assert f">{heading}</th>" in table
    assert table.count('<th scope="col"') == len(headings)
    # each event's row is named by its time (a row header), one per event shown
    assert table.count('<th scope="row"') == len(response.context["events"]) > 0
    # the page's own stylesheet lets long words wrap so that every column fits
    assert "audit/trail.css" in body


def test_the_caption_says_which_page_of_how_many(personas, as_user):
    for i in range(60):
        _change_discount_rate(personas, 0.01 + i / 1000)
    client = as_user(personas["auditor"])
    second = client.get(reverse("audit:trail"), {"page": 2}).content.decode()
    pages = client.get(reverse("audit:trail")).context["page"].paginator.num_pages
    assert pages > 1
    assert f"<caption>Nyast först, sida 2 av {pages}</caption>" in second
